package api

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/sqlite"
)

// benchEvents is the size of the benchmark store.
const benchEvents = 1_000_000

// benchCountries are the actors of the generated events; the first ones
// are drawn far more often, as in news, so USA→IRN is a busy dyad.
var benchCountries = []string{"USA", "IRN", "ISR", "RUS", "UKR", "CHN", "PHL", "GBR", "FRA", "DEU",
	"TUR", "SAU", "SYR", "IRQ", "LBN", "EGY", "IND", "PAK", "JPN", "KOR", "PRK", "TWN", "VNM", "AUS",
	"BRA", "MEX", "NGA", "ETH", "SDN", "YEM"}

var benchCodes = []struct {
	cameo     string
	quad      int
	goldstein float64
}{
	{"010", 1, 0}, {"020", 1, 3}, {"036", 1, 4}, {"040", 1, 1}, {"042", 1, 1.9}, {"051", 1, 3.4}, {"057", 2, 8},
	{"061", 2, 6.4}, {"071", 2, 7.4}, {"081", 2, 5}, {"111", 3, -2}, {"112", 3, -2}, {"130", 3, -4.4},
	{"138", 3, -7}, {"160", 3, -4}, {"172", 4, -5}, {"173", 4, -5}, {"180", 4, -9}, {"190", 4, -10}, {"195", 4, -10},
}

// benchStore opens (building it on first use) an SQLite store of one
// million generated events over 2025: 10,000 documents of 100 events.
// Building takes minutes, so the file is kept in $DYAD_BENCH_DB or the
// temporary directory and reused by later runs.
func benchStore(b *testing.B) dyad.Store {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("DYAD_BENCH_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), "dyad-bench-1m-v2.db")
	}
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		b.Fatalf("opening %s: %v", path, err)
	}
	b.Cleanup(func() { st.Close() })
	stats, err := st.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if stats.Events >= benchEvents {
		return st
	}
	if stats.Events > 0 {
		b.Fatalf("%s holds %d events, a partial build: delete it", path, stats.Events)
	}
	start := time.Now()
	r := rand.New(rand.NewPCG(1, 2))
	// Zipf-like draw: country i is picked with weight 1/(i+1).
	pick := func() string {
		for {
			i := int(float64(len(benchCountries)) * r.Float64() * r.Float64())
			if i < len(benchCountries) {
				return benchCountries[i]
			}
		}
	}
	day0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const perDoc = 100
	docs := benchEvents / perDoc
	batch := make([]dyad.CodedDocument, 0, 200)
	made := 0
	for d := range docs {
		date := day0.AddDate(0, 0, d%365)
		doc := &dyad.Document{ID: "bench-" + strconv.Itoa(d), URL: "https://bench.example.org/" + strconv.Itoa(d), Date: date,
			Text: "Generated bench document " + strconv.Itoa(d) + " " + pseudoWords(strconv.Itoa(d), 12) + "."}
		seen := map[string]bool{}
		var events []dyad.Event
		for len(events) < perDoc {
			src, tgt := pick(), pick()
			c := benchCodes[r.IntN(len(benchCodes))]
			key := src + tgt + c.cameo
			if src == tgt || seen[key] {
				continue
			}
			seen[key] = true
			mod := dyad.Asserted
			if r.IntN(10) == 0 {
				mod = dyad.Planned
			}
			events = append(events, dyad.Event{
				DocID: doc.ID, SentenceIndex: len(events), Sentence: src + " acted on " + tgt + ".", Date: date.Format(time.DateOnly),
				Source: dyad.Actor{Code: src, Text: src, Span: dyad.Span{0, 3}}, Target: dyad.Actor{Code: tgt, Text: tgt, Span: dyad.Span{14, 17}},
				CAMEO: c.cameo, Root: c.cameo[:2], Quad: c.quad, Goldstein: c.goldstein, PLOVER: dyad.PLOVER{Type: "T" + c.cameo[:2]},
				Modality: mod, Verb: dyad.Phrase{Text: "acted", Span: dyad.Span{4, 9}}, Rule: "bench",
			})
		}
		made += len(events)
		batch = append(batch, dyad.CodedDocument{Doc: doc, Events: events})
		if len(batch) == cap(batch) || d == docs-1 {
			if _, err := st.SaveDocuments(ctx, batch); err != nil {
				b.Fatalf("building the bench store: %v", err)
			}
			batch = batch[:0]
		}
	}
	if err := st.Analyze(ctx); err != nil {
		b.Fatalf("analyzing: %v", err)
	}
	b.Logf("built %s: %d events in %s", path, made, time.Since(start).Round(time.Second))
	return st
}

