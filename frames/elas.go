package frames

import (
	"fmt"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/syntax"
)

// Score compares predicted enhanced graphs with gold ones as the IWPT 2021
// shared task does for ELAS: every edge is a (dependent, head, label)
// triple with the whole label ("obl:with", "nsubj:xsubj"), precision and
// recall are taken over those triples and ELAS is their F1. Edges from or
// to empty nodes are left out on both sides.
type Score struct {
	Gold      int // edges in the gold graphs
	Predicted int // edges in the predicted graphs
	Correct   int // predicted edges that are in the gold graphs
}

// AddWord counts the incoming edges of one word. Duplicate edges count
// once.
func (s *Score) AddWord(gold, predicted []dyad.Dep) {
	s.Gold += countDistinct(gold)
	for i, p := range predicted {
		if containsDep(predicted[:i], p) {
			continue
		}
		s.Predicted++
		if containsDep(gold, p) {
			s.Correct++
		}
	}
}

func countDistinct(deps []dyad.Dep) int {
	n := 0
	for i, d := range deps {
		if !containsDep(deps[:i], d) {
			n++
		}
	}
	return n
}

func containsDep(deps []dyad.Dep, d dyad.Dep) bool {
	for _, e := range deps {
		if e == d {
			return true
		}
	}
	return false
}

// Precision is the share of predicted edges that are correct, in percent.
func (s Score) Precision() float64 { return percent(s.Correct, s.Predicted) }

// Recall is the share of gold edges that were predicted, in percent.
func (s Score) Recall() float64 { return percent(s.Correct, s.Gold) }

// ELAS is the F1 of precision and recall, in percent.
func (s Score) ELAS() float64 {
	if s.Gold+s.Predicted == 0 {
		return 0
	}
	return 200 * float64(s.Correct) / float64(s.Gold+s.Predicted)
}

func percent(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// String formats the score on one line.
func (s Score) String() string {
	return fmt.Sprintf("ELAS %.2f (P %.2f R %.2f; %d gold, %d predicted, %d correct edges)",
		s.ELAS(), s.Precision(), s.Recall(), s.Gold, s.Predicted, s.Correct)
}

// EvaluateEnhanced scores the DEPS columns of predicted against those of
// gold. Sentences are paired by position and words by position within the
// sentence; gold words missing from the prediction count as misses.
func EvaluateEnhanced(gold, predicted []syntax.Sentence) (Score, error) {
	var sc Score
	for i, g := range gold {
		var p []syntax.Word
		if i < len(predicted) {
			p = predicted[i].Words
		}
		for j, gw := range g.Words {
			gd, err := syntax.ParseDeps(gw.Deps)
			if err != nil {
				return sc, fmt.Errorf("gold sentence %d, word %d: %w", i+1, gw.ID, err)
			}
			var pd []dyad.Dep
			if j < len(p) {
				if pd, err = syntax.ParseDeps(p[j].Deps); err != nil {
					return sc, fmt.Errorf("predicted sentence %d, word %d: %w", i+1, p[j].ID, err)
				}
			}
			sc.AddWord(gd, pd)
		}
	}
	return sc, nil
}
