package nlp

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/internal/skipnote"
)

func tokens(s dyad.Sentence) string {
	var out []string
	for _, t := range s.Tokens {
		out = append(out, t.Text)
	}
	return strings.Join(out, " ")
}

func TestSegmentSplitsSentencesAndTokensLikeUD(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"abbreviations stay whole", "Gen. Smith met U.S. officials in Washington on Jan. 5. They didn't agree.",
			[]string{"Gen. Smith met U.S. officials in Washington on Jan. 5 .", "They did n't agree ."}},
		{"curly possessive and quotes", "Iran’s leader said: “We won’t yield.” Talks ended.",
			[]string{"Iran ’s leader said : “ We wo n’t yield . ”", "Talks ended ."}},
		{"hyphenated compounds split", "The Israel-Iran conflict entered a long-term phase.",
			[]string{"The Israel - Iran conflict entered a long - term phase ."}},
		{"a compound after an abbreviation splits", "The U.S.-EU council met on U.S.-China trade.",
			[]string{"The U.S. - EU council met on U.S. - China trade ."}},
		{"a paragraph break ends a sentence", "First line without stop\nSecond line.",
			[]string{"First line without stop", "Second line ."}},
		{"abbreviation at the end of a sentence", "He returned to the U.S. The talks resumed.",
			[]string{"He returned to the U.S.", "The talks resumed ."}},
		{"a dateline stands apart", "KYIV, Ukraine (Reuters) - Russia fired missiles at Kyiv.",
			[]string{"KYIV , Ukraine ( Reuters ) -", "Russia fired missiles at Kyiv ."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &dyad.Document{Text: tt.text}
			Segment(doc)
			var got []string
			for _, s := range doc.Sentences {
				got = append(got, tokens(s))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSpansAreCodePointOffsetsIntoTheText(t *testing.T) {
	text := "Amid tensions, Iran’s “Supreme Leader” spoke.\nTrump’s aides — quietly — agreed."
	doc := &dyad.Document{Text: text}
	Segment(doc)
	runes := []rune(text)
	for _, s := range doc.Sentences {
		if got := string(runes[s.Span[0]:s.Span[1]]); got != s.Text {
			t.Errorf("sentence span %v gives %q, text is %q", s.Span, got, s.Text)
		}
		for _, tok := range s.Tokens {
			if got := string(runes[tok.Span[0]:tok.Span[1]]); got != tok.Text {
				t.Errorf("token span %v gives %q, token is %q", tok.Span, got, tok.Text)
			}
		}
	}
}

func TestBoilerplateLinesAreSkipped(t *testing.T) {
	text := "Defensive Support Without Offensive Action\nFeatured image credit: FMT\nFor more stories like it, click the +Follow button at the top of this page to follow us.\nIsrael struck Iranian sites on Friday, officials said.\nIsrael strikes Hezbollah targets across southern Lebanon, army says"
	doc := &dyad.Document{Text: text}
	Segment(doc)
	var skipped []bool
	for _, s := range doc.Sentences {
		skipped = append(skipped, s.Skip)
	}
	want := []bool{true, true, true, false, false}
	if len(skipped) != len(want) {
		t.Fatalf("got %d sentences, want %d", len(skipped), len(want))
	}
	for i := range want {
		if skipped[i] != want[i] {
			t.Errorf("sentence %d (%q) skip=%v, want %v", i, doc.Sentences[i].Text, skipped[i], want[i])
		}
	}
}

func TestSeedArticleSegments(t *testing.T) {
	data, err := os.ReadFile("../../shared/seed/article.txt")
	if err != nil {
		skipnote.Skip(t, "../shared seed article", fmt.Sprintf("../shared/seed/article.txt is absent (%v)", err))
	}
	doc := &dyad.Document{Text: string(data)}
	Segment(doc)
	if len(doc.Sentences) < 25 {
		t.Errorf("seed article gave %d sentences, want at least 25", len(doc.Sentences))
	}
}
