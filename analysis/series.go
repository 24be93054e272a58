// Package analysis turns a Store's dyad series into what an analyst reads:
// gap-free series of conflict and cooperation, an escalation index, and
// alerts when a dyad turns sharply toward conflict or cooperation.
//
// The method is described, with its measured detection delay and false
// alarm rate, in docs/escalation.md.
package analysis

import (
	"context"
	"fmt"
	"time"

	"github.com/dyad-events/dyad"
)

// BucketStart returns the first day of the bucket of the given interval
// that holds t (UTC): the day itself, the Monday of its ISO week, or the
// first of its month.
func BucketStart(t time.Time, iv dyad.Interval) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch iv {
	case dyad.Week:
		// Weekday counts from Sunday; ISO weeks start on Monday.
		back := (int(day.Weekday()) + 6) % 7
		return day.AddDate(0, 0, -back)
	case dyad.Month:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	default:
		return day
	}
}

// NextBucket returns the start of the bucket after the one starting at t.
func NextBucket(t time.Time, iv dyad.Interval) time.Time {
	switch iv {
	case dyad.Week:
		return t.AddDate(0, 0, 7)
	case dyad.Month:
		return t.AddDate(0, 1, 0)
	default:
		return t.AddDate(0, 0, 1)
	}
}

// ParseInterval reads "day", "week" or "month"; empty means day.
func ParseInterval(s string) (dyad.Interval, error) {
	switch dyad.Interval(s) {
	case "", dyad.Day:
		return dyad.Day, nil
	case dyad.Week, dyad.Month:
		return dyad.Interval(s), nil
	}
	return "", fmt.Errorf("interval %q: want day, week or month", s)
}

// maxFill bounds the buckets Fill creates, so that a query spanning
// centuries of days cannot make the server allocate without limit.
const maxFill = 50000

// Fill returns the series with an empty point for every bucket missing
// between from and to (inclusive; a zero bound means the first or last
// point's bucket). Points must be sorted by Start, as Store.Series returns
// them. Stores omit empty buckets; a chart and a rolling baseline need
// them, because a day without events is information.
func Fill(points []dyad.SeriesPoint, iv dyad.Interval, from, to time.Time) []dyad.SeriesPoint {
	if from.IsZero() && len(points) > 0 {
		from = points[0].Start
	}
	if to.IsZero() && len(points) > 0 {
		to = points[len(points)-1].Start
	}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return points
	}
	start, end := BucketStart(from, iv), BucketStart(to, iv)
	out := make([]dyad.SeriesPoint, 0, len(points))
	i := 0
	for b := start; !b.After(end) && len(out) < maxFill; b = NextBucket(b, iv) {
		// Points before the window (a store rounding differently) are
		// skipped rather than lost silently: they cannot be placed.
		for i < len(points) && points[i].Start.Before(b) {
			i++
		}
		if i < len(points) && points[i].Start.Equal(b) {
			out = append(out, points[i])
			i++
			continue
		}
		out = append(out, dyad.SeriesPoint{Start: b, Roots: map[string]int{}, PLOVER: map[string]int{}})
	}
	return out
}

// Series asks the store for a dyad's series and fills its gaps between
// q.From and q.To (or between its first and last events when unbounded).
func Series(ctx context.Context, s dyad.Store, q dyad.SeriesQuery) ([]dyad.SeriesPoint, error) {
	if q.Interval == "" {
		q.Interval = dyad.Day
	}
	points, err := s.Series(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("series %s→%s: %w", q.Source, q.Target, err)
	}
	return Fill(points, q.Interval, q.From, q.To), nil
}

// Cooperation returns the events of a point in the cooperative quad
// classes (verbal and material cooperation, quads 1 and 2).
func Cooperation(p dyad.SeriesPoint) int { return p.Quad[1] + p.Quad[2] }

// Conflict returns the events of a point in the conflictual quad classes
// (verbal and material conflict, quads 3 and 4).
func Conflict(p dyad.SeriesPoint) int { return p.Quad[3] + p.Quad[4] }
