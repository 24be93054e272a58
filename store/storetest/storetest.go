// Package storetest is the test suite that every dyad.Store implementation
// must pass, run by store/sqlite against a real SQLite file and by
// store/postgres against a real PostgreSQL server. It also provides the
// fresh-database helpers those tests (and the ingest tests) use.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create test schemas

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/internal/skipnote"
)

// PostgresEnv names the environment variable holding the DSN of the test
// PostgreSQL server; scripts/postgres.sh prints it.
const PostgresEnv = "DYAD_TEST_POSTGRES"

// PostgresURL returns the URL of a fresh, empty schema in the test server,
// dropped when the test ends. It skips the test when DYAD_TEST_POSTGRES is
// unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		if os.Getenv("DYAD_REQUIRE_POSTGRES") != "" {
			t.Fatalf("%s is not set but DYAD_REQUIRE_POSTGRES is: the PostgreSQL tests must run", PostgresEnv)
		}
		skipnote.Skip(t, "PostgreSQL", fmt.Sprintf("%s is not set: start a server with `eval \"$(bash scripts/postgres.sh)\"` to run the PostgreSQL tests", PostgresEnv))
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "dyadtest_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("connecting to %s: %v", PostgresEnv, err)
	}
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		db.Close()
		t.Fatalf("creating schema: %v", err)
	}
	t.Cleanup(func() {
		db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		db.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// SQLiteURL returns the URL of a new SQLite file in the test's temporary
// directory.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "dyad.db")
}

// Opener opens a new, empty store for one test.
type Opener func(t *testing.T) dyad.Store

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, dyad.Store)
	}{
		{"saving a batch twice stores it once", testIdempotent},
		{"copies of one story are grouped and their event is stored once", testDuplicates},
		{"unrelated documents keep separate events", testUnrelated},
		{"reports dated beyond the window are separate events", testWindow},
		{"event filters select the right events", testFilters},
		{"keyset paging walks every event once", testPaging},
		{"series aggregate by day, week and month", testSeries},
		{"actors are counted as source and target", testActors},
		{"a document comes back with its sentences and duplicates", testDocument},
		{"a widely reported event returns its first mentions and pages through the rest", testManyMentions},
		{"a document with many copies returns a page of duplicates and pages through the rest", testManyDuplicates},
		{"recoding replaces a document's events atomically", testReplace},
		{"known documents and the document walk see what was saved", testKnownAndEach},
		{"concurrent writers of copies still store one event", testConcurrentWriters},
		{"undated documents and events are counted, listed and can be dated later", testUndated},
		{"a cursor walks events newest first, undated last, each once", testCursor},
		{"events carry their document's name, date source and storing time", testProvenance},
		{"the overview summaries agree with the events after merges, named reports and recoding", testOverviewSummaries},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

// The fixtures: a wire story and its copies, and an unrelated story.
const (
	wire = "Russia launched missile strikes on Ukraine on Tuesday, hitting power stations in Kyiv and Lviv. " +
		"The Ukrainian air force said it shot down most of the missiles over the capital. " +
		"President Zelensky condemned the attack and called for more air defence systems from Western allies. " +
		"The Kremlin said the strikes targeted military infrastructure and energy facilities used by the army."
	unrelated = "Brazil and Argentina signed a trade agreement on beef exports at a summit in Montevideo. " +
		"Officials from both governments praised the deal as a step toward closer economic ties in South America, " +
		"and farmers' unions welcomed lower tariffs on grain and leather goods."
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func doc(id, u, d, text string) *dyad.Document {
	n := min(20, len(text))
	return &dyad.Document{ID: id, URL: u, Date: date(d), Text: text,
		Sentences: []dyad.Sentence{{Index: 0, Span: dyad.Span{0, n}, Text: text[:n]}}}
}

// ev builds an event; opts tweak it.
func ev(d, src, tgt, cameo string, quad int, gold float64, opts ...func(*dyad.Event)) dyad.Event {
	e := dyad.Event{Date: d, SentenceIndex: 0, Sentence: "Russia launched missile strikes on Ukraine.",
		Source: dyad.Actor{Code: src, Text: src, Span: dyad.Span{0, 6}}, Target: dyad.Actor{Code: tgt, Text: tgt, Span: dyad.Span{35, 42}},
		CAMEO: cameo, Root: cameo[:2], Quad: quad, Goldstein: gold, PLOVER: dyad.PLOVER{Type: "ASSAULT", Mode: "aerial"},
		Modality: dyad.Asserted, Rule: "test", Verb: dyad.Phrase{Text: "launched", Span: dyad.Span{7, 15}}}
	for _, o := range opts {
		o(&e)
	}
	return e
}

func withModality(m dyad.Modality) func(*dyad.Event) { return func(e *dyad.Event) { e.Modality = m } }
func withSentence(s string) func(*dyad.Event)        { return func(e *dyad.Event) { e.Sentence = s } }
func withPLOVER(p string) func(*dyad.Event)          { return func(e *dyad.Event) { e.PLOVER.Type = p } }
func anonymous(e *dyad.Event) {
	e.Attribution = &dyad.Attribution{Text: "officials said", Named: false}
}

func save(t *testing.T, s dyad.Store, docs ...dyad.CodedDocument) dyad.SaveResult {
	t.Helper()
	res, err := s.SaveDocuments(context.Background(), docs)
	if err != nil {
		t.Fatalf("SaveDocuments: %v", err)
	}
	return res
}

func stats(t *testing.T, s dyad.Store) dyad.Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

func events(t *testing.T, s dyad.Store, f dyad.EventFilter) []dyad.StoredEvent {
	t.Helper()
	evs, err := s.Events(context.Background(), f)
	if err != nil {
		t.Fatalf("Events(%+v): %v", f, err)
	}
	return evs
}

// rewrite makes a lightly edited copy of the wire story, the way a second
// outlet runs it: a different opening word or two and an added credit line.
func rewrite(n int) string {
	r := strings.NewReplacer("on Tuesday", "early on Tuesday", "most of the missiles", "most of the incoming missiles")
	s := wire
	if n%2 == 1 {
		s = r.Replace(s)
	}
	return s + fmt.Sprintf(" Reporting by desk %d.", n)
}

func testIdempotent(t *testing.T, s dyad.Store) {
	batch := []dyad.CodedDocument{
		{Doc: doc("a", "", "2024-03-01", wire), Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10)}},
		{Doc: doc("b", "", "2024-03-02", unrelated), Events: []dyad.Event{ev("2024-03-02", "BRA", "ARG", "057", 1, 8)}},
	}
	first := save(t, s, batch...)
	if first.Documents != 2 || first.Events != 2 || first.Skipped != 0 {
		t.Fatalf("first save = %+v, want 2 documents and 2 events", first)
	}
	want := stats(t, s)
	second := save(t, s, batch...)
	if second.Documents != 0 || second.Skipped != 2 || second.Events != 0 {
		t.Fatalf("second save = %+v, want everything skipped", second)
	}
	if got := stats(t, s); got != want {
		t.Fatalf("stats after second save = %+v, want %+v", got, want)
	}
	// The same text under a new file name is the same document.
	renamed := batch[0]
	renamed.Doc = doc("copy-of-a", "", "2024-03-01", wire)
	if res := save(t, s, renamed); res.Skipped != 1 {
		t.Fatalf("renamed copy: %+v, want skipped", res)
	}
}

