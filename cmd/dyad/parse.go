package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/nlp"
	"github.com/dyad-events/dyad/syntax"
)

// runParse implements "dyad parse": it tags, lemmatises and parses text or
// CoNLL-U and writes CoNLL-U; with --ner it also marks named entities.
func runParse(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "text", "input format: text (segmented by dyad) or conllu (tokens kept)")
	modelPath := fs.String("model", "", "syntax model file (default: the embedded model)")
	eval := fs.Bool("eval", false, "with --input conllu, print UPOS/UAS/LAS against the input's gold columns to stderr")
	ner := fs.Bool("ner", false, "also mark named entities (PER, LOC, ORG) in MISC, as NE=B-PER, NE=I-PER, …")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return errors.New("usage: dyad parse [--input text|conllu] [--model F] [--eval] [FILE|-]")
	}
	if *input != "text" && *input != "conllu" {
		return fmt.Errorf("unknown --input %q (want text or conllu)", *input)
	}
	if *eval && *input != "conllu" {
		return errors.New("--eval needs --input conllu")
	}
	in := stdin
	if name := fs.Arg(0); name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("opening input: %w", err)
		}
		defer f.Close()
		in = f
	}
	m, err := loadSyntaxModel(*modelPath)
	if err != nil {
		return err
	}
	var sents []syntax.Sentence
	if *input == "conllu" {
		gold, err := syntax.ReadCoNLLU(ctx, in)
		if err != nil {
			return fmt.Errorf("reading input: %w", err)
		}
		sents = m.AnnotateAll(gold)
		if *eval {
			defer func() {
				sc := syntax.Evaluate(gold, sents)
				fmt.Fprintf(stderr, "UPOS %.2f XPOS %.2f Lemma %.2f UAS %.2f LAS %.2f (%d sentences, %d words)\n",
					sc.UPOS, sc.XPOS, sc.Lemma, sc.UAS, sc.LAS, sc.Sentences, sc.Words)
			}()
		}
	} else {
		text, err := io.ReadAll(in)
		if err != nil {
			return fmt.Errorf("reading input: %w", err)
		}
		sents = parseText(ctx, m, string(text))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if *ner {
		rec, err := syntax.DefaultNER()
		if err != nil {
			return err
		}
		markEntities(rec, sents)
	}
	return syntax.WriteCoNLLU(stdout, sents)
}

// markEntities adds NE=B-TYPE / NE=I-TYPE to the MISC column of the words
// of every named entity.
func markEntities(rec *syntax.NER, sents []syntax.Sentence) {
	for i := range sents {
		s := &sents[i]
		for _, e := range rec.Recognize(s.Tokens()) {
			for j := e.Start; j < e.End; j++ {
				tag := "NE=I-" + e.Type
				if j == e.Start {
					tag = "NE=B-" + e.Type
				}
				w := &s.Words[j]
				if w.Misc == "" || w.Misc == "_" {
					w.Misc = tag
				} else {
					w.Misc += "|" + tag
				}
			}
		}
	}
}

// parseText segments text with dyad's tokenizer and annotates every
// sentence.
func parseText(ctx context.Context, m *syntax.Model, text string) []syntax.Sentence {
	doc := &dyad.Document{Text: text}
	nlp.Segment(doc)
	out := make([]syntax.Sentence, 0, len(doc.Sentences))
	for i, s := range doc.Sentences {
		if ctx.Err() != nil {
			break
		}
		if len(s.Tokens) == 0 {
			continue
		}
		toks := append([]dyad.Token(nil), s.Tokens...)
		m.Annotate(toks)
		cs := syntax.Sentence{Comments: []string{
			"# sent_id = " + strconv.Itoa(i+1),
			"# text = " + s.Text,
		}}
		for j, t := range toks {
			misc := "_"
			if j+1 < len(toks) && toks[j+1].Span[0] == t.Span[1] {
				misc = "SpaceAfter=No"
			}
			cs.Words = append(cs.Words, syntax.Word{
				ID: j + 1, Form: t.Text, Lemma: t.Lemma, UPOS: t.UPOS, XPOS: t.XPOS,
				Head: t.Head + 1, Deprel: t.Deprel, Misc: misc,
			})
		}
		out = append(out, cs)
	}
	return out
}
