package coding

import (
	"slices"
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
)

// PETRARCH's matcher. PETRARCH verb patterns (PetrarchPattern, read by
// package petrarch) may name words that stand before the verb ("SHARPLY
// *", "NEWSPAPER *"), code a pair of events ("[043:042]": the host hosts,
// the guest visits) or code nothing ("[---]"). matchPetrarch and
// petrarchEvents give them those meanings, borrowing dyad's rules for the
// source and target where PETRARCH's agree with them; dyad's own patterns
// never reach this file.

// matchPetrarch matches a PETRARCH pattern at head: the elements marked
// Before among the words of the verb's clause that precede it, the others
// as matchPattern does, in the verb's phrase after it.
func matchPetrarch(t *tree, head int, phrase []int, p *PetrarchPattern) (match, bool) {
	m := match{p: p.rule, head: head, target: -1, source: -1, consumed: []int{head}}
	phrase = t.withInfinitives(head, phrase)
	// The words of a complement clause with a subject of its own are that
	// clause's: "said he has deep satisfaction" is no "* SATISFACTION".
	var clause []int
	for _, ch := range t.childrenWith(head, "ccomp") {
		if ch > head && len(t.childrenWith(ch, "nsubj", "nsubj:pass")) > 0 {
			clause = t.subtree(clause, ch, nil)
		}
	}
	if len(clause) > 0 {
		phrase = slices.DeleteFunc(slices.Clone(phrase), func(k int) bool { return contains(clause, k) })
	}
	if p.Form != "" {
		// "LEFT [040:040]" is its own verb in PETRARCH, apart from LEAVE
		if strings.ToLower(t.toks[head].Text) != p.Form {
			return m, false
		}
		m.score++
	}
	var before, after []PetrarchElem
	for _, e := range p.Elems {
		if e.Before {
			before = append(before, e)
		} else {
			after = append(after, e)
		}
	}
	if len(before) > 0 {
		pre := t.preceding(head)
		pos := 0
		for _, e := range before {
			if e.Compound {
				// "%" before the verb: a subject of coordinated actors
				ok := false
				for _, ch := range t.childrenWith(head, "nsubj") {
					ok = ok || len(t.mentionsAt(ch)) > 1
				}
				if !ok {
					return m, false
				}
				m.score++
				continue
			}
			if e.Target || e.Source {
				// an actor slot before the verb: any mention there
				found := -1
				for j := pos; j < len(pre); j++ {
					if t.mention[pre[j]] >= 0 {
						found = j
						break
					}
				}
				if found < 0 {
					return m, false
				}
				if e.Target {
					m.target = t.mention[pre[found]]
				}
				pos = found + 1
				m.score++
				continue
			}
			found, last := findLemma(t, pre, pos, e.Lemmas, e.Next)
			if found < 0 {
				return m, false
			}
			m.consumed = append(m.consumed, pre[found:last+1]...)
			pos = last + 1
			m.score += last - found + 1 // a phrase scores its words, as in PETRARCH's longest match
		}
	}
	pos := 0
	prevPrep := -1
	for _, e := range after {
		if e.Compound {
			// "%" after the verb: the next actor has others coordinated with it
			mi, next := findTarget(t, phrase, pos, prevPrep)
			if mi < 0 || len(t.mentionsAt(t.s.Mentions[mi].Head)) < 2 {
				return m, false
			}
			pos, prevPrep = next, -1
			m.score++
			continue
		}
		if e.Skip {
			// "^" passes over the next noun phrase (an actor's whole
			// mention): "celebrated Iftar in ^ with +"
			j := pos
			for j < len(phrase) && !isNominal(t.toks[phrase[j]].UPOS) {
				j++
			}
			if j == len(phrase) {
				return m, false
			}
			if mi := t.mention[phrase[j]]; mi >= 0 {
				for j+1 < len(phrase) && t.mention[phrase[j+1]] == mi {
					j++
				}
			}
			pos, prevPrep = j+1, -1
			continue
		}
		if e.Target || e.Source {
			mi, next := findTarget(t, phrase, pos, prevPrep)
			if mi < 0 {
				return m, false
			}
			// A "$" slot holds the source: the match names it as the
			// target, and petrarchEvents turns the events around.
			m.target = mi
			pos = next
			m.score++
			prevPrep = -1
			continue
		}
		found, last := findLemma(t, phrase, pos, e.Lemmas, e.Next)
		if found < 0 {
			return m, false
		}
		k := phrase[found]
		m.consumed = append(m.consumed, phrase[found:last+1]...)
		prevPrep = -1
		if t.toks[k].UPOS == "ADP" || t.rel(k) == "case" || t.rel(k) == "mark" {
			prevPrep = k
		}
		pos = last + 1
		m.score += last - found + 1
	}
	return m, true
}

