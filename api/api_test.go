package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/analysis"
)

const testToken = "s3cret-token"

// protestCoder is a stand-in for the pipeline in write tests: it codes
// "Vietnam protested to China" sentences, one sentence a line.
type protestCoder struct{}

func (protestCoder) Code(ctx context.Context, doc *dyad.Document) ([]dyad.Event, error) {
	var events []dyad.Event
	off := 0
	for i, line := range strings.Split(doc.Text, "\n") {
		n := utf8.RuneCountInString(line)
		span := dyad.Span{off, off + n}
		doc.Sentences = append(doc.Sentences, dyad.Sentence{Index: i, Span: span, Text: line})
		if strings.HasPrefix(line, "Vietnam protested to China") {
			events = append(events, dyad.Event{
				DocID: doc.ID, SentenceIndex: i, Sentence: line, Date: doc.Date.Format("2006-01-02"),
				Source: dyad.Actor{Code: "VNM", Text: "Vietnam", Span: dyad.Span{off, off + 7}},
				Target: dyad.Actor{Code: "CHN", Text: "China", Span: dyad.Span{off + 21, off + 26}},
				CAMEO:  "111", Root: "11", Quad: 3, Goldstein: -2, Modality: dyad.Asserted,
				Verb: dyad.Phrase{Text: "protested", Span: dyad.Span{off + 8, off + 17}}, SentenceSpan: span, Rule: "test",
			})
		}
		off += n + 1
	}
	return events, nil
}

// newTestServer serves the API over the fixture store on loopback.
func newTestServer(t *testing.T, mod func(*Options)) (*httptest.Server, dyad.Store) {
	t.Helper()
	st := openFixtureStore(t)
	opts := Options{Store: st, Coder: protestCoder{}, Token: testToken, MaxBodyBytes: 64 << 10, Rate: 1000, Burst: 1000, WriteRate: 100}
	if mod != nil {
		mod(&opts)
	}
	srv := httptest.NewServer(NewHandler(opts))
	t.Cleanup(srv.Close)
	return srv, st
}

// get fetches a path and decodes its JSON answer into v, checking the
// status.
func get(t *testing.T, srv *httptest.Server, path string, status int, v any) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d; body %.300s", path, resp.StatusCode, status, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: decoding %s: %v", path, body, err)
		}
	}
}

func TestEventsFilters(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	tests := []struct {
		name  string
		query string
		want  int
		check func(t *testing.T, e dyad.StoredEvent)
	}{
		{"asserted events by default, as everywhere", "", 16, func(t *testing.T, e dyad.StoredEvent) {
			if e.Modality != dyad.Asserted {
				t.Errorf("modality %s without modality=", e.Modality)
			}
		}},
		{"every event with modality=all", "modality=all", 18, nil},
		{"actor matches source or target by prefix", "actor=USA", 1, nil},
		{"source prefix", "source=CHN", 15, func(t *testing.T, e dyad.StoredEvent) {
			if !strings.HasPrefix(e.Source.Code, "CHN") {
				t.Errorf("source %s", e.Source.Code)
			}
		}},
		{"full source code", "source=CHNMIL", 3, nil},
		{"target prefix", "target=CHN", 2, nil},
		{"dyad counts both directions", "dyad=PHL-CHN", 16, nil},
		{"dyad with a comma", "dyad=CHN,PHL&quad=4", 4, nil},
		{"root", "root=19", 2, nil},
		{"quad", "quad=3", 2, nil},
		{"one modality", "modality=hypothetical", 1, func(t *testing.T, e dyad.StoredEvent) {
			if e.Modality != dyad.Hypothetical {
				t.Errorf("modality %s", e.Modality)
			}
		}},
		{"several modalities", "modality=denied,hypothetical", 2, nil},
		{"date range", "from=2026-04-28&to=2026-04-29", 7, nil},
		{"from only", "from=2026-04-29", 3, nil},
		{"text is case-insensitive", "text=WATER%20CANNON", 1, func(t *testing.T, e dyad.StoredEvent) {
			if e.Verb.Text != "fired" {
				t.Errorf("verb %q", e.Verb.Text)
			}
		}},
		{"named sources only drops officials said", "attribution=named&quad=4", 3, nil},
		{"document", "doc=" + dyad.DocumentKey("https://news.example.org/reactions", fixture(t)[12].Doc.Text), 3, nil},
		{"filters combine", "source=CHN&target=PHL&quad=1&from=2026-04-10", 9, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var page eventsPage
			q := tt.query
			if q != "" && !strings.Contains(q, "modality=") {
				// The counts below are of every modality.
				q = "modality=all&" + q
			}
			get(t, srv, "/api/events?"+q, http.StatusOK, &page)
			if len(page.Events) != tt.want {
				t.Fatalf("got %d events, want %d", len(page.Events), tt.want)
			}
			for _, e := range page.Events {
				if tt.check != nil {
					tt.check(t, e)
				}
			}
		})
	}
}

