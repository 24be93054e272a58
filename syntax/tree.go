package syntax

import (
	"fmt"

	"github.com/dyad-events/dyad"
)

// TreeError says why a sentence's heads do not form a dependency tree.
type TreeError struct {
	Token int // 0-based index of the first offending token
	Msg   string
}

func (e *TreeError) Error() string { return fmt.Sprintf("token %d: %s", e.Token+1, e.Msg) }

// ValidateTree checks that the heads of a sentence's tokens form one
// dependency tree: every head is -1 (the root) or the index of another
// token of the sentence, exactly one token is the root, and following heads
// from any token reaches the root without a cycle. The coder walks trees
// from the root down and from words up to it; a parse that is not a tree
// (read from CoNLL-U, from a PETRARCH record, or produced by a buggy
// repair) would make those walks run forever, so every parse that enters
// dyad is checked here first. An empty sentence is a valid tree.
func ValidateTree(toks []dyad.Token) error {
	if len(toks) == 0 {
		return nil
	}
	root := -1
	for i, t := range toks {
		switch {
		case t.Head == -1:
			if root >= 0 {
				return &TreeError{Token: i, Msg: fmt.Sprintf("a second root (token %d is the root already)", root+1)}
			}
			root = i
		case t.Head < -1 || t.Head >= len(toks):
			return &TreeError{Token: i, Msg: fmt.Sprintf("head %d is outside the sentence of %d tokens", t.Head+1, len(toks))}
		case t.Head == i:
			return &TreeError{Token: i, Msg: "the token is its own head"}
		}
	}
	if root < 0 {
		return &TreeError{Token: 0, Msg: "no root: the heads form a cycle"}
	}
	// state: 0 unvisited, 1 on the current path, 2 known to reach the root.
	// Each token is walked at most once, so the check is linear.
	state := make([]uint8, len(toks))
	state[root] = 2
	path := make([]int, 0, 16)
	for i := range toks {
		path = path[:0]
		k := i
		for state[k] == 0 {
			state[k] = 1
			path = append(path, k)
			k = toks[k].Head
		}
		if state[k] == 1 {
			return &TreeError{Token: k, Msg: "the heads form a cycle"}
		}
		for _, p := range path {
			state[p] = 2
		}
	}
	return nil
}
