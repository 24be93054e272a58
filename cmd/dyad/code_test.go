package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCodeReportsBadInputsByNameAndLineAndCodesTheRest(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.txt", []byte("Russia launched missile strikes on Ukraine on Monday, officials said.\n"))
	binary := write("binary.txt", []byte("Israel\x00\x01\x02 attacked"))
	badUTF8 := write("latin1.txt", []byte("First line is fine.\nCaf\xe9 owners protested in Paris.\n"))
	empty := write("empty.txt", nil)
	huge := write("huge.txt", bytes.Repeat([]byte("a"), 20<<20))
	jsonl := write("docs.jsonl", []byte(`{"id":"ok1","text":"Iran condemned Israel on Tuesday.","date":"2025-06-17"}
{"id":"broken", "text": "unterminated
{"id":"ok2","text":"The United States imposed sanctions on Venezuela.","date":"2025-06-18"}
`))
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"code", "--date", "2025-06-16", good, binary, badUTF8, empty, huge, jsonl}, strings.NewReader(""), &stdout, &stderr)
	if code == 0 {
		t.Errorf("exit code 0, want non-zero when inputs fail")
	}
	errs := stderr.String()
	for _, want := range []string{
		"binary.txt:1: binary content",
		"latin1.txt:2: invalid UTF-8",
		"empty.txt: empty document",
		"huge.txt:1: document too large",
		"docs.jsonl:2: malformed JSON",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	docs := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if line == "" {
			continue
		}
		var e struct {
			DocID string `json:"doc_id"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("bad output line %q: %v", line, err)
		}
		docs[e.DocID] = true
	}
	for _, want := range []string{"good.txt", "ok1", "ok2"} {
		if !docs[want] {
			t.Errorf("no events from good document %s; got events from %v", want, docs)
		}
	}
}

func TestCodeWritesCSVWithHeader(t *testing.T) {
	var stdout, stderr bytes.Buffer
	in := strings.NewReader("Russia launched missile strikes on Ukraine on Monday.\n")
	if code := run(context.Background(), []string{"code", "--format", "csv", "--date", "2025-01-01", "-"}, in, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "doc_id,sentence_index,date,source_code") {
		t.Fatalf("csv output = %q", stdout.String())
	}
}

// TestCodeInParallelWritesWhatOneWorkerWrites codes a multi-document input
// with one and with several workers: the output must be byte-identical,
// in input order, whatever order the workers finish in.
func TestCodeInParallelWritesWhatOneWorkerWrites(t *testing.T) {
	outputs := map[string]string{}
	for _, jobs := range []string{"1", "2", "5"} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"code", "-j", jobs, "../../examples/crisis.jsonl"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Fatalf("-j %s: exit %d: %s", jobs, code, stderr.String())
		}
		outputs[jobs] = stdout.String()
	}
	if strings.Count(outputs["1"], "\n") < 10 {
		t.Fatalf("-j 1 coded too few events to compare:\n%s", outputs["1"])
	}
	for _, jobs := range []string{"2", "5"} {
		if outputs[jobs] != outputs["1"] {
			t.Errorf("-j %s output differs from -j 1:\n%s\nwant:\n%s", jobs, outputs[jobs], outputs["1"])
		}
	}
}
