package coding

import "github.com/dyad-events/dyad"

// PetrarchPattern is one pattern of a PETRARCH verb dictionary, as package
// petrarch reads it (the CAMEO.2.0 format, see petrarch/verbs.go). It is
// matched by PETRARCH's rules (petrarch_match.go), never by dyad's: the
// verb's words may stand before it ("SHARPLY *"), a pattern may code a pair
// of events ("[043:042]": the host hosts, the guest visits) or nothing
// ("[---]").
type PetrarchPattern struct {
	Code    string // "" for a pattern that codes only its paired event ("[:074]"), or nothing
	Reverse string // code of the paired target→source event: "[043:042]" gives "042"
	Null    bool   // "[---]": the pattern matches, and so blocks shorter ones, but codes no event
	Head    string // the verb's lemma
	Form    string // a verb listed as an inflected form ("LEFT" under leave): the word as written
	Open    bool   // PETRARCH's require_dyad=false: with no target found, code the event with target "---"
	Elems   []PetrarchElem
	Text    string // the pattern as written, for explanations
	Source  string // file:line

	// rule is the pattern as dyad's rules for events read it (its code,
	// head, text and place, in Event.Rule), made by PetrarchLexicon.Add.
	rule *Pattern
}

// PetrarchElem is one element of a PETRARCH pattern besides the verb: a
// set of words, or an actor slot.
type PetrarchElem struct {
	Lemmas []string
	Target bool // "+"
	Source bool // "$": the actor there acts on the verb's subject
	// Before says the element stands before the verb, in the verb's
	// clause: "SHARPLY *".
	Before bool
	// Next says the word stands in one noun phrase with the element
	// before it, as in "{STATE DINNER}".
	Next bool
	// Skip ("^") passes over one noun phrase.
	Skip bool
	// Compound ("%") needs coordinated actors there: "- % * [120]" codes
	// "Gondor and Osgiliath delayed".
	Compound bool
}

// PetrarchLexicon holds PETRARCH verb patterns indexed by the verb's
// lemma. It is the Matcher that codes them, beside dyad's Lexicon.
type PetrarchLexicon struct {
	verbs map[string][]*PetrarchPattern
	// of finds a pattern from the rule its matches carry.
	of map[*Pattern]*PetrarchPattern
	n  int
}

// NewPetrarchLexicon returns an empty PETRARCH lexicon.
func NewPetrarchLexicon() *PetrarchLexicon {
	return &PetrarchLexicon{verbs: map[string][]*PetrarchPattern{}, of: map[*Pattern]*PetrarchPattern{}}
}

// Add adds a pattern. Its codes are not checked here: package petrarch
// checks them as it reads a verb file, against the codes it is told exist.
func (l *PetrarchLexicon) Add(p *PetrarchPattern) {
	p.rule = &Pattern{Code: p.Code, Head: p.Head, Text: p.Text, Source: p.Source, Null: p.Null, order: l.n}
	l.of[p.rule] = p
	l.n++
	l.verbs[p.Head] = append(l.verbs[p.Head], p)
}

// Len is the number of patterns.
func (l *PetrarchLexicon) Len() int { return l.n }

// Name names PETRARCH's matcher (see Matcher).
func (l *PetrarchLexicon) Name() string { return "petrarch" }

// HasHead reports whether the lexicon has a pattern for a verb lemma.
func (l *PetrarchLexicon) HasHead(head string) bool { return len(l.verbs[head]) > 0 }

// patterns counts the patterns of a verb; PETRARCH has no noun patterns.
func (l *PetrarchLexicon) patterns(word string, noun bool) int {
	if noun {
		return 0
	}
	return len(l.verbs[word])
}

// bestMatch returns the best of the patterns for word at head: the one
// that uses the most words, then the most compact, then the one listed
// first.
func (l *PetrarchLexicon) bestMatch(t *tree, head int, word string, noun bool) (match, bool) {
	phrase := t.ordered(head, false)
	best := match{score: -1}
	for _, p := range l.verbs[word] {
		m, ok := matchPetrarch(t, head, phrase, p)
		if !ok {
			continue
		}
		if m.score > best.score || (m.score == best.score && m.spread < best.spread) ||
			(m.score == best.score && m.spread == best.spread && p.rule.order < best.p.order) {
			best = m
		}
	}
	return best, best.score >= 0
}

// events codes a match of a PETRARCH pattern (see petrarchEvents).
func (l *PetrarchLexicon) events(c *Coder, t *tree, m match, idx *dyad.TextIndex) []dyad.Event {
	return c.petrarchEvents(t, l.of[m.p], m, idx)
}
