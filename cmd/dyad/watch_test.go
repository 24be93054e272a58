package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dyad-events/dyad/internal/natstest"
	"github.com/dyad-events/dyad/store/storetest"
)

// newsSite serves a feed of two teasers and their articles on loopback,
// counting the article requests.
func newsSite(t *testing.T) (feedURL string, articleHits *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("ETag", `"1"`)
			if r.Header.Get("If-None-Match") == `"1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>Talks</title><link>%[1]s/a/1</link><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><description>Teaser.</description></item>
<item><title>Strikes</title><link>%[1]s/a/2</link><pubDate>Wed, 05 Mar 2025 10:00:00 GMT</pubDate><description>Teaser.</description></item>
</channel></rss>`, srv.URL)
		case strings.HasPrefix(r.URL.Path, "/a/"):
			hits.Add(1)
			w.Header().Set("Content-Type", "text/html")
			texts := map[string]string{
				"/a/1": "Egypt hosted talks between Israel and Hamas in Cairo on Sunday, officials said.",
				"/a/2": "Russia launched missile strikes on Ukraine on Tuesday, hitting power stations in Kyiv.",
			}
			fmt.Fprintf(w, "<html><body><article><p>%s</p><p>Mediators said more meetings were planned for the coming week.</p></article></body></html>", texts[r.URL.Path])
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/feed.xml", &hits
}

func TestWatchOnceStoresAFeedsArticlesAndResumes(t *testing.T) {
	feed, hits := newsSite(t)
	feeds := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(feeds, []byte("# loopback test feed\n"+feed+" 1s\n"), 0o644)
	db := storetest.SQLiteURL(t)
	for run := 1; run <= 2; run++ {
		code, _, stderr := dyadRun(t, "watch", "--once", "--allow-private", "--feeds", feeds, "--db", db)
		if code != 0 {
			t.Fatalf("watch run %d: exit %d\n%s", run, code, stderr)
		}
		if st := storeStats(t, db); st.Documents != 2 {
			t.Fatalf("after watch run %d: %+v, want the 2 articles", run, st)
		}
	}
	// The second run found the feed unchanged (304) or not yet due: the
	// articles were fetched once each.
	if n := hits.Load(); n != 2 {
		t.Errorf("articles fetched %d times, want 2", n)
	}
}

func TestWatchOnceQueuesAFeedsArticles(t *testing.T) {
	natstest.Require(t)
	feed, _ := newsSite(t)
	feeds := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(feeds, []byte(feed+"\n"), 0o644)
	cluster := natstest.Start(t)
	db := storetest.SQLiteURL(t)
	code, _, stderr := dyadRun(t, "watch", "--once", "--allow-private", "--feeds", feeds, "--db", db, "--queue", cluster.URL())
	if code != 0 {
		t.Fatalf("watch: exit %d\n%s", code, stderr)
	}
	if st := readQueue(t, "--queue", cluster.URL()); st.Pending != 2 {
		t.Errorf("queue %+v, want the 2 articles pending", st)
	}
	if st := storeStats(t, db); st.Documents != 0 {
		t.Errorf("the store holds %d documents; with --queue the workers store them", st.Documents)
	}
}
