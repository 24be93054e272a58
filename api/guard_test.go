package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/sqlite"
)

// wideCountries are 21 actors, so that an overview of 20 of them has 380
// ordered pairs.
var wideCountries = []string{"USA", "CHN", "RUS", "IRN", "ISR", "UKR", "IND", "PAK", "TUR", "SYR", "IRQ",
	"SAU", "EGY", "JPN", "PRK", "KOR", "DEU", "FRA", "GBR", "BRA", "VEN"}

// openWideStore stores events between the wide countries on dates spread
// from 1900 to 2100: the store the probe used to exhaust the server.
func openWideStore(t testing.TB) dyad.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir()+"/wide.db", sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var docs []dyad.CodedDocument
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for i, a := range wideCountries {
		for j, b := range wideCountries {
			if i == j || (i+j)%3 != 0 {
				continue
			}
			day := start.AddDate(0, 0, (n*7919)%73000)
			n++
			docs = append(docs, fixtureDoc(t, fmt.Sprintf("w%03d", n), fmt.Sprintf("https://wide.example/%d", n), day, []coded{{
				sentence: a + "land accused " + b + "land of provocations.",
				src:      a + "land", srcCode: a, verb: "accused", tgt: b + "land", tgtCode: b,
				cameo: "112", quad: 3, goldstein: -2,
			}}))
		}
	}
	// Two events at the ends of the period, so that open-ended series
	// span it all.
	for _, d := range []time.Time{start, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)} {
		n++
		docs = append(docs, fixtureDoc(t, fmt.Sprintf("w%03d", n), fmt.Sprintf("https://wide.example/%d", n), d, []coded{{
			sentence: "USAland accused CHNland of provocations.",
			src:      "USAland", srcCode: "USA", verb: "accused", tgt: "CHNland", tgtCode: "CHN",
			cameo: "112", quad: 3, goldstein: -2,
		}}))
	}
	if _, err := st.SaveDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	return st
}

// status fetches a path and returns its status and body.
func status(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestWideRequestsAreRefusedNamingTheLimit(t *testing.T) {
	st := openWideStore(t)
	srv := httptest.NewServer(NewHandler(Options{Store: st, Rate: 1000, Burst: 1000}))
	defer srv.Close()
	tests := []struct {
		name, path string
		limit      string
	}{
		{"alerts of 20 actors over two centuries of days", "/api/alerts?actors=20&from=1900-01-01&to=2100-01-01", "--max-work"},
		{"alerts of 20 actors over two centuries of months", "/api/alerts?actors=20&interval=month&from=1900-01-01&to=2100-01-01", "--max-work"},
		{"a series over two centuries of days", "/api/dyads/USA/CHN/series?from=1900-01-01&to=2100-01-01", "--max-buckets"},
		{"a series of everything over two centuries", "/api/dyads/*/*/series?from=1900-01-01&to=2100-01-01&modality=all", "--max-buckets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := status(t, srv.URL+tt.path)
			if code != http.StatusBadRequest || !strings.Contains(body, tt.limit) {
				t.Fatalf("status %d, body %.300s; want 400 naming %s", code, body, tt.limit)
			}
		})
	}
}

func TestOpenEndedSeriesAreCutToTheBudgetAndSaySo(t *testing.T) {
	st := openWideStore(t)
	srv := httptest.NewServer(NewHandler(Options{Store: st, Rate: 1000, Burst: 1000}))
	defer srv.Close()
	var ans seriesAnswer
	get(t, srv, "/api/dyads/*/*/series?interval=day&modality=all", http.StatusOK, &ans)
	if len(ans.Points) > DefaultMaxBuckets || len(ans.Points) < DefaultMaxBuckets-100 {
		t.Errorf("%d points, want just under the %d-bucket budget", len(ans.Points), DefaultMaxBuckets)
	}
	if ans.Truncated == "" || !strings.Contains(ans.Truncated, "--max-buckets") {
		t.Errorf("truncated = %q, want a note naming --max-buckets", ans.Truncated)
	}
	if last := ans.Points[len(ans.Points)-1].Start; last.Year() != 2100 {
		t.Errorf("the cut series ends %v; want the latest periods kept", last)
	}
	var alerts alertsAnswer
	get(t, srv, "/api/alerts?source=USA&target=CHN", http.StatusOK, &alerts)
	if alerts.Truncated == "" {
		t.Errorf("alerts over open-ended series do not say they were cut")
	}
}

