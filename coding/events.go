package coding

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
)

// events builds the events of one match: one per source × target pair.
func (c *Coder) events(t *tree, m match, idx *dyad.TextIndex) []dyad.Event {
	// An act told in a relative clause ("vessels that intruded into
	// Chinese waters", "rebels, who took the capital") is background to
	// the sentence's own news: the gold sets mark such events optional.
	background := m.p.Noun && !t.eventNoun(m.head) || t.inRelativeClause(m.head)
	f := t.frame(m.head)
	sources := t.frameSources(f)
	if len(sources) == 0 {
		sources = c.sources(t, m.head, m.p.Noun)
	}
	if m.source >= 0 {
		// "Russia will face costs from the United States": the pattern's
		// SOURCE slot acts, on the subject (or, in the passive, on the
		// one the subject names: "was extradited to the US from Canada").
		subject := sources
		sources = t.withConjuncts(m.source)
		if m.target < 0 && !(f != nil && f.Passive) {
			m.target = firstOf(subject)
		}
	}
	code, _ := c.tab.Lookup(m.p.Code)
	implied := false
	if len(sources) == 0 && code.Root == "17" && f != nil && f.Passive {
		// "A Japanese journalist was detained at a protest in Yangon":
		// an arrest with no agent is the authorities' where it happens.
		if mi := t.coercionPlace(f); mi >= 0 {
			sources, implied = []int{mi}, true
		}
	}
	if len(sources) == 0 {
		t.note(m.head, m.p, "no actor as its source")
		return nil
	}
	var targets []int
	if m.target >= 0 && t.sameActorAs(m.target, sources) {
		// "expresses his condolences to the Government of Egypt": the
		// slot caught the source's own pronoun; the frame knows better.
		m.target = -1
	}
	if m.target >= 0 {
		targets = []int{m.target}
		// coordinated targets: "sanctions on Iran and Syria"
		for _, mi := range t.mentionsAt(t.s.Mentions[m.target].Head) {
			if !contains(targets, mi) {
				targets = append(targets, mi)
			}
		}
	} else {
		targets = t.frameTargets(f, m.p.Code)
		if len(targets) == 0 {
			targets = c.defaultTargets(t, m.head, m.p.Noun, m.p.Code)
		}
	}
	// A target that is also a source is the other party of a joint act
	// ("the army and the RSF agreed to extend a cease-fire").
	var others []int
	for _, ti := range targets {
		if !contains(sources, ti) {
			others = append(others, ti)
		}
	}
	targets = others
	pairs := [][2]int{}
	if len(targets) == 0 && len(sources) > 1 && symmetricRoots[code.Root] {
		// "Biden and Xi met": coordinated subjects act on each other. A
		// reciprocal event is one event, written from the first named.
		sort.Slice(sources, func(i, j int) bool { return t.s.Mentions[sources[i]].Tokens[0] < t.s.Mentions[sources[j]].Tokens[0] })
		for i, a := range sources {
			for _, b := range sources[i+1:] {
				pairs = append(pairs, [2]int{a, b})
			}
		}
	} else {
		targets = dropOwnCountry(t, sources, targets)
		if len(targets) == 0 && code.Root == "14" {
			targets = t.protestTargets(sources)
		}
		for _, a := range sources {
			for _, b := range targets {
				pairs = append(pairs, [2]int{a, b})
			}
		}
	}
	if background {
		// "since Russia's invasion of Ukraine": an act the sentence
		// mentions but does not report. It is no event, but it tells the
		// document who is at odds with whom (context.go).
		if conflictRoots[code.Root] {
			for _, p := range pairs {
				t.relations = append(t.relations, [2]string{dyad.CountryOf(t.s.Mentions[p[0]].Code), dyad.CountryOf(t.s.Mentions[p[1]].Code)})
			}
		}
		t.note(m.head, m.p, "a noun that does not report an event here")
		return nil
	}
	if len(pairs) == 0 && (code.Root == "06" || code.Root == "07") {
		// "provided defensive assistance to intercept Iranian strikes":
		// help against an enemy goes to the enemy's adversary, which the
		// document names (see context.go).
		if opp := t.opposedActors(f, sources); len(opp) > 0 {
			c.pendingAid(t, m, sources, opp[0], idx)
			return nil
		}
	}
	if len(pairs) == 0 {
		t.note(m.head, m.p, "no actor as its target")
		return nil
	}
	modality, cue := modalityOf(t, m.head)
	if code.Root == "13" && modality != dyad.Asserted && futureCues[cue] {
		// "Russia will face costs", "any attack would be met with
		// force": a threat is made by saying what will happen; the
		// future is its content, the threat itself is asserted.
		modality, cue = dyad.Asserted, cue+" (threat)"
	}
	attr := attributionOf(t, m.head, idx)
	place := t.placeOf(m.head)
	var out []dyad.Event
	for _, pair := range pairs {
		si, ti := pair[0], pair[1]
		src, tgt := t.s.Mentions[si], t.s.Mentions[ti]
		// An actor of unknown country makes no dyad.
		if si == ti || src.Code == tgt.Code || src.Code == "" || tgt.Code == "" ||
			dyad.CountryOf(src.Code) == "---" || dyad.CountryOf(tgt.Code) == "---" {
			t.note(m.head, m.p, fmt.Sprintf("no dyad: source %q (%s), target %q (%s)", src.Text, src.Code, tgt.Text, tgt.Code))
			continue
		}
		code := code
		if code.Root == "19" && unconventional(src.Code, tgt.Code) {
			// Armed force used by gunmen or criminals, or by militants
			// on civilians, is unconventional violence in CAMEO (18),
			// not military force.
			if alt, ok := c.tab.Lookup("180"); ok {
				code = alt
			}
		}
		e := dyad.Event{
			SentenceIndex: t.s.Index,
			Sentence:      t.s.Text,
			SentenceSpan:  t.s.Span,
			Source:        dyad.Actor{Code: src.Code, Text: src.Text, Span: src.Span},
			Target:        dyad.Actor{Code: tgt.Code, Text: tgt.Text, Span: tgt.Span},
			CAMEO:         code.Code,
			Root:          code.Root,
			Quad:          code.Quad,
			Goldstein:     code.Goldstein,
			PLOVER:        dyad.PLOVER{Type: code.PLOVERType, Mode: code.PLOVERMode},
			Modality:      modality,
			Attribution:   attr,
			Rule:          ruleName(m.p, cue) + impliedNote(implied),
			Verb:          verbPhrase(t, m, idx),
			Quote:         inQuotes(t, m.head),
			Place:         place,
		}
		out = append(out, e)
		if said, ok := c.statedIntent(e, cue, conditional(t, m.head)); ok {
			out = append(out, said)
		}
	}
	return out
}