// findLemma returns the first index j ≥ pos of toks whose token has one of
// the lemmas (or is written so), and the index of the last token matched:
// a lemma of several words ("total boycott") matches consecutive words.
// With next, the token must be in one noun phrase with the token before
// pos, the last one matched: "{DEATH TOLL}" matches "death and injury
// toll", as in PETRARCH. It returns -1, -1 when nothing matches.
func findLemma(t *tree, toks []int, pos int, lemmas []string, next bool) (int, int) {
	if next && (pos == 0 || pos > len(toks)) {
		return -1, -1
	}
	for j := pos; j < len(toks); j++ {
		if next && (!t.samePhrase(toks[pos-1], toks[j]) || t.nounBetween(toks[pos-1], toks[j])) {
			continue
		}
		for _, w := range lemmas {
			if !strings.Contains(w, " ") {
				if t.is(toks[j], w) {
					return j, j
				}
				continue
			}
			ws := strings.Fields(w)
			ok := j+len(ws) <= len(toks)
			for i := 0; ok && i < len(ws); i++ {
				ok = toks[j+i] == toks[j]+i && t.is(toks[j+i], ws[i])
			}
			if ok {
				return j, j + len(ws) - 1
			}
		}
	}
	return -1, -1
}

// is reports whether token k has the lemma w or is written w.
func (t *tree) is(k int, w string) bool {
	return t.lemma(k) == w || strings.ToLower(t.toks[k].Text) == w
}

// preceding returns the tokens of head's clause that stand before it: its
// subject, auxiliaries and adverbs, and the clause it is the complement of
// ("indicated it would attack"), in text order.
func (t *tree) preceding(head int) []int {
	skip := map[string]bool{"punct": true, "parataxis": true, "conj": true, "cc": true}
	var toks []int
	for _, c := range t.children[head] {
		// PETRARCH reads the words before the verb in its subject's noun
		// phrase ("NEWSPAPER *"), its auxiliaries and negation ("WOULD
		// NOT *"), not its adverbs ("recently allowed" is coded as
		// "allowed").
		if c < head && (t.rel(c) == "nsubj" || t.rel(c) == "csubj" || t.rel(c) == "aux" || negation(t.toks[c].Text)) {
			toks = t.subtree(toks, c, skip)
		}
	}
	// an infinitive or complement: the words of the governing verb before it
	if p := t.toks[head].Head; p >= 0 && p < head {
		switch t.rel(head) {
		case "xcomp", "ccomp":
			toks = append(toks, p)
			for _, c := range t.children[p] {
				if c < head && c != head && !skip[t.rel(c)] {
					toks = t.subtree(toks, c, skip)
				}
			}
		}
	}
	sort.Ints(toks)
	out := toks[:0]
	for i, k := range toks {
		if k < head && (i == 0 || toks[i-1] != k) {
			out = append(out, k)
		}
	}
	return out
}

// petrarchEvents applies a PETRARCH pattern's codes to the events coded for
// its match m: "[---]" codes nothing, a code outside dyad's ontology table
// (the unit-test dictionaries use some) is kept as written, and a paired
// code adds the event from target to source.
func (c *Coder) petrarchEvents(t *tree, p *PetrarchPattern, m match, idx *dyad.TextIndex) []dyad.Event {
	if p.Null {
		return nil
	}
	var evs []dyad.Event
	if hasSourceSlot(p) && m.target >= 0 {
		evs = c.sourceSlotEvents(t, m, idx)
	} else {
		evs = c.rolesPetrarch(t, m, idx)
	}
	if len(evs) == 0 && p.Open {
		evs = c.oneSided(t, m, idx)
	}
	if inv, ok := petrarchNegation[p.Code]; ok && negatedVerb(t, m.head) {
		for i := range evs {
			if evs[i].CAMEO == p.Code {
				c.recode(&evs[i], inv)
			}
		}
	}
	var out []dyad.Event
	for _, e := range evs {
		if p.Code != "" {
			if e.CAMEO == "" {
				e.CAMEO = p.Code
			}
			out = append(out, e)
		}
		if p.Reverse != "" {
			r := e
			r.Source, r.Target = e.Target, e.Source
			r.CAMEO = p.Reverse
			if code, ok := c.tab.Lookup(p.Reverse); ok {
				r.CAMEO, r.Root, r.Quad, r.Goldstein = code.Code, code.Root, code.Quad, code.Goldstein
				r.PLOVER = dyad.PLOVER{Type: code.PLOVERType, Mode: code.PLOVERMode}
			} else {
				r.Root, r.Quad, r.Goldstein, r.PLOVER = "", 0, 0, dyad.PLOVER{}
			}
			out = append(out, r)
		}
	}
	return out
}

