package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dyad-events/dyad/internal/natstest"
	"github.com/dyad-events/dyad/queue"
	"github.com/dyad-events/dyad/store"
	"github.com/dyad-events/dyad/store/storetest"
)

// child is a dyad process started by a test, with its output kept for
// the failure message.
type child struct {
	name string
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan error
}

func startChild(t *testing.T, name, bin string, args ...string) *child {
	t.Helper()
	c := &child{name: name, cmd: exec.Command(bin, args...), out: &syncBuffer{}, done: make(chan error, 1)}
	c.cmd.Stdout, c.cmd.Stderr = c.out, c.out
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	go func() { c.done <- c.cmd.Wait() }()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.done
		if t.Failed() {
			t.Logf("output of %s:\n%s", c.name, lastLines(c.out.String(), 30))
		}
	})
	return c
}

// stop sends SIGTERM and waits for the child to exit, failing the test if
// it does not exit cleanly within the timeout.
func (c *child) stop(t *testing.T, timeout time.Duration) {
	t.Helper()
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.done:
		c.done <- err // for the cleanup
		if err != nil {
			t.Errorf("%s exited with %v after SIGTERM", c.name, err)
		}
	case <-time.After(timeout):
		t.Errorf("%s did not exit within %s of SIGTERM", c.name, timeout)
	}
}

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// scrape reads the unlabelled samples of a /metrics page; it returns an
// empty map while the server is not up.
func scrape(addr string) map[string]float64 {
	out := map[string]float64{}
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return out
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") {
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			out[name] = v
		}
	}
	return out
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// readQueue runs dyad queue and decodes its JSON.
func readQueue(t testing.TB, args ...string) queue.State {
	t.Helper()
	code, stdout, stderr := dyadRun(t, append([]string{"queue"}, args...)...)
	if code != 0 {
		t.Fatalf("dyad queue: %s", stderr)
	}
	var st queue.State
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatalf("dyad queue printed %q: %v", stdout, err)
	}
	return st
}

// waitFor polls cond every 200 ms until it holds or the timeout passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func storeContents(t *testing.T, db string) storetest.Contents {
	t.Helper()
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return storetest.ReadContents(t, s)
}