// futureCues are the modality cues of a plain future.
var futureCues = map[string]bool{"will": true, "shall": true, "'ll": true, "’ll": true, "would": true,
	"would (reported will)": true, "going to": true}

// coercionPlace finds where a passive act of coercion with no agent took
// place: a place or country named in its own phrases ("detained at a
// protest in Yangon", "arrested in Ankara").
func (t *tree) coercionPlace(f *dyad.Frame) int {
	for _, a := range f.Args {
		if a.Role != dyad.Oblique {
			continue
		}
		if mi := t.placeIn(a.Span); mi >= 0 {
			return mi
		}
	}
	return -1
}

func impliedNote(implied bool) string {
	if implied {
		return "; source: the authorities where it happened (agentless passive)"
	}
	return ""
}

// inRelativeClause reports whether the predicate at head is a relative
// clause's verb, or coordinated with one.
func (t *tree) inRelativeClause(head int) bool {
	for v, hops := head, 0; v >= 0 && hops < 3; hops++ {
		switch t.toks[v].Deprel {
		case "acl:relcl":
			return true
		case "conj":
			v = t.toks[v].Head
		default:
			return false
		}
	}
	return false
}

// sameActorAs reports whether mention mi has the code of one of sources.
func (t *tree) sameActorAs(mi int, sources []int) bool {
	for _, si := range sources {
		if si == mi || t.s.Mentions[si].Code == t.s.Mentions[mi].Code {
			return true
		}
	}
	return false
}

