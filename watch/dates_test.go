package watch

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/dyad-events/dyad/ingest"
)

// Sitemaps write W3C dates: a time without seconds, a month or a year.
// The first used to be refused (only RFC 3339 and YYYY-MM-DD were read)
// and the others taken as days with no word.
func TestSitemapDatesAreReadInW3CFormsWithTheirPrecision(t *testing.T) {
	body := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a</loc><news:news><news:publication_date>2025-06-15T10:00+01:00</news:publication_date><news:title>A</news:title></news:news></url>
<url><loc>https://news.example/b</loc><lastmod>2013-10</lastmod></url>
<url><loc>https://news.example/c</loc><lastmod>2013</lastmod></url>
</urlset>`)
	items, err := parseItems(body)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2025-06-15 day", "2013-10-01 month", "2013-01-01 year"}
	if len(items) != len(want) {
		t.Fatalf("%d items, want %d", len(items), len(want))
	}
	for i, it := range items {
		if got := it.date.Format(time.DateOnly) + " " + string(it.precision); got != want[i] {
			t.Errorf("%s dated %q, want %q", it.link, got, want[i])
		}
	}
	if items[1].precision != ingest.PrecisionMonth {
		t.Errorf("precision %q", items[1].precision)
	}
}

// A watched feed's item date is the feed's statement, as when dyad
// ingest reads a feed file: it is recorded as "feed" (it used to be
// recorded as the user's --date), with a partial date marked as one.
func TestWatchedItemsAreDatedFromTheFeed(t *testing.T) {
	s := newSite(t)
	s.set("/feed.xml", s.rss("/a.html"))
	s.set("/a.html", article(1))
	s.set("/sitemap.xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>`+s.url("/b.html")+`</loc><lastmod>2025-02</lastmod></url></urlset>`)
	s.set("/b.html", article(2))
	c := newClock()
	state := openState(t, filepath.Join(t.TempDir(), "dyad.db"))
	w, k := newWatcher(t, []Feed{{URL: s.url("/feed.xml"), Every: time.Hour}, {URL: s.url("/sitemap.xml"), Every: time.Hour}}, state, c)
	poll(t, w)
	got := map[string]string{}
	for _, d := range k.flushed {
		got[d.URL] = d.Date.Format(time.DateOnly) + " " + d.DateSource
	}
	want := map[string]string{s.url("/a.html"): "2025-03-04 feed", s.url("/b.html"): "2025-02-01 feed:month"}
	for u, w := range want {
		if got[u] != w {
			t.Errorf("%s dated %q, want %q", u, got[u], w)
		}
	}
}
