package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/dyad-events/dyad/queue"
)

// queueFlags are the flags that name and shape the document queue, shared
// by ingest --queue, worker, watch --queue and queue.
type queueFlags struct {
	url        string
	stream     string
	subject    string
	dead       string
	consumer   string
	replicas   int
	duplicates time.Duration
	ackWait    time.Duration
	maxDeliver int
}

func (q *queueFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&q.url, "queue", "", "NATS `URL` of the document queue (several, comma-separated, for a cluster): nats://HOST:4222")
	fs.StringVar(&q.stream, "stream", queue.DefaultStream, "JetStream stream `name`")
	fs.StringVar(&q.subject, "subject", queue.DefaultSubject, "`subject` documents are published on")
	fs.StringVar(&q.dead, "dead-subject", queue.DefaultDeadSubject, "`subject` failed documents are moved to")
	fs.StringVar(&q.consumer, "consumer", queue.DefaultConsumer, "durable consumer `name` the workers share")
	fs.IntVar(&q.replicas, "replicas", queue.DefaultReplicas, "servers keeping a copy of the stream, when dyad creates it (3 survives losing one)")
	fs.DurationVar(&q.duplicates, "dup-window", queue.DefaultDuplicates, "the stream's duplicate window, when dyad creates it")
	fs.DurationVar(&q.ackWait, "ack-wait", queue.DefaultAckWait, "time before an unacknowledged document is delivered again")
	fs.IntVar(&q.maxDeliver, "max-deliver", queue.DefaultMaxDeliver, "failed deliveries before a document goes to the dead-letter subject")
}

func (q *queueFlags) config(name string) queue.Config {
	return queue.Config{URL: q.url, Stream: q.stream, Subject: q.subject, DeadSubject: q.dead, Consumer: q.consumer,
		Replicas: q.replicas, Duplicates: q.duplicates, AckWait: q.ackWait, MaxDeliver: q.maxDeliver, Name: name}
}

// queueState is what dyad queue prints: the queue's state and, when
// asked, its dead letters.
type queueState struct {
	queue.State
	DeadLetters []queue.DeadLetter `json:"dead_letters,omitempty"`
}

func runQueue(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad queue", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var qf queueFlags
	qf.register(fs)
	deadLetters := fs.Int("dead", 0, "also list up to `N` dead letters with their errors")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if qf.url == "" || fs.NArg() > 0 {
		return fmt.Errorf("usage: dyad queue --queue nats://HOST:PORT [--stream NAME] [--dead N]")
	}
	q, err := queue.Connect(ctx, qf.config("dyad-queue"))
	if err != nil {
		return err
	}
	defer q.Close()
	st, err := q.State(ctx)
	if err != nil {
		return err
	}
	out := queueState{State: st}
	if *deadLetters > 0 {
		if out.DeadLetters, err = q.DeadLetters(ctx, *deadLetters); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
