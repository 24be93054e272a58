package ingest

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/dyad-events/dyad"
)

// minFeedWords is the length below which a feed item's own text is taken
// for a teaser, and the article at its link is fetched instead (for feeds
// read from the web).
const minFeedWords = 80

// feedItem is what dyad reads of an RSS 2.0 or RSS 1.0 item or an Atom
// entry. Elements are matched by local name, so the namespaces feeds
// really use (content:encoded, dc:date, atom:link) all land here.
type feedItem struct {
	Title     feedText   `xml:"title"`
	Links     []feedLink `xml:"link"`
	GUID      string     `xml:"guid"`
	ID        string     `xml:"id"`
	About     string     `xml:"about,attr"` // rdf:about of an RSS 1.0 item
	Encoded   feedText   `xml:"encoded"`    // content:encoded
	Content   feedText   `xml:"content"`    // Atom
	Desc      feedText   `xml:"description"`
	Summary   feedText   `xml:"summary"`
	PubDate   string     `xml:"pubDate"`
	Date      string     `xml:"date"` // dc:date
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
}

// feedText is an element whose text may be HTML: escaped or CDATA text,
// or (Atom type="xhtml") child elements.
type feedText struct {
	Type  string `xml:"type,attr"`
	Text  string `xml:",chardata"`
	Inner string `xml:",innerxml"`
}

func (t feedText) html() string {
	if t.Type == "xhtml" {
		return t.Inner
	}
	return t.Text
}

// feedLink is an RSS <link>URL</link> or an Atom <link href="URL" rel="…"/>.
type feedLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Text string `xml:",chardata"`
}

// link is the item's article URL: the RSS link, or Atom's alternate.
func (it *feedItem) link() string {
	for _, l := range it.Links {
		if u := strings.TrimSpace(l.Text); u != "" {
			return u
		}
	}
	for _, l := range it.Links {
		if l.Href != "" && (l.Rel == "" || l.Rel == "alternate") {
			return strings.TrimSpace(l.Href)
		}
	}
	return ""
}

// date is the item's publication date, or its update date, with its
// precision (a dc:date may be a month or a year).
func (it *feedItem) date() (time.Time, Precision, bool) {
	for _, s := range []string{it.PubDate, it.Published, it.Date, it.Updated} {
		if t, p, ok := parseFeedDate(s); ok {
			return t, p, true
		}
	}
	return time.Time{}, "", false
}

// parseFeedDate reads the date forms of feeds: RFC 822/1123 (RSS), RFC
// 3339 and W3C dates, full or partial (Atom, Dublin Core), through
// ParseDate, then the many variants found in the wild.
func parseFeedDate(s string) (time.Time, Precision, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, "", false
	}
	if t, p, err := ParseDate(s); err == nil {
		return t, p, true
	}
	if t, err := dateparse.ParseAny(s); err == nil {
		return t, PrecisionDay, true
	}
	return time.Time{}, "", false
}

// itemLimit counts the bytes the XML decoder takes from the feed since the
// last reset and fails once they pass the limit, so that one huge item (or
// one huge text between items) cannot be read into memory whole. It is a
// ByteReader, so that the decoder does no buffering of its own and the
// count is exact.
type itemLimit struct {
	r     *bufio.Reader
	n     int
	limit int
}

var errItemTooLarge = errors.New("too large")

func (l *itemLimit) ReadByte() (byte, error) {
	if l.n >= l.limit {
		return 0, errItemTooLarge
	}
	b, err := l.r.ReadByte()
	if err == nil {
		l.n++
	}
	return b, err
}

func (l *itemLimit) Read(p []byte) (int, error) {
	if l.n >= l.limit {
		return 0, errItemTooLarge
	}
	p = p[:min(len(p), l.limit-l.n)]
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

// readFeed reads an RSS, Atom or RSS-1.0 feed item by item, holding one
// item at a time: one document per item. An item's text is its full
// content when the feed carries it; for a feed fetched from the web whose
// items carry only teasers, the article at each item's link is fetched
// (never from a private address; see SourceOptions.AllowPrivate) and
// extracted, falling back to the teaser if that fails. A file that is not
// a feed is reported, as is each item without text, and an item larger
// than the document limit, which ends the feed.
func readFeed(ctx context.Context, name string, br *bufio.Reader, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	// XML markup and entities come on top of an item's text.
	lim := &itemLimit{r: br, limit: opts.maxDoc() + opts.maxDoc()/2 + 64<<10}
	dec := xml.NewDecoder(lim)
	// Feeds in the wild use HTML entities and unclosed tags, and
	// encodings other than UTF-8.
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	fromWeb := isURL(name)
	isFeed := false
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		lim.n = 0
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if !isFeed {
				report(&Error{Name: name, Err: errors.New("not a readable RSS or Atom feed: no <rss>, <feed> or <rdf:RDF> element")})
			}
			return nil
		}
		if err != nil {
			return feedError(name, n+1, lim, err, isFeed, opts, report)
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
		n++
		var it feedItem
		if err := dec.DecodeElement(&it, &se); err != nil {
			return feedError(name, n, lim, err, isFeed, opts, report)
		}
		if err := feedDocument(ctx, name, n, &it, fromWeb, opts, emit, report); err != nil {
			return err
		}
	}
}