func TestEventsAreNewestFirstAndPaged(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	var first, second eventsPage
	get(t, srv, "/api/events?dyad=CHN-PHL&limit=5", http.StatusOK, &first)
	get(t, srv, "/api/events?dyad=CHN-PHL&limit=5&offset=5", http.StatusOK, &second)
	if len(first.Events) != 5 || !first.HasMore || len(second.Events) != 5 {
		t.Fatalf("pages of %d (more=%v) and %d events, want 5 (more) and 5", len(first.Events), first.HasMore, len(second.Events))
	}
	all := append(first.Events, second.Events...)
	for i := 1; i < len(all); i++ {
		if all[i].Date > all[i-1].Date {
			t.Errorf("event %d dated %s after event %d dated %s", i, all[i].Date, i-1, all[i-1].Date)
		}
		if all[i].ID == all[i-1].ID {
			t.Errorf("event %d repeated across pages", all[i].ID)
		}
	}
	e := first.Events[0]
	if len(e.Mentions) == 0 || e.Mentions[0].Sentence == "" || e.DocIDs[0] == "" {
		t.Errorf("event lacks its mentions and documents: %+v", e)
	}
	runes := []rune(e.Sentence)
	off := e.SentenceSpan[0]
	if got := string(runes[e.Verb.Span[0]-off : e.Verb.Span[1]-off]); got != e.Verb.Text {
		t.Errorf("verb span gives %q, want %q", got, e.Verb.Text)
	}
}

func TestEventsRejectBadParameters(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	for _, q := range []string{"quad=7", "root=99", "from=yesterday", "modality=certain", "source=us%20a", "limit=0", "dyad=USA", "named=maybe", "attribution=some"} {
		t.Run(q, func(t *testing.T) {
			var e map[string]string
			get(t, srv, "/api/events?"+q, http.StatusBadRequest, &e)
			if e["error"] == "" {
				t.Errorf("no error message")
			}
		})
	}
}

func TestSeriesFillsDaysAndMarksTheRamming(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	var s seriesAnswer
	get(t, srv, "/api/dyads/CHN/PHL/series?interval=day&from=2026-04-06&to=2026-05-05", http.StatusOK, &s)
	if len(s.Points) != 30 || len(s.Index) != 30 {
		t.Fatalf("got %d points and %d index points, want 30 days", len(s.Points), len(s.Index))
	}
	peak := s.Points[22]
	if peak.Start.Format("2006-01-02") != "2026-04-28" || peak.Events != 3 || peak.Quad[4] != 3 {
		t.Errorf("peak day = %+v, want 3 material-conflict events on 2026-04-28", peak)
	}
	if s.Points[1].Events != 0 {
		t.Errorf("a day without events has %d", s.Points[1].Events)
	}
	if len(s.Alerts) == 0 || s.Alerts[0].Direction != analysis.TowardConflict || s.Alerts[0].Start != peak.Start {
		t.Errorf("alerts = %+v, want a conflict alert on the ramming day", s.Alerts)
	}
	// The denied attack the next day is not asserted: it is not counted.
	if s.Points[23].Events != 0 {
		t.Errorf("day after the ramming has %d asserted events, want 0", s.Points[23].Events)
	}
}

