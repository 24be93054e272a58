package api

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/postgres"
	"github.com/dyad-events/dyad/store/sqlite"
	"github.com/dyad-events/dyad/store/storetest"
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
	path := os.Getenv("DYAD_BENCH_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), "dyad-bench-1m-v2.db")
	}
	st, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		b.Fatalf("opening %s: %v", path, err)
	}
	b.Cleanup(func() { st.Close() })
	fillBenchStore(b, st, path)
	return st
}

// benchPostgres opens (building it on first use) the same store in the
// schema dyad_bench_1m of the server named by DYAD_TEST_POSTGRES, kept
// between runs like the SQLite file. It skips without a server.
func benchPostgres(b *testing.B) dyad.Store {
	b.Helper()
	dsn := os.Getenv(storetest.PostgresEnv)
	if dsn == "" {
		b.Skipf("%s is not set: no PostgreSQL benchmark", storetest.PostgresEnv)
	}
	ctx := context.Background()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	_, err = db.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS dyad_bench_1m")
	db.Close()
	if err != nil {
		b.Fatalf("creating the bench schema: %v", err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", "dyad_bench_1m")
	u.RawQuery = q.Encode()
	st, err := postgres.Open(ctx, u.String(), postgres.Options{})
	if err != nil {
		b.Fatalf("opening the bench schema: %v", err)
	}
	b.Cleanup(func() { st.Close() })
	fillBenchStore(b, st, "postgres schema dyad_bench_1m")
	return st
}

// benchBackends are the stores the overview benchmarks run on.
var benchBackends = []struct {
	name string
	open func(*testing.B) dyad.Store
}{{"sqlite", benchStore}, {"postgres", benchPostgres}}

// analyzer is what both stores offer to refresh planner statistics.
type analyzer interface{ Analyze(context.Context) error }

// fillBenchStore generates the million events into an empty store.
func fillBenchStore(b *testing.B, st dyad.Store, path string) {
	b.Helper()
	ctx := context.Background()
	stats, err := st.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if stats.Events >= benchEvents {
		return
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
	if err := st.(analyzer).Analyze(ctx); err != nil {
		b.Fatalf("analyzing: %v", err)
	}
	b.Logf("built %s: %d events in %s", path, made, time.Since(start).Round(time.Second))
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
// (56 directed dyads, a year of daily series each, with the escalation
// test), uncached, on both stores: one aggregate query by country pair.
func BenchmarkAlertsOverview(b *testing.B) {
	for _, be := range benchBackends {
		b.Run(be.name, func(b *testing.B) {
			benchOverview(b, be.open(b), "/api/alerts?from=2025-01-01&to=2025-12-")
		})
	}
}

// BenchmarkNetworkOverview times /api/network over the ten busiest actors
// (90 directed dyads, a year of events), uncached, on both stores.
func BenchmarkNetworkOverview(b *testing.B) {
	for _, be := range benchBackends {
		b.Run(be.name, func(b *testing.B) {
			benchOverview(b, be.open(b), "/api/network?from=2025-01-01&to=2025-12-")
		})
	}
}

// benchOverview asks for an overview over HTTP, a new period each time
// (the last day of the year moves) so that the overview cache never
// answers.
func benchOverview(b *testing.B, st dyad.Store, prefix string) {
	srv := httptest.NewServer(NewHandler(Options{Store: st, Rate: 1e9, Burst: 1 << 30}))
	defer srv.Close()
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		resp, err := http.Get(srv.URL + prefix + fmt.Sprintf("%02d", 31-i%28))
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d: %s", resp.StatusCode, body)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/request")
	// The machine is shared: CPU time per request (this process's: the
	// handler and, for SQLite, the database) is steadier than wall time.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/request")
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
