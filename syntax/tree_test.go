package syntax

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

// heads builds tokens with the given heads (0-based, -1 for the root).
func heads(hs ...int) []dyad.Token {
	toks := make([]dyad.Token, len(hs))
	for i, h := range hs {
		toks[i] = dyad.Token{Text: "w", Head: h}
	}
	return toks
}

func TestValidateTree(t *testing.T) {
	tests := []struct {
		name  string
		toks  []dyad.Token
		error string // "" for a valid tree
	}{
		{"an empty sentence is a tree", nil, ""},
		{"one root word", heads(-1), ""},
		{"a chain to the root", heads(1, 2, -1), ""},
		{"a bushy tree", heads(2, 2, -1, 2, 3), ""},
		{"a word that is its own head", heads(-1, 1), "its own head"},
		{"two words heading each other", heads(1, 0, -1), "cycle"},
		{"a longer loop away from the root", heads(-1, 2, 3, 1), "cycle"},
		{"every word in one loop", heads(1, 2, 0), "no root"},
		{"two roots", heads(-1, -1), "second root"},
		{"a head past the end", heads(-1, 5), "outside the sentence"},
		{"a head below -1", heads(-1, -7), "outside the sentence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateTree(tt.toks)
			switch {
			case tt.error == "" && err != nil:
				t.Fatalf("ValidateTree: %v, want a valid tree", err)
			case tt.error != "" && err == nil:
				t.Fatalf("ValidateTree accepted heads that are not a tree; want an error containing %q", tt.error)
			case tt.error != "" && !strings.Contains(err.Error(), tt.error):
				t.Fatalf("ValidateTree: %v, want an error containing %q", err, tt.error)
			}
		})
	}
}

// The parser's output must always be a tree: the coder relies on it.
func TestParserOutputIsATree(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"Ethiopia accused Eritrea on Monday of shelling two villages .",
		", , , ( ) ; : -- ... !",
		"the the the the the the the the the the the the",
		"Said said says say , said the man who said it , said he .",
	} {
		toks := make([]dyad.Token, 0)
		for _, w := range strings.Fields(s) {
			toks = append(toks, dyad.Token{Text: w})
		}
		m.Annotate(toks)
		if err := ValidateTree(toks); err != nil {
			t.Errorf("%q: the parser made a non-tree: %v", s, err)
		}
	}
}
