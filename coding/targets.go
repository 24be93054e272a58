package coding

import (
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
)

// targetPreps introduce a predicate's target when no pattern names one.
var targetPreps = map[string]bool{"with": true, "to": true, "against": true, "on": true, "at": true, "from": true,
	"for": true, "toward": true, "towards": true, "into": true, "over": true, "upon": true}

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
		if t.s.Mentions[ti].Kind == "place" {
			// a region or city is a place acted on, even by its own
			// state: "Amhara authorities have occupied western Tigray"
			out = append(out, ti)
			continue
		}
		own := false
		for _, si := range sources {
			sc := t.s.Mentions[si].Code
			// The country itself, as a target of its own side: "the US
			// government … any American target". A role of it is a target
			// of its own state ("Venezuela released opposition activists").
			if dyad.CountryOf(sc) == dyad.CountryOf(tc) && len(tc) == 3 && !insurgent(sc) {
				own = true
			}
		}
		if !own {
			out = append(out, ti)
		}
	}
	return out
}

// insurgent reports whether a code names a non-state armed or opposition
// actor, which does act on its own country: "Boko Haram attacked a base
// in Damboa" is NGAREB against NGA.
func insurgent(code string) bool {
	if len(code) < 6 {
		return false
	}
	switch code[3:6] {
	case "REB", "INS", "UAF", "CRM", "OPP":
		return true
	}
	return false
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

// clauseSkip keeps a noun phrase's own words and leaves out the clauses
// that modify it.
var clauseSkip = map[string]bool{"acl": true, "acl:relcl": true, "ccomp": true, "advcl": true, "parataxis": true, "punct": true}

// nounPhraseSkip is clauseSkip that also leaves out a subject the parser
// hung on a noun.
var nounPhraseSkip = map[string]bool{"acl": true, "acl:relcl": true, "ccomp": true, "advcl": true, "parataxis": true,
	"punct": true, "nsubj": true}
