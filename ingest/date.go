package ingest

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"

	"github.com/dyad-events/dyad"
)

// Where a document's date came from: the value of Document.DateSource,
// exported as date_source. The list is closed so that analysts can filter
// on it; docs/data-dictionary.md describes each.
const (
	DateFromRecord   = "record"    // the JSON Lines record's "date" field
	DateFromMeta     = "html-meta" // an HTML <meta> publication date (article:published_time, date, dc.date, …)
	DateFromJSONLD   = "json-ld"   // a JSON-LD datePublished (or dateCreated) in the page
	DateFromTimeTag  = "html-time" // an HTML <time datetime> element, or an itemprop=datePublished
	DateFromFeed     = "feed"      // the feed item's published or updated date
	DateFromDateline = "dateline"  // the newswire dateline opening the text ("KHARTOUM, June 4 -")
	DateFromByline   = "byline"    // a date on a line of its own near the top ("Published June 4, 2026")
	DateFromURL      = "url"       // a /YYYY/MM/DD/ date in the document's URL
	DateFromWARC     = "warc"      // the WARC record's capture date (when the page was crawled)
	DateFromFlag     = "flag"      // given by the user: --date of ingest, code or recode
)

// metaDates ranks the <meta> names and properties that carry a publication
// date, best first; lower-ranked ones (modification dates) are used only
// when nothing better is there.
var metaDates = []string{
	"article:published_time", "og:article:published_time", "og:published_time", "published_time",
	"datepublished", "date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued",
	"dcterms.created", "dcterms.available", "citation_publication_date", "citation_date", "pubdate", "publishdate",
	"publish-date", "publish_date", "publication_date", "sailthru.date", "parsely-pub-date", "article.published",
	"og:updated_time", "article:modified_time", "datemodified", "dcterms.modified", "last-modified",
}

var metaRank = func() map[string]int {
	m := map[string]int{}
	for i, n := range metaDates {
		m[n] = i
	}
	return m
}()

// dated is a date as read, with its precision.
type dated struct {
	t time.Time
	p Precision
}

func (d dated) IsZero() bool { return d.t.IsZero() }

// htmlDate finds the publication date of an HTML page in its metadata: a
// JSON-LD datePublished, a ranked <meta> name, an itemprop=datePublished,
// or a <time datetime> element (one marked pubdate first). It returns the
// date and its DateSource (qualified by a partial date's precision), or a
// zero time.
func htmlDate(data []byte, now time.Time) (time.Time, string) {
	var (
		metaBest             = len(metaDates)
		metaDate, jsonLDDate dated
		itempropDate         dated
		timePub, timeFirst   dated
		inJSONLD             bool
		script               bytes.Buffer
	)
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attr := func(k string) string {
				for _, a := range tok.Attr {
					if strings.EqualFold(a.Key, k) {
						return strings.TrimSpace(a.Val)
					}
				}
				return ""
			}
			switch tok.Data {
			case "meta":
				content := attr("content")
				if content == "" {
					continue
				}
				for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
					name := strings.ToLower(attr(k))
					if r, ok := metaRank[name]; ok && r < metaBest {
						if d, ok := plausibleDate(content, now); ok {
							metaBest, metaDate = r, d
						}
					}
				}
			case "time":
				t, ok := plausibleDate(attr("datetime"), now)
				if !ok {
					continue
				}
				_, pub := attrPresent(tok, "pubdate")
				if pub || strings.EqualFold(attr("itemprop"), "datePublished") {
					if timePub.IsZero() {
						timePub = t
					}
				} else if timeFirst.IsZero() {
					timeFirst = t
				}
			case "script":
				inJSONLD = strings.EqualFold(attr("type"), "application/ld+json")
				script.Reset()
			default:
				if strings.EqualFold(attr("itemprop"), "datePublished") && itempropDate.IsZero() {
					v := attr("content")
					if v == "" {
						v = attr("datetime")
					}
					if d, ok := plausibleDate(v, now); ok {
						itempropDate = d
					}
				}
			}
		case html.TextToken:
			if inJSONLD {
				script.Write(z.Text())
			}
		case html.EndTagToken:
			if tn, _ := z.TagName(); string(tn) == "script" && inJSONLD {
				inJSONLD = false
				if jsonLDDate.IsZero() {
					if d, ok := jsonLDPublished(script.Bytes(), now); ok {
						jsonLDDate = d
					}
				}
			}
		}
	}
	// A published date in the metadata beats a modified one; JSON-LD and
	// the publication <meta> names are the page's own statement.
	published := len(metaDates) - 5 // the last five names are modification dates
	found := func(d dated, source string) (time.Time, string) { return d.t, QualifiedSource(source, d.p) }
	switch {
	case !jsonLDDate.IsZero():
		return found(jsonLDDate, DateFromJSONLD)
	case !metaDate.IsZero() && metaBest < published:
		return found(metaDate, DateFromMeta)
	case !itempropDate.IsZero():
		return found(itempropDate, DateFromTimeTag)
	case !timePub.IsZero():
		return found(timePub, DateFromTimeTag)
	case !timeFirst.IsZero():
		return found(timeFirst, DateFromTimeTag)
	case !metaDate.IsZero():
		return found(metaDate, DateFromMeta)
	}
	return time.Time{}, ""
}

