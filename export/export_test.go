package export

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/internal/skipnote"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sampleEvents are three stored events: a lead event with a place and two
// reports, a pronoun source resolved to its antecedent with an unnamed
// attribution, and an undated appeal by the UN with an unresolved pronoun
// target.
func sampleEvents() []dyad.StoredEvent {
	speaker := "USAGOV"
	added := time.Date(2026, 4, 7, 12, 0, 0, 0, time.UTC)
	return []dyad.StoredEvent{
		{ID: 1, Event: dyad.Event{DocID: "k1", SentenceIndex: 1, Date: "2026-04-06", Lead: true,
			Sentence:     "Chinese coast guard ships fired water cannon at a Philippine boat.",
			SentenceSpan: dyad.Span{18, 85},
			Source:       dyad.Actor{Code: "CHNCOP", Text: "Chinese coast guard", Name: "Chinese coast guard", Span: dyad.Span{18, 37}},
			Target:       dyad.Actor{Code: "PHL", Text: "Philippine", Name: "Philippine", Span: dyad.Span{68, 78}},
			CAMEO:        "175", Root: "17", Quad: 4, Goldstein: -9.2, PLOVER: dyad.PLOVER{Type: "COERCE"}, Modality: dyad.Asserted,
			Rule: "verb:fire/175 @verbs.txt:10", Verb: dyad.Phrase{Text: "fired", Span: dyad.Span{44, 49}}, Place: "Second Thomas Shoal"},
			NumMentions: 2, NumArticles: 2, NumSources: 2, URL: "https://news.example/a", DocName: "crisis-01", DateSource: "record", Added: added,
			DocIDs: []string{"k1", "k2"}},
		{ID: 2, Event: dyad.Event{DocID: "k1", SentenceIndex: 3, Date: "2026-04-06",
			Sentence: "It said it had expelled the vessels.", SentenceSpan: dyad.Span{200, 236},
			Source: dyad.Actor{Code: "CHN", Text: "It", Name: "China", Span: dyad.Span{200, 202}},
			Target: dyad.Actor{Code: "PHL", Text: "the vessels", Name: "the vessels", Span: dyad.Span{224, 235}},
			CAMEO:  "174", Root: "17", Quad: 4, Goldstein: -5, PLOVER: dyad.PLOVER{Type: "COERCE", Mode: "deport"}, Modality: dyad.Asserted,
			Attribution: &dyad.Attribution{Text: "officials", Actor: &speaker, Named: false},
			Rule:        "verb:expel/174", Verb: dyad.Phrase{Text: "expelled", Span: dyad.Span{215, 223}}},
			NumMentions: 1, NumArticles: 1, NumSources: 1, URL: "https://news.example/a", DocName: "crisis-01", DateSource: "record", Added: added,
			DocIDs: []string{"k1"}},
		{ID: 3, Event: dyad.Event{DocID: "k3", SentenceIndex: 0,
			Sentence: "The United Nations urged them to show restraint.", SentenceSpan: dyad.Span{0, 48},
			Source: dyad.Actor{Code: "IGOUNO", Text: "The United Nations", Name: "The United Nations", Span: dyad.Span{0, 18}},
			Target: dyad.Actor{Code: "PHL", Text: "them", Span: dyad.Span{25, 29}},
			CAMEO:  "0233", Root: "02", Quad: 1, Goldstein: 3.4, PLOVER: dyad.PLOVER{Type: "REQUEST", Mode: "assist"}, Modality: dyad.Hypothetical,
			Rule: "verb:urge/0233", Verb: dyad.Phrase{Text: "urged", Span: dyad.Span{19, 24}}},
			NumMentions: 1, NumArticles: 1, NumSources: 1, DocName: "notes.txt", DocIDs: []string{"k3"}},
	}
}

