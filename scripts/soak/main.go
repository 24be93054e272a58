// Command soak is dyad's bounded load test: it builds a synthetic store,
// or drives a running `dyad serve` with a mix of reads and writes from
// many client addresses while sampling the server's memory, and writes a
// report (requests per second, latency percentiles per route, statuses,
// memory over time). scripts/soak.sh runs the whole thing; docs/
// reliability.md holds its figures. It is not part of `go test`.
//
//	go run ./scripts/soak -build /tmp/soak.db -events 50000
//	go run ./scripts/soak -url http://127.0.0.1:8090 -pid PID -duration 10m -token-file T -out report.md
//	go run ./scripts/soak -url … -pid PID -attack 24 -duration 1m     # the wide-request attack alone
//
// Client addresses: most requests carry an X-Forwarded-For address from
// a pool (the server must trust 127.0.0.1 as a proxy), and some come from
// their own loopback source addresses (127.0.0.2 …), bound locally.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/sqlite"
)

func main() {
	build := flag.String("build", "", "build a synthetic SQLite store at `PATH` and exit")
	events := flag.Int("events", 50000, "events of the synthetic store")
	base := flag.String("url", "http://127.0.0.1:8090", "server `URL`")
	pid := flag.Int("pid", 0, "server process id, to sample its memory")
	duration := flag.Duration("duration", 10*time.Minute, "how long to run")
	workers := flag.Int("workers", 64, "most requests in flight")
	rps := flag.Float64("rps", 100, "requests started per second (open loop: a request due while all workers are busy is counted as dropped by the client); 0 sends back to back")
	addrs := flag.Int("addrs", 2000, "client addresses sent in X-Forwarded-For")
	bind := flag.Int("bind", 50, "loopback source addresses bound for direct clients (127.0.0.2 …)")
	tokenFile := flag.String("token-file", "", "bearer token `FILE` for writes (none: reads only)")
	attack := flag.Int("attack", 0, "instead of the mix, keep this many wide alert and series requests in flight")
	out := flag.String("out", "", "write the report to `FILE` too")
	flag.Parse()
	log.SetFlags(0)
	if *build != "" {
		if err := buildStore(context.Background(), *build, *events); err != nil {
			log.Fatal(err)
		}
		return
	}
	token := ""
	if *tokenFile != "" {
		data, err := os.ReadFile(*tokenFile)
		if err != nil {
			log.Fatal(err)
		}
		token = strings.TrimSpace(string(data))
	}
	s := &soak{base: strings.TrimSuffix(*base, "/"), token: token, addrs: *addrs, stats: map[string]*routeStats{}}
	s.clients = append(s.clients, &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *workers}})
	for i := 0; i < *bind; i++ {
		local := &net.TCPAddr{IP: net.IPv4(127, 0, byte(i/250), byte(2+i%250))}
		d := &net.Dialer{LocalAddr: local, Timeout: 10 * time.Second}
		s.clients = append(s.clients, &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4}})
	}
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	s.discover(ctx)
	mem := sampleMemory(ctx, *pid, memInterval(*attack))
	start := time.Now()
	var wg sync.WaitGroup
	n := *workers
	if *attack > 0 {
		n = *attack
	}
	// due carries one token per request to start, in open-loop mode.
	var due chan struct{}
	if *attack == 0 && *rps > 0 {
		due = make(chan struct{})
		go func() {
			t := time.NewTicker(time.Duration(float64(time.Second) / *rps))
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					select {
					case due <- struct{}{}:
					default:
						s.dropped.Add(1)
					}
				}
			}
		}()
	}
	for w := 0; w < n; w++ {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			for ctx.Err() == nil {
				if due != nil {
					select {
					case <-due:
					case <-ctx.Done():
						return
					}
				}
				if *attack > 0 {
					s.do(ctx, r, wideRequests[r.IntN(len(wideRequests))])
				} else {
					s.do(ctx, r, s.pick(r))
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	samples := <-mem
	report := s.report(elapsed, samples, *attack)
	fmt.Print(report)
	if *out != "" {
		if err := os.WriteFile(*out, []byte(report), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

func memInterval(attack int) time.Duration {
	if attack > 0 {
		return 100 * time.Millisecond
	}
	return 5 * time.Second
}

// request is one kind of request of the mix.
type request struct {
	route  string // the name it is reported under
	weight int
	method string
	path   func(s *soak, r *rand.Rand) string
}

var countries = []string{"USA", "CHN", "RUS", "IRN", "ISR", "UKR", "IND", "PAK", "TUR", "SYR", "IRQ", "SAU", "EGY", "JPN", "PRK", "KOR", "DEU", "FRA", "GBR", "BRA", "VEN", "PHL"}

func country(r *rand.Rand) string { return countries[r.IntN(len(countries))] }

func day(r *rand.Rand) string {
	return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(700)).Format(time.DateOnly)
}

// wideRequests are the probe's attack: alerts and series over centuries,
// each a little different so that no cache answers them.
var wideRequests = []request{
	{route: "attack alerts", method: "GET", path: func(s *soak, r *rand.Rand) string {
		return fmt.Sprintf("/api/alerts?actors=20&from=1900-01-%02d&to=2100-01-01&limit=%d", 1+r.IntN(28), 1+r.IntN(1000))
	}},
	{route: "attack alerts", method: "GET", path: func(s *soak, r *rand.Rand) string {
		return fmt.Sprintf("/api/alerts?actors=20&interval=%s&limit=%d", []string{"day", "week"}[r.IntN(2)], 1+r.IntN(1000))
	}},
	{route: "attack series", method: "GET", path: func(s *soak, r *rand.Rand) string {
		return fmt.Sprintf("/api/dyads/*/*/series?modality=all&from=1900-01-%02d&to=2100-01-01", 1+r.IntN(28))
	}},
	{route: "attack series", method: "GET", path: func(s *soak, r *rand.Rand) string {
		return fmt.Sprintf("/api/dyads/%s/*/series?modality=all&both=%d", country(r), r.IntN(2))
	}},
}

// mix is the soak's traffic: mostly the dashboard's reads, some wide
// requests, paging of a widely reported event, and writes.
var mix = []request{
	{route: "events", weight: 30, method: "GET", path: func(s *soak, r *rand.Rand) string {
		switch r.IntN(4) {
		case 0:
			return fmt.Sprintf("/api/events?source=%s&target=%s&limit=50", country(r), country(r))
		case 1:
			return fmt.Sprintf("/api/events?dyad=%s-%s&from=%s&limit=20", country(r), country(r), day(r))
		case 2:
			return fmt.Sprintf("/api/events?actor=%s&quad=%d&offset=%d", country(r), 1+r.IntN(4), r.IntN(200))
		default:
			return "/api/events?limit=100"
		}
	}},
	{route: "series", weight: 12, method: "GET", path: func(s *soak, r *rand.Rand) string {
		iv := []string{"day", "week", "month"}[r.IntN(3)]
		return fmt.Sprintf("/api/dyads/%s/%s/series?interval=%s&from=2024-01-01&to=2025-12-31&both=%d", country(r), country(r), iv, r.IntN(2))
	}},
	{route: "alerts", weight: 4, method: "GET", path: func(s *soak, r *rand.Rand) string {
		return fmt.Sprintf("/api/alerts?from=%s&to=2025-12-31&interval=week&actors=%d", day(r), 4+r.IntN(9))
	}},
	{route: "network", weight: 3, method: "GET", path: func(s *soak, r *rand.Rand) string {
		return fmt.Sprintf("/api/network?from=%s&actors=%d", day(r), 5+r.IntN(10))
	}},
	{route: "actors", weight: 3, method: "GET", path: func(s *soak, r *rand.Rand) string { return "/api/actors?level=country&limit=80" }},
	{route: "stats", weight: 3, method: "GET", path: func(s *soak, r *rand.Rand) string { return "/api/stats" }},
	{route: "document", weight: 6, method: "GET", path: func(s *soak, r *rand.Rand) string {
		return "/api/documents/" + s.docKey(r)
	}},
	{route: "mentions", weight: 4, method: "GET", path: func(s *soak, r *rand.Rand) string {
		return fmt.Sprintf("/api/events/%d/mentions?limit=200&after=%d", s.popular, r.IntN(20000))
	}},
	{route: "text search", weight: 2, method: "GET", path: func(s *soak, r *rand.Rand) string {
		return "/api/events?text=" + []string{"missile", "talks", "border", "sanctions"}[r.IntN(4)] + "&limit=20"
	}},
	{route: "wide (budget)", weight: 2, method: "GET", path: func(s *soak, r *rand.Rand) string { return wideRequests[r.IntN(len(wideRequests))].path(s, r) }},
	{route: "bad request", weight: 2, method: "GET", path: func(s *soak, r *rand.Rand) string {
		return []string{"/api/events?target=IRN;x", "/api/events?limit=0", "/api/nothing", "/api/events?source=a&source=b"}[r.IntN(4)]
	}},
	{route: "write", weight: 1, method: "POST", path: func(s *soak, r *rand.Rand) string { return "/api/documents" }},
}

type soak struct {
	base    string
	token   string
	addrs   int
	clients []*http.Client
	popular int64    // the event with the most mentions
	keys    []string // document keys to read
	mu      sync.Mutex
	stats   map[string]*routeStats
	writes  atomic.Int64
	dropped atomic.Int64 // requests due while every worker was busy
}

type routeStats struct {
	durations []time.Duration
	statuses  map[string]int
}

// discover finds document keys and the most reported event to read.
func (s *soak) discover(ctx context.Context) {
	var page struct {
		Events []struct {
			ID          int64    `json:"id"`
			NumMentions int      `json:"num_mentions"`
			DocIDs      []string `json:"doc_ids"`
		} `json:"events"`
	}
	for _, path := range []string{"/api/events?limit=1000", "/api/events?limit=1000&offset=5000", "/api/events?limit=1000&modality=all&offset=20000"} {
		resp, err := s.clients[0].Get(s.base + path)
		if err != nil {
			log.Fatalf("soak: the server does not answer: %v", err)
		}
		json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		best := 0
		for _, e := range page.Events {
			s.keys = append(s.keys, e.DocIDs...)
			if e.NumMentions > best {
				best, s.popular = e.NumMentions, e.ID
			}
		}
	}
	if len(s.keys) == 0 {
		log.Fatal("soak: the store has no events to read")
	}
}

func (s *soak) docKey(r *rand.Rand) string { return s.keys[r.IntN(len(s.keys))] }

func (s *soak) pick(r *rand.Rand) request {
	total := 0
	for _, q := range mix {
		total += q.weight
	}
	n := r.IntN(total)
	for _, q := range mix {
		if n -= q.weight; n < 0 {
			if q.method == "POST" && s.token == "" {
				return mix[0]
			}
			return q
		}
	}
	return mix[0]
}

// do sends one request from a random client address and records it.
func (s *soak) do(ctx context.Context, r *rand.Rand, q request) {
	path := q.path(s, r)
	var body io.Reader
	if q.method == "POST" {
		n := s.writes.Add(1)
		doc := map[string]string{"id": fmt.Sprintf("soak-%d", n), "date": day(r),
			"text": fmt.Sprintf("%s accused %s of shelling border villages on Monday, officials said in report %d. The two governments met for talks later.", name(country(r)), name(country(r)), n)}
		data, _ := json.Marshal(doc)
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, q.method, s.base+path, body)
	if err != nil {
		return
	}
	client := s.clients[0]
	if len(s.clients) > 1 && r.IntN(4) == 0 {
		client = s.clients[1+r.IntN(len(s.clients)-1)]
	} else {
		i := r.IntN(s.addrs)
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	}
	if q.method == "POST" {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	t0 := time.Now()
	resp, err := client.Do(req)
	status := "transport error"
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		status = strconv.Itoa(resp.StatusCode)
	} else if ctx.Err() != nil {
		return // the soak ended mid-request
	}
	d := time.Since(t0)
	s.mu.Lock()
	st := s.stats[q.route]
	if st == nil {
		st = &routeStats{statuses: map[string]int{}}
		s.stats[q.route] = st
	}
	st.durations = append(st.durations, d)
	st.statuses[status]++
	s.mu.Unlock()
}

func name(code string) string {
	names := map[string]string{"USA": "The United States", "CHN": "China", "RUS": "Russia", "IRN": "Iran", "ISR": "Israel", "UKR": "Ukraine",
		"IND": "India", "PAK": "Pakistan", "TUR": "Turkey", "SYR": "Syria", "IRQ": "Iraq", "SAU": "Saudi Arabia", "EGY": "Egypt",
		"JPN": "Japan", "PRK": "North Korea", "KOR": "South Korea", "DEU": "Germany", "FRA": "France", "GBR": "Britain", "BRA": "Brazil",
		"VEN": "Venezuela", "PHL": "The Philippines"}
	return names[code]
}

// memSample is the server's resident memory at one time.
type memSample struct {
	at   time.Duration
	rss  int64 // bytes
	load string
}

// sampleMemory reads the server's VmRSS every interval until ctx ends,
// then sends the samples.
func sampleMemory(ctx context.Context, pid int, every time.Duration) <-chan []memSample {
	out := make(chan []memSample, 1)
	go func() {
		var samples []memSample
		start := time.Now()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if pid > 0 {
				samples = append(samples, memSample{at: time.Since(start), rss: rss(pid), load: loadavg()})
			}
			select {
			case <-ctx.Done():
				out <- samples
				return
			case <-t.C:
			}
		}
	}()
	return out
}

func rss(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func loadavg() string {
	data, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) }

func (s *soak) report(elapsed time.Duration, samples []memSample, attack int) string {
	var b strings.Builder
	s.mu.Lock()
	defer s.mu.Unlock()
	total := 0
	for _, st := range s.stats {
		total += len(st.durations)
	}
	what := fmt.Sprintf("mixed reads and writes from %d forwarded and %d bound loopback addresses", s.addrs, len(s.clients)-1)
	if attack > 0 {
		what = fmt.Sprintf("%d wide alert and series requests kept in flight", attack)
	}
	fmt.Fprintf(&b, "soak: %s over %s: %d requests, %.1f requests/s (%d due while all workers were busy, not sent); load average at the end %s\n\n",
		what, elapsed.Round(time.Second), total, float64(total)/elapsed.Seconds(), s.dropped.Load(), loadavg())
	fmt.Fprintf(&b, "| route | requests | per s | p50 ms | p90 ms | p99 ms | max ms | statuses |\n|---|---:|---:|---:|---:|---:|---:|---|\n")
	var routes []string
	for r := range s.stats {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		st := s.stats[r]
		sort.Slice(st.durations, func(i, j int) bool { return st.durations[i] < st.durations[j] })
		var codes []string
		for c, n := range st.statuses {
			codes = append(codes, fmt.Sprintf("%s×%d", c, n))
		}
		sort.Strings(codes)
		ds := st.durations
		fmt.Fprintf(&b, "| %s | %d | %.1f | %s | %s | %s | %s | %s |\n", r, len(ds), float64(len(ds))/elapsed.Seconds(),
			ms(pct(ds, 0.5)), ms(pct(ds, 0.9)), ms(pct(ds, 0.99)), ms(ds[len(ds)-1]), strings.Join(codes, " "))
	}
	if len(samples) > 0 {
		var peak memSample
		for _, m := range samples {
			if m.rss > peak.rss {
				peak = m
			}
		}
		fmt.Fprintf(&b, "\nserver memory (VmRSS): start %d MB, peak %d MB at %s, end %d MB\n\n", samples[0].rss>>20, peak.rss>>20, peak.at.Round(time.Second), samples[len(samples)-1].rss>>20)
		fmt.Fprintf(&b, "| time | RSS MB | load average |\n|---:|---:|---|\n")
		step := max(1, len(samples)/20)
		for i := 0; i < len(samples); i += step {
			m := samples[i]
			fmt.Fprintf(&b, "| %s | %d | %s |\n", m.at.Round(time.Second), m.rss>>20, m.load)
		}
	}
	return b.String()
}

// buildStore writes a synthetic store: n events among the countries over
// 2024–2025, in documents of ten events; one event reported by 20,000
// sentences; one story copied at 2,000 addresses; and a few events at the
// ends of two centuries, so that open-ended series are wide.
func buildStore(ctx context.Context, path string, n int) error {
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var batch []dyad.CodedDocument
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := st.SaveDocuments(ctx, batch)
		batch = batch[:0]
		return err
	}
	cameos := []struct {
		code  string
		quad  int
		gold  float64
		verb  string
		ptype string
	}{{"190", 4, -10, "attacked", "ASSAULT"}, {"112", 3, -2, "accused", "ACCUSE"}, {"040", 1, 1, "met", "CONSULT"},
		{"051", 1, 3.4, "praised", "COOPERATE"}, {"163", 4, -8, "sanctioned", "SANCTION"}, {"130", 3, -4.4, "threatened", "THREATEN"}}
	for d := 0; d*10 < n; d++ {
		day := start.AddDate(0, 0, r.IntN(730))
		var sents []string
		var evs []dyad.Event
		off := 0
		for k := 0; k < 10; k++ {
			a, t := countries[r.IntN(len(countries))], countries[r.IntN(len(countries))]
			c := cameos[r.IntN(len(cameos))]
			sent := fmt.Sprintf("%s %s %s near the border, report %d-%d said.", name(a), c.verb, name(t), d, k)
			sa, sv := off, off+len([]rune(name(a)))+1
			evs = append(evs, dyad.Event{SentenceIndex: k, Sentence: sent, Date: day.Format(time.DateOnly),
				Source: dyad.Actor{Code: a, Text: name(a), Span: dyad.Span{sa, sa + len([]rune(name(a)))}},
				Target: dyad.Actor{Code: t, Text: name(t), Span: dyad.Span{sv + len(c.verb) + 1, sv + len(c.verb) + 1 + len([]rune(name(t)))}},
				Verb:   dyad.Phrase{Text: c.verb, Span: dyad.Span{sv, sv + len(c.verb)}},
				CAMEO:  c.code, Root: c.code[:2], Quad: c.quad, Goldstein: c.gold, PLOVER: dyad.PLOVER{Type: c.ptype},
				Modality: dyad.Asserted, Rule: "soak", SentenceSpan: dyad.Span{off, off + len([]rune(sent))}})
			sents = append(sents, sent)
			off += len([]rune(sent)) + 1
		}
		text := strings.Join(sents, " ")
		doc := &dyad.Document{ID: fmt.Sprintf("soak-%d", d), URL: fmt.Sprintf("https://outlet%d.example/%d", d%40, d), Date: day, Title: "Report", Text: text}
		pos := 0
		for k, sent := range sents {
			l := len([]rune(sent))
			doc.Sentences = append(doc.Sentences, dyad.Sentence{Index: k, Span: dyad.Span{pos, pos + l}, Text: sent})
			pos += l + 1
		}
		batch = append(batch, dyad.CodedDocument{Doc: doc, Events: evs})
		if len(batch) == 200 {
			if err := flush(); err != nil {
				return err
			}
			log.Printf("soak: %d documents", d+1)
		}
	}
	// One event reported by 20,000 sentences of one document.
	var sents []string
	var evs []dyad.Event
	off := 0
	for k := 0; k < 20000; k++ {
		sent := fmt.Sprintf("Russia attacked Ukraine again, dispatch %d said.", k)
		evs = append(evs, dyad.Event{SentenceIndex: k, Sentence: sent, Date: "2025-02-24",
			Source: dyad.Actor{Code: "RUS", Text: "Russia", Span: dyad.Span{off, off + 6}}, Target: dyad.Actor{Code: "UKR", Text: "Ukraine", Span: dyad.Span{off + 16, off + 23}},
			Verb: dyad.Phrase{Text: "attacked", Span: dyad.Span{off + 7, off + 15}}, CAMEO: "190", Root: "19", Quad: 4, Goldstein: -10,
			PLOVER: dyad.PLOVER{Type: "ASSAULT"}, Modality: dyad.Asserted, Rule: "soak", SentenceSpan: dyad.Span{off, off + len(sent)}})
		sents = append(sents, sent)
		off += len(sent) + 1
	}
	popular := &dyad.Document{ID: "popular", URL: "https://wire.example/popular", Date: time.Date(2025, 2, 24, 0, 0, 0, 0, time.UTC), Text: strings.Join(sents, " ")}
	batch = append(batch, dyad.CodedDocument{Doc: popular, Events: evs})
	if err := flush(); err != nil {
		return err
	}
	// One short wire story at 2,000 addresses.
	story := strings.Join(sents[:8], " ")
	for k := 0; k < 2000; k++ {
		d := &dyad.Document{ID: fmt.Sprintf("copy-%d", k), URL: fmt.Sprintf("https://copy%d.example/story", k), Date: popular.Date, Text: story}
		batch = append(batch, dyad.CodedDocument{Doc: d, Events: evs[:1]})
		if len(batch) == 200 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	// Events at the ends of two centuries.
	for _, y := range []int{1900, 1950, 2099} {
		d := time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC)
		sent := "China accused Japan of provocations."
		batch = append(batch, dyad.CodedDocument{Doc: &dyad.Document{ID: fmt.Sprint("far-", y), Date: d, Text: sent + fmt.Sprint(" Year ", y, ".")},
			Events: []dyad.Event{{Sentence: sent, Date: d.Format(time.DateOnly), Source: dyad.Actor{Code: "CHN", Text: "China", Span: dyad.Span{0, 5}},
				Target: dyad.Actor{Code: "JPN", Text: "Japan", Span: dyad.Span{14, 19}}, Verb: dyad.Phrase{Text: "accused", Span: dyad.Span{6, 13}},
				CAMEO: "112", Root: "11", Quad: 3, Goldstein: -2, Modality: dyad.Asserted, Rule: "soak", SentenceSpan: dyad.Span{0, 36}}}})
	}
	if err := flush(); err != nil {
		return err
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	log.Printf("soak: store %s: %d documents, %d events, %d mentions", path, stats.Documents, stats.Events, stats.Mentions)
	return nil
}
