package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/syntax"
)

func TestParseCoNLLUKeepsTokensAndEvaluates(t *testing.T) {
	model := trainTinyModel(t)
	in, err := os.ReadFile(tinyTreebank)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err = runParse(context.Background(), []string{"--input", "conllu", "--model", model, "--eval", "-"},
		bytes.NewReader(in), &stdout, &stderr)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, stderr.String())
	}
	gold, err := syntax.ReadCoNLLU(context.Background(), bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	got, err := syntax.ReadCoNLLU(context.Background(), &stdout)
	if err != nil {
		t.Fatalf("output is not CoNLL-U: %v", err)
	}
	if len(got) != len(gold) {
		t.Fatalf("got %d sentences, want %d", len(got), len(gold))
	}
	for i := range gold {
		if len(got[i].Words) != len(gold[i].Words) || len(got[i].Extras) != len(gold[i].Extras) {
			t.Errorf("sentence %d: tokens changed", i)
		}
	}
	if !strings.Contains(stderr.String(), "UAS") {
		t.Errorf("--eval printed no scores: %q", stderr.String())
	}
}

func TestParseTextSegmentsAndParses(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := runParse(context.Background(), nil,
		strings.NewReader("Iran fired missiles at Israel on Friday. The army said it would respond."),
		&stdout, &stderr)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, stderr.String())
	}
	sents, err := syntax.ReadCoNLLU(context.Background(), &stdout)
	if err != nil {
		t.Fatalf("output is not CoNLL-U: %v", err)
	}
	if len(sents) != 2 {
		t.Fatalf("got %d sentences, want 2:\n%s", len(sents), stdout.String())
	}
	w := sents[0].Words
	if w[0].Form != "Iran" || w[0].UPOS != "PROPN" || w[1].Lemma != "fire" {
		t.Errorf("first words badly annotated: %+v %+v", w[0], w[1])
	}
	if w[len(w)-2].Misc != "SpaceAfter=No" {
		t.Errorf("no SpaceAfter=No before the full stop: %+v", w[len(w)-2])
	}
}

func TestParseMarksNamedEntities(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := runParse(context.Background(), []string{"--ner"},
		strings.NewReader("Benjamin Netanyahu flew to Washington on Monday."), &stdout, &stderr)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, stderr.String())
	}
	sents, err := syntax.ReadCoNLLU(context.Background(), &stdout)
	if err != nil {
		t.Fatalf("output is not CoNLL-U: %v", err)
	}
	w := sents[0].Words
	if w[0].Misc != "NE=B-PER" || w[1].Misc != "NE=I-PER" {
		t.Errorf("name not marked: %q %q", w[0].Misc, w[1].Misc)
	}
	if w[3].Misc != "_" {
		t.Errorf("'to' marked %q", w[3].Misc)
	}
}

func TestParseRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"an unknown input format", []string{"--input", "xml"}},
		{"eval without CoNLL-U input", []string{"--eval"}},
		{"two input files", []string{"a", "b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := runParse(context.Background(), tc.args, strings.NewReader(""), &stdout, &stderr); err == nil {
				t.Error("want an error")
			}
		})
	}
}
