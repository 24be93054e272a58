package syntax

import (
	"strings"

	"github.com/dyad-events/dyad"
)

// Repair mends, in place, a parser mistake that hides the subject of
// a news lead: in "Arnor on Thursday signed a protocol" the parser takes
// "Thursday" for the subject of "signed", and in "Mordor, Rohan and Bree
// welcomed the talks" or "Old foe Gondor has renewed ties" it makes the
// noun phrase the root and hangs the verb under it as a loose clause. A
// finite verb with no subject, right after a noun phrase (and a date, and
// its auxiliaries), takes that phrase as its subject and its place in the
// tree; the date becomes an oblique of the verb.
//
// It also gives back its object to a verb whose object the parser hung
// across a comma on a later word (see repairOrphanObject).
func Repair(toks []dyad.Token) {
	repairAuxHeads(toks)
	repairOrphanObject(toks)
	repairRelativeSubject(toks)
	for v := 1; v < len(toks); v++ {
		if toks[v].UPOS != "VERB" || !(finite(toks[v].XPOS) || hasChild(toks, v, "aux") || hasChild(toks, v, "aux:pass")) {
			continue
		}
		p := v - 1 // the last word before the verb and its auxiliaries
		for p >= 0 && toks[p].Head == v && between[toks[p].Deprel] {
			p--
		}
		if p < 0 {
			continue
		}
		d, first := -1, p+1 // a date before the verb, and the first word of it ("on")
		if timeWord(toks[p]) {
			d, first = p, p
			if p > 0 && strings.EqualFold(toks[p-1].Text, "on") {
				first = p - 1
			}
			if h := toks[d].Head; h != v && (h < 0 || h >= d) {
				continue
			}
		}
		if hasSubject(toks, v, d) {
			continue
		}
		// The subject is the phrase just before: its highest word before
		// the date or verb.
		a := first - 1
		for hops := 0; a >= 0 && toks[a].Head >= 0 && toks[a].Head < first && hops < len(toks); hops++ {
			a = toks[a].Head
		}
		if a < 0 || !nominal(toks[a].UPOS) || hasChild(toks, a, "case") {
			continue
		}
		switch {
		case toks[a].Head == v && d >= 0:
			// "The United States on Thursday imposed": the date was
			// taken for the subject.
		case toks[a].Head == -1 && descends(toks, v, a):
			// "Russia on Friday said": the verb hangs under its subject,
			// directly or through a clause that governs it in the parse
			// ("Arnor on Thursday signed ..., officials said").
			toks[v].Head, toks[v].Deprel = -1, "root"
			for k := range toks {
				if k != v && toks[k].Head == a && k > first {
					toks[k].Head = v
				}
			}
		default:
			continue
		}
		toks[a].Head, toks[a].Deprel = v, "nsubj"
		if hasChild(toks, v, "aux:pass") {
			toks[a].Deprel = "nsubj:pass"
		}
		if d < 0 {
			continue
		}
		toks[d].Head, toks[d].Deprel = v, "obl"
		if first == d {
			toks[d].Deprel = "obl:tmod"
		} else {
			toks[first].Head, toks[first].Deprel = d, "case"
		}
	}
}

// repairOrphanObject mends a parse that leaves an active verb without an
// object while the noun phrase right after it hangs, across a comma, on a
// word further on: in "a plan to assassinate Iran's Supreme Leader, according
// to two sources" the parser made "Leader" a modifier of "sources". The
// phrase becomes the verb's object. Only an attachment that crosses
// punctuation is undone, since such a long arc over a comma from inside a
// verb phrase is the mark of the mistake, not of a reading.
func repairOrphanObject(toks []dyad.Token) {
	for v := range toks {
		if toks[v].UPOS != "VERB" || toks[v].XPOS == "VBN" || hasChild(toks, v, "aux:pass") {
			continue
		}
		if hasChildIn(toks, v, "obj", "iobj", "ccomp", "xcomp", "nsubj:pass") {
			continue
		}
		k := v + 1
		for k < len(toks) && toks[k].UPOS == "DET" {
			k++
		}
		if k >= len(toks) || !nominal(toks[k].UPOS) {
			continue
		}
		// Climb to the top of the phrase that starts at k, while heads
		// stand to the right without punctuation in between.
		h := k
		for toks[h].Head > h && !punctBetween(toks, h, toks[h].Head) {
			h = toks[h].Head
		}
		p := toks[h].Head
		if p <= h || !punctBetween(toks, h, p) || !nominal(toks[h].UPOS) || descends(toks, v, h) {
			continue
		}
		toks[h].Head, toks[h].Deprel = v, "obj"
	}
}

