package actors

import (
	"os"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/nlp"
)

// FuzzDictionary loads a dictionary in dyad's format and finds actors in
// a text with it: neither may panic, and a malformed line is an error
// that names its line.
func FuzzDictionary(f *testing.F) {
	f.Add(testDict)
	for _, name := range []string{"data/countries.txt", "data/sectors.txt", "data/people-middle-east.txt"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data[:min(len(data), 4000)]))
	}
	f.Add("person: X\n  role: USAGOV 2025-13-45 - president\n  role: ZZ\n  gender: q\n")
	f.Add("country : | | \n  capital:\n\tbody: = | =X\n")
	f.Fuzz(func(t *testing.T, text string) {
		d := New()
		for _, err := range d.Load("fuzz.txt", strings.NewReader(text)) {
			if !strings.HasPrefix(err.Error(), "fuzz.txt") {
				t.Fatalf("error %q does not name the file", err)
			}
		}
		doc := &dyad.Document{ID: "f", Text: "The United States and Iran met in Washington. Trump said they would talk again.\n" + firstLine(text)}
		nlp.Segment(doc)
		NewFinder(d).Annotate(doc)
		for _, s := range doc.Sentences {
			for _, m := range s.Mentions {
				if m.Tokens[0] < 0 || m.Tokens[1] > len(s.Tokens) || m.Tokens[0] >= m.Tokens[1] {
					t.Fatalf("mention %+v outside its sentence of %d tokens", m, len(s.Tokens))
				}
			}
		}
	})
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
