// Package evaluate scores a coder against gold data: dyad's own gold set
// (docs/gold-format.md), the devnews format of ../shared/data/devnews
// (RULES.md: optional events, alternative codes, symmetric events), the
// PLOVER gold-standard records, and marked-pair data such as PLV (pairs.go).
//
// An event matches a gold event on source country, target country and root
// (the gold root or any alternative root); the strict measure also needs the
// modality. Countries are the first three letters of an actor code, or six
// for IGO, IMG, NGO and MNC codes, so that the UN and NATO are told apart.
// Optional gold events count neither as hits nor as misses, and a predicted
// event that matches one is not a false alarm. A symmetric gold event is
// also matched by the reverse direction.
package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ingest"
)

// Record is one gold text with its events.
type Record struct {
	ID     string      `json:"id"`
	Date   string      `json:"date"`
	Text   string      `json:"text"`
	Events []GoldEvent `json:"events"`
	Tags   []string    `json:"tags"`
	// Sentence is the text field of the devnews and PLOVER gold formats.
	Sentence string `json:"sentence"`
	// Reciprocal marks a PLOVER gold record whose events hold both ways.
	Reciprocal bool `json:"reciprocal"`
}

// GoldEvent is one expected event.
type GoldEvent struct {
	Source string `json:"source"`
	Target string `json:"target"`
	// Root is the two-digit CAMEO root; null in PLOVER records whose root
	// is ambiguous (see Candidates).
	Root *string `json:"root"`
	// Code (dyad's format) or Cameo (devnews) is the full CAMEO code.
	Code  string `json:"code"`
	Cameo string `json:"cameo"`
	// AltCameo lists other defensible codes; their roots count as hits.
	AltCameo []string `json:"alt_cameo"`
	// Candidates are the CAMEO roots a PLOVER gold event may have.
	Candidates []string `json:"cameo_root_candidates"`
	Modality   string   `json:"modality"`
	PLOVER     string   `json:"plover"`
	// Optional events count neither as hits nor as misses.
	Optional bool `json:"optional"`
	// Symmetric events are also matched by the reverse direction.
	Symmetric bool `json:"symmetric"`
}

// Read reads gold records, one JSON object a line. Bad lines are errors
// naming the line.
func Read(name string, r io.Reader) ([]Record, error) {
	var recs []Record
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rec Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if rec.Text == "" {
			rec.Text = rec.Sentence
		}
		if rec.ID == "" {
			rec.ID = fmt.Sprintf("%s:%d", name, line)
		}
		for i, g := range rec.Events {
			if g.Modality != "" && !knownModality[dyad.Modality(g.Modality)] {
				return nil, fmt.Errorf("%s:%d: event %d: unknown modality %q", name, line, i+1, g.Modality)
			}
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return recs, nil
}

var knownModality = map[dyad.Modality]bool{
	dyad.Asserted: true, dyad.Negated: true, dyad.Planned: true, dyad.Hypothetical: true, dyad.Denied: true,
}

// Score counts true positives, false positives and false negatives.
type Score struct{ TP, FP, FN int }

// Precision, Recall and F1 of the counts.
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }
func (s Score) Recall() float64    { return ratio(s.TP, s.TP+s.FN) }
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *Score) plus(o Score) { s.TP += o.TP; s.FP += o.FP; s.FN += o.FN }

// Result holds the scores of one run.
type Result struct {
	Records int
	Root    Score // (source country, target country, root)
	RootMod Score // … plus modality (strict)
	// PLOVER scores (source country, target country, PLOVER type);
	// PLOVERLenient ignores the direction of the pair.
	PLOVER, PLOVERLenient Score
	ByRoot                map[string]Score // strict, per gold or predicted root
	HasRoots              bool
	HasModality           bool
	HasPLOVER             bool
	Failures              []Failure
	// Errors groups the strict misses and false alarms (see errors.go).
	Errors *ErrorReport
}

// Failure is a record whose events differ from the gold.
type Failure struct {
	ID, Text          string
	Missing, Spurious []string
}

// Run codes every record with coder and scores it.
func Run(ctx context.Context, coder dyad.Coder, recs []Record) (*Result, error) {
	res := &Result{ByRoot: map[string]Score{}, Errors: newErrorReport()}
	for _, rec := range recs {
		doc := &dyad.Document{ID: rec.ID, Text: rec.Text}
		if rec.Date != "" {
			// Any form a document date may take, a month or a year
			// included (its first day); one dyad cannot read leaves the
			// record undated, and it is scored all the same.
			if d, p, err := ingest.ParseDate(rec.Date); err == nil {
				doc.Date, doc.DateSource = d, ingest.QualifiedSource(ingest.DateFromRecord, p)
			}
		}
		events, err := coder.Code(ctx, doc)
		if err != nil {
			return nil, fmt.Errorf("record %s: %w", rec.ID, err)
		}
		res.add(rec, events)
	}
	return res, nil
}

