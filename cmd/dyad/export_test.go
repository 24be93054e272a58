package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/store/storetest"
)

// exportFixture stores two copies of a story reporting one strike, and a
// second event in another month, built directly so that export is tested
// whatever the coder finds.
func exportFixture(t *testing.T) string {
	t.Helper()
	db := storetest.SQLiteURL(t)
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	text := "Russia launched missile strikes on Ukraine on Tuesday, hitting power stations in Kyiv. The air force said it shot down most of the missiles."
	strike := func() dyad.Event {
		return dyad.Event{Date: "2024-03-05", SentenceIndex: 0, Sentence: "Russia launched missile strikes on Ukraine on Tuesday, hitting power stations in Kyiv.",
			Source: dyad.Actor{Code: "RUSMIL", Text: "Russia", Span: dyad.Span{0, 6}}, Target: dyad.Actor{Code: "UKR", Text: "Ukraine", Span: dyad.Span{35, 42}},
			CAMEO: "195", Root: "19", Quad: 4, Goldstein: -10, PLOVER: dyad.PLOVER{Type: "ASSAULT", Mode: "aerial"},
			Modality: dyad.Asserted, Rule: "launch strike on", Verb: dyad.Phrase{Text: "launched", Span: dyad.Span{7, 15}}, Place: "Kyiv"}
	}
	un := dyad.Event{Date: "2024-04-02", SentenceIndex: 2, Sentence: "The United Nations urged restraint.",
		Source: dyad.Actor{Code: "IGOUNO", Text: "The United Nations", Span: dyad.Span{0, 18}}, Target: dyad.Actor{Code: "RUSGOV", Text: "Moscow", Span: dyad.Span{0, 0}},
		CAMEO: "0233", Root: "02", Quad: 1, Goldstein: 3.4, PLOVER: dyad.PLOVER{Type: "REQUEST"}, Modality: dyad.Asserted}
	date := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	if _, err := s.SaveDocuments(context.Background(), []dyad.CodedDocument{
		{Doc: &dyad.Document{ID: "a", URL: "https://wire.example/strikes", Date: date, Text: text}, Events: []dyad.Event{strike()}},
		{Doc: &dyad.Document{ID: "b", URL: "https://daily.example/strikes", Date: date, Text: text + " Reporting by the desk."}, Events: []dyad.Event{strike()}},
		{Doc: &dyad.Document{ID: "c", Date: date.AddDate(0, 0, 28), Text: "An unrelated story about the United Nations urging restraint."}, Events: []dyad.Event{un}},
	}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestGDELTExportHas61ColumnsAndFillsDyadsFields(t *testing.T) {
	db := exportFixture(t)
	code, stdout, stderr := dyadRun(t, "export", "--db", db, "--format", "gdelt")
	if code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	rows := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2 (the strike once, and the appeal)", len(rows))
	}
	for i, r := range rows {
		if n := len(strings.Split(r, "\t")); n != GDELTColumns {
			t.Fatalf("row %d has %d columns, want 61", i, n)
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
	for col, v := range map[int]string{6: "IGOUNO", 8: "", 9: "UNO", 13: "IGO", 16: "RUSGOV", 23: "GOV", 26: "0", 27: "0233", 28: "023", 29: "02", 32: "1", 61: "dyad:" + dyad.DocumentKey("", "An unrelated story about the United Nations urging restraint.")} {
		if appeal[col-1] != v {
			t.Errorf("appeal column %d = %q, want %q", col, appeal[col-1], v)
		}
	}
}

func TestExportFormatsAndDateRange(t *testing.T) {
	db := exportFixture(t)
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{"jsonl keeps the event contract and adds the counts", []string{"--format", "jsonl"}, func(t *testing.T, out string) {
			var e map[string]any
			if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &e); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"doc_id", "sentence", "source", "target", "cameo", "modality", "verb", "num_mentions", "doc_ids", "mentions"} {
				if _, ok := e[k]; !ok {
					t.Errorf("JSONL record has no %q: %v", k, e)
				}
			}
			if e["num_articles"] != 2.0 {
				t.Errorf("num_articles = %v, want 2", e["num_articles"])
			}
		}},
		{"csv has a header and one row per event", []string{"--format", "csv"}, func(t *testing.T, out string) {
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 3 || recs[0][0] != "event_id" || recs[1][len(recs[1])-4] != "2" {
				t.Errorf("csv = %v", recs)
			}
		}},
		{"plover records name type, mode and actors", []string{"--format", "plover"}, func(t *testing.T, out string) {
			var p ploverEvent
			if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &p); err != nil {
				t.Fatal(err)
			}
			if p.EventType != "ASSAULT" || p.EventMode != "aerial" || p.SourceCountry != "RUS" || p.SourceSector != "MIL" || p.TargetCountry != "UKR" || p.NumArticles != 2 || len(p.StoryIDs) != 2 {
				t.Errorf("plover record = %+v", p)
			}
		}},
		{"a date range selects events", []string{"--format", "gdelt", "--from", "2024-04-01", "--to", "2024-04-30"}, func(t *testing.T, out string) {
			if n := strings.Count(out, "\n"); n != 1 || !strings.Contains(out, "IGOUNO") {
				t.Errorf("April export = %q, want only the appeal", out)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := dyadRun(t, append([]string{"export", "--db", db}, tt.args...)...)
			if code != 0 {
				t.Fatalf("export: %s", stderr)
			}
			tt.check(t, stdout)
		})
	}
	if code, _, _ := dyadRun(t, "export", "--db", db, "--format", "xml"); code == 0 {
		t.Error("an unknown format must fail")
	}
}
