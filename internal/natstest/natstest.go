// Package natstest starts real NATS servers with JetStream for dyad's
// tests: one server, or a cluster of several on loopback. The servers are
// the nats-server Go module run inside the test process, so the tests need
// nothing installed; they listen on free loopback ports and keep their
// streams in the test's temporary directory.
//
// Starting servers takes seconds, so the tests that do are skipped under
// go test -short, unless DYAD_REQUIRE_NATS is set (as CI sets it): then
// they always run.
package natstest

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Require skips the test under -short unless DYAD_REQUIRE_NATS is set.
func Require(t testing.TB) {
	t.Helper()
	if testing.Short() && os.Getenv("DYAD_REQUIRE_NATS") == "" {
		t.Skip("starts NATS servers; skipped with -short (set DYAD_REQUIRE_NATS to run)")
	}
}

// Cluster is a set of NATS servers with JetStream, routed to each other
// when there are several.
type Cluster struct {
	t       testing.TB
	opts    []*server.Options
	servers []*server.Server
}

// Start starts one JetStream server.
func Start(t testing.TB) *Cluster { return StartCluster(t, 1) }

// StartCluster starts n JetStream servers on loopback; with n > 1 they form
// one cluster, so streams can be replicated on up to n of them. The
// servers are shut down when the test ends.
func StartCluster(t testing.TB, n int) *Cluster {
	t.Helper()
	Require(t)
	// Free ports are found, then released, then taken by the servers:
	// another test process may take one in between. Try again then.
	var err error
	for range 3 {
		var c *Cluster
		if c, err = startCluster(t, n); err == nil {
			return c
		}
	}
	t.Fatalf("natstest: %v", err)
	return nil
}

func startCluster(t testing.TB, n int) (*Cluster, error) {
	c := &Cluster{t: t}
	dir := t.TempDir()
	clientPorts, routePorts := freePorts(t, n), freePorts(t, n)
	var routes []*url.URL
	for i := range n {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", routePorts[i])})
	}
	for i := range n {
		o := &server.Options{
			ServerName: fmt.Sprintf("n%d", i+1),
			Host:       "127.0.0.1",
			Port:       clientPorts[i],
			JetStream:  true,
			StoreDir:   filepath.Join(dir, fmt.Sprintf("n%d", i+1)),
			NoLog:      true,
			NoSigs:     true,
			// Small limits: tests hold little, and the machine is shared.
			JetStreamMaxMemory: 64 << 20,
			JetStreamMaxStore:  1 << 30,
		}
		if n > 1 {
			o.Cluster = server.ClusterOpts{Name: "dyad-test", Host: "127.0.0.1", Port: routePorts[i]}
			o.Routes = routes
		}
		c.opts = append(c.opts, o)
		c.servers = append(c.servers, nil)
	}
	for i := range n {
		if err := c.start(i); err != nil {
			c.Shutdown()
			return nil, err
		}
	}
	t.Cleanup(c.Shutdown)
	c.WaitReady(30 * time.Second)
	return c, nil
}

// freePorts returns n loopback ports that were free a moment ago.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var lns []net.Listener
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("natstest: finding a free port: %v", err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return ports
}

// URL is the comma-separated client URLs of every server, as dyad's
// --queue flag takes them.
func (c *Cluster) URL() string {
	var urls []string
	for _, o := range c.opts {
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", o.Port))
	}
	return strings.Join(urls, ",")
}

// NodeURL is the client URL of server i.
func (c *Cluster) NodeURL(i int) string { return fmt.Sprintf("nats://127.0.0.1:%d", c.opts[i].Port) }

// Size is the number of servers.
func (c *Cluster) Size() int { return len(c.opts) }

// Stop shuts server i down, as a stopped machine would be.
func (c *Cluster) Stop(i int) {
	if s := c.servers[i]; s != nil {
		s.Shutdown()
		s.WaitForShutdown()
		c.servers[i] = nil
	}
}

// Restart starts server i again (or for the first time) with its own
// store directory, so it recovers its streams and catches up.
func (c *Cluster) Restart(i int) {
	c.t.Helper()
	if err := c.start(i); err != nil {
		c.t.Fatalf("natstest: %v", err)
	}
}

func (c *Cluster) start(i int) error {
	if c.servers[i] != nil {
		return nil
	}
	o := *c.opts[i]
	s, err := server.NewServer(&o)
	if err != nil {
		return fmt.Errorf("server %s: %w", o.ServerName, err)
	}
	go s.Start()
	if !s.ReadyForConnections(20 * time.Second) {
		s.Shutdown()
		return fmt.Errorf("server %s did not start on port %d", o.ServerName, o.Port)
	}
	c.servers[i] = s
	return nil
}

// Running reports whether server i is up.
func (c *Cluster) Running(i int) bool { return c.servers[i] != nil }

// Leader returns the index of the server that leads the JetStream meta
// group, or -1 if none does yet.
func (c *Cluster) Leader() int {
	for i, s := range c.servers {
		if s != nil && (len(c.servers) == 1 || s.JetStreamIsLeader()) {
			return i
		}
	}
	return -1
}

// StreamLeader returns the index of the server that leads the stream's
// replica group in the global account, or -1.
func (c *Cluster) StreamLeader(stream string) int {
	for i, s := range c.servers {
		if s != nil && s.JetStreamIsStreamLeader(server.DEFAULT_GLOBAL_ACCOUNT, stream) {
			return i
		}
	}
	return -1
}

// WaitReady waits until the running servers have elected a JetStream
// leader and every one of them is current with it.
func (c *Cluster) WaitReady(timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if c.Leader() >= 0 && c.allCurrent() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("natstest: no JetStream leader among %d servers after %s", len(c.servers), timeout)
}

func (c *Cluster) allCurrent() bool {
	if len(c.servers) == 1 {
		return true
	}
	for _, s := range c.servers {
		if s != nil && !s.JetStreamIsCurrent() {
			return false
		}
	}
	return true
}

// Shutdown stops every server.
func (c *Cluster) Shutdown() {
	for i := range c.servers {
		c.Stop(i)
	}
}
