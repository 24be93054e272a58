// Package evaluate scores a coder against gold data: dyad's own gold set
// (docs/gold-format.md) or the PLOVER gold-standard records. It prints
// precision, recall and F1 on (source country, target country, root), with
// and without modality, and on PLOVER types.
package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
)

// Record is one gold text with its events.
type Record struct {
	ID     string      `json:"id"`
	Date   string      `json:"date"`
	Text   string      `json:"text"`
	Events []GoldEvent `json:"events"`
	Tags   []string    `json:"tags"`
	// Sentence is the PLOVER gold-standard field for the text.
	Sentence string `json:"sentence"`
}

// GoldEvent is one expected event.
type GoldEvent struct {
	Source   string  `json:"source"`
	Target   string  `json:"target"`
	Root     *string `json:"root"`
	Code     string  `json:"code"`
	Modality string  `json:"modality"`
	PLOVER   string  `json:"plover"`
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
		recs = append(recs, rec)
	}
	return recs, sc.Err()
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

func (s *Score) add(gold, pred map[string]bool) {
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
}

// Result holds the scores of one run.
type Result struct {
	Records     int
	Root        Score            // (source country, target country, root)
	RootMod     Score            // … plus modality
	PLOVER      Score            // (source country, target country, PLOVER type)
	ByRoot      map[string]Score // per gold/predicted root
	HasRoots    bool
	HasModality bool
	HasPLOVER   bool
	Failures    []Failure
}

// Failure is a record whose events differ from the gold.
type Failure struct {
	ID, Text          string
	Missing, Spurious []string
}

// Run codes every record with coder and scores it.
func Run(ctx context.Context, coder dyad.Coder, recs []Record) (*Result, error) {
	res := &Result{ByRoot: map[string]Score{}}
	for _, rec := range recs {
		doc := &dyad.Document{ID: rec.ID, Text: rec.Text}
		if rec.Date != "" {
			if d, err := time.Parse("2006-01-02", rec.Date); err == nil {
				doc.Date = d
			}
		}
		events, err := coder.Code(ctx, doc)
		if err != nil {
			return nil, fmt.Errorf("record %s: %w", rec.ID, err)
		}
		res.Records++
		gRoot, gMod, gPlov := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, g := range rec.Events {
			pair := dyad.CountryOf(g.Source) + ">" + dyad.CountryOf(g.Target)
			root := ""
			if g.Root != nil {
				root = *g.Root
			} else if len(g.Code) >= 2 {
				root = g.Code[:2]
			}
			if root != "" {
				res.HasRoots = true
				gRoot[pair+" "+root] = true
				mod := g.Modality
				if mod == "" {
					mod = string(dyad.Asserted)
				} else {
					res.HasModality = true
				}
				gMod[pair+" "+root+" "+mod] = true
			}
			if g.PLOVER != "" {
				res.HasPLOVER = true
				gPlov[pair+" "+g.PLOVER] = true
			}
		}
		pRoot, pMod, pPlov := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, e := range events {
			pair := e.Source.Country() + ">" + e.Target.Country()
			pRoot[pair+" "+e.Root] = true
			pMod[pair+" "+e.Root+" "+string(e.Modality)] = true
			if e.PLOVER.Type != "" {
				pPlov[pair+" "+e.PLOVER.Type] = true
			}
		}
		res.Root.add(gRoot, pRoot)
		res.RootMod.add(gMod, pMod)
		res.PLOVER.add(gPlov, pPlov)
		byRoot(res.ByRoot, gRoot, pRoot)
		if f := diff(rec, gMod, pMod); f != nil {
			res.Failures = append(res.Failures, *f)
		}
	}
	return res, nil
}

func byRoot(m map[string]Score, gold, pred map[string]bool) {
	rootOf := func(k string) string { return k[strings.LastIndex(k, " ")+1:] }
	for k := range pred {
		s := m[rootOf(k)]
		if gold[k] {
			s.TP++
		} else {
			s.FP++
		}
		m[rootOf(k)] = s
	}
	for k := range gold {
		if !pred[k] {
			s := m[rootOf(k)]
			s.FN++
			m[rootOf(k)] = s
		}
	}
}

func diff(rec Record, gold, pred map[string]bool) *Failure {
	f := &Failure{ID: rec.ID, Text: rec.Text}
	for k := range gold {
		if !pred[k] {
			f.Missing = append(f.Missing, k)
		}
	}
	for k := range pred {
		if !gold[k] {
			f.Spurious = append(f.Spurious, k)
		}
	}
	if len(f.Missing) == 0 && len(f.Spurious) == 0 {
		return nil
	}
	sort.Strings(f.Missing)
	sort.Strings(f.Spurious)
	return f
}

// Print writes the scores as a table.
func (r *Result) Print(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "records: %d\n", r.Records)
	fmt.Fprintf(w, "%-44s %9s %9s %9s %6s %6s %6s\n", "measure", "precision", "recall", "F1", "TP", "FP", "FN")
	line := func(name string, s Score) {
		fmt.Fprintf(w, "%-44s %9.3f %9.3f %9.3f %6d %6d %6d\n", name, s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN)
	}
	if r.HasRoots {
		line("(source country, target country, root)", r.Root)
	}
	if r.HasModality {
		line("(source country, target country, root, modality)", r.RootMod)
	}
	if r.HasPLOVER {
		line("(source country, target country, PLOVER type)", r.PLOVER)
	}
	if verbose {
		var roots []string
		for k := range r.ByRoot {
			roots = append(roots, k)
		}
		sort.Strings(roots)
		for _, k := range roots {
			line("  root "+k, r.ByRoot[k])
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
}