// rolesPetrarch finds the events of a PETRARCH match with dyad's rules for
// source and target, and PETRARCH's where those find nobody.
func (c *Coder) rolesPetrarch(t *tree, m match, idx *dyad.TextIndex) []dyad.Event {
	if t.rel(m.head) == "advcl" && !t.infinitive(m.head) && len(t.childrenWith(m.head, "nsubj", "nsubj:pass")) == 0 {
		// "after leaving Eriador": PETRARCH codes no adverbial clause
		// without a subject of its own, except an infinitive of purpose.
		return nil
	}
	evs := ownTargets(t, m.head, dropPronounTargets(t, c.events(t, m, idx)))
	if len(evs) > 0 && m.target < 0 {
		// Name the target dyad's rules found, so that its conjuncts
		// are targets too ("ties with Mordor, Rohan and Bree").
		for mi, mm := range t.s.Mentions {
			if mm.Span == evs[0].Target.Span {
				m2 := m
				m2.target = mi
				evs = dropPronounTargets(t, c.events(t, m2, idx))
				break
			}
		}
	}
	if len(evs) == 0 || amongSources(t, evs, c.sources(t, m.head, m.p.Noun)) || targetsBefore(t, evs, m.head) {
		// No target, only the subjects acting on one another, or a target
		// taken from before the verb ("Ithilen's minister warned of the
		// Prince"): PETRARCH looks into the verb phrase first, and codes
		// coordinated subjects both ways only when it finds nobody there.
		if fb := c.petrarchFallback(t, m, idx); len(fb) > 0 {
			evs = fb
		}
	}
	return distributeConjuncts(t, evs)
}

// petrarchFallback codes a PETRARCH match that dyad's rules find no
// source or target for, the way PETRARCH reads a verb phrase: the target is
// the first actor in the verb's phrase, wherever it stands in it ("welcomed
// memos from Bree", "criticized the closure of houses in Bree"); an
// agentless passive has that actor as its source and its subject as the
// target ("the Philippines was criticized over its dispute with Eriador").
func (c *Coder) petrarchFallback(t *tree, m match, idx *dyad.TextIndex) []dyad.Event {
	if m.p.Noun {
		return nil
	}
	srcs := c.petrarchSources(t, m.head)
	var subj []int
	for _, ch := range t.childrenWith(m.head, "nsubj:pass") {
		subj = append(subj, t.mentionsAt(ch)...)
	}
	passive := t.isPassive(m.head) && len(subj) > 0 && len(srcs) == 0
	exclude := map[string]bool{}
	for _, si := range srcs {
		exclude[t.s.Mentions[si].Code] = true
	}
	phrase := t.ordered(m.head, false)
	if passive {
		// "Gollum was seen to break into the parade": the actors of an
		// infinitive under the passive are that verb's, not its agent.
		var own []int
		for _, ch := range t.childrenWith(m.head, "xcomp") {
			own = t.subtree(own, ch, nil)
		}
		phrase = slices.DeleteFunc(slices.Clone(phrase), func(k int) bool { return contains(own, k) })
	}
	first := firstActor(t, phrase, subj, exclude)
	if first < 0 && !passive {
		// an actor deeper in the verb's complements ("begun to question
		// whether he has a future with the Morgul Orcs")
		first = firstActor(t, t.clause(m.head), subj, exclude)
	}
	var out []dyad.Event
	add := func(a, b int) {
		if e, ok := c.petrarchEvent(t, m, idx, a, b); ok {
			out = append(out, e)
		}
	}
	switch {
	case first < 0:
		// "Gondor and Osgiliath have delayed their meeting": coordinated
		// subjects with no other participant act on each other. A
		// pronoun is none of them: PETRARCH reads no pronouns.
		for _, a := range srcs {
			for _, b := range srcs {
				if t.s.Mentions[a].Kind != "pronoun" && t.s.Mentions[b].Kind != "pronoun" {
					add(a, b)
				}
			}
		}
	case passive:
		for _, s := range subj {
			add(first, s)
		}
	default:
		targets := []int{first}
		for _, cj := range t.childrenWith(t.s.Mentions[first].Head, "conj") {
			if mi := t.mentionAt(cj, 2); mi >= 0 && !contains(targets, mi) {
				targets = append(targets, mi)
			}
		}
		for _, a := range srcs {
			for _, b := range targets {
				add(a, b)
			}
		}
	}
	return out
}

