package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzQuery sends any query string (and any path under a route) to the
// read routes over the fixture store: no request may make the server fail
// (500) or answer anything but JSON (or the series CSV).
func FuzzQuery(f *testing.F) {
	st := openFixtureStore(f)
	h := NewHandler(Options{Store: st, Rate: 1e9, Burst: 1e9, TotalRate: 1e9, TotalBurst: 1e9, MaxBuckets: 2000, MaxWork: 20000})
	routes := []string{"/api/events", "/api/dyads/%s/%s/series", "/api/actors", "/api/alerts", "/api/network",
		"/api/documents/%s", "/api/documents/%s/duplicates", "/api/events/%s/mentions", "/api/stats"}
	for i, q := range []string{
		"source=CHN&target=PHL&from=2026-04-01&to=2026-05-01",
		"dyad=CHN-PHL&modality=all&limit=5&offset=1",
		"interval=week&both=1&format=csv",
		"target=IRN;x",
		"actors=20&from=1900-01-01&to=2100-01-01",
		"text=%25_%5C&attribution=named&root=19&quad=4",
		"level=country&prefix=C&limit=3",
		"after=-1&limit=0",
	} {
		f.Add(uint8(i), "CHN", q)
	}
	f.Add(uint8(1), "*", "from=2026-04-28&to=2026-04-01")
	f.Add(uint8(5), "0123abcd", "")
	f.Add(uint8(7), "1", "limit=1000")
	f.Fuzz(func(t *testing.T, route uint8, seg, query string) {
		path := routes[int(route)%len(routes)]
		if strings.Contains(path, "%s") {
			path = strings.ReplaceAll(path, "%s", url.PathEscape(seg))
		}
		req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1"+path+"?"+query, nil)
		if err != nil {
			return // not a request a client could send
		}
		req.RemoteAddr = "127.0.0.1:1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("GET %s?%s: status %d: %s", path, query, rec.Code, rec.Body.String())
		}
		if ct := rec.Header().Get("Content-Type"); strings.HasPrefix(ct, "application/json") && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("GET %s?%s: invalid JSON: %.200s", path, query, rec.Body.String())
		}
	})
}

// FuzzPostDocuments posts any body with any content type: the answer is
// JSON with a 2xx or 4xx status, never a server error.
func FuzzPostDocuments(f *testing.F) {
	st := openFixtureStore(f)
	h := NewHandler(Options{Store: st, Coder: protestCoder{}, Token: testToken, MaxBodyBytes: 64 << 10,
		Rate: 1e9, Burst: 1e9, TotalRate: 1e9, TotalBurst: 1e9, WriteRate: 1e9})
	f.Add("application/json", `{"id":"a","date":"2026-04-06","text":"Vietnam protested to China over the shoal."}`)
	f.Add("application/json", `[{"text":"x"},{"id":5,"text":"Vietnam protested to China."},{}]`)
	f.Add("application/x-ndjson", "{\"text\":\"Vietnam protested to China.\"}\nnot json\n{\"text\":\"\\u0000\"}\n")
	f.Add("text/plain", `{"text":"a"} {"text":"b"}`)
	f.Add("application/xml", "<x/>")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		req := httptest.NewRequest(http.MethodPost, "/api/documents", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+testToken)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("POST %q %.100q: status %d: %s", contentType, body, rec.Code, rec.Body.String())
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("POST: invalid JSON answer %.200s", rec.Body.String())
		}
	})
}
