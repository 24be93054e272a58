// Package watch polls news feeds (RSS, Atom) and sitemaps for ever and
// hands each new article to a sink: the store (code and save) or the
// document queue (for workers). It asks each feed again only when its
// interval has passed, with the validators of its last answer (ETag,
// Last-Modified) so that an unchanged feed costs a 304; it obeys
// robots.txt and names itself in its User-Agent; it waits longer after
// each failure of a feed; and it never fetches an article URL it took
// before. What it knows of each feed, and the URLs it took, live in the
// store, so a restarted watcher resumes where it stopped.
package watch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ingest"
)

// Feed is one watched feed or sitemap and how often to poll it.
type Feed struct {
	URL   string
	Every time.Duration
}

// ParseFeeds reads a feeds file: one feed a line, its URL and optionally
// its interval ("https://example.org/rss.xml 10m"); blank lines and lines
// starting with # are skipped. Feeds without an interval get def.
func ParseFeeds(r io.Reader, name string, def time.Duration) ([]Feed, error) {
	var feeds []Feed
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		u, err := url.Parse(fields[0])
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%s:%d: %q is not an http(s) URL", name, n, fields[0])
		}
		f := Feed{URL: fields[0], Every: def}
		switch len(fields) {
		case 1:
		case 2:
			d, err := time.ParseDuration(fields[1])
			if err != nil || d < time.Second {
				return nil, fmt.Errorf("%s:%d: interval %q: want a duration of a second or more, as 10m or 1h", name, n, fields[1])
			}
			f.Every = d
		default:
			return nil, fmt.Errorf("%s:%d: want a URL and an optional interval, got %d fields", name, n, len(fields))
		}
		if first, dup := seen[f.URL]; dup {
			return nil, fmt.Errorf("%s:%d: %s is already on line %d", name, n, f.URL, first)
		}
		seen[f.URL] = n
		feeds = append(feeds, f)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return feeds, nil
}

// Sink takes the documents found; Flush makes them durable (stored or
// queued) before the watcher records their URLs as seen.
type Sink interface {
	Add(ctx context.Context, doc *dyad.Document) error
	Flush(ctx context.Context) error
}

// Defaults of a Watcher.
const (
	// UserAgent names dyad to the sites it polls; robotsAgent is the
	// product token robots.txt groups are matched against.
	UserAgent   = "dyad-watch/1 (political event coder; +https://github.com/dyad-events/dyad)"
	robotsAgent = "dyad"
	// DefaultMaxBackoff bounds the wait after repeated failures.
	DefaultMaxBackoff = 6 * time.Hour
	// minItemWords is the length below which a feed item's own text is
	// taken for a teaser, and the article at its link is fetched.
	minItemWords = 80
	// maxFeedBytes bounds one feed or sitemap.
	maxFeedBytes = 16 << 20
)

// Watcher polls feeds. Set the exported fields, then call Run (or
// PollDue, for one round).
type Watcher struct {
	Feeds []Feed
	State dyad.FeedStore
	Sink  Sink
	// AllowPrivate lets article links found in feeds reach loopback and
	// private addresses (see ingest.SourceOptions.AllowPrivate). The
	// feeds themselves, named by the operator, may be anywhere.
	AllowPrivate bool
	// MaxBackoff bounds the wait after failures; zero means
	// DefaultMaxBackoff.
	MaxBackoff time.Duration
	// Now is the clock; nil means time.Now. Tests move it.
	Now func() time.Time
	// Client fetches feeds and robots.txt; nil means ingest's guarded
	// client (a feed's own URL may be anywhere; its redirects and the
	// robots.txt of article hosts only public, unless AllowPrivate).
	Client *http.Client
	Log    *slog.Logger
	// Polled, if set, is told the outcome of each poll.
	Polled func(feed string, status int, docs int, err error)

	robots *robotsCache
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Watcher) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (w *Watcher) client() *http.Client {
	if w.Client != nil {
		return w.Client
	}
	return ingest.NewClient(w.AllowPrivate)
}

func (w *Watcher) init() {
	if w.robots == nil {
		w.robots = &robotsCache{client: w.client(), agent: robotsAgent, ua: UserAgent, ttl: time.Hour, hosts: map[string]robotsEntry{}}
	}
}