func testDuplicates(t *testing.T, s dyad.Store) {
	var batch []dyad.CodedDocument
	hosts := []string{"https://www.wire.example/a", "https://daily.example/b", "https://daily.example/c", "https://herald.example/d"}
	for i, u := range hosts {
		d := fmt.Sprintf("2024-03-0%d", 1+i%2) // two days, inside the window
		batch = append(batch, dyad.CodedDocument{Doc: doc(fmt.Sprint("copy", i), u, d, rewrite(i)),
			Events: []dyad.Event{ev(d, "RUS", "UKR", "195", 4, -10)}})
	}
	// Mixing batches must not matter: save the first copy alone.
	save(t, s, batch[0])
	res := save(t, s, batch[1:]...)
	if res.Events != 0 || res.Mentions != 3 {
		t.Fatalf("saving the copies = %+v, want 0 new events and 3 mentions", res)
	}
	st := stats(t, s)
	if st.Documents != 4 || st.Groups != 1 || st.Events != 1 || st.Mentions != 4 {
		t.Fatalf("stats = %+v, want 4 documents in 1 group, 1 event with 4 mentions", st)
	}
	evs := events(t, s, dyad.EventFilter{})
	if len(evs) != 1 {
		t.Fatalf("got %d events, want 1", len(evs))
	}
	e := evs[0]
	if e.NumMentions != 4 || e.NumArticles != 4 || e.NumSources != 3 {
		t.Errorf("counts = %d mentions, %d articles, %d sources; want 4, 4, 3", e.NumMentions, e.NumArticles, e.NumSources)
	}
	if len(e.DocIDs) != 4 || len(e.Mentions) != 4 {
		t.Errorf("event links %d documents and %d mentions, want 4 and 4", len(e.DocIDs), len(e.Mentions))
	}
	if e.DocID != dyad.DocumentKey(hosts[0], rewrite(0)) || e.URL != hosts[0] {
		t.Errorf("first mention is %s (%s), want the first copy", e.DocID, e.URL)
	}
	if e.Mentions[1].URL != hosts[1] || e.Mentions[1].Sentence == "" {
		t.Errorf("second mention = %+v, want the second copy with its sentence", e.Mentions[1])
	}
}