func (res *Result) add(rec Record, events []dyad.Event) {
	res.Records++
	gold := goldEvents(rec)
	pred := predicted(events)
	for _, g := range gold {
		if len(g.roots) > 0 {
			res.HasRoots = true
		}
		if g.modalityGiven {
			res.HasModality = true
		}
		if g.plover != "" {
			res.HasPLOVER = true
		}
	}
	lenient := score(gold, pred, matchRoot)
	strict := score(gold, pred, matchStrict)
	res.Root.plus(lenient.Score)
	res.RootMod.plus(strict.Score)
	for root, s := range strict.byRoot {
		r := res.ByRoot[root]
		r.plus(s)
		res.ByRoot[root] = r
	}
	p, pl := scorePLOVER(gold, pred)
	res.PLOVER.plus(p)
	res.PLOVERLenient.plus(pl)
	res.Errors.add(rec, gold, pred, strict)
	if len(strict.missed) > 0 || len(strict.spurious) > 0 {
		f := Failure{ID: rec.ID, Text: rec.Text}
		for _, g := range strict.missed {
			f.Missing = append(f.Missing, g.String())
		}
		for _, p := range strict.spurious {
			f.Spurious = append(f.Spurious, p.String())
		}
		res.Failures = append(res.Failures, f)
	}
}

// goldEvent is a gold event reduced to what scoring compares.
type goldEvent struct {
	source, target string
	roots          []string // the root first, then alternatives
	modality       dyad.Modality
	modalityGiven  bool
	plover         string
	optional       bool
	symmetric      bool
}

func (g goldEvent) String() string {
	root := "--"
	if len(g.roots) > 0 {
		root = g.roots[0]
	}
	s := g.source + ">" + g.target + " " + root + " " + string(g.modality)
	if g.optional {
		s += " (optional)"
	}
	return s
}

func goldEvents(rec Record) []goldEvent {
	var out []goldEvent
	for _, e := range rec.Events {
		g := goldEvent{
			source: ActorKey(e.Source), target: ActorKey(e.Target),
			modality: dyad.Asserted, plover: e.PLOVER,
			optional: e.Optional, symmetric: e.Symmetric || rec.Reciprocal,
		}
		if e.Modality != "" {
			g.modality, g.modalityGiven = dyad.Modality(e.Modality), true
		}
		addRoot := func(r string) {
			if len(r) < 2 {
				return
			}
			r = r[:2]
			for _, have := range g.roots {
				if have == r {
					return
				}
			}
			g.roots = append(g.roots, r)
		}
		if e.Root != nil {
			addRoot(*e.Root)
		}
		addRoot(e.Cameo)
		addRoot(e.Code)
		for _, c := range e.AltCameo {
			addRoot(c)
		}
		for _, c := range e.Candidates {
			addRoot(c)
		}
		out = append(out, g)
	}
	return out
}

// predEvent is a coded event reduced to what scoring compares.
type predEvent struct {
	source, target, root string
	modality             dyad.Modality
	plover               string
	event                dyad.Event
}

func (p predEvent) String() string {
	return p.source + ">" + p.target + " " + p.root + " " + string(p.modality)
}

