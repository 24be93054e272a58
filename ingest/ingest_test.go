package ingest

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
)

func readAllDocs(t *testing.T, name, data string, opts Options) ([]*dyad.Document, []error) {
	t.Helper()
	var docs []*dyad.Document
	var errs []error
	err := Read(context.Background(), name, strings.NewReader(data), opts,
		func(d *dyad.Document) error { docs = append(docs, d); return nil },
		func(err error) { errs = append(errs, err) })
	if err != nil {
		t.Fatal(err)
	}
	return docs, errs
}

func TestHTMLKeepsTheArticleAndItsDate(t *testing.T) {
	data, err := os.ReadFile("testdata/read/page.html")
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := readAllDocs(t, "page.html", string(data), Options{})
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("docs %d, errors %v", len(docs), errs)
	}
	d := docs[0]
	if !d.Date.Equal(time.Date(2024, 11, 3, 8, 15, 0, 0, time.UTC)) {
		t.Errorf("date = %v, want the article:published_time", d.Date)
	}
	if !strings.Contains(d.Text, "met in Nairobi on Sunday") || !strings.Contains(d.Text, "second round of talks") {
		t.Errorf("article paragraphs missing from %q", d.Text)
	}
	for _, junk := range []string{"Buy the new phone", "All rights reserved", "Privacy"} {
		if strings.Contains(d.Text, junk) {
			t.Errorf("page furniture %q kept in %q", junk, d.Text)
		}
	}
}

func TestJSONLinesKeepFieldsAndSkipBadLines(t *testing.T) {
	in := `{"id":"a","text":"Kenya and Ethiopia met.","date":"2024-11-03","url":"https://x.example/a","title":"A"}
not json
{"id":"c","text":"Talks resumed.","date":"03/11/2024"}
{"id":"d","title":"no text"}

{"id":"e","text":"Talks ended."}
`
	docs, errs := readAllDocs(t, "batch.jsonl", in, Options{Date: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)})
	// A record is never lost for the form of its date: "c" (03/11/2024,
	// day and month ambiguous) is kept, dated as if it had none.
	if len(docs) != 3 || docs[0].ID != "a" || docs[0].URL != "https://x.example/a" || docs[1].ID != "c" || docs[2].ID != "e" {
		t.Fatalf("docs = %+v", docs)
	}
	for _, d := range docs[1:] {
		if !d.Date.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) || d.DateSource != DateFromFlag {
			t.Errorf("%s: a record without a readable date takes --date, got %v from %q", d.ID, d.Date, d.DateSource)
		}
	}
	if !IsWarning(errs[1]) || IsWarning(errs[0]) || IsWarning(errs[2]) {
		t.Errorf("only the unreadable date is a warning: %v", errs)
	}
	wantLines := []string{"batch.jsonl:2:", "warning: batch.jsonl:3:", "batch.jsonl:4:"}
	if len(errs) != len(wantLines) {
		t.Fatalf("errors = %v", errs)
	}
	for i, w := range wantLines {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want it to start %q", i, errs[i], w)
		}
	}
}

func TestBadTextIsRejectedWithItsPlace(t *testing.T) {
	tests := []struct {
		name, data string
		want       error
		where      string
	}{
		{"an empty file", "  \n\n", ErrEmpty, "x.txt: "},
		{"a binary file", "ab\ncd\x00ef", ErrBinary, "x.txt:2: "},
		{"a megabyte line", "ok\n" + strings.Repeat("w", 2<<20), ErrTooLarge, "x.txt:2: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := readAllDocs(t, "x.txt", tt.data, Options{})
			if len(docs) != 0 || len(errs) != 1 || !errors.Is(errs[0], tt.want) || !strings.HasPrefix(errs[0].Error(), tt.where) {
				t.Fatalf("docs %d, errors %v; want %v at %q", len(docs), errs, tt.want, tt.where)
			}
		})
	}
}
