package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/dyad-events/dyad"
)

// SourceOptions control ReadSource.
type SourceOptions struct {
	Options
	// AllowPrivate lets links found in fetched content (feed items,
	// redirects) reach loopback, private and link-local addresses, which
	// they may not by default (see fetch.go).
	AllowPrivate bool
	// FoundInContent says that the source is a link found in fetched
	// content (a feed item or a sitemap entry read by a crawler), not a
	// URL the user named: it is fetched only from public addresses,
	// unless AllowPrivate.
	FoundInContent bool
	// Progress, if set, is called with the number of bytes of local files
	// consumed so far, for progress bars (see SourceSize).
	Progress func(bytes int64)
}

func (o SourceOptions) client() *http.Client { return newClient(o.AllowPrivate) }

// ReadSource reads every document of one source named on a command line: a
// file (text, HTML, JSON Lines, an RSS or Atom feed, or a WARC archive), a
// directory (read recursively, in lexical order, skipping hidden files), or
// an http(s) URL of an article or a feed. It calls emit for each document
// and report for each problem — a rejected document, or a bad source such as
// an unreadable directory, a file that is not a feed, a truncated archive or
// an unreachable URL — and goes on with the rest. It returns an error only
// when emit fails or ctx ends.
//
// Documents read from the web carry their URL, which is part of their
// identity in a store.
func ReadSource(ctx context.Context, name string, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	wrapped := func(d *dyad.Document) error {
		if err := emit(d); err != nil {
			return &emitError{err}
		}
		return nil
	}
	err := readSource(ctx, name, opts, wrapped, report)
	var ee *emitError
	if errors.As(err, &ee) {
		return ee.err
	}
	return err
}

// emitError marks errors from the caller's emit, which stop reading; other
// errors only spoil the source at hand.
type emitError struct{ err error }

func (e *emitError) Error() string { return e.err.Error() }
func (e *emitError) Unwrap() error { return e.err }

// fatal reports whether err must stop reading: the caller's emit failed or
// the context ended.
func fatal(ctx context.Context, err error) bool {
	var ee *emitError
	return ctx.Err() != nil || errors.As(err, &ee)
}

func readSource(ctx context.Context, name string, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	if isURL(name) {
		return readURL(ctx, name, opts, emit, report)
	}
	info, err := os.Stat(name)
	if err != nil {
		report(&Error{Name: name, Err: sourceErr(err)})
		return nil
	}
	if !info.IsDir() {
		return readFile(ctx, name, opts, emit, report)
	}
	var consumed int64
	return filepath.WalkDir(name, func(path string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			// An unreadable directory is reported and skipped; the walk
			// goes on with its siblings.
			report(&Error{Name: path, Err: sourceErr(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if path != name && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		sub := opts
		if opts.Progress != nil {
			base := consumed
			sub.Progress = func(n int64) { opts.Progress(base + n) }
		}
		if err := readFile(ctx, path, sub, emit, report); err != nil {
			return err
		}
		if info, err := d.Info(); err == nil {
			consumed += info.Size()
			if opts.Progress != nil {
				opts.Progress(consumed)
			}
		}
		return nil
	})
}

// SourceSize is the number of bytes of the local files a source names,
// for a progress bar's total; URLs count as zero.
func SourceSize(name string) int64 {
	if isURL(name) {
		return 0
	}
	var total int64
	filepath.WalkDir(name, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if path != name && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return total
}

func isURL(name string) bool {
	return strings.HasPrefix(name, "http://") || strings.HasPrefix(name, "https://")
}

// sourceErr drops the path from an *fs.PathError, which the report
// already names.
func sourceErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// kind sniffs what a file or response body holds: "warc", "feed" or ""
// (text, HTML or JSON Lines, for Read).
func kind(name, contentType string, head []byte) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".warc"), strings.HasSuffix(lower, ".warc.gz"):
		return "warc"
	case strings.HasSuffix(lower, ".rss"), strings.HasSuffix(lower, ".atom"):
		return "feed"
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		switch mt {
		case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml":
			return "feed"
		case "application/warc":
			return "warc"
		case "text/html", "application/xhtml+xml", "text/plain":
			// The server says what it is: an XHTML page starts with
			// <?xml too, but it is not a feed.
			return ""
		}
	}
	if bytes.HasPrefix(head, []byte("WARC/")) {
		return "warc"
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("<?xml")) || bytes.HasPrefix(trimmed, []byte("<rss")) || bytes.HasPrefix(trimmed, []byte("<feed")) || bytes.HasPrefix(trimmed, []byte("<rdf:RDF")) {
		return "feed"
	}
	if strings.HasSuffix(lower, ".xml") {
		return "feed"
	}
	return ""
}

// countingReader reports the bytes read through it.
type countingReader struct {
	r        io.Reader
	n        int64
	progress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && n > 0 {
		c.progress(c.n)
	}
	return n, err
}

func readFile(ctx context.Context, name string, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	f, err := os.Open(name)
	if err != nil {
		report(&Error{Name: name, Err: sourceErr(err)})
		return nil
	}
	defer f.Close()
	var r io.Reader = f
	if opts.Progress != nil {
		r = &countingReader{r: f, progress: opts.Progress}
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	switch kind(name, "", head) {
	case "warc":
		return readWARC(ctx, name, br, opts, emit, report)
	case "feed":
		return readFeed(ctx, name, br, opts, emit, report)
	}
	if err := Read(ctx, name, br, opts.Options, emit, report); err != nil {
		if fatal(ctx, err) {
			return err
		}
		report(&Error{Name: name, Err: err})
	}
	return nil
}

// readURL fetches an article, a feed or a WARC archive that the user
// named, reading feeds and archives as they stream in.
func readURL(ctx context.Context, u string, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	body, ctype, err := fetch(ctx, opts, u, !opts.FoundInContent)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		report(&Error{Name: u, Err: err})
		return nil
	}
	defer body.Close()
	br := bufio.NewReaderSize(body, 64<<10)
	head, _ := br.Peek(512)
	switch kind(u, ctype, head) {
	case "warc":
		return readWARC(ctx, u, br, opts, emit, report)
	case "feed":
		return readFeed(ctx, u, br, opts, emit, report)
	}
	data, err := readAll(br, opts.maxDoc())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, ErrTooLarge) {
			err = fmt.Errorf("%w: more than %d bytes", ErrTooLarge, opts.maxDoc())
		}
		report(&Error{Name: u, Err: err})
		return nil
	}
	return readPage(ctx, u, data, opts, emit, report)
}

// readPage reads a fetched page (or a WARC response) whose URL is u.
func readPage(ctx context.Context, u string, body []byte, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	o := opts.Options
	o.url = u
	if o.Format == "" && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		// A URL's "extension" says nothing about its content: web pages
		// are HTML unless they look like JSON Lines.
		if bytes.Contains(body[:min(len(body), 4096)], []byte("<")) {
			o.Format = "html"
		} else {
			o.Format = "text"
		}
	}
	err := Read(ctx, u, bytes.NewReader(body), o, func(d *dyad.Document) error {
		if d.URL == "" && isURL(u) {
			d.URL = u
		}
		if d.ID == "" || d.ID == filepath.Base(u) {
			d.ID = u
		}
		return emit(d)
	}, report)
	if err != nil && !fatal(ctx, err) {
		report(&Error{Name: u, Err: err})
		return nil
	}
	return err
}
