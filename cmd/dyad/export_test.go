package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/export"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/store/storetest"
)

// exportFixture stores two copies of a story reporting one strike (a lead
// event), a second event in another month, a denied event, a planned
// event resting on unnamed officials, and an undated event, built directly
// so that export is tested whatever the coder finds.
func exportFixture(t *testing.T) string {
	t.Helper()
	db := storetest.SQLiteURL(t)
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	text := "KYIV, March 5 - Russia launched missile strikes on Ukraine on Tuesday, hitting power stations in Kyiv. The air force said it shot down most of the missiles."
	strike := func() dyad.Event {
		return dyad.Event{Date: "2024-03-05", SentenceIndex: 1, Lead: true, Sentence: "Russia launched missile strikes on Ukraine on Tuesday, hitting power stations in Kyiv.",
			Source: dyad.Actor{Code: "RUSMIL", Text: "Russia", Name: "Russia", Span: dyad.Span{16, 22}}, Target: dyad.Actor{Code: "UKR", Text: "Ukraine", Name: "Ukraine", Span: dyad.Span{51, 58}},
			CAMEO: "195", Root: "19", Quad: 4, Goldstein: -10, PLOVER: dyad.PLOVER{Type: "ASSAULT", Mode: "aerial"},
			Modality: dyad.Asserted, Rule: "launch strike on", Verb: dyad.Phrase{Text: "launched", Span: dyad.Span{23, 31}}, Place: "Kyiv"}
	}
	un := dyad.Event{Date: "2024-04-02", SentenceIndex: 2, Sentence: "The United Nations urged restraint.",
		Source: dyad.Actor{Code: "IGOUNO", Text: "The United Nations", Span: dyad.Span{0, 18}}, Target: dyad.Actor{Code: "RUSGOV", Text: "it", Span: dyad.Span{0, 0}},
		CAMEO: "0233", Root: "02", Quad: 1, Goldstein: 3.4, PLOVER: dyad.PLOVER{Type: "REQUEST"}, Modality: dyad.Asserted}
	denied := un
	denied.SentenceIndex, denied.CAMEO, denied.Root, denied.Quad, denied.Goldstein, denied.Modality = 3, "112", "11", 3, -2, dyad.Denied
	denied.Source, denied.Target = dyad.Actor{Code: "RUSGOV", Text: "Moscow", Name: "Moscow"}, dyad.Actor{Code: "UKR", Text: "Kyiv", Name: "Kyiv"}
	planned := denied
	planned.SentenceIndex, planned.CAMEO, planned.Root, planned.Quad, planned.Modality = 4, "036", "03", 1, dyad.Planned
	planned.Attribution = &dyad.Attribution{Text: "officials"}
	undated := dyad.Event{SentenceIndex: 0, Sentence: "Iran accused Israel.", Source: dyad.Actor{Code: "IRN", Text: "Iran"}, Target: dyad.Actor{Code: "ISR", Text: "Israel"},
		CAMEO: "112", Root: "11", Quad: 3, Goldstein: -2, Modality: dyad.Asserted}
	date := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	if _, err := s.SaveDocuments(context.Background(), []dyad.CodedDocument{
		{Doc: &dyad.Document{ID: "a", URL: "https://wire.example/strikes", Date: date, DateSource: "dateline", Text: text}, Events: []dyad.Event{strike()}},
		{Doc: &dyad.Document{ID: "b", URL: "https://daily.example/strikes", Date: date, Text: text + " Reporting by the desk."}, Events: []dyad.Event{strike()}},
		{Doc: &dyad.Document{ID: "c.txt", Date: date.AddDate(0, 0, 28), Text: "An unrelated story about the United Nations urging restraint."}, Events: []dyad.Event{un, denied, planned}},
		{Doc: &dyad.Document{ID: "notes.txt", Text: "Iran accused Israel."}, Events: []dyad.Event{undated}},
	}); err != nil {
		t.Fatal(err)
	}
	return db
}

func exportOut(t *testing.T, db string, args ...string) (string, string) {
	t.Helper()
	code, stdout, stderr := dyadRun(t, append([]string{"export", "--db", db}, args...)...)
	if code != 0 {
		t.Fatalf("export %v: exit %d: %s", args, code, stderr)
	}
	return stdout, stderr
}

