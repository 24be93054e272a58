package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dyad-events/dyad"
)

// collect reads one source and returns its documents and problem reports.
func collect(t *testing.T, name string, opts SourceOptions) ([]*dyad.Document, []string) {
	t.Helper()
	var docs []*dyad.Document
	var problems []string
	err := ReadSource(context.Background(), name, opts, func(d *dyad.Document) error {
		docs = append(docs, d)
		return nil
	}, func(err error) { problems = append(problems, err.Error()) })
	if err != nil {
		t.Fatalf("ReadSource(%s): %v", name, err)
	}
	return docs, problems
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// warcRecord builds one WARC/1.1 record by hand, so the tests check the
// reader against the format rather than against the library's writer.
func warcRecordBytes(typ, uri, contentType, block string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%08d-0000-4000-8000-000000000000>\r\n", typ, len(block)+len(uri))
	fmt.Fprintf(&b, "WARC-Date: 2024-03-01T10:00:00Z\r\n")
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
	}
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", contentType, len(block), block)
	return b.String()
}

func httpResponse(contentType, body string) string {
	return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body
}

const article = `<html><head><title>Strikes on Kyiv</title></head><body><nav>Home | World</nav>
<article><h1>Strikes on Kyiv</h1><p>Russia launched missile strikes on Ukraine on Tuesday, hitting power stations in several regions, officials said.</p>
<p>The air force said it shot down most of the missiles over the capital before dawn, and repair crews worked through the day.</p>
<p>President Zelensky asked Western allies for more air defence systems after the attack on energy infrastructure.</p></article>
<footer>Copyright</footer></body></html>`

func sampleWARC() string {
	return warcRecordBytes("warcinfo", "", "application/warc-fields", "software: dyad test\r\n") +
		warcRecordBytes("request", "https://news.example/kyiv", "application/http; msgtype=request", "GET /kyiv HTTP/1.1\r\nHost: news.example\r\n\r\n") +
		warcRecordBytes("response", "https://news.example/kyiv", "application/http; msgtype=response", httpResponse("text/html; charset=utf-8", article)) +
		warcRecordBytes("response", "https://news.example/logo.png", "application/http; msgtype=response", httpResponse("image/png", "\x89PNG....")) +
		warcRecordBytes("resource", "https://news.example/brief.txt", "text/plain", "Brazil and Argentina signed a trade agreement on Tuesday.\n")
}

func TestReadSource(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "src", "b.txt"), "Israel accused Iran of funding militias.\n")
	write(t, filepath.Join(dir, "src", "a", "one.jsonl"), `{"id":"j1","date":"2024-03-02","url":"https://x.example/1","text":"India and Pakistan exchanged fire."}`+"\n"+`{"id":"j2","text":"Egypt hosted talks."}`+"\n")
	write(t, filepath.Join(dir, "src", ".hidden.txt"), "never read\n")
	write(t, filepath.Join(dir, "src", "a", "page.html"), article)
	write(t, filepath.Join(dir, "news.warc"), sampleWARC())
	full := sampleWARC()
	cut := strings.Index(full, "https://news.example/logo.png")
	write(t, filepath.Join(dir, "truncated.warc"), full[:strings.Index(full, "Russia launched")+40])
	write(t, filepath.Join(dir, "cut-later.warc"), full[:cut+200])

	tests := []struct {
		name     string
		source   string
		wantIDs  []string
		problems []string // substrings, one per expected report
	}{
		{"a directory is read recursively in lexical order without hidden files",
			filepath.Join(dir, "src"), []string{"j1", "j2", "page.html", "b.txt"}, nil},
		{"an RSS feed gives one document per item with text",
			"testdata/store-feed.rss", []string{"https://news.example/2024/03/geneva-talks", "https://news.example/2024/03/border"},
			[]string{"store-feed.rss item 3: empty document"}},
		{"an Atom feed is read too", "testdata/store-feed.atom", []string{"urn:example:wire:1"}, nil},
		{"a feed that is not XML is reported by name", "testdata/store-bad.rss", nil, []string{"store-bad.rss: not a readable RSS or Atom feed"}},
		{"a WARC file gives its HTML and text responses", filepath.Join(dir, "news.warc"),
			[]string{"https://news.example/kyiv", "https://news.example/brief.txt"}, nil},
		{"a WARC truncated inside a record is reported and yields nothing of that record", filepath.Join(dir, "truncated.warc"),
			nil, []string{"truncated.warc: "}},
		{"a WARC truncated later keeps the records before the damage", filepath.Join(dir, "cut-later.warc"),
			[]string{"https://news.example/kyiv"}, []string{"cut-later.warc: "}},
		{"a missing path is reported", filepath.Join(dir, "nope"), nil, []string{"nope: stat: no such file or directory"}},
		{"an unreachable URL is reported", "http://127.0.0.1:1/article", nil, []string{"http://127.0.0.1:1/article: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, problems := collect(t, tt.source, SourceOptions{})
			var ids []string
			for _, d := range docs {
				ids = append(ids, d.ID)
			}
			if strings.Join(ids, " ") != strings.Join(tt.wantIDs, " ") {
				t.Errorf("documents %q, want %q", ids, tt.wantIDs)
			}
			if len(problems) != len(tt.problems) {
				t.Fatalf("problems %q, want %d like %q", problems, len(tt.problems), tt.problems)
			}
			for i, p := range tt.problems {
				if !strings.Contains(problems[i], p) {
					t.Errorf("problem %q does not contain %q", problems[i], p)
				}
			}
		})
	}
}