func attrPresent(tok html.Token, k string) (string, bool) {
	for _, a := range tok.Attr {
		if strings.EqualFold(a.Key, k) {
			return a.Val, true
		}
	}
	return "", false
}

// jsonLDPublished finds datePublished (or, failing that, dateCreated) in
// a JSON-LD block: an object, an array of objects, or an @graph.
func jsonLDPublished(data []byte, now time.Time) (dated, bool) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return dated{}, false
	}
	for _, key := range []string{"datePublished", "dateCreated"} {
		if d, ok := findJSONDate(v, key, now, 0); ok {
			return d, true
		}
	}
	return dated{}, false
}

func findJSONDate(v any, key string, now time.Time, depth int) (dated, bool) {
	if depth > 8 {
		return dated{}, false
	}
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x[key].(string); ok {
			if d, ok := plausibleDate(s, now); ok {
				return d, true
			}
		}
		for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage", "itemListElement"} {
			if d, ok := findJSONDate(x[k], key, now, depth+1); ok {
				return d, true
			}
		}
	case []any:
		for _, e := range x {
			if d, ok := findJSONDate(e, key, now, depth+1); ok {
				return d, true
			}
		}
	}
	return dated{}, false
}

// plausibleDate parses a metadata date and keeps it only if it could be a
// news date: from 1900 to a day after now. Placeholder dates (0001-01-01,
// 1970-01-01 from a zero timestamp) are dropped.
func plausibleDate(s string, now time.Time) (dated, bool) {
	if s == "" {
		return dated{}, false
	}
	t, p, err := ParseDate(s)
	if err != nil {
		return dated{}, false
	}
	if t.Year() < 1900 || t.Equal(time.Unix(0, 0).UTC()) || t.After(now.Add(48*time.Hour)) {
		return dated{}, false
	}
	return dated{t, p}, true
}

// months maps English month names and abbreviations to months.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

const monthPattern = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`

var (
	// A newswire dateline: a place in capitals (with an optional region
	// and agency), then the day, then a dash: "KHARTOUM, June 4 (Reuters) -",
	// "WASHINGTON, April 9, 2026 —", "GAZA CITY, Gaza Strip, 4 June -".
	datelineMonthDay = regexp.MustCompile(`^[\p{Lu}][\p{Lu}\p{M} .'’-]{1,40}(?:,\s*[\p{L} .'’-]{2,40})?\s*(?:\([^)\n]{1,40}\))?\s*[,–—-]?\s*` +
		monthPattern + `\s+(\d{1,2})(?:,?\s+(\d{4}))?\s*(?:\([^)\n]{1,40}\))?\s*[-–—:]`)
	datelineDayMonth = regexp.MustCompile(`^[\p{Lu}][\p{Lu}\p{M} .'’-]{1,40}(?:,\s*[\p{L} .'’-]{2,40})?\s*(?:\([^)\n]{1,40}\))?\s*[,–—-]?\s*` +
		`(\d{1,2})\s+` + monthPattern + `(?:,?\s+(\d{4}))?\s*(?:\([^)\n]{1,40}\))?\s*[-–—:]`)
	// A byline date: a line that is only a date, perhaps after
	// "Published" or "Updated".
	bylineDate = regexp.MustCompile(`(?i)^(?:published|posted|updated|date|dated)?\s*:?\s*(?:on\s+)?(?:(?:mon|tues?|wed|thu(?:rs)?|fri|sat|sun)[a-z]*,?\s+)?` +
		`(.{6,40}?)\s*$`)
	// A date in a URL path: /2026/06/04/, /2026-06-04-slug, _2026_06_04.
	urlDate = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d{2})[/_-](0[1-9]|1[0-2])[/_-](0[1-9]|[12]\d|3[01])(?:[/_.-]|$)`)
)

// textDate finds a date at the top of a text: a dateline opening one of
// the first three lines, or a line of its own among the first three that is a full date. A
// dateline without a year is placed in the latest year that puts it on or
// before ref (a story is not dated in the future).
func textDate(text string, ref time.Time) (time.Time, string) {
	text = strings.TrimLeft(text, " \t\r\n\ufeff")
	// A page's headline and standfirst may come before the paragraph
	// that opens with the dateline.
	top := strings.SplitN(text, "\n", 4)
	for _, line := range top[:min(3, len(top))] {
		line = strings.TrimSpace(line)
		if m := datelineMonthDay.FindStringSubmatch(line); m != nil {
			if t, ok := dayOf(m[1], m[2], m[3], ref); ok {
				return t, DateFromDateline
			}
		}
		if m := datelineDayMonth.FindStringSubmatch(line); m != nil {
			if t, ok := dayOf(m[2], m[1], m[3], ref); ok {
				return t, DateFromDateline
			}
		}
	}
	for _, line := range top[:min(3, len(top))] {
		line = strings.TrimSpace(line)
		if len(line) > 60 {
			continue
		}
		if m := bylineDate.FindStringSubmatch(line); m != nil {
			if d, ok := plausibleDate(strings.TrimSuffix(m[1], "."), ref); ok && hasYear(m[1]) {
				return d.t, QualifiedSource(DateFromByline, d.p)
			}
		}
	}
	return time.Time{}, ""
}

