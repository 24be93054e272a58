// Package ingest reads news documents from files and streams — plain text,
// HTML pages and JSON Lines — and turns each into a dyad.Document with its
// body text and date. It is the first stage of the pipeline: nothing here
// knows about sentences or events.
//
// Problems with one document (an empty file, invalid UTF-8, a malformed JSON
// line, a line too long to be prose) are reported as *Error values that name
// the document and line, and reading goes on with the next document.
package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
)

// Options control reading.
type Options struct {
	// Date is the document date to use where the input gives none: no
	// metadata, no dateline, no date in the URL (dyad ingest --date).
	Date time.Time
	// DateSource says where Date comes from; empty means DateFromFlag.
	// Readers of containers set it: a feed item's date (DateFromFeed)
	// outranks a dateline, a WARC capture date (DateFromWARC) does not.
	DateSource string
	// DatePrecision says how much of a date Date is (ParseDate): a
	// partial one ("--date 2013-10") is the first day of its period, and
	// the document's DateSource says so ("flag:month"). Empty means a day.
	DatePrecision Precision
	// Now places a dateline without a year ("KHARTOUM, June 4 -"): it
	// is dated in the latest year that does not put it after Now. Zero
	// means the time of reading.
	Now time.Time

	// url is where the input was fetched from, for a date in its path
	// when the document itself names no URL.
	url string
	// MaxDocBytes bounds one document (a file, or one JSON line).
	// Zero means DefaultMaxDocBytes.
	MaxDocBytes int
	// MaxLineBytes bounds one line of a plain-text document: real prose
	// never has megabyte lines, so a longer one means the input is not text.
	// Zero means DefaultMaxLineBytes.
	MaxLineBytes int
	// Format forces a format ("text", "html", "jsonl"); empty means detect
	// it from the name and the content.
	Format string
}

// Default limits.
const (
	DefaultMaxDocBytes  = 8 << 20
	DefaultMaxLineBytes = 1 << 20
)

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

func (o Options) dateSource() string {
	if o.DateSource == "" {
		return DateFromFlag
	}
	return o.DateSource
}

func (o Options) maxDoc() int {
	if o.MaxDocBytes > 0 {
		return o.MaxDocBytes
	}
	return DefaultMaxDocBytes
}

func (o Options) maxLine() int {
	if o.MaxLineBytes > 0 {
		return o.MaxLineBytes
	}
	return DefaultMaxLineBytes
}

// Error is a problem with one document, or one line of a multi-document
// input. Its message reads "name:line: message", like a compiler's.
type Error struct {
	Name string // file name or document id
	Line int    // 1-based line, 0 if not known
	Err  error
	// Kept is set when the document was read all the same and only
	// what Err names was left out (a date in a form dyad cannot read):
	// a warning, not a rejected document.
	Kept bool
}

func (e *Error) Error() string {
	warn := ""
	if e.Kept {
		warn = "warning: "
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s%s:%d: %v", warn, e.Name, e.Line, e.Err)
	}
	return fmt.Sprintf("%s%s: %v", warn, e.Name, e.Err)
}

// IsWarning reports whether a reported problem left its document in
// (Error.Kept): the caller counts it apart from the rejected documents.
func IsWarning(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kept
}

func (e *Error) Unwrap() error { return e.Err }

// Errors that describe why a document was rejected.
var (
	ErrEmpty    = errors.New("empty document")
	ErrBinary   = errors.New("binary content, not text")
	ErrTooLarge = errors.New("document too large")
)

// Read reads the documents of one input called name (a file name, or "-"
// for standard input), calling emit for each good document and report for
// each rejected one. It returns an error only when the input as a whole
// cannot be read or emit fails.
//
// Every document is dated from the best clue it has (see finishDate), and
// Document.DateSource says which; a document with none keeps a zero Date.
func Read(ctx context.Context, name string, r io.Reader, opts Options, emit func(*dyad.Document) error, report func(error)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	emit = datedEmit(opts, emit)
	format := opts.Format
	if format == "" {
		format = detect(name, br)
	}
	switch format {
	case "jsonl":
		return readJSONL(ctx, name, br, opts, emit, report)
	case "html", "text":
		data, err := readAll(br, opts.maxDoc())
		if err != nil {
			if errors.Is(err, ErrTooLarge) {
				// Name the line where the limit was crossed: one huge line
				// is the usual sign of a file that is not prose.
				report(&Error{Name: name, Line: lineOf(data, opts.maxDoc()), Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, opts.maxDoc())})
				return nil
			}
			return fmt.Errorf("reading %s: %w", name, err)
		}
		var doc *dyad.Document
		if format == "html" {
			doc, err = parseHTML(name, data, opts)
		} else {
			doc, err = parseText(name, data, opts)
		}
		if err != nil {
			report(err)
			return nil
		}
		return emit(doc)
	default:
		return fmt.Errorf("%s: unknown format %q (want text, html or jsonl)", name, format)
	}
}

// datedEmit dates each document from its remaining clues before emitting it.
func datedEmit(opts Options, emit func(*dyad.Document) error) func(*dyad.Document) error {
	return func(d *dyad.Document) error {
		finishDate(d, opts)
		return emit(d)
	}
}

// detect guesses the format from the file extension, then from the first
// bytes of the content.
func detect(name string, br *bufio.Reader) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".html", ".htm", ".xhtml":
		return "html"
	case ".txt", ".text":
		return "text"
	}
	head, _ := br.Peek(512)
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("{")):
		return "jsonl"
	case bytes.HasPrefix(trimmed, []byte("<")):
		return "html"
	}
	return "text"
}

// readAll reads at most max bytes, failing with ErrTooLarge beyond that
// (and returning what it read, so the caller can say where).
func readAll(r io.Reader, max int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > max {
		return data, ErrTooLarge
	}
	return data, nil
}

// checkText validates that data is prose-like UTF-8 text and returns it as a
// string without a byte-order mark. Errors name the line of the first
// problem.
func checkText(name string, data []byte, maxLine int) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return "", &Error{Name: name, Err: ErrEmpty}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", &Error{Name: name, Line: lineOf(data, i), Err: fmt.Errorf("%w (NUL byte at offset %d)", ErrBinary, i)}
	}
	if !utf8.Valid(data) {
		i := firstInvalid(data)
		return "", &Error{Name: name, Line: lineOf(data, i), Err: fmt.Errorf("invalid UTF-8 at byte offset %d", i)}
	}
	line, start := 1, 0
	for i := 0; i <= len(data); i++ {
		if i == len(data) || data[i] == '\n' {
			if i-start > maxLine {
				return "", &Error{Name: name, Line: line, Err: fmt.Errorf("%w: line is %d bytes, more than the %d-byte limit for prose", ErrTooLarge, i-start, maxLine)}
			}
			line++
			start = i + 1
		}
	}
	return string(data), nil
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

func lineOf(data []byte, offset int) int {
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

func parseText(name string, data []byte, opts Options) (*dyad.Document, error) {
	text, err := checkText(name, data, opts.maxLine())
	if err != nil {
		return nil, err
	}
	return &dyad.Document{ID: docID(name), Text: text}, nil
}

// docID names a document read from a file by the file's base name.
func docID(name string) string {
	if name == "-" {
		return "stdin"
	}
	return filepath.Base(name)
}