func testUnrelated(t *testing.T, s dyad.Store) {
	// The same coded event in an unrelated article is a different report
	// of possibly a different event: GDELT-style counting needs the
	// documents to be copies of one story.
	save(t, s,
		dyad.CodedDocument{Doc: doc("a", "", "2024-03-01", wire), Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10)}},
		dyad.CodedDocument{Doc: doc("b", "", "2024-03-01", unrelated), Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10)}})
	if st := stats(t, s); st.Groups != 2 || st.Events != 2 {
		t.Fatalf("stats = %+v, want 2 groups and 2 events", st)
	}
}

func testWindow(t *testing.T, s dyad.Store) {
	save(t, s,
		dyad.CodedDocument{Doc: doc("a", "https://a.example/1", "2024-03-01", rewrite(0)), Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10)}},
		dyad.CodedDocument{Doc: doc("b", "https://b.example/1", "2024-03-20", rewrite(1)), Events: []dyad.Event{
			ev("2024-03-20", "RUS", "UKR", "195", 4, -10),
			ev("2024-03-20", "RUS", "UKR", "195", 4, -10, withModality(dyad.Negated)),
		}})
	st := stats(t, s)
	if st.Groups != 1 || st.Events != 3 {
		t.Fatalf("stats = %+v, want 1 group and 3 events (distant date and other modality stay apart)", st)
	}
}

// filterFixture stores a small varied set of events.
func filterFixture(t *testing.T, s dyad.Store) {
	t.Helper()
	save(t, s,
		dyad.CodedDocument{Doc: doc("a", "", "2024-03-01", wire), Events: []dyad.Event{
			ev("2024-03-01", "RUSMIL", "UKR", "195", 4, -10),
			ev("2024-03-01", "UKRGOV", "RUS", "111", 3, -2, withSentence("Kyiv condemned the attack by Moscow.")),
			ev("2024-03-01", "USAGOV", "UKRGOV", "042", 1, 1.9, anonymous, withPLOVER("CONSULT")),
		}},
		dyad.CodedDocument{Doc: doc("b", "", "2024-04-10", unrelated), Events: []dyad.Event{
			ev("2024-04-10", "BRA", "ARG", "057", 1, 8, withPLOVER("AGREE")),
			ev("2024-04-10", "BRA", "ARG", "057", 1, 8, withModality(dyad.Planned), withPLOVER("AGREE")),
		}})
}

