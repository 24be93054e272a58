package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ingest"
)

// realArticles reads whole articles: the shipped examples, the seed
// article and the devnews sentences put back together by page (the shared
// data is skipped when absent).
func realArticles(t testing.TB) []*dyad.Document {
	var docs []*dyad.Document
	read := func(name string) {
		f, err := os.Open(name)
		if err != nil {
			t.Logf("skipping %s: %v", name, err)
			return
		}
		defer f.Close()
		opts := ingest.Options{Date: time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)}
		err = ingest.Read(context.Background(), name, f, opts, func(d *dyad.Document) error {
			docs = append(docs, d)
			return nil
		}, func(err error) { t.Error(err) })
		if err != nil {
			t.Fatal(err)
		}
	}
	html, _ := filepath.Glob("../examples/html/*.html")
	for _, name := range append([]string{"../examples/crisis.jsonl", "../examples/article.txt", "../../shared/seed/article.txt"}, html...) {
		read(name)
	}
	return append(docs, devnewsArticles(t)...)
}

// devnewsArticles joins the devnews sentences of each page, in file order,
// into one document a page.
func devnewsArticles(t testing.TB) []*dyad.Document {
	data, err := os.ReadFile("../../shared/data/devnews/devnews.jsonl")
	if err != nil {
		t.Logf("skipping devnews: %v", err)
		return nil
	}
	var docs []*dyad.Document
	byURL := map[string]*dyad.Document{}
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var rec struct {
			URL      string `json:"source_url"`
			Sentence string `json:"sentence"`
			Date     string `json:"date"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatal(err)
		}
		d := byURL[rec.URL]
		if d == nil {
			date, _ := time.Parse("2006-01-02", rec.Date)
			d = &dyad.Document{ID: rec.URL, URL: rec.URL, Date: date}
			byURL[rec.URL] = d
			docs = append(docs, d)
		}
		d.Text = strings.TrimSpace(d.Text + " " + rec.Sentence)
	}
	return docs
}

// TestPrefilterLosesNoEvent codes real articles with and without the
// pre-pass: the events must be the same, and every sentence where the
// full parse finds an actor mention must be one the pre-pass kept.
func TestPrefilterLosesNoEvent(t *testing.T) {
	ctx := context.Background()
	fast := testPipeline(t)
	full, err := New(ctx, Options{ParseAll: true})
	if err != nil {
		t.Fatal(err)
	}
	docs := realArticles(t)
	if len(docs) < 20 {
		t.Fatalf("only %d articles to check", len(docs))
	}
	// Sentences whose only actor is a pronoun, which real articles have
	// too few of to be sure the check sees one.
	for i, text := range []string{
		"Donald Trump arrived in Paris on Monday. Later he met reporters at the airport.",
		"Iran tested a missile on Sunday. Markets fell. Two days later it fired another.",
	} {
		docs = append(docs, &dyad.Document{ID: fmt.Sprint("pronoun-", i), Text: text, Date: time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)})
	}
	var sentences, skipped, events int
	for _, d := range docs {
		a, b := *d, *d
		got, err := fast.Code(ctx, &a)
		if err != nil {
			t.Fatal(err)
		}
		want, err := full.Code(ctx, &b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: events with the pre-pass differ from those without:\n got %+v\nwant %+v", d.ID, got, want)
		}
		may := fast.prefilter.MayMention(&b)
		for i, s := range b.Sentences {
			if len(s.Mentions) > 0 && !may[i] {
				t.Errorf("%s: the pre-pass rules out sentence %d, which has mentions %+v: %q", d.ID, i, s.Mentions, s.Text)
			}
			if !s.Skip {
				sentences++
				if !may[i] {
					skipped++
				}
			}
		}
		events += len(want)
	}
	t.Logf("%d articles, %d events; the pre-pass skips %d of %d sentences", len(docs), events, skipped, sentences)
}
