package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad/metrics"
)

// healthz answers 200 "ok" when the store answers and every extra check
// passes, and 503 with the first failure otherwise. It is not rate
// limited: orchestrators ask often.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	checks := append([]func(context.Context) error{func(ctx context.Context) error {
		// One key looked up: an index probe, cheap at any size.
		_, err := s.opts.Store.KnownDocuments(ctx, []string{"healthz"})
		return err
	}}, s.opts.Health...)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	for _, check := range checks {
		if err := check(ctx); err != nil {
			s.log.Warn("health check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("unhealthy: " + err.Error() + "\n"))
			return
		}
	}
	w.Write([]byte("ok\n"))
}

// measure records the latency of every request in a histogram labelled
// by route (the pattern that served it, so the labels stay few), method
// and status code.
func measure(reg *metrics.Registry, mux, api *http.ServeMux) http.Handler {
	latency := reg.Histogram("dyad_http_request_seconds", "HTTP request latency by route, method and status.", metrics.LatencyBuckets, "route", "method", "code")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		route := routeOf(mux, api, r)
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		mux.ServeHTTP(rec, r)
		method := r.Method
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodPost:
		default:
			method = "other"
		}
		latency.Observe(time.Since(start).Seconds(), route, method, strconv.Itoa(rec.status))
	})
}

// routeOf names the route a request goes to: the API pattern that
// matches it ("GET /api/dyads/{source}/{target}/series"), or the
// top-level one.
func routeOf(mux, api *http.ServeMux, r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		if _, p := api.Handler(r); p != "" {
			return p
		}
	}
	if _, p := mux.Handler(r); p != "" {
		return p
	}
	return "none"
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection (the POST
// handler extends its write deadline).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