// predicted reduces events to scoring keys, once per (dyad, root,
// modality): the same event found twice in a sentence is one event.
func predicted(events []dyad.Event) []predEvent {
	var out []predEvent
	seen := map[string]bool{}
	for _, e := range events {
		p := predEvent{
			source: ActorKey(e.Source.Code), target: ActorKey(e.Target.Code),
			root: e.Root, modality: e.Modality, plover: e.PLOVER.Type, event: e,
		}
		if k := p.String(); !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// ActorKey is the part of an actor code that scoring compares: the
// country, or the six-letter IGO, IMG, NGO or MNC code.
func ActorKey(code string) string {
	code = strings.ToUpper(code)
	if len(code) >= 6 {
		switch code[:3] {
		case "IGO", "IMG", "NGO", "MNC":
			return code[:6]
		}
	}
	return dyad.CountryOf(code)
}

func sameDyad(p predEvent, g goldEvent) bool {
	return p.source == g.source && p.target == g.target ||
		g.symmetric && p.source == g.target && p.target == g.source
}

func hasRoot(g goldEvent, root string) bool {
	for _, r := range g.roots {
		if r == root {
			return true
		}
	}
	return false
}

func matchRoot(p predEvent, g goldEvent) bool { return sameDyad(p, g) && hasRoot(g, p.root) }

func matchStrict(p predEvent, g goldEvent) bool { return matchRoot(p, g) && p.modality == g.modality }

// recordScore is the outcome of matching one record's events.
type recordScore struct {
	Score
	missed   []goldEvent
	spurious []predEvent
	byRoot   map[string]Score
}

// score matches predicted events one-to-one against required gold
// events (a maximum matching, so the count does not depend on order). A
// matched gold event is a hit, an unmatched one a miss. An unmatched
// prediction is a false alarm unless it matches an optional gold event.
func score(gold []goldEvent, pred []predEvent, match func(predEvent, goldEvent) bool) recordScore {
	rs := recordScore{byRoot: map[string]Score{}}
	bump := func(root string, f func(*Score)) {
		s := rs.byRoot[root]
		f(&s)
		rs.byRoot[root] = s
	}
	var required []int
	for i, g := range gold {
		if !g.optional && len(g.roots) > 0 {
			required = append(required, i)
		}
	}
	goldOf := make([]int, len(pred)) // the gold event matched to each prediction, or -1
	predOf := make(map[int]int)      // the prediction matched to each required gold event
	for i := range goldOf {
		goldOf[i] = -1
	}
	// augment looks for a chain of re-assignments that frees a gold event
	// for prediction p (Kuhn's algorithm).
	var augment func(p int, seen map[int]bool) bool
	augment = func(p int, seen map[int]bool) bool {
		for _, g := range required {
			if seen[g] || !match(pred[p], gold[g]) {
				continue
			}
			seen[g] = true
			if q, taken := predOf[g]; !taken || augment(q, seen) {
				predOf[g], goldOf[p] = p, g
				return true
			}
		}
		return false
	}
	for p := range pred {
		augment(p, map[int]bool{})
	}
	for _, g := range required {
		if _, ok := predOf[g]; ok {
			rs.TP++
			bump(gold[g].roots[0], func(s *Score) { s.TP++ })
		} else {
			rs.FN++
			rs.missed = append(rs.missed, gold[g])
			bump(gold[g].roots[0], func(s *Score) { s.FN++ })
		}
	}
	for p, g := range goldOf {
		if g >= 0 {
			continue
		}
		optional := false
		for _, o := range gold {
			if o.optional && match(pred[p], o) {
				optional = true
				break
			}
		}
		if !optional {
			rs.FP++
			rs.spurious = append(rs.spurious, pred[p])
			bump(pred[p].root, func(s *Score) { s.FP++ })
		}
	}
	return rs
}

// scorePLOVER scores (source, target, PLOVER type) as sets, directed and
// undirected (lenient), for gold with PLOVER types.
func scorePLOVER(gold []goldEvent, pred []predEvent) (directed, lenient Score) {
	gd, gl := map[string]bool{}, map[string]bool{}
	for _, g := range gold {
		if g.plover == "" || g.optional {
			continue
		}
		gd[g.source+">"+g.target+" "+g.plover] = true
		gl[unordered(g.source, g.target)+" "+g.plover] = true
	}
	pd, pl := map[string]bool{}, map[string]bool{}
	for _, p := range pred {
		if p.plover == "" {
			continue
		}
		pd[p.source+">"+p.target+" "+p.plover] = true
		pl[unordered(p.source, p.target)+" "+p.plover] = true
	}
	directed = setScore(gd, pd)
	lenient = setScore(gl, pl)
	return
}

func unordered(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + "~" + b
}

func setScore(gold, pred map[string]bool) Score {
	var s Score
	for k := range pred {
		if gold[k] {
			s.TP++
		} else {
			s.FP++
		}
	}
	for k := range gold {
		if !pred[k] {
			s.FN++
		}
	}
	return s
}

// Print writes the scores as a table; verbose adds scores per root and
// every record that differs from the gold.
func (r *Result) Print(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "records: %d\n", r.Records)
	fmt.Fprintf(w, "%-52s %9s %9s %9s %6s %6s %6s\n", "measure", "precision", "recall", "F1", "TP", "FP", "FN")
	line := func(name string, s Score) {
		fmt.Fprintf(w, "%-52s %9.3f %9.3f %9.3f %6d %6d %6d\n", name, s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN)
	}
	if r.HasRoots {
		line("(source country, target country, root)", r.Root)
	}
	if r.HasModality {
		line("strict: (source country, target country, root, modality)", r.RootMod)
	}
	if r.HasPLOVER {
		line("(source country, target country, PLOVER type)", r.PLOVER)
		line("lenient: ({source, target} either way, PLOVER type)", r.PLOVERLenient)
	}
	if !verbose {
		return
	}
	var roots []string
	for k := range r.ByRoot {
		roots = append(roots, k)
	}
	sort.Strings(roots)
	for _, k := range roots {
		line("  strict, root "+k, r.ByRoot[k])
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "\n%s: %s\n", f.ID, f.Text)
		for _, m := range f.Missing {
			fmt.Fprintf(w, "  missing  %s\n", m)
		}
		for _, s := range f.Spurious {
			fmt.Fprintf(w, "  spurious %s\n", s)
		}
	}
}
