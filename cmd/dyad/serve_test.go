package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad/store"
)

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var urlPattern = regexp.MustCompile(`http://[0-9.:]+/`)

// startCommand runs a serving command until the test ends and returns the
// URL it printed.
func startCommand(t *testing.T, run func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, strings.NewReader(""), &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("command ended with %v; stderr: %s", err, stderr.String())
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if u := urlPattern.FindString(stdout.String()); u != "" {
			return u, &stdout
		}
		select {
		case err := <-done:
			done <- err
			t.Fatalf("command ended early: %v; stderr: %s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no URL printed; stdout: %s stderr: %s", stdout.String(), stderr.String())
	return "", nil
}

// emptyStore makes an empty store, as dyad ingest would: serve does not
// make one itself.
func emptyStore(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "serve.db")
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return db
}

func TestServeAnswersAndStopsOnCancel(t *testing.T) {
	db := emptyStore(t)
	url, out := startCommand(t, runServe, "--db", db, "--addr", "127.0.0.1:0")
	if !strings.Contains(out.String(), "read-only") {
		t.Errorf("serve without a token does not say it is read-only: %s", out.String())
	}
	for _, path := range []string{"api/stats", "", "app.js", "api/openapi.json"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s: status %d", path, resp.StatusCode)
		}
	}
	resp, err := http.Post(url+"api/documents", "application/json", strings.NewReader(`{"text":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST to a read-only server: status %d, want 403", resp.StatusCode)
	}
}

func TestDemoCodesTheExamplesAndServes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	url, out := startCommand(t, runDemo, "--db", db, "--addr", "127.0.0.1:0", "--examples", "../../examples")
	if !strings.Contains(out.String(), "coded 19 new documents") {
		t.Errorf("demo output: %s", out.String())
	}
	resp, err := http.Get(url + "api/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"documents":19`) {
		t.Errorf("stats = %s, want 19 documents", body)
	}
}

func TestServeTakesItsTokenFromTheEnvironment(t *testing.T) {
	t.Setenv("DYAD_TOKEN", "env-token")
	db := emptyStore(t)
	url, _ := startCommand(t, runServe, "--db", db, "--addr", "127.0.0.1:0")
	body := `{"id":"t1","date":"2026-04-06","text":"Chinese coast guard ships blocked a Philippine resupply mission on Monday."}`
	for _, tt := range []struct {
		token string
		want  int
	}{{"", http.StatusUnauthorized}, {"wrong", http.StatusUnauthorized}, {"env-token", http.StatusCreated}} {
		req, _ := http.NewRequest(http.MethodPost, url+"api/documents", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("POST with token %q: status %d, want %d", tt.token, resp.StatusCode, tt.want)
		}
	}
}
