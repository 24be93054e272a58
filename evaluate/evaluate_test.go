package evaluate

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
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

// coded returns an event with the given codes, as the coder would.
func coded(src, tgt, root string, mod dyad.Modality) dyad.Event {
	return dyad.Event{Source: dyad.Actor{Code: src}, Target: dyad.Actor{Code: tgt}, Root: root, CAMEO: root, Modality: mod}
}

func TestScoringFollowsTheDevnewsRules(t *testing.T) {
	const rec = `{"id":"DV-1","sentence":"…","events":[
	 {"source":"USAGOV","target":"IRNGOV","cameo":"1312","root":"13","modality":"asserted","alt_cameo":["163"],"optional":false,"symmetric":false},
	 {"source":"IRN","target":"ISR","cameo":"190","root":"19","modality":"planned","optional":true},
	 {"source":"FRA","target":"DEU","cameo":"040","root":"04","modality":"asserted","symmetric":true},
	 {"source":"IGOUNO","target":"SDN","cameo":"111","root":"11","modality":"asserted"}]}`
	tests := []struct {
		name            string
		events          []dyad.Event
		strict, lenient Score
	}{
		{"the exact events are all hits",
			[]dyad.Event{coded("USA", "IRN", "13", dyad.Asserted), coded("FRA", "DEU", "04", dyad.Asserted), coded("IGOUNO", "SDN", "11", dyad.Asserted)},
			Score{TP: 3}, Score{TP: 3}},
		{"an alternative root counts as a hit",
			[]dyad.Event{coded("USAGOV", "IRN", "16", dyad.Asserted)},
			Score{TP: 1, FN: 2}, Score{TP: 1, FN: 2}},
		{"a symmetric event matches the reverse direction",
			[]dyad.Event{coded("DEU", "FRA", "04", dyad.Asserted)},
			Score{TP: 1, FN: 2}, Score{TP: 1, FN: 2}},
		{"an optional event is neither a hit nor a false alarm",
			[]dyad.Event{coded("IRNMIL", "ISR", "19", dyad.Planned)},
			Score{FN: 3}, Score{FN: 3}},
		{"the IGO is compared on six letters",
			[]dyad.Event{coded("IGOEU", "SDN", "11", dyad.Asserted)},
			Score{FP: 1, FN: 3}, Score{FP: 1, FN: 3}},
		{"a wrong modality is a hit only for the lenient measure",
			[]dyad.Event{coded("USA", "IRN", "13", dyad.Planned)},
			Score{FP: 1, FN: 3}, Score{TP: 1, FN: 2}},
		{"one gold event is matched by one coded event only",
			[]dyad.Event{coded("USA", "IRN", "13", dyad.Asserted), coded("USA", "IRN", "16", dyad.Asserted)},
			Score{TP: 1, FP: 1, FN: 2}, Score{TP: 1, FP: 1, FN: 2}},
	}
	recs, err := Read("dev.jsonl", strings.NewReader(strings.ReplaceAll(rec, "\n", "")))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &Result{ByRoot: map[string]Score{}, Errors: newErrorReport()}
			res.add(recs[0], tt.events)
			if res.RootMod != tt.strict || res.Root != tt.lenient {
				t.Errorf("strict %+v lenient %+v, want %+v and %+v", res.RootMod, res.Root, tt.strict, tt.lenient)
			}
		})
	}
}

