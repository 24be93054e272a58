package coding

import (
	"os"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/ontology"
)

// FuzzLexicon loads a verb lexicon in dyad's format: no line may make it
// panic, every malformed line is an error naming the file and line, and
// every pattern it keeps has a head and a known code.
func FuzzLexicon(f *testing.F) {
	data, err := os.ReadFile("data/verbs.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data[:min(len(data), 6000)]))
	f.Add("163  impose sanction|embargo on TARGET\n1630 impose nothing\n190  n:attack on|against TARGET\n---  shoot_down drone\n")
	f.Add("020 |||\n020 n:\n020 _x\n020 a TARGET TARGET ||\n")
	tab := ontology.Default()
	f.Fuzz(func(t *testing.T, text string) {
		l := NewLexicon()
		for _, err := range l.Load("fuzz.txt", strings.NewReader(text), tab) {
			if !strings.HasPrefix(err.Error(), "fuzz.txt") {
				t.Fatalf("error %q does not name the file", err)
			}
		}
		for head, ps := range l.verbs {
			for _, p := range ps {
				if head == "" || p.Head != head {
					t.Fatalf("pattern %+v filed under %q", p, head)
				}
				if _, ok := tab.Lookup(p.Code); !ok && !p.Null {
					t.Fatalf("pattern %+v has an unknown code", p)
				}
			}
		}
	})
}
