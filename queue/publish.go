package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dyad-events/dyad"
)

// Publisher publishes documents to the stream, several at a time. Each
// message's id (Nats-Msg-Id) is the document key, so a document published
// twice within the duplicate window is stored once; a publish that fails
// (a server stopped, a leader being elected) is retried with the same id,
// which makes the retry safe.
//
// A Publisher is not safe for concurrent use.
type Publisher struct {
	q *Queue
	// Window is the number of publishes awaiting the server's
	// acknowledgement at once; zero means 256.
	Window int
	// GiveUp bounds the time spent retrying one document; zero means
	// two minutes.
	GiveUp time.Duration

	inflight []pending
	stats    PublishStats
}

type pending struct {
	msg *nats.Msg
	fut jetstream.PubAckFuture
}

// PublishStats count what a Publisher did.
type PublishStats struct {
	Published  int // documents the stream took
	Duplicates int // documents the stream already had (within its window)
	Retried    int // publishes sent again after a failure
}

// NewPublisher returns a publisher to q.
func (q *Queue) NewPublisher() *Publisher { return &Publisher{q: q} }

// Stats returns what was published so far (settled publishes only).
func (p *Publisher) Stats() PublishStats { return p.stats }

func (p *Publisher) window() int {
	if p.Window > 0 {
		return p.Window
	}
	return 256
}

func (p *Publisher) giveUp() time.Duration {
	if p.GiveUp > 0 {
		return p.GiveUp
	}
	return 2 * time.Minute
}

// Add publishes a document, waiting for earlier publishes when the window
// is full.
func (p *Publisher) Add(ctx context.Context, doc *dyad.Document) error {
	data, err := encode(doc)
	if err != nil {
		return fmt.Errorf("encoding document %s: %w", doc.ID, err)
	}
	key := dyad.DocumentKey(doc.URL, doc.Text)
	msg := &nats.Msg{Subject: p.q.cfg.Subject, Data: data, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, key)
	if len(p.inflight) >= p.window() {
		if err := p.settle(ctx, len(p.inflight)/2); err != nil {
			return err
		}
	}
	fut, err := p.q.js.PublishMsgAsync(msg, jetstream.WithExpectStream(p.q.cfg.Stream))
	if err != nil {
		// The async queue refused it (too many pending, or the connection
		// is down): publish it synchronously with retries instead.
		return p.publishSync(ctx, msg, err)
	}
	p.inflight = append(p.inflight, pending{msg: msg, fut: fut})
	return nil
}

// Flush waits until every document added has been stored by the stream.
func (p *Publisher) Flush(ctx context.Context) error {
	return p.settle(ctx, len(p.inflight))
}

// settle waits for the oldest n publishes, republishing the failed ones.
func (p *Publisher) settle(ctx context.Context, n int) error {
	for _, pm := range p.inflight[:n] {
		select {
		case ack := <-pm.fut.Ok():
			p.count(ack)
		case err := <-pm.fut.Err():
			if err := p.publishSync(ctx, pm.msg, err); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	p.inflight = append(p.inflight[:0], p.inflight[n:]...)
	return nil
}

func (p *Publisher) count(ack *jetstream.PubAck) {
	if ack.Duplicate {
		p.stats.Duplicates++
	} else {
		p.stats.Published++
	}
}

// publishSync publishes one message until the stream takes it, ctx ends or
// GiveUp has passed since the first failure, first.
func (p *Publisher) publishSync(ctx context.Context, msg *nats.Msg, first error) error {
	deadline := time.Now().Add(p.giveUp())
	wait := 100 * time.Millisecond
	last := first
	for time.Now().Before(deadline) {
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
		wait = min(2*wait, 2*time.Second)
		p.stats.Retried++
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		// A copy: the message was handed to the async publisher before.
		m := &nats.Msg{Subject: msg.Subject, Data: msg.Data, Header: msg.Header}
		ack, err := p.q.js.PublishMsg(actx, m, jetstream.WithExpectStream(p.q.cfg.Stream))
		cancel()
		if err == nil {
			p.count(ack)
			return nil
		}
		last = err
	}
	return fmt.Errorf("publishing document %s: %w", msg.Header.Get(jetstream.MsgIDHeader), last)
}
