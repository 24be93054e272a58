// Package coding turns annotated sentences into CAMEO/PLOVER events: it
// matches verb and noun patterns from dyad's verb lexicon
// (docs/verbs-format.md) against each predicate and its dependents, finds
// the source and target among the actor mentions, and decides the event's
// modality and attribution. Every event names the pattern that produced it.
package coding

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/internal/lines"
	"github.com/dyad-events/dyad/ontology"
)

//go:embed data/*.txt
var embedded embed.FS

// Pattern is one entry of dyad's lexicon (docs/verbs-format.md).
// PETRARCH's patterns are of their own type, PetrarchPattern.
type Pattern struct {
	Code     string
	Head     string // lemma of the verb or noun
	Particle string // for phrasal verbs: "off" in call_off
	Noun     bool   // a nominal event ("n:attack")
	Elems    []Elem
	Text     string // the pattern as written, for explanations
	Source   string // file:line
	Null     bool   // code "---": the pattern matches, and so blocks shorter ones, but codes no event
	order    int    // position in the lexicon, for ties
}

// Elem is one element after the head: a set of lemmas, or the target slot.
type Elem struct {
	Lemmas []string
	Target bool
	// Source is where the source actor stands: SOURCE in "extradite to
	// TARGET from SOURCE".
	Source bool
}

// HasTarget reports whether the pattern names where its target stands.
func (p *Pattern) HasTarget() bool {
	for _, e := range p.Elems {
		if e.Target {
			return true
		}
	}
	return false
}

// Lexicon holds patterns indexed by head lemma.
type Lexicon struct {
	verbs map[string][]*Pattern
	nouns map[string][]*Pattern
	n     int
}

// NewLexicon returns an empty lexicon.
func NewLexicon() *Lexicon {
	return &Lexicon{verbs: map[string][]*Pattern{}, nouns: map[string][]*Pattern{}}
}

// Len is the number of patterns.
func (l *Lexicon) Len() int { return l.n }

// Add adds a pattern; its code must be in the ontology table.
func (l *Lexicon) Add(p *Pattern) {
	p.order = l.n
	l.n++
	if p.Noun {
		l.nouns[p.Head] = append(l.nouns[p.Head], p)
	} else {
		l.verbs[p.Head] = append(l.verbs[p.Head], p)
	}
}

// HasHead reports whether the lexicon has a pattern for a verb lemma (or,
// with noun, a noun lemma). Package petrarch uses it to add PETRARCH
// patterns only for heads dyad's own lexicon does not cover.
func (l *Lexicon) HasHead(head string, noun bool) bool { return l.patterns(head, noun) > 0 }

// DefaultLexicon loads the embedded verb lexicon (data/verbs*.txt, not the
// test sentences).
func DefaultLexicon(tab *ontology.Table) (*Lexicon, []error, error) {
	l := NewLexicon()
	files, err := fs.Glob(embedded, "data/*.txt")
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	var warnings []error
	for _, f := range files {
		if strings.Contains(f, "test") || !strings.HasPrefix(path.Base(f), "verbs") {
			continue
		}
		data, err := embedded.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		warnings = append(warnings, l.Load(path.Base(f), strings.NewReader(string(data)), tab)...)
	}
	return l, warnings, nil
}

// Load reads patterns in dyad's lexicon format. Malformed lines are
// returned as errors naming the file and line, and skipped.
func (l *Lexicon) Load(name string, r io.Reader, tab *ontology.Table) []error {
	var errs []error
	sc := lines.NewScanner(r, lines.MaxLine)
	for sc.Scan() {
		lineNo := sc.Line()
		if sc.TooLong() {
			errs = append(errs, fmt.Errorf("%s:%d: line longer than %d bytes skipped", name, lineNo, sc.Max()))
			continue
		}
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, lineNo)
		ps, err := ParsePattern(fields[0], strings.Join(fields[1:], " "), tab)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
			continue
		}
		for _, p := range ps {
			p.Source = where
			l.Add(p)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return errs
}

// ParsePattern reads one "CODE PATTERN" entry. A head written as
// alternatives ("expand|boost cooperation with TARGET") gives one pattern
// per head.
func ParsePattern(code, pattern string, tab *ontology.Table) ([]*Pattern, error) {
	null := code == "---"
	if _, ok := tab.Lookup(code); !ok && !null {
		return nil, fmt.Errorf("unknown CAMEO code %q", code)
	}
	fields := strings.Fields(pattern)
	if len(fields) == 0 {
		return nil, fmt.Errorf("code %s has no pattern", code)
	}
	var elems []Elem
	for _, f := range fields[1:] {
		if f == "TARGET" {
			elems = append(elems, Elem{Target: true})
			continue
		}
		if f == "SOURCE" {
			// "extradite to TARGET from SOURCE", "face sanction from
			// SOURCE": the actor who acts stands in the phrase, and the
			// subject is the one acted on (see coding/events.go).
			elems = append(elems, Elem{Source: true})
			continue
		}
		var lemmas []string
		for _, w := range strings.Split(strings.ToLower(f), "|") {
			if w != "" {
				lemmas = append(lemmas, w)
			}
		}
		if len(lemmas) == 0 {
			return nil, fmt.Errorf("empty element in pattern %q", pattern)
		}
		elems = append(elems, Elem{Lemmas: lemmas})
	}
	head := strings.ToLower(fields[0])
	noun := strings.HasPrefix(head, "n:")
	head = strings.TrimPrefix(head, "n:")
	var out []*Pattern
	for _, h := range strings.Split(head, "|") {
		h = strings.TrimPrefix(h, "n:")
		p := &Pattern{Code: code, Text: pattern, Noun: noun, Elems: elems, Null: null}
		if hd, prt, ok := strings.Cut(h, "_"); ok {
			h, p.Particle = hd, prt
		}
		if h == "" || strings.ContainsAny(h, ":_") {
			return nil, fmt.Errorf("bad head %q in pattern %q", fields[0], pattern)
		}
		p.Head = h
		out = append(out, p)
	}
	return out, nil
}
