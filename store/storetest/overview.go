package storetest

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/dyad-events/dyad"
)

// testOverviewSummaries stores events of many kinds — merged copies, a
// report that makes an event named, undated events, IGO codes, a recode
// that removes and changes events — and checks after each step that the
// summaries behind Nodes and Pairs say what the events themselves say.
func testOverviewSummaries(t *testing.T, s dyad.Store) {
	ctx := context.Background()
	a := doc("a", "https://a.example/1", "2024-03-01", rewrite(0))
	b := doc("b", "https://b.example/1", "2024-03-02", rewrite(1))
	c := doc("c", "https://c.example/1", "2024-03-09", unrelated)
	save(t, s,
		dyad.CodedDocument{Doc: a, Events: []dyad.Event{
			ev("2024-03-01", "RUSMIL", "UKR", "195", 4, -10, anonymous),
			ev("2024-03-01", "IGOUNOWFP", "UKR", "070", 2, 7),
			ev("2024-03-01", "IGOEUREEC", "RUS", "163", 3, -8, withModality(dyad.Planned)),
			ev("", "UKR", "RUS", "111", 3, -2),
		}})
	checkSummaries(t, s, "after the first document")
	// b reports a's strike again, by name this time: the event turns named.
	save(t, s, dyad.CodedDocument{Doc: b, Events: []dyad.Event{
		ev("2024-03-02", "RUSMIL", "UKR", "195", 4, -10),
		ev("2024-03-02", "UKRGOV", "RUS", "112", 3, -2),
	}})
	checkSummaries(t, s, "after a named copy")
	save(t, s, dyad.CodedDocument{Doc: c, Events: []dyad.Event{
		ev("2024-03-09", "BRA", "ARG", "057", 1, 8),
		ev("2024-03-09", "ARG", "BRA", "036", 1, 4, anonymous),
		ev("2024-03-09", "BR", "ARG", "036", 1, 4),
	}})
	checkSummaries(t, s, "after an unrelated document")
	// Recode b: its named report goes away (the strike is anonymous again)
	// and its accusation becomes a threat.
	keyB := dyad.DocumentKey(b.URL, b.Text)
	if err := s.ReplaceEvents(ctx, []dyad.CodedDocument{{Doc: &dyad.Document{ID: keyB}, Events: []dyad.Event{
		ev("2024-03-02", "UKRGOV", "RUS", "138", 3, -7),
	}}}); err != nil {
		t.Fatal(err)
	}
	checkSummaries(t, s, "after recoding")

	nodes, err := s.Nodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range nodes {
		names = append(names, fmt.Sprintf("%s:%d", n.Code, n.Events))
	}
	if got, want := fmt.Sprint(names), "[RUS:4 UKR:4 ARG:3 BRA:2 IGOEUREEC:1 IGOUNO:1]"; got != want {
		t.Errorf("nodes %s, want %s", got, want)
	}
	weeks, err := s.Pairs(ctx, dyad.PairQuery{Nodes: []string{"RUS", "UKR"}, Interval: dyad.Week, Modality: []dyad.Modality{dyad.Asserted}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(pairLines(weeks)), "[RUS>UKR 2024-02-26 1 0/1 -10.0 UKR>RUS 2024-02-26 1 0/1 -7.0]"; got != want {
		t.Errorf("weekly RUS-UKR pairs %s, want %s", got, want)
	}
	named, err := s.Pairs(ctx, dyad.PairQuery{Nodes: []string{"RUS", "UKR"}, NamedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(pairLines(named)), "[UKR>RUS - 1 0/1 -7.0]"; got != want {
		t.Errorf("named RUS-UKR totals %s, want %s", got, want)
	}
}

func pairLines(ps []dyad.PairPoint) []string {
	var out []string
	for _, p := range ps {
		start := "-"
		if !p.Start.IsZero() {
			start = p.Start.Format("2006-01-02")
		}
		out = append(out, fmt.Sprintf("%s>%s %s %d %d/%d %.1f", p.Source, p.Target, start, p.Events, p.Cooperation, p.Conflict, p.GoldsteinSum))
	}
	return out
}

// checkSummaries compares Nodes with the node totals of Actors, and Pairs
// (daily, every modality, named or not) with the events counted one by one.
func checkSummaries(t *testing.T, s dyad.Store, when string) {
	t.Helper()
	ctx := context.Background()
	actors, err := s.Actors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantNodes := map[string][2]int{}
	for _, a := range actors {
		n := dyad.NodeOf(a.Code)
		if n == "" {
			continue
		}
		c := wantNodes[n]
		wantNodes[n] = [2]int{c[0] + a.AsSource, c[1] + a.AsTarget}
	}
	nodes, err := s.Nodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotNodes := map[string][2]int{}
	var all []string
	for _, n := range nodes {
		gotNodes[n.Code] = [2]int{n.AsSource, n.AsTarget}
		all = append(all, n.Code)
	}
	if fmt.Sprint(gotNodes) != fmt.Sprint(wantNodes) {
		t.Errorf("%s: nodes %v, want %v", when, gotNodes, wantNodes)
	}
	// Every stored event, counted by hand: once among all events, and
	// once more among the named ones if it is named.
	type key struct {
		namedOnly bool
		p         string // source>target date
		m         dyad.Modality
	}
	counts := map[key]*dyad.PairPoint{}
	named := map[int64]bool{}
	for _, e := range events(t, s, dyad.EventFilter{ByID: true, Limit: 1000, NamedOnly: true}) {
		named[e.ID] = true
	}
	for _, e := range events(t, s, dyad.EventFilter{ByID: true, Limit: 1000}) {
		sn, tn := dyad.NodeOf(e.Source.Code), dyad.NodeOf(e.Target.Code)
		if e.Date == "" || sn == "" || tn == "" || sn == tn {
			continue
		}
		for _, namedOnly := range []bool{false, true} {
			if namedOnly && !named[e.ID] {
				continue
			}
			k := key{namedOnly, sn + ">" + tn + " " + e.Date, e.Modality}
			p := counts[k]
			if p == nil {
				p = &dyad.PairPoint{Source: sn, Target: tn, Start: date(e.Date)}
				counts[k] = p
			}
			p.Events++
			p.GoldsteinSum += e.Goldstein
			switch e.Quad {
			case 1, 2:
				p.Cooperation++
			case 3, 4:
				p.Conflict++
			}
		}
	}
	line := func(namedOnly bool, p dyad.PairPoint, m dyad.Modality) string {
		return fmt.Sprintf("named-only=%v %s %s", namedOnly, pairLines([]dyad.PairPoint{p})[0], m)
	}
	var wantLines, gotLines []string
	for k, p := range counts {
		wantLines = append(wantLines, line(k.namedOnly, *p, k.m))
	}
	for _, namedOnly := range []bool{false, true} {
		for _, m := range []dyad.Modality{dyad.Asserted, dyad.Negated, dyad.Planned, dyad.Hypothetical, dyad.Denied} {
			ps, err := s.Pairs(ctx, dyad.PairQuery{Nodes: all, Interval: dyad.Day, Modality: []dyad.Modality{m}, NamedOnly: namedOnly})
			if err != nil {
				t.Fatalf("%s: Pairs: %v", when, err)
			}
			for _, p := range ps {
				gotLines = append(gotLines, line(namedOnly, p, m))
			}
		}
	}
	sort.Strings(gotLines)
	sort.Strings(wantLines)
	if fmt.Sprint(gotLines) != fmt.Sprint(wantLines) {
		t.Errorf("%s: pairs\n%v\nwant\n%v", when, gotLines, wantLines)
	}
}
