// Package api is dyad's JSON HTTP API over a Store: events with filters,
// dyad series (JSON or CSV) with the escalation index and its alerts, the
// actor network, stored documents, and a write endpoint that codes and
// stores posted documents. Reading is open; writing needs a bearer token.
// Request bodies, request rates and handler time are bounded.
//
// The routes are described in docs/api.md and, machine-readably, by the
// OpenAPI document served at /api/openapi.json.
package api

import (
	"bytes"
	"context"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/dyad-events/dyad"
)

// Options configure the API handler.
type Options struct {
	Store dyad.Store
	// Coder codes posted documents; nil makes POST /api/documents answer
	// 503.
	Coder dyad.Coder
	// Token is the bearer token that writing needs. Empty disables writing
	// (403), so that a server started without one is read-only.
	Token string
	// MaxBodyBytes bounds a request body; zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxDocuments bounds the documents of one POST; zero means
	// DefaultMaxDocuments.
	MaxDocuments int
	// Rate and Burst bound API requests per client address (requests per
	// second, and the bucket size); zero means the defaults. Writes are
	// further limited to WriteRate per second.
	Rate      float64
	Burst     int
	WriteRate float64
	// ReadTimeout bounds the time a read handler may spend in the store;
	// zero means DefaultReadTimeout.
	ReadTimeout time.Duration
	// Dashboard, if set, serves every path outside /api/.
	Dashboard http.Handler
	// Logger receives request errors; nil discards them.
	Logger *slog.Logger
}

// Defaults for Options.
const (
	DefaultMaxBodyBytes = 8 << 20
	DefaultMaxDocuments = 1000
	DefaultRate         = 20
	DefaultBurst        = 60
	DefaultWriteRate    = 1
	DefaultReadTimeout  = 15 * time.Second
	// WriteTimeout is how long a POST may take to code and store its
	// batch; the server's own write deadline is extended to it.
	WriteTimeout = 5 * time.Minute
)

//go:embed openapi.json
var openapiJSON []byte

// server holds one handler's configuration and state.
type server struct {
	opts   Options
	limits *limiter
	writes *limiter
	log    *slog.Logger
	// overviews caches the answers of the overview endpoints (alerts and
	// network), which run one store query per pair of actors: the
	// dashboard asks for the same overview each time the dyad changes.
	overviews *answerCache
}

// NewHandler returns the API (and, if Options.Dashboard is set, the
// dashboard) as one handler.
func NewHandler(opts Options) http.Handler {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxDocuments <= 0 {
		opts.MaxDocuments = DefaultMaxDocuments
	}
	if opts.Rate <= 0 {
		opts.Rate = DefaultRate
	}
	if opts.Burst <= 0 {
		opts.Burst = DefaultBurst
	}
	if opts.WriteRate <= 0 {
		opts.WriteRate = DefaultWriteRate
	}
	if opts.ReadTimeout <= 0 {
		opts.ReadTimeout = DefaultReadTimeout
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{
		opts:   opts,
		limits: newLimiter(rate.Limit(opts.Rate), opts.Burst),
		writes: newLimiter(rate.Limit(opts.WriteRate), max(1, int(opts.WriteRate*5))),
		log:    log,

		overviews: newAnswerCache(overviewTTL, 64),
	}
	api := http.NewServeMux()
	api.HandleFunc("GET /api/events", s.read(s.events))
	api.HandleFunc("GET /api/dyads/{source}/{target}/series", s.read(func(w http.ResponseWriter, r *http.Request) error {
		// The series of everything (the dashboard asks for it to learn the
		// stored period) scans every event: cache it like the overviews.
		if anyActor(r.PathValue("source")) && anyActor(r.PathValue("target")) {
			return s.cached(s.series)(w, r)
		}
		return s.series(w, r)
	}))
	api.HandleFunc("GET /api/actors", s.read(s.actors))
	api.HandleFunc("GET /api/alerts", s.read(s.cached(s.alerts)))
	api.HandleFunc("GET /api/network", s.read(s.cached(s.network)))
	api.HandleFunc("GET /api/documents/{id}", s.read(s.document))
	api.HandleFunc("GET /api/stats", s.read(s.stats))
	api.HandleFunc("POST /api/documents", s.postDocuments)
	api.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapiJSON)
	})
	api.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: see /api/openapi.json")
	})

	mux := http.NewServeMux()
	mux.Handle("/api/", s.limit(api))
	if opts.Dashboard != nil {
		mux.Handle("/", opts.Dashboard)
	}
	return securityHeaders(mux)
}

