package ingest

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
)

// articleBody is enough prose for the readability extractor to take it for
// an article.
const articleBody = `<article><h1>Talks in Khartoum</h1>
<p>Sudan's army and the Rapid Support Forces agreed on Tuesday to a seven-day ceasefire in Khartoum, mediators from Saudi Arabia and the United States said after two weeks of talks in Jeddah.</p>
<p>The agreement allows aid convoys to reach the capital, where fighting has cut water and power to most districts, the mediators said in a joint statement released late in the evening.</p>
<p>Both sides accused each other of breaking earlier truces, and aid groups said they would wait to see whether the guns fell silent before sending their staff back.</p>
</article>`

func page(head string) string {
	return "<!DOCTYPE html><html><head><title>Talks</title>" + head + "</head><body>" + articleBody + "</body></html>"
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDocumentsAreDatedFromEveryCommonPlaceAndSayWhere(t *testing.T) {
	now := day(2026, 7, 1)
	flag := day(2020, 1, 1)
	cases := []struct {
		name, file, data string
		opts             Options
		want             time.Time
		source           string
	}{
		{"article:published_time", "a.html", page(`<meta property="article:published_time" content="2026-06-04T08:00:00Z">`), Options{}, day(2026, 6, 4), DateFromMeta},
		{"meta name=date", "a.html", page(`<meta name="date" content="2026-06-04">`), Options{}, day(2026, 6, 4), DateFromMeta},
		{"meta dc.date", "a.html", page(`<meta name="DC.date" content="2026-06-04">`), Options{}, day(2026, 6, 4), DateFromMeta},
		{"og published_time", "a.html", page(`<meta property="og:published_time" content="2026-06-04T10:00:00+02:00">`), Options{}, day(2026, 6, 4), DateFromMeta},
		{"a published date beats a modified one", "a.html", page(`<meta property="og:updated_time" content="2026-06-09"><meta name="pubdate" content="2026-06-04">`), Options{}, day(2026, 6, 4), DateFromMeta},
		{"JSON-LD datePublished in a graph", "a.html", page(`<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2026-06-04T07:30:00Z","dateModified":"2026-06-05"}]}</script>`), Options{}, day(2026, 6, 4), DateFromJSONLD},
		{"itemprop datePublished", "a.html", page(`<meta itemprop="datePublished" content="June 4, 2026">`), Options{}, day(2026, 6, 4), DateFromMeta},
		{"time element", "a.html", strings.Replace(page(""), "<h1>", `<time datetime="2026-06-04T09:00:00Z">4 June</time><h1>`, 1), Options{}, day(2026, 6, 4), DateFromTimeTag},
		{"a page dateline with no metadata", "a.html", strings.Replace(page(""), "<p>Sudan", "<p>KHARTOUM, June 4 (Reuters) - Sudan", 1), Options{Now: now}, day(2026, 6, 4), DateFromDateline},
		{"text dateline without a year", "a.txt", "KHARTOUM, June 4 - Sudan's army agreed to a ceasefire.", Options{Now: now}, day(2026, 6, 4), DateFromDateline},
		{"a yearless dateline is never in the future", "a.txt", "KHARTOUM, June 4 - Sudan's army agreed to a ceasefire.", Options{Now: day(2026, 3, 1)}, day(2025, 6, 4), DateFromDateline},
		{"text dateline with a year and an agency", "a.txt", "WASHINGTON (AP) — April 9, 2026 — The United States reaffirmed its treaty.", Options{Now: now}, day(2026, 4, 9), DateFromDateline},
		{"day-first dateline", "a.txt", "GAZA CITY, Gaza Strip, 4 June - Israel struck a school.", Options{Now: now}, day(2026, 6, 4), DateFromDateline},
		{"abbreviated month", "a.txt", "KYIV, Sept. 14 (Reuters) - Russia launched drones.", Options{Now: now}, day(2025, 9, 14), DateFromDateline},
		{"byline date", "a.txt", "Ceasefire agreed\nPublished: June 4, 2026\nSudan's army agreed to a ceasefire.", Options{Now: now}, day(2026, 6, 4), DateFromByline},
		{"URL path of a JSON record", "b.jsonl", `{"id":"x","url":"https://news.example/world/2026/06/04/ceasefire","text":"Sudan's army agreed to a ceasefire."}`, Options{Now: now}, day(2026, 6, 4), DateFromURL},
		{"the record's own date", "b.jsonl", `{"id":"x","date":"2026-06-04","url":"https://news.example/2025/01/01/x","text":"KHARTOUM, May 1 - Talks."}`, Options{Now: now}, day(2026, 6, 4), DateFromRecord},
		{"the dateline beats the user's --date", "a.txt", "KHARTOUM, June 4 - Sudan's army agreed to a ceasefire.", Options{Date: day(2026, 6, 10)}, day(2026, 6, 4), DateFromDateline},
		{"the user's --date where nothing else dates it", "a.txt", "Sudan's army agreed to a ceasefire.", Options{Date: flag}, flag, DateFromFlag},
		{"undated", "a.txt", "Sudan's army agreed to a ceasefire on Tuesday.", Options{Now: now}, time.Time{}, ""},
		{"a placeholder meta date is not a date", "a.html", page(`<meta name="date" content="1970-01-01T00:00:00Z">`), Options{Now: now}, time.Time{}, ""},
		{"a mid-sentence capitalised word is not a dateline", "a.txt", "The UN said on June 4 - as talks stalled - that aid was blocked.", Options{Now: now}, time.Time{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			docs, errs := readAllDocs(t, c.file, c.data, c.opts)
			if len(errs) > 0 || len(docs) != 1 {
				t.Fatalf("docs %d, errors %v", len(docs), errs)
			}
			d := docs[0]
			if got := d.Date; !sameDay(got, c.want) {
				t.Errorf("date = %v, want %v", got, c.want)
			}
			if d.DateSource != c.source {
				t.Errorf("date source = %q, want %q", d.DateSource, c.source)
			}
		})
	}
}

func sameDay(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return a.IsZero() == b.IsZero()
	}
	return a.Format(time.DateOnly) == b.Format(time.DateOnly)
}

