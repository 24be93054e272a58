package pipeline

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
)

var (
	sharedOnce     sync.Once
	sharedPipeline *Pipeline
	sharedErr      error
)

func testPipeline(t testing.TB) *Pipeline {
	sharedOnce.Do(func() { sharedPipeline, sharedErr = New(context.Background(), Options{}) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedPipeline
}

func codeText(t testing.TB, text, date string) []dyad.Event {
	d, _ := time.Parse("2006-01-02", date)
	doc := &dyad.Document{ID: "t", Text: text, Date: d}
	events, err := testPipeline(t).Code(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func summary(events []dyad.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, fmt.Sprintf("%s>%s %s %s", e.Source.Country(), e.Target.Country(), e.Root, e.Modality))
	}
	return out
}

// TestCoderFindsWhoDidWhatToWhom checks sentence shapes the coder must
// handle; each wants one event among those coded (src>tgt root modality).
func TestCoderFindsWhoDidWhatToWhom(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"an active verb with a direct object", "Russia attacked Ukraine on Thursday.", "RUS>UKR 19 asserted"},
		{"a passive with its agent", "Ukraine was attacked by Russia overnight.", "RUS>UKR 19 asserted"},
		{"a verb with a particle and preposition", "The European Union imposed new sanctions on Belarus.", "IGO>BLR 16 asserted"},
		{"a negated verb", "China did not condemn Russia at the meeting.", "CHN>RUS 11 negated"},
		{"a future plan", "Japan will send aid to the Philippines next week.", "JPN>PHL 07 planned"},
		{"a conditional", "Iran could attack Israel if talks fail.", "IRN>ISR 19 hypothetical"},
		{"a reported denial", "Pakistan denied attacking India.", "PAK>IND 19 denied"},
		{"a nominal event with a possessor", "Israel's strikes on Lebanon continued for a third day.", "ISR>LBN 19 asserted"},
		{"reported speech keeps the reported event", "Officials said Turkish troops shelled villages in northern Syria on Sunday.", "TUR>SYR 19 asserted"},
		{"a pronoun resolved to the last person", "Emmanuel Macron arrived in Berlin on Monday. He praised Germany for its support.", "FRA>DEU 05 asserted"},
		{"an appeal with an infinitive", "The United Nations urged Israel to allow aid into Gaza.", "IGO>ISR 02 asserted"},
		{"a meeting", "Egyptian officials met Qatari mediators in Cairo.", "EGY>QAT 04 asserted"},
		{"the one warned acts in the warning's complement", "Turkey warned Greece against attacking Cyprus.", "GRC>CYP 19 hypothetical"},
		{"a negated future", "The United States will not send troops to Ukraine.", "USA>UKR 06 negated"},
		{"a plural pronoun in what a group says is the group", "Iran's Revolutionary Guards said they had fired missiles at Israel.", "IRN>ISR 19 asserted"},
		{"a denied report", "Moscow denied reports that its troops had shelled Kharkiv.", "RUS>UKR 19 denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(codeText(t, tt.text, "2025-06-15"))
			for _, g := range got {
				if g == tt.want {
					return
				}
			}
			t.Errorf("%q\n got %v\nwant %s", tt.text, got, tt.want)
		})
	}
}

func TestCoderStaysQuietOnNonPoliticalText(t *testing.T) {
	for _, text := range []string{
		"Brazil beat Argentina 2-1 in the final on Sunday.",
		"Shares in Tokyo fell sharply after the report.",
		"A storm hit the coast of Florida, damaging homes.",
		"Featured image credit: Reuters",
	} {
		if got := summary(codeText(t, text, "2025-06-15")); len(got) > 0 {
			t.Errorf("%q gave events %v", text, got)
		}
	}
}

func TestEveryEventExplainsItself(t *testing.T) {
	text := "Russia attacked Ukraine on Thursday, Ukrainian officials said."
	events := codeText(t, text, "2025-06-15")
	if len(events) == 0 {
		t.Fatal("no events")
	}
	runes := []rune(text)
	for _, e := range events {
		if !strings.HasPrefix(e.Rule, "verb:") && !strings.HasPrefix(e.Rule, "noun:") {
			t.Errorf("rule %q does not name its pattern", e.Rule)
		}
		if string(runes[e.Verb.Span[0]:e.Verb.Span[1]]) != e.Verb.Text || e.Verb.Text == "" {
			t.Errorf("verb span %v does not give %q", e.Verb.Span, e.Verb.Text)
		}
		if e.Attribution == nil || e.Attribution.Named {
			t.Errorf("attribution = %+v, want unnamed Ukrainian officials", e.Attribution)
		}
	}
}

func BenchmarkCode(b *testing.B) {
	text := strings.Repeat("Russia launched missile strikes on Ukraine on Monday, Ukrainian officials said. The European Union imposed new sanctions on Belarus. China did not condemn Russia at the meeting. ", 10)
	p := testPipeline(b)
	ctx := context.Background()
	b.ResetTimer()
	sentences := 0
	for i := 0; i < b.N; i++ {
		doc := &dyad.Document{ID: "b", Text: text, Date: time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)}
		if _, err := p.Code(ctx, doc); err != nil {
			b.Fatal(err)
		}
		sentences += len(doc.Sentences)
	}
	b.ReportMetric(float64(sentences)/b.Elapsed().Seconds(), "sentences/s")
}