// petrarchSources finds the source of a verb as Coder.sources does, and
// when the verb's subject is a pronoun dyad did not resolve ("Ethiopia
// indicated it would act"), the source of the verb it depends on.
func (c *Coder) petrarchSources(t *tree, head int) []int {
	if s := c.sources(t, head, false); len(s) > 0 {
		return s
	}
	for _, ch := range t.childrenWith(head, "nsubj") {
		if t.toks[ch].UPOS != "PRON" {
			return nil
		}
	}
	p := t.toks[head].Head
	if p >= 0 && t.rel(head) == "xcomp" && t.isPassive(p) {
		// "Gollum was seen to break into the parade": the subject of
		// the passive is the one who breaks in.
		var out []int
		for _, ch := range t.childrenWith(p, "nsubj:pass") {
			out = append(out, t.mentionsAt(ch)...)
		}
		if len(out) > 0 {
			return out
		}
	}
	switch t.rel(head) {
	case "ccomp", "xcomp", "advcl", "conj":
		if p >= 0 {
			return c.sources(t, p, false)
		}
	}
	return nil
}

// firstActor returns the first mention on toks that is not a pronoun (which
// PETRARCH does not read), not in skip and not of a code in exclude (an
// actor does not act on itself: "renewing his license in Michel Delving").
func firstActor(t *tree, toks []int, skip []int, exclude map[string]bool) int {
	for _, k := range toks {
		mi := t.mention[k]
		if mi < 0 || contains(skip, mi) {
			continue
		}
		if mm := t.s.Mentions[mi]; mm.Kind == "pronoun" || exclude[mm.Code] {
			continue
		}
		return mi
	}
	return -1
}

// clause returns the tokens after head in its whole subtree, complements
// included, but not its subject or adverbial and loosely attached clauses.
func (t *tree) clause(head int) []int {
	skip := map[string]bool{"punct": true, "parataxis": true, "nsubj": true, "csubj": true, "advcl": true, "conj": true}
	inner := map[string]bool{"punct": true, "parataxis": true, "acl": true, "advcl": true, "conj": true}
	var toks []int
	for _, ch := range t.children[head] {
		// an adverbial clause that is an infinitive or an indirect
		// question ("to question whether he has a future with the Orcs")
		// is read as a complement
		if ch > head && (!skip[t.rel(ch)] || t.infinitive(ch) || (t.rel(ch) == "advcl" && t.hasChildLemma(ch, "mark", "whether")) || t.participle(ch)) {
			// below the verb's own dependents, complements keep their
			// subjects: "believe Dagolath and Osgiliath can cope"
			toks = t.subtree(toks, ch, inner)
		}
	}
	sort.Ints(toks)
	return toks
}

// participle reports whether k heads a bare participial clause ("...
// hunting trip in the White Downs", parsed as "hunting" with its object):
// PETRARCH reads it inside the verb phrase.
func (t *tree) participle(k int) bool {
	return t.rel(k) == "advcl" && t.toks[k].XPOS == "VBG" && len(t.childrenWith(k, "mark", "nsubj", "nsubj:pass")) == 0
}

