package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// stopList holds the derived words a reviewer ruled out, each with the
// reason. A line is
//
//	KIND WORD [VERB]   # why
//
// where KIND is "noun" or "synonym" (the word is not written, or, with
// VERB, not written as derived from that lexicon verb) or "verb" (the
// lexicon verb WORD gives no derived line at all).
type stopList struct {
	entries map[string]string // "kind word" or "kind word verb" → reason
}

func readStopList(name string, r io.Reader) (*stopList, error) {
	sl := &stopList{entries: map[string]string{}}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, why, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		why = strings.TrimSpace(why)
		switch {
		case len(f) < 2 || len(f) > 3:
			return nil, fmt.Errorf("%s:%d: want KIND WORD [VERB] # reason", name, n)
		case f[0] != kindNoun && f[0] != kindSynonym && f[0] != "verb":
			return nil, fmt.Errorf("%s:%d: unknown kind %q (noun, synonym or verb)", name, n, f[0])
		case why == "":
			return nil, fmt.Errorf("%s:%d: %s %s: every entry says why", name, n, f[0], f[1])
		}
		key := strings.Join(f, " ")
		if _, dup := sl.entries[key]; dup {
			return nil, fmt.Errorf("%s:%d: %q listed twice", name, n, key)
		}
		sl.entries[key] = why
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return sl, nil
}

// why returns the reason the list gives for not deriving word of kind from
// verb, or "" when it does not rule it out.
func (sl *stopList) why(kind, word, verb string) string {
	for _, key := range []string{kind + " " + word + " " + verb, kind + " " + word, "verb " + verb} {
		if r, ok := sl.entries[key]; ok {
			return r
		}
	}
	return ""
}

func (sl *stopList) has(kind, word, verb string) bool { return sl.why(kind, word, verb) != "" }
