package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
)

func runWorker(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var qf queueFlags
	qf.register(fs)
	db := dbFlag(fs)
	jobs := fs.Int("j", 0, "documents coded at once (default: the number of cores)")
	batch := fs.Int("batch", 64, "documents pulled, coded and committed together")
	drain := fs.Duration("drain", 2*time.Minute, "time allowed to finish the batch in hand after SIGTERM")
	metricsAddr := fs.String("metrics", "", "serve /healthz and /metrics on `ADDR` (host:port)")
	var dicts dictFlags
	dicts.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if qf.url == "" || fs.NArg() > 0 {
		return fmt.Errorf("usage: dyad worker --queue nats://HOST:PORT --db URL [-j N]")
	}
	// A worker told to stop while it starts has nothing to finish.
	stopped := func(err error) error {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "dyad worker: stopped before it started")
			return nil
		}
		return err
	}
	p, err := newPipeline(ctx, "worker", dicts.options(), stderr)
	if err != nil {
		return stopped(err)
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return stopped(err)
	}
	defer st.Close()
	q, err := queue.Connect(ctx, qf.config("dyad-worker"))
	if err != nil {
		return stopped(err)
	}
	defer q.Close()
	log := slog.New(slog.NewTextHandler(stderr, nil))
	w := &queue.Worker{Queue: q, Store: st, Coder: p, Batch: *batch, Jobs: *jobs, Drain: *drain, Log: log}
	if *metricsAddr != "" {
		stop, err := serveWorkerMetrics(ctx, *metricsAddr, w, st, q, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	log.Info("dyad worker: pulling documents", "queue", qf.url, "stream", qf.stream, "store", *db)
	start := time.Now()
	err = w.Run(ctx)
	s := w.Stats()
	fmt.Fprintf(stderr, "dyad worker: %d batches, %d documents stored, %d already stored, %d dead, %d handed back; %d events; %s\n",
		s.Batches, s.Stored, s.Known, s.Dead, s.Retried, s.Events, time.Since(start).Round(time.Millisecond))
	return err
}
