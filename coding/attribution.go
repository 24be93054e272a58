package coding

import (
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
)

// speechVerbs report what someone says.
var speechVerbs = map[string]bool{"say": true, "tell": true, "announce": true, "report": true, "reveal": true,
	"claim": true, "state": true, "add": true, "confirm": true, "insist": true, "allege": true, "write": true,
	"note": true, "stress": true, "emphasize": true, "emphasise": true, "declare": true, "assert": true,
	"disclose": true, "indicate": true, "suggest": true, "acknowledge": true, "admit": true, "explain": true,
	"post": true, "tweet": true, "argue": true, "predict": true, "believe": true, "reiterate": true, "quote": true}

// anonymous heads of a speaker phrase mark an unnamed source.
var anonymous = map[string]bool{"official": true, "source": true, "diplomat": true, "aide": true, "officer": true,
	"person": true, "people": true, "insider": true, "analyst": true, "observer": true, "witness": true,
	"report": true, "media": true, "outlet": true, "resident": true}

// attributionOf finds who reports the event at head: the subject of a
// speech verb that governs it, or an "according to" phrase.
func attributionOf(t *tree, head int, idx *dyad.TextIndex) *dyad.Attribution {
	// "according to two sources familiar with the matter"
	for i := range t.toks {
		if strings.EqualFold(t.toks[i].Text, "according") && i+1 < len(t.toks) && strings.EqualFold(t.toks[i+1].Text, "to") {
			if np := t.toks[i].Head; np > i+1 && np != head {
				return speaker(t, np, i+2, idx)
			}
			if i+2 < len(t.toks) {
				return speaker(t, i+2, i+2, idx)
			}
		}
	}
	// A governing speech verb: "X said that Y attacked Z", "…, X said."
	v := head
	for hops := 0; hops < 6; hops++ {
		p := t.toks[v].Head
		rel := t.rel(v)
		if speechVerbs[t.lemma(v)] && v != head {
			// a participle ("…, emphasizing that") speaks for the clause
			// it hangs from: keep climbing to a speaker with a subject
			if a := speakerOf(t, v, idx); a != nil {
				return a
			}
		}
		if p < 0 {
			// The clause is the root: a speech verb may hang off it
			// ("…, Trump said." parses "said" as parataxis of the root).
			for _, ch := range t.childrenWith(v, "parataxis", "conj", "advcl") {
				// ", Ukrainian officials said." — but not "while a
				// spokesperson said…", a clause of its own.
				if speechVerbs[t.lemma(ch)] && (t.rel(ch) == "parataxis" || ch > head) && len(t.childrenWith(ch, "mark")) == 0 {
					if a := speakerOf(t, ch, idx); a != nil {
						return a
					}
				}
			}
			break
		}
		if rel != "ccomp" && rel != "xcomp" && rel != "conj" && rel != "advcl" && rel != "parataxis" && rel != "acl" && rel != "obj" {
			break
		}
		v = p
	}
	return nil
}

// speakerMentions returns the actor who says the clause at head: the
// subject of a governing speech verb.
func speakerMentions(t *tree, head int) []int {
	v := head
	for hops := 0; hops < 6; hops++ {
		p := t.toks[v].Head
		if p < 0 {
			return nil
		}
		if speechVerbs[t.lemma(p)] {
			for _, s := range t.childrenWith(p, "nsubj") {
				return t.mentionsAt(s)
			}
			// a participle ("…, emphasizing that") speaks for its clause
			v = p
			continue
		}
		v = p
	}
	return nil
}

func speakerOf(t *tree, verb int, idx *dyad.TextIndex) *dyad.Attribution {
	for _, s := range t.childrenWith(verb, "nsubj") {
		return speaker(t, s, 0, idx)
	}
	return nil
}

// speaker describes the noun phrase headed by np, starting no earlier than
// token from, as a source of report.
func speaker(t *tree, np, from int, idx *dyad.TextIndex) *dyad.Attribution {
	all := t.subtree(nil, np, map[string]bool{"acl:relcl": true, "punct": true, "parataxis": true})
	sort.Ints(all)
	// The phrase is contiguous from its first word: words the parser
	// hung on it from earlier in the sentence are not the speaker's.
	var toks []int
	for _, k := range all {
		if k >= from {
			toks = append(toks, k)
		}
	}
	// drop a leading preposition ("to") if the phrase includes it
	for len(toks) > 0 && (t.rel(toks[0]) == "case" || t.rel(toks[0]) == "fixed") {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return nil
	}
	span := dyad.Span{t.toks[toks[0]].Span[0], t.toks[toks[len(toks)-1]].Span[1]}
	a := &dyad.Attribution{Text: idx.Slice(span)}
	if mi := t.mentionAt(np, 2); mi >= 0 {
		m := t.s.Mentions[mi]
		code := m.Code
		a.Actor = &code
		a.Named = m.Kind == "person" || (m.Kind == "pronoun")
	}
	if !a.Named && t.toks[np].UPOS == "PROPN" {
		a.Named = true
	}
	if !a.Named && a.Actor != nil && !anonymous[t.lemma(np)] {
		// an institution speaking: "the foreign ministry", "the White House"
		a.Named = true
	}
	return a
}