func testFilters(t *testing.T, s dyad.Store) {
	filterFixture(t, s)
	tests := []struct {
		name string
		f    dyad.EventFilter
		want []string // cameo codes, in result order
	}{
		{"no filter returns everything newest first", dyad.EventFilter{}, []string{"057", "057", "042", "111", "195"}},
		{"an actor prefix matches source or target", dyad.EventFilter{Actor: "RUS"}, []string{"111", "195"}},
		{"a long actor prefix matches the sub-code", dyad.EventFilter{Actor: "UKRGOV"}, []string{"042", "111"}},
		{"a two-letter prefix matches countries", dyad.EventFilter{Source: "US"}, []string{"042"}},
		{"source and target together select a dyad", dyad.EventFilter{Source: "RUS", Target: "UKR"}, []string{"195"}},
		{"a dyad matches both directions", dyad.EventFilter{Dyad: [2]string{"UKR", "RUS"}}, []string{"111", "195"}},
		{"undated only", dyad.EventFilter{Undated: true}, nil},
		{"root", dyad.EventFilter{Root: "11"}, []string{"111"}},
		{"quad", dyad.EventFilter{Quad: 1}, []string{"057", "057", "042"}},
		{"modality", dyad.EventFilter{Modality: []dyad.Modality{dyad.Planned}}, []string{"057"}},
		{"date range is inclusive", dyad.EventFilter{From: date("2024-03-01"), To: date("2024-03-01")}, []string{"042", "111", "195"}},
		{"text search ignores case", dyad.EventFilter{Text: "KYIV condemned"}, []string{"111"}},
		{"text search treats % literally", dyad.EventFilter{Text: "100%"}, nil},
		{"named only drops anonymous reports", dyad.EventFilter{NamedOnly: true, Source: "USA"}, nil},
		{"limit and offset page", dyad.EventFilter{Limit: 2, Offset: 1}, []string{"057", "042"}},
		{"document key", dyad.EventFilter{DocID: dyad.DocumentKey("", unrelated)}, []string{"057", "057"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range events(t, s, tt.f) {
				got = append(got, e.CAMEO)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func testPaging(t *testing.T, s dyad.Store) {
	filterFixture(t, s)
	seen := map[int64]bool{}
	var after int64
	for {
		page := events(t, s, dyad.EventFilter{ByID: true, AfterID: after, Limit: 2})
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			if seen[e.ID] || e.ID <= after {
				t.Fatalf("event %d seen twice or out of order", e.ID)
			}
			seen[e.ID] = true
			after = e.ID
		}
		if after == 0 {
			t.Fatal("AfterID 0 must not loop")
		}
	}
	if len(seen) != 5 {
		t.Fatalf("walked %d events, want 5", len(seen))
	}
}

func testSeries(t *testing.T, s dyad.Store) {
	// Three days in two ISO weeks and two months; one planned event and one
	// anonymous one to exercise the filters; one reverse-direction event.
	save(t, s,
		dyad.CodedDocument{Doc: doc("a", "", "2024-02-28", "a b c d e f g"), Events: []dyad.Event{
			ev("2024-02-28", "USA", "IRN", "173", 4, -5),
			ev("2024-02-28", "USAGOV", "IRNGOV", "042", 1, 1.9, withPLOVER("CONSULT")),
			ev("2024-02-28", "USA", "IRN", "138", 3, -7, withModality(dyad.Planned)),
		}},
		dyad.CodedDocument{Doc: doc("b", "", "2024-03-01", "h i j k l m n"), Events: []dyad.Event{
			ev("2024-03-01", "USA", "IRN", "112", 3, -2, anonymous),
		}},
		dyad.CodedDocument{Doc: doc("c", "", "2024-03-04", "o p q r s t u"), Events: []dyad.Event{
			ev("2024-03-04", "IRN", "USA", "190", 4, -10),
			ev("2024-03-04", "ISR", "IRN", "190", 4, -10),
		}})
	ctx := context.Background()
	type point struct {
		start    string
		events   int
		quad     [5]int
		gold     float64
		roots    string
		consults int
	}
	summarise := func(ps []dyad.SeriesPoint) []point {
		var out []point
		for _, p := range ps {
			var roots []string
			for _, r := range []string{"04", "11", "17", "19"} {
				if p.Roots[r] > 0 {
					roots = append(roots, fmt.Sprintf("%s:%d", r, p.Roots[r]))
				}
			}
			out = append(out, point{p.Start.Format("2006-01-02"), p.Events, p.Quad, p.GoldsteinSum, strings.Join(roots, " "), p.PLOVER["CONSULT"]})
		}
		return out
	}
	tests := []struct {
		name string
		q    dyad.SeriesQuery
		want []point
	}{
		{"daily asserted events of one direction", dyad.SeriesQuery{Source: "USA", Target: "IRN"}, []point{
			{"2024-02-28", 2, [5]int{0, 1, 0, 0, 1}, -3.1, "04:1 17:1", 1},
			{"2024-03-01", 1, [5]int{0, 0, 0, 1, 0}, -2, "11:1", 0},
		}},
		{"both directions", dyad.SeriesQuery{Source: "USA", Target: "IRN", Both: true}, []point{
			{"2024-02-28", 2, [5]int{0, 1, 0, 0, 1}, -3.1, "04:1 17:1", 1},
			{"2024-03-01", 1, [5]int{0, 0, 0, 1, 0}, -2, "11:1", 0},
			{"2024-03-04", 1, [5]int{0, 0, 0, 0, 1}, -10, "19:1", 0},
		}},
		{"weeks start on Monday", dyad.SeriesQuery{Source: "USA", Target: "IRN", Both: true, Interval: dyad.Week}, []point{
			{"2024-02-26", 3, [5]int{0, 1, 0, 1, 1}, -5.1, "04:1 11:1 17:1", 1},
			{"2024-03-04", 1, [5]int{0, 0, 0, 0, 1}, -10, "19:1", 0},
		}},
		{"months", dyad.SeriesQuery{Target: "IRN", Interval: dyad.Month}, []point{
			{"2024-02-01", 2, [5]int{0, 1, 0, 0, 1}, -3.1, "04:1 17:1", 1},
			{"2024-03-01", 2, [5]int{0, 0, 0, 1, 1}, -12, "11:1 19:1", 0},
		}},
		{"modalities and named sources filter", dyad.SeriesQuery{Source: "USA", Target: "IRN", NamedOnly: true,
			Modality: []dyad.Modality{dyad.Asserted, dyad.Planned}}, []point{
			{"2024-02-28", 3, [5]int{0, 1, 0, 1, 1}, -10.1, "04:1 17:1", 1},
		}},
		{"a date range cuts the series", dyad.SeriesQuery{Source: "USA", Target: "IRN", From: date("2024-03-01"), To: date("2024-03-31")}, []point{
			{"2024-03-01", 1, [5]int{0, 0, 0, 1, 0}, -2, "11:1", 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := s.Series(ctx, tt.q)
			if err != nil {
				t.Fatalf("Series: %v", err)
			}
			got := summarise(ps)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.start != w.start || g.events != w.events || g.quad != w.quad || g.roots != w.roots || g.consults != w.consults || !near(g.gold, w.gold) {
					t.Errorf("point %d = %+v, want %+v", i, g, w)
				}
			}
			for _, p := range ps {
				if !near(p.GoldsteinMean*float64(p.Events), p.GoldsteinSum) {
					t.Errorf("mean %v is not sum %v / %d", p.GoldsteinMean, p.GoldsteinSum, p.Events)
				}
			}
		})
	}
	if _, err := s.Series(ctx, dyad.SeriesQuery{Interval: "year"}); err == nil {
		t.Error("an unknown interval must be an error")
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func testActors(t *testing.T, s dyad.Store) {
	filterFixture(t, s)
	as, err := s.Actors(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]dyad.ActorCount{}
	for _, a := range as {
		got[a.Code] = a
	}
	if a := got["BRA"]; a.AsSource != 2 || a.AsTarget != 0 || a.Events != 2 {
		t.Errorf("BRA = %+v, want 2 as source", a)
	}
	if a := got["UKRGOV"]; a.AsSource != 1 || a.AsTarget != 1 {
		t.Errorf("UKRGOV = %+v, want 1 as source and 1 as target", a)
	}
	if len(as) != 7 || as[0].Events < as[len(as)-1].Events {
		t.Errorf("actors = %+v, want 7, most frequent first", as)
	}
}

func testDocument(t *testing.T, s dyad.Store) {
	save(t, s,
		dyad.CodedDocument{Doc: doc("first.txt", "https://a.example/1", "2024-03-01", rewrite(0)), Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10)}},
		dyad.CodedDocument{Doc: doc("second.txt", "https://b.example/1", "2024-03-02", rewrite(1))},
		dyad.CodedDocument{Doc: doc("other.txt", "", "2024-03-02", unrelated)})
	key := dyad.DocumentKey("https://b.example/1", rewrite(1))
	d, err := s.Document(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	if d.Key != key || d.ID != key || d.Name != "second.txt" || d.Text != rewrite(1) || d.Source != "b.example" || !d.Date.Equal(date("2024-03-02")) {
		t.Errorf("document = %+v", d)
	}
	if len(d.Sentences) != 1 || d.Sentences[0].Span != (dyad.Span{0, 20}) {
		t.Errorf("sentences = %+v", d.Sentences)
	}
	first := dyad.DocumentKey("https://a.example/1", rewrite(0))
	if d.Group != first || len(d.Duplicates) != 1 || d.Duplicates[0].Key != first || d.Duplicates[0].Similarity < 0.5 {
		t.Errorf("group %s, duplicates %+v; want the first copy", d.Group, d.Duplicates)
	}
	other, err := s.Document(context.Background(), dyad.DocumentKey("", unrelated))
	if err != nil {
		t.Fatal(err)
	}
	if len(other.Duplicates) != 0 || other.Source != "" {
		t.Errorf("unrelated document = %+v, want no duplicates and no source", other)
	}
	if _, err := s.Document(context.Background(), "nope"); !errors.Is(err, dyad.ErrNotFound) {
		t.Errorf("unknown key: %v, want ErrNotFound", err)
	}
}

func testReplace(t *testing.T, s dyad.Store) {
	a := doc("a", "https://a.example/1", "2024-03-01", rewrite(0))
	b := doc("b", "https://b.example/1", "2024-03-01", rewrite(1))
	save(t, s,
		dyad.CodedDocument{Doc: a, Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10)}},
		dyad.CodedDocument{Doc: b, Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10), ev("2024-03-01", "UKR", "RUS", "111", 3, -2)}})
	ctx := context.Background()
	keyA := dyad.DocumentKey(a.URL, a.Text)
	// Recode a with a new dictionary: its strike becomes a threat.
	if err := s.ReplaceEvents(ctx, []dyad.CodedDocument{{Doc: &dyad.Document{ID: keyA}, Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "138", 3, -7)}}}); err != nil {
		t.Fatal(err)
	}
	st := stats(t, s)
	if st.Documents != 2 || st.Events != 3 || st.Mentions != 3 {
		t.Fatalf("after recode: %+v, want 3 events with 3 mentions", st)
	}
	strikes := events(t, s, dyad.EventFilter{Root: "19"})
	if len(strikes) != 1 || strikes[0].NumArticles != 1 || strikes[0].DocID == keyA {
		t.Fatalf("strike after recode = %+v, want one report left, from b", strikes)
	}
	// A batch naming an unknown document is rolled back whole.
	err := s.ReplaceEvents(ctx, []dyad.CodedDocument{
		{Doc: &dyad.Document{ID: keyA}},
		{Doc: &dyad.Document{ID: "missing"}},
	})
	if !errors.Is(err, dyad.ErrNotFound) {
		t.Fatalf("unknown document: %v, want ErrNotFound", err)
	}
	if got := stats(t, s); got != st {
		t.Fatalf("failed recode changed the store: %+v, want %+v", got, st)
	}
}

