package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/metrics"
	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/web"
)

// defaultAddr is where serve and demo listen: loopback only, since the
// API's reading side is open to whoever can connect.
const defaultAddr = "127.0.0.1:8080"

func runServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", store.DefaultURL, "store `URL`: an SQLite file path, sqlite:PATH or postgres://…")
	addr := fs.String("addr", defaultAddr, "listen `address`")
	var limits serverFlags
	limits.register(fs, true)
	var dicts dictFlags
	dicts.register(fs)
	queueURL := fs.String("queue", "", "NATS `URL` of the document queue, for its lag in /metrics and /healthz (optional)")
	stream := fs.String("stream", queue.DefaultStream, "JetStream stream `name` of the queue")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	tok, err := limits.token()
	if err != nil {
		return err
	}
	opts := api.Options{Token: tok, Dashboard: web.Handler()}
	if err := limits.options(*addr, &opts); err != nil {
		return err
	}
	st, err := store.OpenExisting(ctx, *db)
	if err != nil {
		return fmt.Errorf("opening store: %w", err)
	}
	defer st.Close()

	log := slog.New(slog.NewTextHandler(stderr, nil))
	var coder dyad.Coder
	if tok != "" {
		// The coder is only needed to take documents in.
		p, err := newPipeline(ctx, "serve", dicts.options(), stderr)
		if err != nil {
			return fmt.Errorf("loading the coder: %w", err)
		}
		coder = p
	}
	opts.Store, opts.Coder, opts.Logger = st, coder, log
	opts.Metrics = metrics.NewRegistry()
	storeGauges(opts.Metrics, st)
	if *queueURL != "" {
		q, err := queue.Connect(ctx, queue.Config{URL: *queueURL, Stream: *stream, Name: "dyad-serve"})
		if err != nil {
			return err
		}
		defer q.Close()
		queueLagGauge(opts.Metrics, q)
		opts.Health = append(opts.Health, q.Health)
	}
	h := api.NewHandler(opts)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	mode := "read-only (no --token-file or DYAD_TOKEN)"
	if tok != "" {
		mode = "POST /api/documents with the bearer token"
	}
	fmt.Fprintf(stdout, "dyad serve: dashboard at %s://%s/ · API at /api/ (OpenAPI: /api/openapi.json) · %s · store %s\n", limits.scheme(), ln.Addr(), mode, *db)
	return serveUntilDone(ctx, ln, h, limits.tlsCert, limits.tlsKey)
}

// serveUntilDone serves on ln until ctx is cancelled (Ctrl-C), then shuts
// down gracefully, letting requests in flight finish. With a certificate
// and key it serves HTTPS.
func serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler, certFile, keyFile string) error {
	srv := api.NewServer(ln.Addr().String(), h)
	errc := make(chan error, 1)
	go func() {
		if certFile != "" {
			errc <- srv.ServeTLS(ln, certFile, keyFile)
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}

// listen listens on addr; if addr is the default and the port is taken,
// it falls back to a free loopback port rather than failing the demo.
func listen(addr string, stderr io.Writer) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	if addr == defaultAddr && errors.Is(err, syscall.EADDRINUSE) {
		fmt.Fprintf(stderr, "dyad: %s is in use; using a free port instead\n", addr)
		if ln, err2 := net.Listen("tcp", "127.0.0.1:0"); err2 == nil {
			return ln, nil
		}
	}
	return nil, fmt.Errorf("listening on %s: %w", addr, err)
}