// TestWideRequestsKeepMemoryBounded sends the probe's attack — 24
// concurrent wide alert and series requests — and checks the heap stays
// far below the 512 MB ceiling. Before the budgets, 19 such requests took
// the server to 2.24 GB.
func TestWideRequestsKeepMemoryBounded(t *testing.T) {
	st := openWideStore(t)
	srv := httptest.NewServer(NewHandler(Options{Store: st, Rate: 1000, Burst: 1000}))
	defer srv.Close()
	runtime.GC()
	base := heapBytes()
	var peak atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if h := heapBytes(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	paths := []string{
		"/api/alerts?actors=20&from=1900-01-01&to=2100-01-01",
		"/api/alerts?actors=20&interval=week",
		"/api/alerts?actors=20",
		"/api/dyads/*/*/series?modality=all",
		"/api/dyads/USA/CHN/series?from=1900-01-01&to=2100-01-01",
		"/api/dyads/USA/*/series?interval=day",
	}
	var wg sync.WaitGroup
	codes := make([]int, 24)
	for i := range codes {
		wg.Go(func() {
			codes[i], _ = status(t, srv.URL+paths[i%len(paths)]+fmt.Sprintf("&v=%d", i))
		})
	}
	wg.Wait()
	close(stop)
	<-sampled
	grew := peak.Load() - base
	t.Logf("heap grew by %d MB during 24 concurrent wide requests; statuses %v", grew>>20, codes)
	if grew > 200<<20 {
		t.Errorf("the heap grew by %d MB, want well under the 512 MB ceiling", grew>>20)
	}
	for i, c := range codes {
		if c != http.StatusOK && c != http.StatusBadRequest && c != http.StatusServiceUnavailable {
			t.Errorf("request %d (%s): status %d", i, paths[i%len(paths)], c)
		}
	}
}

// blockingStore holds every Series call until release is closed.
type blockingStore struct {
	dyad.Store
	entered chan struct{}
	release chan struct{}
	calls   atomic.Int64
}

func (b *blockingStore) Series(ctx context.Context, q dyad.SeriesQuery) ([]dyad.SeriesPoint, error) {
	if err := b.block(ctx); err != nil {
		return nil, err
	}
	return b.Store.Series(ctx, q)
}

// Pairs is held like Series: the overviews read every dyad in one Pairs
// query.
func (b *blockingStore) Pairs(ctx context.Context, q dyad.PairQuery) ([]dyad.PairPoint, error) {
	if err := b.block(ctx); err != nil {
		return nil, err
	}
	return b.Store.Pairs(ctx, q)
}

func (b *blockingStore) block(ctx context.Context) error {
	b.calls.Add(1)
	select {
	case b.entered <- struct{}{}:
	default:
	}
	select {
	case <-b.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

func TestExpensiveRequestsQueueThenAreRefused(t *testing.T) {
	// The gate: one runs, one waits, the third is refused at once.
	g := newGate(1, 1, time.Minute)
	release, err := g.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() {
		rel, err := g.enter(context.Background())
		if err == nil {
			rel()
		}
		waited <- err
	}()
	for g.queued.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	if _, err := g.enter(context.Background()); err != errBusy {
		t.Errorf("a third request while one runs and one waits: %v, want errBusy", err)
	}
	release()
	if err := <-waited; err != nil {
		t.Errorf("the waiting request: %v, want its turn", err)
	}

	// Over HTTP: a request that waits longer than QueueWait is a 503
	// with Retry-After, and cheap reads go on meanwhile.
	bs := &blockingStore{Store: openFixtureStore(t), entered: make(chan struct{}, 1), release: make(chan struct{})}
	srv := httptest.NewServer(NewHandler(Options{Store: bs, Rate: 1000, Burst: 1000, MaxExpensive: 1, MaxQueued: 1, QueueWait: 50 * time.Millisecond}))
	defer srv.Close()
	first := make(chan int, 1)
	go func() { c, _ := status(t, srv.URL+"/api/dyads/CHN/PHL/series"); first <- c }()
	<-bs.entered // the first request runs and holds the only slot
	resp, err := http.Get(srv.URL + "/api/dyads/JPN/CHN/series")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "busy") {
		t.Errorf("an expensive request while the slot is taken: status %d, Retry-After %q, %s; want 503 busy with Retry-After",
			resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if code, _ := status(t, srv.URL+"/api/events?limit=1"); code != http.StatusOK {
		t.Errorf("an events page while the expensive slot is taken: status %d", code)
	}
	close(bs.release)
	if c := <-first; c != http.StatusOK {
		t.Errorf("the first request: status %d", c)
	}
}

// A client that goes away stops an overview's work: the remaining dyads
// are not computed.
func TestAlertsStopWhenTheClientGoes(t *testing.T) {
	bs := &blockingStore{Store: openWideStore(t), entered: make(chan struct{}, 1), release: make(chan struct{})}
	h := NewHandler(Options{Store: bs, Rate: 1000, Burst: 1000})
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/alerts?actors=20&interval=month", nil)
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), req)
		close(done)
	}()
	<-bs.entered
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the handler did not return after its client went away")
	}
	if n := bs.calls.Load(); n > 8 {
		t.Errorf("%d dyad series were started after the client went; want only those already running", n)
	}
}

