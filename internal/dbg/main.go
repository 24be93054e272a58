package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/pipeline"
)

func main() {
	ctx := context.Background()
	p, err := pipeline.New(ctx, pipeline.Options{SyntaxModel: os.Getenv("MODEL")})
	if err != nil {
		panic(err)
	}
	for _, w := range p.Warnings() {
		fmt.Println("WARN", w)
	}
	data, _ := os.ReadFile(os.Args[1])
	if len(os.Args) > 2 {
		data = []byte(os.Args[2])
	}
	doc := &dyad.Document{ID: "x", Text: string(data), Date: time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)}
	events, _ := p.Code(ctx, doc)
	defer func() {
		for _, e := range events {
			fmt.Printf("EVENT %s>%s %s %s %q rule=%s\n", e.Source.Code, e.Target.Code, e.CAMEO, e.Modality, e.Verb.Text, e.Rule)
		}
	}()
	for _, s := range doc.Sentences {
		if f := os.Getenv("GREP"); f != "" && !strings.Contains(s.Text, f) {
			continue
		}
		fmt.Printf("\n[%d skip=%v] %s\n", s.Index, s.Skip, s.Text)
		for i, t := range s.Tokens {
			fmt.Printf("  %d %s %s %s %d %s\n", i, t.Text, t.Lemma, t.UPOS, t.Head, t.Deprel)
		}
		for _, m := range s.Mentions {
			fmt.Printf("  M %q %s %s head=%d ante=%q\n", m.Text, m.Code, m.Kind, m.Head, m.Antecedent)
		}
	}
}
