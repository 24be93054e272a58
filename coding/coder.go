package coding

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ontology"
)

// Coder codes events from sentences whose tokens carry syntax and whose
// actor mentions are found. It is read-only and safe for concurrent use.
type Coder struct {
	// matchers find the events of patterns: dyad's lexicon first, then
	// any other (see Matcher).
	matchers []Matcher
	tab      *ontology.Table
	speech   *speechLists
}

// defaultSpeech holds the embedded speech-act lists (data/speech.txt).
var defaultSpeech = func() *speechLists {
	l, err := readSpeechLists("speech.txt", speechData)
	if err != nil {
		panic("coding: embedded " + err.Error())
	}
	return l
}()

// New returns a coder over dyad's lexicon, any further matchers (a
// *PetrarchLexicon) and the ontology table. It panics if the table lacks a
// code the coder itself writes (a broken build, not bad input).
func New(lex *Lexicon, tab *ontology.Table, more ...Matcher) *Coder {
	if err := checkSpeechCodes(tab); err != nil {
		panic("coding: " + err.Error())
	}
	return &Coder{matchers: append([]Matcher{lex}, more...), tab: tab, speech: defaultSpeech}
}

// phraseSkip are relations whose subtrees belong to other clauses or other
// participants, not to the predicate's own phrase.
var phraseSkip = map[string]bool{"nsubj": true, "csubj": true, "advcl": true, "parataxis": true, "conj": true,
	"punct": true, "cc": true, "discourse": true, "vocative": true, "aux": true, "cop": true,
	"acl:relcl": true, "dep": true, "reparandum": true, "list": true, "orphan": true}

// match is a pattern matched at a head token.
type match struct {
	p        *Pattern // the pattern, as dyad's rules for events read it
	by       Matcher  // the matcher whose pattern it is, which codes its events
	head     int
	score    int
	target   int   // mention index named by the pattern's TARGET slot, or -1
	source   int   // mention index named by the pattern's SOURCE slot, or -1
	consumed []int // tokens the pattern used
	spread   int   // distance from the head to the farthest token used
}

// CodeDocument codes every sentence of an annotated document.
func (c *Coder) CodeDocument(doc *dyad.Document) []dyad.Event {
	return c.codeDocument(doc, nil)
}

// Explain codes doc like CodeDocument and returns, beside the events, a
// note for every predicate the lexicon knows: the event it gave, or why it
// gave none.
func (c *Coder) Explain(doc *dyad.Document) ([]dyad.Event, []Note) {
	var notes []Note
	events := c.codeDocument(doc, &notes)
	return events, notes
}

// codeDocument codes each sentence, then settles what only the whole
// document can tell (see resolvePending).
func (c *Coder) codeDocument(doc *dyad.Document, notes *[]Note) []dyad.Event {
	var events []dyad.Event
	var pending []pendingEvent
	var relations [][2]string
	idx := dyad.NewTextIndex(doc.Text)
	for si := range doc.Sentences {
		s := &doc.Sentences[si]
		if s.Skip || len(s.Mentions) == 0 {
			continue
		}
		evs, t := c.codeSentenceNotes(s, idx, notes)
		events = append(events, evs...)
		pending = append(pending, t.pending...)
		relations = append(relations, t.relations...)
	}
	events = append(events, c.resolvePending(doc, events, relations, pending, notes)...)
	ploverByModality(events)
	date := ""
	if !doc.Date.IsZero() {
		date = doc.Date.Format("2006-01-02")
	}
	for i := range events {
		events[i].DocID, events[i].Date = doc.ID, date
	}
	return events
}

