package evaluate

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Error groups: why a required event was missed, or why a coded event is
// a false alarm, judged on the strict measure.
const (
	// ErrNoEvent: the coder emitted nothing for the sentence.
	ErrNoEvent = "no event in the sentence"
	// ErrWrongCode: an event between the right actors, with another root.
	ErrWrongCode = "right dyad, wrong code"
	// ErrWrongActors: an event with the right root, between other actors.
	ErrWrongActors = "right code, wrong actors"
	// ErrWrongModality: the right dyad and root, with another modality.
	ErrWrongModality = "wrong modality"
	// ErrOther: events in the sentence, none close to the gold one.
	ErrOther = "other events only"
	// ErrNoEventGold: a false alarm in a sentence that has no gold event.
	ErrNoEventGold = "event in a no-event sentence"
	// ErrUnrelated: a false alarm unlike any gold event of its sentence.
	ErrUnrelated = "unrelated to the gold events"
)

var missGroups = []string{ErrNoEvent, ErrWrongCode, ErrWrongActors, ErrWrongModality, ErrOther}
var alarmGroups = []string{ErrNoEventGold, ErrWrongCode, ErrWrongActors, ErrWrongModality, ErrUnrelated}

// ErrorItem is one miss or false alarm with its record.
type ErrorItem struct {
	ID, Text string
	Event    string // the gold event (misses) or the coded one (false alarms)
	Rule     string // for false alarms: the rule that produced the event
}

// ErrorReport groups misses and false alarms, and counts, for every
// required gold event, which root the coder gave to that dyad.
type ErrorReport struct {
	Misses, Alarms map[string][]ErrorItem
	// Confusion[gold root][coded root] counts required gold events by the
	// root the coder gave the same dyad ("-" when it coded that dyad with
	// nothing).
	Confusion map[string]map[string]int
}

func newErrorReport() *ErrorReport {
	return &ErrorReport{
		Misses: map[string][]ErrorItem{}, Alarms: map[string][]ErrorItem{},
		Confusion: map[string]map[string]int{},
	}
}

func (er *ErrorReport) add(rec Record, gold []goldEvent, pred []predEvent, strict recordScore) {
	for _, g := range gold {
		if g.optional || len(g.roots) == 0 {
			continue
		}
		row := er.Confusion[g.roots[0]]
		if row == nil {
			row = map[string]int{}
			er.Confusion[g.roots[0]] = row
		}
		coded := "-"
		for _, p := range pred {
			if sameDyad(p, g) {
				coded = p.root
				if hasRoot(g, p.root) {
					coded = g.roots[0]
					break
				}
			}
		}
		row[coded]++
	}
	for _, g := range strict.missed {
		item := ErrorItem{ID: rec.ID, Text: rec.Text, Event: g.String()}
		er.Misses[missGroup(g, pred)] = append(er.Misses[missGroup(g, pred)], item)
	}
	for _, p := range strict.spurious {
		item := ErrorItem{ID: rec.ID, Text: rec.Text, Event: p.String(), Rule: p.event.Rule}
		group := alarmGroup(p, gold)
		er.Alarms[group] = append(er.Alarms[group], item)
	}
}

func missGroup(g goldEvent, pred []predEvent) string {
	switch {
	case len(pred) == 0:
		return ErrNoEvent
	case anyPred(pred, func(p predEvent) bool { return matchRoot(p, g) }):
		return ErrWrongModality
	case anyPred(pred, func(p predEvent) bool { return sameDyad(p, g) }):
		return ErrWrongCode
	case anyPred(pred, func(p predEvent) bool { return hasRoot(g, p.root) }):
		return ErrWrongActors
	}
	return ErrOther
}

func alarmGroup(p predEvent, gold []goldEvent) string {
	switch {
	case len(gold) == 0:
		return ErrNoEventGold
	case anyGold(gold, func(g goldEvent) bool { return matchRoot(p, g) }):
		return ErrWrongModality
	case anyGold(gold, func(g goldEvent) bool { return sameDyad(p, g) }):
		return ErrWrongCode
	case anyGold(gold, func(g goldEvent) bool { return hasRoot(g, p.root) }):
		return ErrWrongActors
	}
	return ErrUnrelated
}

func anyPred(ps []predEvent, f func(predEvent) bool) bool {
	for _, p := range ps {
		if f(p) {
			return true
		}
	}
	return false
}

func anyGold(gs []goldEvent, f func(goldEvent) bool) bool {
	for _, g := range gs {
		if f(g) {
			return true
		}
	}
	return false
}

// Print writes the error groups with their counts and, when verbose, every
// item; then the confusion table by root.
func (er *ErrorReport) Print(w io.Writer, verbose bool) {
	section := func(title string, groups []string, m map[string][]ErrorItem) {
		total := 0
		for _, g := range groups {
			total += len(m[g])
		}
		fmt.Fprintf(w, "\n%s: %d\n", title, total)
		for _, g := range groups {
			fmt.Fprintf(w, "  %-32s %5d\n", g, len(m[g]))
		}
		if !verbose {
			return
		}
		for _, g := range groups {
			if len(m[g]) == 0 {
				continue
			}
			fmt.Fprintf(w, "\n  -- %s --\n", g)
			for _, it := range m[g] {
				fmt.Fprintf(w, "  %s  %s\n      %s\n", it.ID, it.Event, it.Text)
				if it.Rule != "" {
					fmt.Fprintf(w, "      rule: %s\n", it.Rule)
				}
			}
		}
	}
	section("misses (required gold events not coded, strict)", missGroups, er.Misses)
	section("false alarms (coded events matching no gold event, strict)", alarmGroups, er.Alarms)
	er.printConfusion(w)
}

func (er *ErrorReport) printConfusion(w io.Writer) {
	var rows []string
	cols := map[string]bool{}
	for g, row := range er.Confusion {
		rows = append(rows, g)
		for c := range row {
			cols[c] = true
		}
	}
	if len(rows) == 0 {
		return
	}
	sort.Strings(rows)
	var colList []string
	for c := range cols {
		colList = append(colList, c)
	}
	sort.Strings(colList)
	fmt.Fprintf(w, "\nconfusion by root: rows are gold roots, columns the root coded for the same dyad (- none)\n")
	fmt.Fprintf(w, "gold %s\n", strings.Join(pad(colList), ""))
	for _, g := range rows {
		var cells []string
		for _, c := range colList {
			if n := er.Confusion[g][c]; n > 0 {
				cells = append(cells, fmt.Sprint(n))
			} else {
				cells = append(cells, ".")
			}
		}
		fmt.Fprintf(w, "%-4s %s\n", g, strings.Join(pad(cells), ""))
	}
}

func pad(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = fmt.Sprintf("%4s", c)
	}
	return out
}
