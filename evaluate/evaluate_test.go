package evaluate

import (
	"strings"
	"testing"
)

func TestScoreGivesPrecisionRecallAndF1(t *testing.T) {
	tests := []struct {
		name     string
		s        Score
		p, r, f1 float64
	}{
		{"a perfect run", Score{TP: 4}, 1, 1, 1},
		{"half right", Score{TP: 2, FP: 2, FN: 2}, 0.5, 0.5, 0.5},
		{"nothing found", Score{FN: 3}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.s.Precision() != tt.p || tt.s.Recall() != tt.r || tt.s.F1() != tt.f1 {
				t.Errorf("%+v: P %v R %v F1 %v", tt.s, tt.s.Precision(), tt.s.Recall(), tt.s.F1())
			}
		})
	}
}

func TestReadTakesBothGoldFormatsAndNamesBadLines(t *testing.T) {
	in := `{"id":"g1","date":"2025-01-01","text":"Iran attacked Israel.","events":[{"source":"IRN","target":"ISR","root":"19","modality":"asserted"}]}
{"id":"p1","sentence":"Israel attacked Iran.","events":[{"source":"ISRMIL","target":"IRN","plover":"ASSAULT","root":null}]}
`
	recs, err := Read("gold.jsonl", strings.NewReader(in))
	if err != nil || len(recs) != 2 || recs[1].Text != "Israel attacked Iran." || *recs[0].Events[0].Root != "19" {
		t.Fatalf("recs %+v, err %v", recs, err)
	}
	_, err = Read("gold.jsonl", strings.NewReader(in+"{broken\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "gold.jsonl:3:") {
		t.Fatalf("err = %v, want one naming gold.jsonl:3", err)
	}
}

func TestScoresCountEachTupleOnce(t *testing.T) {
	var s Score
	s.add(map[string]bool{"IRN>ISR 19": true, "ISR>IRN 19": true}, map[string]bool{"IRN>ISR 19": true, "USA>IRN 13": true})
	if s != (Score{TP: 1, FP: 1, FN: 1}) {
		t.Fatalf("score = %+v", s)
	}
}