func (c *Coder) codeSentenceNotes(s *dyad.Sentence, idx *dyad.TextIndex, notes *[]Note) ([]dyad.Event, *tree) {
	t := newTree(s)
	t.notes = notes
	var matches []match
	for i := range t.toks {
		m, cands := c.matchAt(t, i)
		if cands == 0 {
			continue
		}
		if m.score >= 0 {
			matches = append(matches, m)
		} else {
			t.note(i, nil, fmt.Sprintf("none of its %d patterns matched its phrase", cands))
		}
	}
	// Code each match, then drop the events of heads that a longer
	// pattern of another head used ("threaten to attack"): they are part
	// of that event, not events of their own. A match that codes nothing
	// consumes nothing, unless it is a null pattern written to block.
	coded := make([][]dyad.Event, len(matches))
	consumed := map[int]bool{}
	for i, m := range matches {
		coded[i] = m.by.events(c, t, m, idx)
		if len(coded[i]) == 0 && !m.p.Null {
			continue
		}
		for _, k := range m.consumed {
			if k != m.head {
				consumed[k] = true
			}
		}
	}
	var events []dyad.Event
	seen := map[string]bool{}
	dyadRoot := map[string]bool{}
	for i, m := range matches {
		if consumed[m.head] {
			if len(coded[i]) > 0 {
				t.note(m.head, m.p, "part of a longer pattern of another word")
			}
			continue
		}
		for _, e := range coded[i] {
			key := e.Source.Code + "|" + e.Target.Code + "|" + e.CAMEO + "|" + string(e.Modality)
			if seen[key] {
				continue
			}
			seen[key] = true
			dyadRoot[e.Source.Code+"|"+e.Target.Code+"|"+e.Root] = true
			events = append(events, e)
		}
	}
	// Speech acts the lexicon did not already code.
	for _, e := range c.speechEvents(t, idx) {
		if k := e.Source.Code + "|" + e.Target.Code + "|" + e.Root; !dyadRoot[k] {
			dyadRoot[k] = true
			events = append(events, e)
		}
	}
	return events, t
}

// ordered returns the tokens of head's phrase after the head, in the order
// patterns read them. In the passive, the subject stands where the object
// would ("sanctions were imposed on Iran" reads as "imposed sanctions on
// Iran").
func (t *tree) ordered(head int, noun bool) []int {
	skip := phraseSkip
	var toks []int
	for _, c := range t.children[head] {
		if skip[t.toks[c].Deprel] || skip[t.rel(c)] || t.rel(c) == "mark" || t.toks[c].Deprel == "nsubj:pass" {
			continue
		}
		if noun && (t.rel(c) == "nmod" && t.toks[c].Deprel == "nmod:poss") {
			continue
		}
		toks = t.subtree(toks, c, skip)
	}
	sort.Ints(toks)
	var after []int
	for _, k := range toks {
		if k > head {
			after = append(after, k)
		}
	}
	if !noun {
		var pass []int
		for _, c := range t.childrenWith(head, "nsubj:pass") {
			pass = t.subtree(pass, c, skip)
		}
		sort.Ints(pass)
		after = append(pass, after...)
	}
	return after
}

// Name names dyad's matcher (see Matcher).
func (l *Lexicon) Name() string { return "dyad" }

func (l *Lexicon) patterns(word string, noun bool) int {
	if noun {
		return len(l.nouns[word])
	}
	return len(l.verbs[word])
}

// bestMatch returns the best of the lexicon's patterns for word at head:
// the one that uses the most of the phrase, then the most compact, then
// the one listed first.
func (l *Lexicon) bestMatch(t *tree, head int, word string, noun bool) (match, bool) {
	cands := l.verbs[word]
	if noun {
		cands = l.nouns[word]
	}
	phrase := t.ordered(head, noun)
	best := match{score: -1}
	for _, p := range cands {
		m, ok := matchPattern(t, head, phrase, p)
		if !ok {
			continue
		}
		if m.score > best.score || (m.score == best.score && m.spread < best.spread) ||
			(m.score == best.score && m.spread == best.spread && p.order < best.p.order) {
			best = m
		}
	}
	return best, best.score >= 0
}

// events codes a match of dyad's patterns by dyad's rules.
func (l *Lexicon) events(c *Coder, t *tree, m match, idx *dyad.TextIndex) []dyad.Event {
	return c.events(t, m, idx)
}

