package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestHandlerServesTheEmbeddedDashboard(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	tests := []struct {
		path, contentType, contains string
	}{
		{"/", "text/html", `<div id="chart"`},
		{"/doc.html", "text/html", `<script src="doc.js">`},
		{"/app.js", "text/javascript", "drawChart"},
		{"/common.js", "text/javascript", "highlight"},
		{"/app.css", "text/css", "mark.verb"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.contentType) {
				t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if !strings.Contains(string(body), tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
		})
	}
	resp, err := http.Post(srv.URL+"/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", resp.StatusCode)
	}
}

// The dashboard must work offline: no page may load anything from
// another host.
func TestDashboardLoadsNothingFromTheNetwork(t *testing.T) {
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["'](https?:)?//`)
	for _, name := range []string{"static/index.html", "static/doc.html"} {
		data, err := static.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if m := external.FindString(string(data)); m != "" {
			t.Errorf("%s loads from another host: %s", name, m)
		}
	}
}