var yearPattern = regexp.MustCompile(`\b(19|20)\d{2}\b`)

func hasYear(s string) bool { return yearPattern.MatchString(s) }

// dayOf builds a date from a month name, a day and an optional year.
func dayOf(month, day, year string, ref time.Time) (time.Time, bool) {
	m, ok := months[strings.ToLower(strings.TrimSuffix(month, "."))]
	d, err := strconv.Atoi(day)
	if !ok || err != nil || d < 1 || d > 31 {
		return time.Time{}, false
	}
	if year != "" {
		y, _ := strconv.Atoi(year)
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return time.Time{}, false // June 31
		}
		return t, true
	}
	if ref.IsZero() {
		ref = time.Now()
	}
	// Allow a day of clock and time-zone skew past the reference.
	limit := ref.UTC().Add(24 * time.Hour)
	for y := limit.Year(); y >= limit.Year()-1; y-- {
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if t.Day() == d && !t.After(limit) {
			return t, true
		}
	}
	return time.Time{}, false
}

// urlPathDate finds a /YYYY/MM/DD/ date in a URL.
func urlPathDate(u string) (time.Time, bool) {
	m := urlDate.FindStringSubmatch(u)
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// finishDate dates a document that its own metadata left undated, from
// the best remaining clue: a container's date (the feed item), the
// dateline or byline of its text, its URL, a capture date, and last the
// user's --date. The reference year for a yearless dateline is the date
// from a lower-ranked clue when there is one, else opts.Now. A partial
// date (a month or a year) is made a day by a dateline, byline or URL
// date that falls inside its period (see refineDate).
func finishDate(doc *dyad.Document, opts Options) {
	if !doc.Date.IsZero() {
		if doc.DateSource == "" {
			doc.DateSource = DateFromRecord
		}
		refineDate(doc, opts)
		return
	}
	if !opts.Date.IsZero() && opts.DateSource == DateFromFeed {
		doc.Date, doc.DateSource = opts.Date, QualifiedSource(DateFromFeed, opts.DatePrecision)
		refineDate(doc, opts)
		return
	}
	u := doc.URL
	if u == "" {
		u = opts.url
	}
	urlT, urlOK := urlPathDate(u)
	ref := opts.now()
	switch {
	case urlOK:
		ref = urlT.Add(24 * time.Hour)
	case !opts.Date.IsZero():
		// A yearless dateline falls in the period --date names: the
		// day itself, or the last day of a month or year given alone.
		ref = periodEnd(opts.Date, opts.DatePrecision)
	}
	if t, src := textDate(doc.Text, ref); !t.IsZero() {
		doc.Date, doc.DateSource = t, src
		return
	}
	if urlOK {
		doc.Date, doc.DateSource = urlT, DateFromURL
		return
	}
	if !opts.Date.IsZero() {
		doc.Date, doc.DateSource = opts.Date, QualifiedSource(opts.dateSource(), opts.DatePrecision)
	}
}

// refineDate makes a partial date (record "2013-10", feed "2013") a day
// when the text's dateline or byline, or the URL, names a day inside its
// period: the finer clue agrees with the coarser one and says more. A day
// outside the period is not taken; the partial date stands, marked as one.
func refineDate(doc *dyad.Document, opts Options) {
	_, p := SplitDateSource(doc.DateSource)
	if p == PrecisionDay {
		return
	}
	start := doc.Date
	if t, src := textDate(doc.Text, periodEnd(start, p)); !t.IsZero() {
		if _, tp := SplitDateSource(src); tp == PrecisionDay && inPeriod(t, start, p) {
			doc.Date, doc.DateSource = t, src
			return
		}
	}
	u := doc.URL
	if u == "" {
		u = opts.url
	}
	if t, ok := urlPathDate(u); ok && inPeriod(t, start, p) {
		doc.Date, doc.DateSource = t, DateFromURL
	}
}

// DateFromText dates a stored document from its text and URL alone, as
// ingest would have: for recode, which re-reads documents stored before
// dyad looked for datelines. ref places a yearless dateline (zero: now).
func DateFromText(text, url string, ref time.Time) (time.Time, string) {
	d := &dyad.Document{Text: text, URL: url}
	finishDate(d, Options{Now: ref})
	return d.Date, d.DateSource
}

// parseLooseDate reads the date forms of metadata beyond ParseDate's
// strict ones ("June 4, 2026", "4 June 2026", "2026/06/04 10:00"),
// refusing ambiguous day/month orders.
func parseLooseDate(s string) (time.Time, error) {
	return dateparse.ParseStrict(s, dateparse.PreferMonthFirst(false))
}