func matchPattern(t *tree, head int, phrase []int, p *Pattern) (match, bool) {
	m := match{p: p, head: head, target: -1, source: -1, consumed: []int{head}}
	if p.Particle != "" {
		found := false
		for _, k := range phrase {
			if t.lemma(k) == p.Particle && particleOf(t, head, k) {
				found = true
				m.consumed = append(m.consumed, k)
				break
			}
		}
		if !found {
			return m, false
		}
		m.score++
	}
	ok := matchFrom(t, phrase, p.Elems, 0, -1, &m)
	if !ok {
		return m, false
	}
	for _, k := range m.consumed {
		if d := k - head; d > m.spread {
			m.spread = d
		}
	}
	return m, true
}

// matchFrom matches elems against phrase[pos:], trying later occurrences
// of an element when the rest of the pattern fails after an earlier one
// ("suspended talks on trade … on Iran").
func matchFrom(t *tree, phrase []int, elems []Elem, pos, prevPrep int, m *match) bool {
	if len(elems) == 0 {
		return true
	}
	e := elems[0]
	saved := *m
	if e.Source {
		// A source slot must be filled: it is what the pattern is for.
		for from := pos; from < len(phrase); {
			mi, next := findTarget(t, phrase, from, prevPrep)
			if mi < 0 {
				return false
			}
			m.source = mi
			m.score++
			if matchFrom(t, phrase, elems[1:], next, -1, m) {
				return true
			}
			*m = saved
			from = next
		}
		return false
	}
	if e.Target {
		for from := pos; from < len(phrase); {
			mi, next := findTarget(t, phrase, from, prevPrep)
			if mi < 0 {
				break
			}
			m.target = mi
			m.score++
			if matchFrom(t, phrase, elems[1:], next, -1, m) {
				return true
			}
			*m = saved
			from = next
		}
		// The target slot may stay empty: the pattern's words name the
		// event, and the frame, or the document, names the target. A
		// pattern that fills its slot scores higher.
		*m = saved
		m.target = -1
		return matchFrom(t, phrase, elems[1:], pos, -1, m)
	}
	for j := pos; j < len(phrase); j++ {
		k := phrase[j]
		if !lemmaIn(t, k, e.Lemmas) {
			continue
		}
		m.consumed = append(m.consumed, k)
		m.score++
		prep := -1
		if t.toks[k].UPOS == "ADP" || t.rel(k) == "case" || t.rel(k) == "mark" {
			prep = k
		}
		if matchFrom(t, phrase, elems[1:], j+1, prep, m) {
			return true
		}
		*m = saved
	}
	return false
}

func lemmaIn(t *tree, k int, lemmas []string) bool {
	l, text := t.lemma(k), strings.ToLower(t.toks[k].Text)
	for _, w := range lemmas {
		if l == w || text == w {
			return true
		}
	}
	// The lemmatiser may have missed an inflection ("troops" → "troops").
	if l == text && len(text) > 3 && (t.toks[k].UPOS == "NOUN" || t.toks[k].UPOS == "VERB") {
		for _, g := range lemmaGuesses(text) {
			for _, w := range lemmas {
				if g == w {
					return true
				}
			}
		}
	}
	return false
}

// particleOf reports whether token k is the particle or preposition of a
// phrasal verb at head: its own particle ("call off"), or the preposition
// of one of its own complements ("call for talks"), not a preposition deeper
// in the phrase ("called the accusation a pretext for").
func particleOf(t *tree, head, k int) bool {
	p := t.toks[k].Head
	switch {
	case p == head:
		return true
	case p >= 0 && t.toks[p].Head == head && (t.rel(k) == "case" || t.rel(k) == "mark"):
		return true
	}
	return false
}

// findTarget finds the first mention in phrase[pos:]; after a preposition,
// it must be that preposition's object.
func findTarget(t *tree, phrase []int, pos, prep int) (mention, next int) {
	for j := pos; j < len(phrase); j++ {
		k := phrase[j]
		mi := t.mention[k]
		if mi < 0 {
			continue
		}
		if prep >= 0 {
			obj := t.toks[prep].Head
			if obj < 0 || (t.mentionAt(obj, 2) != mi && t.mention[obj] != mi) {
				continue
			}
		}
		end := j + 1
		for end < len(phrase) && t.mention[phrase[end]] == mi {
			end++
		}
		return mi, end
	}
	return -1, pos
}
