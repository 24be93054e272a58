package petrarch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/actors"
	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/nlp"
)

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// mentionCodes segments text and returns the code of each actor mention.
func mentionCodes(dict *actors.Dictionary, text string, date time.Time) []string {
	doc := &dyad.Document{Text: text, Date: date}
	nlp.Segment(doc)
	actors.NewFinder(dict).Annotate(doc)
	var out []string
	for _, s := range doc.Sentences {
		for _, m := range s.Mentions {
			out = append(out, FixPrefixCodes(m.Code))
		}
	}
	return out
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func loadTestActors(t *testing.T) (*actors.Dictionary, Stats, []error) {
	t.Helper()
	dict := actors.New()
	st, errs := ReadActors(context.Background(), "actors.txt", open(t, "actors.txt"), dict)
	return dict, st, errs
}

func TestActorPhrasesResolveToTheirCodesOnTheDocumentDate(t *testing.T) {
	dict, _, _ := loadTestActors(t)
	tests := []struct {
		name, text, date string
		want             string
	}{
		{"a name with its code", "Atlantis protested.", "2012-01-01", "ATL"},
		{"a synonym takes the group's code", "The Atlantean navy sailed.", "2012-01-01", "ATL"},
		{"a trailing underscore is dropped", "Lemuria protested.", "2012-01-01", "LEM"},
		{"underscores join words", "The Mu Council met.", "2012-01-01", "MUXGOV"},
		{"lower-case codes are read in capitals", "Pacifica protested.", "2012-01-01", "PAC"},
		{"a dated code inside its period", "Queen Aria spoke.", "2012-06-01", "ATLGOV"},
		{"the first day of a period is inside it", "Aria spoke.", "2010-01-01", "ATLGOV"},
		{"a code from a date on", "Aria spoke.", "2017-03-01", "ATLELI"},
		{"the undated code outside every period", "Aria spoke.", "2001-03-01", "ATL"},
		{"six-digit dates, before a date", "King Tor spoke.", "1980-01-01", "LEMGOV"},
		{"names without codes share the codes after them", "Old King Tor spoke.", "1990-01-01", "LEMELI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mentionCodes(dict, tt.text, day(tt.date))
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("%q on %s: got %v, want [%s]", tt.text, tt.date, got, tt.want)
			}
		})
	}
}

func TestMalformedActorLinesAreReportedWithFileAndLineAndSkipped(t *testing.T) {
	dict, st, errs := loadTestActors(t)
	var lines []string
	for _, e := range errs {
		var le *LineError
		if !errors.As(e, &le) || le.File != "actors.txt" || le.Line == 0 {
			t.Errorf("error %v does not name file and line", e)
		}
		lines = append(lines, e.Error())
	}
	joined := strings.Join(lines, "\n")
	for _, want := range []string{"actors.txt:22:", "actors.txt:23:", "actors.txt:24:", "actors.txt:26:", "actors.txt:27:"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no error at %s; errors:\n%s", want, joined)
		}
	}
	if st.Skipped != len(errs) {
		t.Errorf("Skipped = %d, want %d (one per error)", st.Skipped, len(errs))
	}
	// Loading went on past the errors: THULE, after them, is there.
	if got := mentionCodes(dict, "Thule protested.", day("2012-01-01")); len(got) != 1 || got[0] != "THU" {
		t.Errorf("Thule: got %v, want [THU]", got)
	}
	if got := mentionCodes(dict, "Orphaned Synonym protested.", day("2012-01-01")); len(got) != 0 {
		t.Errorf("a synonym of a broken entry was added: %v", got)
	}
}

func TestAgentsAttachTheirCodeToTheActor(t *testing.T) {
	dict, _, _ := loadTestActors(t)
	st, errs := ReadAgents(context.Background(), "agents.txt", open(t, "agents.txt"), dict)
	if st.Skipped != 2 || len(errs) != 2 {
		t.Errorf("skipped %d lines with errors %v; want BAD_AGENT and UNKNOWN!SUBST!", st.Skipped, errs)
	}
	tests := []struct{ text, want string }{
		{"The Atlantean foreign minister arrived.", "ATLGOVFRM"},
		{"Atlantean police arrived.", "ATLCOP"},
		{"Atlantean attorneys general arrived.", "ATLJUD"},
		{"Atlantean authorities arrived.", "ATLGOV"},
		{"An Atlantean congresswoman arrived.", "ATLLEG"},
		{"Atlantean congressmen arrived.", "ATLLEG"},
		{"An Atlantean relief agency arrived.", "NGOATL"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := mentionCodes(dict, tt.text, day("2012-01-01"))
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("got %v, want [%s]", got, tt.want)
			}
		})
	}
}

