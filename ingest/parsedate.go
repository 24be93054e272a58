package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a date its text gave. dyad dates documents
// by the day; a partial date ("2013-10", "2013", "October 2013") is placed
// on the first day of its period, and its precision is recorded beside
// the date's source so that no one takes 1 October for the day of the
// story (see QualifiedSource).
type Precision string

// The precisions of a date.
const (
	PrecisionDay   Precision = "day"   // a full date: 2013-10-05, "June 15, 2025", RFC 1123 and 3339
	PrecisionMonth Precision = "month" // 2013-10, "October 2013": dated the 1st of the month
	PrecisionYear  Precision = "year"  // 2013: dated 1 January
)

// QualifiedSource is the DateSource of a date read from source with
// precision p: the source alone for a full date, "source:month" or
// "source:year" for a partial one ("record:month", "flag:year").
func QualifiedSource(source string, p Precision) string {
	if p == "" || p == PrecisionDay || source == "" {
		return source
	}
	return source + ":" + string(p)
}

// SplitDateSource splits a Document.DateSource into where the date came
// from and its precision (PrecisionDay when it names none).
func SplitDateSource(s string) (source string, p Precision) {
	source, q, ok := strings.Cut(s, ":")
	if !ok || (Precision(q) != PrecisionMonth && Precision(q) != PrecisionYear) {
		return s, PrecisionDay
	}
	return source, Precision(q)
}

// dayLayouts are the exact forms of a full date, tried first.
var dayLayouts = []string{
	"2006-01-02", time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"2006-01-02T15:04Z07:00", "2006-01-02T15:04", // W3C datetime without seconds (sitemaps, dc:date)
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC822Z, time.RFC822, "20060102",
}

var (
	// A year alone, or a year and a month: ISO 8601's reduced precision.
	yearOnly  = regexp.MustCompile(`^((?:1[0-9]|20)\d{2})$`)
	yearMonth = regexp.MustCompile(`^((?:1[0-9]|20)\d{2})[-/](0?[1-9]|1[0-2])$`)
	// A month name and a year: "October 2013", "Oct. 2013".
	monthYear = regexp.MustCompile(`(?i)^` + monthPattern + `,?\s+((?:1[0-9]|20)\d{2})$`)
)

// ParseDate reads a document date in the forms news data uses: ISO dates
// and RFC 3339 timestamps, RFC 1123 and RFC 822 (feeds), the forms pages
// write ("June 15, 2025", "15 June 2025", "Sunday, June 15, 2025"), and
// partial dates: a month ("2013-10", "October 2013") or a year ("2013").
// It returns the first day of the period the text names and how precise
// the text was. Ambiguous day/month orders (04/06/2026) and dates without
// a year are refused.
func ParseDate(s string) (time.Time, Precision, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dayLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, PrecisionDay, nil
		}
	}
	if m := yearOnly.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), PrecisionYear, nil
	}
	if m := yearMonth.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC), PrecisionMonth, nil
	}
	if m := monthYear.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[2])
		mo := months[strings.ToLower(strings.TrimSuffix(m[1], "."))]
		return time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC), PrecisionMonth, nil
	}
	if t, err := parseLooseDate(s); err == nil && hasYear(s) {
		return t, PrecisionDay, nil
	}
	return time.Time{}, "", fmt.Errorf("%w %q (want a date such as 2025-06-15, June 15, 2025, 2013-10 or 2013, an RFC 3339 or RFC 1123 time)", ErrDateForm, s)
}

// ErrDateForm is a date dyad cannot read. A document whose date field has
// such a date is kept, and dated from its other clues (see finishDate).
var ErrDateForm = fmt.Errorf("unknown date form")

// inPeriod reports whether t falls in the period that starts at start
// and has precision p.
func inPeriod(t, start time.Time, p Precision) bool {
	var end time.Time
	switch p {
	case PrecisionYear:
		end = start.AddDate(1, 0, 0)
	case PrecisionMonth:
		end = start.AddDate(0, 1, 0)
	default:
		return false
	}
	return !t.Before(start) && t.Before(end)
}

// periodEnd is the last moment of a partial date's period, as a reference
// for placing a yearless dateline inside it.
func periodEnd(start time.Time, p Precision) time.Time {
	switch p {
	case PrecisionYear:
		return start.AddDate(1, 0, 0).Add(-time.Second)
	case PrecisionMonth:
		return start.AddDate(0, 1, 0).Add(-time.Second)
	}
	return start
}