// withConjuncts returns mention mi and the mentions coordinated with it.
func (t *tree) withConjuncts(mi int) []int {
	out := []int{mi}
	for _, c := range t.mentionsAt(t.s.Mentions[mi].Head) {
		if !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func firstOf(xs []int) int {
	if len(xs) == 0 {
		return -1
	}
	return xs[0]
}

// pendingAid records, for each source, an act of help whose recipient the
// document must settle: the adversary of the actor opp.
func (c *Coder) pendingAid(t *tree, m match, sources []int, opp int, idx *dyad.TextIndex) {
	code, _ := c.tab.Lookup(m.p.Code)
	modality, cue := modalityOf(t, m.head)
	against := dyad.CountryOf(t.s.Mentions[opp].Code)
	for _, si := range sources {
		src := t.s.Mentions[si]
		if dyad.CountryOf(src.Code) == "---" || against == "---" {
			continue
		}
		t.pending = append(t.pending, pendingEvent{against: against, event: dyad.Event{
			SentenceIndex: t.s.Index,
			Sentence:      t.s.Text,
			SentenceSpan:  t.s.Span,
			Source:        dyad.Actor{Code: src.Code, Text: src.Text, Span: src.Span},
			CAMEO:         code.Code,
			Root:          code.Root,
			Quad:          code.Quad,
			Goldstein:     code.Goldstein,
			PLOVER:        dyad.PLOVER{Type: code.PLOVERType, Mode: code.PLOVERMode},
			Modality:      modality,
			Attribution:   attributionOf(t, m.head, idx),
			Rule:          ruleName(m.p, cue) + "; against " + t.s.Mentions[opp].Text,
			Verb:          verbPhrase(t, m, idx),
			Quote:         inQuotes(t, m.head),
		}})
	}
}

// unconventional reports whether force used by source on target is
// unconventional violence: by unidentified gunmen or criminals, whoever
// the victim; by rebels, militants and transnational militant groups, on
// civilians and other unarmed people (their fighting with armed forces,
// or on a state's territory, stays 19: "rebels attacked a military base").
func unconventional(source, target string) bool {
	role := func(code string) string {
		if len(code) >= 6 {
			return code[3:6]
		}
		return ""
	}
	switch role(source) {
	case "UAF", "CRM":
		return true
	case "REB", "INS":
	default:
		if !strings.HasPrefix(source, "IMG") {
			return false
		}
	}
	switch role(target) {
	case "CVL", "REF", "EDU", "HLH", "REL", "MED", "NGO", "BUS", "LAB", "AGR", "OPP", "ELI":
		return true
	}
	return false
}

func ruleName(p *Pattern, cue string) string {
	r := "verb:" + p.Head
	if p.Noun {
		r = "noun:" + p.Head
	}
	r += "/" + p.Code + " " + p.Text + " @" + p.Source
	if cue != "" {
		r += "; modality:" + cue
	}
	return r
}

// verbPhrase is the text that names the event: the head and the pattern's
// words that follow it up to the first actor, so that it never overlaps the
// source or target it stands between ("held talks with", "ordering").
func verbPhrase(t *tree, m match, idx *dyad.TextIndex) dyad.Phrase {
	lo, hi := m.head, m.head
	used := map[int]bool{}
	for _, k := range m.consumed {
		used[k] = true
		if k < lo && t.mention[k] < 0 {
			lo = k
		}
	}
	for k := m.head + 1; k < len(t.toks) && t.mention[k] < 0; k++ {
		if used[k] {
			hi = k
		}
	}
	for k := lo; k < m.head; k++ {
		if t.mention[k] >= 0 {
			lo = m.head
		}
	}
	span := dyad.Span{t.toks[lo].Span[0], t.toks[hi].Span[1]}
	return dyad.Phrase{Text: idx.Slice(span), Span: span}
}

// eventNoun reports whether a noun at head reports an event of its own: it
// is the object of a light verb, or the subject or the head of its sentence ("Israel's strikes on Gaza
// killed …", a headline). A nominal event in an object or an adverbial
// phrase ("condemned Iran's attack", "hours after Israel's attack") refers
// back to an event told elsewhere, or is part of another event; one that
// gives the occasion ("during a visit to Kyiv") is reported as it happens.
func (t *tree) eventNoun(head int) bool {
	// "launched attacks on", "announced sanctions against": the object
	// of a light verb is the event the clause reports.
	if f := t.frame(head); f != nil && f.Light >= 0 {
		return true
	}
	switch t.toks[head].Deprel {
	case "nsubj", "nsubj:pass", "root", "":
		return true
	}
	if t.toks[head].Head < 0 {
		return true
	}
	// "during a visit to Kyiv", "in a phone call with Putin": the
	// occasion of the clause is an event of its own.
	if r := t.rel(head); r == "obl" || r == "nmod" {
		if t.hasChildLemma(head, "case", "during", "in") {
			return true
		}
		// "will depart for a trip to Seoul", "arrived in Kyiv for talks",
		// "is on a visit to Beijing", "are in Cairo for truce talks": the
		// purpose of a journey or a stay.
		if p := t.toks[head].Head; p >= 0 && (travelVerbs[t.lemma(p)] || len(t.childrenWith(p, "cop")) > 0) {
			return t.hasChildLemma(head, "case", "for", "on")
		}
	}
	return false
}

// travelVerbs are verbs of a journey, whose "for"- or "on"-phrase names
// what the journey is for.
var travelVerbs = map[string]bool{"arrive": true, "travel": true, "fly": true, "depart": true, "leave": true,
	"head": true, "go": true, "come": true, "embark": true, "set": true, "land": true, "be": true}

// placeOf returns where the event at head happened, when the clause says
// so with a place the dictionaries know: "in Doha", "near Tehran".
func (t *tree) placeOf(head int) string {
	for _, ch := range t.childrenWith(head, "obl", "nmod") {
		if !t.hasChildLemma(ch, "case", "in", "near", "at", "inside", "outside") {
			continue
		}
		if mi := t.mention[ch]; mi >= 0 {
			switch t.s.Mentions[mi].Kind {
			case "name", "capital":
				return t.s.Mentions[mi].Text
			}
		}
	}
	return ""
}

// inQuotes reports whether a token stands inside quotation marks in its
// sentence.
func inQuotes(t *tree, k int) bool {
	open := false
	for i := 0; i < k; i++ {
		switch t.toks[i].Text {
		case "“":
			open = true
		case "”":
			open = false
		case "\"":
			open = !open
		}
	}
	return open
}
