package actors

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/nlp"
)

func TestMayMentionPicksSentencesWithAPossibleActor(t *testing.T) {
	d := New()
	if errs := d.Load("test.txt", strings.NewReader(testDict+"country TUR: Turkey\n")); len(errs) > 0 {
		t.Fatal(errs)
	}
	f := NewFinder(d)
	tests := []struct {
		name string
		text string
		want string // one digit a sentence: 1 where it may have a mention
	}{
		{"a name", "Iran spoke. Markets fell.", "10"},
		{"a role word alone", "The officials left early. Rain fell.", "10"},
		{"a name in lower case is not one", "They ate turkey. Turkey did not.", "01"},
		{"a pronoun with a name in the sentence before", "Trump spoke. He left.", "11"},
		{"a pronoun with its antecedent three sentences back", "Trump spoke. Rain fell. Snow fell. Then he left.", "1001"},
		{"a pronoun too far from any name", "Trump spoke. Rain fell. Snow fell. Hail fell. Then he left.", "10000"},
		{"a pronoun with no actor before it", "It rained. Then it snowed.", "00"},
		{"they resolves only within its sentence", "Iran spoke. They left.", "10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &dyad.Document{Text: tt.text}
			nlp.Segment(doc)
			var got strings.Builder
			for _, may := range f.MayMention(doc) {
				fmt.Fprint(&got, map[bool]int{false: 0, true: 1}[may])
			}
			if got.String() != tt.want {
				t.Errorf("MayMention = %s, want %s", got.String(), tt.want)
			}
		})
	}
}

func TestMayMentionSkipsSentencesMarkedSkip(t *testing.T) {
	d := New()
	d.Load("test.txt", strings.NewReader(testDict))
	doc := &dyad.Document{Text: "Trump spoke. He left."}
	nlp.Segment(doc)
	doc.Sentences[0].Skip = true
	if got := NewFinder(d).MayMention(doc); got[0] || got[1] {
		t.Errorf("MayMention = %v, want no mention where the antecedent's sentence is skipped", got)
	}
}
