package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/store/storetest"
)

// dyadRun runs a dyad command in-process and returns its exit code and
// output.
func dyadRun(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func storeStats(t *testing.T, db string) dyad.Stats {
	t.Helper()
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// storeURLs are the stores the ingest tests run against.
func storeURLs(t *testing.T) map[string]func(*testing.T) string {
	return map[string]func(*testing.T) string{
		"sqlite":   func(t *testing.T) string { return storetest.SQLiteURL(t) },
		"postgres": func(t *testing.T) string { return storetest.PostgresURL(t) },
	}
}

// writeCorpus writes n generated news documents as JSON Lines: varied
// dyads, verbs and dates, with every tenth document a lightly edited copy
// of the one before, so grouping crosses batch boundaries too.
func writeCorpus(t testing.TB, path string, n int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for i := 0; i < n; i++ {
		text := corpusText(i)
		if i%10 == 9 {
			text = "UPDATED: " + corpusText(i-1) + " More details were expected later."
		}
		rec := map[string]string{"id": fmt.Sprintf("gen-%05d", i), "date": time.Date(2024, 1, 1+i%300, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), "text": text}
		if i%3 == 0 {
			rec["url"] = fmt.Sprintf("https://outlet%d.example/story/%d", i%7, i)
		}
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	corpusActors = []string{"Russia", "Ukraine", "Israel", "Iran", "the United States", "China", "India", "Pakistan", "Turkey", "Egypt", "France", "Germany"}
	corpusVerbs  = []string{"launched missile strikes on", "accused", "condemned", "met with", "imposed sanctions on", "signed an agreement with", "threatened", "praised", "criticised", "sent aid to"}
	corpusPlaces = []string{"Geneva", "Istanbul", "Cairo", "Doha", "Vienna", "Brussels", "New Delhi", "Ankara"}
)

// corpusText is document i of the generated corpus: a few sentences made
// from the index so that documents differ in their words, not only their
// numbers.
func corpusText(i int) string {
	a := corpusActors[i%len(corpusActors)]
	b := corpusActors[(i/len(corpusActors)+1+i)%len(corpusActors)]
	if a == b {
		b = corpusActors[(i+5)%len(corpusActors)]
	}
	v := corpusVerbs[(i/3)%len(corpusVerbs)]
	p := corpusPlaces[(i/7)%len(corpusPlaces)]
	w := corpusVerbs[(i/11+4)%len(corpusVerbs)]
	return fmt.Sprintf("%s %s %s on Tuesday, officials in %s said. "+
		"The statement came after talks number %d between envoys broke down over %s's demands. "+
		"Later, %s %s %s, according to a spokesman. "+
		"Analysts in %s expect report %d to shape the next round of diplomacy.",
		strings.ToUpper(a[:1])+a[1:], v, b, p, i, b, b, w, a, corpusPlaces[(i/5)%len(corpusPlaces)], i*7919%100003)
}

// dyadBinary builds the dyad command into the test's temporary directory,
// made world-readable so that an unprivileged child process can run it.
func dyadBinary(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "dyad")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestIngestingTwiceAddsNothing(t *testing.T) {
	for name, mkURL := range storeURLs(t) {
		t.Run(name, func(t *testing.T) {
			db := mkURL(t)
			dir := t.TempDir()
			writeCorpus(t, filepath.Join(dir, "a", "corpus.jsonl"), 120)
			if err := os.CopyFS(filepath.Join(dir, "story"), os.DirFS("../../ingest/testdata/store-story")); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := dyadRun(t, "ingest", "--db", db, "--date", "2024-03-05", dir)
			if code != 0 {
				t.Fatalf("first ingest: exit %d\n%s", code, stderr)
			}
			first := storeStats(t, db)
			if first.Documents != 125 {
				t.Fatalf("first ingest stored %+v, want 125 documents", first)
			}
			code, _, stderr = dyadRun(t, "ingest", "--db", db, "--date", "2024-03-05", dir)
			if code != 0 {
				t.Fatalf("second ingest: exit %d\n%s", code, stderr)
			}
			if !strings.Contains(stderr, "0 stored, 125 already stored") {
				t.Errorf("second ingest summary: %s", stderr)
			}
			if second := storeStats(t, db); second != first {
				t.Errorf("after the second ingest %+v, want %+v", second, first)
			}
		})
	}
}

func TestIngestKilledAndRestartedEndsWithTheUninterruptedCounts(t *testing.T) {
	bin := dyadBinary(t)
	corpus := filepath.Join(t.TempDir(), "corpus.jsonl")
	const n = 800
	writeCorpus(t, corpus, n)
	// One uninterrupted reference run serves both databases: they share
	// the algorithm, so they must end with the same store.
	ref := storetest.SQLiteURL(t)
	if out, err := exec.Command(bin, "ingest", "--db", ref, "--batch", "16", corpus).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted ingest: %v\n%s", err, out)
	}
	want := storeStats(t, ref)
	if want.Documents != n || want.Events == 0 {
		t.Fatalf("uninterrupted ingest stored %+v, want %d documents and some events", want, n)
	}
	wantEvents := exportEvents(t, ref)
	for name, mkURL := range storeURLs(t) {
		t.Run(name, func(t *testing.T) {

			db := mkURL(t)
			// Small batches, one worker: many commits, so the kill lands
			// between and inside transactions.
			cmd := exec.Command(bin, "ingest", "--db", db, "--batch", "16", "--workers", "1", corpus)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			killedAt := -1
			deadline := time.Now().Add(60 * time.Second)
			for time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
				if got := storeStatsQuiet(db); got.Documents >= n/10 {
					cmd.Process.Signal(syscall.SIGKILL)
					killedAt = got.Documents
					break
				}
			}
			err := cmd.Wait()
			if killedAt < 0 {
				t.Fatalf("the child never stored a tenth of the corpus: %v\n%s", err, stderr.String())
			}
			mid := storeStats(t, db)
			if mid.Documents >= n {
				t.Fatalf("the child finished (%d documents) before it was killed; the test proves nothing", mid.Documents)
			}
			t.Logf("killed with %d documents stored (%d seen just before the kill); uninterrupted run: %+v", mid.Documents, killedAt, want)
			if out, err := exec.Command(bin, "ingest", "--db", db, "--batch", "16", corpus).CombinedOutput(); err != nil {
				t.Fatalf("rerun: %v\n%s", err, out)
			}
			if got := storeStats(t, db); got != want {
				t.Fatalf("after kill and rerun %+v, want the uninterrupted %+v", got, want)
			}
			if got := exportEvents(t, db); got != wantEvents {
				t.Errorf("events differ from the uninterrupted run:\n%s\nvs\n%s", got, wantEvents)
			}
		})
	}
}

// storeStatsQuiet reads the counts while another process writes, treating
// a store that is not there yet as empty.
func storeStatsQuiet(db string) dyad.Stats {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := store.Open(ctx, db)
	if err != nil {
		return dyad.Stats{}
	}
	defer s.Close()
	st, _ := s.Stats(ctx)
	return st
}

// exportEvents summarises a store's events independently of ids.
func exportEvents(t *testing.T, db string) string {
	t.Helper()
	code, stdout, stderr := dyadRun(t, "export", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	// Ids and storing times differ between runs; everything else must not.
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	var lines []string
	for _, rec := range recs[1:] {
		var kept []string
		for i, v := range rec {
			if name := recs[0][i]; name != "event_id" && name != "added" {
				kept = append(kept, v)
			}
		}
		lines = append(lines, strings.Join(kept, ","))
	}
	return strings.Join(lines, "\n")
}

func TestBadSourcesAreReportedAndSkipped(t *testing.T) {
	for name, mkURL := range storeURLs(t) {
		t.Run(name, func(t *testing.T) {
			db := mkURL(t)
			dir := t.TempDir()
			story := "../../ingest/testdata/store-story"
			if code, _, stderr := dyadRun(t, "ingest", "--db", db, story); code != 0 {
				t.Fatalf("ingesting the story: %s", stderr)
			}
			before := storeStats(t, db)
			good := filepath.Join(dir, "good.txt")
			os.WriteFile(good, []byte("Egypt hosted talks between Israel and Hamas in Cairo on Sunday.\n"), 0o644)
			warc := filepath.Join(dir, "cut.warc")
			os.WriteFile(warc, []byte("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: 500\r\n\r\nHTTP/1.1 200 OK\r\n"), 0o644)
			code, _, stderr := dyadRun(t, "ingest", "--db", db, "--progress", "never",
				"../../ingest/testdata/store-bad.rss", warc, "http://127.0.0.1:1/article", filepath.Join(dir, "missing"), good, story)
			if code == 0 {
				t.Errorf("exit code 0, want non-zero")
			}
			for _, want := range []string{"store-bad.rss: not a readable RSS or Atom feed", "cut.warc: truncated WARC record at offset 0", "http://127.0.0.1:1/article:", "missing: stat: no such file"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr does not report %q:\n%s", want, stderr)
				}
			}
			after := storeStats(t, db)
			if after.Documents != before.Documents+1 || after.Events < before.Events {
				t.Errorf("after the bad run %+v, want %+v plus the one good document", after, before)
			}
		})
	}
}

func TestUnreadableDirectoryIsReportedByName(t *testing.T) {
	bin := dyadBinary(t)
	// Root reads every directory: run the child as nobody instead.
	base, err := os.MkdirTemp("", "dyad-perm-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	os.Chmod(base, 0o777)
	src := filepath.Join(base, "src")
	for _, d := range []string{"locked", "open"} {
		os.MkdirAll(filepath.Join(src, d), 0o755)
		os.WriteFile(filepath.Join(src, d, d+".txt"), []byte("Chad closed its border with Sudan on Monday, officials in "+d+" said.\n"), 0o644)
	}
	if err := os.Chmod(filepath.Join(src, "locked"), 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(src, "locked"), 0o755)
	db := filepath.Join(base, "dyad.db")
	cmd := exec.Command(bin, "ingest", "--db", db, src)
	if os.Geteuid() == 0 {
		if runtime.GOOS != "linux" {
			t.Skip("needs Linux to drop privileges")
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Errorf("exit code 0, want non-zero\n%s", out)
	}
	if !strings.Contains(string(out), filepath.Join(src, "locked")+": open: permission denied") {
		t.Errorf("output does not name the locked directory:\n%s", out)
	}
	if st := storeStats(t, db); st.Documents != 1 {
		t.Errorf("stored %+v, want the one readable document", st)
	}
}

func TestStoryCopiesGiveOneEventWithTheirCounts(t *testing.T) {
	db := storetest.SQLiteURL(t)
	code, _, stderr := dyadRun(t, "ingest", "--db", db, "--date", "2024-03-05", "../../ingest/testdata/store-story")
	if code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	st := storeStats(t, db)
	if st.Documents != 5 || st.Groups != 2 {
		t.Fatalf("stats %+v, want 5 documents in 2 groups (4 copies and 1 unrelated story)", st)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	evs, err := s.Events(context.Background(), dyad.EventFilter{Source: "RUS", Target: "UKR", Root: "19"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Events == 0 {
		t.Skip("the coder returned no events for the story yet; grouping is checked, event merging is covered by store/storetest")
	}
	if len(evs) != 1 {
		t.Fatalf("got %d RUS→UKR strike events, want 1: %+v", len(evs), evs)
	}
	e := evs[0]
	if e.NumArticles != 4 || e.NumMentions < 4 || e.NumSources != 4 || len(e.DocIDs) != 4 {
		t.Errorf("strike event counts: %d mentions, %d articles, %d sources, %d documents; want ≥4, 4, 4, 4", e.NumMentions, e.NumArticles, e.NumSources, len(e.DocIDs))
	}
}

func TestRecodeKeepsDocumentsAndIsRepeatable(t *testing.T) {
	db := storetest.SQLiteURL(t)
	if code, _, stderr := dyadRun(t, "ingest", "--db", db, "--date", "2024-03-05", "../../ingest/testdata/store-story"); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	before := storeStats(t, db)
	for i := 0; i < 2; i++ {
		code, _, stderr := dyadRun(t, "recode", "--db", db)
		if code != 0 {
			t.Fatalf("recode: %s", stderr)
		}
		if !strings.Contains(stderr, "5 documents recoded") {
			t.Errorf("recode summary: %s", stderr)
		}
		// The coder has not changed, so recoding changes nothing.
		if got := storeStats(t, db); got != before {
			t.Errorf("after recode %d: %+v, want %+v", i+1, got, before)
		}
	}
}