func TestGDELTExportHas61ColumnsAndFillsDyadsFields(t *testing.T) {
	db := exportFixture(t)
	stdout, stderr := exportOut(t, db, "--format", "gdelt")
	rows := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2 (the strike once, and the appeal; not the denied, planned or undated events):\n%s", len(rows), stdout)
	}
	for i, r := range rows {
		if n := len(strings.Split(r, "\t")); n != export.GDELTColumns {
			t.Fatalf("row %d has %d columns, want 61", i, n)
		}
		if strings.Split(r, "\t")[1] == "" {
			t.Errorf("row %d has an empty SQLDATE", i)
		}
	}
	strike := strings.Split(rows[0], "\t")
	want := map[int]string{ // 1-based GDELT column numbers, as in the codebook
		2: "20240305", 3: "202403", 4: "2024", 5: "2024.1781",
		6: "RUSMIL", 7: "RUSSIA", 8: "RUS", 9: "", 13: "MIL",
		16: "UKR", 17: "UKRAINE", 18: "UKR", 23: "",
		26: "1", 27: "195", 28: "195", 29: "19", 30: "4", 31: "-10.0",
		32: "2", 33: "2", 34: "2", 35: "",
		53: "Kyiv", 60: "20240305000000", 61: "https://wire.example/strikes",
	}
	for col, v := range want {
		if strike[col-1] != v {
			t.Errorf("strike column %d = %q, want %q", col, strike[col-1], v)
		}
	}
	appeal := strings.Split(rows[1], "\t")
	for col, v := range map[int]string{6: "IGOUNO", 8: "", 9: "UNO", 13: "IGO", 16: "RUSGOV", 17: "", 23: "GOV", 26: "0", 27: "0233", 28: "023", 29: "02", 32: "1",
		61: "dyad:" + dyad.DocumentKey("", "An unrelated story about the United Nations urging restraint.")} {
		if appeal[col-1] != v {
			t.Errorf("appeal column %d = %q, want %q", col, appeal[col-1], v)
		}
	}
	for _, want := range []string{"modality asserted", "left out 1 undated events"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	all, _ := exportOut(t, db, "--format", "gdelt", "--modality", "all")
	if n := strings.Count(all, "\n"); n != 4 {
		t.Errorf("--modality all gave %d rows, want 4 (every dated event)", n)
	}
}

// The demo's stories open with datelines; their lead events must be root
// events (the finding was 0 of 33).
func TestGDELTExportOfTheDemoMarksLeadEventsAsRoot(t *testing.T) {
	db := storetest.SQLiteURL(t)
	if code, _, stderr := dyadRun(t, "ingest", "--db", db, "--progress", "never", "../../examples/crisis.jsonl"); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	stdout, _ := exportOut(t, db, "--format", "gdelt")
	rows := strings.Split(strings.TrimSpace(stdout), "\n")
	root := 0
	for _, r := range rows {
		cols := strings.Split(r, "\t")
		if cols[25] == "1" {
			root++
		}
		for _, c := range []int{6, 16} {
			if name := cols[c]; name == "IT" || name == "THEY" || name == "HE" || name == "SHE" {
				t.Errorf("actor name %q in row %s", name, cols[0])
			}
		}
	}
	if root == 0 || root == len(rows) {
		t.Errorf("%d of %d demo events are root events; want the lead events only, some but not all", root, len(rows))
	}
	t.Logf("%d of %d demo events are root events", root, len(rows))
}

