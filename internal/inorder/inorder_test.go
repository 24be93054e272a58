package inorder

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

func TestPoolDeliversInInputOrder(t *testing.T) {
	tests := []struct {
		name            string
		workers, window int
	}{
		{"one worker runs inline", 1, 1},
		{"two workers", 2, 8},
		{"more workers than the window asks for", 8, 2},
		{"many workers, wide window", 4, 64},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var inFlight, peak atomic.Int64
			work := func(i int) string {
				n := inFlight.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				// Later inputs finish first, so that order must be restored.
				time.Sleep(time.Duration((7-i%8)*50) * time.Microsecond)
				return fmt.Sprint(i * i)
			}
			var got []string
			deliver := func(i int, out string) error {
				inFlight.Add(-1)
				got = append(got, fmt.Sprintf("%d:%s", i, out))
				return nil
			}
			p := New(tc.workers, tc.window, work, deliver)
			const n = 100
			for i := range n {
				if err := p.Put(i); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("delivered %d results, want %d", len(got), n)
			}
			for i, g := range got {
				if want := fmt.Sprintf("%d:%d", i, i*i); g != want {
					t.Fatalf("result %d is %q, want %q", i, g, want)
				}
			}
			// A job is in flight from the start of its work to its
			// delivery; the window (and the jobs the workers hold) bound it.
			if limit := int64(max(tc.window, tc.workers) + tc.workers + 1); peak.Load() > limit {
				t.Errorf("%d inputs in flight at once, want at most %d", peak.Load(), limit)
			}
		})
	}
}

func TestPoolStopsDeliveringAfterAnError(t *testing.T) {
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint(workers, " workers"), func(t *testing.T) {
			stop := errors.New("disk full")
			var delivered []int
			p := New(workers, 4, func(i int) int { return i }, func(i, _ int) error {
				if i == 5 {
					return stop
				}
				delivered = append(delivered, i)
				return nil
			})
			var putErr error
			for i := 0; i < 1000 && putErr == nil; i++ {
				putErr = p.Put(i)
			}
			if err := p.Close(); !errors.Is(err, stop) {
				t.Errorf("Close() = %v, want %v", err, stop)
			}
			if !errors.Is(putErr, stop) {
				t.Errorf("Put kept accepting inputs after the error (last error %v)", putErr)
			}
			if fmt.Sprint(delivered) != "[0 1 2 3 4]" {
				t.Errorf("delivered %v, want the inputs before the failing one", delivered)
			}
		})
	}
}