func TestCacheIsBoundedInBytes(t *testing.T) {
	c := newAnswerCache(time.Minute, 4<<20)
	body := make([]byte, 256<<10)
	for i := range 64 {
		c.put(fmt.Sprintf("/api/dyads/*/*/series?v=%d", i), body)
	}
	if n := c.size(); n > 4<<20 {
		t.Errorf("64 answers of 256 KB take %d bytes in a 4 MB cache", n)
	}
	if _, ok := c.get("/api/dyads/*/*/series?v=63"); !ok {
		t.Errorf("the newest answer was not kept")
	}
	if _, ok := c.get("/api/dyads/*/*/series?v=0"); ok {
		t.Errorf("the oldest answer was kept past the bound")
	}
	c.put("huge", make([]byte, 1<<20))
	if _, ok := c.get("huge"); ok {
		t.Errorf("an answer larger than an eighth of the cache was kept")
	}
	c.put("/api/dyads/*/*/series?v=63", body[:10])
	if n := c.size(); n > 4<<20 {
		t.Errorf("replacing an answer leaves %d bytes", n)
	}
}

// openPopularStore stores one event reported by n sentences of one
// document, and a story copied at copies addresses.
func openPopularStore(t testing.TB, n, copies int) (dyad.Store, string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir()+"/popular.db", sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sents := make([]coded, n)
	for i := range sents {
		sents[i] = coded{sentence: fmt.Sprintf("China warned the Philippines again, report %d said.", i),
			src: "China", srcCode: "CHN", verb: "warned", tgt: "the Philippines", tgtCode: "PHL", cameo: "130", quad: 3, goldstein: -4.4}
	}
	popular := fixtureDoc(t, "popular", "https://news.example.org/popular", fixtureStart, sents)
	docs := []dyad.CodedDocument{popular}
	for i := range copies {
		d := *popular.Doc
		d.URL, d.ID = fmt.Sprintf("https://copy%d.example/popular", i), fmt.Sprintf("copy%d", i)
		docs = append(docs, dyad.CodedDocument{Doc: &d})
	}
	if _, err := st.SaveDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	return st, dyad.DocumentKey(popular.Doc.URL, popular.Doc.Text)
}

func TestMentionsAndDuplicatesArePaged(t *testing.T) {
	const n, copies = 2500, 130
	st, key := openPopularStore(t, n, copies)
	srv := httptest.NewServer(NewHandler(Options{Store: st, Rate: 1000, Burst: 1000}))
	defer srv.Close()
	var page eventsPage
	get(t, srv, "/api/events", http.StatusOK, &page)
	if len(page.Events) != 1 || page.Events[0].NumMentions != n {
		t.Fatalf("events = %d, want 1 with %d mentions", len(page.Events), n)
	}
	e := page.Events[0]
	if len(e.Mentions) != dyad.MentionsPerEvent || len(e.DocIDs) != 1 {
		t.Errorf("the events page carries %d mentions and %d documents of the event; want the first %d and 1",
			len(e.Mentions), len(e.DocIDs), dyad.MentionsPerEvent)
	}
	seen := map[int]bool{}
	after := ""
	for pages := 0; ; pages++ {
		var ans mentionsAnswer
		get(t, srv, fmt.Sprintf("/api/events/%d/mentions?limit=1000&after=%s", e.ID, after), http.StatusOK, &ans)
		for _, m := range ans.Mentions {
			if seen[m.SentenceIndex] {
				t.Fatalf("page %d repeats sentence %d", pages, m.SentenceIndex)
			}
			seen[m.SentenceIndex] = true
		}
		if ans.Next == "" {
			break
		}
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		after = ans.Next
	}
	if len(seen) != n {
		t.Errorf("paging gave %d mentions, want %d", len(seen), n)
	}
	get(t, srv, "/api/events/999999/mentions", http.StatusNotFound, nil)
	get(t, srv, "/api/events/x/mentions", http.StatusBadRequest, nil)

	var doc documentAnswer
	get(t, srv, "/api/documents/"+key, http.StatusOK, &doc)
	if len(doc.Duplicates) != dyad.DuplicatesPage || doc.NumDuplicates != copies || doc.DuplicatesNext == "" {
		t.Fatalf("document lists %d duplicates of %d, next %q; want the first %d of %d and a cursor",
			len(doc.Duplicates), doc.NumDuplicates, doc.DuplicatesNext, dyad.DuplicatesPage, copies)
	}
	var rest duplicatesAnswer
	get(t, srv, "/api/documents/"+key+"/duplicates?after="+doc.DuplicatesNext, http.StatusOK, &rest)
	if len(rest.Duplicates) != copies-dyad.DuplicatesPage || rest.Next != "" {
		t.Errorf("the second page lists %d duplicates, next %q; want %d and no cursor", len(rest.Duplicates), rest.Next, copies-dyad.DuplicatesPage)
	}
}

