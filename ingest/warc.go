package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
)

// Limits of WARC reading. A record's block can be large (a video), but it
// is streamed and skipped, never held; only its header is read whole.
const (
	// MaxWARCHeaderLine bounds one line of a WARC record's header (and of
	// the HTTP header inside a response record).
	MaxWARCHeaderLine = 64 << 10
	// MaxWARCHeaderBytes bounds a record's whole header.
	MaxWARCHeaderBytes = 1 << 20
)

// warcDamage is a record whose framing is broken: reading goes on at the
// next record that can be found.
type warcDamage struct{ msg string }

func (e *warcDamage) Error() string { return e.msg }

func damaged(format string, args ...any) error { return &warcDamage{fmt.Sprintf(format, args...)} }

// warcHeader is a parsed WARC record header.
type warcHeader struct {
	version string
	fields  textproto.MIMEHeader
	length  int64
}

// readWARC reads a WARC archive (plain, or gzipped per record as Common
// Crawl News ships it), streaming record by record: one document per HTML
// or text response or resource record, identified by its WARC-Target-URI
// and dated by the page or, if the page gives no date, by WARC-Date.
// Request, metadata, revisit and non-text records are skipped without
// being held in memory. A damaged record is reported with its offset and
// reading resumes at the next record found after it; an archive cut short
// is reported, and the documents before the cut are kept.
func readWARC(ctx context.Context, name string, br *bufio.Reader, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	raw := &offsetReader{r: br}
	src := bufio.NewReaderSize(raw, 64<<10)
	head, _ := src.Peek(2)
	gzipped := len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b
	records := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := raw.n - int64(src.Buffered())
		var rec *bufio.Reader
		var zr *gzip.Reader
		if gzipped {
			if _, err := src.Peek(1); errors.Is(err, io.EOF) {
				break
			}
			var err error
			if zr, err = gzip.NewReader(src); err != nil {
				report(&Error{Name: name, Err: fmt.Errorf("damaged gzip member at offset %d: %v; resuming at the next one", start, err)})
				if !resyncGzip(src) {
					break
				}
				continue
			}
			zr.Multistream(false)
			rec = bufio.NewReaderSize(zr, 64<<10)
		} else {
			rec = src
		}
		err := warcRecordAt(ctx, name, start, rec, gzipped, opts, emit, report)
		if zr != nil && err == nil {
			// The rest of the member (padding) belongs to this record.
			if _, cerr := io.Copy(io.Discard, rec); cerr != nil {
				err = damaged("damaged gzip member: %v", cerr)
			}
		}
		var dmg *warcDamage
		switch {
		case err == nil:
			records++
			continue
		case errors.Is(err, io.EOF) && gzipped:
			report(&Error{Name: name, Err: fmt.Errorf("damaged WARC record at offset %d: an empty gzip member", start)})
			continue
		case errors.Is(err, io.EOF):
			if records == 0 {
				report(&Error{Name: name, Err: fmt.Errorf("%w: no WARC records", ErrEmpty)})
			}
			return nil
		case errors.Is(err, io.ErrUnexpectedEOF):
			report(&Error{Name: name, Err: fmt.Errorf("truncated WARC record at offset %d: the archive ends inside it", start)})
			return nil
		case errors.As(err, &dmg):
			report(&Error{Name: name, Err: fmt.Errorf("damaged WARC record at offset %d: %v; resuming at the next record", start, err)})
			if gzipped {
				if !resyncGzip(src) {
					return nil
				}
			} else if !resyncPlain(src) {
				return nil
			}
		case fatal(ctx, err):
			return err
		case gzipped:
			// A corrupt member: the next one may be whole.
			report(&Error{Name: name, Err: fmt.Errorf("damaged WARC record at offset %d: %v; resuming at the next record", start, err)})
			if !resyncGzip(src) {
				return nil
			}
		default:
			report(&Error{Name: name, Err: fmt.Errorf("WARC record at offset %d: %w", start, err)})
			return nil
		}
	}
	if records == 0 {
		report(&Error{Name: name, Err: fmt.Errorf("%w: no WARC records", ErrEmpty)})
	}
	return nil
}