func TestExportFormatsFiltersAndOutput(t *testing.T) {
	db := exportFixture(t)
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{"jsonl keeps the event contract, adds the counts and names every document", []string{"--format", "jsonl"}, func(t *testing.T, out string) {
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 5 {
				t.Fatalf("%d records, want 5 (every modality)", len(lines))
			}
			for _, line := range lines {
				var e map[string]any
				if err := json.Unmarshal([]byte(line), &e); err != nil {
					t.Fatal(err)
				}
				for _, k := range []string{"doc_id", "doc_name", "url", "date_source", "sentence", "source", "target", "cameo", "modality", "verb", "lead", "num_mentions", "doc_ids", "mentions", "place"} {
					if _, ok := e[k]; !ok {
						t.Errorf("JSONL record has no %q: %v", k, e)
					}
				}
				if e["doc_name"] == "" {
					t.Errorf("record without a document name: %v", e)
				}
			}
		}},
		{"csv has a header, one row per event and text codes", []string{"--format", "csv"}, func(t *testing.T, out string) {
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 6 || strings.Join(recs[0], ",") != strings.Join(export.CSVHeader(), ",") {
				t.Fatalf("csv = %v", recs)
			}
			if !strings.Contains(out, ",0233,02,") {
				t.Errorf("CAMEO 0233 lost its zero:\n%s", out)
			}
		}},
		{"plover records have PLOVER's fields", []string{"--format", "plover"}, func(t *testing.T, out string) {
			var p export.PLOVERRecord
			if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &p); err != nil {
				t.Fatal(err)
			}
			if p.Event[0] != "ASSAULT" || p.Mode[0] != "aerial" || p.Actor[0].Code != "RUS" || *p.Actor[0].Sector != "MIL" || p.Recipient[0].Code != "UKR" || p.NumArticles != 2 || p.Date != "2024-03-05" {
				t.Errorf("plover record = %+v", p)
			}
			if n := strings.Count(out, "\n"); n != 2 {
				t.Errorf("%d PLOVER records, want 2 (asserted and dated only)", n)
			}
		}},
		{"a date range selects events", []string{"--format", "gdelt", "--from", "2024-04-01", "--to", "2024-04-30"}, func(t *testing.T, out string) {
			if n := strings.Count(out, "\n"); n != 1 || !strings.Contains(out, "IGOUNO") {
				t.Errorf("April export = %q, want only the appeal", out)
			}
		}},
		{"source", []string{"--source", "IGO"}, wantCAMEO("0233")},
		{"target", []string{"--target", "UKR"}, wantCAMEO("195", "112", "036")},
		{"dyad in both directions", []string{"--dyad", "UKR-RUS"}, wantCAMEO("195", "112", "036")},
		{"root", []string{"--root", "19"}, wantCAMEO("195")},
		{"quad", []string{"--quad", "1"}, wantCAMEO("0233", "036")},
		{"modality", []string{"--modality", "denied,planned"}, wantCAMEO("112", "036")},
		{"attribution", []string{"--attribution", "named", "--target", "UKR"}, wantCAMEO("195", "112")},
		{"since an id", []string{"--since", "3"}, wantCAMEO("036", "112")},
		{"since a time", []string{"--since", time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)}, wantCAMEO("195", "0233", "112", "036", "112")},
		{"since a later time", []string{"--since", time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, wantCAMEO()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _ := exportOut(t, db, tt.args...)
			tt.check(t, out)
		})
	}
	for _, bad := range [][]string{{"--format", "xml"}, {"--modality", "maybe"}, {"--quad", "7"}, {"--root", "9"}, {"--dyad", "USA"}, {"--since", "yesterday"}, {"--attribution", "some"}} {
		if code, _, _ := dyadRun(t, append([]string{"export", "--db", db}, bad...)...); code == 0 {
			t.Errorf("export %v succeeded, want a usage error", bad)
		}
	}
}

func wantCAMEO(codes ...string) func(t *testing.T, out string) {
	return func(t *testing.T, out string) {
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if line == "" {
				continue
			}
			var e struct{ CAMEO string }
			if err := json.Unmarshal([]byte(line), &e); err != nil {
				t.Fatal(err)
			}
			got = append(got, e.CAMEO)
		}
		if strings.Join(got, ",") != strings.Join(codes, ",") {
			t.Errorf("exported %v, want %v", got, codes)
		}
	}
}

func TestExportWritesGzipAndParquetFiles(t *testing.T) {
	db := exportFixture(t)
	dir := t.TempDir()
	plain, _ := exportOut(t, db, "--format", "csv")
	gz := filepath.Join(dir, "events.csv.gz")
	if out, _ := exportOut(t, db, "--format", "csv", "--output", gz); out != "" {
		t.Errorf("--output wrote %q to stdout too", out)
	}
	f, err := os.Open(gz)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s is not gzip: %v", gz, err)
	}
	data, _ := io.ReadAll(zr)
	if string(data) != plain {
		t.Errorf("the gzipped export differs from the plain one")
	}
	pq := filepath.Join(dir, "events.parquet")
	exportOut(t, db, "--format", "parquet", "--output", pq)
	data, err = os.ReadFile(pq)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("PAR1")) || !bytes.HasSuffix(data, []byte("PAR1")) {
		t.Errorf("%s is not a Parquet file", pq)
	}
	if _, err := os.Stat(pq + ".part"); err == nil {
		t.Errorf("the temporary file was left behind")
	}
}