func TestSeriesOptions(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	tests := []struct {
		name   string
		path   string
		points int
		events int
	}{
		{"weeks", "/api/dyads/CHN/PHL/series?interval=week", 4, 14},
		{"months", "/api/dyads/CHN/PHL/series?interval=month", 1, 14},
		{"both directions", "/api/dyads/CHN/PHL/series?interval=month&both=1", 1, 15},
		{"every modality", "/api/dyads/CHN/PHL/series?interval=month&modality=all", 1, 15},
		{"named sources only", "/api/dyads/CHN/PHL/series?interval=month&attribution=named", 1, 13},
		// Without from and to a series spans the stored period (24 days
		// here), the same as asking for that period.
		{"any target", "/api/dyads/USA/*/series", 24, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s seriesAnswer
			get(t, srv, tt.path, http.StatusOK, &s)
			n := 0
			for _, p := range s.Points {
				n += p.Events
			}
			if len(s.Points) != tt.points || n != tt.events {
				t.Errorf("got %d points with %d events, want %d with %d", len(s.Points), n, tt.points, tt.events)
			}
		})
	}
	get(t, srv, "/api/dyads/CHN/PHL/series?interval=year", http.StatusBadRequest, nil)
	get(t, srv, "/api/dyads/CHN/PHL/series?from=2026-05-01&to=2026-04-01", http.StatusBadRequest, nil)
}