// offsetReader counts the bytes read from the archive, for offsets in
// reports.
type offsetReader struct {
	r io.Reader
	n int64
}

func (o *offsetReader) Read(p []byte) (int, error) {
	n, err := o.r.Read(p)
	o.n += int64(n)
	return n, err
}

// readLine reads one line of at most max bytes without its line end. A
// longer line is consumed and discarded, and reported as damage, without
// being held in memory.
func readWARCLine(r *bufio.Reader, max int) (string, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) && (len(line) > 0 || tooLong) {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		if tooLong {
			return "", damaged("a header line longer than %d bytes", max)
		}
		return strings.TrimRight(string(line), "\r\n"), nil
	}
}

// readWARCHeader reads a record's version line and header fields.
func readWARCHeader(r *bufio.Reader) (*warcHeader, error) {
	var version string
	for {
		line, err := readWARCLine(r, MaxWARCHeaderLine)
		if err != nil {
			return nil, err
		}
		if line != "" {
			version = line
			break
		}
	}
	if version != "WARC/1.0" && version != "WARC/1.1" && version != "WARC/0.18" {
		return nil, damaged("%.40q is not a WARC version line", version)
	}
	h := &warcHeader{version: version, fields: textproto.MIMEHeader{}}
	total := 0
	for {
		line, err := readWARCLine(r, MaxWARCHeaderLine)
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		if line == "" {
			break
		}
		if total += len(line); total > MaxWARCHeaderBytes {
			return nil, damaged("a header longer than %d bytes", MaxWARCHeaderBytes)
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			if line[0] == ' ' || line[0] == '\t' {
				continue // a folded continuation: nothing dyad reads
			}
			return nil, damaged("header line %.40q has no colon", line)
		}
		h.fields.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	n, err := strconv.ParseInt(h.fields.Get("Content-Length"), 10, 64)
	if err != nil || n < 0 {
		return nil, damaged("missing or bad Content-Length %q", h.fields.Get("Content-Length"))
	}
	h.length = n
	return h, nil
}

// warcRecordAt reads one record from r: its header, its block (emitting
// a document if it holds one) and the two line ends that close it.
func warcRecordAt(ctx context.Context, name string, offset int64, r *bufio.Reader, gzipped bool, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	h, err := readWARCHeader(r)
	if err != nil {
		return err
	}
	block := &io.LimitedReader{R: r, N: h.length}
	// The document is emitted only once the record is known to be whole.
	doc, err := warcDocument(name, offset, h, block, opts, report)
	if err != nil {
		return err
	}
	// Skip what the document did not read.
	if _, err := io.Copy(io.Discard, block); err != nil {
		return err
	}
	if block.N > 0 {
		return io.ErrUnexpectedEOF
	}
	end := make([]byte, 4)
	n, err := io.ReadFull(r, end)
	if err != nil && !(gzipped && n == 0) {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return damaged("the record does not end with two line breaks (is its Content-Length right?)")
		}
		return err
	}
	if n > 0 && string(end[:n]) != "\r\n\r\n" {
		return damaged("the record does not end with two line breaks (is its Content-Length right?)")
	}
	if doc == nil {
		return nil
	}
	return doc(ctx, emit, report)
}

// warcPage reads the page of a record into a document.
type warcPage func(ctx context.Context, emit func(*dyad.Document) error, report func(error)) error

