package main

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/store/sqlite"
)

// serverFlags are the flags of serve and demo that bound what clients can
// make the server do: rates, budgets, queues, memory, hosts and TLS. They
// are listed, with their defaults, in docs/limits.md.
type serverFlags struct {
	tokenFile    string
	tlsCert      string
	tlsKey       string
	allowedHosts string
	trustedProxy string
	rate         float64
	burst        int
	writeRate    float64
	totalRate    float64
	totalBurst   int
	maxBody      byteSize
	maxDocuments int
	maxBuckets   int
	maxWork      int
	maxAnswer    byteSize
	cacheBytes   byteSize
	maxExpensive int
	maxQueued    int
	queueWait    time.Duration
	readTimeout  time.Duration
	memoryLimit  byteSize
}

func (f *serverFlags) register(fs *flag.FlagSet, withToken bool) {
	if withToken {
		fs.StringVar(&f.tokenFile, "token-file", "", "read the bearer token that POST /api/documents needs from `FILE` (default $DYAD_TOKEN; none: read-only)")
		fs.Func("token", "not accepted: a token on the command line is visible to every user in ps; use --token-file or DYAD_TOKEN", func(string) error {
			return errors.New("a token on the command line is visible to every user of the machine (ps); use --token-file FILE or DYAD_TOKEN")
		})
	}
	fs.StringVar(&f.tlsCert, "tls-cert", "", "serve HTTPS with this certificate `FILE` (PEM; needs --tls-key)")
	fs.StringVar(&f.tlsKey, "tls-key", "", "private key `FILE` of --tls-cert (PEM)")
	fs.StringVar(&f.allowedHosts, "allowed-hosts", "", "comma-separated host `NAMES` the server answers, against DNS rebinding; * for any (default: the listen host and localhost)")
	fs.StringVar(&f.trustedProxy, "trusted-proxy", "", "comma-separated `ADDRESSES` or CIDR blocks of reverse proxies whose X-Forwarded-For names the client")
	fs.Float64Var(&f.rate, "rate", api.DefaultRate, "API requests per second per client address")
	fs.IntVar(&f.burst, "burst", api.DefaultBurst, "burst of API requests per client address")
	fs.Float64Var(&f.writeRate, "write-rate", api.DefaultWriteRate, "POST requests per second per client address")
	fs.Float64Var(&f.totalRate, "total-rate", api.DefaultTotalRate, "API requests per second from all clients together")
	fs.IntVar(&f.totalBurst, "total-burst", api.DefaultTotalBurst, "burst of API requests from all clients together")
	f.maxBody = api.DefaultMaxBodyBytes
	fs.Var(&f.maxBody, "max-body", "largest request body, in `bytes` (suffixes KiB, MiB, GiB)")
	fs.IntVar(&f.maxDocuments, "max-documents", api.DefaultMaxDocuments, "most documents in one POST")
	fs.IntVar(&f.maxBuckets, "max-buckets", api.DefaultMaxBuckets, "most periods in one series")
	fs.IntVar(&f.maxWork, "max-work", api.DefaultMaxWork, "most periods summed over the dyads of one alerts request")
	f.maxAnswer = api.DefaultMaxAnswerBytes
	fs.Var(&f.maxAnswer, "max-answer-bytes", "largest events or mentions page, in `bytes`")
	f.cacheBytes = api.DefaultCacheBytes
	fs.Var(&f.cacheBytes, "cache-bytes", "size of the overview answer cache, in `bytes`")
	fs.IntVar(&f.maxExpensive, "max-expensive", 0, "expensive requests (series, alerts, network, actors, stats, text search) run at once (default: half the cores, at least 1)")
	fs.IntVar(&f.maxQueued, "max-queued", api.DefaultMaxQueued, "expensive requests that may wait for a turn; more are refused with 503")
	fs.DurationVar(&f.queueWait, "queue-wait", api.DefaultQueueWait, "longest wait of an expensive request for its turn")
	fs.DurationVar(&f.readTimeout, "read-timeout", api.DefaultReadTimeout, "longest time a read may spend in the store")
	f.memoryLimit = api.DefaultMemoryLimit
	fs.Var(&f.memoryLimit, "memory-limit", "memory ceiling of the process in `bytes`: less SQLite's heap limit, the Go runtime's soft limit, and near it expensive requests are refused; 0 for none")
}