func TestFeedItemsAreDatedByTheFeedThenByTheirText(t *testing.T) {
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>https://x.example/a</link><pubDate>Fri, 01 Mar 2024 09:30:00 +0000</pubDate><description>KHARTOUM, June 4 - Sudan's army agreed to a ceasefire.</description></item>
<item><title>b</title><link>https://x.example/b</link><description>KHARTOUM, June 4 - Sudan's army agreed to a ceasefire again.</description></item>
<item><title>c</title><link>https://x.example/2024/05/06/c</link><description>Sudan's army agreed to a ceasefire once more.</description></item>
</channel></rss>`
	var docs []*dyad.Document
	err := readFeed(context.Background(), "f.rss", bufioReader(feed), SourceOptions{Options: Options{Now: day(2024, 7, 1)}},
		func(d *dyad.Document) error { docs = append(docs, d); return nil }, func(err error) { t.Error(err) })
	if err != nil || len(docs) != 3 {
		t.Fatalf("%d docs, %v", len(docs), err)
	}
	want := []string{"2024-03-01 feed", "2024-06-04 dateline", "2024-05-06 url"}
	for i, d := range docs {
		if got := fmt.Sprintf("%s %s", d.Date.Format(time.DateOnly), d.DateSource); got != want[i] {
			t.Errorf("item %d dated %q, want %q", i+1, got, want[i])
		}
	}
}

func TestDateFromTextRedatesStoredDocuments(t *testing.T) {
	got, src := DateFromText("KHARTOUM, June 4 - Talks.", "", day(2026, 7, 1))
	if !sameDay(got, day(2026, 6, 4)) || src != DateFromDateline {
		t.Errorf("DateFromText = %v %q", got, src)
	}
	if got, src := DateFromText("Talks.", "", day(2026, 7, 1)); !got.IsZero() || src != "" {
		t.Errorf("an undatable text got %v %q", got, src)
	}
}

func bufioReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }
