package coding

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad/ontology"
)

func TestLexiconLoadsPatternsAndNamesBadLines(t *testing.T) {
	text := `# test lexicon
163  impose sanction|embargo on TARGET
1630 impose nothing        # no such code
190  n:attack on|against TARGET
061  expand|boost cooperation with TARGET
---  shoot_down drone|missile
020  call_for
`
	l := NewLexicon()
	errs := l.Load("test.txt", strings.NewReader(text), ontology.Default())
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "test.txt:3: ") || !strings.Contains(errs[0].Error(), `"1630"`) {
		t.Fatalf("errors = %v, want one naming test.txt:3 and the code", errs)
	}
	if l.Len() != 6 {
		t.Errorf("loaded %d patterns, want 6 (alternative heads give one each)", l.Len())
	}
	tests := []struct {
		name, head string
		noun       bool
		check      func(p *Pattern) bool
	}{
		{"a target after a preposition", "impose", false, func(p *Pattern) bool { return p.HasTarget() && len(p.Elems) == 3 }},
		{"a nominal event", "attack", true, func(p *Pattern) bool { return p.Noun && p.Code == "190" }},
		{"alternative heads", "boost", false, func(p *Pattern) bool { return p.Code == "061" }},
		{"a null pattern blocks without a code", "shoot", false, func(p *Pattern) bool { return p.Null && p.Particle == "down" }},
		{"a prepositional verb", "call", false, func(p *Pattern) bool { return p.Particle == "for" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := l.verbs
			if tt.noun {
				table = l.nouns
			}
			ps := table[tt.head]
			if len(ps) != 1 || !tt.check(ps[0]) {
				t.Errorf("patterns for %q = %+v", tt.head, ps)
			}
		})
	}
}

func TestEmbeddedLexiconLoadsCleanlyAndCoversEveryRoot(t *testing.T) {
	tab := ontology.Default()
	l, warnings, err := DefaultLexicon(tab)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		t.Error(w)
	}
	roots := map[string]bool{}
	for _, table := range []map[string][]*Pattern{l.verbs, l.nouns} {
		for _, ps := range table {
			for _, p := range ps {
				if c, ok := tab.Lookup(p.Code); ok {
					roots[c.Root] = true
				}
			}
		}
	}
	if l.Len() < 400 || len(roots) != 20 {
		t.Errorf("lexicon has %d patterns over %d roots, want ≥400 over all 20", l.Len(), len(roots))
	}
}

func TestLemmaGuessesUndoInflection(t *testing.T) {
	tests := map[string]string{"shelled": "shell", "seized": "seize", "denied": "deny", "struck": "strike", "planned": "plan", "attacks": "attack"}
	for word, want := range tests {
		found := false
		for _, g := range lemmaGuesses(word) {
			if g == want {
				found = true
			}
		}
		if !found {
			t.Errorf("lemmaGuesses(%q) = %v, want %q among them", word, lemmaGuesses(word), want)
		}
	}
}
