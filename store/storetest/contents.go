package storetest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

// Contents is what a store holds, independently of the order documents
// were saved in: the stored document keys and one line per event report
// (document, sentence, CAMEO code, source and target codes, modality).
// Two runs that coded the same documents have equal Contents whatever
// their order or number of processes; a document lost or stored twice,
// or an event lost or doubled, makes them differ.
type Contents struct {
	Documents []string
	Mentions  []string
}

// ReadContents walks every event of a store.
func ReadContents(t testing.TB, s dyad.Store) Contents {
	t.Helper()
	ctx := context.Background()
	var c Contents
	err := s.EachDocument(ctx, func(d *dyad.Document) error {
		c.Documents = append(c.Documents, d.ID)
		return nil
	})
	if err != nil {
		t.Fatalf("reading documents: %v", err)
	}
	var after int64
	for {
		page, err := s.Events(ctx, dyad.EventFilter{ByID: true, AfterID: after, Limit: 500})
		if err != nil {
			t.Fatalf("reading events: %v", err)
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			after = e.ID
			for _, m := range e.Mentions {
				c.Mentions = append(c.Mentions, fmt.Sprintf("%s #%d %s %s>%s %s", m.DocID, m.SentenceIndex, e.CAMEO, m.Source.Code, m.Target.Code, e.Modality))
			}
		}
	}
	sort.Strings(c.Documents)
	sort.Strings(c.Mentions)
	return c
}

// Diff describes how got differs from want, or returns "" when they are
// equal.
func (want Contents) Diff(got Contents) string {
	var b strings.Builder
	diff := func(what string, w, g []string) {
		missing, extra := minus(w, g), minus(g, w)
		if len(missing)+len(extra) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s: %d want, %d got; %d missing, %d extra\n", what, len(w), len(g), len(missing), len(extra))
		for i, m := range missing[:min(5, len(missing))] {
			fmt.Fprintf(&b, "  missing %d: %s\n", i+1, m)
		}
		for i, m := range extra[:min(5, len(extra))] {
			fmt.Fprintf(&b, "  extra %d: %s\n", i+1, m)
		}
	}
	diff("documents", want.Documents, got.Documents)
	diff("event reports", want.Mentions, got.Mentions)
	return b.String()
}

// minus returns the lines of a (sorted) that b (sorted) lacks, counting
// repeats: a line twice in a and once in b is once in the result.
func minus(a, b []string) []string {
	var out []string
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			j++
			continue
		}
		out = append(out, x)
	}
	return out
}