// BenchmarkSeriesEndpoint asks the series endpoint, over loopback HTTP,
// for a year of the daily USA→IRN series (with the escalation index) from
// a store of one million events.
func BenchmarkSeriesEndpoint(b *testing.B) {
	st := benchStore(b)
	srv := httptest.NewServer(NewHandler(Options{Store: st, Rate: 1e9, Burst: 1 << 30}))
	defer srv.Close()
	url := srv.URL + "/api/dyads/USA/IRN/series?interval=day&from=2025-01-01&to=2025-12-31"
	var events int
	b.ResetTimer()
	for b.Loop() {
		resp, err := http.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		var ans seriesAnswer
		err = json.NewDecoder(resp.Body).Decode(&ans)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d: %v", resp.StatusCode, err)
		}
		events = 0
		for _, p := range ans.Points {
			events += p.Events
		}
		if len(ans.Points) != 365 {
			b.Fatalf("got %d points, want 365", len(ans.Points))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/request")
	b.ReportMetric(float64(events), "dyad-events")
}

// BenchmarkStoreSeries is the store's share of the endpoint's time.
func BenchmarkStoreSeries(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	for _, iv := range []dyad.Interval{dyad.Day, dyad.Week, dyad.Month} {
		b.Run(string(iv), func(b *testing.B) {
			q := dyad.SeriesQuery{Source: "USA", Target: "IRN", Interval: iv,
				From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
			for b.Loop() {
				if _, err := st.Series(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}

// BenchmarkAlertsOverview times /api/alerts over the eight busiest actors
// (56 directed dyads, a year of daily series each), uncached.
func BenchmarkAlertsOverview(b *testing.B) {
	st := benchStore(b)
	srv := httptest.NewServer(NewHandler(Options{Store: st, Rate: 1e9, Burst: 1 << 30}))
	defer srv.Close()
	for i := 0; b.Loop(); i++ {
		// A new period each time defeats the overview cache.
		resp, err := http.Get(srv.URL + "/api/alerts?from=2025-01-01&to=2025-12-" + strconv.Itoa(31-i%28))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/request")
}

// BenchmarkNetworkOverview times /api/network over the ten busiest actors
// (90 directed dyads, a year of events), uncached.
func BenchmarkNetworkOverview(b *testing.B) {
	st := benchStore(b)
	h := NewHandler(Options{Store: st, Rate: 1e9, Burst: 1 << 30})
	srv := httptest.NewServer(h)
	defer srv.Close()
	for i := 0; b.Loop(); i++ {
		// A new period each time defeats the overview cache.
		resp, err := http.Get(srv.URL + "/api/network?from=2025-01-01&to=2025-12-" + strconv.Itoa(31-i%28))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/request")
}

// BenchmarkDashboardReads times the other requests the dashboard makes
// for a dyad: its newest events and the actor list.
func BenchmarkDashboardReads(b *testing.B) {
	st := benchStore(b)
	srv := httptest.NewServer(NewHandler(Options{Store: st, Rate: 1e9, Burst: 1 << 30}))
	defer srv.Close()
	for _, path := range []string{
		"/api/events?source=USA&target=IRN&from=2025-01-01&to=2025-12-31&limit=50",
		"/api/events?dyad=USA-IRN&limit=50",
		"/api/actors?level=country&limit=80",
		"/api/stats",
	} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				resp, err := http.Get(srv.URL + path)
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/request")
		})
	}
}
