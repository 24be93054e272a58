package coding

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad/ontology"
)

// dyad's lexicon and PETRARCH's are matched side by side: at a word both
// know, the match that reads more of the sentence wins, and on a tie the
// matcher listed first (dyad's).
func TestMatchersCompeteForAWordBothKnow(t *testing.T) {
	newspaper := []string{"Arnor Arnor PROPN 2 compound ARN", "newspapers newspaper NOUN 3 nsubj", "criticized criticize VERB 0 root",
		"Gondor Gondor PROPN 3 obj GON", ". . PUNCT 3 punct"}
	tests := []struct {
		name     string
		dyad     string // a pattern of dyad's lexicon, "CODE PATTERN"
		petrarch *PetrarchPattern
		want     string
	}{
		{"a tie goes to dyad's lexicon", "111 criticize", &PetrarchPattern{Head: "criticize", Code: "112"}, "ARN>GON:111"},
		{"PETRARCH's longer match wins",
			"111 criticize", &PetrarchPattern{Head: "criticize", Code: "112", Elems: []PetrarchElem{{Lemmas: []string{"newspaper"}, Before: true}}},
			"ARN>GON:112"},
		{"a word only PETRARCH knows is PETRARCH's", "111 condemn", &PetrarchPattern{Head: "criticize", Code: "112"}, "ARN>GON:112"},
	}
	tab := ontology.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lex := NewLexicon()
			if errs := lex.Load("dyad.txt", strings.NewReader(tt.dyad), tab); len(errs) > 0 {
				t.Fatal(errs)
			}
			plex := NewPetrarchLexicon()
			plex.Add(tt.petrarch)
			c := New(lex, tab, plex)
			if got := triples(c.CodeDocument(parsed(newspaper...))); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			var names []string
			for _, m := range c.Matchers() {
				names = append(names, m.Name())
			}
			if len(names) != 2 || names[0] != "dyad" || names[1] != "petrarch" {
				t.Errorf("matchers %v, want dyad then petrarch", names)
			}
		})
	}
}
