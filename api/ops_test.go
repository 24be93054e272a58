package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/metrics"
)

func TestMetricsCountRequestsByRoute(t *testing.T) {
	reg := metrics.NewRegistry()
	srv, _ := newTestServer(t, func(o *Options) { o.Metrics = reg })
	for _, path := range []string{"/api/events?limit=1", "/api/events?limit=2", "/api/dyads/CHN/PHL/series", "/api/nosuch"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("GET /metrics: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		"# TYPE dyad_http_request_seconds histogram",
		`dyad_http_request_seconds_count{route="GET /api/events",method="GET",code="200"} 2`,
		`dyad_http_request_seconds_count{route="GET /api/dyads/{source}/{target}/series",method="GET",code="200"} 1`,
		`dyad_http_request_seconds_count{route="/api/",method="GET",code="404"} 1`,
		`dyad_http_request_seconds_bucket{route="GET /api/events",method="GET",code="200",le="+Inf"} 2`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
}

func TestHealthzChecksTheStoreAndTheExtraChecks(t *testing.T) {
	failing := errors.New("not connected to NATS")
	for _, tt := range []struct {
		name   string
		checks []func(context.Context) error
		status int
		body   string
	}{
		{"healthy", nil, http.StatusOK, "ok"},
		{"a failing check", []func(context.Context) error{func(context.Context) error { return failing }}, http.StatusServiceUnavailable, "unhealthy: not connected to NATS"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := newTestServer(t, func(o *Options) { o.Health = tt.checks })
			resp, err := http.Get(srv.URL + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.body) {
				t.Errorf("GET /healthz: %d %q, want %d %q", resp.StatusCode, body, tt.status, tt.body)
			}
		})
	}
}
