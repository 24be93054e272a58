package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/natstest"
	"github.com/dyad-events/dyad/store/storetest"
)

// The queue benchmarks run real processes: a JetStream server, dyad
// ingest --queue and dyad worker processes on an SQLite store (or
// PostgreSQL, with DYAD_BENCH_QUEUE_DB=postgres). Each reports its figures as
// metrics; run them one at a time, with -benchtime 1x, and note the load
// average beside them (docs/scale.md):
//
//	go test ./cmd/dyad -run X -bench QueueThroughput -benchtime 1x
//	DYAD_BENCH_DOCS=10000 go test ./cmd/dyad -run X -bench QueueBurst -benchtime 1x
//	go test ./cmd/dyad -run X -bench WorkerRecovery -benchtime 1x

func benchDocs(def int) int {
	if n, err := strconv.Atoi(os.Getenv("DYAD_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return def
}

// benchDB is the store of a queue benchmark: a new SQLite file, or with
// DYAD_BENCH_QUEUE_DB=postgres a fresh schema of the PostgreSQL test
// server (DYAD_TEST_POSTGRES).
func benchDB(b *testing.B) string {
	if os.Getenv("DYAD_BENCH_QUEUE_DB") == "postgres" {
		return storetest.PostgresURL(b)
	}
	return storetest.SQLiteURL(b)
}

// publishCorpus writes n generated documents and queues them.
func publishCorpus(b *testing.B, bin string, qargs []string, n int) {
	b.Helper()
	corpus := filepath.Join(b.TempDir(), "corpus.jsonl")
	writeCorpus(b, corpus, n)
	if out, err := exec.Command(bin, append(append([]string{"ingest"}, qargs...), corpus)...).CombinedOutput(); err != nil {
		b.Fatalf("ingest --queue: %v\n%s", err, out)
	}
}

// startWorkers starts k worker processes with -j 1 each.
func startWorkers(b *testing.B, bin, db string, qargs []string, k int, extra ...string) []*exec.Cmd {
	b.Helper()
	var cmds []*exec.Cmd
	for i := range k {
		args := append(append([]string{"worker", "--db", db, "-j", "1", "--batch", "32"}, qargs...), extra...)
		cmd := exec.Command(bin, args...)
		log, _ := os.Create(filepath.Join(b.TempDir(), fmt.Sprintf("worker%d.log", i)))
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		cmds = append(cmds, cmd)
		b.Cleanup(func() {
			if cmd.ProcessState == nil {
				cmd.Process.Kill()
				cmd.Wait()
			}
			log.Close()
		})
	}
	return cmds
}

// BenchmarkQueueThroughput codes a queued corpus with 1 and 2 worker
// processes (one coding goroutine each) and reports documents per second
// from the first worker's start to the queue's end.
func BenchmarkQueueThroughput(b *testing.B) {
	natstest.Require(b)
	bin := dyadBinary(b)
	n := benchDocs(1000)
	for _, k := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", k), func(b *testing.B) {
			for b.Loop() {
				cluster := natstest.Start(b)
				qargs := []string{"--queue", cluster.URL()}
				publishCorpus(b, bin, qargs, n)
				db := benchDB(b)
				cpu0 := cpuTime()
				start := time.Now()
				workers := startWorkers(b, bin, db, qargs, k)
				waitDrainedB(b, qargs, 30*time.Minute, nil)
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "docs/s")
				// CPU per document: the workers' (coding and, for SQLite, the
				// store) and this process's (the NATS server and the polling).
				b.ReportMetric(float64(stopAll(b, workers).Milliseconds())/float64(n), "worker-cpu-ms/doc")
				b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "nats-cpu-ms/doc")
			}
		})
	}
}