func anyActor(code string) bool { return code == "*" || code == "" }

// NewServer returns an http.Server for the handler with timeouts set, so
// that slow or idle clients cannot hold connections open indefinitely.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// securityHeaders sets headers that make the dashboard's assets safe to
// serve: no sniffing, no framing, and scripts only from the server itself.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

// read wraps a read handler: it bounds its time in the store and turns its
// error into a JSON answer.
func (s *server) read(fn func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.ReadTimeout)
		defer cancel()
		if err := fn(w, r.WithContext(ctx)); err != nil {
			s.fail(w, r, err)
		}
	}
}

// httpError is an error with the status it should be answered with.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// fail answers an error: its own status for an httpError, 404 for
// dyad.ErrNotFound, 413 for an oversized body, 503 for a store timeout and
// 500 (with the detail only in the log) otherwise.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		writeError(w, he.status, he.msg)
	case errors.Is(err, dyad.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", tooBig.Limit))
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("request timed out", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusServiceUnavailable, "the store took too long to answer")
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer.
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// authorized checks the bearer token in constant time.
func (s *server) authorized(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || s.opts.Token == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.opts.Token)) == 1
}

// limit rejects clients that exceed their request rate with 429.
func (s *server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.limits.allow(clientOf(r)) {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, "too many requests")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientOf is the address a request is rate-limited by: the peer's IP.
// Forwarded headers are not trusted, since anyone can set them.
func clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limiter keeps one token bucket per client, forgetting clients idle for
// longer than limiterIdle so that the map stays small.
type limiter struct {
	mu      sync.Mutex
	r       rate.Limit
	burst   int
	clients map[string]*client
	swept   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

const limiterIdle = 10 * time.Minute

func newLimiter(r rate.Limit, burst int) *limiter {
	return &limiter{r: r, burst: burst, clients: map[string]*client{}, swept: time.Now()}
}

func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > limiterIdle {
		for k, c := range l.clients {
			if now.Sub(c.seen) > limiterIdle {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c := l.clients[key]
	if c == nil {
		c = &client{lim: rate.NewLimiter(l.r, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	return c.lim.AllowN(now, 1)
}

// intParam reads an integer query parameter within [lo, hi], or def.
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest("%s=%q: want an integer from %d to %d", name, v, lo, hi)
	}
	return n, nil
}

// overviewTTL is how long an overview answer is reused. Writes through
// this server clear the cache at once; the TTL bounds how stale an answer
// can be when another process (dyad ingest) writes to the same store.
const overviewTTL = time.Minute

// answerCache keeps recent JSON answers by request URL.
type answerCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	entries map[string]cachedAnswer
}

type cachedAnswer struct {
	at   time.Time
	body []byte
}

func newAnswerCache(ttl time.Duration, max int) *answerCache {
	return &answerCache{ttl: ttl, max: max, entries: map[string]cachedAnswer{}}
}

func (c *answerCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || time.Since(e.at) > c.ttl {
		return nil, false
	}
	return e.body, true
}

func (c *answerCache) put(key string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		// Dropping everything is crude but bounded, and overviews are few.
		clear(c.entries)
	}
	c.entries[key] = cachedAnswer{at: time.Now(), body: body}
}

func (c *answerCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
}

// recorder captures a handler's answer so that it can be cached.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

// cached serves a read handler's successful answers from the overview
// cache.
func (s *server) cached(fn func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		key := r.URL.Path + "?" + r.URL.Query().Encode()
		if body, ok := s.overviews.get(key); ok {
			w.Header().Set("Content-Type", "application/json")
			w.Write(body)
			return nil
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		if err := fn(rec, r); err != nil {
			return err
		}
		if rec.status == http.StatusOK {
			s.overviews.put(key, rec.body.Bytes())
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
		return nil
	}
}
