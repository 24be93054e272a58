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
	"time"

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
			} else if err := emit(doc); err != nil {
				return err
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
		d, err := ParseDate(rec.Date)
		if err != nil {
			return nil, &Error{Name: name, Line: lineNo, Err: fmt.Errorf("document %s: %w", id, err)}
		}
		doc.Date, doc.DateSource = d, DateFromRecord
	}
	return doc, nil
}

// ParseDate reads the date forms found in news metadata: 2006-01-02,
// RFC 3339 timestamps and RFC 1123 (feed) dates first, then the looser
// forms pages use ("June 4, 2026", "4 June 2026 10:00 GMT"), refusing
// ambiguous ones such as 04/06/2026.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.RFC1123Z, time.RFC1123, "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if t, err := parseLooseDate(s); err == nil && hasYear(s) {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("unknown date form %q (want YYYY-MM-DD or RFC 3339)", s)
}