// TestWorkersKilledAndAServerStoppedEndAsADirectIngest is the end-to-end
// test of the queue: documents published to a stream replicated on a
// 3-server cluster, coded by two worker processes, one of them killed
// with SIGKILL in the middle of a batch and replaced, and the server
// leading the stream stopped on the way. The store must end with exactly
// the documents and event reports of a single-process dyad ingest --db,
// and the queue empty.
func TestWorkersKilledAndAServerStoppedEndAsADirectIngest(t *testing.T) {
	natstest.Require(t)
	bin := dyadBinary(t)
	corpus := filepath.Join(t.TempDir(), "corpus.jsonl")
	const n = 240
	writeCorpus(t, corpus, n)
	ref := storetest.SQLiteURL(t)
	if out, err := exec.Command(bin, "ingest", "--db", ref, corpus).CombinedOutput(); err != nil {
		t.Fatalf("direct ingest: %v\n%s", err, out)
	}
	want := storeContents(t, ref)
	if len(want.Documents) != n || len(want.Mentions) == 0 {
		t.Fatalf("direct ingest stored %d documents and %d event reports, want %d and some", len(want.Documents), len(want.Mentions), n)
	}
	for name, mkURL := range storeURLs(t) {
		t.Run(name, func(t *testing.T) {
			cluster := natstest.StartCluster(t, 3)
			db := mkURL(t)
			// Short AckWait: a killed worker's batch comes back quickly.
			qargs := []string{"--queue", cluster.URL(), "--ack-wait", "4s"}
			code, _, stderr := dyadRun(t, append(append([]string{"ingest", "--replicas", "3"}, qargs...), corpus)...)
			if code != 0 {
				t.Fatalf("ingest --queue: %s", stderr)
			}
			if !strings.Contains(stderr, fmt.Sprintf("%d queued", n)) {
				t.Errorf("ingest --queue summary: %s", stderr)
			}
			// Publishing again adds nothing: the message id is the key.
			if code, _, stderr = dyadRun(t, append(append([]string{"ingest"}, qargs...), corpus)...); code != 0 || !strings.Contains(stderr, fmt.Sprintf("0 queued, %d already queued", n)) {
				t.Errorf("second ingest --queue: exit %d: %s", code, stderr)
			}
			if st := readQueue(t, qargs...); st.Pending != n || st.Replicas != 3 {
				t.Fatalf("queue after publishing: %+v, want %d pending on 3 replicas", st, n)
			}

			workerArgs := append([]string{"worker", "--db", db, "-j", "1", "--batch", "8"}, qargs...)
			metricsAddr := freeAddr(t)
			a := startChild(t, "worker A", bin, append(workerArgs, "--metrics", metricsAddr)...)
			// B starts once A has committed a batch, so that A cannot be
			// left with nothing to do; A is killed in the middle of a later
			// batch. A's metrics say how many documents it stored and holds.
			waitFor(t, "worker A to store a batch", 3*time.Minute, func() bool {
				return scrape(metricsAddr)["dyad_documents_coded_total"] >= 8
			})
			b := startChild(t, "worker B", bin, workerArgs...)
			waitFor(t, "worker A to hold a later batch", 3*time.Minute, func() bool {
				m := scrape(metricsAddr)
				return m["dyad_documents_coded_total"] >= 24 && m["dyad_worker_documents_in_hand"] > 0
			})
			a.cmd.Process.Signal(syscall.SIGKILL)
			<-a.done
			a.done <- nil
			killedAt := storeStatsQuiet(db).Documents
			leader := cluster.StreamLeader(queue.DefaultStream)
			if leader < 0 {
				t.Fatal("no server leads the stream")
			}
			cluster.Stop(leader)
			c := startChild(t, "worker C", bin, workerArgs...)
			t.Logf("killed worker A with %d of %d documents stored; stopped server %d, the stream's leader", killedAt, n, leader+1)
			if killedAt >= n {
				t.Fatal("the corpus was stored before the kill; the test proves nothing")
			}
			waitFor(t, "the queue to drain", 5*time.Minute, func() bool {
				st := readQueue(t, qargs...)
				// Acknowledgements follow commits: an empty queue means
				// the store holds everything it will.
				return st.Pending == 0 && st.Unacked == 0
			})
			b.stop(t, time.Minute)
			c.stop(t, time.Minute)
			end := readQueue(t, qargs...)
			if end.Pending != 0 || end.Unacked != 0 || end.Dead != 0 || end.Messages != 0 {
				t.Errorf("queue at the end: %+v, want nothing pending, unacknowledged or dead", end)
			}
			if d := want.Diff(storeContents(t, db)); d != "" {
				t.Errorf("the store differs from a direct ingest of the same input:\n%s", d)
			}
		})
	}
}

// TestSIGTERMDrainsTheBatchInHand starts a worker, lets it take a batch
// and stops it with SIGTERM: it must commit and acknowledge what it holds
// and exit 0, leaving nothing unacknowledged (with an AckWait of a
// minute, nothing expires on its own during the test).
func TestSIGTERMDrainsTheBatchInHand(t *testing.T) {
	natstest.Require(t)
	bin := dyadBinary(t)
	corpus := filepath.Join(t.TempDir(), "corpus.jsonl")
	writeCorpus(t, corpus, 200)
	cluster := natstest.Start(t)
	db := storetest.SQLiteURL(t)
	qargs := []string{"--queue", cluster.URL(), "--ack-wait", "1m"}
	if code, _, stderr := dyadRun(t, append(append([]string{"ingest"}, qargs...), corpus)...); code != 0 {
		t.Fatalf("ingest --queue: %s", stderr)
	}
	w := startChild(t, "worker", bin, append([]string{"worker", "--db", db, "-j", "1", "--batch", "16"}, qargs...)...)
	waitFor(t, "the worker to hold a batch", 2*time.Minute, func() bool { return readQueue(t, qargs...).Unacked > 0 })
	w.stop(t, 2*time.Minute)
	st := readQueue(t, qargs...)
	stored := storeStatsQuiet(db).Documents
	if st.Unacked != 0 || st.Redelivered != 0 {
		t.Errorf("after SIGTERM: %+v, want nothing unacknowledged", st)
	}
	if stored == 0 || uint64(stored)+st.Pending != 200 {
		t.Errorf("after SIGTERM: %d stored and %d pending, want them to add up to 200 with some stored", stored, st.Pending)
	}
	if !strings.Contains(w.out.String(), "documents stored") {
		t.Errorf("the worker printed no summary:\n%s", lastLines(w.out.String(), 10))
	}
}