func TestErrorsGroupMissesAndFalseAlarms(t *testing.T) {
	recs, err := Read("dev.jsonl", strings.NewReader(
		`{"id":"a","sentence":"x","events":[{"source":"USA","target":"IRN","cameo":"130","root":"13","modality":"asserted"}]}
{"id":"b","sentence":"y","events":[{"source":"RUS","target":"UKR","cameo":"190","root":"19","modality":"asserted"},{"source":"FRA","target":"MLI","cameo":"042","root":"04","modality":"planned"}]}
{"id":"c","sentence":"z","events":[]}
`))
	if err != nil {
		t.Fatal(err)
	}
	res := &Result{ByRoot: map[string]Score{}, Errors: newErrorReport()}
	res.add(recs[0], nil)
	res.add(recs[1], []dyad.Event{coded("RUS", "UKR", "11", dyad.Asserted), coded("FRA", "MLI", "04", dyad.Asserted)})
	res.add(recs[2], []dyad.Event{coded("CHN", "TWN", "13", dyad.Asserted)})
	count := func(m map[string][]ErrorItem) map[string]int {
		out := map[string]int{}
		for k, v := range m {
			out[k] = len(v)
		}
		return out
	}
	wantMisses := map[string]int{ErrNoEvent: 1, ErrWrongCode: 1, ErrWrongModality: 1}
	wantAlarms := map[string]int{ErrWrongCode: 1, ErrWrongModality: 1, ErrNoEventGold: 1}
	if got := count(res.Errors.Misses); !reflect.DeepEqual(got, wantMisses) {
		t.Errorf("misses %v, want %v", got, wantMisses)
	}
	if got := count(res.Errors.Alarms); !reflect.DeepEqual(got, wantAlarms) {
		t.Errorf("alarms %v, want %v", got, wantAlarms)
	}
	if got := res.Errors.Confusion["19"]["11"]; got != 1 {
		t.Errorf("confusion[19][11] = %d, want 1", got)
	}
	if got := res.Errors.Confusion["13"]["-"]; got != 1 {
		t.Errorf("confusion[13][-] = %d, want 1", got)
	}
}

func TestReadPairsFindsTheMarkedSpans(t *testing.T) {
	in := "\tsentence_id\tmarked_sentence\tgold_root\tmodality_L2\n" +
		"0\t7\t<s>Iran’s envoy</s> met <t>the Saudi king</t> on Monday.\tCONSULT\tpast\n" +
		"1\t8\t<s>Someone</s> said nothing.\tREJECT\tpast\n"
	pairs, skipped, err := ReadPairs("plv.tsv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || !strings.HasPrefix(skipped[0].Error(), "plv.tsv:3:") {
		t.Errorf("skipped = %v, want one naming plv.tsv:3", skipped)
	}
	if len(pairs) != 1 {
		t.Fatalf("pairs = %+v", pairs)
	}
	p := pairs[0]
	if p.Text != "Iran’s envoy met the Saudi king on Monday." || slice(p.Text, p.Source) != "Iran’s envoy" ||
		slice(p.Text, p.Target) != "the Saudi king" || p.Type != "CONSULT" || p.ID != "7" {
		t.Errorf("pair = %+v", p)
	}
}

type fixedCoder []dyad.Event

func (c fixedCoder) Code(_ context.Context, doc *dyad.Document) ([]dyad.Event, error) { return c, nil }

func TestRunPairsScoresCoverageAndType(t *testing.T) {
	pairs := []Pair{{ID: "1", Text: "A met B.", Source: dyad.Span{0, 1}, Target: dyad.Span{6, 7}, Type: "YIELD"}}
	ev := coded("AAA", "BBB", "08", dyad.Asserted)
	ev.Source.Span, ev.Target.Span = dyad.Span{0, 1}, dyad.Span{6, 7}
	ev.PLOVER.Type = "CONCEDE"
	res, err := RunPairs(context.Background(), fixedCoder{ev}, pairs)
	if err != nil {
		t.Fatal(err)
	}
	if res.Covered != 1 || res.TypeRight != 1 {
		t.Errorf("result %+v, want the pair covered with the right type (CONCEDE is YIELD)", res)
	}
	ev.Source.Span, ev.Target.Span = ev.Target.Span, ev.Source.Span
	res, _ = RunPairs(context.Background(), fixedCoder{ev}, pairs)
	if res.Covered != 0 || res.CoveredEitherWay != 1 {
		t.Errorf("reversed event: %+v, want covered only either way", res)
	}
}
