package queue

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/internal/natstest"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/store/sqlite"
	"github.com/dyad-events/dyad/store/storetest"
)

var (
	coderOnce sync.Once
	coder     *pipeline.Pipeline
	coderErr  error
)

func testCoder(t testing.TB) dyad.Coder {
	coderOnce.Do(func() { coder, coderErr = pipeline.New(context.Background(), pipeline.Options{}) })
	if coderErr != nil {
		t.Fatal(coderErr)
	}
	return coder
}

var (
	actorNames = []string{"Russia", "Ukraine", "Israel", "Iran", "China", "India", "Pakistan", "Turkey", "Egypt", "France"}
	verbs      = []string{"accused", "condemned", "met with", "threatened", "praised", "criticised"}
)

// documents makes n short news documents, every fifth a copy of the one
// before at another outlet (a near-duplicate in the store).
func documents(n int) []*dyad.Document {
	var docs []*dyad.Document
	for i := range n {
		a, b := actorNames[i%len(actorNames)], actorNames[(i/len(actorNames)+i+1)%len(actorNames)]
		if a == b {
			b = actorNames[(i+3)%len(actorNames)]
		}
		text := fmt.Sprintf("%s %s %s on Tuesday, officials said. Talks number %d between the envoys broke down in Geneva.", a, verbs[i%len(verbs)], b, i)
		u := fmt.Sprintf("https://outlet%d.example/%d", i%3, i)
		if i%5 == 4 {
			text = docs[i-1].Text
		}
		docs = append(docs, &dyad.Document{ID: fmt.Sprintf("doc-%03d", i), URL: u, Text: text,
			Date: time.Date(2025, 3, 1+i%20, 0, 0, 0, 0, time.UTC)})
	}
	return docs
}

