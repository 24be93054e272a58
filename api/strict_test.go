package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

func TestAnUnknownParameterIsA400NamingIt(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	for _, tt := range []struct{ path, name, hint string }{
		{"/api/events?sourc=USA", "sourc", `did you mean "source"`},
		{"/api/events?source=USA&limt=5", "limt", `did you mean "limit"`},
		{"/api/dyads/CHN/PHL/series?intervall=week", "intervall", `did you mean "interval"`},
		{"/api/alerts?modalty=all", "modalty", `did you mean "modality"`},
		{"/api/network?actors=5&colour=red", "colour", ""},
		{"/api/actors?levels=country", "levels", `did you mean "level"`},
		{"/api/stats?verbose=1", "verbose", "takes no query parameters"},
		{"/api/events?named=1", "named", ""},
	} {
		t.Run(tt.path, func(t *testing.T) {
			var e map[string]string
			get(t, srv, tt.path, http.StatusBadRequest, &e)
			if !strings.Contains(e["error"], fmt.Sprintf("unknown parameter %q", tt.name)) || !strings.Contains(e["error"], tt.hint) {
				t.Errorf("error %q does not name %q (%s)", e["error"], tt.name, tt.hint)
			}
		})
	}
	// Every documented parameter is accepted.
	for pattern, names := range queryParams {
		if !strings.HasPrefix(pattern, "GET ") || len(names) == 0 {
			continue
		}
		if pattern == "GET /api/documents/{id}" || strings.Contains(pattern, "{id}") {
			continue
		}
		path := strings.NewReplacer("{source}", "CHN", "{target}", "PHL").Replace(strings.TrimPrefix(pattern, "GET "))
		for name := range names {
			resp, err := http.Get(srv.URL + path + "?" + name + "=")
			if err != nil {
				t.Fatal(err)
			}
			var e map[string]string
			json.NewDecoder(resp.Body).Decode(&e)
			resp.Body.Close()
			if strings.Contains(e["error"], "unknown parameter") {
				t.Errorf("%s rejects its documented parameter %s: %s", pattern, name, e["error"])
			}
		}
	}
}

func TestTheOpenAPIDocumentStatesTheAssertedDefaultForEveryModalityFilter(t *testing.T) {
	var doc struct {
		Paths      map[string]map[string]struct{ Parameters []openapiParam } `json:"paths"`
		Components struct {
			Parameters map[string]struct {
				Name   string `json:"name"`
				Schema struct {
					Default string `json:"default"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	if d := doc.Components.Parameters["seriesModality"].Schema.Default; d != "asserted" {
		t.Fatalf("the modality parameter's default is %q, want asserted", d)
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for _, p := range op.Parameters {
				if p.Name == "modality" {
					t.Errorf("%s %s declares its own modality parameter; it must use the shared one with the asserted default", method, path)
				}
			}
		}
	}
}

// undatedFixture adds an undated document with two events to the fixture
// store.
func undatedFixture(t *testing.T, st dyad.Store) {
	t.Helper()
	ev := func(cameo string) dyad.Event {
		return dyad.Event{Sentence: "China warned the Philippines.", Source: dyad.Actor{Code: "CHN", Text: "China"}, Target: dyad.Actor{Code: "PHL", Text: "the Philippines"},
			CAMEO: cameo, Root: cameo[:2], Quad: 3, Goldstein: -4, Modality: dyad.Asserted}
	}
	if _, err := st.SaveDocuments(context.Background(), []dyad.CodedDocument{{
		Doc:    &dyad.Document{ID: "undated.txt", Text: "China warned the Philippines. It also threatened Manila."},
		Events: []dyad.Event{ev("130"), ev("138")}}}); err != nil {
		t.Fatal(err)
	}
}

func TestACursorWalksEveryEventOnceInOrderAndUndatedOnesAreShown(t *testing.T) {
	srv, st := newTestServer(t, nil)
	undatedFixture(t, st)
	for _, filter := range []string{"modality=all", "dyad=CHN-PHL"} {
		t.Run(filter, func(t *testing.T) {
			var all eventsPage
			get(t, srv, "/api/events?limit=1000&"+filter, http.StatusOK, &all)
			if all.NextCursor != nil {
				t.Errorf("a last page has next_cursor %q", *all.NextCursor)
			}
			var walked []int64
			cursor := ""
			for range 100 {
				var page eventsPage
				get(t, srv, "/api/events?limit=3&"+filter+cursor, http.StatusOK, &page)
				for _, e := range page.Events {
					walked = append(walked, e.ID)
				}
				if page.NextCursor == nil {
					break
				}
				cursor = "&cursor=" + *page.NextCursor
			}
			var want []int64
			for _, e := range all.Events {
				want = append(want, e.ID)
			}
			if fmt.Sprint(walked) != fmt.Sprint(want) {
				t.Errorf("cursor pages walked %v, want %v", walked, want)
			}
			if last := all.Events[len(all.Events)-1]; last.Date != "" {
				t.Errorf("the last event is dated %s; undated events come last", last.Date)
			}
		})
	}
	var undated eventsPage
	get(t, srv, "/api/events?undated=1", http.StatusOK, &undated)
	if len(undated.Events) != 2 || undated.Events[0].Date != "" {
		t.Errorf("undated=1 listed %d events, want the 2 undated ones", len(undated.Events))
	}
	var stats map[string]any
	get(t, srv, "/api/stats", http.StatusOK, &stats)
	if stats["undated_events"] != 2.0 || stats["undated_documents"] != 1.0 {
		t.Errorf("stats = %v, want 2 undated events in 1 document", stats)
	}
	for _, bad := range []string{"cursor=xyz", "cursor=" + "MjAyNi0wNC0wNnxhYmM", "undated=maybe"} {
		get(t, srv, "/api/events?"+bad, http.StatusBadRequest, nil)
	}
}
