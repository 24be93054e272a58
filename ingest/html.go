package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"

	"github.com/dyad-events/dyad"
)

// parseHTML extracts the article body, title and publication date of an
// HTML page with a readability extractor (the algorithm of Firefox's reader
// view), so navigation, ads and footers do not reach the coder.
func parseHTML(name string, data []byte, opts Options) (*dyad.Document, error) {
	if _, err := checkText(name, data, opts.maxDoc()); err != nil {
		return nil, err
	}
	article, err := readability.FromReader(bytes.NewReader(data), nil)
	if err != nil {
		return nil, &Error{Name: name, Err: fmt.Errorf("extracting article: %w", err)}
	}
	var body strings.Builder
	if article.Node != nil {
		if err := article.RenderText(&body); err != nil {
			return nil, &Error{Name: name, Err: fmt.Errorf("rendering article text: %w", err)}
		}
	}
	text := normaliseParagraphs(body.String())
	if text == "" {
		return nil, &Error{Name: name, Err: fmt.Errorf("%w: no article text found in the page", ErrEmpty)}
	}
	doc := &dyad.Document{ID: docID(name), Title: article.Title(), Text: text}
	doc.Date, doc.DateSource = htmlDate(data, opts.now())
	if doc.Date.IsZero() {
		if t, err := article.PublishedTime(); err == nil {
			if d, ok := plausibleDate(t.Format(time.RFC3339), opts.now()); ok {
				doc.Date, doc.DateSource = d.t, DateFromMeta
			}
		}
	}
	return doc, nil
}

// normaliseParagraphs trims each line and drops runs of blank lines, so that
// every paragraph of the extracted text stands on one line.
func normaliseParagraphs(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