func TestSeriesCSVDownload(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	resp, err := http.Get(srv.URL + "/api/dyads/CHN/PHL/series?from=2026-04-06&to=2026-05-05&format=csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type %q, want text/csv", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="dyad-CHN-PHL-day.csv"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil {
		t.Fatalf("reading CSV: %v", err)
	}
	if len(rows) != 31 || rows[0][0] != "start" || rows[0][12] != "alert" {
		t.Fatalf("got %d rows with header %v, want a header and 30 days", len(rows), rows[0])
	}
	peak := rows[23]
	if peak[0] != "2026-04-28" || peak[1] != "3" || peak[5] != "3" || peak[12] != "conflict" || peak[13] != "17:1;18:1;19:1" {
		t.Errorf("peak row = %v", peak)
	}
}

func TestActors(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	var codes, countries struct{ Actors []dyad.ActorCount }
	get(t, srv, "/api/actors", http.StatusOK, &codes)
	get(t, srv, "/api/actors?level=country", http.StatusOK, &countries)
	if len(codes.Actors) == 0 || codes.Actors[0].Code != "PHL" {
		t.Errorf("codes = %+v, want PHL first", codes.Actors)
	}
	want := map[string]int{"PHL": 17, "CHN": 17, "USA": 1, "JPN": 1}
	for _, a := range countries.Actors {
		if a.Events != want[a.Code] {
			t.Errorf("%s has %d events, want %d", a.Code, a.Events, want[a.Code])
		}
	}
	if len(countries.Actors) != len(want) {
		t.Errorf("got %d countries, want %d", len(countries.Actors), len(want))
	}
	get(t, srv, "/api/actors?level=planet", http.StatusBadRequest, nil)
}

func TestAlerts(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	var one, all alertsAnswer
	get(t, srv, "/api/alerts?source=CHN&target=PHL", http.StatusOK, &one)
	get(t, srv, "/api/alerts", http.StatusOK, &all)
	if len(one.Alerts) != 1 || one.Alerts[0].Source != "CHN" || one.Alerts[0].Target != "PHL" || one.Dyads != 1 {
		t.Errorf("dyad alerts = %+v", one)
	}
	var both alertsAnswer
	get(t, srv, "/api/alerts?both=1", http.StatusOK, &both)
	if both.Dyads != 6 {
		t.Errorf("both directions: checked %d dyads, want the 6 unordered pairs of 4 countries", both.Dyads)
	}
	if all.Dyads != 12 {
		t.Errorf("checked %d dyads, want the 12 ordered pairs of 4 countries", all.Dyads)
	}
	found := false
	for _, a := range all.Alerts {
		found = found || (a.Source == "CHN" && a.Target == "PHL" && a.Direction == analysis.TowardConflict)
	}
	if !found {
		t.Errorf("overview alerts %+v lack CHN→PHL", all.Alerts)
	}
}

func TestNetwork(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	var n networkAnswer
	get(t, srv, "/api/network?modality=all", http.StatusOK, &n)
	if len(n.Nodes) != 4 {
		t.Errorf("got %d nodes, want 4", len(n.Nodes))
	}
	got := map[string]networkEdge{}
	for _, e := range n.Edges {
		got[e.Source+"→"+e.Target] = e
	}
	if e := got["CHN→PHL"]; e.Events != 15 || e.Cooperation != 11 || e.Conflict != 4 {
		t.Errorf("CHN→PHL = %+v, want 15 events: 11 cooperative, 4 conflictual", e)
	}
	if e := got["USA→CHN"]; e.Events != 1 || e.Conflict != 1 {
		t.Errorf("USA→CHN = %+v", e)
	}
}

func TestDocument(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	var page eventsPage
	get(t, srv, "/api/events?text=rammed", http.StatusOK, &page)
	if len(page.Events) != 1 {
		t.Fatalf("got %d events", len(page.Events))
	}
	var d documentAnswer
	get(t, srv, "/api/documents/"+page.Events[0].DocID, http.StatusOK, &d)
	if d.Name != "ramming" || d.Date != "2026-04-28" || len(d.Sentences) != 5 || d.Events != 4 || d.Group != d.Key {
		t.Errorf("document = %+v", d)
	}
	s := d.Sentences[2]
	if got := string([]rune(d.Text)[s.Span[0]:s.Span[1]]); got != s.Text {
		t.Errorf("sentence span gives %q, want %q", got, s.Text)
	}
	get(t, srv, "/api/documents/nope", http.StatusNotFound, nil)
}

func TestStatsAndOpenAPI(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	var st map[string]any
	get(t, srv, "/api/stats", http.StatusOK, &st)
	if st["documents"] != 13.0 || st["events"] != 18.0 || st["undated_events"] != 0.0 || st["first"] != "2026-04-06" {
		t.Errorf("stats = %v", st)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	get(t, srv, "/api/openapi.json", http.StatusOK, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	// Every documented GET answers (not 404 or 405).
	for path, ops := range doc.Paths {
		if _, ok := ops["get"]; !ok {
			continue
		}
		p := strings.NewReplacer("{source}", "CHN", "{target}", "PHL", "{id}", "x").Replace(path)
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusMethodNotAllowed || (resp.StatusCode == http.StatusNotFound && !strings.Contains(path, "{id}")) {
			t.Errorf("documented GET %s answers %d", path, resp.StatusCode)
		}
	}
	get(t, srv, "/api/nothing", http.StatusNotFound, nil)
}

// post sends a body to POST /api/documents.
func post(t *testing.T, srv *httptest.Server, token, contentType string, body []byte) (int, postAnswer) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/documents", bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans postAnswer
	data, _ := io.ReadAll(resp.Body)
	json.Unmarshal(data, &ans)
	return resp.StatusCode, ans
}

func protestDoc(id string) map[string]string {
	return map[string]string{"id": id, "date": "2026-05-02", "url": "https://news.example.org/" + id,
		"text": "HANOI - " + pseudoWords(id, 12) + ".\nVietnam protested to China over the survey ship " + id + "."}
}

func TestPostDocuments(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	one, _ := json.Marshal(protestDoc("vn-1"))
	var lines bytes.Buffer
	for _, id := range []string{"vn-2", "vn-3"} {
		b, _ := json.Marshal(protestDoc(id))
		lines.Write(b)
		lines.WriteByte('\n')
	}
	lines.WriteString("{not json}\n")

	var before networkAnswer
	get(t, srv, "/api/network", http.StatusOK, &before) // now cached
	if code, _ := post(t, srv, "", "application/json", one); code != http.StatusUnauthorized {
		t.Errorf("without a token: status %d, want 401", code)
	}
	if code, _ := post(t, srv, "wrong", "application/json", one); code != http.StatusUnauthorized {
		t.Errorf("with a wrong token: status %d, want 401", code)
	}
	code, ans := post(t, srv, testToken, "application/json", one)
	if code != http.StatusCreated || ans.Stored != 1 || ans.Events != 1 || ans.Documents[0].Status != "stored" {
		t.Errorf("one document: status %d, %+v", code, ans)
	}
	code, ans = post(t, srv, testToken, "application/x-ndjson", lines.Bytes())
	if code != http.StatusCreated || ans.Stored != 2 || len(ans.Rejected) != 1 || ans.Rejected[0].Record != 3 {
		t.Errorf("JSON Lines batch: status %d, %+v", code, ans)
	}
	code, ans = post(t, srv, testToken, "application/json", one)
	if code != http.StatusOK || ans.Stored != 0 || ans.Skipped != 1 || ans.Documents[0].Status != "known" {
		t.Errorf("a known document again: status %d, %+v", code, ans)
	}
	if code, _ := post(t, srv, testToken, "application/json", []byte(`{"id":"x"}`)); code != http.StatusBadRequest {
		t.Errorf("a document without text: status %d, want 400", code)
	}
	var page eventsPage
	get(t, srv, "/api/events?source=VNM&target=CHN", http.StatusOK, &page)
	if len(page.Events) != 3 {
		t.Errorf("stored %d Vietnam→China events, want 3", len(page.Events))
	}
	var after networkAnswer
	get(t, srv, "/api/network", http.StatusOK, &after)
	if len(after.Nodes) != len(before.Nodes)+1 {
		t.Errorf("the network has %d nodes after posting, want %d: a write must clear cached overviews", len(after.Nodes), len(before.Nodes)+1)
	}
}

func TestPostRejectsOversizedBodies(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	doc := protestDoc("big")
	doc["text"] = strings.Repeat("Vietnam protested to China. ", 4000) // 112 KB > 64 KiB
	body, _ := json.Marshal(doc)
	code, _ := post(t, srv, testToken, "application/json", body)
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d, want 413", code)
	}
}

func TestPostNeedsATokenConfigured(t *testing.T) {
	srv, _ := newTestServer(t, func(o *Options) { o.Token = "" })
	body, _ := json.Marshal(protestDoc("vn-1"))
	if code, _ := post(t, srv, "anything", "application/json", body); code != http.StatusForbidden {
		t.Errorf("on a read-only server: status %d, want 403", code)
	}
}

func TestRateLimit(t *testing.T) {
	srv, _ := newTestServer(t, func(o *Options) { o.Rate, o.Burst = 0.001, 3 })
	codes := map[int]int{}
	for range 5 {
		resp, err := http.Get(srv.URL + "/api/stats")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		codes[resp.StatusCode]++
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
			t.Errorf("429 without Retry-After")
		}
	}
	if codes[200] != 3 || codes[429] != 2 {
		t.Errorf("status counts %v, want 3 × 200 then 2 × 429", codes)
	}
}

