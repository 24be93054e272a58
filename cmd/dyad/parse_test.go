package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/internal/skipnote"
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

// enhancedTreebank has gold enhanced graphs, an empty node and a multiword
// token.
const enhancedTreebank = "../../frames/testdata/enhanced.conllu"

func TestParseKeepBasicWritesEnhancedGraphAndScoresIt(t *testing.T) {
	in, err := os.ReadFile(enhancedTreebank)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err = runParse(context.Background(), []string{"--input", "conllu", "--keep-basic", "--eval", "-"},
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
	// The first two sentences have no gapping: their graphs are EWT's.
	for i := range 2 {
		for j, w := range got[i].Words {
			g := gold[i].Words[j]
			if w.Deps != g.Deps || w.Head != g.Head || w.Deprel != g.Deprel || w.Lemma != g.Lemma {
				t.Errorf("sentence %d word %d: got %d %s %s, want %d %s %s", i+1, w.ID, w.Head, w.Deprel, w.Deps, g.Head, g.Deprel, g.Deps)
			}
		}
	}
	if n := len(got[1].Extras); n != 1 {
		t.Errorf("sentence 2 has %d multiword tokens, want 1", n)
	}
	if n := len(got[2].Extras); n != 0 {
		t.Errorf("sentence 3 kept %d empty nodes, want none: %v", n, got[2].Extras)
	}
	if !strings.Contains(stderr.String(), "ELAS") || strings.Contains(stderr.String(), "UAS") {
		t.Errorf("--keep-basic --eval should print ELAS alone: %q", stderr.String())
	}
}

func TestParseEnhancedWritesDepsForText(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := runParse(context.Background(), []string{"--enhanced"},
		strings.NewReader("Iran and Russia agreed to lift the sanctions that Washington imposed."), &stdout, &stderr)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, stderr.String())
	}
	sents, err := syntax.ReadCoNLLU(context.Background(), &stdout)
	if err != nil {
		t.Fatalf("output is not CoNLL-U: %v", err)
	}
	var xsubj int
	for _, w := range sents[0].Words {
		if w.Deps == "_" || w.Deps == "" {
			t.Errorf("word %d %q has no enhanced edges", w.ID, w.Form)
		}
		xsubj += strings.Count(w.Deps, ":nsubj:xsubj")
	}
	if xsubj != 2 {
		t.Errorf("want Iran and Russia both controlling lift, got %d nsubj:xsubj edges:\n%s", xsubj, stdout.String())
	}
}

func TestParseKeepBasicNeedsCoNLLU(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := runParse(context.Background(), []string{"--keep-basic"}, strings.NewReader("Iran protested."), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "--input conllu") {
		t.Errorf("got %v, want an error asking for --input conllu", err)
	}
}

// ewtDev is the EWT development set, shared reference data that is not in
// the repository.
const ewtDev = "../../../shared/data/ud/en_ewt/en_ewt-ud-dev.conllu"

// TestParseKeepBasicScoresEWTDev runs dyad parse --input conllu
// --keep-basic --eval on the EWT development set: the enhanced graphs
// computed from its gold basic trees must reach ELAS 97.
func TestParseKeepBasicScoresEWTDev(t *testing.T) {
	if _, err := os.Stat(ewtDev); err != nil {
		skipnote.Skip(t, "../shared UD EWT treebank", fmt.Sprintf("the EWT development set is absent (%v); it lives in ../shared/data/ud/en_ewt", err))
	}
	var stdout, stderr bytes.Buffer
	err := runParse(context.Background(), []string{"--input", "conllu", "--keep-basic", "--eval", ewtDev}, nil, &stdout, &stderr)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, stderr.String())
	}
	var elas float64
	if _, err := fmt.Sscanf(stderr.String(), "ELAS %f", &elas); err != nil {
		t.Fatalf("no ELAS in %q: %v", stderr.String(), err)
	}
	t.Logf("%s", strings.TrimSpace(stderr.String()))
	if elas < 97 {
		t.Errorf("ELAS %.2f on EWT dev with --keep-basic, want at least 97", elas)
	}
}
