package syntax

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

func readTinyNER(t *testing.T) []NERSentence {
	t.Helper()
	f, err := os.Open("testdata/tiny.iob2")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sents, err := ReadIOB2(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return sents
}

func TestReadIOB2KeepsOnlyPersonPlaceAndOrganisation(t *testing.T) {
	sents := readTinyNER(t)
	if len(sents) != 3 {
		t.Fatalf("got %d sentences, want 3", len(sents))
	}
	if got := sents[2].Tags[6]; got != "O" {
		t.Errorf("B-OTH read as %q, want O", got)
	}
	want := []Entity{{"PER", 2, 4}, {"ORG", 6, 8}}
	got := sents[1].GoldEntities()
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("entities %v, want %v", got, want)
	}
	if _, err := ReadIOB2(context.Background(), strings.NewReader("1\tword\n")); err == nil {
		t.Error("want an error for a line with two columns")
	}
}

func TestTrainedNERFindsItsTrainingEntitiesAndSurvivesSaveLoad(t *testing.T) {
	sents := readTinyNER(t)
	n, err := TrainNER(context.Background(), sents, nil, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := n.Save(&buf); err != nil {
		t.Fatal(err)
	}
	n2, err := LoadNER(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var gold, pred [][]Entity
	for _, s := range sents {
		toks := make([]dyad.Token, len(s.Words))
		for i, w := range s.Words {
			toks[i].Text = w
		}
		gold = append(gold, s.GoldEntities())
		pred = append(pred, n2.Recognize(toks))
	}
	if sc := EvaluateNER(gold, pred); sc.F1 < 99.9 {
		t.Errorf("tiny recogniser does not fit its training data: %v", sc)
	}
}

func TestEvaluateNERCountsExactSpansOnly(t *testing.T) {
	gold := [][]Entity{{{"PER", 0, 2}, {"LOC", 4, 5}}}
	pred := [][]Entity{{{"PER", 0, 1}, {"LOC", 4, 5}, {"ORG", 6, 7}}}
	sc := EvaluateNER(gold, pred)
	if sc.Correct != 1 || sc.Gold != 2 || sc.Predicted != 3 {
		t.Errorf("got %v", sc)
	}
}

func TestDefaultNERNeverStartsWithInside(t *testing.T) {
	n, err := DefaultNER()
	if err != nil {
		t.Fatal(err)
	}
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var toks []dyad.Token
	for _, w := range strings.Fields("Benjamin Netanyahu flew to Washington to meet officials of the United Nations .") {
		toks = append(toks, dyad.Token{Text: w})
	}
	m.Annotate(toks)
	ents := n.Recognize(toks)
	if len(ents) == 0 {
		t.Fatal("no entities found")
	}
	for _, e := range ents {
		if e.Start < 0 || e.End > len(toks) || e.Start >= e.End {
			t.Errorf("bad span %+v", e)
		}
	}
	if ents[0] != (Entity{"PER", 0, 2}) {
		t.Errorf("first entity %+v, want PER 0-2", ents[0])
	}
}