func TestJSONLinesBodies(t *testing.T) {
	tests := []struct {
		name, ct, body string
		lines          int
		err            bool
	}{
		{"one pretty-printed object", "application/json", "{\n \"text\": \"a\"\n}", 1, false},
		{"an array", "application/json", `[{"text":"a"},{"text":"b"}]`, 2, false},
		{"lines sent as JSON", "", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n", 2, false},
		{"JSON Lines by type", "application/x-ndjson", "{\"text\":\"a\"}\n", 1, false},
		{"an unknown type", "text/html", "<p>", 0, true},
		{"broken JSON", "application/json", "{", 0, true},
		{"empty", "application/json", " ", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := jsonLines(tt.ct, []byte(tt.body))
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if got := strings.Count(strings.TrimSpace(string(out)), "\n") + 1; !tt.err && got != tt.lines {
				t.Errorf("%d lines, want %d: %q", got, tt.lines, out)
			}
		})
	}
}

// TestOverviewAlertsEqualTheAlertsOfEachDyad checks the overview's one
// aggregate query against the series of each dyad read on its own: the
// alerts of every pair, in every interval and direction setting, must be
// the same.
func TestOverviewAlertsEqualTheAlertsOfEachDyad(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	var nodes struct{ Actors []dyad.ActorCount }
	get(t, srv, "/api/actors?level=country&limit=4", http.StatusOK, &nodes)
	for _, params := range []string{"interval=day", "interval=week", "interval=month&modality=all", "interval=day&both=1", "interval=week&from=2025-03-01&to=2025-06-30"} {
		t.Run(params, func(t *testing.T) {
			var all alertsAnswer
			get(t, srv, "/api/alerts?actors=4&limit=1000&"+params, http.StatusOK, &all)
			var want []string
			for i, a := range nodes.Actors {
				for j, b := range nodes.Actors {
					if i == j || (strings.Contains(params, "both") && a.Code > b.Code) {
						continue
					}
					var one alertsAnswer
					get(t, srv, "/api/alerts?limit=1000&source="+a.Code+"&target="+b.Code+"&"+params, http.StatusOK, &one)
					for _, al := range one.Alerts {
						want = append(want, fmt.Sprintf("%+v", al))
					}
				}
			}
			var got []string
			for _, al := range all.Alerts {
				got = append(got, fmt.Sprintf("%+v", al))
			}
			if params == "interval=day" && len(want) == 0 {
				t.Fatal("no dyad has a daily alert: the comparison proves nothing")
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("overview alerts:\n%s\nwant the dyads' own:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