func TestEventsPagesStayUnderTheAnswerBudget(t *testing.T) {
	st, _ := openPopularStore(t, 3, 0)
	ctx := context.Background()
	// Forty events whose sentences are 20 KB each.
	var docs []dyad.CodedDocument
	long := strings.Repeat("word ", 4000)
	for i := range 40 {
		docs = append(docs, fixtureDoc(t, fmt.Sprintf("long%d", i), fmt.Sprintf("https://long.example/%d", i), fixtureStart, []coded{{
			sentence: "Japan praised Vietnam " + long + fmt.Sprint(i) + ".",
			src:      "Japan", srcCode: "JPN", verb: "praised", tgt: "Vietnam", tgtCode: "VNM", cameo: "051", quad: 1, goldstein: 3.4,
		}}))
	}
	if _, err := st.SaveDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewHandler(Options{Store: st, Rate: 1000, Burst: 1000, MaxAnswerBytes: 200 << 10}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/events?source=JPN&limit=1000")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var page eventsPage
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if len(body) > 200<<10 || !page.HasMore || !strings.Contains(page.Truncated, "--max-answer-bytes") || len(page.Events) == 0 {
		t.Fatalf("a page of 40 long events under a 200 KB budget: %d bytes, %d events, has_more %v, truncated %q",
			len(body), len(page.Events), page.HasMore, page.Truncated)
	}
}

func TestWrongMethodsAre405WithAllow(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	tests := []struct {
		method, path, allow string
	}{
		{http.MethodPut, "/api/events", "GET, HEAD"},
		{http.MethodDelete, "/api/events", "GET, HEAD"},
		{http.MethodDelete, "/api/documents/abc", "GET, HEAD"},
		{http.MethodPut, "/api/documents", "POST"},
		{http.MethodPost, "/api/stats", "GET, HEAD"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: status %d, Allow %q; want 405 with Allow %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), tt.allow)
		}
	}
	if code, _ := status(t, srv.URL+"/api/nothing"); code != http.StatusNotFound {
		t.Errorf("an unknown endpoint: status %d, want 404", code)
	}
}

func TestMalformedFiltersAre400(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	for _, q := range []string{
		"target=IRN;x",
		"target=IRN&target=USA",
		"source=%zz",
		"doc=not-a-key",
		"doc=" + strings.Repeat("a", 65),
	} {
		if code, body := status(t, srv.URL+"/api/events?"+q); code != http.StatusBadRequest {
			t.Errorf("/api/events?%s: status %d (%.200s), want 400", q, code, body)
		}
	}
}

func TestTokenSchemeIsCaseInsensitiveAndTokensHaveAMinimumLength(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/documents", strings.NewReader(`{"id":"t","text":"Vietnam protested to China over the shoal."}`))
		req.Header.Set("Authorization", scheme+" "+testToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
			t.Errorf("scheme %q: status %d, want the token accepted", scheme, resp.StatusCode)
		}
	}
	for _, tt := range []struct {
		token string
		ok    bool
	}{{"short", false}, {"0123456789abcdef", true}, {"0123456789abcdef ", false}, {"a long token with spaces", false}} {
		if err := CheckToken(tt.token); (err == nil) != tt.ok {
			t.Errorf("CheckToken(%q) = %v", tt.token, err)
		}
	}
}

