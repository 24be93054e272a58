package coding_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the coder's output (known failures keep their hand-written events)")

// The golden tests pin the exact events of real-news-style sentences, as
// go/printer's tests pin its output: testdata/golden/NAME.txt holds the
// cases, NAME.golden the events each must yield, and an extra event fails
// as surely as a missing one. Each file is a group of paraphrases: the
// same construction with other actors and other words, which must code
// the same way and must not invent a target.
//
// A case in NAME.txt:
//
//	== a name that reads as a sentence
//	date: 2025-06-15            (optional; this is the default)
//	known: why the coder fails  (optional: a known failure)
//	The text, one or more lines.
//
// Its events in NAME.golden, one a line, sorted, after the same "==" line:
//
//	DEU -> UKR 072 asserted  # provided air-defence systems to
//	(no events)
//
// "SOURCE -> TARGET CAMEO MODALITY"; what follows "#" is the event's verb
// text, for the reader, and is not compared. go test ./coding -run Golden
// -update rewrites the golden files from today's output, so that a
// reviewer reads the change as a diff.
//
// A case marked known is one today's coder gets wrong. Its golden events
// are the wanted ones, written by hand, and -update keeps them; the case
// is skipped with its reason while the coder's events differ from them,
// and fails once they match, so that the mark is removed. In a wanted
// event a field may end in "*" (any code it begins: "CHN*", "13*"), and
// "<>" instead of "->" takes either direction (talks, clashes).
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no testdata/golden/*.txt")
	}
	for _, in := range inputs {
		group := strings.TrimSuffix(filepath.Base(in), ".txt")
		t.Run(group, func(t *testing.T) { runGoldenFile(t, in) })
	}
}

// goldenCase is one case of a golden input file.
type goldenCase struct {
	name, date, known, text string
	line                    int
}

func runGoldenFile(t *testing.T, in string) {
	cases := readGoldenCases(t, in)
	goldenPath := strings.TrimSuffix(in, ".txt") + ".golden"
	golden := readGoldenEvents(t, goldenPath)
	var rewritten strings.Builder
	for i, c := range cases {
		events := codeSentence(t, c.text, c.date)
		got := eventLines(events)
		want, ok := golden[c.name]
		if *update {
			if i > 0 {
				rewritten.WriteString("\n")
			}
			fmt.Fprintf(&rewritten, "== %s\n", c.name)
			lines := got
			if c.known != "" {
				// A known failure keeps its hand-written wanted events.
				lines = want
				if !ok {
					lines = []string{"# write the wanted events of this known failure here"}
				}
			}
			if len(lines) == 0 {
				lines = []string{noEvents}
			}
			rewritten.WriteString(strings.Join(lines, "\n") + "\n")
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			if !ok {
				t.Fatalf("%s:%d: no events in %s for this case; run go test ./coding -run Golden -update", in, c.line, goldenPath)
			}
			if c.known != "" {
				if matchWanted(want, events) {
					t.Fatalf("%s:%d: the known failure now codes as wanted; remove its known: line and run -update\n%s",
						in, c.line, strings.Join(got, "\n"))
				}
				t.Skipf("known failure: %s\n%s\n got: %s\nwant: %s", c.known, c.text, orNone(got), orNone(want))
			}
			if strings.Join(keys(got), "\n") != strings.Join(keys(want), "\n") {
				t.Errorf("%s:%d: %s\n got: %s\nwant: %s\n(if the change is right: go test ./coding -run Golden -update, and read the diff)",
					in, c.line, c.text, orNone(got), orNone(want))
			}
		})
	}
	if *update {
		if err := os.WriteFile(goldenPath, []byte(rewritten.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", goldenPath)
	}
}

const noEvents = "(no events)"

// eventLines are the golden lines of events, sorted.
func eventLines(events []dyad.Event) []string {
	var out []string
	for _, e := range events {
		tgt := e.Target.Code
		if tgt == "" {
			tgt = "-"
		}
		out = append(out, fmt.Sprintf("%s -> %s %s %s  # %s", e.Source.Code, tgt, e.CAMEO, e.Modality, e.Verb.Text))
	}
	sort.Strings(out)
	return out
}

// keys drops the comments of golden lines, and "(no events)".
func keys(lines []string) []string {
	var out []string
	for _, l := range lines {
		if k := key(l); k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func key(line string) string {
	if i := strings.Index(line, "#"); i >= 0 {
		line = line[:i]
	}
	line = strings.Join(strings.Fields(line), " ")
	if line == noEvents {
		return ""
	}
	return line
}

func orNone(lines []string) string {
	if len(keys(lines)) == 0 {
		return noEvents
	}
	return "\n  " + strings.Join(lines, "\n  ")
}

// matchWanted reports whether events are exactly the wanted ones: each
// wanted line matches one event and no event is left over.
func matchWanted(want []string, events []dyad.Event) bool {
	wanted := keys(want)
	if len(wanted) != len(events) {
		return false
	}
	used := make([]bool, len(events))
	for _, w := range wanted {
		f := strings.Fields(w)
		if len(f) != 5 || (f[1] != "->" && f[1] != "<>") {
			return false
		}
		found := false
		for i, e := range events {
			if used[i] || !glob(f[3], e.CAMEO) || !glob(f[4], string(e.Modality)) {
				continue
			}
			forward := glob(f[0], e.Source.Code) && glob(f[2], e.Target.Code)
			backward := f[1] == "<>" && glob(f[0], e.Target.Code) && glob(f[2], e.Source.Code)
			if forward || backward {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// glob matches a code against a pattern that may end in "*".
func glob(pattern, s string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(s, p)
	}
	return pattern == s
}

func readGoldenCases(t *testing.T, name string) []goldenCase {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []goldenCase
	var text []string
	finish := func() {
		if len(cases) == 0 {
			return
		}
		c := &cases[len(cases)-1]
		c.text = strings.TrimSpace(strings.Join(text, "\n"))
		if c.text == "" {
			t.Fatalf("%s:%d: case %q has no text", name, c.line, c.name)
		}
		text = nil
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for no := 1; sc.Scan(); no++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "== "):
			finish()
			c := goldenCase{name: strings.TrimSpace(line[3:]), date: "2025-06-15", line: no}
			if seen[c.name] {
				t.Fatalf("%s:%d: two cases named %q", name, no, c.name)
			}
			seen[c.name] = true
			cases = append(cases, c)
		case strings.HasPrefix(line, "#"):
			// a comment: no news sentence starts with "#"
		case len(cases) == 0:
			if strings.TrimSpace(line) != "" {
				t.Fatalf("%s:%d: text before the first \"== name\" line", name, no)
			}
		case strings.HasPrefix(line, "date: ") && len(text) == 0:
			cases[len(cases)-1].date = strings.TrimSpace(line[6:])
		case strings.HasPrefix(line, "known: ") && len(text) == 0:
			cases[len(cases)-1].known = strings.TrimSpace(line[7:])
		case strings.TrimSpace(line) == "" && len(text) == 0:
		default:
			text = append(text, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	finish()
	return cases
}

// readGoldenEvents reads a golden file: the event lines of each case,
// by name. A missing file is empty (the first -update writes it).
func readGoldenEvents(t *testing.T, name string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	current := ""
	for no, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "== "):
			current = strings.TrimSpace(line[3:])
			out[current] = []string{}
		case strings.TrimSpace(line) == "":
		case current == "":
			t.Fatalf("%s:%d: an event before the first \"== name\" line", name, no+1)
		default:
			out[current] = append(out[current], line)
		}
	}
	return out
}
