package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/metrics"
	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/watch"
)

func runWatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad watch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	feedsFile := fs.String("feeds", "", "`FILE` of feeds and sitemaps to watch: a URL a line, optionally followed by its interval (10m)")
	db := dbFlag(fs)
	every := fs.Duration("every", 15*time.Minute, "interval of feeds that give none")
	maxBackoff := fs.Duration("max-backoff", watch.DefaultMaxBackoff, "longest wait before polling a failing feed again")
	allowPrivate := fs.Bool("allow-private", false, "let article links found in feeds reach loopback, private and link-local addresses")
	once := fs.Bool("once", false, "poll the feeds that are due once, then exit")
	metricsAddr := fs.String("metrics", "", "serve /healthz and /metrics on `ADDR` (host:port)")
	var qf queueFlags
	qf.register(fs)
	var dicts dictFlags
	dicts.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *feedsFile == "" || fs.NArg() > 0 {
		return fmt.Errorf("usage: dyad watch --feeds FILE [--queue nats://HOST:PORT] [--db URL]")
	}
	f, err := os.Open(*feedsFile)
	if err != nil {
		return err
	}
	feeds, err := watch.ParseFeeds(f, *feedsFile, *every)
	f.Close()
	if err != nil {
		return err
	}
	if len(feeds) == 0 {
		return fmt.Errorf("%s lists no feeds", *feedsFile)
	}
	// The store keeps the feeds' state in every case; documents go to the
	// queue when there is one, and are coded into the store otherwise.
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	state, ok := st.(dyad.FeedStore)
	if !ok {
		return fmt.Errorf("the store %s cannot keep feed state", *db)
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	var sink watch.Sink
	var q *queue.Queue
	if qf.url != "" {
		if q, err = queue.Connect(ctx, qf.config("dyad-watch")); err != nil {
			return err
		}
		defer q.Close()
		sink = q.NewPublisher()
	} else {
		p, err := newPipeline(ctx, "watch", dicts.options(), stderr)
		if err != nil {
			return err
		}
		sink = &store.Loader{Store: st, Coder: p, Report: func(err error) { log.Warn("document not coded", "err", err) }}
	}
	w := &watch.Watcher{Feeds: feeds, State: state, Sink: sink, AllowPrivate: *allowPrivate, MaxBackoff: *maxBackoff, Log: log}
	if *metricsAddr != "" {
		reg := metrics.NewRegistry()
		polls := reg.Counter("dyad_feed_polls_total", "Feed polls by outcome: new (a full answer), unchanged (304) or failed.", "outcome")
		docs := reg.Counter("dyad_feed_documents_total", "Documents taken from feeds.")
		w.Polled = func(feed string, status int, n int, err error) {
			switch {
			case err != nil:
				polls.Inc("failed")
			case status == 304:
				polls.Inc("unchanged")
			default:
				polls.Inc("new")
			}
			docs.Add(float64(n))
		}
		checks := []func(context.Context) error{storeHealth(st)}
		if q != nil {
			queueLagGauge(reg, q)
			checks = append(checks, q.Health)
		}
		stop, err := serveOps(*metricsAddr, opsHandler(reg, checks...), log)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *once {
		_, err := w.PollDue(ctx)
		return err
	}
	log.Info("dyad watch: watching feeds", "feeds", len(feeds), "store", *db, "queue", qf.url)
	return w.Run(ctx)
}
