package coding

import (
	"strings"

	"github.com/dyad-events/dyad"
)

// A Matcher finds events by patterns of its own: at a word that can head a
// predicate, the best of its patterns for that word, and then the events of
// that match. A Coder runs its matchers side by side over every sentence
// (see Coder.matchAt): dyad's own lexicon (*Lexicon, matched by the rules
// of coder.go), and, when PETRARCH verb dictionaries are loaded, PETRARCH's
// (*PetrarchLexicon, matched by the rules of petrarch_match.go). Adding a
// matcher touches its own files and the list given to New, nothing else.
//
// The methods beyond Name and Len are unexported, so only this package
// implements Matcher. That is a choice: a matcher reads the coder's parsed
// sentence (tree) and borrows dyad's own rules for sources, targets,
// frames, modality and attribution; PETRARCH's borrows some twenty of
// them. Exporting that view would make the coder's internals, which are
// still being rewritten, an API that package petrarch depends on; keeping
// PETRARCH's matcher in its own files here keeps the coder's own path
// (coder.go, events.go, lexicon.go) free of PETRARCH fields and branches
// at no such cost. See docs/architecture.md.
type Matcher interface {
	// Name names the matcher: "dyad", "petrarch".
	Name() string
	// Len is the number of patterns the matcher has.
	Len() int
	// patterns returns how many patterns the matcher has whose head is
	// word, a verb or, with noun, a noun.
	patterns(word string, noun bool) int
	// bestMatch returns the best match at token head among the patterns
	// whose head is word.
	bestMatch(t *tree, head int, word string, noun bool) (match, bool)
	// events codes the events of a match the matcher made.
	events(c *Coder, t *tree, m match, idx *dyad.TextIndex) []dyad.Event
}

// matchAt returns the best match at token i among the matchers' patterns
// for its word, and how many patterns there were (zero when i heads no
// pattern; a match with a negative score when none of them matched). The
// word is the token's lemma or, when no matcher has a pattern for it, the
// first form derived from the word itself that one has: a lemmatiser's
// mistake ("shelled" → "shel") should not hide a known verb. Verb patterns
// apply to verbs, noun patterns to nouns. Between matchers the higher
// score wins, then the shorter spread, then the matcher listed first.
func (c *Coder) matchAt(t *tree, i int) (match, int) {
	best := match{score: -1}
	var noun bool
	switch t.toks[i].UPOS {
	case "VERB":
	case "NOUN", "PROPN":
		noun = true
	default:
		return best, 0
	}
	word := t.lemma(i)
	n := c.patterns(word, noun)
	if n == 0 {
		for _, l := range lemmaGuesses(strings.ToLower(t.toks[i].Text)) {
			if n = c.patterns(l, noun); n > 0 {
				word = l
				break
			}
		}
	}
	if n == 0 {
		return best, 0
	}
	for _, mt := range c.matchers {
		if mt.patterns(word, noun) == 0 {
			continue
		}
		m, ok := mt.bestMatch(t, i, word, noun)
		if !ok {
			continue
		}
		if m.score > best.score || (m.score == best.score && m.spread < best.spread) {
			m.by = mt
			best = m
		}
	}
	return best, n
}

// patterns returns how many patterns all the matchers have for a head word.
func (c *Coder) patterns(word string, noun bool) int {
	n := 0
	for _, mt := range c.matchers {
		n += mt.patterns(word, noun)
	}
	return n
}

// Matchers returns the coder's matchers, in the order it runs them.
func (c *Coder) Matchers() []Matcher { return c.matchers }
