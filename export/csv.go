package export

import (
	"encoding/csv"
	"io"

	"github.com/dyad-events/dyad"
)

// csvWriter writes the Row columns with a header line. Codes such as
// CAMEO "051" are written as they are; a reader that guesses types turns
// them into numbers, so docs/data-dictionary.md says how to read them as
// text (or use Parquet, which types them).
type csvWriter struct {
	w      *csv.Writer
	header bool
	rec    []string
}

func newCSV(w io.Writer, _ Options) Writer { return &csvWriter{w: csv.NewWriter(w)} }

// CSVHeader is the CSV export's header.
func CSVHeader() []string {
	h := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		h[i] = c.name
	}
	return h
}

func (c *csvWriter) Write(e dyad.StoredEvent) error {
	if !c.header {
		c.header = true
		if err := c.w.Write(CSVHeader()); err != nil {
			return err
		}
	}
	r := NewRow(e)
	c.rec = c.rec[:0]
	for _, col := range csvColumns {
		c.rec = append(c.rec, col.get(&r))
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter) Close() error {
	if !c.header {
		// An empty export still names its columns.
		c.header = true
		if err := c.w.Write(CSVHeader()); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}
