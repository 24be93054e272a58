package watch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/sqlite"
)

// site is a news site on loopback: feeds, articles and a robots.txt, with
// a count of the requests each path received and the conditional headers
// of the last feed request.
type site struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	hits   map[string]int
	files  map[string]string // path → body
	etag   string            // ETag of /feed.xml, "" for none
	status map[string]int    // path → forced status
	lastIf string            // If-None-Match of the last feed request
	ua     string
}

func newSite(t *testing.T) *site {
	s := &site{t: t, hits: map[string]int{}, files: map[string]string{}, status: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[r.URL.Path]++
	if code := s.status[r.URL.Path]; code != 0 {
		w.WriteHeader(code)
		return
	}
	body, ok := s.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if strings.HasSuffix(r.URL.Path, ".xml") {
		s.lastIf = r.Header.Get("If-None-Match")
		s.ua = r.Header.Get("User-Agent")
		if s.etag != "" {
			w.Header().Set("ETag", s.etag)
			if r.Header.Get("If-None-Match") == s.etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("Content-Type", "application/rss+xml")
	} else {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	fmt.Fprint(w, body)
}

func (s *site) set(path, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = body
}

func (s *site) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *site) url(path string) string { return s.srv.URL + path }

// rss is a feed whose items are teasers linking to the given paths.
func (s *site) rss(paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`)
	for i, p := range paths {
		fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s</link><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><description>A short teaser.</description></item>`, i+1, s.url(p))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func article(n int) string {
	return fmt.Sprintf(`<html><head><title>Story %d</title></head><body><article><h1>Story %d</h1>
<p>Egypt hosted talks between Israel and Hamas in Cairo on Sunday, officials said, as mediators pressed for a ceasefire in Gaza (report %d).</p>
<p>Qatar's foreign minister met the Israeli delegation later in the day and urged both sides to accept the proposal before the end of the week.</p>
</article></body></html>`, n, n, n)
}

// sink collects documents; Flush makes the added ones visible.
type sink struct {
	pending, flushed []*dyad.Document
}

func (k *sink) Add(_ context.Context, d *dyad.Document) error {
	k.pending = append(k.pending, d)
	return nil
}

func (k *sink) Flush(context.Context) error {
	k.flushed = append(k.flushed, k.pending...)
	k.pending = nil
	return nil
}

// clock is a test clock that only moves when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock               { return &clock{t: time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC)} }
func openState(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newWatcher(t *testing.T, feeds []Feed, state dyad.FeedStore, c *clock) (*Watcher, *sink) {
	k := &sink{}
	return &Watcher{Feeds: feeds, State: state, Sink: k, AllowPrivate: true, Now: c.now, MaxBackoff: time.Hour}, k
}

func poll(t *testing.T, w *Watcher) {
	t.Helper()
	if _, err := w.PollDue(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func feedState(t *testing.T, st dyad.FeedStore, url string) dyad.FeedState {
	t.Helper()
	s, ok, err := st.FeedState(context.Background(), url)
	if err != nil || !ok {
		t.Fatalf("state of %s: %v (known: %v)", url, err, ok)
	}
	return s
}

func TestAnUnchangedFeedCostsA304AndTakesNothing(t *testing.T) {
	s := newSite(t)
	s.set("/feed.xml", s.rss("/a/1.html", "/a/2.html"))
	s.set("/a/1.html", article(1))
	s.set("/a/2.html", article(2))
	s.etag = `"v1"`
	c := newClock()
	state := openState(t, filepath.Join(t.TempDir(), "dyad.db"))
	w, k := newWatcher(t, []Feed{{URL: s.url("/feed.xml"), Every: 10 * time.Minute}}, state, c)
	poll(t, w)
	if len(k.flushed) != 2 || k.flushed[0].URL != s.url("/a/1.html") || !strings.Contains(k.flushed[0].Text, "Egypt hosted talks") {
		t.Fatalf("first poll took %d documents, want the two articles: %+v", len(k.flushed), k.flushed)
	}
	if !strings.HasPrefix(s.ua, "dyad-watch/") {
		t.Errorf("User-Agent %q does not name dyad", s.ua)
	}
	c.add(10 * time.Minute)
	poll(t, w)
	if s.lastIf != `"v1"` {
		t.Errorf("the second poll sent If-None-Match %q, want the ETag \"v1\"", s.lastIf)
	}
	if got := feedState(t, state, s.url("/feed.xml")); got.LastStatus != http.StatusNotModified || got.Documents != 2 || got.Failures != 0 {
		t.Errorf("state after the 304: %+v", got)
	}
	if len(k.flushed) != 2 || s.hit("/a/1.html") != 1 {
		t.Errorf("after the 304: %d documents and article 1 fetched %d times, want 2 and 1", len(k.flushed), s.hit("/a/1.html"))
	}
}

func TestAFailingFeedBacksOffWhileTheOthersGoOn(t *testing.T) {
	s := newSite(t)
	s.set("/good.xml", s.rss("/g/1.html"))
	s.set("/g/1.html", article(1))
	s.status["/bad.xml"] = http.StatusInternalServerError
	c := newClock()
	state := openState(t, filepath.Join(t.TempDir(), "dyad.db"))
	every := 10 * time.Minute
	w, k := newWatcher(t, []Feed{{URL: s.url("/bad.xml"), Every: every}, {URL: s.url("/good.xml"), Every: every}}, state, c)
	poll(t, w)
	if len(k.flushed) != 1 {
		t.Fatalf("took %d documents, want the good feed's one", len(k.flushed))
	}
	bad := feedState(t, state, s.url("/bad.xml"))
	if bad.Failures != 1 || bad.LastStatus != 500 || !strings.Contains(bad.LastError, "500") || !bad.NextPoll.Equal(c.t.Add(2*every)) {
		t.Errorf("bad feed after one failure: %+v, want 1 failure and the next poll in %s", bad, 2*every)
	}
	// At the good feed's interval the bad one is still waiting.
	c.add(every)
	poll(t, w)
	if n := s.hit("/bad.xml"); n != 1 {
		t.Errorf("the failing feed was asked %d times within its backoff, want 1", n)
	}
	c.add(every)
	poll(t, w)
	if bad = feedState(t, state, s.url("/bad.xml")); bad.Failures != 2 || !bad.NextPoll.Equal(c.t.Add(4*every)) {
		t.Errorf("bad feed after two failures: %+v, want the wait doubled to %s", bad, 4*every)
	}
	// It recovers: the wait goes back to the interval.
	delete(s.status, "/bad.xml")
	s.set("/bad.xml", s.rss())
	c.add(4 * every)
	poll(t, w)
	if bad = feedState(t, state, s.url("/bad.xml")); bad.Failures != 0 || bad.LastError != "" || !bad.NextPoll.Equal(c.t.Add(every)) {
		t.Errorf("bad feed after recovering: %+v", bad)
	}
}

func TestRobotsTxtIsObeyed(t *testing.T) {
	s := newSite(t)
	s.set("/robots.txt", "User-agent: *\nDisallow: /private/\n\nUser-agent: dyad\nDisallow: /private/\nDisallow: /news/secret\n")
	s.set("/private/feed.xml", s.rss("/news/1.html"))
	s.set("/news/feed.xml", s.rss("/news/1.html", "/news/secret.html"))
	s.set("/news/1.html", article(1))
	s.set("/news/secret.html", article(2))
	c := newClock()
	state := openState(t, filepath.Join(t.TempDir(), "dyad.db"))
	w, k := newWatcher(t, []Feed{{URL: s.url("/private/feed.xml"), Every: time.Hour}, {URL: s.url("/news/feed.xml"), Every: time.Hour}}, state, c)
	poll(t, w)
	if n := s.hit("/private/feed.xml"); n != 0 {
		t.Errorf("a feed robots.txt forbids was fetched %d times", n)
	}
	if st := feedState(t, state, s.url("/private/feed.xml")); !strings.Contains(st.LastError, "robots.txt forbids") || st.Failures != 1 {
		t.Errorf("forbidden feed's state %+v, want a robots.txt failure", st)
	}
	if n := s.hit("/news/secret.html"); n != 0 {
		t.Errorf("an article robots.txt forbids was fetched %d times", n)
	}
	if len(k.flushed) != 1 || k.flushed[0].URL != s.url("/news/1.html") {
		t.Errorf("took %+v, want only the allowed article", k.flushed)
	}
	if n := s.hit("/robots.txt"); n != 1 {
		t.Errorf("robots.txt was read %d times in one round, want once", n)
	}
}

func TestARestartedWatcherResumesWhereItStopped(t *testing.T) {
	s := newSite(t)
	s.set("/feed.xml", s.rss("/a/1.html", "/a/2.html"))
	s.set("/a/1.html", article(1))
	s.set("/a/2.html", article(2))
	s.set("/a/3.html", article(3))
	path := filepath.Join(t.TempDir(), "dyad.db")
	c := newClock()
	feeds := []Feed{{URL: s.url("/feed.xml"), Every: 30 * time.Minute}}
	first, k1 := newWatcher(t, feeds, openState(t, path), c)
	poll(t, first)
	if len(k1.flushed) != 2 {
		t.Fatalf("first watcher took %d documents, want 2", len(k1.flushed))
	}
	// A new watcher on the same store, a few minutes later: nothing is due.
	c.add(5 * time.Minute)
	second, k2 := newWatcher(t, feeds, openState(t, path), c)
	next, err := second.PollDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if s.hit("/feed.xml") != 1 || !next.Equal(c.t.Add(25*time.Minute)) {
		t.Errorf("restarted watcher: feed asked %d times, next poll %s; want 1 and in 25m", s.hit("/feed.xml"), next.Sub(c.t))
	}
	// When due, only the new article is fetched.
	s.set("/feed.xml", s.rss("/a/3.html", "/a/1.html", "/a/2.html"))
	c.add(25 * time.Minute)
	poll(t, second)
	if len(k2.flushed) != 1 || k2.flushed[0].URL != s.url("/a/3.html") {
		t.Errorf("restarted watcher took %+v, want only article 3", k2.flushed)
	}
	for _, p := range []string{"/a/1.html", "/a/2.html", "/a/3.html"} {
		if n := s.hit(p); n != 1 {
			t.Errorf("%s fetched %d times, want once", p, n)
		}
	}
}

func TestSitemapsAndFullTextFeeds(t *testing.T) {
	s := newSite(t)
	s.set("/sitemap.xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>`+s.url("/s/1.html")+`</loc><news:news><news:publication_date>2025-03-01</news:publication_date><news:title>Talks</news:title></news:news></url>
<url><loc>`+s.url("/s/2.html")+`</loc><lastmod>2025-03-02T08:00:00Z</lastmod></url></urlset>`)
	s.set("/s/1.html", article(1))
	s.set("/s/2.html", article(2))
	long := strings.Repeat("Egypt hosted talks between Israel and Hamas in Cairo on Sunday, officials said. ", 8)
	s.set("/full.xml", `<?xml version="1.0"?><rss version="2.0"><channel><item><guid>urn:story:9</guid><title>Full</title><description>`+long+`</description></item></channel></rss>`)
	c := newClock()
	state := openState(t, filepath.Join(t.TempDir(), "dyad.db"))
	w, k := newWatcher(t, []Feed{{URL: s.url("/sitemap.xml"), Every: time.Hour}, {URL: s.url("/full.xml"), Every: time.Hour}}, state, c)
	poll(t, w)
	if len(k.flushed) != 3 {
		t.Fatalf("took %d documents, want 2 from the sitemap and 1 from the full-text feed", len(k.flushed))
	}
	if d := k.flushed[0]; d.Date.Format(time.DateOnly) != "2025-03-01" {
		t.Errorf("sitemap article dated %s, want its news publication date", d.Date)
	}
	if d := k.flushed[2]; d.ID != "urn:story:9" || d.URL != "" || !strings.Contains(d.Text, "Egypt hosted") {
		t.Errorf("full-text item: %+v", d)
	}
}

func TestFeedsFile(t *testing.T) {
	tests := []struct {
		name, text, want, err string
	}{
		{"urls with and without intervals", "# news\nhttps://a.example/rss 5m\n\nhttp://b.example/atom.xml\n", "[{https://a.example/rss 5m0s} {http://b.example/atom.xml 15m0s}]", ""},
		{"a bad interval names its line", "https://a.example/rss\nhttps://b.example/rss soon\n", "", "feeds.txt:2: interval \"soon\""},
		{"a file URL is refused", "file:///etc/passwd\n", "", "feeds.txt:1: \"file:///etc/passwd\" is not an http(s) URL"},
		{"a repeated feed is refused", "https://a.example/rss\nhttps://a.example/rss 1h\n", "", "feeds.txt:2: https://a.example/rss is already on line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feeds, err := ParseFeeds(strings.NewReader(tt.text), "feeds.txt", 15*time.Minute)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || fmt.Sprint(feeds) != tt.want {
				t.Errorf("got %v, %v; want %s", feeds, err, tt.want)
			}
		})
	}
}

func TestRobotsRules(t *testing.T) {
	rb := parseRobots(strings.NewReader("User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /private\nAllow: /private/open\nDisallow: /*.pdf$\nDisallow: /search?\n"), "dyad")
	tests := []struct {
		path string
		want bool
	}{
		{"/", true}, {"/news/1.html", true}, {"/private", false}, {"/private/x", false}, {"/private/open/1", true},
		{"/doc.pdf", false}, {"/doc.pdf?x=1", true}, {"/search?q=iran", false}, {"/searching", true},
	}
	for _, tt := range tests {
		if got := rb.allowed(tt.path); got != tt.want {
			t.Errorf("allowed(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
