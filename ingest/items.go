package ingest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// FeedItem is one entry of an RSS or Atom feed, read without fetching
// anything: what dyad watch needs to decide whether to take it.
type FeedItem struct {
	Link  string    // the article's URL
	ID    string    // guid or id
	Title string    // the item's title
	Date  time.Time // publication (or update) date; zero if none
	// DatePrecision says whether Date is a day or the first day of a
	// month or year the feed gave alone (see ParseDate).
	DatePrecision Precision
	// Text is the item's own text, one paragraph a line: its full
	// content, or its description when that is longer.
	Text string
}

// FeedItems reads the items of an RSS 2.0, RSS 1.0 or Atom feed.
func FeedItems(r io.Reader) ([]FeedItem, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	isFeed := false
	var items []FeedItem
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if !isFeed {
				return nil, errors.New("not a readable RSS or Atom feed: no <rss>, <feed> or <rdf:RDF> element")
			}
			return items, nil
		}
		if err != nil {
			return items, fmt.Errorf("malformed feed after item %d: %w", len(items), err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "rss", "feed", "RDF":
			isFeed = true
			continue
		case "item", "entry":
			if !isFeed {
				continue
			}
		default:
			continue
		}
		var it feedItem
		if err := dec.DecodeElement(&it, &se); err != nil {
			return items, fmt.Errorf("malformed feed at item %d: %w", len(items)+1, err)
		}
		text := htmlText(it.Encoded.html())
		if t := htmlText(it.Content.html()); len(t) > len(text) {
			text = t
		}
		for _, teaser := range []feedText{it.Desc, it.Summary} {
			if t := htmlText(teaser.html()); len(strings.Fields(text)) < len(strings.Fields(t)) {
				text = t
			}
		}
		fi := FeedItem{Link: it.link(), ID: strings.TrimSpace(it.GUID), Title: strings.TrimSpace(htmlText(it.Title.html())), Text: text}
		if fi.ID == "" {
			fi.ID = strings.TrimSpace(it.ID)
		}
		if d, p, ok := it.date(); ok {
			fi.Date, fi.DatePrecision = d, p
		}
		items = append(items, fi)
	}
}