// Run polls the feeds until ctx ends, sleeping until the next one is due.
func (w *Watcher) Run(ctx context.Context) error {
	for {
		next, err := w.PollDue(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		wait := min(max(next.Sub(w.now()), time.Second), time.Minute)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// PollDue polls every feed that is due, one after another, and returns
// when the next feed is due. A feed's failure is recorded in its state,
// not returned: only the store or the sink failing is an error.
func (w *Watcher) PollDue(ctx context.Context) (next time.Time, err error) {
	w.init()
	for _, f := range w.Feeds {
		st, _, err := w.State.FeedState(ctx, f.URL)
		if err != nil {
			return next, err
		}
		if st.NextPoll.After(w.now()) {
			if next.IsZero() || st.NextPoll.Before(next) {
				next = st.NextPoll
			}
			continue
		}
		st, err = w.poll(ctx, f, st)
		if err != nil {
			return next, err
		}
		if next.IsZero() || st.NextPoll.Before(next) {
			next = st.NextPoll
		}
	}
	return next, nil
}

// poll polls one feed and saves its new state.
func (w *Watcher) poll(ctx context.Context, f Feed, st dyad.FeedState) (dyad.FeedState, error) {
	st.URL = f.URL
	st.LastPoll = w.now()
	status, docs, err := w.fetchFeed(ctx, f, &st)
	if ctx.Err() != nil {
		return st, ctx.Err()
	}
	var sinkErr *sinkError
	if errors.As(err, &sinkErr) {
		return st, sinkErr.err
	}
	st.LastStatus = status
	if err != nil {
		st.Failures++
		st.LastError = err.Error()
		maxWait := w.MaxBackoff
		if maxWait <= 0 {
			maxWait = DefaultMaxBackoff
		}
		wait := f.Every << min(st.Failures, 20)
		st.NextPoll = st.LastPoll.Add(min(wait, max(maxWait, f.Every)))
		w.log().Warn("feed failed", "feed", f.URL, "failures", st.Failures, "next", st.NextPoll, "err", err)
	} else {
		st.Failures, st.LastError = 0, ""
		st.NextPoll = st.LastPoll.Add(f.Every)
		st.Documents += docs
		w.log().Info("feed polled", "feed", f.URL, "status", status, "documents", docs)
	}
	if w.Polled != nil {
		w.Polled(f.URL, status, docs, err)
	}
	if err := w.State.SaveFeedState(ctx, st); err != nil {
		return st, err
	}
	return st, nil
}

// sinkError marks a failure of the sink or the store, which stops the
// watcher, from a feed's own failures, which only delay that feed.
type sinkError struct{ err error }

func (e *sinkError) Error() string { return e.err.Error() }

// fetchFeed asks for a feed with its validators and, on a full answer,
// takes its new articles. It returns the HTTP status and the documents
// handed to the sink.
func (w *Watcher) fetchFeed(ctx context.Context, f Feed, st *dyad.FeedState) (int, int, error) {
	// The operator named the feed: it and its host's robots.txt may be
	// anywhere; their redirects, and article links, only public.
	if u, err := url.Parse(f.URL); err == nil {
		ctx = ingest.Explicitly(ctx, f.URL, u.Scheme+"://"+u.Host+"/robots.txt")
	}
	if err := w.robots.check(ctx, f.URL); err != nil {
		return 0, 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if st.ETag != "" {
		req.Header.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		req.Header.Set("If-Modified-Since", st.LastModified)
	}
	resp, err := w.client().Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return resp.StatusCode, 0, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, 0, fmt.Errorf("HTTP %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxFeedBytes+1))
	if err != nil {
		return resp.StatusCode, 0, fmt.Errorf("reading: %w", err)
	}
	if len(body) > maxFeedBytes {
		return resp.StatusCode, 0, fmt.Errorf("larger than %d bytes", maxFeedBytes)
	}
	items, err := parseItems(body)
	if err != nil {
		return resp.StatusCode, 0, err
	}
	n, err := w.take(ctx, f, items)
	if err != nil {
		return resp.StatusCode, n, err
	}
	// Remember the validators only once the articles are safely taken,
	// so that a failure asks for the whole feed again.
	st.ETag, st.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	return resp.StatusCode, n, nil
}

// item is one entry of a feed or sitemap.
type item struct {
	link  string
	id    string
	title string
	date  time.Time
	// precision says whether date is a day or the first day of a month
	// or year the feed or sitemap gave alone.
	precision ingest.Precision
	text      string // the item's own text (content or description), if any
}

// key is what the item is remembered by: its link, or its id.
func (it item) key() string {
	if it.link != "" {
		return it.link
	}
	return it.id
}

// parseItems reads an RSS or Atom feed, or a sitemap (a urlset of pages,
// with the news extension's dates and titles when present).
func parseItems(body []byte) ([]item, error) {
	head := body[:min(len(body), 1024)]
	if bytes.Contains(head, []byte("<urlset")) {
		return parseSitemap(body)
	}
	if bytes.Contains(head, []byte("<sitemapindex")) {
		return nil, errors.New("a sitemap index: list its sitemaps in the feeds file instead")
	}
	feedItems, err := ingest.FeedItems(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var items []item
	for _, fi := range feedItems {
		it := item{link: fi.Link, id: fi.ID, title: fi.Title, date: fi.Date, precision: fi.DatePrecision, text: fi.Text}
		if it.key() != "" {
			items = append(items, it)
		}
	}
	return items, nil
}

// sitemap is the part of a sitemap dyad reads.
type sitemap struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    struct {
			Date  string `xml:"publication_date"`
			Title string `xml:"title"`
		} `xml:"news"`
	} `xml:"url"`
}

func parseSitemap(body []byte) ([]item, error) {
	var sm sitemap
	if err := xml.Unmarshal(body, &sm); err != nil {
		return nil, fmt.Errorf("not a readable sitemap: %w", err)
	}
	var items []item
	for _, u := range sm.URLs {
		it := item{link: strings.TrimSpace(u.Loc), title: strings.TrimSpace(u.News.Title)}
		// Sitemaps give W3C dates: a day, a time without seconds, a
		// month or a year.
		for _, d := range []string{u.News.Date, u.LastMod} {
			if t, p, err := ingest.ParseDate(d); err == nil {
				it.date, it.precision = t, p
				break
			}
		}
		if it.link != "" {
			items = append(items, it)
		}
	}
	return items, nil
}

// take hands the feed's unseen items to the sink (their own text when it
// is a full article, the page at their link otherwise), flushes the sink
// and records the items as seen. Articles that cannot be had are logged
// and not marked seen, so a later poll tries them again.
func (w *Watcher) take(ctx context.Context, f Feed, items []item) (int, error) {
	keys := make([]string, 0, len(items))
	for _, it := range items {
		keys = append(keys, it.key())
	}
	seen, err := w.State.SeenURLs(ctx, keys)
	if err != nil {
		return 0, &sinkError{err}
	}
	var taken []string
	docs := 0
	for _, it := range items {
		k := it.key()
		if seen[k] {
			continue
		}
		seen[k] = true // an item listed twice is taken once
		n, err := w.takeItem(ctx, it)
		if err != nil {
			var se *sinkError
			if errors.As(err, &se) || ctx.Err() != nil {
				return docs, err
			}
			w.log().Warn("article not taken", "feed", f.URL, "item", k, "err", err)
			continue
		}
		docs += n
		taken = append(taken, k)
	}
	if err := w.Sink.Flush(ctx); err != nil {
		return docs, &sinkError{fmt.Errorf("storing the articles of %s: %w", f.URL, err)}
	}
	if err := w.State.MarkSeen(ctx, f.URL, taken); err != nil {
		return docs, &sinkError{err}
	}
	return docs, nil
}

// takeItem makes the documents of one item.
func (w *Watcher) takeItem(ctx context.Context, it item) (int, error) {
	// The item's own date is the feed's statement: it outranks a
	// dateline in the article, as when ingest reads a feed file.
	opts := ingest.Options{Date: it.date, DateSource: ingest.DateFromFeed, DatePrecision: it.precision}
	var docs []*dyad.Document
	var problems []error
	collect := func(d *dyad.Document) error {
		if d.Title == "" {
			d.Title = it.title
		}
		if d.URL == "" {
			d.URL = it.link
		}
		docs = append(docs, d)
		return nil
	}
	report := func(err error) { problems = append(problems, err) }
	if it.date.IsZero() {
		opts.DateSource = ""
	}
	textOpts := opts
	textOpts.Format = "text"
	if len(strings.Fields(it.text)) >= minItemWords || it.link == "" {
		// The feed carries the article.
		named := func(d *dyad.Document) error {
			d.ID = it.key()
			return collect(d)
		}
		if err := ingest.Read(ctx, it.key(), strings.NewReader(it.text), textOpts, named, report); err != nil {
			return 0, err
		}
	} else {
		if err := w.robots.check(ctx, it.link); err != nil {
			return 0, err
		}
		// The link was found in the feed: only public addresses.
		if err := ingest.ReadSource(ctx, it.link, ingest.SourceOptions{Options: opts, AllowPrivate: w.AllowPrivate, FoundInContent: true}, collect, report); err != nil {
			return 0, err
		}
	}
	if len(docs) == 0 {
		if len(problems) > 0 {
			return 0, problems[0]
		}
		return 0, fmt.Errorf("%s: no article text", it.key())
	}
	for _, d := range docs {
		if err := w.Sink.Add(ctx, d); err != nil {
			return 0, &sinkError{err}
		}
	}
	return len(docs), nil
}