func connect(t *testing.T, c *natstest.Cluster, cfg Config) *Queue {
	t.Helper()
	cfg.URL = c.URL()
	q, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

func publish(t *testing.T, q *Queue, docs []*dyad.Document) PublishStats {
	t.Helper()
	ctx := context.Background()
	p := q.NewPublisher()
	for _, d := range docs {
		if err := p.Add(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return p.Stats()
}

func state(t *testing.T, q *Queue) State {
	t.Helper()
	st, err := q.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// waitDrained waits until no document is pending or unacknowledged.
func waitDrained(t *testing.T, q *Queue, timeout time.Duration) State {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st := state(t, q)
		if st.Pending == 0 && st.Unacked == 0 {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("the queue did not drain in %s: %+v", timeout, st)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func openSQLite(t *testing.T) dyad.Store {
	t.Helper()
	st, err := store.Open(context.Background(), storetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// direct stores docs as dyad ingest --db does, for comparison.
func direct(t *testing.T, docs []*dyad.Document) storetest.Contents {
	t.Helper()
	st := openSQLite(t)
	l := &store.Loader{Store: st, Coder: testCoder(t)}
	for _, d := range docs {
		if err := l.Add(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	return storetest.ReadContents(t, st)
}

// runWorker runs a worker until the test stops it with the returned
// function, which waits for it to finish.
func runWorker(t *testing.T, w *Worker) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("worker: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func testLogger(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return nil
}

func TestPublishingADocumentTwiceQueuesItOnce(t *testing.T) {
	c := natstest.Start(t)
	q := connect(t, c, Config{})
	docs := documents(30)
	first := publish(t, q, docs)
	if first.Published != 30 || first.Duplicates != 0 {
		t.Errorf("first publish: %+v, want 30 published", first)
	}
	again := publish(t, q, docs)
	if again.Published != 0 || again.Duplicates != 30 {
		t.Errorf("second publish: %+v, want 30 duplicates", again)
	}
	if st := state(t, q); st.Pending != 30 || st.Messages != 30 || st.Unacked != 0 {
		t.Errorf("state %+v, want 30 pending", st)
	}
}

func TestConnectCreatesTheStreamWithItsSettings(t *testing.T) {
	c := natstest.Start(t)
	q := connect(t, c, Config{Stream: "NEWS", Subject: "news.docs", DeadSubject: "news.dead", Consumer: "coders", Duplicates: 5 * time.Minute})
	st := state(t, q)
	if st.Stream != "NEWS" || st.Consumer != "coders" || st.Subject != "news.docs" || st.Replicas != 1 {
		t.Errorf("state %+v, want stream NEWS, consumer coders on news.docs, 1 replica", st)
	}
	info, err := q.js.Stream(context.Background(), "NEWS")
	if err != nil {
		t.Fatal(err)
	}
	if cfg := info.CachedInfo().Config; cfg.Duplicates != 5*time.Minute || len(cfg.Subjects) != 2 {
		t.Errorf("stream config %+v, want a 5-minute window over two subjects", cfg)
	}
	// Connecting again finds the stream and changes nothing.
	connect(t, c, Config{Stream: "NEWS", Subject: "news.docs", DeadSubject: "news.dead", Consumer: "coders"})
	if cfg, _ := q.js.Stream(context.Background(), "NEWS"); cfg.CachedInfo().Config.Duplicates != 5*time.Minute {
		t.Errorf("reconnecting changed the stream: %+v", cfg.CachedInfo().Config)
	}
}

func TestTwoWorkersStoreWhatADirectIngestStores(t *testing.T) {
	c := natstest.Start(t)
	q := connect(t, c, Config{AckWait: 5 * time.Second})
	docs := documents(60)
	want := direct(t, docs)
	if len(want.Mentions) == 0 {
		t.Fatal("the direct ingest stored no events; the comparison would prove nothing")
	}
	publish(t, q, docs)
	// Two workers on one SQLite file, as two processes on one machine.
	path := storetest.SQLiteURL(t)
	var workers []*Worker
	for range 2 {
		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		w := &Worker{Queue: q, Store: st, Coder: testCoder(t), Batch: 7, Jobs: 1, Log: testLogger(t)}
		workers = append(workers, w)
		defer runWorker(t, w)()
	}
	end := waitDrained(t, q, 3*time.Minute)
	if end.Messages != 0 || end.Dead != 0 {
		t.Errorf("after draining: %+v, want an empty stream", end)
	}
	st, err := sqlite.Open(context.Background(), path[len("sqlite:"):], sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if d := want.Diff(storetest.ReadContents(t, st)); d != "" {
		t.Errorf("the workers' store differs from a direct ingest:\n%s", d)
	}
	for i, w := range workers {
		if w.Stats().Messages == 0 {
			t.Logf("worker %d took no documents (the other was faster)", i+1)
		}
	}
}

func TestAFailingDocumentGoesToTheDeadLetterSubjectWithoutBlockingTheQueue(t *testing.T) {
	c := natstest.Start(t)
	q := connect(t, c, Config{MaxDeliver: 2, AckWait: 5 * time.Second})
	docs := documents(10)
	// A message that is no document, published among good ones.
	if err := q.nc.Publish(q.cfg.Subject, []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	publish(t, q, docs)
	st := openSQLite(t)
	defer runWorker(t, &Worker{Queue: q, Store: st, Coder: testCoder(t), Batch: 4, Log: testLogger(t)})()
	end := waitDrained(t, q, 2*time.Minute)
	if end.Dead != 1 {
		t.Fatalf("state %+v, want 1 dead letter", end)
	}
	// Two of the ten are copies of the one before at another outlet,
	// which makes them documents of their own: ten distinct keys.
	if got := storetest.ReadContents(t, st); len(got.Documents) != 10 {
		t.Errorf("stored %d documents, want the 10 good ones", len(got.Documents))
	}
	dead, err := q.DeadLetters(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(dead) != 1 || dead[0].Deliveries != "2" || string(dead[0].Data) != "{not json" {
		t.Fatalf("dead letters %+v, want the bad message after 2 deliveries", dead)
	}
	if want := "not a dyad document"; !strings.Contains(dead[0].Error, want) {
		t.Errorf("dead letter error %q, want it to say %q", dead[0].Error, want)
	}
}

func TestAReplicatedStreamSurvivesTheLossOfAServer(t *testing.T) {
	c := natstest.StartCluster(t, 3)
	q := connect(t, c, Config{Replicas: 3, AckWait: 5 * time.Second})
	docs := documents(40)
	publish(t, q, docs[:20])
	if st := state(t, q); st.Replicas != 3 || len(st.Peers) != 2 || st.Leader == "" {
		t.Fatalf("state %+v, want a leader and two peers", st)
	}
	// Stop the server that leads the stream: the others elect a new
	// leader and keep every message.
	leader := c.StreamLeader(q.cfg.Stream)
	if leader < 0 {
		t.Fatal("no server leads the stream")
	}
	c.Stop(leader)
	publish(t, q, docs[20:])
	if st := state(t, q); st.Pending != 40 {
		t.Fatalf("after stopping %s: %+v, want 40 pending", c.NodeURL(leader), st)
	}
	st := openSQLite(t)
	defer runWorker(t, &Worker{Queue: q, Store: st, Coder: testCoder(t), Batch: 8, Log: testLogger(t)})()
	waitDrained(t, q, 3*time.Minute)
	if got := storetest.ReadContents(t, st); len(got.Documents) != 40 {
		t.Errorf("stored %d documents, want 40", len(got.Documents))
	}
}
