package ontology

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:embed plover.tsv
var ploverTSV string

// PLOVERType is one PLOVER event type: its quad class and its conflict-
// cooperation score, of the type and of each of its modes.
type PLOVERType struct {
	Name  string
	Quad  int                // PLOVER's own quad class, 1-4
	Score float64            // the type's score
	Modes map[string]float64 // mode → score
}

// Scale is PLOVER's event_scale for a type and mode: the mode's score if
// the manual gives one, else the type's.
func (p PLOVERType) Scale(mode string) float64 {
	if s, ok := p.Modes[mode]; ok {
		return s
	}
	return p.Score
}

var (
	ploverOnce  sync.Once
	ploverTypes map[string]PLOVERType
)

// PLOVER returns the entry of a PLOVER event type, from plover.tsv.
func PLOVER(name string) (PLOVERType, bool) {
	ploverOnce.Do(func() {
		var err error
		if ploverTypes, err = parsePLOVER("plover.tsv", ploverTSV); err != nil {
			panic(err) // the embedded table is tested
		}
	})
	p, ok := ploverTypes[name]
	return p, ok
}

func parsePLOVER(name, text string) (map[string]PLOVERType, error) {
	out := map[string]PLOVERType{}
	for i, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "type\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("%s:%d: want 4 tab-separated fields, got %d", name, i+1, len(f))
		}
		quad, err := strconv.Atoi(f[1])
		if err != nil || quad < 1 || quad > 4 {
			return nil, fmt.Errorf("%s:%d: quad %q: want 1 to 4", name, i+1, f[1])
		}
		score, err := strconv.ParseFloat(f[3], 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: score %q: %v", name, i+1, f[3], err)
		}
		p, ok := out[f[0]]
		if !ok {
			p = PLOVERType{Name: f[0], Quad: quad, Modes: map[string]float64{}}
		} else if p.Quad != quad {
			return nil, fmt.Errorf("%s:%d: %s has quad %d here and %d above", name, i+1, f[0], quad, p.Quad)
		}
		if f[2] == "" {
			p.Score = score
		} else {
			p.Modes[f[2]] = score
		}
		out[f[0]] = p
	}
	return out, nil
}
