package coding

import (
	"strings"

	"github.com/dyad-events/dyad"
)

// RepairParse mends, in place, a parser mistake that hides the subject of
// a news lead: in "Arnor on Thursday signed a protocol" the parser takes
// "Thursday" for the subject of "signed", and often hangs the verb under
// "Arnor" as a loose clause. The time phrase becomes an oblique of the
// verb, and the noun phrase before it the verb's subject. The PETRARCH
// unit tests and wire copy alike write their dates so.
func RepairParse(toks []dyad.Token) {
	for d := 0; d+1 < len(toks); d++ {
		v := d + 1
		if !timeWord(toks[d]) || toks[v].UPOS != "VERB" || !finite(toks[v].XPOS) || hasSubject(toks, v, d) {
			continue
		}
		if h := toks[d].Head; h != v && (h < 0 || h >= d) {
			continue
		}
		first := d // the first word of the time phrase: "on" or the day
		if d > 0 && strings.EqualFold(toks[d-1].Text, "on") {
			first = d - 1
		}
		// The subject is the phrase just before the time phrase: its
		// highest word before it.
		a := first - 1
		for a >= 0 && toks[a].Head >= 0 && toks[a].Head < first {
			a = toks[a].Head
		}
		if a < 0 || !nominal(toks[a].UPOS) {
			continue
		}
		switch {
		case toks[a].Head == v:
			// "The United States on Thursday imposed": the date was
			// taken for the subject.
		case descends(toks, v, a):
			// "Russia on Friday said": the verb hangs under its subject,
			// directly or through a clause that governs it in the parse
			// ("Arnor on Thursday signed ..., officials said").
			toks[v].Head, toks[v].Deprel = toks[a].Head, toks[a].Deprel
			for k := range toks {
				if k != v && toks[k].Head == a && k > d {
					toks[k].Head = v
				}
			}
		default:
			continue
		}
		toks[a].Head, toks[a].Deprel = v, "nsubj"
		toks[d].Head, toks[d].Deprel = v, "obl"
		if first == d {
			toks[d].Deprel = "obl:tmod"
		} else {
			toks[first].Head, toks[first].Deprel = d, "case"
		}
	}
}

// finite reports whether a Penn tag is that of a finite verb.
func finite(xpos string) bool { return xpos == "VBD" || xpos == "VBZ" || xpos == "VBP" }

// hasSubject reports whether token v has a subject other than token d.
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