// BenchmarkQueueBurst publishes a burst of documents while two workers
// run, and reports the peak lag (documents queued and not yet coded), the
// publishing rate and the time from the burst's end to an empty queue.
func BenchmarkQueueBurst(b *testing.B) {
	natstest.Require(b)
	bin := dyadBinary(b)
	n := benchDocs(2000)
	for b.Loop() {
		cluster := natstest.Start(b)
		qargs := []string{"--queue", cluster.URL()}
		startWorkers(b, bin, benchDB(b), qargs, 2)
		start := time.Now()
		publishCorpus(b, bin, qargs, n)
		published := time.Now()
		peak := uint64(0)
		waitDrainedB(b, qargs, time.Hour, func(lag uint64) { peak = max(peak, lag) })
		b.ReportMetric(float64(n)/published.Sub(start).Seconds(), "published-docs/s")
		b.ReportMetric(float64(peak), "peak-lag-docs")
		b.ReportMetric(time.Since(published).Seconds(), "drain-s")
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "coded-docs/s")
	}
}

// BenchmarkWorkerRecovery kills one of two workers with SIGKILL while it
// holds a batch and reports the time until every document delivered
// before the kill is acknowledged: the dead worker's batch must wait out
// the AckWait (10 s here) and be coded again by the other.
func BenchmarkWorkerRecovery(b *testing.B) {
	natstest.Require(b)
	bin := dyadBinary(b)
	n := benchDocs(3000)
	for b.Loop() {
		cluster := natstest.Start(b)
		qargs := []string{"--queue", cluster.URL(), "--ack-wait", "10s"}
		publishCorpus(b, bin, qargs, n)
		addr := freeAddr(b)
		db := benchDB(b)
		a := startWorkers(b, bin, db, qargs, 1, "--metrics", addr)[0]
		// B starts once A has committed a batch; A is killed while it
		// holds a later one.
		waitMetric(b, addr, func(m map[string]float64) bool { return m["dyad_documents_coded_total"] >= 32 })
		startWorkers(b, bin, db, qargs, 1)
		waitMetric(b, addr, func(m map[string]float64) bool {
			return m["dyad_documents_coded_total"] >= 96 && m["dyad_worker_documents_in_hand"] > 0
		})
		a.Process.Signal(syscall.SIGKILL)
		killed := time.Now()
		st := readQueue(b, qargs...)
		for readQueue(b, qargs...).Acked < st.Delivered {
			if time.Since(killed) > 10*time.Minute {
				b.Fatal("the killed worker's batch was never acknowledged")
			}
			time.Sleep(100 * time.Millisecond)
		}
		b.ReportMetric(time.Since(killed).Seconds(), "recovery-s")
		b.ReportMetric(float64(st.Unacked), "unacked-at-kill")
		waitDrainedB(b, qargs, 30*time.Minute, nil)
	}
}

// waitDrainedB waits until nothing is pending or unacknowledged, telling
// observe the lag at each look.
func waitDrainedB(b *testing.B, qargs []string, timeout time.Duration, observe func(lag uint64)) {
	b.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st := readQueue(b, qargs...)
		if observe != nil {
			observe(st.Lag)
		}
		if st.Pending == 0 && st.Unacked == 0 {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("the queue did not drain in %s: %+v", timeout, st)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stopAll stops the workers with SIGTERM and returns the CPU time they
// used.
func stopAll(b *testing.B, cmds []*exec.Cmd) time.Duration {
	b.Helper()
	var total time.Duration
	for _, c := range cmds {
		c.Process.Signal(syscall.SIGTERM)
	}
	for _, c := range cmds {
		c.Wait()
		if c.ProcessState != nil {
			total += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
		}
	}
	return total
}

// cpuTime is the CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// waitMetric polls a worker's /metrics until cond holds.
func waitMetric(b *testing.B, addr string, cond func(map[string]float64) bool) {
	b.Helper()
	deadline := time.Now().Add(10 * time.Minute)
	for !cond(scrape(addr)) {
		if time.Now().After(deadline) {
			b.Fatalf("worker at %s never reached the awaited state: %v", addr, scrape(addr))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
