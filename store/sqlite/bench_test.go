package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/store/sqlite"
	"github.com/dyad-events/dyad/store/storetest"
)

var (
	benchActors = []string{"Russia", "Ukraine", "Israel", "Iran", "the United States", "China", "India", "Pakistan", "Turkey", "Egypt", "France", "Germany", "Syria", "Saudi Arabia", "Japan"}
	benchVerbs  = []string{"launched missile strikes on", "accused", "condemned", "met with", "imposed sanctions on", "signed an agreement with", "threatened", "praised", "criticised", "sent aid to", "warned", "expelled diplomats from"}
	benchPlaces = []string{"Geneva", "Istanbul", "Cairo", "Doha", "Vienna", "Brussels", "New Delhi", "Ankara", "Riyadh", "Tokyo"}
)

// benchDocument is generated news article i: five sentences naming actors,
// verbs and places chosen from the index, with numbers that make every
// document's words differ.
func benchDocument(i int) *dyad.Document {
	pick := func(list []string, k int) string { return list[k%len(list)] }
	a, b := pick(benchActors, i), pick(benchActors, i*7+3)
	if a == b {
		b = pick(benchActors, i+1)
	}
	c := pick(benchActors, i*11+5)
	cap1 := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	text := fmt.Sprintf("%s %s %s on Tuesday, officials in %s said.\n"+
		"The move followed round %d of talks, which broke down over %s's demands on border crossing %d.\n"+
		"%s %s %s later in the day, according to a spokesman.\n"+
		"Analysts in %s said report %d would shape the next meeting of envoys.\n"+
		"%s %s both governments, urging restraint.",
		cap1(a), pick(benchVerbs, i/3), b, pick(benchPlaces, i/5), i%97, b, i*7919%100003,
		cap1(b), pick(benchVerbs, i/7+5), a, pick(benchPlaces, i/11+3), i,
		cap1(c), pick(benchVerbs, i/13+2))
	return &dyad.Document{ID: "bench-" + strconv.Itoa(i), Text: text, Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365)}
}

// peakRSS is the process's peak resident set (VmHWM), or 0 where /proc
// does not have it.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// heapPeak samples the live heap while a benchmark runs.
type heapPeak struct {
	max  atomic.Uint64
	stop chan struct{}
}

func watchHeap() *heapPeak {
	h := &heapPeak{stop: make(chan struct{})}
	go func() {
		var ms runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > h.max.Load() {
					h.max.Store(ms.HeapInuse)
				}
			}
		}
	}()
	return h
}

