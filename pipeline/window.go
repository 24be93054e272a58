package pipeline

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
)

// codeInWindows codes a document longer than the window one window of
// whole lines at a time, so that only one window's tokens, parses and
// mentions are held at once. Each window is read as a document of its own
// (pronouns and titles resolve within it); its sentences and events are
// then moved to their place in the whole document. The document keeps
// its sentences' spans and text, without tokens or mentions.
func (p *Pipeline) codeInWindows(ctx context.Context, doc *dyad.Document) ([]dyad.Event, error) {
	doc.Sentences = nil
	var events []dyad.Event
	runeOff := 0
	for start := 0; start < len(doc.Text); {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		end := windowEnd(doc.Text, start, p.window)
		chunk := doc.Text[start:end]
		win := &dyad.Document{ID: doc.ID, URL: doc.URL, Title: doc.Title, Date: doc.Date, Text: chunk}
		w := &Work{Doc: win}
		if err := run(ctx, p.stages, w); err != nil {
			return nil, err
		}
		base := len(doc.Sentences)
		for _, e := range w.Events {
			events = append(events, shiftEvent(e, runeOff, base))
		}
		for _, s := range win.Sentences {
			doc.Sentences = append(doc.Sentences, dyad.Sentence{
				Index: base + s.Index, Span: shiftSpan(s.Span, runeOff), Text: s.Text, Skip: s.Skip,
			})
		}
		runeOff += utf8.RuneCountInString(chunk)
		start = end
	}
	return events, nil
}

// windowEnd returns the byte offset where the window starting at start
// ends: just after the last line break within size bytes, or, if the
// first line is longer than that, after that line.
func windowEnd(text string, start, size int) int {
	if len(text)-start <= size {
		return len(text)
	}
	if i := strings.LastIndexByte(text[start:start+size], '\n'); i >= 0 {
		return start + i + 1
	}
	if i := strings.IndexByte(text[start+size:], '\n'); i >= 0 {
		return start + size + i + 1
	}
	return len(text)
}

// shiftSpan moves a span by a window's offset; a zero span (an actor
// without text, such as PETRARCH's "---" target) stays zero.
func shiftSpan(s dyad.Span, by int) dyad.Span {
	if s == (dyad.Span{}) {
		return s
	}
	return dyad.Span{s[0] + by, s[1] + by}
}

// shiftEvent moves an event coded from a window to its place in the whole
// document: every span by the window's offset, its sentence index by the
// window's first sentence.
func shiftEvent(e dyad.Event, runeOff, sentenceBase int) dyad.Event {
	e.SentenceIndex += sentenceBase
	e.SentenceSpan = shiftSpan(e.SentenceSpan, runeOff)
	e.Source.Span = shiftSpan(e.Source.Span, runeOff)
	e.Target.Span = shiftSpan(e.Target.Span, runeOff)
	e.Verb.Span = shiftSpan(e.Verb.Span, runeOff)
	return e
}
