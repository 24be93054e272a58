package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/syntax"
)

// FuzzCode codes any text: coding may not panic (a recovered panic is a
// bug to fix), and every event's spans lie inside the document and cut
// out the texts the event names.
func FuzzCode(f *testing.F) {
	p, err := New(context.Background(), Options{WindowBytes: 2048})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Russia attacked Ukraine on Thursday. Officials said Turkish troops shelled villages in Syria.")
	f.Add("WASHINGTON (Reuters) - The United States condemned China.\nHe said it would not happen again.")
	f.Add("Iran could attack Israel if talks fail, but Pakistan denied attacking India.")
	f.Add("“China” ‘warned’ — the Philippines – on 12 May.\n\n\n\t.")
	f.Add(strings.Repeat("Israel struck Lebanon. ", 200))
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 8192 {
			return // ingest only passes valid UTF-8 within its limits
		}
		doc := &dyad.Document{ID: "fuzz", Text: text}
		events, err := p.Code(context.Background(), doc)
		var pe *PanicError
		if errors.As(err, &pe) {
			t.Fatalf("coding panicked: %v\n%s", pe.Value, pe.Stack)
		}
		if err != nil {
			t.Fatalf("Code: %v", err)
		}
		idx := dyad.NewTextIndex(text)
		for _, e := range events {
			for _, sp := range []dyad.Span{e.SentenceSpan, e.Source.Span, e.Target.Span, e.Verb.Span} {
				if sp[0] < 0 || sp[1] > idx.Len() || sp[0] > sp[1] {
					t.Fatalf("event %+v: span %v outside the text of %d characters", e, sp, idx.Len())
				}
			}
			if got := idx.Slice(e.SentenceSpan); got != e.Sentence {
				t.Fatalf("sentence span %v holds %q, the event says %q", e.SentenceSpan, got, e.Sentence)
			}
		}
	})
}

// FuzzCodeParsed codes a parse given as CoNLL-U, as a caller of the
// exported CodeParsed may: a parse that is not a tree is an error, and no
// parse makes coding panic.
func FuzzCodeParsed(f *testing.F) {
	p, err := New(context.Background(), Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tUkraine\tUkraine\tPROPN\tNNP\t_\t2\tobj\t_\t_\n")
	f.Add("1\tRussia\tRussia\tPROPN\tNNP\t_\t1\tnsubj\t_\t_\n2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_\n")
	f.Add("1\tIran\tIran\tPROPN\tNNP\t_\t3\tnsubj\t_\t_\n2\tdid\tdo\tAUX\tVBD\t_\t3\taux\t_\t_\n3\tnot\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n")
	f.Fuzz(func(t *testing.T, conllu string) {
		sents, err := syntax.ReadCoNLLU(context.Background(), strings.NewReader(conllu))
		if err != nil || len(sents) == 0 {
			return
		}
		doc := &dyad.Document{ID: "fuzz"}
		var b strings.Builder
		for i, s := range sents {
			if i >= 4 {
				break
			}
			toks := s.Tokens()
			start := utf8.RuneCountInString(b.String())
			for j := range toks {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				off := utf8.RuneCountInString(b.String())
				b.WriteString(toks[j].Text)
				toks[j].Span = dyad.Span{off, off + utf8.RuneCountInString(toks[j].Text)}
			}
			end := utf8.RuneCountInString(b.String())
			doc.Sentences = append(doc.Sentences, dyad.Sentence{Index: i, Span: dyad.Span{start, end}, Tokens: toks})
		}
		doc.Text = b.String()
		for i := range doc.Sentences {
			doc.Sentences[i].Text = dyad.NewTextIndex(doc.Text).Slice(doc.Sentences[i].Span)
		}
		_, err = p.CodeParsed(context.Background(), doc)
		var pe *PanicError
		if errors.As(err, &pe) {
			t.Fatalf("coding a parse panicked: %v\n%s", pe.Value, pe.Stack)
		}
		var te *syntax.TreeError
		if err != nil && !errors.As(err, &te) {
			t.Fatalf("CodeParsed: %v, want a tree error or none", err)
		}
	})
}
