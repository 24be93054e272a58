package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/store/storetest"
)

// exportedEvents reads every event of a store as export writes it.
func exportedEvents(t *testing.T, db string, args ...string) []map[string]any {
	t.Helper()
	code, stdout, stderr := dyadRun(t, append([]string{"export", "--db", db, "--format", "jsonl", "--modality", "all"}, args...)...)
	if code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// The mixed corpus of the issue: plain text, HTML with metadata dates, a
// text with only a dateline, an RSS feed and JSON Lines. Every document
// but notes.txt carries a date somewhere; notes.txt must be named as
// undated, and nothing else may be.
func TestMixedIngestLeavesNoSilentlyUndatedEvent(t *testing.T) {
	db := storetest.SQLiteURL(t)
	code, _, stderr := dyadRun(t, "ingest", "--db", db, "--progress", "never", "testdata/mixed")
	if code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "created a new store") {
		t.Errorf("ingest did not say it created the store:\n%s", stderr)
	}
	if !strings.Contains(stderr, "warning: notes.txt: no date found") {
		t.Errorf("the undated notes.txt is not named:\n%s", stderr)
	}
	if n := strings.Count(stderr, "no date found"); n != 1 {
		t.Errorf("%d documents reported undated, want only notes.txt:\n%s", n, stderr)
	}
	if !strings.Contains(stderr, "1 undated") {
		t.Errorf("the summary does not count the undated document:\n%s", stderr)
	}
	events := exportedEvents(t, db)
	if len(events) == 0 {
		t.Fatal("the mixed corpus gave no events")
	}
	sources := map[string]string{}
	undatedSeen := false
	for _, e := range events {
		name, _ := e["doc_name"].(string)
		date, _ := e["date"].(string)
		src, _ := e["date_source"].(string)
		if date == "" {
			if name != "notes.txt" {
				t.Errorf("event of %s is undated and no warning named it: %v", name, e)
			}
			undatedSeen = true
			continue
		}
		sources[name] = src
	}
	if !undatedSeen {
		t.Log("the coder found no event in notes.txt; the warning is still checked above")
	}
	want := map[string]string{
		"wire.txt": "dateline", "page-meta.html": "html-meta", "page-jsonld.html": "json-ld",
		"https://news.example/world/border-clash": "feed", "https://news.example/2024/03/04/doha-talks": "url",
		"batch-1": "record", "batch-2": "url", "batch-3": "dateline",
	}
	for name, src := range sources {
		if w, ok := want[name]; ok && w != src {
			t.Errorf("%s dated from %q, want %q", name, src, w)
		}
	}
	if len(sources) < 4 {
		t.Errorf("only %d dated documents have events (%v): the corpus is too thin to test", len(sources), sources)
	}
}

func TestIngestAndRecodeDateStoredUndatedDocuments(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	data, err := os.ReadFile("testdata/mixed/notes.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(notes, data, 0o644)
	for _, how := range []string{"ingest", "recode"} {
		t.Run(how, func(t *testing.T) {
			db := storetest.SQLiteURL(t)
			if code, _, stderr := dyadRun(t, "ingest", "--db", db, "--progress", "never", notes); code != 0 {
				t.Fatalf("ingest: %s", stderr)
			}
			if st := storeStats(t, db); st.UndatedDocuments != 1 {
				t.Fatalf("undated documents %d, want 1", st.UndatedDocuments)
			}
			var code int
			var stderr string
			if how == "ingest" {
				code, _, stderr = dyadRun(t, "ingest", "--db", db, "--progress", "never", "--date", "2024-06-04", notes)
			} else {
				code, _, stderr = dyadRun(t, "recode", "--db", db, "--progress", "never", "--date", "2024-06-04")
			}
			if code != 0 {
				t.Fatalf("%s --date: %s", how, stderr)
			}
			st := storeStats(t, db)
			if st.UndatedDocuments != 0 || st.UndatedEvents != 0 {
				t.Errorf("after %s --date: %d undated documents, %d undated events; want none\n%s", how, st.UndatedDocuments, st.UndatedEvents, stderr)
			}
			for _, e := range exportedEvents(t, db) {
				if e["date"] != "2024-06-04" || e["date_source"] != "flag" {
					t.Errorf("event dated %v from %v, want 2024-06-04 from flag", e["date"], e["date_source"])
				}
			}
		})
	}
}

func TestCommandsThatReadAStoreRefuseOneThatDoesNotExist(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"export"}, {"recode"}, {"serve", "--addr", "127.0.0.1:0"}} {
		db := filepath.Join(dir, "nosuch-"+args[0]+".db")
		code, stdout, stderr := dyadRun(t, append(append([]string{}, args...), "--db", db)...)
		if code == 0 {
			t.Errorf("dyad %s --db %s exited 0 (stdout %q)", args[0], db, stdout)
		}
		if !strings.Contains(stderr, "does not exist") || !strings.Contains(stderr, "dyad ingest") {
			t.Errorf("dyad %s: the error does not say the store is missing and how to make one:\n%s", args[0], stderr)
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("dyad %s created %s", args[0], db)
		}
	}
}
