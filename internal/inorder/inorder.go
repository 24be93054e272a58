// Package inorder runs a function over a stream of inputs on several
// goroutines and hands the results on in the order the inputs came in, so
// that parallel coding writes exactly what one goroutine would have
// written. At most a fixed window of inputs is in flight, which bounds the
// memory held by results waiting for a slow predecessor.
package inorder

import (
	"sync"
)

// Pool runs work on its workers and calls deliver with each result, one
// call at a time, in the order the inputs were Put. Put and Close must be
// called from one goroutine.
type Pool[In, Out any] struct {
	work    func(In) Out
	deliver func(In, Out) error

	jobs  chan *job[In, Out] // to the workers
	queue chan *job[In, Out] // to the deliverer, in input order
	wg    sync.WaitGroup     // workers and the deliverer

	mu  sync.Mutex
	err error // the first error deliver returned
}

type job[In, Out any] struct {
	in   In
	out  Out
	done chan struct{}
}

// New starts a pool of workers goroutines (at least one) that keeps at most
// window inputs in flight (at least workers). With one worker, Put runs
// work and deliver itself, without goroutines.
func New[In, Out any](workers, window int, work func(In) Out, deliver func(In, Out) error) *Pool[In, Out] {
	p := &Pool[In, Out]{work: work, deliver: deliver}
	if workers <= 1 {
		return p
	}
	window = max(window, workers)
	p.jobs = make(chan *job[In, Out], workers)
	p.queue = make(chan *job[In, Out], window)
	p.wg.Add(workers + 1)
	for range workers {
		go func() {
			defer p.wg.Done()
			for j := range p.jobs {
				j.out = p.work(j.in)
				close(j.done)
			}
		}()
	}
	go func() {
		defer p.wg.Done()
		for j := range p.queue {
			<-j.done
			if p.Err() != nil {
				continue // drain, so that Put never blocks for good
			}
			if err := p.deliver(j.in, j.out); err != nil {
				p.setErr(err)
			}
		}
	}()
	return p
}

// Put hands in to the pool. It blocks while the window is full. It returns
// the first error deliver returned, after which the pool delivers nothing
// more.
func (p *Pool[In, Out]) Put(in In) error {
	if err := p.Err(); err != nil {
		return err
	}
	if p.jobs == nil {
		if err := p.deliver(in, p.work(in)); err != nil {
			p.setErr(err)
			return err
		}
		return nil
	}
	j := &job[In, Out]{in: in, done: make(chan struct{})}
	p.queue <- j // in input order; blocks while the window is full
	p.jobs <- j
	return nil
}

// Close waits until every input Put so far is delivered and stops the
// workers. It returns the first error deliver returned.
func (p *Pool[In, Out]) Close() error {
	if p.jobs != nil {
		close(p.jobs)
		close(p.queue)
		p.wg.Wait()
		p.jobs = nil
	}
	return p.Err()
}

// Err returns the first error deliver returned, if any.
func (p *Pool[In, Out]) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *Pool[In, Out]) setErr(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		p.err = err
	}
}