func writeAll(t *testing.T, format string) []byte {
	t.Helper()
	f, err := Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := f.New(&buf, Options{Coder: "dyad test"})
	for _, e := range sampleEvents() {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJSONLinesRecordsHaveTheSameKeysWithNullForAbsentValues(t *testing.T) {
	var keys []string
	for i, line := range strings.Split(strings.TrimSpace(string(writeAll(t, "jsonl"))), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		if i == 0 {
			keys = ks
		} else if !reflect.DeepEqual(ks, keys) {
			t.Errorf("record %d has keys %v, record 1 has %v", i+1, ks, keys)
		}
		if i == 2 {
			for _, k := range []string{"date", "date_source", "url", "place", "attribution", "added"} {
				if v, ok := m[k]; !ok || v != nil {
					t.Errorf("record 3: %s = %v (present %v), want null", k, v, ok)
				}
			}
			if m["cameo"] != "0233" {
				t.Errorf("cameo = %v, want the string 0233", m["cameo"])
			}
			if tgt := m["target"].(map[string]any); tgt["name"] != nil {
				t.Errorf("an unresolved pronoun target is named %v, want null", tgt["name"])
			}
		}
	}
}

func TestCSVColumnsAreTheParquetColumns(t *testing.T) {
	var names []string
	for _, f := range parquet.SchemaOf(Row{}).Fields() {
		names = append(names, f.Name())
	}
	if !reflect.DeepEqual(names, CSVHeader()) {
		t.Errorf("CSV header %v\nParquet columns %v", CSVHeader(), names)
	}
	out := string(writeAll(t, "csv"))
	if !strings.Contains(out, ",0233,02,") {
		t.Errorf("the CAMEO code 0233 lost its leading zero:\n%s", out)
	}
}

func TestParquetReadsBackWithItsTypes(t *testing.T) {
	data := writeAll(t, "parquet")
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, c := range f.Schema().Fields() {
		typ := c.Type().String()
		if c.Optional() {
			typ = "optional " + typ
		}
		if !c.Leaf() {
			typ = "group " + typ
		}
		types[c.Name()] = typ
	}
	for col, want := range map[string]string{
		"event_id": "INT(64,true)", "date": "optional DATE", "cameo": "STRING", "root": "STRING", "quad": "INT(32,true)",
		"goldstein": "DOUBLE", "lead": "BOOLEAN", "url": "optional STRING", "attribution_named": "optional BOOLEAN",
		"added": "optional TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS)", "doc_ids": "group LIST",
	} {
		if types[col] != want {
			t.Errorf("column %s has type %q, want %q", col, types[col], want)
		}
	}
	rows, err := parquet.Read[Row](bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{NewRow(sampleEvents()[0]), NewRow(sampleEvents()[1]), NewRow(sampleEvents()[2])}
	if len(rows) != len(want) {
		t.Fatalf("read %d rows, want %d", len(rows), len(want))
	}
	for i := range rows {
		got, _ := json.Marshal(rows[i])
		exp, _ := json.Marshal(want[i])
		if string(got) != string(exp) {
			t.Errorf("row %d read back as\n%s\nwant\n%s", i+1, got, exp)
		}
	}
	if rows[2].CAMEO != "0233" || rows[2].Date != nil || rows[0].DateString() != "2026-04-06" {
		t.Errorf("row values: cameo %q, dates %q %v", rows[2].CAMEO, rows[0].DateString(), rows[2].Date)
	}
}

func TestGDELTRowsMarkTheLeadAndNameActors(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(string(writeAll(t, "gdelt"))), "\n")
	cols := func(i int) []string { return strings.Split(lines[i], "\t") }
	for i := range lines {
		if n := len(cols(i)); n != GDELTColumns {
			t.Fatalf("row %d has %d columns", i+1, n)
		}
	}
	for _, c := range []struct {
		row, col int // col is 1-based, as in GDELT's codebook
		want     string
	}{
		{0, 26, "1"}, {1, 26, "0"}, // IsRootEvent: the lead event only
		{0, 7, "CHINESE COAST GUARD"}, {1, 7, "CHINA"}, // Actor1Name: a pronoun's antecedent
		{2, 17, ""}, // Actor2Name: an unresolved pronoun is no name
		{0, 53, "Second Thomas Shoal"},
	} {
		if got := cols(c.row)[c.col-1]; got != c.want {
			t.Errorf("row %d column %d = %q, want %q", c.row+1, c.col, got, c.want)
		}
	}
}

// ploverFields are the fields of the PLOVER manual's JSON table (Data
// Fields chapter) and of its entity, text and citation objects.
var (
	ploverFields = []string{"id", "has_event", "date", "time", "enddate", "endtime", "actor", "recipient", "event", "event_loc",
		"event_text", "quad_code", "event_scale", "mode", "context", "link", "text", "text_info", "cite_info", "coder",
		"coded_date", "coded_time", "comment"}
	ploverRequired     = []string{"id", "date", "actor", "event"}
	ploverEntityFields = []string{"code", "sector", "entity_text", "identifier_id", "identifier_text", "religion", "ethnicity", "office", "gender", "age"}
	ploverTextInfo     = []string{"sequence", "start", "end", "text_story"}
	ploverCite         = []string{"corpus", "citation", "url", "title", "language", "publication", "license", "copyright", "coder", "codebook", "version"}
	ploverLocation     = []string{"extracted_place", "resolved_place", "geonameid", "lat", "lon", "city", "district", "province", "country", "country_code", "feature_class", "feature_code", "resolution"}
	ploverTypes        = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
)

// validatePLOVER checks one record against the manual's fields: every key
// is a manual field or an extension named dyad_…, the required ones are
// there with the manual's shapes (lists for actor, recipient, event, mode,
// context and event_text; objects for entities, text_info, cite_info and
// event_loc), dates are YYYY-MM-DD, quad_code is 1-4.
func validatePLOVER(t *testing.T, line string) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	allowed := func(keys []string, k string) bool {
		return strings.HasPrefix(k, "dyad_") || contains(keys, k)
	}
	objectKeys := func(name string, v any, keys []string) {
		o, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s is %T, want an object", name, v)
			return
		}
		for k := range o {
			if !allowed(keys, k) {
				t.Errorf("%s has field %q, which the manual does not define", name, k)
			}
		}
	}
	for k := range m {
		if !allowed(ploverFields, k) {
			t.Errorf("field %q is not a PLOVER field", k)
		}
	}
	for _, k := range ploverRequired {
		if m[k] == nil {
			t.Errorf("required field %q is missing or null", k)
		}
	}
	if id, ok := m["id"].(string); !ok || id == "" {
		t.Errorf("id = %v, want a non-empty string", m["id"])
	}
	if d, ok := m["date"].(string); !ok {
		t.Errorf("date = %v, want a string", m["date"])
	} else if _, err := time.Parse(time.DateOnly, d); err != nil {
		t.Errorf("date %q is not YYYY-MM-DD", d)
	}
	for _, k := range []string{"actor", "recipient"} {
		list, ok := m[k].([]any)
		if !ok {
			t.Errorf("%s = %v, want a list of entity objects", k, m[k])
			continue
		}
		for _, e := range list {
			objectKeys(k, e, ploverEntityFields)
			if code, _ := e.(map[string]any)["code"].(string); len(code) != 3 {
				t.Errorf("%s code %q: want a three-letter code", k, code)
			}
		}
	}
	for _, k := range []string{"event", "mode", "context", "event_text"} {
		if v := m[k]; v != nil {
			if _, ok := v.([]any); !ok {
				t.Errorf("%s = %v, want a list", k, v)
			}
		}
	}
	for _, e := range m["event"].([]any) {
		if !contains(ploverTypes, e.(string)) {
			t.Errorf("event %q is not a PLOVER category", e)
		}
	}
	if q := m["quad_code"]; q != nil {
		if f, ok := q.(float64); !ok || f < 1 || f > 4 || f != float64(int(f)) {
			t.Errorf("quad_code = %v, want 1, 2, 3 or 4", q)
		}
	}
	if s := m["event_scale"]; s != nil {
		if _, ok := s.(float64); !ok {
			t.Errorf("event_scale = %v, want a number", s)
		}
	}
	objectKeys("text_info", m["text_info"], ploverTextInfo)
	objectKeys("cite_info", m["cite_info"], ploverCite)
	if v := m["event_loc"]; v != nil {
		objectKeys("event_loc", v, ploverLocation)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestPLOVERSampleFollowsTheManual holds a sample of the PLOVER export in
// testdata/plover-sample.jsonl (rewrite it with -update after a deliberate
// change) and validates every record against the manual's fields.
func TestPLOVERSampleFollowsTheManual(t *testing.T) {
	sample := sampleEvents()[:2] // the third is undated: export leaves it out
	var buf bytes.Buffer
	w := newPLOVER(&buf, Options{Coder: "dyad test"})
	for _, e := range sample {
		w.Write(e)
	}
	golden := "testdata/plover-sample.jsonl"
	if *update {
		os.WriteFile(golden, buf.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(want) {
		t.Errorf("PLOVER export changed; review and rerun with -update:\ngot\n%s\nwant\n%s", buf.String(), want)
	}
	for i, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
		t.Run("record "+string(rune('1'+i)), func(t *testing.T) { validatePLOVER(t, line) })
	}
	var r PLOVERRecord
	json.Unmarshal([]byte(strings.SplitN(string(want), "\n", 2)[0]), &r)
	if r.QuadCode == nil || *r.QuadCode != 4 || r.EventScale == nil || *r.EventScale != -7 || r.Mode != nil {
		t.Errorf("COERCE without a mode: quad_code %v, event_scale %v, mode %v; want 4, -7, null", r.QuadCode, r.EventScale, r.Mode)
	}
}

// The manual's own field table, when ../shared has it, must list the
// fields the validator knows: the test checks against the manual, not
// against itself.
func TestPLOVERFieldListMatchesTheManual(t *testing.T) {
	data, err := os.ReadFile("../../shared/data/plover/PLOVER_MANUAL.tex")
	if err != nil {
		skipnote.Skip(t, "../shared PLOVER manual", fmt.Sprintf("the manual is absent (%v)", err))
	}
	tex := string(data)
	start := strings.Index(tex, `\caption{PLOVER JSON }`)
	end := strings.Index(tex[start:], `\end{tabular}`)
	if start < 0 || end < 0 {
		t.Fatal("the manual's PLOVER JSON table was not found")
	}
	var fromManual []string
	for _, line := range strings.Split(tex[start:start+end], "\n") {
		name, _, ok := strings.Cut(line, "&")
		name = strings.ReplaceAll(strings.TrimSpace(name), `\_`, "_")
		if ok && name != "Name" {
			fromManual = append(fromManual, name)
		}
	}
	if !reflect.DeepEqual(fromManual, ploverFields) {
		t.Errorf("the manual lists %v\nthe validator knows %v", fromManual, ploverFields)
	}
}

func TestAPLOVERRequestFromACAMEOAppealIsVerbalConflict(t *testing.T) {
	// CAMEO 02 (appeal) is verbal cooperation; dyad maps it to PLOVER's
	// REQUEST, which PLOVER classes as verbal conflict: quad_code follows
	// PLOVER, dyad_cameo keeps the CAMEO code.
	r := NewPLOVERRecord(sampleEvents()[2], "dyad")
	if r.QuadCode == nil || *r.QuadCode != 3 || r.CAMEO != "0233" || *r.EventScale != 0.5 {
		t.Errorf("quad_code %v, event_scale %v, dyad_cameo %q; want 3, 0.5 (REQUEST: assist), 0233", r.QuadCode, r.EventScale, r.CAMEO)
	}
	if len(r.Recipient) != 1 || r.Recipient[0].IdentifierText != nil || r.Recipient[0].EntityText != "them" {
		t.Errorf("recipient %+v: an unresolved pronoun keeps its text and has no identifier", r.Recipient)
	}
	if r.Actor[0].Code != "IGO" || r.Actor[0].Sector == nil || *r.Actor[0].Sector != "UNO" {
		t.Errorf("actor %+v, want code IGO, sector UNO", r.Actor[0])
	}
}
