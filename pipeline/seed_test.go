package pipeline

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/internal/skipnote"
)

// TestSeedArticle holds the acceptance criteria of the coding issue on the
// exemplar article of the Israel–Iran–US crisis.
func TestSeedArticle(t *testing.T) {
	data, err := os.ReadFile("../../shared/seed/article.txt")
	if err != nil {
		skipnote.Skip(t, "../shared seed article", fmt.Sprintf("the seed-article acceptance test needs ../shared/seed/article.txt (%v)", err))
	}
	ctx := context.Background()
	p, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := &dyad.Document{ID: "article.txt", Text: string(data), Date: time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)}
	events, err := p.Code(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		t.Logf("%s→%s %s %s %q [%s]", e.Source.Code, e.Target.Code, e.CAMEO, e.Modality, e.Verb.Text, e.Sentence)
	}
	type pred func(e dyad.Event) bool
	dyadIs := func(src, tgt string) pred {
		return func(e dyad.Event) bool { return e.Source.Country() == src && e.Target.Country() == tgt }
	}
	rootIn := func(roots ...string) pred {
		return func(e dyad.Event) bool {
			for _, r := range roots {
				if e.Root == r {
					return true
				}
			}
			return false
		}
	}
	modIn := func(ms ...dyad.Modality) pred {
		return func(e dyad.Event) bool {
			for _, m := range ms {
				if e.Modality == m {
					return true
				}
			}
			return false
		}
	}
	sentenceHas := func(s string) pred { return func(e dyad.Event) bool { return strings.Contains(e.Sentence, s) } }
	unnamed := func(e dyad.Event) bool {
		return e.Attribution != nil && !e.Attribution.Named && e.Attribution.Text == "two sources familiar with the matter"
	}
	all := func(ps ...pred) pred {
		return func(e dyad.Event) bool {
			for _, p := range ps {
				if !p(e) {
					return false
				}
			}
			return true
		}
	}
	any := func(p pred) bool {
		for _, e := range events {
			if p(e) {
				return true
			}
		}
		return false
	}
	must := []struct {
		name string
		p    pred
	}{
		{"the US opposes the Israeli plan, per unnamed sources", all(dyadIs("USA", "ISR"), rootIn("11", "12"), modIn(dyad.Asserted), unnamed, sentenceHas("opposed an Israeli plan"))},
		{"the Israeli plan to assassinate is planned or hypothetical", all(dyadIs("ISR", "IRN"), rootIn("18", "19"), modIn(dyad.Planned, dyad.Hypothetical), sentenceHas("Israeli plan to assassinate"))},
		{"the US is willing to negotiate with Iran", all(dyadIs("USA", "IRN"), rootIn("03", "04"), modIn(dyad.Asserted), sentenceHas("willingness"))},
		{"the US gives Israel defensive assistance", all(dyadIs("USA", "ISR"), rootIn("06", "07"), modIn(dyad.Asserted), sentenceHas("defensive assistance"))},
		{"the US threatens Iran with overwhelming force", all(dyadIs("USA", "IRN"), rootIn("13"), sentenceHas("overwhelming force"))},
		{"Netanyahu's dismissal is a denial", func(e dyad.Event) bool {
			return strings.Contains(e.Sentence, "dismissed reports") && ((e.Source.Country() == "ISR" && e.CAMEO == "016") || e.Modality == dyad.Denied)
		}},
		{"he who cautioned Israel is the US", all(dyadIs("USA", "ISR"), sentenceHas("He publicly cautioned Israel"))},
	}
	for _, m := range must {
		if !any(m.p) {
			t.Errorf("missing: %s", m.name)
		}
	}
	mustNot := []struct {
		name string
		p    pred
	}{
		{"an asserted US attack on Iran", all(dyadIs("USA", "IRN"), rootIn("18", "19", "20"), modIn(dyad.Asserted))},
		{"an asserted assassination", func(e dyad.Event) bool { return (e.CAMEO == "186" || e.CAMEO == "185") && e.Modality == dyad.Asserted }},
		{"an event from the image credit", sentenceHas("image credit")},
		{"an event from the follow prompt", sentenceHas("+Follow")},
		{"an event from a section heading", func(e dyad.Event) bool {
			return e.Sentence == "The Israeli Proposal and US Response" || e.Sentence == "Long-Term US and Israeli Strategy"
		}},
	}
	for _, m := range mustNot {
		for _, e := range events {
			if m.p(e) {
				t.Errorf("unexpected %s: %+v", m.name, e)
			}
		}
	}
	idx := dyad.NewTextIndex(doc.Text)
	for _, e := range events {
		if e.Sentence == "" || e.Rule == "" || e.Source.Text == "" {
			t.Errorf("event without sentence, rule or source text: %+v", e)
		}
		if got := idx.Slice(e.Source.Span); got != e.Source.Text {
			t.Errorf("source span %v gives %q, not %q", e.Source.Span, got, e.Source.Text)
		}
		if got := idx.Slice(e.SentenceSpan); got != e.Sentence {
			t.Errorf("sentence span %v gives %q, not the sentence", e.SentenceSpan, got)
		}
	}
}
