package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
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

var urlPattern = regexp.MustCompile(`https?://[0-9.:]+/`)

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
	t.Setenv("DYAD_TOKEN", "env-token-0123456789")
	db := emptyStore(t)
	url, _ := startCommand(t, runServe, "--db", db, "--addr", "127.0.0.1:0")
	body := `{"id":"t1","date":"2026-04-06","text":"Chinese coast guard ships blocked a Philippine resupply mission on Monday."}`
	for _, tt := range []struct {
		token string
		want  int
	}{{"", http.StatusUnauthorized}, {"wrong", http.StatusUnauthorized}, {"env-token-0123456789", http.StatusCreated}} {
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

func TestServeTakesItsTokenFromAFileNeverFromArguments(t *testing.T) {
	dir := t.TempDir()
	db := emptyStore(t)
	for _, tt := range []struct {
		name  string
		args  []string
		token string // in the token file
		env   string
		error string
	}{
		{"--token on the command line", []string{"--token", "abcdefghijklmnopqrstuvwxyz"}, "", "", "visible to every user"},
		{"a short token file", []string{"--token-file", filepath.Join(dir, "short")}, "short", "", "at least 16"},
		{"a short environment token", nil, "", "short", "DYAD_TOKEN"},
		{"a missing token file", []string{"--token-file", filepath.Join(dir, "nope")}, "", "", "--token-file"},
		{"--tls-cert without --tls-key", []string{"--tls-cert", "x.pem"}, "", "", "go together"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DYAD_TOKEN", tt.env)
			if tt.token != "" {
				if err := os.WriteFile(filepath.Join(dir, "short"), []byte(tt.token+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var stderr bytes.Buffer
			err := runServe(context.Background(), append([]string{"--db", db, "--addr", "127.0.0.1:0"}, tt.args...), strings.NewReader(""), io.Discard, &stderr)
			if err == nil || !strings.Contains(err.Error()+stderr.String(), tt.error) {
				t.Fatalf("serve %v: %v %s; want an error containing %q", tt.args, err, stderr.String(), tt.error)
			}
		})
	}
	t.Setenv("DYAD_TOKEN", "")
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte("file-token-0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url, out := startCommand(t, runServe, "--db", db, "--addr", "127.0.0.1:0", "--token-file", tokenFile)
	if strings.Contains(out.String(), "read-only") {
		t.Fatalf("serve with a token file says it is read-only: %s", out.String())
	}
	req, _ := http.NewRequest(http.MethodPost, url+"api/documents", strings.NewReader(`{"id":"t1","date":"2026-04-06","text":"Chinese coast guard ships blocked a Philippine resupply mission on Monday."}`))
	req.Header.Set("Authorization", "bearer file-token-0123456789")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("POST with the file's token (lowercase scheme): status %d, want 201", resp.StatusCode)
	}
}

func TestServeSpeaksTLSAndChecksTheHost(t *testing.T) {
	dir := t.TempDir()
	cert, key := writeSelfSigned(t, dir)
	url, _ := startCommand(t, runServe, "--db", emptyStore(t), "--addr", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key)
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("serve with a certificate prints %s, want an https URL", url)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Get(url + "api/stats")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Errorf("GET over TLS: status %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
	req, _ := http.NewRequest(http.MethodGet, url+"api/stats", nil)
	req.Host = "rebound.attacker.example"
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a request for another host name: status %d, want 421", resp.StatusCode)
	}
}

// writeSelfSigned writes a certificate and key for 127.0.0.1.
func writeSelfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dyad test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

func TestParseBytes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
		ok   bool
	}{{"65536", 65536, true}, {"512MiB", 512 << 20, true}, {"8MB", 8000000, true}, {"1GiB", 1 << 30, true}, {"2K", 2048, true},
		{"-1", 0, false}, {"lots", 0, false}, {"9999999999GiB", 0, false}} {
		got, err := parseBytes(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseBytes(%q) = %d, %v", tt.in, got, err)
		}
	}
}