// BenchmarkIngest codes and stores 10,000 generated documents with the
// real pipeline into a new SQLite file per iteration, as dyad ingest does,
// and reports documents and events per second and peak memory.
func BenchmarkIngest(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	p, err := pipeline.New(ctx, pipeline.Options{})
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]*dyad.Document, n)
	for i := range docs {
		docs[i] = benchDocument(i)
	}
	runtime.GC()
	heap := watchHeap()
	defer close(heap.stop)
	var events, groups int
	var elapsed time.Duration
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		var s dyad.Store
		var err error
		if os.Getenv("DYAD_BENCH_SAVE") == "postgres" {
			s, err = store.Open(ctx, storetest.PostgresURL(b))
		} else {
			s, err = sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		l := &store.Loader{Store: s, Coder: p}
		for _, d := range docs {
			// The pipeline annotates documents in place: give it a fresh
			// copy each iteration.
			c := *d
			if err := l.Add(ctx, &c); err != nil {
				b.Fatal(err)
			}
		}
		if err := l.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		st, _ := s.Stats(ctx)
		events, groups = st.Events, st.Groups
		if l.Stats().Stored != n {
			b.Fatalf("stored %d documents, want %d", l.Stats().Stored, n)
		}
		s.Close()
		b.StartTimer()
	}
	b.StopTimer()
	secs := elapsed.Seconds() / float64(b.N)
	b.ReportMetric(n/secs, "docs/s")
	b.ReportMetric(float64(events)/secs, "events/s")
	b.ReportMetric(float64(events), "events")
	b.ReportMetric(float64(groups), "groups")
	b.ReportMetric(float64(heap.max.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MiB")
}

// BenchmarkSaveDocuments measures the store alone: 10,000 generated
// documents with three constructed events each, no coder, in batches of
// 64 (one transaction each), as one worker saves them. With
// DYAD_BENCH_SAVE=postgres it saves to a fresh schema of the PostgreSQL
// test server instead (DYAD_TEST_POSTGRES).
func BenchmarkSaveDocuments(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	batches := make([][]dyad.CodedDocument, 0, n/64+1)
	var batch []dyad.CodedDocument
	for i := 0; i < n; i++ {
		d := benchDocument(i)
		day := d.Date.Format("2006-01-02")
		var evs []dyad.Event
		for k := 0; k < 3; k++ {
			src, tgt := benchCodes[(i+k)%len(benchCodes)], benchCodes[(i*7+k+1)%len(benchCodes)]
			evs = append(evs, dyad.Event{DocID: d.ID, Date: day, SentenceIndex: k, Sentence: "generated",
				Source: dyad.Actor{Code: src}, Target: dyad.Actor{Code: tgt}, CAMEO: "190", Root: "19", Quad: 4, Goldstein: -10, Modality: dyad.Asserted})
		}
		batch = append(batch, dyad.CodedDocument{Doc: d, Events: evs})
		if len(batch) == 64 {
			batches, batch = append(batches, batch), nil
		}
	}
	batches = append(batches, batch)
	var elapsed time.Duration
	var events int
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		var s dyad.Store
		var err error
		if os.Getenv("DYAD_BENCH_SAVE") == "postgres" {
			s, err = store.Open(ctx, storetest.PostgresURL(b))
		} else {
			s, err = sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		for _, bt := range batches {
			if _, err := s.SaveDocuments(ctx, bt); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		b.StopTimer()
		st, _ := s.Stats(ctx)
		events = st.Events
		s.Close()
		b.StartTimer()
	}
	secs := elapsed.Seconds() / float64(b.N)
	b.ReportMetric(n/secs, "docs/s")
	b.ReportMetric(float64(events)/secs, "events/s")
}

var benchCodes = []string{"USA", "USAGOV", "IRN", "IRNGOV", "ISR", "ISRMIL", "RUS", "RUSMIL", "UKR", "CHN", "IND", "PAK", "TUR", "EGY", "FRA", "DEU", "SYR", "SAU", "JPN", "IGOUNO"}

// BenchmarkSeries asks for a year of daily series of one busy dyad
// (USA→IRN, about 5% of all events) from a store of 1,000,000 generated
// events. The store is built once per run (about a minute) and reused by
// every iteration; only the query is timed.
func BenchmarkSeries(b *testing.B) {
	const total = 1_000_000
	ctx := context.Background()
	// DYAD_BENCH_SERIES_DB names a file to keep the generated store in
	// between runs (it is filled only when new).
	path := os.Getenv("DYAD_BENCH_SERIES_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "series.db")
	}
	_, statErr := os.Stat(path)
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if statErr != nil {
		start := time.Now()
		if err := fillEvents(ctx, s, total); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated %d events in %s", total, time.Since(start).Round(time.Second))
	}
	q := dyad.SeriesQuery{Source: "USA", Target: "IRN", Interval: dyad.Day,
		From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
	pts, err := s.Series(ctx, q)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, p := range pts {
		n += p.Events
	}
	b.Logf("USA→IRN: %d daily points, %d events", len(pts), n)
	for _, tc := range []struct {
		name string
		q    dyad.SeriesQuery
	}{
		{"day", q},
		{"week-both-directions", func() dyad.SeriesQuery { q := q; q.Interval, q.Both = dyad.Week, true; return q }()},
		{"month-all-modalities-named", func() dyad.SeriesQuery {
			q := q
			q.Interval, q.NamedOnly = dyad.Month, true
			q.Modality = []dyad.Modality{dyad.Asserted, dyad.Planned, dyad.Negated, dyad.Hypothetical, dyad.Denied}
			return q
		}()},
		{"day-USAGOV-IRNGOV", func() dyad.SeriesQuery { q := q; q.Source, q.Target = "USAGOV", "IRNGOV"; return q }()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.Series(ctx, tc.q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/query")
		})
	}
}

// fillEvents inserts generated events straight into the events table (a
// series reads nothing else), in one transaction.
func fillEvents(ctx context.Context, s *sqlite.Store, total int) error {
	db := s.DB()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO events (group_id, source_code, target_code, source_country, target_country,
		cameo, root, quad, goldstein, plover_type, plover_mode, modality, day, month, named, num_mentions, num_articles, num_sources, first_mention)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, 1, 1, 1, 0)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	r := rand.New(rand.NewPCG(1, 2))
	roots := []struct {
		cameo, root, plover string
		quad                int
		gold                float64
	}{{"042", "04", "CONSULT", 1, 1.9}, {"057", "05", "AGREE", 1, 8}, {"112", "11", "ACCUSE", 3, -2}, {"138", "13", "THREATEN", 3, -7}, {"173", "17", "COERCE", 4, -5}, {"190", "19", "ASSAULT", 4, -10}, {"070", "07", "AID", 2, 7}}
	mods := []string{"asserted", "asserted", "asserted", "asserted", "planned", "negated", "hypothetical"}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	for i := 0; i < total; i++ {
		var src, tgt string
		if r.IntN(20) == 0 { // the busy dyad
			src, tgt = benchCodes[r.IntN(2)], benchCodes[2+r.IntN(2)]
		} else {
			src, tgt = benchCodes[r.IntN(len(benchCodes))], benchCodes[r.IntN(len(benchCodes))]
		}
		ro := roots[r.IntN(len(roots))]
		day := base + int64(r.IntN(366))
		t := time.Unix(day*86400, 0).UTC()
		month := int64(t.Year())*12 + int64(t.Month()) - 1
		named := 1
		if r.IntN(4) == 0 { // a quarter rest on unnamed sources
			named = 0
		}
		if _, err := stmt.ExecContext(ctx, i/3, src, tgt, src[:3], tgt[:3], ro.cameo, ro.root, ro.quad, ro.gold, ro.plover,
			mods[r.IntN(len(mods))], day, month, named); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return s.Analyze(ctx)
}
