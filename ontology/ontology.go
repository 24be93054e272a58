// Package ontology is dyad's one table of CAMEO event codes: for each code
// its name, root, quad class, Goldstein score and PLOVER type and mode.
// Codes and scores live only here (cameo.tsv, built by internal/gen from the
// published GDELT, ICEWS and PLOVER tables); every other package asks this
// one.
package ontology

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:embed cameo.tsv
var cameoTSV string

// Code is one CAMEO event code.
type Code struct {
	Code       string  // "190"
	Root       string  // "19"
	Name       string  // "Use conventional military force"
	Quad       int     // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
	Goldstein  float64 // -10 (most conflictual) to +10 (most cooperative)
	PLOVERType string  // "ASSAULT"
	PLOVERMode string  // "" or e.g. "firearms"
}

// Table maps CAMEO codes to their entries. It is read-only once built.
type Table struct {
	codes map[string]Code
}

// Parse reads a table in the cameo.tsv format.
func Parse(name, text string) (*Table, error) {
	t := &Table{codes: map[string]Code{}}
	for i, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "code\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 {
			return nil, fmt.Errorf("%s:%d: want 7 tab-separated fields, got %d", name, i+1, len(f))
		}
		quad, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: quad %q: %w", name, i+1, f[2], err)
		}
		g, err := strconv.ParseFloat(f[3], 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: goldstein %q: %w", name, i+1, f[3], err)
		}
		t.codes[f[0]] = Code{Code: f[0], Root: f[1], Quad: quad, Goldstein: g, PLOVERType: f[4], PLOVERMode: f[5], Name: f[6]}
	}
	return t, nil
}

var defaultTable = sync.OnceValues(func() (*Table, error) { return Parse("cameo.tsv", cameoTSV) })

// Default returns the embedded table. It panics if the embedded file is
// broken, which a test guards against.
func Default() *Table {
	t, err := defaultTable()
	if err != nil {
		panic(err)
	}
	return t
}

// Lookup returns the entry for a code.
func (t *Table) Lookup(code string) (Code, bool) {
	c, ok := t.codes[code]
	return c, ok
}

// Len is the number of codes in the table.
func (t *Table) Len() int { return len(t.codes) }
