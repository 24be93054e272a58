package coding

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
		// "Scholz laid a wreath during a visit to Kyiv": the occasion's
		// actor is the clause's subject.
		if p := t.toks[head].Head; p >= 0 && t.rel(head) == "obl" && t.toks[p].UPOS == "VERB" {
			return c.sources(t, p, false)
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
