package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"syscall"
	"time"
)

// Fetching is guarded against server-side request forgery: a feed, a
// page or a redirect can name any address, and what dyad fetches ends up
// in the store, which the read API serves to anyone. So only the URLs the
// user names are fetched wherever they point; every other address —
// links inside fetched content, and every redirect, the user's own URL's
// included — is checked after DNS resolution, at connection time, and
// refused if it is loopback, private, link-local (cloud metadata
// services live at 169.254.169.254), shared, multicast or unspecified,
// unless SourceOptions.AllowPrivate is set. Only http and https are
// fetched; responses are bounded in size (MaxFetchBytes) and time
// (FetchTimeout).

// Limits of fetching.
const (
	// MaxFetchBytes bounds one fetched page, feed or archive.
	MaxFetchBytes = 32 << 20
	// FetchTimeout bounds one fetch, redirects and body included.
	FetchTimeout = 30 * time.Second
	// maxRedirects bounds the redirects of one fetch.
	maxRedirects = 5
)

// BlockedError is a fetch refused because its address is not public.
type BlockedError struct {
	Addr netip.Addr
}

func (e *BlockedError) Error() string {
	return fmt.Sprintf("not fetched: %s is not a public address (links found in fetched content may not reach private networks; --allow-private allows it)", e.Addr)
}

// blockedPrefixes are the address blocks that links found in content may
// not reach, beyond what netip's predicates name.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),  // shared address space (carrier NAT)
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("fec0::/10"),      // deprecated site-local
	netip.MustParsePrefix("2001:db8::/32"),  // documentation
	netip.MustParsePrefix("100::/64"),       // discard-only
	netip.MustParsePrefix("fd00:ec2::/32"),  // cloud metadata (IPv6)
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, metadata services
	netip.MustParsePrefix("fe80::/10"),      // link-local
	netip.MustParsePrefix("255.255.255.255/32"),
}

// PublicAddr reports whether a connection to a may be made for a link
// found in fetched content.
func PublicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	if a.Is6() {
		// IPv4 embedded in NAT64 or 6to4 addresses is checked too.
		if p := netip.MustParsePrefix("64:ff9b::/96"); p.Contains(a) {
			b := a.As16()
			return PublicAddr(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		}
		if p := netip.MustParsePrefix("2002::/16"); p.Contains(a) {
			b := a.As16()
			return PublicAddr(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
		}
	}
	for _, p := range blockedPrefixes {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// guardedDialer refuses connections to addresses that are not public. Its
// Control runs after name resolution, for each address tried, so a name
// that resolves (or is rebound) to a private address is caught too.
var guardedDialer = &net.Dialer{
	Timeout:   10 * time.Second,
	KeepAlive: 30 * time.Second,
	Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("dialing %s: %w", address, err)
		}
		if !PublicAddr(ap.Addr()) {
			return &BlockedError{Addr: ap.Addr().Unmap()}
		}
		return nil
	},
}

// newTransport returns a transport; a guarded one dials only public
// addresses and uses no proxy (through a proxy, the address checked would
// be the proxy's).
func newTransport(guarded bool) *http.Transport {
	t := &http.Transport{
		DialContext:            (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		Proxy:                  http.ProxyFromEnvironment,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  20 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		IdleConnTimeout:        30 * time.Second,
		MaxIdleConnsPerHost:    2,
		ForceAttemptHTTP2:      true,
	}
	if guarded {
		t.DialContext, t.Proxy = guardedDialer.DialContext, nil
	}
	return t
}

// guard routes each request: the first request of a fetch the user asked
// for goes anywhere; everything else (links found in content, redirects)
// only to public addresses, unless private ones are allowed.
type guard struct {
	open, guarded http.RoundTripper
	allowPrivate  bool
}

type explicitKey struct{}

// explicitly marks a context as fetching the URLs us because the user
// named them.
func explicitly(ctx context.Context, us ...string) context.Context {
	return context.WithValue(ctx, explicitKey{}, us)
}

func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return nil, fmt.Errorf("not fetched: only http and https URLs are, not %q", req.URL.Scheme)
	}
	// req.Response is set on the requests of redirects.
	if g.allowPrivate || (req.Response == nil && slices.Contains(explicitURLs(req.Context()), req.URL.String())) {
		return g.open.RoundTrip(req)
	}
	return g.guarded.RoundTrip(req)
}

var (
	openTransport    = newTransport(false)
	guardedTransport = newTransport(true)
)

// NewClient returns a client guarded as ingest's own fetches are: a
// request reaches a private address only if it is the first request of a
// URL marked with Explicitly (never its redirects), or allowPrivate is
// set. Crawlers built on ingest (dyad watch) fetch with it.
func NewClient(allowPrivate bool) *http.Client { return newClient(allowPrivate) }

// Explicitly marks ctx as fetching the URLs us because the user named
// them (a feed and its robots.txt, say), so that a NewClient request for
// one of them itself may reach any address.
func Explicitly(ctx context.Context, us ...string) context.Context { return explicitly(ctx, us...) }

func explicitURLs(ctx context.Context) []string {
	us, _ := ctx.Value(explicitKey{}).([]string)
	return us
}

// newClient returns the client of a fetch.
func newClient(allowPrivate bool) *http.Client {
	return &http.Client{
		Timeout:   FetchTimeout,
		Transport: &guard{open: openTransport, guarded: guardedTransport, allowPrivate: allowPrivate},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("not fetched: a redirect to a %q URL", req.URL.Scheme)
			}
			return nil
		},
	}
}

// limitedBody is a response body cut at MaxFetchBytes with an error, so
// that an endless response cannot fill memory.
type limitedBody struct {
	r io.Reader
	c io.Closer
	n int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, fmt.Errorf("%w: response larger than %d bytes", ErrTooLarge, MaxFetchBytes)
	}
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	n, err := b.r.Read(p)
	b.n -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.c.Close() }

// fetch GETs a URL and returns its body as a stream, failing on non-2xx
// statuses. explicit says the user named the URL, so that it may point
// anywhere (its redirects may not). The caller closes the body.
func fetch(ctx context.Context, opts SourceOptions, u string, explicit bool) (io.ReadCloser, string, error) {
	if explicit {
		ctx = explicitly(ctx, u)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", "dyad-ingest/1 (political event coder)")
	resp, err := opts.client().Do(req)
	if err != nil {
		var blocked *BlockedError
		if errors.As(err, &blocked) {
			return nil, "", blocked
		}
		return nil, "", err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		return nil, "", fmt.Errorf("HTTP %s", resp.Status)
	}
	if resp.ContentLength > MaxFetchBytes {
		resp.Body.Close()
		return nil, "", fmt.Errorf("%w: response of %d bytes, more than %d", ErrTooLarge, resp.ContentLength, MaxFetchBytes)
	}
	return &limitedBody{r: resp.Body, c: resp.Body, n: MaxFetchBytes}, resp.Header.Get("Content-Type"), nil
}
