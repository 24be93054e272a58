package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dyad-events/dyad"
)

// runExplain shows how dyad read a text: each sentence's tokens with their
// tags and dependencies, the actors found, and the events with the rules
// that made them. It is for checking a coding decision by eye.
func runExplain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	date := fs.String("date", "", "document date `YYYY-MM-DD`")
	file := fs.String("file", "", "read the text from `FILE` instead of the arguments")
	var dicts dictFlags
	dicts.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	text := strings.Join(fs.Args(), " ")
	if *file != "" {
		data, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		text = string(data)
	}
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("usage: dyad explain [--date D] TEXT... | --file FILE")
	}
	d, err := parseDateFlag(*date)
	if err != nil {
		return err
	}
	opts := dicts.options()
	opts.ParseAll = true // show the parse of every sentence
	p, err := newPipeline(ctx, "explain", opts, stderr)
	if err != nil {
		return err
	}
	doc := &dyad.Document{ID: "explain", Text: text, Date: d}
	events, err := p.Code(ctx, doc)
	if err != nil {
		return err
	}
	for _, s := range doc.Sentences {
		fmt.Fprintf(stdout, "sentence %d%s: %s\n", s.Index, map[bool]string{true: " (skipped: not prose)"}[s.Skip], s.Text)
		for i, t := range s.Tokens {
			fmt.Fprintf(stdout, "  %2d %-16s %-14s %-5s %-4s %2d %s\n", i, t.Text, t.Lemma, t.UPOS, t.XPOS, t.Head, t.Deprel)
		}
		for _, m := range s.Mentions {
			ante := ""
			if m.Antecedent != "" {
				ante = " → " + m.Antecedent
			}
			fmt.Fprintf(stdout, "  actor %q = %s (%s%s) %s\n", m.Text, m.Code, m.Kind, ante, m.Rule)
		}
		for _, e := range events {
			if e.SentenceIndex == s.Index {
				fmt.Fprintf(stdout, "  event %s → %s %s (%s) %s %q rule %s\n", e.Source.Code, e.Target.Code, e.CAMEO, e.PLOVER.Type, e.Modality, e.Verb.Text, e.Rule)
			}
		}
	}
	return nil
}
