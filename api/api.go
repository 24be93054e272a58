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
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/metrics"
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
	// TotalRate and TotalBurst bound the requests of all clients
	// together, so that a flood from many addresses cannot add up to an
	// overload.
	TotalRate  float64
	TotalBurst int
	// TrustedProxies are reverse proxies whose X-Forwarded-For header
	// names the client; other peers are limited by their own address.
	TrustedProxies []netip.Prefix
	// AllowedHosts are the names (Host header, without port) the server
	// answers, against DNS rebinding; "*" or none allows any. A host of
	// 0.0.0.0 or :: admits every IP literal.
	AllowedHosts []string
	// ReadTimeout bounds the time a read handler may spend in the store;
	// zero means DefaultReadTimeout.
	ReadTimeout time.Duration
	// MaxBuckets bounds the periods of one series; MaxWork the periods of
	// all the series one overview (alerts) computes. A request over either
	// is answered 400, naming the limit; a series without a bound is cut
	// to its last MaxBuckets periods and marked truncated.
	MaxBuckets int
	MaxWork    int
	// MaxAnswerBytes bounds an events page: a page that would be larger
	// ends early and says so.
	MaxAnswerBytes int
	// CacheBytes bounds the overview cache.
	CacheBytes int
	// MaxExpensive is how many expensive requests (series, alerts,
	// network, actor and stats scans, text search) run at once; MaxQueued
	// more may wait up to QueueWait for a turn; beyond, 503.
	MaxExpensive int
	MaxQueued    int
	QueueWait    time.Duration
	// MemoryLimit is the heap size near which (90%) expensive requests
	// are refused with 503; zero disables the check. dyad serve also sets
	// it as the runtime's soft memory limit.
	MemoryLimit int64
	// Dashboard, if set, serves every path outside /api/.
	Dashboard http.Handler
	// Logger receives request errors; nil discards them.
	Logger *slog.Logger
	// Metrics, if set, gets the HTTP latency of every request by route,
	// method and status, and is served at GET /metrics (Prometheus text
	// format).
	Metrics *metrics.Registry
	// Health lists the checks of GET /healthz (the store answers, the
	// queue is connected…): 200 when all pass, 503 naming the first that
	// fails. The store is always checked.
	Health []func(context.Context) error
}

// Defaults for Options.
const (
	DefaultMaxBodyBytes = 8 << 20
	DefaultMaxDocuments = 1000
	DefaultRate         = 20
	DefaultBurst        = 60
	DefaultWriteRate    = 1
	DefaultTotalRate    = 200
	DefaultTotalBurst   = 400
	DefaultReadTimeout  = 15 * time.Second
	// DefaultMaxBuckets is 20,000 periods: 54 years of days.
	DefaultMaxBuckets = 20000
	// DefaultMaxWork is 200,000 periods: a year of days for 20 actors'
	// 380 dyads, or ten years for the 8 actors the dashboard shows.
	DefaultMaxWork        = 200000
	DefaultMaxAnswerBytes = 16 << 20
	DefaultCacheBytes     = 32 << 20
	DefaultMaxQueued      = 32
	DefaultQueueWait      = 5 * time.Second
	DefaultMemoryLimit    = 512 << 20
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
	total  *rate.Limiter
	writes *limiter
	log    *slog.Logger
	// expensive queues the expensive reads.
	expensive *gate
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
	if opts.TotalRate <= 0 {
		opts.TotalRate = DefaultTotalRate
	}
	if opts.TotalBurst <= 0 {
		opts.TotalBurst = DefaultTotalBurst
	}
	if opts.MaxBuckets <= 0 {
		opts.MaxBuckets = DefaultMaxBuckets
	}
	if opts.MaxWork <= 0 {
		opts.MaxWork = DefaultMaxWork
	}
	if opts.MaxAnswerBytes <= 0 {
		opts.MaxAnswerBytes = DefaultMaxAnswerBytes
	}
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = DefaultCacheBytes
	}
	if opts.MaxExpensive <= 0 {
		opts.MaxExpensive = max(2, runtime.GOMAXPROCS(0))
	}
	if opts.MaxQueued <= 0 {
		opts.MaxQueued = DefaultMaxQueued
	}
	if opts.QueueWait <= 0 {
		opts.QueueWait = DefaultQueueWait
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{
		opts:   opts,
		limits: newLimiter(rate.Limit(opts.Rate), opts.Burst),
		total:  rate.NewLimiter(rate.Limit(opts.TotalRate), opts.TotalBurst),
		writes: newLimiter(rate.Limit(opts.WriteRate), max(1, int(opts.WriteRate*5))),
		log:    log,

		overviews: newAnswerCache(overviewTTL, opts.CacheBytes),
		expensive: newGate(opts.MaxExpensive, opts.MaxQueued, opts.QueueWait),
	}
	api := http.NewServeMux()
	api.HandleFunc("GET /api/events", s.read(func(w http.ResponseWriter, r *http.Request) error {
		// A text search scans sentences: it queues with the expensive reads.
		if r.URL.Query().Get("text") != "" {
			return s.heavy(s.events)(w, r)
		}
		return s.events(w, r)
	}))
	api.HandleFunc("GET /api/events/{id}/mentions", s.read(s.mentions))
	api.HandleFunc("GET /api/dyads/{source}/{target}/series", s.read(func(w http.ResponseWriter, r *http.Request) error {
		// The series of everything (the dashboard asks for it to learn the
		// stored period) scans every event: cache it like the overviews.
		if anyActor(r.PathValue("source")) && anyActor(r.PathValue("target")) {
			return s.cached(s.heavy(s.series))(w, r)
		}
		return s.heavy(s.series)(w, r)
	}))
	api.HandleFunc("GET /api/actors", s.read(s.heavy(s.actors)))
	api.HandleFunc("GET /api/alerts", s.read(s.cached(s.heavy(s.alerts))))
	api.HandleFunc("GET /api/network", s.read(s.cached(s.heavy(s.network))))
	api.HandleFunc("GET /api/documents/{id}", s.read(s.document))
	api.HandleFunc("GET /api/documents/{id}/duplicates", s.read(s.duplicates))
	api.HandleFunc("GET /api/stats", s.read(s.heavy(s.stats)))
	api.HandleFunc("POST /api/documents", s.postDocuments)
	api.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapiJSON)
	})
	api.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(api, r); allow != "" {
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed here; allowed: %s", r.Method, allow))
			return
		}
		writeError(w, http.StatusNotFound, "no such endpoint: see /api/openapi.json")
	})

	mux := http.NewServeMux()
	mux.Handle("/api/", strictQuery(knownParams(api, s.limit(api))))
	mux.HandleFunc("GET /healthz", s.healthz)
	if opts.Metrics != nil {
		mux.Handle("GET /metrics", opts.Metrics.Handler())
	}
	if opts.Dashboard != nil {
		mux.Handle("/", opts.Dashboard)
	}
	var h http.Handler = mux
	if opts.Metrics != nil {
		h = measure(opts.Metrics, mux, api)
	}
	return securityHeaders(s.checkHost(h))
}

