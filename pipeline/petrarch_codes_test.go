package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

// A PETRARCH verb file with a code that is not CAMEO used to code events
// with that code ("9a9"). The pipeline now reports the line when the file
// loads, and the sentence is coded by the file's other patterns only.
func TestAPetrarchVerbFileWithAnUnknownCodeCodesNoEventWithIt(t *testing.T) {
	dir := t.TempDir()
	verbs := filepath.Join(dir, "verbs.txt")
	// The first line names the format; the second pattern's code is a typo.
	file := "####### VERB PATTERNS #######\n--- ATTACK [190] ---\nATTACK\n- * (WITH ROCKETS) [9a9]\n"
	if err := os.WriteFile(verbs, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	actors := filepath.Join(dir, "actors.txt")
	if err := os.WriteFile(actors, []byte("FRANCE [FRA]\nGERMANY [DEU]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := New(context.Background(), Options{DictOnly: true, VerbFiles: []string{verbs}, ActorFiles: []string{actors}})
	if err != nil {
		t.Fatal(err)
	}
	warned := false
	for _, w := range p.Warnings() {
		if strings.Contains(w, `verbs.txt:4: unknown CAMEO code "9a9"`) {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning names the line of the unknown code; warnings:\n%s", strings.Join(p.Warnings(), "\n"))
	}
	doc := &dyad.Document{ID: "t", Text: "France attacked Germany with rockets."}
	events, err := p.Code(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Source.Code+">"+e.Target.Code+" "+e.CAMEO)
	}
	if strings.Join(got, "; ") != "FRA>DEU 190" {
		t.Errorf("events %v, want only FRA>DEU 190 (from the block's own code)", got)
	}
}
