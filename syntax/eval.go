package syntax

import (
	"fmt"
	"strings"
)

// Scores are word-level accuracies in percent, as defined by the CoNLL 2018
// shared task for gold tokenisation: every syntactic word counts,
// punctuation included, and LAS compares only the universal part of DEPREL
// (before any ':').
type Scores struct {
	Sentences int
	Words     int
	UPOS      float64
	XPOS      float64
	Lemma     float64
	UAS       float64
	LAS       float64
}

// String formats the scores on one line.
func (s Scores) String() string {
	return fmt.Sprintf("sentences %d words %d UPOS %.2f XPOS %.2f Lemma %.2f UAS %.2f LAS %.2f",
		s.Sentences, s.Words, s.UPOS, s.XPOS, s.Lemma, s.UAS, s.LAS)
}

// Evaluate scores predicted against gold. Sentences are paired by position;
// words by position within the sentence. Gold words missing from the
// prediction count as errors.
func Evaluate(gold, predicted []Sentence) Scores {
	var sc Scores
	var upos, xpos, lemma, uas, las int
	for i, g := range gold {
		sc.Sentences++
		var p []Word
		if i < len(predicted) {
			p = predicted[i].Words
		}
		for j, gw := range g.Words {
			sc.Words++
			if j >= len(p) {
				continue
			}
			pw := p[j]
			if gw.UPOS == pw.UPOS {
				upos++
			}
			if gw.XPOS == pw.XPOS {
				xpos++
			}
			if gw.Lemma == pw.Lemma {
				lemma++
			}
			if gw.Head == pw.Head {
				uas++
				if universal(gw.Deprel) == universal(pw.Deprel) {
					las++
				}
			}
		}
	}
	if sc.Words > 0 {
		n := float64(sc.Words) / 100
		sc.UPOS, sc.XPOS, sc.Lemma = float64(upos)/n, float64(xpos)/n, float64(lemma)/n
		sc.UAS, sc.LAS = float64(uas)/n, float64(las)/n
	}
	return sc
}

// universal strips the language-specific subtype of a dependency relation.
func universal(rel string) string {
	if i := strings.IndexByte(rel, ':'); i >= 0 {
		return rel[:i]
	}
	return rel
}