// petrarchEvent builds the event of match m from mention si to mention ti,
// as Coder.events does for the source and target it finds itself.
func (c *Coder) petrarchEvent(t *tree, m match, idx *dyad.TextIndex, si, ti int) (dyad.Event, bool) {
	src, tgt := t.s.Mentions[si], t.s.Mentions[ti]
	if si == ti || src.Code == tgt.Code || src.Code == "" || tgt.Code == "" {
		return dyad.Event{}, false
	}
	return c.buildEvent(t, m, idx, dyad.Actor{Code: src.Code, Text: src.Text, Span: src.Span},
		dyad.Actor{Code: tgt.Code, Text: tgt.Text, Span: tgt.Span}), true
}

// buildEvent builds the event of match m from src to tgt.
func (c *Coder) buildEvent(t *tree, m match, idx *dyad.TextIndex, src, tgt dyad.Actor) dyad.Event {
	code, _ := c.tab.Lookup(m.p.Code)
	modality, cue := modalityOf(t, m.head)
	return dyad.Event{
		SentenceIndex: t.s.Index,
		Sentence:      t.s.Text,
		SentenceSpan:  t.s.Span,
		Source:        src,
		Target:        tgt,
		CAMEO:         code.Code,
		Root:          code.Root,
		Quad:          code.Quad,
		Goldstein:     code.Goldstein,
		PLOVER:        dyad.PLOVER{Type: code.PLOVERType, Mode: code.PLOVERMode},
		Modality:      modality,
		Attribution:   attributionOf(t, m.head, idx),
		Rule:          ruleName(m.p, cue),
		Verb:          verbPhrase(t, m, idx),
		Quote:         inQuotes(t, m.head),
	}
}

// distributeConjuncts gives an event to every actor coordinated with its
// source or target inside a larger mention: "the ambassadors of Arnor,
// Osgiliath and Gondor" are ARNGOV, OSGGOV and GONGOV; "lawmakers in Arnor
// and Gondor" ARNLEG and GONLEG.
func distributeConjuncts(t *tree, evs []dyad.Event) []dyad.Event {
	var out []dyad.Event
	seen := map[string]bool{}
	for _, e := range evs {
		for _, s := range t.conjActors(e.Source) {
			for _, g := range t.conjActors(e.Target) {
				k := s.Code + "|" + g.Code + "|" + e.CAMEO
				if s.Code == g.Code || seen[k] {
					continue
				}
				seen[k] = true
				ee := e
				ee.Source, ee.Target = s, g
				out = append(out, ee)
			}
		}
	}
	return out
}

// conjActors returns a and the actors coordinated with a word inside a's
// mention but outside it. A conjunct of a word other than the mention's
// head shares the mention's role: its code gets the mention's sector.
func (t *tree) conjActors(a dyad.Actor) []dyad.Actor {
	out := []dyad.Actor{a}
	mi := -1
	for i, m := range t.s.Mentions {
		if m.Span == a.Span && m.Code == a.Code {
			mi = i
			break
		}
	}
	if mi < 0 {
		return out
	}
	mm := t.s.Mentions[mi]
	for k := mm.Tokens[0]; k < mm.Tokens[1] && k < len(t.toks); k++ {
		if k == mm.Head {
			continue
		}
		for _, cj := range t.childrenWith(k, "conj") {
			mc := t.mention[cj]
			if mc < 0 || mc == mi {
				continue
			}
			c := t.s.Mentions[mc]
			code := c.Code
			if len(code) == 3 && len(mm.Code) > 3 {
				code += mm.Code[3:]
			}
			out = append(out, dyad.Actor{Code: code, Text: c.Text, Span: c.Span})
		}
	}
	// Named actors coordinated with the mention's head act with it:
	// "ties between Arnor and Gondor may spur" when the parser found only
	// Gondor for the subject.
	named := t.childrenWith(mm.Head, "conj")
	if p := t.toks[mm.Head].Head; t.rel(mm.Head) == "conj" && p >= 0 {
		named = append(named, p)
	}
	for _, k := range named {
		if pi := t.mention[k]; pi >= 0 && pi != mi && !strings.HasPrefix(t.s.Mentions[pi].Code, "---") && t.s.Mentions[pi].Kind != "pronoun" {
			pm := t.s.Mentions[pi]
			out = append(out, dyad.Actor{Code: pm.Code, Text: pm.Text, Span: pm.Span})
		}
	}
	// A role word coordinated with the mention's head shares its country:
	// "Danish media and government" are DNKMED and DNKGOV, "lawmakers and
	// officials in Arnor and Gondor" ARNLEG and GONLEG too.
	var partners []int
	for _, cj := range t.childrenWith(mm.Head, "conj") {
		partners = append(partners, t.mention[cj])
	}
	if p := t.toks[mm.Head].Head; t.rel(mm.Head) == "conj" && p >= 0 {
		partners = append(partners, t.mention[p])
	}
	countries := slices.Clone(out)
	for _, pi := range partners {
		if pi < 0 || pi == mi || !strings.HasPrefix(t.s.Mentions[pi].Code, "---") || len(t.s.Mentions[pi].Code) <= 3 {
			continue
		}
		pm := t.s.Mentions[pi]
		for _, c := range countries {
			if country := dyad.CountryOf(c.Code); country != "" && country != "---" {
				out = append(out, dyad.Actor{Code: country + pm.Code[3:], Text: pm.Text, Span: pm.Span})
			}
		}
	}
	return out
}

