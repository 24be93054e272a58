package pipeline

import (
	"context"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/nlp"
)

// The demo's stories open with a dateline; the lead is the sentence after
// it, not the dateline "sentence", and a pronoun's name is what it stands
// for.
func TestLeadEventsAndResolvedActorNames(t *testing.T) {
	p := testPipeline(t)
	doc := &dyad.Document{ID: "lead", Text: "MANILA, April 6 - Chinese coast guard ships blocked a Philippine resupply mission on Monday and fired water cannon at one of the boats, the Philippine coast guard said.\n" +
		"The Philippine foreign ministry summoned China's ambassador in Manila to protest.\n" +
		"China said it had expelled the Philippine vessels. It also warned Manila against further provocations.\n"}
	events, err := p.Code(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 {
		t.Fatal("no events")
	}
	leads := 0
	for _, e := range events {
		first := e.SentenceIndex == 1 // sentence 0 is the dateline
		if e.Lead != first {
			t.Errorf("event %s in sentence %d (%q): lead = %v, want %v", e.CAMEO, e.SentenceIndex, e.Sentence, e.Lead, first)
		}
		if e.Lead {
			leads++
		}
		for _, a := range []dyad.Actor{e.Source, e.Target} {
			if nlp.IsPronoun(a.Text) && a.Name != "" && nlp.IsPronoun(a.Name) {
				t.Errorf("actor %q named %q: a pronoun is not a name", a.Text, a.Name)
			}
			if a.Text == "It" || a.Text == "it" {
				if a.Name != "China" {
					t.Errorf("pronoun %q named %q, want China", a.Text, a.Name)
				}
			}
		}
	}
	if leads == 0 {
		t.Error("no event is marked as in the lead, but the first sentence after the dateline has one")
	}
}

func TestLeadIsAtMostThreeSentencesOfTheFirstParagraph(t *testing.T) {
	// A headline, a dateline, four sentences, a second paragraph.
	doc := &dyad.Document{Text: "Talks fail\nKYIV, May 2 - One. Two. Three. Four.\nFive.", Sentences: []dyad.Sentence{
		{Index: 0, Span: dyad.Span{0, 10}},
		{Index: 1, Span: dyad.Span{11, 27}, Skip: true},
		{Index: 2, Span: dyad.Span{27, 32}}, {Index: 3, Span: dyad.Span{33, 37}}, {Index: 4, Span: dyad.Span{38, 44}}, {Index: 5, Span: dyad.Span{45, 50}},
		{Index: 6, Span: dyad.Span{51, 56}},
	}}
	var events []dyad.Event
	for i := range 7 {
		events = append(events, dyad.Event{SentenceIndex: i})
	}
	got := ""
	for _, e := range markLead(doc, events) {
		if e.Lead {
			got += "1"
		} else {
			got += "0"
		}
	}
	if got != "0011100" {
		t.Errorf("lead flags by sentence = %s, want 0011100 (not the headline, not the dateline, three sentences, not the next paragraph)", got)
	}
}