// allowedMethods returns the methods a path answers (as an Allow header),
// or "" if no route but the catch-all has it: Go's mux answers 404, not
// 405, to a wrong method when a catch-all matches the path.
func allowedMethods(mux *http.ServeMux, r *http.Request) string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
			allow = append(allow, m)
		}
	}
	return strings.Join(allow, ", ")
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
	status     int
	msg        string
	retryAfter int // seconds, for 503 and 429; 0 for none
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// fail answers an error: its own status for an httpError, 404 for
// dyad.ErrNotFound, 413 for an oversized body, 503 for a store timeout and
// 500 (with the detail only in the log) otherwise.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		if he.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(he.retryAfter))
		}
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

// answerCache keeps recent JSON answers by request URL, bounded in bytes:
// the oldest answers go first when a new one does not fit, and an answer
// larger than an eighth of the cache is not kept at all.
type answerCache struct {
	mu       sync.Mutex
	ttl      time.Duration
	maxBytes int
	bytes    int
	entries  map[string]cachedAnswer
	order    []string // keys, oldest first; may hold keys already gone
}

type cachedAnswer struct {
	at   time.Time
	body []byte
}

func newAnswerCache(ttl time.Duration, maxBytes int) *answerCache {
	return &answerCache{ttl: ttl, maxBytes: maxBytes, entries: map[string]cachedAnswer{}}
}

// cost is what an entry counts against the bound: its body and key, and
// a little for the map.
func cost(key string, body []byte) int { return len(key) + len(body) + 64 }

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
	n := cost(key, body)
	if n > c.maxBytes/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop(key)
	for c.bytes+n > c.maxBytes && len(c.order) > 0 {
		oldest := c.order[0]
		c.order = c.order[1:]
		c.drop(oldest)
	}
	c.entries[key] = cachedAnswer{at: time.Now(), body: body}
	c.order = append(c.order, key)
	c.bytes += n
	if len(c.order) > 2*len(c.entries)+16 {
		// Compact the keys of entries dropped or replaced.
		kept := c.order[:0]
		seen := map[string]bool{}
		for i := len(c.order) - 1; i >= 0; i-- {
			if k := c.order[i]; !seen[k] {
				if _, ok := c.entries[k]; ok {
					seen[k] = true
					kept = append(kept, k)
				}
			}
		}
		slices.Reverse(kept)
		c.order = kept
	}
}

func (c *answerCache) drop(key string) {
	if e, ok := c.entries[key]; ok {
		c.bytes -= cost(key, e.body)
		delete(c.entries, key)
	}
}

// size returns the bytes the cache holds.
func (c *answerCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

func (c *answerCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
	c.order, c.bytes = nil, 0
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
