package petrarch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dyad-events/dyad/actors"
	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/internal/skipnote"
)

// sharedDir holds the PETRARCH dictionaries; it is reference data outside
// the repository, so the tests that need it skip when it is absent.
const sharedDir = "../../shared/data/petrarch2"

func sharedFile(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(sharedDir, name)
	if _, err := os.Stat(p); err != nil {
		skipnote.Skip(tb, "../shared PETRARCH dictionaries", fmt.Sprintf("%s is absent (%v)", p, err))
	}
	return p
}

// loadProduction loads the Phoenix actor dictionaries and CAMEO.2.0.txt,
// the files PETRARCH2 codes with by default.
func loadProduction(tb testing.TB) (*actors.Dictionary, *coding.PetrarchLexicon, []error) {
	ctx := context.Background()
	dict := actors.New()
	lex := coding.NewPetrarchLexicon()
	var errs []error
	for _, name := range []string{"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"} {
		f, err := os.Open(sharedFile(tb, name))
		if err != nil {
			tb.Fatal(err)
		}
		_, es := ReadActors(ctx, name, f, dict)
		f.Close()
		errs = append(errs, es...)
	}
	f, err := os.Open(sharedFile(tb, "CAMEO.2.0.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	v, _, es := ReadVerbs(ctx, "CAMEO.2.0.txt", f)
	errs = append(errs, es...)
	_, es = v.AddTo(lex)
	errs = append(errs, es...)
	return dict, lex, errs
}

func TestProductionDictionariesLoad(t *testing.T) {
	dict, lex, errs := loadProduction(t)
	phrases, people := dict.Size()
	t.Logf("phrases %d, people %d, patterns %d, errors %d", phrases, people, lex.Len(), len(errs))
	for i, e := range errs {
		if i < 40 {
			t.Log(e)
		}
	}
	if phrases < 30000 || lex.Len() < 4000 {
		t.Errorf("loaded %d phrases and %d patterns, want at least 30000 and 4000", phrases, lex.Len())
	}
}

func BenchmarkLoadProduction(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		loadProduction(b)
	}
}
