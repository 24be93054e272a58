package coding

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad/ontology"
)

// A line longer than the scanner's bound used to end the loading of its
// file, silently dropping every pattern after it; now it is reported by
// its number and skipped.
func TestLexiconSkipsAnOverlongLineAndLoadsTheRest(t *testing.T) {
	for _, size := range []int{70 << 10, 2 << 20} {
		text := "163  impose sanction on TARGET\n" +
			"190  " + strings.Repeat("attack|", size/7) + "strike on TARGET\n" +
			"111  condemn TARGET\n"
		l := NewLexicon()
		errs := l.Load("long.txt", strings.NewReader(text), ontology.Default())
		if l.Len() < 2 || len(l.verbs["condemn"]) != 1 {
			t.Errorf("a %d-byte line: loaded %d patterns, condemn %d; the patterns after it were dropped", size, l.Len(), len(l.verbs["condemn"]))
		}
		if size > 1<<20 && (len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "long.txt:2: line longer than")) {
			t.Errorf("a %d-byte line: errors %v, want one naming long.txt:2", size, errs)
		}
	}
}
