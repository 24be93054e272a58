package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

// writeFile writes a small dictionary for a test and returns its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTheStagesAreDeclaredFromTheOptions(t *testing.T) {
	discards := writeFile(t, "discards.txt", "FOOTBALL MATCH\n")
	agents := writeFile(t, "agents.txt", "CHARITY [NGO~]\n")
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"dyad's own stages", Options{DictOnly: true}, "segment syntax frames actors coding"},
		{"PETRARCH's discards run before the parser and its agents after the actors",
			Options{DictOnly: true, DiscardFiles: []string{discards}, AgentFiles: []string{agents}},
			"segment discards syntax frames actors agents coding"},
		{"tags without a parse have no frames", Options{DictOnly: true, TagsOnly: true}, "segment syntax actors coding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range p.Stages() {
				if s.Doc() == "" {
					t.Errorf("stage %s has no doc", s.Name())
				}
				got = append(got, s.Name())
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("stages %v, want %s", got, tt.want)
			}
		})
	}
}

// PETRARCH's discards used to be applied after the parse: a discarded
// sentence was tagged and parsed for nothing. Now it is never parsed.
func TestADiscardedSentenceIsNotParsed(t *testing.T) {
	discards := writeFile(t, "discards.txt", "FOOTBALL MATCH\n")
	// ParseAll: no sentence is left unparsed by the actor pre-pass.
	p, err := New(context.Background(), Options{DiscardFiles: []string{discards}, ParseAll: true})
	if err != nil {
		t.Fatal(err)
	}
	doc := &dyad.Document{ID: "t", Text: "France criticized Germany on Monday. Germany lost the football match against France in Paris."}
	events, err := p.Code(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Sentences) != 2 {
		t.Fatalf("%d sentences, want 2", len(doc.Sentences))
	}
	for i, want := range []bool{true, false} {
		s := doc.Sentences[i]
		parsed := len(s.Tokens) > 0 && s.Tokens[0].UPOS != ""
		if parsed != want || s.Skip == want {
			t.Errorf("sentence %d %q: parsed %v, Skip %v; want parsed %v", i, s.Text, parsed, s.Skip, want)
		}
	}
	for _, e := range events {
		if e.SentenceIndex != 0 {
			t.Errorf("an event from the discarded sentence: %s>%s %s", e.Source.Code, e.Target.Code, e.CAMEO)
		}
	}
	if len(events) == 0 {
		t.Errorf("no event from the first sentence")
	}
}
