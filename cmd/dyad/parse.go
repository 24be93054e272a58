package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/frames"
	"github.com/dyad-events/dyad/nlp"
	"github.com/dyad-events/dyad/syntax"
)

// runParse implements "dyad parse": it tags, lemmatises and parses text or
// CoNLL-U and writes CoNLL-U; with --ner it also marks named entities, with
// --enhanced it writes the enhanced dependency graph in the DEPS column.
func runParse(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "text", "input format: text (segmented by dyad) or conllu (tokens kept)")
	modelPath := fs.String("model", "", "syntax model file (default: the embedded model)")
	eval := fs.Bool("eval", false, "with --input conllu, print UPOS/UAS/LAS (with --enhanced also ELAS) against the input's gold columns to stderr")
	enhanced := fs.Bool("enhanced", false, "write the enhanced dependency graph (UD v2, as EWT annotates it) in the DEPS column")
	keepBasic := fs.Bool("keep-basic", false, "with --input conllu, keep the input's tags, lemmas and basic tree and only compute the enhanced graph (implies --enhanced)")
	ner := fs.Bool("ner", false, "also mark named entities (PER, LOC, ORG) in MISC, as NE=B-PER, NE=I-PER, …")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return errors.New("usage: dyad parse [--input text|conllu] [--model F] [--eval] [--enhanced] [--keep-basic] [FILE|-]")
	}
	if *input != "text" && *input != "conllu" {
		return fmt.Errorf("unknown --input %q (want text or conllu)", *input)
	}
	if *eval && *input != "conllu" {
		return errors.New("--eval needs --input conllu")
	}
	if *keepBasic && *input != "conllu" {
		return errors.New("--keep-basic needs --input conllu")
	}
	*enhanced = *enhanced || *keepBasic
	in := stdin
	if name := fs.Arg(0); name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("opening input: %w", err)
		}
		defer f.Close()
		in = f
	}
	var m *syntax.Model
	if !*keepBasic {
		var err error
		if m, err = loadSyntaxModel(*modelPath); err != nil {
			return err
		}
	}
	var sents []syntax.Sentence
	if *input == "conllu" {
		gold, err := syntax.ReadCoNLLU(ctx, in)
		if err != nil {
			return fmt.Errorf("reading input: %w", err)
		}
		if *keepBasic {
			sents = copySentences(gold)
		} else {
			sents = m.AnnotateAll(gold)
		}
		if *enhanced {
			enhanceSentences(sents)
		}
		if *eval && !*keepBasic {
			sc := syntax.Evaluate(gold, sents)
			fmt.Fprintf(stderr, "UPOS %.2f XPOS %.2f Lemma %.2f UAS %.2f LAS %.2f (%d sentences, %d words)\n",
				sc.UPOS, sc.XPOS, sc.Lemma, sc.UAS, sc.LAS, sc.Sentences, sc.Words)
		}
		if *eval && *enhanced {
			sc, err := frames.EvaluateEnhanced(gold, sents)
			if err != nil {
				return fmt.Errorf("scoring the enhanced graphs: %w", err)
			}
			fmt.Fprintf(stderr, "%s\n", sc)
		}
	} else {
		text, err := io.ReadAll(in)
		if err != nil {
			return fmt.Errorf("reading input: %w", err)
		}
		sents = parseText(ctx, m, string(text))
		if *enhanced {
			enhanceSentences(sents)
		}
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

// copySentences copies sentences deeply enough that their words can be
// annotated without touching the originals.
func copySentences(sents []syntax.Sentence) []syntax.Sentence {
	out := make([]syntax.Sentence, len(sents))
	for i, s := range sents {
		out[i] = syntax.Sentence{Comments: s.Comments, Extras: s.Extras, Words: slices.Clone(s.Words)}
	}
	return out
}

// enhanceSentences computes each sentence's enhanced graph from its basic
// tree and writes it to the DEPS column. The input's empty nodes are
// dropped: they belong to the enhanced graph being replaced, and dyad's
// graph has none.
func enhanceSentences(sents []syntax.Sentence) {
	for i := range sents {
		s := &sents[i]
		toks := s.Tokens()
		frames.Enhance(toks)
		for j := range s.Words {
			s.Words[j].Deps = syntax.FormatDeps(toks[j].Deps)
		}
		s.Extras = slices.DeleteFunc(slices.Clone(s.Extras), isEmptyNode)
	}
}

// isEmptyNode reports whether a kept CoNLL-U line is an empty node
// ("8.1\t…") rather than a multiword token range.
func isEmptyNode(e syntax.Extra) bool {
	id, _, _ := strings.Cut(e.Line, "\t")
	return strings.Contains(id, ".")
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
