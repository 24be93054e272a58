package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/store/storetest"
)

// A JSON Lines batch whose dates come in every form: each document is
// stored and coded (a date of a month used to lose the whole document),
// a partial date is the first day of its period with date_source saying
// so, and a date in no known form is a warning, not a failure.
func TestIngestKeepsEveryDocumentWhateverTheFormOfItsDate(t *testing.T) {
	dir := t.TempDir()
	batch := filepath.Join(dir, "batch.jsonl")
	lines := []string{
		`{"id":"month","date":"2013-10","text":"Russia attacked Ukraine on Thursday."}`,
		`{"id":"year","date":"2013","text":"France attacked Mali on Thursday."}`,
		`{"id":"written","date":"June 15, 2025","text":"Israel attacked Lebanon on Thursday."}`,
		`{"id":"rfc1123","date":"Sun, 15 Jun 2025 08:00:00 GMT","text":"Turkey attacked Syria on Thursday."}`,
		`{"id":"unreadable","date":"last spring","text":"Ethiopia attacked Eritrea on Thursday."}`,
	}
	if err := os.WriteFile(batch, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := storetest.SQLiteURL(t)
	code, _, stderr := dyadRun(t, "ingest", "--db", db, "--progress", "never", batch)
	if code != 0 {
		t.Fatalf("ingest exited %d; a date dyad cannot read must not fail the run:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, `warning: `+batch+`:5: document unreadable: unknown date form "last spring"`) {
		t.Errorf("the unreadable date is not named:\n%s", stderr)
	}
	if !strings.Contains(stderr, "5 stored") {
		t.Errorf("not every document was stored:\n%s", stderr)
	}
	got := map[string]string{}
	for _, e := range exportedEvents(t, db) {
		name, _ := e["doc_name"].(string)
		date, _ := e["date"].(string)
		src, _ := e["date_source"].(string)
		got[name] = date + " " + src
	}
	want := map[string]string{
		"month": "2013-10-01 record:month", "year": "2013-01-01 record:year", "written": "2025-06-15 record",
		"rfc1123": "2025-06-15 record", "unreadable": " ",
	}
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("%s: events dated %q (coded: %v), want %q", name, g, ok, w)
		}
	}
}

func TestDateFlagsTakeAMonthOrAYearAndSaySo(t *testing.T) {
	dir := t.TempDir()
	story := filepath.Join(dir, "story.txt")
	if err := os.WriteFile(story, []byte("Russia attacked Ukraine on Thursday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := storetest.SQLiteURL(t)
	if code, _, stderr := dyadRun(t, "ingest", "--db", db, "--progress", "never", "--date", "2013-10", story); code != 0 {
		t.Fatalf("ingest --date 2013-10: %s", stderr)
	}
	for _, e := range exportedEvents(t, db) {
		if e["date"] != "2013-10-01" || e["date_source"] != "flag:month" {
			t.Errorf("event dated %v from %v, want 2013-10-01 from flag:month", e["date"], e["date_source"])
		}
	}
	code, stdout, stderr := dyadRun(t, "code", "--date", "2013", story)
	if code != 0 || !strings.Contains(stdout, `"date":"2013-01-01"`) {
		t.Fatalf("code --date 2013: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "dated only to the year (date source flag:year)") {
		t.Errorf("code does not say the date is a year's first day:\n%s", stderr)
	}
	if code, _, stderr := dyadRun(t, "code", "--date", "2013-13", story); code == 0 || !strings.Contains(stderr, `unknown date form "2013-13"`) {
		t.Errorf("code --date 2013-13: exit %d, want a refusal naming the form:\n%s", code, stderr)
	}
}