func testKnownAndEach(t *testing.T, s dyad.Store) {
	filterFixture(t, s)
	ctx := context.Background()
	ka, kb := dyad.DocumentKey("", wire), dyad.DocumentKey("", unrelated)
	known, err := s.KnownDocuments(ctx, []string{ka, "nope", kb})
	if err != nil {
		t.Fatal(err)
	}
	if len(known) != 2 || !known[ka] || !known[kb] {
		t.Errorf("known = %v", known)
	}
	var keys []string
	if err := s.EachDocument(ctx, func(d *dyad.Document) error {
		if d.Text == "" || d.Date.IsZero() {
			t.Errorf("document %s has no text or date", d.ID)
		}
		keys = append(keys, d.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(keys, ",") != ka+","+kb {
		t.Errorf("walk = %v, want %s then %s", keys, ka, kb)
	}
}

func testConcurrentWriters(t *testing.T, s dyad.Store) {
	const writers = 4
	errs := make(chan error, writers)
	for i := 0; i < writers; i++ {
		go func() {
			u := fmt.Sprintf("https://outlet%d.example/story", i)
			_, err := s.SaveDocuments(context.Background(), []dyad.CodedDocument{{Doc: doc(fmt.Sprint(i), u, "2024-03-01", rewrite(i)),
				Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10)}}})
			errs <- err
		}()
	}
	for i := 0; i < writers; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	st := stats(t, s)
	if st.Documents != writers || st.Groups != 1 || st.Events != 1 || st.Mentions != writers {
		t.Fatalf("stats = %+v, want %d documents in one group reporting one event", st, writers)
	}
	if e := events(t, s, dyad.EventFilter{}); len(e) != 1 || e[0].NumSources != writers {
		t.Fatalf("events = %+v, want one event from %d sources", e, writers)
	}
}

func testUndated(t *testing.T, s dyad.Store) {
	ctx := context.Background()
	undated := &dyad.Document{ID: "notes.txt", Text: unrelated}
	save(t, s,
		dyad.CodedDocument{Doc: doc("a", "", "2024-03-01", wire), Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10)}},
		dyad.CodedDocument{Doc: undated, Events: []dyad.Event{ev("", "BRA", "ARG", "057", 1, 8)}})
	st := stats(t, s)
	if st.UndatedDocuments != 1 || st.UndatedEvents != 1 {
		t.Errorf("undated documents %d, events %d; want 1 and 1", st.UndatedDocuments, st.UndatedEvents)
	}
	if !st.First.Equal(date("2024-03-01")) || !st.Last.Equal(date("2024-03-01")) {
		t.Errorf("stored period %v to %v, want 2024-03-01 for both", st.First, st.Last)
	}
	if first, last, err := s.Period(ctx); err != nil || !first.Equal(st.First) || !last.Equal(st.Last) {
		t.Errorf("Period = %v, %v, %v; want the Stats period %v to %v", first, last, err, st.First, st.Last)
	}
	got := events(t, s, dyad.EventFilter{Undated: true})
	if len(got) != 1 || got[0].CAMEO != "057" || got[0].Date != "" {
		t.Fatalf("undated events = %+v, want the one BRA→ARG event", got)
	}
	if all := events(t, s, dyad.EventFilter{}); len(all) != 2 || all[1].CAMEO != "057" {
		t.Errorf("an unfiltered listing must show the undated event last, got %d events", len(all))
	}
	// Recoding with a date dates the document and its events.
	key := dyad.DocumentKey("", unrelated)
	dated := &dyad.Document{ID: key, Text: unrelated, Date: date("2024-05-02"), DateSource: "flag"}
	if err := s.ReplaceEvents(ctx, []dyad.CodedDocument{{Doc: dated, Events: []dyad.Event{ev("2024-05-02", "BRA", "ARG", "057", 1, 8)}}}); err != nil {
		t.Fatal(err)
	}
	st = stats(t, s)
	if st.UndatedDocuments != 0 || st.UndatedEvents != 0 || !st.Last.Equal(date("2024-05-02")) {
		t.Errorf("after dating: undated %d/%d, last %v; want 0, 0, 2024-05-02", st.UndatedDocuments, st.UndatedEvents, st.Last)
	}
	d, err := s.Document(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Date.Equal(date("2024-05-02")) || d.DateSource != "flag" {
		t.Errorf("document dated %v from %q, want 2024-05-02 from flag", d.Date, d.DateSource)
	}
	var walked []string
	s.EachDocument(ctx, func(d *dyad.Document) error {
		walked = append(walked, d.Date.Format(time.DateOnly)+" "+d.DateSource)
		return nil
	})
	if strings.Join(walked, ",") != "2024-03-01 unknown,2024-05-02 flag" {
		t.Errorf("the document walk saw %v", walked)
	}
}

