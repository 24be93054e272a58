package evaluate

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
)

// Pair is one sentence with a marked source and target and the PLOVER
// type of the relation between them, as in the PLV data set: its
// marked_sentence column wraps the source in <s>…</s> and the target in
// <t>…</t>.
type Pair struct {
	ID       string
	Text     string    // the sentence with the marks removed
	Source   dyad.Span // code-point spans of the marked actors in Text
	Target   dyad.Span
	Type     string // PLOVER type (gold_root)
	Modality string // modality_L2 when present (past, todo)
}

// ReadPairs reads a tab-separated file with a header line naming at least
// the columns marked_sentence and gold_root (sentence_id and modality_L2
// are used when present). Rows that lack a mark cannot be scored: they are
// returned as errors naming their lines, beside the pairs read.
func ReadPairs(name string, r io.Reader) ([]Pair, []error, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		return nil, nil, fmt.Errorf("%s:1: empty file, want a header line", name)
	}
	col := map[string]int{}
	for i, h := range strings.Split(sc.Text(), "\t") {
		col[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"marked_sentence", "gold_root"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("%s:1: no %q column in the header", name, need)
		}
	}
	field := func(f []string, name string) string {
		if i, ok := col[name]; ok && i < len(f) {
			return strings.TrimSpace(f[i])
		}
		return ""
	}
	var pairs []Pair
	var skipped []error
	for line := 2; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		p, err := unmark(field(f, "marked_sentence"))
		if err != nil {
			skipped = append(skipped, fmt.Errorf("%s:%d: %w", name, line, err))
			continue
		}
		p.ID = field(f, "sentence_id")
		if p.ID == "" {
			p.ID = fmt.Sprintf("%s:%d", name, line)
		}
		p.Type = strings.ToUpper(field(f, "gold_root"))
		p.Modality = field(f, "modality_L2")
		pairs = append(pairs, p)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return pairs, skipped, nil
}

// unmark removes the <s>, </s>, <t> and </t> marks and records the
// code-point spans they enclosed.
func unmark(marked string) (Pair, error) {
	var p Pair
	var b strings.Builder
	var sStart, tStart = -1, -1
	var sDone, tDone bool
	n := 0 // code points written
	for i := 0; i < len(marked); {
		rest := marked[i:]
		switch {
		case strings.HasPrefix(rest, "<s>"):
			sStart, i = n, i+3
		case strings.HasPrefix(rest, "</s>") && sStart >= 0:
			p.Source, sDone, i = dyad.Span{sStart, n}, true, i+4
		case strings.HasPrefix(rest, "<t>"):
			tStart, i = n, i+3
		case strings.HasPrefix(rest, "</t>") && tStart >= 0:
			p.Target, tDone, i = dyad.Span{tStart, n}, true, i+4
		default:
			r, size := utf8.DecodeRuneInString(rest)
			b.WriteRune(r)
			n++
			i += size
		}
	}
	if !sDone || !tDone {
		return p, fmt.Errorf("marked sentence lacks a complete <s>…</s> or <t>…</t> mark")
	}
	p.Text = b.String()
	return p, nil
}

// ploverAliases maps current PLOVER types to the older names a pair set
// may use: PLV's YIELD is CONCEDE or RETREAT in PLOVER's 2021 table.
var ploverAliases = map[string]string{"CONCEDE": "YIELD", "RETREAT": "YIELD"}

// PairResult scores coded events against marked pairs.
type PairResult struct {
	Pairs int
	// Covered pairs have an event from the marked source to the marked
	// target; CoveredEitherWay also counts the reverse direction.
	Covered, CoveredEitherWay int
	// TypeRight pairs are covered by an event of the gold type.
	TypeRight int
	// ByType counts pairs, covered pairs and right types per gold type.
	ByType map[string]*PairTypeScore
	Misses []Pair
}

// PairTypeScore is the score of one gold type.
type PairTypeScore struct{ Pairs, Covered, TypeRight int }

