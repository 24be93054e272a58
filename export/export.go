// Package export writes stored events in the formats analysts and other
// tools read: dyad's own columns as JSON Lines, CSV or Parquet, GDELT 2.0
// event rows, and PLOVER JSON records. It comes after the store in the
// pipeline and reads only dyad.StoredEvent.
//
// docs/data-dictionary.md describes every column of every format;
// docs/gdelt-export.md and docs/plover-export.md describe the two
// mappings onto other projects' formats and where they depart from them.
package export

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/nlp"
)

// Writer writes events in one format.
type Writer interface {
	Write(e dyad.StoredEvent) error
	// Close finishes the output (a CSV flush, a Parquet footer); it does
	// not close the underlying io.Writer.
	Close() error
}

// Options configure writers.
type Options struct {
	// Coder names the program and version that coded the events, for
	// formats that record it (PLOVER's coder field), e.g. "dyad 1a2b3c".
	Coder string
}

// Format is one export format.
type Format struct {
	Name string
	// HasModality is false for formats with no modality field (GDELT,
	// PLOVER): a reader would take every row for something that happened,
	// so these formats default to asserted events only.
	HasModality bool
	// NeedsDate is true for formats whose rows are invalid without a date
	// (GDELT's SQLDATE, PLOVER's required date): undated events are left
	// out, and counted.
	NeedsDate bool
	// Binary formats are not written to a terminal.
	Binary bool
	New    func(w io.Writer, opts Options) Writer
}

// formats is the table of formats, by name.
var formats = map[string]Format{
	"jsonl":   {Name: "jsonl", HasModality: true, New: newJSONL},
	"csv":     {Name: "csv", HasModality: true, New: newCSV},
	"parquet": {Name: "parquet", HasModality: true, Binary: true, New: newParquet},
	"gdelt":   {Name: "gdelt", NeedsDate: true, New: newGDELT},
	"plover":  {Name: "plover", NeedsDate: true, New: newPLOVER},
}

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	f, ok := formats[name]
	if !ok {
		return Format{}, fmt.Errorf("unknown format %q: want %s", name, strings.Join(Names(), ", "))
	}
	return f, nil
}

// Names lists the formats.
func Names() []string {
	var out []string
	for n := range formats {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// actorName is the name to export for an actor: its resolved name, or,
// for events stored before dyad resolved names, its text unless that is a
// bare pronoun.
func actorName(a dyad.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	if nlp.IsPronoun(a.Text) {
		return ""
	}
	return a.Text
}

// opt is nil for an empty string, so that absent values export as null.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