// serve runs one request through the handler as if it came from peer.
func serve(h http.Handler, peer, path string, header http.Header) int {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = peer
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// A flood from a thousand loopback addresses meets the total rate.
func TestManyAddressesMeetTheTotalRate(t *testing.T) {
	st := openFixtureStore(t)
	h := NewHandler(Options{Store: st, Rate: 5, Burst: 5, TotalRate: 50, TotalBurst: 100})
	limited := 0
	for i := range 1000 {
		peer := fmt.Sprintf("127.0.%d.%d:40000", i/250, 1+i%250)
		if serve(h, peer, "/api/stats", nil) == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited < 800 {
		t.Errorf("%d of 1,000 requests from 1,000 addresses were limited; want all but the total burst", limited)
	}
}

func TestRateLimitsSeeClientsBehindTrustedProxies(t *testing.T) {
	st := openFixtureStore(t)
	h := NewHandler(Options{Store: st, Rate: 1, Burst: 3, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	proxy := "10.1.2.3:5000"
	xff := func(v string) http.Header { return http.Header{"X-Forwarded-For": {v}} }
	// Two users behind the proxy have a bucket each.
	for i := range 3 {
		if c := serve(h, proxy, "/api/stats", xff("203.0.113.7")); c != http.StatusOK {
			t.Fatalf("user A request %d: status %d", i, c)
		}
	}
	if c := serve(h, proxy, "/api/stats", xff("203.0.113.7")); c != http.StatusTooManyRequests {
		t.Errorf("user A past the burst: status %d, want 429", c)
	}
	if c := serve(h, proxy, "/api/stats", xff("198.51.100.9, 10.9.9.9")); c != http.StatusOK {
		t.Errorf("user B (through two proxies): status %d, want 200", c)
	}
	// An untrusted peer cannot choose its bucket with the header.
	for i := range 3 {
		serve(h, "192.0.2.1:5000", "/api/stats", xff(fmt.Sprintf("198.18.0.%d", i)))
	}
	if c := serve(h, "192.0.2.1:5000", "/api/stats", xff("198.18.0.99")); c != http.StatusTooManyRequests {
		t.Errorf("an untrusted peer rotating X-Forwarded-For: status %d, want 429", c)
	}
	// IPv6 clients count by their /64.
	for i := range 3 {
		serve(h, fmt.Sprintf("[2001:db8::%x]:5000", i+1), "/api/stats", nil)
	}
	if c := serve(h, "[2001:db8::ff]:5000", "/api/stats", nil); c != http.StatusTooManyRequests {
		t.Errorf("a fourth address of one IPv6 /64: status %d, want 429", c)
	}
}

func TestHostsOutsideTheAllowedListAre421(t *testing.T) {
	st := openFixtureStore(t)
	h := NewHandler(Options{Store: st, AllowedHosts: DefaultAllowedHosts("127.0.0.1:8080")})
	tests := []struct {
		host string
		want int
	}{
		{"127.0.0.1:8080", http.StatusOK},
		{"localhost:8080", http.StatusOK},
		{"LOCALHOST", http.StatusOK},
		{"[::1]:8080", http.StatusOK},
		{"attacker.example:8080", http.StatusMisdirectedRequest},
		{"10.0.0.5:8080", http.StatusMisdirectedRequest},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, "/api/stats", nil)
		req.Host = tt.host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("Host %q: status %d, want %d", tt.host, rec.Code, tt.want)
		}
	}
	open := NewHandler(Options{Store: st, AllowedHosts: DefaultAllowedHosts("0.0.0.0:8080")})
	req := httptest.NewRequest(http.MethodGet, "/api/stats", nil)
	req.Host = "192.168.1.20:8080"
	rec := httptest.NewRecorder()
	open.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("an IP literal on a server listening everywhere: status %d", rec.Code)
	}
}

// A POST whose coder fails on one document stores the others.
func TestPostKeepsTheDocumentsTheCoderCouldCode(t *testing.T) {
	srv, _ := newTestServer(t, func(o *Options) { o.Coder = failingCoder{} })
	body := []byte(`{"id":"good","text":"Vietnam protested to China over the shoal."}` + "\n" + `{"id":"bad","text":"PANIC here."}`)
	code, ans := post(t, srv, testToken, "application/x-ndjson", body)
	if code != http.StatusCreated || ans.Stored != 1 || ans.Failed != 1 {
		t.Fatalf("status %d, %+v; want 201 with 1 stored and 1 failed", code, ans)
	}
	if ans.Documents[1].Status != "failed" || !strings.Contains(ans.Documents[1].Error, "boom") {
		t.Errorf("the failed document: %+v", ans.Documents[1])
	}
}

// failingCoder fails on texts that start with PANIC.
type failingCoder struct{ protestCoder }

func (c failingCoder) Code(ctx context.Context, doc *dyad.Document) ([]dyad.Event, error) {
	if strings.HasPrefix(doc.Text, "PANIC") {
		return nil, fmt.Errorf("%s: boom", doc.ID)
	}
	return c.protestCoder.Code(ctx, doc)
}
