package petrarch

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/actors"
	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/nlp"
)

// Fuzz targets of the PETRARCH dictionary readers (actors, agents, verbs,
// discards): none may panic, and every malformed line is counted as
// skipped and named by an error.

func addTestdata(f *testing.F, name string, more ...string) {
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	for _, m := range more {
		f.Add(m)
	}
}

// checkStats fails when the errors and the skipped count disagree.
func checkStats(t *testing.T, st Stats, errs []error) {
	t.Helper()
	for _, err := range errs {
		if !strings.HasPrefix(err.Error(), "fuzz.txt:") {
			t.Fatalf("error %q does not name the file and line", err)
		}
	}
	if st.Skipped > len(errs) {
		t.Fatalf("%d lines skipped but %d errors", st.Skipped, len(errs))
	}
}

func FuzzReadActors(f *testing.F) {
	addTestdata(f, "actors.txt", "ARNOR [ARN]\n+ARNORIAN\n[ARNGOV 100101-101231]\n[XXX >200101]\n", "[ARN]\n+\n_\nX [\n")
	f.Fuzz(func(t *testing.T, text string) {
		dict := actors.New()
		st, errs := ReadActors(context.Background(), "fuzz.txt", strings.NewReader(text), dict)
		checkStats(t, st, errs)
		doc := &dyad.Document{ID: "f", Text: "Arnor and Gondor met the Arnorian envoy. " + strings.ReplaceAll(firstLine(text), "_", " ")}
		nlp.Segment(doc)
		actors.NewFinder(dict).Annotate(doc)
	})
}

func FuzzReadAgents(f *testing.F) {
	addTestdata(f, "agents.txt", "!minist! = MINISTER, SECRETARY\n!MINIST! [~GOV]\nPOLICE {COP}\n", "!x\n= \n{} []\n~")
	f.Fuzz(func(t *testing.T, text string) {
		st, errs := ReadAgents(context.Background(), "fuzz.txt", strings.NewReader(text), actors.New())
		checkStats(t, st, errs)
	})
}

func FuzzReadVerbs(f *testing.F) {
	addTestdata(f, "verbs.txt", "---  ACCEPT   [081]  ---\n- AGREE_TO [081]\n- * PROPOSAL {OF|ON} [081:082]\n&SYN\n+WORD\n", "--- X [---] ---\n- $ ^ % + * [1]\n")
	f.Fuzz(func(t *testing.T, text string) {
		v, st, errs := ReadVerbs(context.Background(), "fuzz.txt", strings.NewReader(text))
		checkStats(t, st, errs)
		// What was read must go into a lexicon.
		v.AddTo(coding.NewPetrarchLexicon())
		v.AddNew(coding.NewPetrarchLexicon(), coding.NewLexicon())
	})
}

func FuzzReadDiscards(f *testing.F) {
	addTestdata(f, "discards.txt", "+SOCCER\nFOOTBALL MATCH\n+\n_\n")
	f.Fuzz(func(t *testing.T, text string) {
		d := NewDiscards()
		st, errs := d.ReadDiscards(context.Background(), "fuzz.txt", strings.NewReader(text))
		checkStats(t, st, errs)
		doc := &dyad.Document{ID: "f", Text: "The football match ended.\n" + firstLine(text)}
		nlp.Segment(doc)
		d.Apply(doc)
	})
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