func TestFeedDocumentFields(t *testing.T) {
	docs, _ := collect(t, "testdata/store-feed.rss", SourceOptions{})
	if len(docs) != 2 {
		t.Fatalf("got %d documents", len(docs))
	}
	d := docs[0]
	if d.URL != "https://news.example/2024/03/geneva-talks" || d.Title != "Talks resume in Geneva" || d.Date.Format("2006-01-02") != "2024-03-01" {
		t.Errorf("document = %+v", d)
	}
	want := "Iranian and European negotiators met in Geneva on Friday to revive talks on the nuclear programme.\nThe foreign minister of France said the talks were constructive."
	if d.Text != want {
		t.Errorf("text = %q, want %q", d.Text, want)
	}
}

func TestWARCDocumentFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.warc")
	write(t, path, sampleWARC())
	docs, _ := collect(t, path, SourceOptions{})
	if len(docs) != 2 {
		t.Fatalf("got %d documents", len(docs))
	}
	d := docs[0]
	if d.URL != "https://news.example/kyiv" || !strings.HasPrefix(d.Text, "Russia launched missile strikes") || strings.Contains(d.Text, "Copyright") {
		t.Errorf("document = %+v", d)
	}
	if d.Date.Format("2006-01-02") != "2024-03-01" {
		t.Errorf("date = %v, want the WARC-Date", d.Date)
	}
}