// samePhrase reports whether two tokens are words of one noun phrase:
// one governs the other, directly or through one word, or they modify the
// same word ("new economic relations").
func (t *tree) samePhrase(a, b int) bool {
	chain := func(x int) []int {
		out := []int{x}
		for hops := 0; hops < 2 && x >= 0; hops++ {
			if x = t.toks[x].Head; x >= 0 {
				out = append(out, x)
			}
		}
		return out
	}
	ca, cb := chain(a), chain(b)
	for _, x := range ca[:min(2, len(ca))] {
		if contains(cb, x) {
			return true
		}
	}
	for _, x := range cb[:min(2, len(cb))] {
		if contains(ca, x) {
			return true
		}
	}
	return false
}

// amongSources reports whether every event's target is one of the source
// mentions srcs.
func amongSources(t *tree, evs []dyad.Event, srcs []int) bool {
	if len(evs) == 0 || len(srcs) < 2 {
		return false
	}
	for _, e := range evs {
		in := false
		for _, si := range srcs {
			if t.s.Mentions[si].Span == e.Target.Span {
				in = true
			}
		}
		if !in {
			return false
		}
	}
	return true
}

// petrarchNegation gives the code a negated PETRARCH event takes, where
// UniversalPetrarch's internal coding defines one code as the negation of
// another: not to disapprove is to cooperate ("did not clash over the
// efforts"), and the reverse; not to sign (057) is to coerce (170).
var petrarchNegation = map[string]string{"050": "110", "110": "050", "057": "170", "170": "057"}

// negatedVerb reports whether the verb at head is negated: "not", "n't"
// or "never" among its dependents.
func negatedVerb(t *tree, head int) bool {
	for _, ch := range t.children[head] {
		if negation(t.toks[ch].Text) {
			return true
		}
	}
	return false
}

// negation reports whether a word negates its verb.
func negation(w string) bool {
	switch strings.ToLower(w) {
	case "not", "n't", "never", "nt":
		return true
	}
	return false
}

// recode gives an event another code, with that code's root, quad class,
// Goldstein value and PLOVER type.
func (c *Coder) recode(e *dyad.Event, code string) {
	e.CAMEO = code
	if k, ok := c.tab.Lookup(code); ok {
		e.CAMEO, e.Root, e.Quad, e.Goldstein = k.Code, k.Root, k.Quad, k.Goldstein
		e.PLOVER = dyad.PLOVER{Type: k.PLOVERType, Mode: k.PLOVERMode}
	}
}

// isNominal reports whether a tag heads a noun phrase.
func isNominal(upos string) bool { return upos == "NOUN" || upos == "PROPN" || upos == "PRON" }

// hasSourceSlot reports whether a pattern names where its source stands
// after the verb ("- * TABASKI ^ $"): the actor there acts on the verb's
// subject.
func hasSourceSlot(p *PetrarchPattern) bool {
	for _, e := range p.Elems {
		if e.Source && !e.Before {
			return true
		}
	}
	return false
}

