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
	date := fs.String("date", "", "document date "+docDateUsage)
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
	d, err := parseDocDateFlag(*date)
	if err != nil {
		return err
	}
	opts := dicts.options()
	opts.ParseAll = true // show the parse of every sentence
	p, err := newPipeline(ctx, "explain", opts, stderr)
	if err != nil {
		return err
	}
	doc := &dyad.Document{ID: "explain", Text: text, Date: d.date}
	events, notes, err := p.Explain(ctx, doc)
	if err != nil {
		return err
	}
	// The stages the text went through, in order, each with what it does.
	var names []string
	for _, st := range p.Stages() {
		names = append(names, st.Name())
	}
	fmt.Fprintf(stdout, "stages: %s\n", strings.Join(names, " → "))
	for _, st := range p.Stages() {
		fmt.Fprintf(stdout, "  %-8s %s\n", st.Name(), st.Doc())
	}
	for _, s := range doc.Sentences {
		fmt.Fprintf(stdout, "sentence %d%s: %s\n", s.Index, map[bool]string{true: " (skipped: not prose)"}[s.Skip], s.Text)
		for i, t := range s.Tokens {
			fmt.Fprintf(stdout, "  %2d %-16s %-14s %-5s %-4s %2d %s\n", i, t.Text, t.Lemma, t.UPOS, t.XPOS, t.Head, t.Deprel)
		}
		for _, f := range s.Frames {
			fmt.Fprintf(stdout, "  frame %s\n", frameString(s, f))
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
		for _, n := range notes {
			if n.Sentence == s.Index {
				fmt.Fprintf(stdout, "  no event from %d %q: %s", n.Head, n.Word, n.Outcome)
				if n.Rule != "" {
					fmt.Fprintf(stdout, " (rule %s)", n.Rule)
				}
				fmt.Fprintln(stdout)
			}
		}
	}
	return nil
}

// frameString shows a frame as "attack(verb, passive) agent=Israel[nsubj]
// patient=…", each argument by its text and the relation it came from.
func frameString(s dyad.Sentence, f dyad.Frame) string {
	var b strings.Builder
	kind := "verb"
	if f.Nominal {
		kind = "noun"
	}
	fmt.Fprintf(&b, "%d %s(%s", f.Pred, f.Lemma, kind)
	if f.Passive {
		b.WriteString(", passive")
	}
	if f.Light >= 0 {
		fmt.Fprintf(&b, ", light verb %q", s.Tokens[f.Light].Text)
	}
	b.WriteString(")")
	for _, a := range f.Args {
		role := string(a.Role)
		if a.Case != "" {
			role += ":" + a.Case
		}
		fmt.Fprintf(&b, " %s=%q[%s]", role, spanText(s, a.Span), a.Via)
	}
	return b.String()
}

// spanText is the text of a span inside the sentence.
func spanText(s dyad.Sentence, sp dyad.Span) string {
	r := []rune(s.Text)
	lo, hi := sp[0]-s.Span[0], sp[1]-s.Span[0]
	if lo < 0 || hi > len(r) || lo > hi {
		return ""
	}
	return string(r[lo:hi])
}
