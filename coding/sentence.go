package coding

import (
	"strings"

	"github.com/dyad-events/dyad"
)

// tree is a parsed sentence with the indexes the coder needs: children of
// each token and the actor mention covering each token.
type tree struct {
	s        *dyad.Sentence
	toks     []dyad.Token
	children [][]int
	mention  []int       // token → index into s.Mentions, or -1
	frameAt  map[int]int // predicate token → index into s.Frames
	// notes, when not nil, collects why matches gave no event (Explain).
	notes *[]Note
	// pending are events whose target the document must settle.
	pending []pendingEvent
	// relations are pairs of countries at odds in acts the sentence
	// mentions without reporting them (see context.go).
	relations [][2]string
}

// Note says what became of a predicate the lexicon knows: the event it
// gave, or why it gave none.
type Note struct {
	Sentence int
	Head     int    // the predicate's token
	Word     string // its text
	Rule     string // the pattern tried, when one matched
	Outcome  string
}

func (t *tree) note(head int, p *Pattern, outcome string) {
	if t.notes == nil {
		return
	}
	n := Note{Sentence: t.s.Index, Head: head, Word: t.toks[head].Text, Outcome: outcome}
	if p != nil {
		n.Rule = ruleName(p, "")
	}
	*t.notes = append(*t.notes, n)
}

func newTree(s *dyad.Sentence) *tree {
	t := &tree{s: s, toks: s.Tokens, children: make([][]int, len(s.Tokens)), mention: make([]int, len(s.Tokens))}
	for i, tok := range s.Tokens {
		if tok.Head >= 0 && tok.Head < len(s.Tokens) {
			t.children[tok.Head] = append(t.children[tok.Head], i)
		}
		t.mention[i] = -1
	}
	t.frameAt = make(map[int]int, len(s.Frames))
	for fi, f := range s.Frames {
		t.frameAt[f.Pred] = fi
	}
	for mi, m := range s.Mentions {
		for i := m.Tokens[0]; i < m.Tokens[1] && i < len(t.mention); i++ {
			t.mention[i] = mi
		}
	}
	return t
}

// rel is the universal part of a token's relation ("nsubj" for "nsubj:pass").
func (t *tree) rel(i int) string {
	r, _, _ := strings.Cut(t.toks[i].Deprel, ":")
	return r
}

func (t *tree) lemma(i int) string {
	l := t.toks[i].Lemma
	if l == "" || l == "_" {
		l = t.toks[i].Text
	}
	return strings.ToLower(l)
}

// childrenWith returns the children of i whose relation is one of rels
// (full relation names, or universal parts).
func (t *tree) childrenWith(i int, rels ...string) []int {
	var out []int
	for _, c := range t.children[i] {
		for _, r := range rels {
			if t.toks[c].Deprel == r || t.rel(c) == r {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

func (t *tree) hasChildLemma(i int, rel string, lemmas ...string) bool {
	for _, c := range t.childrenWith(i, rel) {
		l := t.lemma(c)
		for _, w := range lemmas {
			if l == w {
				return true
			}
		}
	}
	return false
}

// isPassive reports whether verb i is in the passive voice.
func (t *tree) isPassive(i int) bool {
	for _, c := range t.children[i] {
		switch t.toks[c].Deprel {
		case "nsubj:pass", "aux:pass", "csubj:pass":
			return true
		}
	}
	return false
}

// subtree appends i and all its descendants in preorder, skipping
// children whose relation is in skip. It walks with its own stack and
// visits at most one token per word of the sentence, so heads that loop
// (a parse that is not a tree) cannot make it recurse without end.
func (t *tree) subtree(out []int, i int, skip map[string]bool) []int {
	var buf [32]int
	stack := append(buf[:0], i)
	for n := 0; len(stack) > 0 && n < len(t.toks); n++ {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, k)
		ch := t.children[k]
		for j := len(ch) - 1; j >= 0; j-- {
			if c := ch[j]; !skip[t.toks[c].Deprel] && !skip[t.rel(c)] {
				stack = append(stack, c)
			}
		}
	}
	return out
}

// mentionAt finds the actor mention a noun phrase headed by i stands for:
// the mention covering i, or one covering a modifier of i that names whose
// it is ("Iranian officials", "the president's spokesman").
func (t *tree) mentionAt(i int, depth int) int {
	if t.mention[i] >= 0 {
		return t.mention[i]
	}
	if depth == 0 {
		return -1
	}
	for _, c := range t.childrenWith(i, "nmod:poss", "amod", "compound", "flat", "appos", "nmod") {
		if t.rel(c) == "nmod" && t.toks[c].Deprel != "nmod:poss" && !t.hasChildLemma(c, "case", "of") {
			continue
		}
		if m := t.mentionAt(c, depth-1); m >= 0 {
			return m
		}
	}
	return -1
}

// mentionsAt returns i's mention and those of nouns coordinated with i
// ("Israel and the United States").
func (t *tree) mentionsAt(i int) []int {
	var out []int
	if m := t.mentionAt(i, 2); m >= 0 {
		out = append(out, m)
	}
	for _, c := range t.childrenWith(i, "conj") {
		if m := t.mentionAt(c, 2); m >= 0 && !contains(out, m) {
			out = append(out, m)
		}
	}
	// "Representatives from Sudan and South Sudan": a country coordinated
	// inside the mention's own phrase is a party of its own.
	if len(out) > 0 {
		m := t.s.Mentions[out[0]]
		for k := m.Tokens[0]; k < m.Tokens[1] && k < len(t.toks); k++ {
			for _, c := range t.childrenWith(k, "conj") {
				if cm := t.mention[c]; cm >= 0 && !contains(out, cm) {
					out = append(out, cm)
				}
			}
		}
	}
	// "Russian and Ukrainian officials": coordinated adjectives of one
	// noun (which the parser may also read as a compound and an
	// adjective: "Kenyan and African leaders").
	mods := t.childrenWith(i, "amod", "compound")
	coordinated := false
	for _, a := range mods {
		if len(t.childrenWith(a, "conj", "cc")) > 0 {
			coordinated = true
		}
	}
	for _, a := range mods {
		if t.rel(a) == "compound" && !coordinated {
			continue
		}
		for _, c := range append([]int{a}, t.childrenWith(a, "conj")...) {
			if m := t.mention[c]; m >= 0 && !contains(out, m) && len(out) > 0 {
				out = append(out, m)
			}
		}
	}
	return out
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
