package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/metrics"
	"github.com/dyad-events/dyad/queue"
)

// storeHealth checks that the store answers: a lookup of one key is an
// index probe, cheap at any size.
func storeHealth(st dyad.Store) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := st.KnownDocuments(ctx, []string{"healthz"})
		return err
	}
}

// queueLagGauge reports the queue's lag (documents pending or in a
// worker's hands) at each scrape.
func queueLagGauge(reg *metrics.Registry, q *queue.Queue) {
	reg.GaugeFunc("dyad_queue_lag_documents", "Documents queued and not yet coded (pending plus unacknowledged).", func() (float64, bool) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		st, err := q.StateNow(ctx)
		if err != nil {
			return 0, false
		}
		return float64(st.Lag), true
	})
	reg.GaugeFunc("dyad_queue_dead_documents", "Documents moved to the dead-letter subject.", func() (float64, bool) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		st, err := q.StateNow(ctx)
		if err != nil {
			return 0, false
		}
		return float64(st.Dead), true
	})
}

// opsHandler serves /healthz (200 when every check passes, 503 with the
// first failure otherwise) and /metrics.
func opsHandler(reg *metrics.Registry, checks ...func(context.Context) error) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", reg.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		for _, check := range checks {
			if err := check(ctx); err != nil {
				http.Error(w, "unhealthy: "+err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	return mux
}

// serveOps serves h on addr until the returned stop is called.
func serveOps(addr string, h http.Handler, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening for metrics on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("serving metrics", "err", err)
		}
	}()
	log.Info("serving /healthz and /metrics", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}

// serveWorkerMetrics declares the worker's metrics, hooks them to each
// committed batch and serves them.
func serveWorkerMetrics(ctx context.Context, addr string, w *queue.Worker, st dyad.Store, q *queue.Queue, log *slog.Logger) (func(), error) {
	reg := metrics.NewRegistry()
	docs := reg.Counter("dyad_documents_coded_total", "Documents coded and stored by this worker.")
	known := reg.Counter("dyad_documents_known_total", "Documents delivered that the store already had.")
	dead := reg.Counter("dyad_documents_dead_total", "Documents this worker moved to the dead-letter subject.")
	events := reg.Counter("dyad_events_coded_total", "Events coded from the documents this worker stored.")
	coding := reg.Histogram("dyad_coding_seconds", "Time to code one document.", metrics.LatencyBuckets)
	commit := reg.Histogram("dyad_batch_commit_seconds", "Time to save one batch in one transaction.", metrics.LatencyBuckets)
	reg.GaugeFunc("dyad_worker_documents_in_hand", "Documents this worker has pulled and not yet acknowledged.", func() (float64, bool) {
		return float64(w.InHand()), true
	})
	queueLagGauge(reg, q)
	w.Observe = func(b queue.BatchStats) {
		docs.Add(float64(b.Stored))
		known.Add(float64(b.Known))
		dead.Add(float64(b.Dead))
		events.Add(float64(b.Events))
		for _, d := range b.PerDoc {
			coding.Observe(d.Seconds())
		}
		commit.Observe(b.Committed.Seconds())
	}
	return serveOps(addr, opsHandler(reg, storeHealth(st), q.Health), log)
}

// storeGauges reports what the store holds, read at most every 30
// seconds: counting a large store's rows is not free.
func storeGauges(reg *metrics.Registry, st dyad.Store) {
	var mu sync.Mutex
	var last dyad.Stats
	var at time.Time
	read := func() (dyad.Stats, bool) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(at) > 30*time.Second {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			s, err := st.Stats(ctx)
			if err != nil {
				return last, !at.IsZero()
			}
			last, at = s, time.Now()
		}
		return last, true
	}
	reg.GaugeFunc("dyad_store_documents", "Documents in the store.", func() (float64, bool) {
		s, ok := read()
		return float64(s.Documents), ok
	})
	reg.GaugeFunc("dyad_store_events", "Distinct events in the store.", func() (float64, bool) {
		s, ok := read()
		return float64(s.Events), ok
	})
	reg.GaugeFunc("dyad_store_mentions", "Event reports (mentions) in the store.", func() (float64, bool) {
		s, ok := read()
		return float64(s.Mentions), ok
	})
}
