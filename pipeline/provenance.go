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
// the first paragraph (line) of prose, up to leadSentences of them. Prose
// is what the nlp stage did not mark Skip (a dateline, a credit) on a line
// that ends like a sentence: a headline above the story ends with no
// full stop and is not the lead.
func markLead(doc *dyad.Document, events []dyad.Event) []dyad.Event {
	idx := dyad.NewTextIndex(doc.Text)
	lines := strings.Split(doc.Text, "\n")
	lineOf := func(s dyad.Sentence) int { return strings.Count(idx.Slice(dyad.Span{0, s.Span.Start()}), "\n") }
	para := -1
	for pass := 0; pass < 2 && para < 0; pass++ {
		// First pass: a line of prose; second: any line with a sentence
		// that is not skipped (a text of headlines only).
		for _, s := range doc.Sentences {
			if s.Skip {
				continue
			}
			l := lineOf(s)
			if pass == 1 || (l < len(lines) && endsLikeProse(lines[l])) {
				para = l
				break
			}
		}
	}
	lead := map[int]bool{}
	for _, s := range doc.Sentences {
		if s.Skip || lineOf(s) != para {
			continue
		}
		if len(lead) == leadSentences {
			break
		}
		lead[s.Index] = true
	}
	for i := range events {
		events[i].Lead = lead[events[i].SentenceIndex]
	}
	return events
}

// endsLikeProse reports whether a line ends as a sentence does.
func endsLikeProse(line string) bool {
	line = strings.TrimRight(line, " \t\r")
	if line == "" {
		return false
	}
	switch line[len(line)-1] {
	case '.', '!', '?', '"', '\'', ')':
		return true
	}
	return strings.HasSuffix(line, "”") || strings.HasSuffix(line, "’") || strings.HasSuffix(line, "…")
}
