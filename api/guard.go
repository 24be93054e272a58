package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// This file holds what keeps the server up under abuse: who a client is
// (behind trusted proxies too), rate limits per client and in total, the
// Host check against DNS rebinding, strict query strings, the queue of
// expensive requests and the memory ceiling. The limits and their flags
// are listed in docs/limits.md.

// MinTokenBytes is the shortest bearer token a server accepts: a short
// token can be guessed.
const MinTokenBytes = 16

// CheckToken reports whether a token is fit to guard writes.
func CheckToken(token string) error {
	if n := len(token); n < MinTokenBytes {
		return fmt.Errorf("the token is %d bytes; use at least %d (for example: openssl rand -hex 24)", n, MinTokenBytes)
	}
	if strings.TrimSpace(token) != token || strings.ContainsAny(token, " \t\r\n") {
		return errors.New("the token contains white space")
	}
	return nil
}

// authorized checks the bearer token. The scheme is case-insensitive
// (RFC 9110); the token is compared through SHA-256 digests in constant
// time, so that neither its bytes nor its length leak through timing.
func (s *server) authorized(r *http.Request) bool {
	scheme, got, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || s.opts.Token == "" {
		return false
	}
	a := sha256.Sum256([]byte(strings.TrimSpace(got)))
	b := sha256.Sum256([]byte(s.opts.Token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// clientOf is the address a request is rate-limited by: the peer's IP or,
// when the peer is a trusted proxy, the last address in X-Forwarded-For
// that is not itself a trusted proxy. An IPv6 client counts by its /64,
// the block one subscriber gets, so that it cannot rotate through
// addresses.
func (s *server) clientOf(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := peer.Addr().Unmap()
	if s.trusted(addr) {
		hops := r.Header.Values("X-Forwarded-For")
		for i := len(hops) - 1; i >= 0; i-- {
			parts := strings.Split(hops[i], ",")
			done := false
			for j := len(parts) - 1; j >= 0; j-- {
				a, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
				if err != nil {
					done = true // a garbled hop: trust nothing before it
					break
				}
				addr = a.Unmap()
				if !s.trusted(addr) {
					done = true
					break
				}
			}
			if done {
				break
			}
		}
	}
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

func (s *server) trusted(a netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// limit rejects clients that exceed their request rate, and everyone when
// all clients together exceed the total rate, with 429.
func (s *server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.limits.allow(s.clientOf(r)) {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, "too many requests from this address")
			return
		}
		if !s.total.Allow() {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, "too many requests: the server is at its total rate")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limiter keeps one token bucket per client, forgetting clients idle for
// longer than limiterIdle, and at most limiterClients of them, so that the
// map stays small however many addresses a flood comes from.
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

const (
	limiterIdle    = 10 * time.Minute
	limiterClients = 100000
)

func newLimiter(r rate.Limit, burst int) *limiter {
	return &limiter{r: r, burst: burst, clients: map[string]*client{}, swept: time.Now()}
}

func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > limiterIdle || len(l.clients) >= limiterClients {
		for k, c := range l.clients {
			if now.Sub(c.seen) > limiterIdle {
				delete(l.clients, k)
			}
		}
		if len(l.clients) >= limiterClients {
			// A flood from more addresses than the map holds: forgetting
			// them all is crude but bounded; the total rate still holds.
			clear(l.clients)
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

// checkHost answers 421 to a request for a host the server does not serve:
// a page on another site that resolves its own name to this server (DNS
// rebinding) would otherwise read the API with the browser's help. IP
// literals cannot be rebound, so they pass when the server listens on
// every address.
func (s *server) checkHost(next http.Handler) http.Handler {
	if len(s.opts.AllowedHosts) == 0 {
		return next
	}
	allowed := map[string]bool{}
	anyIP := false
	for _, h := range s.opts.AllowedHosts {
		h = strings.ToLower(strings.Trim(h, "[]"))
		switch h {
		case "*":
			return next
		case "0.0.0.0", "::", "":
			anyIP = true
		}
		allowed[h] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
		ip, err := netip.ParseAddr(host)
		isIP := err == nil
		if allowed[host] || (anyIP && isIP) || (isIP && ip.IsLoopback() && allowed["localhost"]) {
			next.ServeHTTP(w, r)
			return
		}
		writeError(w, http.StatusMisdirectedRequest, fmt.Sprintf("host %q is not served here (see --allowed-hosts)", host))
	})
}

// DefaultAllowedHosts returns the hosts a server listening on addr
// answers by default: the listen host and localhost (with the loopback
// addresses).
func DefaultAllowedHosts(addr string) []string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return []string{host, "localhost"}
}

// strictQuery answers 400 to a query string that does not parse (Go drops
// such pairs silently: "target=IRN;x" would have meant no filter at all)
// or that gives a parameter twice.
func strictQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("malformed query string: %v", err))
			return
		}
		for k, v := range q {
			if len(v) > 1 {
				writeError(w, http.StatusBadRequest, fmt.Sprintf("parameter %q is given %d times; give it once", k, len(v)))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// errBusy answers an expensive request the server has no room for.
var errBusy = &httpError{status: http.StatusServiceUnavailable, msg: "the server is busy with other expensive requests; retry shortly", retryAfter: 2}

// errLowMemory answers an expensive request when the heap is near the
// memory ceiling.
var errLowMemory = &httpError{status: http.StatusServiceUnavailable, msg: "the server is near its memory limit; retry shortly", retryAfter: 5}

// gate lets a few expensive requests run at once and a bounded queue wait
// for a turn; the rest are refused at once, so that requests never pile
// up.
type gate struct {
	slots  chan struct{}
	queued atomic.Int64
	max    int64
	wait   time.Duration
}

func newGate(running, queued int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, running), max: int64(queued), wait: wait}
}

// enter waits for a turn and returns the function that gives it back.
func (g *gate) enter(ctx context.Context) (func(), error) {
	release := func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.queued.Add(1) > g.max {
		g.queued.Add(-1)
		return nil, errBusy
	}
	defer g.queued.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// heavy runs an expensive read handler (one whose cost grows with the
// store or the period asked) through the gate, and refuses it while the
// heap is near the memory ceiling.
func (s *server) heavy(fn func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.opts.MemoryLimit > 0 && heapBytes() > s.opts.MemoryLimit/10*9 {
			return errLowMemory
		}
		release, err := s.expensive.enter(r.Context())
		if err != nil {
			return err
		}
		defer release()
		return fn(w, r)
	}
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
var heapMu sync.Mutex

// heapBytes returns the bytes of heap objects, live or not yet swept.
func heapBytes() int64 {
	heapMu.Lock()
	defer heapMu.Unlock()
	metrics.Read(heapSample)
	if heapSample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(heapSample[0].Value.Uint64())
}

// budgetError is a request over one of the read budgets: a 400 that names
// the limit and its flag.
func budgetError(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}
