package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad"
)

// jsonDoc is one JSON Lines record.
type jsonDoc struct {
	ID    json.RawMessage `json:"id"`
	Text  *string         `json:"text"`
	Date  string          `json:"date"`
	URL   string          `json:"url"`
	Title string          `json:"title"`
}

// readJSONL reads one document a line. A bad line is reported with its line
// number and skipped; the lines after it are still read.
func readJSONL(ctx context.Context, name string, br *bufio.Reader, opts Options, emit func(*dyad.Document) error, report func(error)) error {
	max := opts.maxDoc()
	for lineNo := 1; ; lineNo++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := readLine(br, max)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("reading %s:%d: %w", name, lineNo, err)
		}
		eof := errors.Is(err, io.EOF)
		switch {
		case tooLong:
			report(&Error{Name: name, Line: lineNo, Err: fmt.Errorf("%w: line longer than %d bytes", ErrTooLarge, max)})
		case len(bytes.TrimSpace(line)) > 0:
			doc, derr := parseJSONLine(name, lineNo, line, opts)
			if derr != nil {
				report(derr)
			}
			if doc != nil {
				if err := emit(doc); err != nil {
					return err
				}
			}
		}
		if eof {
			return nil
		}
	}
}

// readLine reads one line, discarding (and flagging) lines longer than max
// without holding them in memory.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), tooLong, err
	}
}

func parseJSONLine(name string, lineNo int, line []byte, opts Options) (*dyad.Document, error) {
	var rec jsonDoc
	if err := json.Unmarshal(line, &rec); err != nil {
		return nil, &Error{Name: name, Line: lineNo, Err: fmt.Errorf("malformed JSON: %w", err)}
	}
	id := strings.Trim(string(rec.ID), `"`)
	if id == "" || id == "null" {
		id = name + ":" + strconv.Itoa(lineNo)
	}
	if rec.Text == nil {
		return nil, &Error{Name: name, Line: lineNo, Err: fmt.Errorf("document %s has no \"text\" field", id)}
	}
	text, err := checkText(id, []byte(*rec.Text), opts.maxLine())
	if err != nil {
		return nil, &Error{Name: name, Line: lineNo, Err: err}
	}
	doc := &dyad.Document{ID: id, URL: rec.URL, Title: rec.Title, Text: text}
	if rec.Date != "" {
		d, p, err := ParseDate(rec.Date)
		if err != nil {
			// No document is lost for the form of its date: it is kept,
			// and dated from its other clues (dateline, URL, --date).
			return doc, &Error{Name: name, Line: lineNo, Kept: true,
				Err: fmt.Errorf("document %s: %w; read without it", id, err)}
		}
		doc.Date, doc.DateSource = d, QualifiedSource(DateFromRecord, p)
	}
	return doc, nil
}