// feedError reports why a feed stops being read at its item number item
// (1-based: the item being read, or the one after the last read).
func feedError(name string, item int, lim *itemLimit, err error, isFeed bool, opts SourceOptions, report func(error)) error {
	switch {
	case errors.Is(err, errItemTooLarge) || lim.n >= lim.limit:
		report(&Error{Name: fmt.Sprintf("%s item %d", name, item), Err: fmt.Errorf("%w: more than %d bytes; the rest of the feed is not read", ErrTooLarge, opts.maxDoc())})
	case !isFeed:
		report(&Error{Name: name, Err: fmt.Errorf("not a readable RSS or Atom feed: %w", err)})
	default:
		report(&Error{Name: name, Err: fmt.Errorf("malformed feed at item %d: %w", item, err)})
	}
	return nil
}

// feedDocument emits the document of one item.
func feedDocument(ctx context.Context, name string, n int, it *feedItem, fromWeb bool, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	itemName := fmt.Sprintf("%s item %d", name, n)
	text := htmlText(it.Encoded.html())
	if t := htmlText(it.Content.html()); len(t) > len(text) {
		text = t
	}
	for _, teaser := range []feedText{it.Desc, it.Summary} {
		if t := htmlText(teaser.html()); len(strings.Fields(text)) < len(strings.Fields(t)) {
			text = t
		}
	}
	itemOpts := opts.Options
	if d, p, ok := it.date(); ok {
		// The item's own date outranks a dateline (see finishDate).
		itemOpts.Date, itemOpts.DateSource, itemOpts.DatePrecision = d, DateFromFeed, p
	}
	link := it.link()
	id := strings.TrimSpace(it.GUID)
	for _, alt := range []string{it.ID, it.About, link} {
		if id == "" {
			id = strings.TrimSpace(alt)
		}
	}
	if id == "" {
		id = fmt.Sprintf("%s#%d", name, n)
	}
	title := strings.TrimSpace(htmlText(it.Title.html()))
	if fromWeb && isURL(link) && len(strings.Fields(text)) < minFeedWords {
		got, err := fetchItemLink(ctx, link, itemOpts, title, opts, emit, report)
		if err != nil || got {
			return err
		}
		// The teaser is better than nothing; the link's failure is not
		// the feed's.
	}
	checked, err := checkText(itemName, []byte(text), opts.maxLine())
	if err != nil {
		report(err)
		return nil
	}
	if len(checked) > opts.maxDoc() {
		report(&Error{Name: itemName, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, opts.maxDoc())})
		return nil
	}
	doc := &dyad.Document{ID: id, URL: link, Title: title, Text: checked}
	finishDate(doc, itemOpts)
	return emit(doc)
}

// fetchItemLink fetches and emits the article an item links to; got
// reports whether it did. A link to a private address is reported and not
// fetched.
func fetchItemLink(ctx context.Context, link string, itemOpts Options, title string, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) (got bool, err error) {
	body, _, err := fetch(ctx, opts, link, false)
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		var blocked *BlockedError
		if errors.As(err, &blocked) {
			report(&Error{Name: link, Err: err})
		}
		return false, nil
	}
	defer body.Close()
	data, err := readAll(body, opts.maxDoc())
	if err != nil {
		return false, nil
	}
	sub := opts
	sub.Options = itemOpts
	err = readPage(ctx, link, data, sub, func(d *dyad.Document) error {
		got = true
		if d.Title == "" {
			d.Title = title
		}
		return emit(d)
	}, func(error) {})
	return got, err
}

// htmlText turns an HTML fragment (a feed item's content) into text with
// one paragraph a line. Plain text passes through unchanged.
func htmlText(fragment string) string {
	if !strings.Contains(fragment, "<") && !strings.Contains(fragment, "&") {
		return normaliseParagraphs(fragment)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(fragment))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return normaliseParagraphs(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tn, _ := z.TagName()
			switch string(tn) {
			case "script", "style":
				if t := z.Token(); t.Type == html.StartTagToken {
					skip++
				} else if t.Type == html.EndTagToken && skip > 0 {
					skip--
				}
			case "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article":
				b.WriteByte('\n')
			}
		}
	}
}
