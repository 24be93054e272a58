package coding

import (
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
)

// targetPreps introduce a predicate's target when no pattern names one.
var targetPreps = map[string]bool{"with": true, "to": true, "against": true, "on": true, "at": true, "from": true,
	"for": true, "toward": true, "towards": true, "into": true, "over": true, "upon": true}

// events builds the events of one match: one per source × target pair.
func (c *Coder) events(t *tree, m match, idx *dyad.TextIndex) []dyad.Event {
	if m.p.Noun && !m.p.Petrarch && !t.eventNoun(m.head) {
		return nil
	}
	sources := c.sources(t, m.head, m.p.Noun)
	code, _ := c.tab.Lookup(m.p.Code)
	if len(sources) == 0 && code.Root == "13" {
		// "…would be met with overwhelming force, Trump wrote": a threat
		// with no agent of its own is its speaker's.
		sources = speakerMentions(t, m.head)
	}
	if len(sources) == 0 {
		return nil
	}
	var targets []int
	if m.target >= 0 {
		targets = []int{m.target}
		// coordinated targets: "sanctions on Iran and Syria"
		for _, mi := range t.mentionsAt(t.s.Mentions[m.target].Head) {
			if !contains(targets, mi) {
				targets = append(targets, mi)
			}
		}
	} else {
		targets = c.defaultTargets(t, m.head, m.p.Noun, m.p.Code)
	}
	pairs := [][2]int{}
	if len(targets) == 0 && len(sources) > 1 && symmetricRoots[code.Root] {
		// "Biden and Xi met": coordinated subjects act on each other.
		for _, a := range sources {
			for _, b := range sources {
				if a != b {
					pairs = append(pairs, [2]int{a, b})
				}
			}
		}
	} else {
		targets = dropOwnCountry(t, sources, targets)
		if len(targets) == 0 {
			targets = c.fallbackTargets(t, m, sources, code.Root)
		}
		for _, a := range sources {
			for _, b := range targets {
				pairs = append(pairs, [2]int{a, b})
			}
		}
	}
	modality, cue := modalityOf(t, m.head)
	attr := attributionOf(t, m.head, idx)
	place := t.placeOf(m.head)
	var out []dyad.Event
	home := t.soleCountry()
	for _, pair := range pairs {
		si, ti := pair[0], pair[1]
		src, tgt := t.s.Mentions[si], t.s.Mentions[ti]
		// A role word with no country ("police", "protesters") belongs
		// to the one country the sentence speaks of, if there is one.
		if home != "" {
			src.Code = withHome(src.Code, home)
			tgt.Code = withHome(tgt.Code, home)
		}
		// An actor of unknown country makes no dyad.
		if si == ti || src.Code == tgt.Code || src.Code == "" || tgt.Code == "" ||
			dyad.CountryOf(src.Code) == "---" || dyad.CountryOf(tgt.Code) == "---" {
			continue
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
			Rule:          ruleName(m.p, cue),
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

// intentCues are the words with which an actor commits itself: a stated
// intention is itself an event in CAMEO (03 intent to cooperate, 13
// threat), beside the planned event it announces. A bare "will" schedules
// cooperation ("will visit") rather than promising it.
var intentCues = map[string]bool{"ready": true, "willing": true, "prepared": true, "agree": true, "pledge": true,
	"promise": true, "vow": true, "offer": true, "commit": true, "decide": true, "intend": true, "going to": true}

// threatCues are the words with which an actor announces force: "will
// strike", "would retaliate if".
var threatCues = map[string]bool{"will": true, "'ll": true, "’ll": true, "vow": true}

// intentCode maps the root of an announced event to the CAMEO code of the
// announcement: the 03 and 13 families mirror the material roots.
var intentCode = map[string]string{
	"04": "036", "05": "032", "06": "031", "07": "033", "08": "035",
	"15": "130", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138",
}

// statedIntent returns the announcement event of a planned event, when its
// cue is a commitment of the source's own.
func (c *Coder) statedIntent(e dyad.Event, cue string, hasCondition bool) (dyad.Event, bool) {
	code, ok := intentCode[e.Root]
	if !ok || (e.Modality != dyad.Planned && e.Modality != dyad.Hypothetical) {
		return e, false
	}
	conflict := e.Root >= "15"
	if conflict && strings.HasPrefix(e.Rule, "noun:") {
		return e, false // "a blockade would cost…" announces nothing
	}
	// "would strike Iran if it …" is a threat; "if it attacked" is not.
	selfThreat := threatCues[cue] || strings.HasPrefix(cue, "would") && hasCondition
	// "Germany said it would provide aid": a plan its own side announces
	// is a commitment, a plan others report is not.
	ownWord := e.Attribution != nil && e.Attribution.Actor != nil && dyad.CountryOf(*e.Attribution.Actor) == e.Source.Country()
	committed := intentCues[cue] || ownWord && (cue == "will" || strings.HasPrefix(cue, "would"))
	if conflict && !selfThreat || !conflict && (!committed || e.Modality != dyad.Planned) {
		return e, false
	}
	// Only a party speaking for itself commits itself.
	if a := e.Attribution; a != nil && a.Actor != nil && dyad.CountryOf(*a.Actor) != e.Source.Country() {
		return e, false
	}
	ont, ok := c.tab.Lookup(code)
	if !ok {
		return e, false
	}
	said := e
	said.CAMEO, said.Root, said.Quad, said.Goldstein = ont.Code, ont.Root, ont.Quad, ont.Goldstein
	said.PLOVER = dyad.PLOVER{Type: ont.PLOVERType, Mode: ont.PLOVERMode}
	said.Modality = dyad.Asserted
	said.Rule = "intent:" + cue + "/" + code + " from " + e.Rule
	return said, true
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

// sources finds who acts: the subject, the by-agent of a passive, the
// owner of a nominal event, or — for an infinitive or participle with no
// subject of its own — the subject of the clause it depends on.
func (c *Coder) sources(t *tree, head int, noun bool) []int {
	if noun {
		for _, ch := range t.childrenWith(head, "nmod:poss", "amod", "compound") {
			if ms := t.mentionsAt(ch); len(ms) > 0 {
				return ms
			}
		}
		// "an attack by Israel"
		for _, ch := range t.childrenWith(head, "nmod") {
			if t.hasChildLemma(ch, "case", "by") {
				if ms := t.mentionsAt(ch); len(ms) > 0 {
					return ms
				}
			}
		}
		return nil
	}
	for hops, v := 0, head; v >= 0 && hops < 5; hops++ {
		if t.isPassive(v) {
			for _, ch := range t.childrenWith(v, "obl", "obl:agent") {
				if t.hasChildLemma(ch, "case", "by") {
					return t.mentionsAt(ch)
				}
			}
			if v == head {
				return nil // an agentless passive names no source
			}
		} else {
			subjects := t.childrenWith(v, "nsubj")
			var all []int
			for _, ch := range subjects {
				// a coordination the parser split into two subjects
				for _, mi := range t.mentionsAt(ch) {
					if !contains(all, mi) {
						all = append(all, mi)
					}
				}
			}
			if len(all) > 0 {
				return all
			}
			for range subjects {
				// The parser may have attached the true subject elsewhere
				// in a long sentence: take an actor that stands right
				// before the verb ("…, President Trump opposed").
				if m := t.adjacentActor(v); m >= 0 {
					return []int{m}
				}
				return nil // a subject that is no actor: no source
			}
			// A finite verb left with no subject at all: the parser
			// attached it elsewhere; the actor right before the verb is
			// the best guess.
			if x := t.toks[v].XPOS; len(subjects) == 0 && (x == "VBD" || x == "VBZ" || x == "VBP") {
				if m := t.adjacentActor(v); m >= 0 {
					return []int{m}
				}
			}
		}
		// A finite verb the parser hung as a modifier ("drones struck(amod)
		// infrastructure") has lost its subject: take the actor before it.
		if v == head && t.rel(v) == "amod" && t.toks[v].XPOS != "VBG" {
			if m := t.adjacentActor(v); m >= 0 {
				return []int{m}
			}
		}
		// Climb to the clause this one depends on.
		rel := t.rel(v)
		p := t.toks[v].Head
		if p < 0 {
			return nil
		}
		switch rel {
		case "xcomp", "advcl":
			// Object control: "urged Iran to stop", "warned Iran against
			// attacking" — the one urged or warned is the one who acts.
			if controlVerbs[t.lemma(p)] {
				for _, ob := range t.childrenWith(p, "obj") {
					if ms := t.mentionsAt(ob); len(ms) > 0 {
						return ms
					}
				}
			}
			v = p
		case "conj":
			v = p
		case "acl":
			if t.toks[v].Deprel == "acl:relcl" {
				return t.mentionsAt(p)
			}
			if !t.hasChildLemma(v, "mark", "to") {
				// A participle: "commanders killed by Israel" (passive,
				// the noun is acted on) or "forces attacking the city"
				// (active, the noun acts); a tagger that reads a main
				// verb as a participle gives the latter too.
				// A participle hung on the sentence's root noun is the
				// sentence's own verb that the parser misread ("Tens of
				// thousands of Israelis rallied(acl) in Tel Aviv").
				if t.toks[p].Head < 0 && t.toks[p].UPOS != "VERB" {
					return t.mentionsAt(p)
				}
				if t.toks[v].XPOS == "VBN" && len(t.childrenWith(v, "obj")) == 0 {
					for _, ch := range t.childrenWith(v, "obl", "obl:agent") {
						if t.hasChildLemma(ch, "case", "by") {
							return t.mentionsAt(ch)
						}
					}
					return nil
				}
				return t.mentionsAt(p)
			}
			// "a plan to strike": whose plan, else the clause's subject
			for _, ch := range t.childrenWith(p, "nmod:poss", "amod", "compound") {
				if ms := t.mentionsAt(ch); len(ms) > 0 {
					return ms
				}
			}
			v = t.toks[p].Head
		default:
			if t.toks[p].UPOS == "NOUN" && (rel == "nmod" || rel == "acl") {
				v = t.toks[p].Head
				continue
			}
			return nil
		}
	}
	return nil
}

// symmetricRoots are the roots whose acts coordinated subjects do to each
// other: "Biden and Xi met", "Jordan and Britain agreed to hold exercises".
// "The US and Britain demanded…" is not an act of one on the other.
var symmetricRoots = map[string]bool{"03": true, "04": true, "05": true, "06": true, "08": true}

// dropOwnCountry removes targets that are merely the sources' own country
// ("the US government … any American target"): a state does not act on
// itself, though its police may act on its protesters.
func dropOwnCountry(t *tree, sources, targets []int) []int {
	var out []int
	for _, ti := range targets {
		tc := t.s.Mentions[ti].Code
		own := false
		for _, si := range sources {
			sc := t.s.Mentions[si].Code
			if dyad.CountryOf(sc) == dyad.CountryOf(tc) && (len(sc) == 3 || len(tc) == 3) {
				own = true
			}
		}
		if !own {
			out = append(out, ti)
		}
	}
	return out
}

// soleCountry returns the country code when the sentence's actors name
// exactly one country, else "".
func (t *tree) soleCountry() string {
	home := ""
	for _, m := range t.s.Mentions {
		c := dyad.CountryOf(m.Code)
		switch c {
		case "", "---", "IGO", "NGO", "IMG", "MNC":
			continue
		}
		if home != "" && home != c {
			return ""
		}
		home = c
	}
	return home
}

func withHome(code, home string) string {
	if strings.HasPrefix(code, "---") {
		return home + code[3:]
	}
	return code
}

// controlVerbs pass the act of their complement to their object: "urged
// Iran to stop", "warned Iran against attacking", "allowed Turkey to join".
var controlVerbs = map[string]bool{"urge": true, "warn": true, "caution": true, "ask": true, "call": true, "order": true,
	"tell": true, "press": true, "push": true, "encourage": true, "invite": true, "allow": true, "help": true,
	"force": true, "persuade": true, "request": true, "authorize": true, "authorise": true, "instruct": true,
	"advise": true, "permit": true, "compel": true, "pressure": true, "pressed": true, "implore": true, "beg": true}

// adjacentActor returns the mention that ends right before verb v (at most
// an auxiliary or adverb between), unless a preposition governs it.
func (t *tree) adjacentActor(v int) int {
	k := v - 1
	for k >= 0 && (t.toks[k].UPOS == "AUX" || t.toks[k].UPOS == "ADV" || t.toks[k].UPOS == "PART") {
		k--
	}
	if k < 0 {
		return -1
	}
	mi := t.mention[k]
	if mi < 0 && t.toks[k].UPOS == "NOUN" {
		// "Russian drones struck": the noun's own actor
		mi = t.mentionAt(k, 1)
	}
	if mi < 0 {
		return -1
	}
	m := t.s.Mentions[mi]
	if m.Tokens[0] > 0 && t.toks[m.Tokens[0]-1].UPOS == "ADP" {
		return -1
	}
	return mi
}

// defaultTargets finds whom a predicate acts on when its pattern does not
// say: the direct object, then a prepositional object, then the subject of
// a complement clause ("demanded that Iran halt").
func (c *Coder) defaultTargets(t *tree, head int, noun bool, code string) []int {
	// Where a material attack lands is whom it is against ("shelled
	// villages in Kherson"); where talks or exercises are held is not.
	placeIsTarget := code >= "14"
	if !noun {
		for _, ch := range t.childrenWith(head, "obj", "iobj") {
			if ms := t.mentionsAt(ch); len(ms) > 0 {
				return ms
			}
		}
		if t.rel(head) == "acl" && t.toks[head].Deprel != "acl:relcl" && t.toks[head].XPOS == "VBN" && len(t.childrenWith(head, "obj")) == 0 {
			if p := t.toks[head].Head; p >= 0 {
				if ms := t.mentionsAt(p); len(ms) > 0 {
					return ms
				}
			}
		}
		if t.isPassive(head) {
			for _, ch := range t.childrenWith(head, "nsubj:pass") {
				if ms := t.mentionsAt(ch); len(ms) > 0 {
					return ms
				}
			}
		}
	}
	for _, ch := range t.childrenWith(head, "obl", "nmod") {
		if t.toks[ch].Deprel == "nmod:poss" {
			continue
		}
		for _, cs := range t.childrenWith(ch, "case") {
			if targetPreps[t.lemma(cs)] {
				if ms := t.mentionsAt(ch); len(ms) > 0 {
					return ms
				}
			}
		}
	}
	if !noun {
		for _, ch := range t.childrenWith(head, "ccomp", "xcomp") {
			for _, s := range t.childrenWith(ch, "nsubj") {
				if ms := t.mentionsAt(s); len(ms) > 0 {
					return ms
				}
			}
		}
		// "opposed an Israeli plan", "struck sites across Iran",
		// "dismissed reports of the plan and Trump's rejection": an actor
		// inside the object, but not in a clause that modifies it. An
		// object the parser took for an oblique has no preposition.
		for _, ch := range t.childrenWith(head, "obj", "obl") {
			if t.rel(ch) == "obl" && len(t.childrenWith(ch, "case")) > 0 {
				continue
			}
			sub := t.subtree(nil, ch, clauseSkip)
			sort.Ints(sub)
			for _, k := range sub {
				if mi := t.mention[k]; mi >= 0 && (placeIsTarget || t.s.Mentions[mi].Kind != "place") {
					return []int{mi}
				}
			}
		}
		// A verb the parser hung as a modifier on the noun after it
		// ("troops shelled(amod) villages") acts on that noun.
		if r := t.rel(head); (r == "amod" || r == "acl") && t.toks[head].Deprel != "acl:relcl" {
			if p := t.toks[head].Head; p > head {
				own := map[int]bool{}
				for _, k := range t.subtree(nil, head, nil) {
					own[k] = true
				}
				sub := t.subtree(nil, p, nounPhraseSkip)
				sort.Ints(sub)
				for _, k := range sub {
					if mi := t.mention[k]; mi >= 0 && !own[k] {
						return []int{mi}
					}
				}
			}
		}
		// "resumed talks with Iran": the object's own prepositional target
		for _, ch := range t.childrenWith(head, "obj") {
			for _, nm := range t.childrenWith(ch, "nmod") {
				for _, cs := range t.childrenWith(nm, "case") {
					if targetPreps[t.lemma(cs)] {
						if ms := t.mentionsAt(nm); len(ms) > 0 {
							return ms
						}
					}
				}
			}
		}
	}
	return nil
}

// protestTargets: a protest is against whoever follows "against" in the
// sentence ("chanting slogans against the United States"); else, as CAMEO
// codes it, against the protesters' own government.
func (t *tree) protestTargets(sources []int) []int {
	for i, tok := range t.toks {
		if strings.EqualFold(tok.Text, "against") && i+1 < len(t.toks) {
			for j := i + 1; j < len(t.toks) && j <= i+4; j++ {
				if mi := t.mention[j]; mi >= 0 && !contains(sources, mi) {
					return []int{mi}
				}
			}
		}
	}
	return nil
}

// eventNoun reports whether a noun at head reports an event of its own: it
// is the subject or the head of its sentence ("Israel's strikes on Gaza
// killed …", a headline). A nominal event in an object or an adverbial
// phrase ("condemned Iran's attack", "hours after Israel's attack") refers
// back to an event told elsewhere, or is part of another event.
func (t *tree) eventNoun(head int) bool {
	switch t.toks[head].Deprel {
	case "nsubj", "nsubj:pass", "root", "":
		return true
	}
	return t.toks[head].Head < 0
}

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

// clauseSkip keeps a noun phrase's own words and leaves out the clauses
// that modify it.
var clauseSkip = map[string]bool{"acl": true, "acl:relcl": true, "ccomp": true, "advcl": true, "parataxis": true, "punct": true}

// nounPhraseSkip is clauseSkip that also leaves out a subject the parser
// hung on a noun.
var nounPhraseSkip = map[string]bool{"acl": true, "acl:relcl": true, "ccomp": true, "advcl": true, "parataxis": true,
	"punct": true, "nsubj": true}

// fallbackTargets: cooperation, threats and shows of force often leave the
// beneficiary or the threatened party to the rest of the sentence ("Since
// Israel's attacks, the US has provided assistance", "India deployed troops
// after a clash with Chinese forces"). For those roots only, take the
// nearest actor of another country elsewhere in the sentence.
func (c *Coder) fallbackTargets(t *tree, m match, sources []int, root string) []int {
	switch root {
	case "06", "07", "13", "15":
	case "14":
		return t.protestTargets(sources)
	default:
		return nil
	}
	srcCountry := map[string]bool{}
	for _, s := range sources {
		srcCountry[dyad.CountryOf(t.s.Mentions[s].Code)] = true
	}
	inPhrase := map[int]bool{}
	for _, k := range t.ordered(m.head, m.p.Noun) {
		if t.mention[k] >= 0 {
			inPhrase[t.mention[k]] = true
		}
	}
	best, bestDist := -1, 1<<30
	for mi, mm := range t.s.Mentions {
		if srcCountry[dyad.CountryOf(mm.Code)] || dyad.CountryOf(mm.Code) == "---" || inPhrase[mi] {
			continue
		}
		d := mm.Head - m.head
		if d < 0 {
			d = -d
		}
		if d < bestDist {
			best, bestDist = mi, d
		}
	}
	if best < 0 {
		return nil
	}
	return []int{best}
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