// sourceSlotEvents codes a match whose pattern has a "$" slot after the
// verb: the actor found there (m.target) acts on the verb's subject ("the
// militia was freed from Barad-dur" by "- + * (FROM $)": Barad-dur frees
// the militia).
func (c *Coder) sourceSlotEvents(t *tree, m match, idx *dyad.TextIndex) []dyad.Event {
	var subj []int
	for _, ch := range t.childrenWith(m.head, "nsubj:pass") {
		subj = append(subj, t.mentionsAt(ch)...)
	}
	if len(subj) == 0 {
		subj = c.petrarchSources(t, m.head)
	}
	var out []dyad.Event
	for _, s := range subj {
		if e, ok := c.petrarchEvent(t, m, idx, m.target, s); ok {
			out = append(out, e)
		}
	}
	return distributeConjuncts(t, out)
}

// infinitive reports whether k heads an adverbial infinitive ("vowed on
// Thursday to wage war", "signed an accord to supply Gondor"), which
// PETRARCH reads as part of the verb phrase, as it reads a complement.
func (t *tree) infinitive(k int) bool {
	return t.rel(k) == "advcl" && t.hasChildLemma(k, "mark", "to")
}

// withInfinitives adds to phrase, the tokens of head's phrase, those of its
// adverbial infinitives after it, in text order.
func (t *tree) withInfinitives(head int, phrase []int) []int {
	var extra []int
	for _, ch := range t.children[head] {
		if ch > head && t.infinitive(ch) && !contains(phrase, ch) {
			extra = t.subtree(extra, ch, phraseSkip)
		}
	}
	if len(extra) == 0 {
		return phrase
	}
	out := append(append([]int{}, phrase...), extra...)
	sort.Ints(out)
	return out
}

// targetsBefore reports whether every event's target stands before the
// verb at head, which PETRARCH never takes for a target of an active verb.
func targetsBefore(t *tree, evs []dyad.Event, head int) bool {
	if len(evs) == 0 || t.isPassive(head) {
		return false
	}
	for _, e := range evs {
		if e.Target.Span[0] >= t.toks[head].Span[0] {
			return false
		}
	}
	return true
}

// dropPronounTargets drops the events whose target is a pronoun: PETRARCH
// reads no pronouns, and its dictionaries' patterns expect the target to
// be named ("crowds burned down its embassy" codes nothing).
func dropPronounTargets(t *tree, evs []dyad.Event) []dyad.Event {
	out := evs[:0]
	for _, e := range evs {
		pronoun := false
		for _, mm := range t.s.Mentions {
			if mm.Span == e.Target.Span && mm.Kind == "pronoun" {
				pronoun = true
			}
		}
		if !pronoun {
			out = append(out, e)
		}
	}
	return out
}

// ownTargets keeps the events whose target stands in the verb's own
// phrase: PETRARCH does not borrow a target from a neighbouring clause
// ("said that an embargo against Mordor would not work and warned that
// ..." codes no warning to Mordor).
func ownTargets(t *tree, head int, evs []dyad.Event) []dyad.Event {
	in := map[int]bool{}
	for _, k := range t.subtree(nil, head, nil) {
		in[k] = true
	}
	out := evs[:0]
	for _, e := range evs {
		keep := false
		for _, mm := range t.s.Mentions {
			if mm.Span == e.Target.Span {
				for k := mm.Tokens[0]; k < mm.Tokens[1]; k++ {
					keep = keep || in[k]
				}
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}

// nounBetween reports whether a noun compound stands between tokens a and
// b: "{NEW &TIETYPES RELATIONS}" matches "new economic relations" but not
// "new economic trade relations", which are another kind of relations.
func (t *tree) nounBetween(a, b int) bool {
	for k := a + 1; k < b; k++ {
		if t.rel(k) == "compound" && (t.toks[k].UPOS == "NOUN" || t.toks[k].UPOS == "PROPN") {
			return true
		}
	}
	return false
}

// oneSided codes a match that found no target as PETRARCH does when it
// does not require a dyad: from each source to "---" ("a senior official
// said" is ---GOV to ---).
func (c *Coder) oneSided(t *tree, m match, idx *dyad.TextIndex) []dyad.Event {
	var out []dyad.Event
	for _, si := range c.petrarchSources(t, m.head) {
		src := t.s.Mentions[si]
		if src.Kind == "pronoun" || src.Code == "" {
			continue
		}
		out = append(out, c.buildEvent(t, m, idx, dyad.Actor{Code: src.Code, Text: src.Text, Span: src.Span}, dyad.Actor{Code: "---"}))
	}
	return out
}