// repairRelativeSubject mends a parse that loses the subject of a verb
// behind a relative clause set off by commas: in "Houthi rebels, who took
// control of the capital, blamed the coalition" the parser leaves
// "blamed" without a subject. A finite verb with no subject right after
// the closing comma of a relative clause takes the clause's noun as its
// subject (and, if that noun was the root, its place in the tree).
func repairRelativeSubject(toks []dyad.Token) {
	for v := 2; v < len(toks); v++ {
		if toks[v].UPOS != "VERB" || !finite(toks[v].XPOS) || hasSubject(toks, v, -1) || toks[v-1].Text != "," {
			continue
		}
		// the relative clause that ends just before the comma
		h := -1
		for r := range toks {
			if toks[r].Deprel != "acl:relcl" || toks[r].Head < 0 || toks[r].Head >= r || r >= v {
				continue
			}
			if lastOf(toks, r) == v-2 {
				h = toks[r].Head
			}
		}
		if h < 0 || !nominal(toks[h].UPOS) || descends(toks, h, v) {
			continue
		}
		if descends(toks, v, h) {
			// the verb hangs under its subject: it takes the subject's place
			toks[v].Head, toks[v].Deprel = toks[h].Head, toks[h].Deprel
			if toks[v].Head < 0 {
				toks[v].Deprel = "root"
			}
			for k := range toks {
				if toks[k].Head == h && k > v {
					toks[k].Head = v
				}
			}
		}
		toks[h].Head, toks[h].Deprel = v, "nsubj"
	}
}

// lastOf returns the last token of the subtree of r.
func lastOf(toks []dyad.Token, r int) int {
	last := r
	for k := range toks {
		if k > last && descends(toks, k, r) {
			last = k
		}
	}
	return last
}

// hasChildIn reports whether token a has a dependent with one of rels.
func hasChildIn(toks []dyad.Token, a int, rels ...string) bool {
	for _, r := range rels {
		if hasChild(toks, a, r) {
			return true
		}
	}
	return false
}

// punctBetween reports whether punctuation stands strictly between tokens
// a and b.
func punctBetween(toks []dyad.Token, a, b int) bool {
	if a > b {
		a, b = b, a
	}
	for k := a + 1; k < b; k++ {
		if toks[k].UPOS == "PUNCT" {
			return true
		}
	}
	return false
}

// between are the relations of words that stand between a subject and
// its verb: "Gondor has sharply and unjustly criticized".
var between = map[string]bool{"aux": true, "aux:pass": true, "advmod": true, "cc": true}

// repairAuxHeads mends a parse that makes an auxiliary the head of its
// verb: in "The Philippines was heavily and unjustly criticized", "was"
// governs "criticized" as a conjunct. The participle takes the
// auxiliary's place, and the auxiliary and its dependents go under it.
func repairAuxHeads(toks []dyad.Token) {
	for x := range toks {
		if toks[x].UPOS != "AUX" || between[toks[x].Deprel] || toks[x].Deprel == "cop" {
			continue
		}
		v := -1
		for k := x + 1; k < len(toks); k++ {
			if toks[k].UPOS == "VERB" && toks[k].XPOS == "VBN" && descends(toks, k, x) {
				v = k
				break
			}
			if toks[k].UPOS != "ADV" && toks[k].UPOS != "CCONJ" && toks[k].UPOS != "PUNCT" {
				break
			}
		}
		if v < 0 {
			continue
		}
		toks[v].Head, toks[v].Deprel = toks[x].Head, toks[x].Deprel
		for k := range toks {
			if toks[k].Head == x && k != v {
				toks[k].Head = v
			}
		}
		toks[x].Head, toks[x].Deprel = v, "aux"
		if strings.EqualFold(toks[x].Lemma, "be") {
			toks[x].Deprel = "aux:pass"
		}
	}
}

// hasChild reports whether token a has a dependent with relation rel.
func hasChild(toks []dyad.Token, a int, rel string) bool {
	for _, t := range toks {
		if t.Head == a && t.Deprel == rel {
			return true
		}
	}
	return false
}

// finite reports whether a Penn tag is that of a finite verb.
func finite(xpos string) bool { return xpos == "VBD" || xpos == "VBZ" || xpos == "VBP" }

// hasSubject reports whether token v has a subject other than token d (a
// date taken for one).
func hasSubject(toks []dyad.Token, v, d int) bool {
	for k, t := range toks {
		if k != d && t.Head == v && strings.HasPrefix(t.Deprel, "nsubj") {
			return true
		}
	}
	return false
}

// timeWord reports whether a token names a day: a weekday, a month, or
// "today" and its kin.
func timeWord(t dyad.Token) bool {
	w := strings.ToLower(t.Text)
	switch w {
	case "today", "yesterday", "tonight":
		return true
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december":
		// capitalised, so that "may" the auxiliary and "march" the verb
		// are not taken for months
		return t.Text != w
	}
	return false
}

// descends reports whether token k is below token a in the parse.
func descends(toks []dyad.Token, k, a int) bool {
	for hops := 0; k >= 0 && k < len(toks) && hops < len(toks); hops++ {
		if k = toks[k].Head; k == a {
			return true
		}
	}
	return false
}

func nominal(upos string) bool { return upos == "PROPN" || upos == "NOUN" || upos == "PRON" }
