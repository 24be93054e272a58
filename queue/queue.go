// Package queue spreads coding over many machines through a NATS JetStream
// stream. Ingest publishes each extracted document once (its message id is
// the document key, so the stream's duplicate window drops republished
// copies); workers pull documents in batches, code them, save each batch to
// the store in one transaction and acknowledge the batch only after the
// commit. A worker that dies before the commit leaves its batch
// unacknowledged, JetStream redelivers it, and the store's idempotent saves
// (keyed by the document key) make the redelivery add exactly what was
// lost. A document that fails again and again is moved, with its error, to
// a dead-letter subject, so it never blocks the queue.
//
// The queue sits between ingest and the store: it knows documents
// (package dyad) and nothing of how they are read or coded.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad"
)

// Config names the stream and consumer and sets their behaviour. Zero
// fields take the defaults below.
type Config struct {
	// URL is one NATS server URL, or several separated by commas (the
	// members of a cluster): nats://host:4222,nats://host2:4222.
	URL string
	// Stream is the JetStream stream's name.
	Stream string
	// Subject is the subject documents are published on; dead letters go
	// to DeadSubject. The stream holds both.
	Subject     string
	DeadSubject string
	// Replicas is the number of servers that keep a copy of the stream
	// when dyad creates it (1 to 5; 3 survives the loss of one server).
	Replicas int
	// Duplicates is the stream's duplicate window: a document published
	// again within it is dropped by the server. Beyond it the store still
	// skips the document, at the cost of a delivery.
	Duplicates time.Duration
	// Consumer is the durable consumer the workers share.
	Consumer string
	// AckWait is how long a delivered document may stay unacknowledged
	// before it is delivered again. Workers extend it while they work, so
	// it bounds how soon a dead worker's batch is taken up by another.
	AckWait time.Duration
	// MaxDeliver is the number of failed deliveries after which a document
	// goes to the dead-letter subject.
	MaxDeliver int
	// Name identifies this client to the servers (dyad-worker, …).
	Name string
}

// Defaults of Config.
const (
	DefaultStream      = "DYAD"
	DefaultSubject     = "dyad.documents"
	DefaultDeadSubject = "dyad.dead"
	DefaultConsumer    = "workers"
	DefaultReplicas    = 1
	DefaultDuplicates  = time.Hour
	DefaultAckWait     = time.Minute
	DefaultMaxDeliver  = 5
)

func (c Config) withDefaults() Config {
	if c.Stream == "" {
		c.Stream = DefaultStream
	}
	if c.Subject == "" {
		c.Subject = DefaultSubject
	}
	if c.DeadSubject == "" {
		c.DeadSubject = DefaultDeadSubject
	}
	if c.Consumer == "" {
		c.Consumer = DefaultConsumer
	}
	if c.Replicas <= 0 {
		c.Replicas = DefaultReplicas
	}
	if c.Duplicates <= 0 {
		c.Duplicates = DefaultDuplicates
	}
	if c.AckWait <= 0 {
		c.AckWait = DefaultAckWait
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = DefaultMaxDeliver
	}
	if c.Name == "" {
		c.Name = "dyad"
	}
	return c
}

// Queue is a connection to the document stream.
type Queue struct {
	cfg Config
	nc  *nats.Conn
	js  jetstream.JetStream
}

// Connect connects to the servers of cfg.URL and creates the stream and
// the workers' consumer if they are missing. It keeps reconnecting for as
// long as the Queue is open, so a server that stops (one node of a
// cluster) only makes the client move to another.
func Connect(ctx context.Context, cfg Config) (*Queue, error) {
	cfg = cfg.withDefaults()
	if cfg.URL == "" {
		return nil, errors.New("queue: no NATS URL")
	}
	if cfg.Replicas > 5 {
		return nil, fmt.Errorf("queue: %d replicas: JetStream keeps at most 5", cfg.Replicas)
	}
	nc, err := nats.Connect(cfg.URL,
		nats.Name(cfg.Name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250*time.Millisecond),
		nats.RetryOnFailedConnect(false),
		nats.Timeout(5*time.Second),
	)
	if err != nil {
		return nil, fmt.Errorf("connecting to NATS at %s: %w", cfg.URL, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("JetStream at %s: %w", cfg.URL, err)
	}
	q := &Queue{cfg: cfg, nc: nc, js: js}
	if err := retry(ctx, "creating the stream", q.ensureStream); err != nil {
		nc.Close()
		return nil, err
	}
	if err := retry(ctx, "creating the consumer", func(ctx context.Context) error {
		_, err := q.consumer(ctx, false)
		return err
	}); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

// Config returns the queue's configuration with its defaults filled in.
func (q *Queue) Config() Config { return q.cfg }

// Close closes the connection, flushing what was published.
func (q *Queue) Close() {
	q.nc.Drain()
}

// ensureStream creates the stream if it does not exist. An existing
// stream is left as it is: its replicas and window are an operator's
// choice once made.
func (q *Queue) ensureStream(ctx context.Context) error {
	_, err := q.js.Stream(ctx, q.cfg.Stream)
	if err == nil {
		return nil
	}
	if !errors.Is(err, jetstream.ErrStreamNotFound) {
		return fmt.Errorf("looking up stream %s: %w", q.cfg.Stream, err)
	}
	_, err = q.js.CreateStream(ctx, jetstream.StreamConfig{
		Name:        q.cfg.Stream,
		Description: "dyad documents waiting to be coded, and dead letters",
		Subjects:    []string{q.cfg.Subject, q.cfg.DeadSubject},
		// A document is removed once a worker acknowledges it; dead
		// letters have no consumer and stay until an operator purges them.
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Replicas:   q.cfg.Replicas,
		Duplicates: q.cfg.Duplicates,
	})
	if err != nil && !errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
		return fmt.Errorf("creating stream %s (%d replicas): %w", q.cfg.Stream, q.cfg.Replicas, err)
	}
	return nil
}

// consumerConfig is the durable pull consumer the workers share.
func (q *Queue) consumerConfig() jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       q.cfg.Consumer,
		Description:   "dyad workers",
		FilterSubject: q.cfg.Subject,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.cfg.AckWait,
		// Workers count deliveries themselves and dead-letter a document
		// with its error; the server must not silently stop delivering.
		MaxDeliver:    -1,
		MaxAckPending: 10000,
		Replicas:      0, // as the stream
	}
}