func TestAgentPluralsFollowEnglishRules(t *testing.T) {
	for in, want := range map[string]string{"CONGRESS": "CONGRESSES", "AUTHORITY": "AUTHORITIES", "DAY": "DAYS",
		"CHAIRMAN": "CHAIRMEN", "OFFICIAL": "OFFICIALS", "CHURCH": "CHURCHES"} {
		if got := plural(in); got != want {
			t.Errorf("plural(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestDiscardsSkipTheSentenceOrTheWholeStory(t *testing.T) {
	d := NewDiscards()
	st, errs := d.ReadDiscards(context.Background(), "discards.txt", open(t, "discards.txt"))
	if len(errs) != 0 || st.Entries != 4 {
		t.Fatalf("read %d entries, errors %v; want 4 and none", st.Entries, errs)
	}
	tests := []struct {
		name, text string
		story      bool
		skipped    []bool
	}{
		{"no discard", "Atlantis protested. Lemuria agreed.", false, []bool{false, false}},
		{"a sentence discard", "See the tide tables on page 4. Lemuria agreed.", false, []bool{true, false}},
		{"a story discard, in any case", "Atlantis protested. The regatta was won by Lemuria.", true, []bool{true, true}},
		{"a multi-word story discard", "Lemuria reached the Grand Slam final. Atlantis protested.", true, []bool{true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &dyad.Document{Text: tt.text}
			nlp.Segment(doc)
			if got := d.Apply(doc); got != tt.story {
				t.Errorf("story discarded = %v, want %v", got, tt.story)
			}
			for i, s := range doc.Sentences {
				if i < len(tt.skipped) && s.Skip != tt.skipped[i] {
					t.Errorf("sentence %d %q: Skip = %v, want %v", i, s.Text, s.Skip, tt.skipped[i])
				}
			}
		})
	}
}

func readTestVerbs(t *testing.T) (*Verbs, Stats, []error) {
	t.Helper()
	return ReadVerbs(context.Background(), "verbs.txt", open(t, "verbs.txt"))
}

func TestVerbDictionaryParsesBlocksPatternsAndSynsets(t *testing.T) {
	v, st, errs := readTestVerbs(t)
	for _, e := range errs {
		t.Log(e)
	}
	var where []string
	for _, e := range errs {
		where = append(where, strings.SplitN(e.Error(), ": ", 2)[0])
	}
	want := []string{"verbs.txt:34", "verbs.txt:35", "verbs.txt:36", "verbs.txt:37", "verbs.txt:38", "verbs.txt:42"}
	if strings.Join(where, " ") != strings.Join(want, " ") {
		t.Errorf("errors at %v, want %v", where, want)
	}
	if st.Skipped != len(want) {
		t.Errorf("Skipped = %d, want %d", st.Skipped, len(want))
	}
	if len(v.Blocks) != 3 || len(v.Transformations) != 1 {
		t.Fatalf("%d blocks, %d transformations; want 3 and 1", len(v.Blocks), len(v.Transformations))
	}
	agree := v.Blocks[0]
	if agree.Code != "030" || len(agree.Verbs) != 3 || len(agree.Patterns) != 4 {
		t.Errorf("AGREE block: code %s, %d verbs, %d patterns", agree.Code, len(agree.Verbs), len(agree.Patterns))
	}
	if sign := agree.Verbs[1]; strings.Join(sign.Words, " ") != "sign up" || sign.Index != 0 {
		t.Errorf("compound verb: %+v", sign)
	}
	if host := v.Blocks[1]; host.Code != "043" || host.Reverse != "042" {
		t.Errorf("HOST block code %s:%s, want 043:042", host.Code, host.Reverse)
	}
}

func TestVerbPatternsBecomeLexiconPatterns(t *testing.T) {
	v, _, _ := readTestVerbs(t)
	lex := coding.NewPetrarchLexicon()
	n, errs := v.AddTo(lex)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "verbs.txt:33: unknown synonym set &NOPE") {
		t.Errorf("errors %v, want one for &NOPE at line 33", errs)
	}
	// AGREE: 3 verbs × (1 + 4 patterns); HOST: 1 × 2; SEND: 1 × 3.
	if n != 20 || lex.Len() != 20 {
		t.Errorf("added %d patterns (lexicon %d), want 20", n, lex.Len())
	}
	tests := []struct {
		name   string
		items  []Item
		lemmas [][]string
		target int // index of the target element, or -1
		before int // number of elements before the verb
	}{
		{"a synset after a preposition", v.Blocks[0].Patterns[0].Items, [][]string{{"to"}, {"truce", "cease fire", "armistices", "armistice"}}, -1, 0},
		{"a word before the verb", v.Blocks[0].Patterns[2].Items, [][]string{{"reluctantly"}}, -1, 1},
		{"a target after a preposition", v.Blocks[0].Patterns[3].Items, [][]string{{"with"}, nil}, 1, 0},
		{"a noun phrase", v.Blocks[1].Patterns[0].Items, [][]string{{"state"}, {"dinner"}}, -1, 0},
		{"a nested synset", v.Blocks[2].Patterns[0].Items, [][]string{{"aid", "money", "funds", "fund"}, {"to"}, nil}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			elems, err := v.elems(tt.items, map[string][]string{})
			if err != nil {
				t.Fatal(err)
			}
			if len(elems) != len(tt.lemmas) {
				t.Fatalf("%d elements %+v, want %d", len(elems), elems, len(tt.lemmas))
			}
			before := 0
			for i, e := range elems {
				if e.Before {
					before++
				}
				if e.Target != (i == tt.target) {
					t.Errorf("element %d: Target = %v", i, e.Target)
				}
				if strings.Join(e.Lemmas, "|") != strings.Join(tt.lemmas[i], "|") {
					t.Errorf("element %d: lemmas %v, want %v", i, e.Lemmas, tt.lemmas[i])
				}
			}
			if before != tt.before {
				t.Errorf("%d elements before the verb, want %d", before, tt.before)
			}
		})
	}
}

func TestVerbCodesPairedNullAndReverseOnly(t *testing.T) {
	tests := []struct{ in, code, rev string }{
		{"050", "050", ""}, {"043:042", "043", "042"}, {":074", "", "074"}, {"---", "---", ""}, {"0862:---", "0862", ""},
	}
	for _, tt := range tests {
		code, rev, err := parseVerbCode(tt.in)
		if err != nil || code != tt.code || rev != tt.rev {
			t.Errorf("parseVerbCode(%q) = %q, %q, %v; want %q, %q", tt.in, code, rev, err, tt.code, tt.rev)
		}
	}
	p := newPattern("agree", "---", "", nil, "", "")
	if !p.Null || p.Code != "" {
		t.Errorf("[---] pattern: Null %v, Code %q; want a null pattern with no code", p.Null, p.Code)
	}
}

func TestFormatIsDetectedFromTheContent(t *testing.T) {
	tests := []struct {
		file        string
		actor, verb bool
	}{
		{"actors.txt", true, true},
		{"dyad_actors.txt", false, true},
		{"verbs.txt", true, true},
		{"dyad_verbs.txt", true, false},
	}
	for _, tt := range tests {
		if got := IsActorFormat(open(t, tt.file)); got != tt.actor {
			t.Errorf("IsActorFormat(%s) = %v, want %v", tt.file, got, tt.actor)
		}
		if got := IsVerbFormat(open(t, tt.file)); got != tt.verb {
			t.Errorf("IsVerbFormat(%s) = %v, want %v", tt.file, got, tt.verb)
		}
	}
}

func TestFixPrefixCodes(t *testing.T) {
	for in, want := range map[string]string{"ATLNGO~": "NGOATL", "---NGO~": "NGO---", "ATLGOV": "ATLGOV", "ATLNGO~GOV": "NGOATLGOV"} {
		if got := FixPrefixCodes(in); got != want {
			t.Errorf("FixPrefixCodes(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestANameWithTheArticleIsFoundInsideASentence(t *testing.T) {
	dict := actors.New()
	if _, errs := ReadActors(context.Background(), "the.txt", strings.NewReader("THE_AZURE_ISLES [AZI]\n"), dict); len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, text := range []string{"The Azure Isles protested.", "Envoys from the Azure Isles met."} {
		if got := mentionCodes(dict, text, day("2012-01-01")); len(got) != 1 || got[0] != "AZI" {
			t.Errorf("%q: got %v, want [AZI]", text, got)
		}
	}
}

// A line over the bound is a malformed line like any other: reported and
// skipped, and the entries after it are read.
func TestOverlongLinesAreSkippedAndTheRestRead(t *testing.T) {
	text := "---  ACCEPT   [081]  ---\n" + strings.Repeat("- AGREE_TO ", 110000) + "[081]\n- ACCEPT * PROPOSAL [081]\n"
	v, st, errs := ReadVerbs(context.Background(), "long.txt", strings.NewReader(text))
	if st.Skipped != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "long.txt:2: line longer than") {
		t.Errorf("stats %s, errors %v; want the long line skipped and named", st, errs)
	}
	if len(v.Blocks) != 1 || len(v.Blocks[0].Patterns) == 0 {
		t.Errorf("blocks %+v: the pattern after the long line was not read", v.Blocks)
	}
}
