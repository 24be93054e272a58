package pipeline

import (
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/nlp"
)

// Provenance the coder does not decide but the exports need: the resolved
// name of each actor (GDELT's Actor1Name is a name, never "IT") and
// whether the event is in the article's lead (GDELT's IsRootEvent).

// leadSentences bounds the lead: the first paragraph of prose, but no
// more than its first three sentences, so that a text without paragraph
// breaks does not make every event a lead event.
const leadSentences = 3

// nameActors sets Actor.Name of each event's source and target from the
// mentions of doc: the antecedent of a pronoun or title that was resolved
// to one, the mention's own text otherwise, and nothing for a pronoun left
// unresolved.
func nameActors(doc *dyad.Document, events []dyad.Event) []dyad.Event {
	for i := range events {
		e := &events[i]
		var ms []dyad.Mention
		if e.SentenceIndex >= 0 && e.SentenceIndex < len(doc.Sentences) {
			ms = doc.Sentences[e.SentenceIndex].Mentions
		}
		e.Source.Name = actorName(e.Source, ms)
		e.Target.Name = actorName(e.Target, ms)
	}
	return events
}

func actorName(a dyad.Actor, mentions []dyad.Mention) string {
	for _, m := range mentions {
		if m.Span == a.Span && m.Antecedent != "" {
			return m.Antecedent
		}
	}
	if nlp.IsPronoun(a.Text) {
		return ""
	}
	return a.Text
}

// markLead sets Event.Lead for the events of the lead: the sentences of
// the paragraph (line) that holds the first sentence of prose — not a
// dateline, heading or credit, which the nlp stage marks Skip — up to
// leadSentences of them.
func markLead(doc *dyad.Document, events []dyad.Event) []dyad.Event {
	lead := map[int]bool{}
	idx := dyad.NewTextIndex(doc.Text)
	para := -1 // the line of the lead, counted in newlines before it
	for _, s := range doc.Sentences {
		if s.Skip {
			continue
		}
		line := strings.Count(idx.Slice(dyad.Span{0, s.Span.Start()}), "\n")
		if para < 0 {
			para = line
		}
		if line != para || len(lead) == leadSentences {
			break
		}
		lead[s.Index] = true
	}
	for i := range events {
		events[i].Lead = lead[events[i].SentenceIndex]
	}
	return events
}