// consumer returns the workers' consumer, creating it if it is missing;
// update also brings an existing one to this Config (a worker's AckWait).
func (q *Queue) consumer(ctx context.Context, update bool) (jetstream.Consumer, error) {
	if update {
		c, err := q.js.CreateOrUpdateConsumer(ctx, q.cfg.Stream, q.consumerConfig())
		if err != nil {
			return nil, fmt.Errorf("consumer %s of stream %s: %w", q.cfg.Consumer, q.cfg.Stream, err)
		}
		return c, nil
	}
	c, err := q.js.Consumer(ctx, q.cfg.Stream, q.cfg.Consumer)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		c, err = q.js.CreateOrUpdateConsumer(ctx, q.cfg.Stream, q.consumerConfig())
	}
	if err != nil {
		return nil, fmt.Errorf("consumer %s of stream %s: %w", q.cfg.Consumer, q.cfg.Stream, err)
	}
	return c, nil
}

// retry runs fn until it succeeds, ctx ends or a minute has passed,
// waiting longer after each failure: while a cluster elects a new leader
// (a server stopped), JetStream requests fail for a few seconds.
func retry(ctx context.Context, what string, fn func(context.Context) error) error {
	deadline := time.Now().Add(time.Minute)
	wait := 100 * time.Millisecond
	for {
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := fn(actx)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", what, ctx.Err())
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: %w", what, err)
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", what, ctx.Err())
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// message is a document on the wire: what ingest extracted, before any
// annotation.
type message struct {
	ID    string `json:"id"`
	URL   string `json:"url,omitempty"`
	Title string `json:"title,omitempty"`
	Date  string `json:"date,omitempty"` // RFC 3339
	// DateSource is where Date came from (ingest.DateFrom…, qualified
	// by a partial date's precision: "record:month"), so that a worker
	// stores what a direct ingest stores.
	DateSource string `json:"date_source,omitempty"`
	Text       string `json:"text"`
}

func encode(d *dyad.Document) ([]byte, error) {
	m := message{ID: d.ID, URL: d.URL, Title: d.Title, Text: d.Text, DateSource: d.DateSource}
	if !d.Date.IsZero() {
		m.Date = d.Date.Format(time.RFC3339Nano)
	}
	return json.Marshal(m)
}

func decode(data []byte) (*dyad.Document, error) {
	var m message
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("not a dyad document: %w", err)
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, errors.New("not a dyad document: no text")
	}
	d := &dyad.Document{ID: m.ID, URL: m.URL, Title: m.Title, Text: m.Text}
	if m.Date != "" {
		t, err := time.Parse(time.RFC3339Nano, m.Date)
		if err != nil {
			return nil, fmt.Errorf("document %s: date %q: %w", m.ID, m.Date, err)
		}
		d.Date, d.DateSource = t, m.DateSource
	}
	return d, nil
}

// State is what the stream and the workers' consumer hold, as dyad queue
// prints it.
type State struct {
	Stream   string `json:"stream"`
	Consumer string `json:"consumer"`
	Subject  string `json:"subject"`
	// Messages are the messages the stream keeps: documents not yet
	// acknowledged, and dead letters.
	Messages uint64 `json:"messages"`
	Bytes    uint64 `json:"bytes"`
	// Pending documents have not been delivered to any worker yet.
	Pending uint64 `json:"pending"`
	// Unacked documents are in a worker's hands (or were, if it died and
	// AckWait has not run out).
	Unacked int `json:"unacked"`
	// Redelivered counts unacknowledged documents delivered more than once.
	Redelivered int `json:"redelivered"`
	// Dead counts the documents moved to the dead-letter subject.
	Dead uint64 `json:"dead"`
	// Lag is Pending + Unacked: the documents not yet coded.
	Lag uint64 `json:"lag"`
	// Acked is the stream sequence up to which every document has been
	// acknowledged; Delivered is the highest sequence delivered.
	Acked     uint64 `json:"acked_floor"`
	Delivered uint64 `json:"delivered"`
	// Waiting is the number of pull requests workers have open (idle
	// workers).
	Waiting  int       `json:"waiting"`
	Replicas int       `json:"replicas"`
	Leader   string    `json:"leader,omitempty"`
	Peers    []Peer    `json:"peers,omitempty"`
	Time     time.Time `json:"time"`
}

// Peer is a server that keeps a replica of the stream.
type Peer struct {
	Name    string        `json:"name"`
	Current bool          `json:"current"`
	Offline bool          `json:"offline,omitempty"`
	Lag     uint64        `json:"lag,omitempty"`
	Active  time.Duration `json:"active_ns"`
}

// State reads the stream's and the consumer's state.
func (q *Queue) State(ctx context.Context) (State, error) {
	var st State
	err := retry(ctx, "reading the queue state", func(ctx context.Context) error { return q.readState(ctx, &st) })
	return st, err
}

func (q *Queue) readState(ctx context.Context, out *State) error {
	stream, err := q.js.Stream(ctx, q.cfg.Stream)
	if err != nil {
		return err
	}
	info, err := stream.Info(ctx, jetstream.WithSubjectFilter(q.cfg.DeadSubject))
	if err != nil {
		return err
	}
	cons, err := q.consumer(ctx, false)
	if err != nil {
		return err
	}
	ci, err := cons.Info(ctx)
	if err != nil {
		return err
	}
	st := State{
		Stream: q.cfg.Stream, Consumer: q.cfg.Consumer, Subject: q.cfg.Subject,
		Messages: info.State.Msgs, Bytes: info.State.Bytes,
		Pending: ci.NumPending, Unacked: ci.NumAckPending, Redelivered: ci.NumRedelivered,
		Dead: info.State.Subjects[q.cfg.DeadSubject], Acked: ci.AckFloor.Stream, Delivered: ci.Delivered.Stream,
		Waiting: ci.NumWaiting, Replicas: info.Config.Replicas, Time: time.Now().UTC(),
	}
	st.Lag = st.Pending + uint64(st.Unacked)
	if c := info.Cluster; c != nil {
		st.Leader = c.Leader
		for _, p := range c.Replicas {
			st.Peers = append(st.Peers, Peer{Name: p.Name, Current: p.Current, Offline: p.Offline, Lag: p.Lag, Active: p.Active})
		}
	}
	*out = st
	return nil
}

// DeadLetter is a document that was given up on.
type DeadLetter struct {
	Sequence   uint64 `json:"sequence"`
	Key        string `json:"key"`
	Error      string `json:"error"`
	Deliveries string `json:"deliveries"`
	Data       []byte `json:"-"`
}

// Dead header names: a dead letter carries the original message's id,
// the error of its last delivery and how many deliveries failed.
const (
	HeaderError      = "Dyad-Error"
	HeaderDeliveries = "Dyad-Deliveries"
	HeaderKey        = "Dyad-Key"
)

// DeadLetters returns up to max dead letters, oldest first.
func (q *Queue) DeadLetters(ctx context.Context, max int) ([]DeadLetter, error) {
	stream, err := q.js.Stream(ctx, q.cfg.Stream)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", q.cfg.Stream, err)
	}
	var out []DeadLetter
	var seq uint64
	for len(out) < max {
		m, err := stream.GetMsg(ctx, seq+1, jetstream.WithGetMsgSubject(q.cfg.DeadSubject))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading dead letters: %w", err)
		}
		seq = m.Sequence
		out = append(out, DeadLetter{Sequence: m.Sequence, Key: m.Header.Get(HeaderKey), Error: m.Header.Get(HeaderError),
			Deliveries: m.Header.Get(HeaderDeliveries), Data: m.Data})
	}
	return out, nil
}

// Health reports whether the client is connected to a server.
func (q *Queue) Health(ctx context.Context) error {
	if !q.nc.IsConnected() {
		return fmt.Errorf("not connected to NATS (%s)", q.nc.Status())
	}
	return nil
}

// StateNow reads the state once, without retrying: for metrics, where a
// missing value is better than a late one.
func (q *Queue) StateNow(ctx context.Context) (State, error) {
	var st State
	err := q.readState(ctx, &st)
	return st, err
}
