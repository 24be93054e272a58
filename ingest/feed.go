package ingest

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/dyad-events/dyad"
)

// minFeedWords is the length below which a feed item's own text is taken
// for a teaser, and the article at its link is fetched instead (for feeds
// read from the web).
const minFeedWords = 80

// readFeed reads an RSS, Atom or RSS-1.0 feed: one document per item. An
// item's text is its full content when the feed carries it; for a feed
// fetched from the web whose items carry only teasers, the article at each
// item's link is fetched and extracted, falling back to the teaser if that
// fails. A file that is not a feed is reported, as is each item without
// text.
func readFeed(ctx context.Context, name string, br *bufio.Reader, opts SourceOptions, emit func(*dyad.Document) error, report func(error)) error {
	feed, err := gofeed.NewParser().Parse(br)
	if err != nil {
		report(&Error{Name: name, Err: fmt.Errorf("not a readable RSS or Atom feed: %w", err)})
		return nil
	}
	fromWeb := isURL(name)
	for i, item := range feed.Items {
		if err := ctx.Err(); err != nil {
			return err
		}
		itemName := fmt.Sprintf("%s item %d", name, i+1)
		text := htmlText(item.Content)
		if len(strings.Fields(text)) < len(strings.Fields(htmlText(item.Description))) {
			text = htmlText(item.Description)
		}
		itemOpts := opts.Options
		if item.PublishedParsed != nil {
			itemOpts.Date, itemOpts.DateSource = *item.PublishedParsed, DateFromFeed
		} else if item.UpdatedParsed != nil {
			itemOpts.Date, itemOpts.DateSource = *item.UpdatedParsed, DateFromFeed
		}
		id := item.GUID
		if id == "" {
			id = item.Link
		}
		if id == "" {
			id = fmt.Sprintf("%s#%d", name, i+1)
		}
		if fromWeb && isURL(item.Link) && len(strings.Fields(text)) < minFeedWords {
			body, _, err := fetch(ctx, opts.client(), item.Link)
			if err == nil {
				sub := opts
				sub.Options = itemOpts
				var got bool
				err = readPage(ctx, item.Link, body, sub, func(d *dyad.Document) error {
					got = true
					if d.Title == "" {
						d.Title = item.Title
					}
					return emit(d)
				}, func(error) {})
				if err != nil {
					return err
				}
				if got {
					continue
				}
			} else if ctx.Err() != nil {
				return ctx.Err()
			}
			// The teaser is better than nothing; the link's failure is not
			// the feed's.
		}
		checked, err := checkText(itemName, []byte(text), opts.maxLine())
		if err != nil {
			report(err)
			continue
		}
		doc := &dyad.Document{ID: id, URL: item.Link, Title: strings.TrimSpace(item.Title), Text: checked}
		finishDate(doc, itemOpts)
		if err := emit(doc); err != nil {
			return err
		}
	}
	return nil
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