// warcDocument reads the page of one record, if it holds one, and returns
// what emits its document.
func warcDocument(name string, offset int64, h *warcHeader, block *io.LimitedReader, opts SourceOptions, report func(error)) (warcPage, error) {
	typ := h.fields.Get("WARC-Type")
	if typ != "response" && typ != "resource" {
		return nil, nil
	}
	target := h.fields.Get("WARC-Target-URI")
	if target == "" {
		target = fmt.Sprintf("%s@%d", name, offset)
	}
	ctype, encoding := h.fields.Get("Content-Type"), ""
	var body io.Reader = block
	if typ == "response" {
		if mt, _, _ := mime.ParseMediaType(ctype); mt != "application/http" {
			return nil, nil // a DNS or other non-HTTP response
		}
		// The HTTP header is bounded by the document limit too: a header
		// line of hundreds of megabytes is not read whole.
		hr := bufio.NewReaderSize(io.LimitReader(block, int64(opts.maxDoc())+MaxWARCHeaderBytes), 64<<10)
		resp, err := http.ReadResponse(hr, nil)
		if err != nil {
			if truncated(err, block) {
				return nil, io.ErrUnexpectedEOF
			}
			report(&Error{Name: target, Err: fmt.Errorf("malformed HTTP response in the WARC record at offset %d: %v", offset, err)})
			return nil, nil
		}
		defer resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return nil, nil
		}
		ctype, encoding = resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding")
		body = resp.Body
	}
	mt, _, _ := mime.ParseMediaType(ctype)
	if mt != "" && mt != "text/html" && mt != "application/xhtml+xml" && mt != "text/plain" {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(body, int64(opts.maxDoc())+1))
	if err != nil {
		if truncated(err, block) {
			return nil, io.ErrUnexpectedEOF
		}
		report(&Error{Name: target, Err: fmt.Errorf("reading the body: %v", err)})
		return nil, nil
	}
	if strings.EqualFold(encoding, "gzip") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			report(&Error{Name: target, Err: fmt.Errorf("gzip body: %w", err)})
			return nil, nil
		}
		data, err = io.ReadAll(io.LimitReader(zr, int64(opts.maxDoc())+1))
		if err != nil {
			report(&Error{Name: target, Err: fmt.Errorf("gzip body: %w", err)})
			return nil, nil
		}
	}
	if len(data) > opts.maxDoc() {
		report(&Error{Name: target, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, opts.maxDoc())})
		return nil, nil
	}
	sub := opts
	if d, err := time.Parse(time.RFC3339, h.fields.Get("WARC-Date")); err == nil && sub.Options.Date.IsZero() {
		// The capture date is a last resort: a crawl can be years after
		// the story. The user's --date, if given, is their statement.
		sub.Date, sub.DateSource = d, DateFromWARC
	}
	if mt == "text/plain" {
		sub.Format = "text"
	} else if mt != "" {
		sub.Format = "html"
	}
	return func(ctx context.Context, emit func(*dyad.Document) error, report func(error)) error {
		return readPage(ctx, target, data, sub, emit, report)
	}, nil
}

// truncated reports whether a read error inside a block means the archive
// ends before the block does (rather than a payload framed wrongly inside
// a whole block).
func truncated(err error, block *io.LimitedReader) bool {
	if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false
	}
	_, perr := io.Copy(io.Discard, block)
	return perr != nil || block.N > 0
}

// resyncPlain skips to the next line that starts a WARC record, and
// reports whether there is one.
func resyncPlain(r *bufio.Reader) bool {
	atLineStart := true
	for {
		if atLineStart {
			p, err := r.Peek(6)
			if err != nil {
				return false
			}
			if string(p) == "WARC/1" || string(p) == "WARC/0" {
				return true
			}
		}
		b, err := r.ReadByte()
		if err != nil {
			return false
		}
		atLineStart = b == '\n'
	}
}

// resyncGzip skips to the next gzip member header, and reports whether
// there is one.
func resyncGzip(r *bufio.Reader) bool {
	// The damaged member's own magic is where reading failed; look past it.
	if _, err := r.ReadByte(); err != nil {
		return false
	}
	for {
		p, err := r.Peek(3)
		if err != nil {
			return false
		}
		if p[0] == 0x1f && p[1] == 0x8b && p[2] == 0x08 {
			return true
		}
		if _, err := r.ReadByte(); err != nil {
			return false
		}
	}
}