func TestReadURLs(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, article)
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Strikes</title><link>http://%s/article</link><description>Short teaser.</description></item>
<item><title>Gone</title><link>http://%s/missing</link><description>Egypt hosted talks between the two sides.</description></item>
</channel></rss>`, r.Host, r.Host)
	})
	mux.HandleFunc("/missing", http.NotFound)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	docs, problems := collect(t, srv.URL+"/article", SourceOptions{})
	if len(docs) != 1 || docs[0].URL != srv.URL+"/article" || docs[0].ID != srv.URL+"/article" || !strings.Contains(docs[0].Text, "Russia launched") {
		t.Fatalf("article: %+v, problems %q", docs, problems)
	}
	// The test server is on loopback: its links may be followed only with
	// AllowPrivate (TestFeedLinksNeverReachPrivateAddresses checks the
	// default).
	docs, problems = collect(t, srv.URL+"/feed", SourceOptions{AllowPrivate: true})
	if len(problems) != 0 || len(docs) != 2 {
		t.Fatalf("feed: %d documents, problems %q", len(docs), problems)
	}
	if !strings.Contains(docs[0].Text, "Russia launched") || docs[0].Title != "Strikes on Kyiv" {
		t.Errorf("a teaser item must be replaced by its article: %+v", docs[0])
	}
	if docs[1].Text != "Egypt hosted talks between the two sides." || docs[1].URL != srv.URL+"/missing" {
		t.Errorf("an item whose link fails keeps its teaser: %+v", docs[1])
	}
	_, problems = collect(t, srv.URL+"/missing", SourceOptions{})
	if len(problems) != 1 || !strings.Contains(problems[0], "404") {
		t.Errorf("a 404 must be reported: %q", problems)
	}
}

func TestUnreadableDirectoryIsSkipped(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any directory; cmd/dyad's ingest test covers this as an unprivileged child process")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a", "x.txt"), "Egypt hosted talks.\n")
	write(t, filepath.Join(dir, "b", "y.txt"), "Chad closed its border.\n")
	if err := os.Chmod(filepath.Join(dir, "a"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(dir, "a"), 0o755)
	docs, problems := collect(t, dir, SourceOptions{})
	if len(docs) != 1 || docs[0].ID != "y.txt" {
		t.Errorf("documents %v, want y.txt", docs)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], filepath.Join(dir, "a")) || !strings.Contains(problems[0], "permission denied") {
		t.Errorf("problems %q, want the unreadable directory named", problems)
	}
}

func TestEmitErrorStopsReading(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "one\n")
	write(t, filepath.Join(dir, "b.txt"), "two\n")
	boom := fmt.Errorf("disk full")
	n := 0
	err := ReadSource(context.Background(), dir, SourceOptions{}, func(*dyad.Document) error { n++; return boom }, func(error) {})
	if err != boom || n != 1 {
		t.Errorf("err = %v after %d documents, want the emit error after 1", err, n)
	}
}

func TestSourceSizeCountsLocalBytes(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "12345")
	write(t, filepath.Join(dir, "sub", "b.txt"), "123")
	write(t, filepath.Join(dir, ".hidden"), "1234567")
	if got := SourceSize(dir); got != 8 {
		t.Errorf("SourceSize = %d, want 8", got)
	}
	if got := SourceSize("https://example.org/"); got != 0 {
		t.Errorf("URL size = %d, want 0", got)
	}
}

// TestFeedLinksNeverReachPrivateAddresses is the probe's SSRF: a feed
// whose teaser links to a loopback "internal" page. The page must not be
// fetched (so it cannot be stored and served by the open read API); the
// teaser is kept and the refusal reported. A redirect from a URL the user
// named to a loopback address is refused the same way.
func TestFeedLinksNeverReachPrivateAddresses(t *testing.T) {
	var internalHits atomic.Int64
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		internalHits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, strings.ReplaceAll(article, "Russia launched", "SECRET internal admin page: Russia launched"))
	}))
	defer internal.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Leak</title><link>%s/admin</link><description>Short teaser about talks.</description></item>
<item><title>Metadata</title><link>http://169.254.169.254/latest/meta-data/</link><description>Another teaser.</description></item>
<item><title>Script</title><link>javascript:alert(1)</link><description>A third teaser.</description></item>
</channel></rss>`, internal.URL)
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/admin", http.StatusFound)
	})
	feeds := httptest.NewServer(mux)
	defer feeds.Close()

	docs, problems := collect(t, feeds.URL+"/feed", SourceOptions{})
	if n := internalHits.Load(); n != 0 {
		t.Fatalf("the loopback page linked from a feed was fetched %d times", n)
	}
	if len(docs) != 3 {
		t.Fatalf("got %d documents, want the 3 teasers; problems %q", len(docs), problems)
	}
	for _, d := range docs {
		if strings.Contains(d.Text, "SECRET") {
			t.Errorf("a document holds the internal page: %q", d.Text)
		}
	}
	if docs[0].Text != "Short teaser about talks." {
		t.Errorf("the first item's text is %q, want its teaser", docs[0].Text)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "not a public address") || !strings.Contains(problems[1], "169.254.169.254") {
		t.Errorf("problems %q, want the two refused links reported", problems)
	}

	_, problems = collect(t, feeds.URL+"/redirect", SourceOptions{})
	if n := internalHits.Load(); n != 0 || len(problems) != 1 || !strings.Contains(problems[0], "not a public address") {
		t.Errorf("a redirect to loopback: %d fetches, problems %q; want none and one refusal", n, problems)
	}
	// The URL the user names is fetched wherever it points.
	docs, _ = collect(t, internal.URL+"/admin", SourceOptions{})
	if len(docs) != 1 || internalHits.Load() != 1 {
		t.Errorf("a loopback URL named by the user: %d documents, %d fetches; want it read", len(docs), internalHits.Load())
	}
	// With AllowPrivate, links may reach private addresses.
	internalHits.Store(0)
	collect(t, feeds.URL+"/feed", SourceOptions{AllowPrivate: true})
	if internalHits.Load() != 1 {
		t.Errorf("with AllowPrivate the linked page was fetched %d times, want 1", internalHits.Load())
	}
}

func TestPublicAddr(t *testing.T) {
	tests := []struct {
		addr   string
		public bool
	}{
		{"93.184.216.34", true},
		{"2606:2800:220:1:248:1893:25c8:1946", true},
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false},
		{"100.64.0.1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"fc00::1", false},
		{"fe80::1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"64:ff9b::7f00:1", false},
		{"2002:7f00:1::", false},
		{"224.0.0.1", false},
		{"255.255.255.255", false},
		{"fd00:ec2::254", false},
	}
	for _, tt := range tests {
		if got := PublicAddr(netip.MustParseAddr(tt.addr)); got != tt.public {
			t.Errorf("PublicAddr(%s) = %v, want %v", tt.addr, got, tt.public)
		}
	}
}