func testCursor(t *testing.T, s dyad.Store) {
	filterFixture(t, s)
	save(t, s, dyad.CodedDocument{Doc: &dyad.Document{ID: "u", Text: "An undated note about talks in Montevideo and beef exports."},
		Events: []dyad.Event{ev("", "URY", "BRA", "036", 1, 4), ev("", "BRA", "URY", "036", 1, 4)}})
	want := events(t, s, dyad.EventFilter{Limit: 100})
	if len(want) != 7 {
		t.Fatalf("fixture has %d events, want 7", len(want))
	}
	var got []int64
	f := dyad.EventFilter{Limit: 2}
	for range 10 {
		page := events(t, s, f)
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			got = append(got, e.ID)
		}
		last := page[len(page)-1]
		c := &dyad.EventCursor{ID: last.ID}
		if last.Date != "" {
			c.Date = date(last.Date)
		}
		f.Cursor = c
	}
	var wantIDs []int64
	for _, e := range want {
		wantIDs = append(wantIDs, e.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(wantIDs) {
		t.Errorf("cursor pages gave %v, want the one-page order %v", got, wantIDs)
	}
}

func testProvenance(t *testing.T, s dyad.Store) {
	before := time.Now().Add(-time.Second).Truncate(time.Second)
	d := doc("story.txt", "", "2024-03-01", wire)
	d.DateSource = "dateline"
	save(t, s, dyad.CodedDocument{Doc: d, Events: []dyad.Event{ev("2024-03-01", "RUS", "UKR", "195", 4, -10)}})
	got := events(t, s, dyad.EventFilter{})
	if len(got) != 1 {
		t.Fatalf("%d events", len(got))
	}
	e := got[0]
	if e.DocName != "story.txt" || e.DateSource != "dateline" {
		t.Errorf("doc name %q, date source %q; want story.txt and dateline", e.DocName, e.DateSource)
	}
	if e.Added.Before(before) || e.Added.After(time.Now().Add(time.Second)) {
		t.Errorf("added %v, want about now", e.Added)
	}
	if n := len(events(t, s, dyad.EventFilter{AddedSince: e.Added})); n != 1 {
		t.Errorf("AddedSince its own time kept %d events, want 1", n)
	}
	if n := len(events(t, s, dyad.EventFilter{AddedSince: e.Added.Add(time.Second)})); n != 0 {
		t.Errorf("AddedSince a second later kept %d events, want 0", n)
	}
}

// testManyMentions stores one event reported by 45 sentences of one
// document: a listing returns the first MentionsPerEvent of them, and
// Mentions pages through all 45.
func testManyMentions(t *testing.T, s dyad.Store) {
	const n = 45
	var evs []dyad.Event
	for i := range n {
		evs = append(evs, ev("2024-03-01", "RUS", "UKR", "195", 4, -10, func(e *dyad.Event) { e.SentenceIndex = i }))
	}
	save(t, s, dyad.CodedDocument{Doc: doc("many", "https://wire.example/many", "2024-03-01", wire), Events: evs})
	listed := events(t, s, dyad.EventFilter{})
	if len(listed) != 1 || listed[0].NumMentions != n {
		t.Fatalf("got %d events (first with %d mentions), want 1 event with %d", len(listed), listed[0].NumMentions, n)
	}
	if got := len(listed[0].Mentions); got != dyad.MentionsPerEvent {
		t.Errorf("a listing returns %d mentions of the event, want the first %d", got, dyad.MentionsPerEvent)
	}
	key := dyad.DocumentKey("https://wire.example/many", wire)
	if got := events(t, s, dyad.EventFilter{DocID: key, MaxMentions: 5}); len(got) != 1 || len(got[0].Mentions) != 5 || got[0].Mentions[0].DocID != key {
		t.Errorf("with a document and 5 mentions an event: %+v", got)
	}
	if got := events(t, s, dyad.EventFilter{MaxMentions: -1}); len(got[0].Mentions) != n {
		t.Errorf("MaxMentions -1 returns %d mentions, want all %d", len(got[0].Mentions), n)
	}
	var all []dyad.EventMention
	var after int64
	for page := 0; ; page++ {
		ms, next, err := s.Mentions(context.Background(), listed[0].ID, after, 20)
		if err != nil {
			t.Fatalf("Mentions page %d: %v", page, err)
		}
		if len(ms) > 20 || page > 3 {
			t.Fatalf("page %d holds %d mentions", page, len(ms))
		}
		all = append(all, ms...)
		if next == 0 {
			break
		}
		after = next
	}
	if len(all) != n {
		t.Fatalf("paging gave %d mentions, want %d", len(all), n)
	}
	for i, m := range all {
		if m.SentenceIndex != i {
			t.Fatalf("mention %d is of sentence %d: paging skips or repeats", i, m.SentenceIndex)
		}
	}
	if _, _, err := s.Mentions(context.Background(), listed[0].ID+1000, 0, 10); !errors.Is(err, dyad.ErrNotFound) {
		t.Errorf("mentions of an unknown event: %v, want ErrNotFound", err)
	}
}

// testManyDuplicates stores one text at DuplicatesPage+5 addresses: the
// document comes back with the first page of its duplicates and their
// count, and Duplicates pages through them all.
func testManyDuplicates(t *testing.T, s dyad.Store) {
	n := dyad.DuplicatesPage + 6
	var docs []dyad.CodedDocument
	for i := range n {
		docs = append(docs, dyad.CodedDocument{Doc: doc(fmt.Sprint("copy", i), fmt.Sprintf("https://outlet%d.example/story", i), "2024-03-01", wire)})
	}
	save(t, s, docs...)
	key := dyad.DocumentKey("https://outlet0.example/story", wire)
	d, err := s.Document(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Duplicates) != dyad.DuplicatesPage || d.NumDuplicates != n-1 {
		t.Fatalf("document has %d duplicates listed, %d counted; want %d and %d", len(d.Duplicates), d.NumDuplicates, dyad.DuplicatesPage, n-1)
	}
	seen := map[string]bool{}
	var after int64
	for page := 0; ; page++ {
		refs, next, err := s.Duplicates(context.Background(), key, after, 40)
		if err != nil {
			t.Fatalf("Duplicates page %d: %v", page, err)
		}
		for _, r := range refs {
			if seen[r.Key] || r.Key == key {
				t.Fatalf("page %d repeats %s or lists the document itself", page, r.Key)
			}
			seen[r.Key] = true
		}
		if next == 0 {
			break
		}
		after = next
	}
	if len(seen) != n-1 {
		t.Fatalf("paging gave %d duplicates, want %d", len(seen), n-1)
	}
	if _, _, err := s.Duplicates(context.Background(), "nope", 0, 10); !errors.Is(err, dyad.ErrNotFound) {
		t.Errorf("duplicates of an unknown document: %v, want ErrNotFound", err)
	}
}