// token reads the write token from --token-file or $DYAD_TOKEN and checks
// it; "" means the server is read-only.
func (f *serverFlags) token() (string, error) {
	tok := os.Getenv("DYAD_TOKEN")
	from := "DYAD_TOKEN"
	if f.tokenFile != "" {
		data, err := os.ReadFile(f.tokenFile)
		if err != nil {
			return "", fmt.Errorf("--token-file: %w", err)
		}
		tok, from = strings.TrimSpace(string(data)), "--token-file "+f.tokenFile
	}
	if tok == "" {
		return "", nil
	}
	if err := api.CheckToken(tok); err != nil {
		return "", fmt.Errorf("%s: %w", from, err)
	}
	return tok, nil
}

// options fills the limits of api.Options for a server listening on addr,
// and sets the runtime's memory limit.
func (f *serverFlags) options(addr string, o *api.Options) error {
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	o.Rate, o.Burst, o.WriteRate, o.TotalRate, o.TotalBurst = f.rate, f.burst, f.writeRate, f.totalRate, f.totalBurst
	o.MaxBodyBytes, o.MaxDocuments = int64(f.maxBody), f.maxDocuments
	o.MaxBuckets, o.MaxWork, o.MaxAnswerBytes, o.CacheBytes = f.maxBuckets, f.maxWork, int(f.maxAnswer), int(f.cacheBytes)
	o.MaxExpensive, o.MaxQueued, o.QueueWait, o.ReadTimeout = f.maxExpensive, f.maxQueued, f.queueWait, f.readTimeout
	if f.memoryLimit > 0 {
		// The ceiling covers the process: SQLite's own heap (bounded by
		// sqlite.HeapLimit) lies outside the Go runtime's limit.
		goLimit := max(int64(f.memoryLimit)-sqlite.HeapLimit, int64(f.memoryLimit)/2)
		debug.SetMemoryLimit(goLimit)
		o.MemoryLimit = goLimit
	}
	o.AllowedHosts = api.DefaultAllowedHosts(addr)
	if f.allowedHosts != "" {
		o.AllowedHosts = splitList(f.allowedHosts)
	}
	for _, p := range splitList(f.trustedProxy) {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			a, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return fmt.Errorf("--trusted-proxy %q: want an address or a CIDR block", p)
			}
			prefix = netip.PrefixFrom(a, a.BitLen())
		}
		o.TrustedProxies = append(o.TrustedProxies, prefix)
	}
	return nil
}

// scheme is how the server is reached.
func (f *serverFlags) scheme() string {
	if f.tlsCert != "" {
		return "https"
	}
	return "http"
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// byteSize is a flag of a size in bytes, with an optional binary or
// decimal suffix: 512MiB, 8MB, 65536.
type byteSize int64

func (b *byteSize) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *byteSize) Set(s string) error {
	n, err := parseBytes(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

var byteSuffixes = []struct {
	suffix string
	mult   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1},
}

func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, sf := range byteSuffixes {
		if rest, ok := strings.CutSuffix(s, sf.suffix); ok {
			s, mult = strings.TrimSpace(rest), sf.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q: want a size in bytes such as 512MiB", s)
	}
	return n * mult, nil
}

// readLimits are the input limits of the commands that read documents
// (code, ingest): one document limit for every reader.
type readLimits struct {
	maxDoc  byteSize
	maxLine byteSize
}

func (l *readLimits) register(fs *flag.FlagSet) {
	l.maxDoc, l.maxLine = ingest.DefaultMaxDocBytes, ingest.DefaultMaxLineBytes
	fs.Var(&l.maxDoc, "max-doc", "largest document in `bytes`, for every reader (files, JSON lines, feed items, WARC records, fetched pages)")
	fs.Var(&l.maxLine, "max-line", "longest line of prose in `bytes`")
}

func (l *readLimits) apply(o *ingest.Options) {
	o.MaxDocBytes, o.MaxLineBytes = int(l.maxDoc), int(l.maxLine)
}
