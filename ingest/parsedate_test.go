package ingest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
)

func TestParseDateReadsFullAndPartialDatesAndSaysHowPrecise(t *testing.T) {
	tests := []struct {
		in   string
		want string // first day of the period, and its precision
	}{
		{"2025-06-15", "2025-06-15 day"},
		{"2025-06-15T22:10:00Z", "2025-06-15 day"},
		{"2013-10-05T10:00+01:00", "2013-10-05 day"}, // W3C datetime without seconds
		{"Sun, 15 Jun 2025 08:00:00 GMT", "2025-06-15 day"},
		{"Sun, 15 Jun 2025 08:00:00 +0000", "2025-06-15 day"},
		{"Mon, 2 Jun 2025 08:00:00 -0400", "2025-06-02 day"}, // RFC 1123 with a one-digit day
		{"15 Jun 25 08:00 GMT", "2025-06-15 day"},            // RFC 822
		{"June 15, 2025", "2025-06-15 day"},
		{"Sunday, June 15, 2025", "2025-06-15 day"},
		{"15 June 2025", "2025-06-15 day"},
		{"2013-10", "2013-10-01 month"},
		{"2013/10", "2013-10-01 month"},
		{"October 2013", "2013-10-01 month"},
		{"Oct. 2013", "2013-10-01 month"},
		{"2013", "2013-01-01 year"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, p, err := ParseDate(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Format(time.DateOnly) + " " + string(p); got != tt.want {
				t.Errorf("ParseDate(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"03/11/2024", "June 15", "sometime last spring", "2013-13", "13", ""} {
		if d, p, err := ParseDate(bad); !errors.Is(err, ErrDateForm) {
			t.Errorf("ParseDate(%q) = %v %q, %v; want an unknown date form", bad, d, p, err)
		}
	}
}

func TestQualifiedSourceSaysAPartialDateIsOne(t *testing.T) {
	tests := []struct {
		source string
		p      Precision
		want   string
	}{
		{DateFromRecord, PrecisionDay, "record"},
		{DateFromRecord, PrecisionMonth, "record:month"},
		{DateFromFlag, PrecisionYear, "flag:year"},
		{DateFromFeed, "", "feed"},
	}
	for _, tt := range tests {
		got := QualifiedSource(tt.source, tt.p)
		if got != tt.want {
			t.Errorf("QualifiedSource(%q, %q) = %q, want %q", tt.source, tt.p, got, tt.want)
		}
		src, p := SplitDateSource(got)
		if want := tt.p; src != tt.source || (p != want && !(want == "" && p == PrecisionDay)) {
			t.Errorf("SplitDateSource(%q) = %q, %q", got, src, p)
		}
	}
}

// No document is dropped for the form of its date, and a partial date is
// the first day of its period with the period named in the date source.
// Each case is one document; want is its date and date source.
func TestEveryDocumentIsKeptAndAPartialDateSaysSo(t *testing.T) {
	now := day(2026, 7, 1)
	month := Options{Now: now, Date: day(2013, 10, 1), DatePrecision: PrecisionMonth}
	year := Options{Now: now, Date: day(2013, 1, 1), DatePrecision: PrecisionYear}
	tests := []struct {
		name, file, data string
		opts             Options
		want             string
		warned           bool
	}{
		{"a record dated to a month", "a.jsonl", `{"id":"a","date":"2013-10","text":"Talks resumed in Geneva."}`, Options{Now: now}, "2013-10-01 record:month", false},
		{"a record dated to a year", "a.jsonl", `{"id":"a","date":"2013","text":"Talks resumed in Geneva."}`, Options{Now: now}, "2013-01-01 record:year", false},
		{"a record dated by month name", "a.jsonl", `{"id":"a","date":"October 2013","text":"Talks resumed in Geneva."}`, Options{Now: now}, "2013-10-01 record:month", false},
		{"a record with a written date", "a.jsonl", `{"id":"a","date":"June 15, 2025","text":"Talks resumed in Geneva."}`, Options{Now: now}, "2025-06-15 record", false},
		{"a record with a feed's RFC 1123 date", "a.jsonl", `{"id":"a","date":"Sun, 15 Jun 2025 08:00:00 GMT","text":"Talks resumed in Geneva."}`, Options{Now: now}, "2025-06-15 record", false},
		{"a month made a day by the dateline inside it", "a.jsonl", `{"id":"a","date":"2013-10","text":"GENEVA, Oct. 4 (Reuters) - Talks resumed."}`, Options{Now: now}, "2013-10-04 dateline", false},
		{"a month made a day by the URL inside it", "a.jsonl", `{"id":"a","date":"2013-10","url":"https://x.example/2013/10/07/talks","text":"Talks resumed."}`, Options{Now: now}, "2013-10-07 url", false},
		{"a dateline outside the month does not move it", "a.jsonl", `{"id":"a","date":"2013-10","text":"GENEVA, Nov. 4 (Reuters) - Talks resumed."}`, Options{Now: now}, "2013-10-01 record:month", false},
		{"a date in no known form keeps the document", "a.jsonl", `{"id":"a","date":"last spring","text":"Talks resumed in Geneva."}`, Options{Now: now}, "undated", true},
		{"a date in no known form falls back on the dateline", "a.jsonl", `{"id":"a","date":"04/10/2013","text":"GENEVA, Oct. 4, 2013 - Talks resumed."}`, Options{Now: now}, "2013-10-04 dateline", true},
		{"--date given as a month", "a.txt", "Talks resumed in Geneva.", month, "2013-10-01 flag:month", false},
		{"--date given as a year", "a.txt", "Talks resumed in Geneva.", year, "2013-01-01 flag:year", false},
		{"a yearless dateline falls in the year --date gives", "a.txt", "GENEVA, March 3 - Talks resumed.", year, "2013-03-03 dateline", false},
		{"a meta date of a month", "a.html", page(`<meta name="date" content="2013-10">`), Options{Now: now}, "2013-10-01 html-meta:month", false},
		{"a byline of a month", "a.txt", "Talks in Geneva\nOctober 2013\nTalks resumed in Geneva.", Options{Now: now}, "2013-10-01 byline:month", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs []*dyad.Document
			var problems []error
			err := Read(context.Background(), tt.file, bufioReader(tt.data), tt.opts,
				func(d *dyad.Document) error { docs = append(docs, d); return nil },
				func(err error) { problems = append(problems, err) })
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 {
				t.Fatalf("%d documents (problems %v), want the one", len(docs), problems)
			}
			got := "undated"
			if d := docs[0]; !d.Date.IsZero() {
				got = d.Date.Format(time.DateOnly) + " " + d.DateSource
			}
			if got != tt.want {
				t.Errorf("dated %q, want %q", got, tt.want)
			}
			warned := len(problems) == 1 && IsWarning(problems[0])
			if warned != tt.warned || (!tt.warned && len(problems) > 0) {
				t.Errorf("problems %v; want a warning: %v", problems, tt.warned)
			}
		})
	}
}

func TestFeedItemsKeepAPartialDateAndSaySo(t *testing.T) {
	feed := `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
<item><title>a</title><link>https://x.example/a</link><dc:date>2013-10</dc:date><description>Talks resumed in Geneva.</description></item>
<item><title>b</title><link>https://x.example/b</link><pubDate>Mon, 2 Jun 2025 08:00:00 -0400</pubDate><description>Talks resumed in Geneva.</description></item>
</channel></rss>`
	var docs []*dyad.Document
	err := readFeed(context.Background(), "f.rss", bufioReader(feed), SourceOptions{Options: Options{Now: day(2026, 7, 1)}},
		func(d *dyad.Document) error { docs = append(docs, d); return nil }, func(err error) { t.Error(err) })
	if err != nil || len(docs) != 2 {
		t.Fatalf("%d docs, %v", len(docs), err)
	}
	want := []string{"2013-10-01 feed:month", "2025-06-02 feed"}
	for i, d := range docs {
		if got := fmt.Sprintf("%s %s", d.Date.Format(time.DateOnly), d.DateSource); got != want[i] {
			t.Errorf("item %d dated %q, want %q", i+1, got, want[i])
		}
	}
	items, err := FeedItems(bufioReader(feed))
	if err != nil || len(items) != 2 || items[0].DatePrecision != PrecisionMonth || items[1].DatePrecision != PrecisionDay {
		t.Errorf("FeedItems: %+v, %v; want the first item's date a month", items, err)
	}
}
