package coding

import (
	"fmt"
	"sort"

	"github.com/dyad-events/dyad"
)

// Some events name their other party only through the rest of the
// document. Aid "to intercept Iranian strikes" goes to whoever Iran is
// fighting: the sentence names the enemy, the document names the ally. Such
// an event waits, pending, until every sentence is coded; then its
// recipient is the country the document shows most often in conflict with
// that enemy (coded events of roots 13 and 15–20, asserted or not, but not
// negated or denied, and such acts mentioned in passing: "since Russia's
// invasion of Ukraine"), and the rule says so. A
// document that shows no such conflict leaves the event uncoded.

// pendingEvent is an event whose target the document must settle.
type pendingEvent struct {
	event   dyad.Event // complete but for its target
	against string     // the country the act is directed against
}

// conflictRoots are the roots whose events make two countries adversaries.
var conflictRoots = map[string]bool{"13": true, "15": true, "16": true, "17": true, "18": true, "19": true, "20": true}

// resolvePending gives each pending event its target.
func (c *Coder) resolvePending(doc *dyad.Document, events []dyad.Event, relations [][2]string, pending []pendingEvent, notes *[]Note) []dyad.Event {
	if len(pending) == 0 {
		return nil
	}
	conflicts := map[[2]string]int{}
	for _, r := range relations {
		if r[0] != r[1] && r[0] != "---" && r[1] != "---" {
			conflicts[r]++
			conflicts[[2]string{r[1], r[0]}]++
		}
	}
	for _, e := range events {
		a, b := e.Source.Country(), e.Target.Country()
		// A planned or possible attack still says who is at odds with whom.
		if !conflictRoots[e.Root] || e.Modality == dyad.Negated || e.Modality == dyad.Denied || a == b || a == "" || b == "" {
			continue
		}
		conflicts[[2]string{a, b}]++
		conflicts[[2]string{b, a}]++
	}
	var out []dyad.Event
	for _, p := range pending {
		src := p.event.Source.Country()
		type cand struct {
			country string
			n       int
		}
		var cands []cand
		for pair, n := range conflicts {
			if pair[0] == p.against && pair[1] != src {
				cands = append(cands, cand{pair[1], n})
			}
		}
		sort.Slice(cands, func(i, j int) bool {
			return cands[i].n > cands[j].n || cands[i].n == cands[j].n && cands[i].country < cands[j].country
		})
		if len(cands) == 0 {
			if notes != nil {
				*notes = append(*notes, Note{Sentence: p.event.SentenceIndex, Word: p.event.Verb.Text,
					Outcome: "directed against " + p.against + ", whose adversary the document does not name"})
			}
			continue
		}
		m, ok := firstMention(doc, cands[0].country)
		if !ok {
			continue
		}
		e := p.event
		e.Target = dyad.Actor{Code: m.Code, Text: m.Text, Span: m.Span}
		e.Rule += fmt.Sprintf("; target: %s's adversary in this document (%d conflict events)", p.against, cands[0].n)
		out = append(out, e)
	}
	return out
}

// firstMention is the document's first mention of a country by name or
// adjective (a role of it, such as ISRMIL, counts).
func firstMention(doc *dyad.Document, country string) (dyad.Mention, bool) {
	for _, s := range doc.Sentences {
		for _, m := range s.Mentions {
			if dyad.CountryOf(m.Code) == country && m.Kind != "pronoun" {
				return m, true
			}
		}
	}
	return dyad.Mention{}, false
}

// opposedActors finds the actor an act of help is directed against: an
// "against" phrase ("aid against Russia"), or the owner of what a purpose
// clause stops ("assistance to intercept Iranian strikes", "to repel
// Russia's attacks").
func (t *tree) opposedActors(f *dyad.Frame, sources []int) []int {
	if f == nil {
		return nil
	}
	own := map[string]bool{}
	for _, s := range sources {
		own[dyad.CountryOf(t.s.Mentions[s].Code)] = true
	}
	keep := func(ms []int) []int {
		var out []int
		for _, mi := range ms {
			if !own[dyad.CountryOf(t.s.Mentions[mi].Code)] {
				out = append(out, mi)
			}
		}
		return out
	}
	if ms := keep(t.argMentions(f, dyad.Oblique, "against")); len(ms) > 0 {
		return ms
	}
	// purpose clauses of the predicate, or of its object noun
	heads := []int{f.Pred}
	for _, a := range f.Args {
		if a.Role == dyad.Patient {
			heads = append(heads, a.Head)
		}
	}
	for _, h := range heads {
		for _, cl := range t.childrenWith(h, "acl", "advcl", "xcomp") {
			if !t.hasChildLemma(cl, "mark", "to") {
				continue
			}
			cf := t.frame(cl)
			if cf == nil || !stopVerbs[cf.Lemma] {
				continue
			}
			for _, a := range cf.Args {
				if a.Role == dyad.Patient {
					if ms := keep(t.owners(a.Head)); len(ms) > 0 {
						return ms
					}
				}
			}
		}
	}
	return nil
}

// stopVerbs are the verbs of a purpose clause that name an enemy's act to
// be stopped: "to intercept Iranian strikes", "to counter Russia's advance".
var stopVerbs = map[string]bool{"intercept": true, "repel": true, "counter": true, "stop": true, "thwart": true,
	"defeat": true, "deter": true, "resist": true, "fend": true, "ward": true, "withstand": true, "shoot": true,
	"defend": true, "fight": true, "combat": true, "block": true, "halt": true, "down": true, "destroy": true}