// Coverage is the share of pairs with an event between the marked actors.
func (r *PairResult) Coverage() float64 { return ratio(r.Covered, r.Pairs) }

// TypeAccuracy is the share of covered pairs whose event has the gold type.
func (r *PairResult) TypeAccuracy() float64 { return ratio(r.TypeRight, r.Covered) }

// Recall is the share of pairs with an event of the gold type.
func (r *PairResult) Recall() float64 { return ratio(r.TypeRight, r.Pairs) }

// RunPairs codes each pair's sentence and checks for an event whose source
// overlaps the marked source and whose target overlaps the marked target.
// When several events join the pair, the type is right if any has it.
func RunPairs(ctx context.Context, coder dyad.Coder, pairs []Pair) (*PairResult, error) {
	res := &PairResult{ByType: map[string]*PairTypeScore{}}
	for _, p := range pairs {
		events, err := coder.Code(ctx, &dyad.Document{ID: p.ID, Text: p.Text})
		if err != nil {
			return nil, fmt.Errorf("pair %s: %w", p.ID, err)
		}
		ts := res.ByType[p.Type]
		if ts == nil {
			ts = &PairTypeScore{}
			res.ByType[p.Type] = ts
		}
		res.Pairs++
		ts.Pairs++
		covered, either, right := false, false, false
		for _, e := range events {
			forward := overlaps(e.Source.Span, p.Source) && overlaps(e.Target.Span, p.Target)
			backward := overlaps(e.Source.Span, p.Target) && overlaps(e.Target.Span, p.Source)
			if forward || backward {
				either = true
			}
			if forward {
				covered = true
				t := e.PLOVER.Type
				if a, ok := ploverAliases[t]; ok {
					t = a
				}
				if t == p.Type {
					right = true
				}
			}
		}
		if either {
			res.CoveredEitherWay++
		}
		if covered {
			res.Covered++
			ts.Covered++
		} else {
			res.Misses = append(res.Misses, p)
		}
		if right {
			res.TypeRight++
			ts.TypeRight++
		}
	}
	return res, nil
}

func overlaps(a, b dyad.Span) bool { return a[0] < b[1] && b[0] < a[1] }

// Print writes coverage, type accuracy and recall, per gold type, and
// with verbose the uncovered pairs.
func (r *PairResult) Print(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "pairs: %d\n", r.Pairs)
	fmt.Fprintf(w, "coverage (an event from the marked source to the marked target): %.3f (%d)\n", r.Coverage(), r.Covered)
	fmt.Fprintf(w, "coverage, either direction:                                       %.3f (%d)\n", ratio(r.CoveredEitherWay, r.Pairs), r.CoveredEitherWay)
	fmt.Fprintf(w, "type accuracy (of covered pairs):                                 %.3f (%d)\n", r.TypeAccuracy(), r.TypeRight)
	fmt.Fprintf(w, "recall (an event of the gold type):                               %.3f\n", r.Recall())
	var types []string
	for t := range r.ByType {
		types = append(types, t)
	}
	sort.Strings(types)
	fmt.Fprintf(w, "\n%-10s %6s %9s %9s\n", "type", "pairs", "coverage", "type acc")
	for _, t := range types {
		s := r.ByType[t]
		fmt.Fprintf(w, "%-10s %6d %9.3f %9.3f\n", t, s.Pairs, ratio(s.Covered, s.Pairs), ratio(s.TypeRight, s.Covered))
	}
	if verbose {
		for _, p := range r.Misses {
			fmt.Fprintf(w, "\nuncovered %s %s: %s\n  source %q, target %q\n", p.ID, p.Type, p.Text,
				slice(p.Text, p.Source), slice(p.Text, p.Target))
		}
	}
}

func slice(text string, sp dyad.Span) string {
	r := []rune(text)
	if sp[0] < 0 || sp[1] > len(r) || sp[0] > sp[1] {
		return ""
	}
	return string(r[sp[0]:sp[1]])
}
