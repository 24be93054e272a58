package petrarch

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/actors"
)

// Discards are phrases that mark text as out of scope (sport, weather):
// a line "+PHRASE" discards the whole story that contains the phrase, a
// line "PHRASE" only the sentence. Phrases match case-insensitively on
// token boundaries.
type Discards struct {
	story, sentence [][]string // phrases as lower-case tokens
}

// NewDiscards returns an empty list.
func NewDiscards() *Discards { return &Discards{} }

// Len returns the number of story and sentence discards.
func (d *Discards) Len() (story, sentence int) { return len(d.story), len(d.sentence) }

// ReadDiscards adds the phrases of a PETRARCH discard list to d.
func (d *Discards) ReadDiscards(ctx context.Context, name string, r io.Reader) (Stats, []error) {
	var st Stats
	var errs []error
	n, err := scanLines(ctx, r, func(l line) {
		text := l.text
		story := strings.HasPrefix(text, "+")
		text = strings.TrimSpace(strings.TrimPrefix(text, "+"))
		var toks []string
		for _, w := range phraseWords(text) {
			for _, t := range actors.PhraseTokens(w) {
				toks = append(toks, strings.ToLower(t))
			}
		}
		if len(toks) == 0 {
			errs = append(errs, &LineError{File: name, Line: l.no, Msg: "empty discard phrase"})
			st.Skipped++
			return
		}
		if story {
			d.story = append(d.story, toks)
		} else {
			d.sentence = append(d.sentence, toks)
		}
		st.Entries++
	}, func(no int) {
		errs = append(errs, &LineError{File: name, Line: no, Msg: tooLong})
		st.Skipped++
	})
	st.Lines = n
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return st, errs
}

// Apply marks the sentences of doc that contain a sentence discard as
// Skip, and every sentence if one contains a story discard. It reports
// whether the whole story was discarded. The sentences must be tokenised.
func (d *Discards) Apply(doc *dyad.Document) (storyDiscarded bool) {
	if d == nil || (len(d.story) == 0 && len(d.sentence) == 0) {
		return false
	}
	var words []string
	for i := range doc.Sentences {
		s := &doc.Sentences[i]
		words = words[:0]
		for _, t := range s.Tokens {
			words = append(words, strings.ToLower(strings.ReplaceAll(t.Text, "’", "'")))
		}
		if containsAny(words, d.story) {
			storyDiscarded = true
		}
		if containsAny(words, d.sentence) {
			s.Skip = true
		}
	}
	if storyDiscarded {
		for i := range doc.Sentences {
			doc.Sentences[i].Skip = true
		}
	}
	return storyDiscarded
}

func containsAny(words []string, phrases [][]string) bool {
	for _, p := range phrases {
	next:
		for i := 0; i+len(p) <= len(words); i++ {
			for j, w := range p {
				if words[i+j] != w {
					continue next
				}
			}
			return true
		}
	}
	return false
}
