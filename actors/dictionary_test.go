package actors

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/nlp"
)

const testDict = `# a small dictionary written for these tests
country USA: United States | United States of America | U.S. | US | America
  adjective: American | U.S. | US
  capital: Washington
  body: White House = USAGOV | Pentagon = USAMIL
country IRN: Iran
  adjective: Iranian
  capital: Tehran
country ISR: Israel
  adjective: Israeli
sector GOV: president | prime minister | official | officials | foreign minister
sector MIL: army | troops
org IGOUNO: United Nations | UN
person: Donald Trump | Trump
  gender: m
  role: USAGOV 2017-01-20 2021-01-20 president
  role: USAGOV 2025-01-20 - president
person: Benjamin Netanyahu | Netanyahu
  gender: m
  role: ISRGOV 2009-03-31 2021-06-13 prime minister
  role: ISRGOV 2022-12-29 - prime minister
person: Jens Stoltenberg | Stoltenberg
  role: IGONAT 2014-10-01 2024-10-01 secretary-general
`

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPeopleResolveByTheDocumentDate(t *testing.T) {
	d := New()
	if errs := d.Load("test.txt", strings.NewReader(testDict)); len(errs) > 0 {
		t.Fatal(errs)
	}
	tests := []struct {
		name, text, date, want string
	}{
		{"a president in office is the government", "Trump spoke.", "2025-06-15", "USAGOV"},
		{"a president between terms is an elite", "Trump spoke.", "2022-06-15", "USAELI"},
		{"a prime minister in opposition is an elite", "Netanyahu spoke.", "2022-01-10", "ISRELI"},
		{"a former head of an organisation has no country", "Stoltenberg spoke.", "2025-01-10", "---ELI"},
		{"an adjective and a role word make a sector", "Iranian officials spoke.", "2025-01-10", "IRNGOV"},
		{"a capital stands for its government", "Tehran said so.", "2025-01-10", "IRNGOV"},
		{"a named institution keeps its code", "The Pentagon said so.", "2025-01-10", "USAMIL"},
		{"title, country and name make one actor", "Israeli Prime Minister Benjamin Netanyahu spoke.", "2024-01-10", "ISRGOV"},
		{"an acronym matches in capitals", "US troops left.", "2024-01-10", "USAMIL"},
	}
	f := NewFinder(d)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &dyad.Document{Text: tt.text, Date: day(tt.date)}
			nlp.Segment(doc)
			f.Annotate(doc)
			ms := doc.Sentences[0].Mentions
			if len(ms) != 1 || ms[0].Code != tt.want {
				t.Fatalf("mentions = %+v, want one %s", ms, tt.want)
			}
		})
	}
}

func TestLowercaseWordsAreNotNamesAndUsIsNotUS(t *testing.T) {
	d := New()
	d.Load("test.txt", strings.NewReader(testDict+"country TUR: Turkey\n"))
	doc := &dyad.Document{Text: "They ate turkey with us.", Date: day("2024-01-01")}
	nlp.Segment(doc)
	NewFinder(d).Annotate(doc)
	if ms := doc.Sentences[0].Mentions; len(ms) != 0 {
		t.Fatalf("found %+v in ordinary words", ms)
	}
}

func TestPronounsAndTitlesResolveToTheLastCompatiblePerson(t *testing.T) {
	d := New()
	d.Load("test.txt", strings.NewReader(testDict))
	doc := &dyad.Document{Text: "Trump met officials on Monday. He later cautioned Israel. The president spoke again.", Date: day("2025-06-15")}
	nlp.Segment(doc)
	NewFinder(d).Annotate(doc)
	var got []string
	for _, s := range doc.Sentences {
		for _, m := range s.Mentions {
			got = append(got, m.Text+"="+m.Code)
		}
	}
	// "officials" takes the one country its sentence names (Trump's).
	want := "Trump=USAGOV officials=USAGOV He=USAGOV Israel=ISR president=USAGOV"
	if strings.Join(got, " ") != want {
		t.Fatalf("mentions %q, want %q", strings.Join(got, " "), want)
	}
}

func TestMalformedLinesNameFileAndLineAndLoadingGoesOn(t *testing.T) {
	bad := "country USA: United States\ncountry irn Iran\nperson: X Y\n  role: XYZGOV 2015-13-01 - president\ncountry ISR: Israel\n"
	d := New()
	errs := d.Load("bad.txt", strings.NewReader(bad))
	if len(errs) != 2 {
		t.Fatalf("errors = %v, want 2", errs)
	}
	if !strings.HasPrefix(errs[0].Error(), "bad.txt:2:") || !strings.Contains(errs[1].Error(), `bad.txt:4:`) || !strings.Contains(errs[1].Error(), `"2015-13-01"`) {
		t.Errorf("errors do not name file, line and value: %v", errs)
	}
	if n, _ := d.Size(); n != 3 {
		t.Errorf("loaded %d phrases, want 3 (United States, X Y, Israel)", n)
	}
}

func TestEmbeddedDictionariesLoadCleanly(t *testing.T) {
	d, warnings, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		t.Error(w)
	}
	phrases, people := d.Size()
	if phrases < 5000 || people < 1000 {
		t.Errorf("embedded dictionaries have %d phrases and %d people; want the full set", phrases, people)
	}
}

func TestAPronounPrefersTheSubjectOfTheNearestSentence(t *testing.T) {
	d := New()
	d.Load("test.txt", strings.NewReader(testDict))
	doc := &dyad.Document{Text: "Trump met Netanyahu at the White House. He warned Iran.", Date: day("2025-06-15")}
	nlp.Segment(doc)
	// A hand-made parse: the finder reads only the subject relation.
	for i := range doc.Sentences[0].Tokens {
		doc.Sentences[0].Tokens[i].Deprel = "obj"
	}
	doc.Sentences[0].Tokens[0].Deprel = "nsubj"
	NewFinder(d).Annotate(doc)
	for _, m := range doc.Sentences[1].Mentions {
		if m.Text == "He" {
			if m.Antecedent != "Trump" {
				t.Fatalf("he = %q, want Trump", m.Antecedent)
			}
			return
		}
	}
	t.Fatal("he was not resolved")
}

// TestEveryRoleCodeBeginsWithAKnownCountry catches role codes whose first
// three letters are no country, region or organisation prefix of the
// dictionary (a Kosovo written XKX where the dictionary says KSV).
func TestEveryRoleCodeBeginsWithAKnownCountry(t *testing.T) {
	d, _, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"IGO": true, "NGO": true, "IMG": true, "MNC": true}
	files, _ := fs.Glob(embedded, "data/*.txt")
	for _, f := range files {
		data, _ := embedded.ReadFile(f)
		for _, line := range strings.Split(string(data), "\n") {
			if fields := strings.Fields(line); len(fields) >= 2 && fields[0] == "country" {
				known[strings.TrimSuffix(fields[1], ":")[:3]] = true
			}
		}
	}
	for _, p := range d.persons {
		for _, r := range p.Roles {
			if !known[r.Code[:3]] {
				t.Errorf("%s: role %s %s: %q is no country of countries.txt", p.Name, r.Code, r.Title, r.Code[:3])
			}
		}
	}
}
