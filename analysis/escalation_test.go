package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
)

// regime is how a synthetic dyad behaves: events per day and the share of
// them that are conflict.
type regime struct {
	rate     float64 // mean events a day
	conflict float64 // probability that an event is conflictual
}

// scenario is a synthetic series with one known change point, and what
// the default method must achieve on it.
type scenario struct {
	name          string
	before, after regime
	want          Direction // "" for a series without change
	minDetected   float64   // share of changes found within 21 days
	maxMedian     float64   // median delay, days
}

var scenarios = []scenario{
	{"sharp turn to conflict", regime{3, 0.2}, regime{6, 0.7}, TowardConflict, 0.95, 3},
	// A moderate turn moves the daily sum by less than one standard
	// deviation of its bursty noise: the method trades some of these for
	// fewer false alarms (docs/escalation.md).
	{"moderate turn to conflict", regime{3, 0.2}, regime{3, 0.5}, TowardConflict, 0.5, 12},
	{"turn to cooperation", regime{3, 0.6}, regime{4, 0.1}, TowardCooperation, 0.95, 5},
	{"quiet dyad flares up", regime{0.3, 0.3}, regime{3, 0.8}, TowardConflict, 0.95, 2},
	{"no change", regime{3, 0.3}, regime{3, 0.3}, "", 0, 0},
}

// simulate draws a daily Goldstein-sum series: event counts are Poisson
// with a gamma-distributed rate (overdispersed, as news is bursty), conflict
// events score uniformly in [-10, -2], cooperative ones in [1, 7].
func simulate(r *rand.Rand, days, change int, before, after regime) []float64 {
	out := make([]float64, days)
	for d := range out {
		g := before
		if d >= change {
			g = after
		}
		// Gamma(2, 1)/2 has mean 1 and variance 1/2.
		burst := -math.Log(1-r.Float64()) - math.Log(1-r.Float64())
		n := poisson(r, g.rate*burst/2)
		for range n {
			if r.Float64() < g.conflict {
				out[d] -= 2 + 8*r.Float64()
			} else {
				out[d] += 1 + 6*r.Float64()
			}
		}
	}
	return out
}

func poisson(r *rand.Rand, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// evaluation sums the outcomes of many synthetic series.
type evaluation struct {
	runs, detected int
	delays         []int
	falseAlarms    int // alerts before the change, or in the wrong direction
	quietDays      int // days on which a false alarm was possible
}

func (e evaluation) rate() float64 { return float64(e.detected) / float64(e.runs) }

func (e evaluation) medianDelay() float64 {
	if len(e.delays) == 0 {
		return math.NaN()
	}
	d := slices.Clone(e.delays)
	slices.Sort(d)
	return float64(d[len(d)/2])
}

func (e evaluation) meanDelay() float64 {
	sum := 0
	for _, d := range e.delays {
		sum += d
	}
	return float64(sum) / float64(len(e.delays))
}

// perThousand is false alarms per 1,000 days without a change.
func (e evaluation) perThousand() float64 {
	return 1000 * float64(e.falseAlarms) / float64(e.quietDays)
}

// evaluate runs the method over runs series of 180 days whose change
// falls at a random day in [60, 120]. A change counts as detected when an
// alert in the right direction comes within 21 days of it.
func evaluate(sc scenario, m Method, runs int, seed uint64) evaluation {
	r := rand.New(rand.NewPCG(seed, 7))
	var ev evaluation
	const days, window = 180, 21
	for range runs {
		change := 60 + r.IntN(61)
		if sc.want == "" {
			change = days
		}
		values := simulate(r, days, change, sc.before, sc.after)
		_, flags := detect(values, m)
		ev.runs++
		ev.quietDays += change
		found := false
		for d, f := range flags {
			switch {
			case f.dir == "":
			case d < change:
				ev.falseAlarms++
			case f.dir != sc.want:
				ev.falseAlarms++
			case !found && d-change <= window:
				found = true
				ev.detected++
				ev.delays = append(ev.delays, d-change)
			}
		}
	}
	return ev
}

func TestEscalationDetectsKnownChangePoints(t *testing.T) {
	m := DefaultMethod(dyad.Day)
	var totalFalse, totalQuiet int
	for i, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			ev := evaluate(sc, m, 300, uint64(i+1))
			totalFalse += ev.falseAlarms
			totalQuiet += ev.quietDays
			if sc.want == "" {
				t.Logf("%-26s runs=%d false alarms=%d over %d days (%.2f per 1000 days)",
					sc.name, ev.runs, ev.falseAlarms, ev.quietDays, ev.perThousand())
				if ev.perThousand() > 6 {
					t.Errorf("%.2f false alarms per 1000 days on a series without change, want at most 6", ev.perThousand())
				}
				return
			}
			t.Logf("%-26s runs=%d detected=%.1f%% delay median=%.0f mean=%.2f days; false alarms %.2f per 1000 days",
				sc.name, ev.runs, 100*ev.rate(), ev.medianDelay(), ev.meanDelay(), ev.perThousand())
			if ev.rate() < sc.minDetected {
				t.Errorf("detected %.1f%% of changes, want at least %.0f%%", 100*ev.rate(), 100*sc.minDetected)
			}
			if ev.medianDelay() > sc.maxMedian {
				t.Errorf("median delay %.0f days, want at most %.0f", ev.medianDelay(), sc.maxMedian)
			}
		})
	}
	t.Logf("all scenarios: %d false alarms over %d change-free days (%.2f per 1000 days)",
		totalFalse, totalQuiet, 1000*float64(totalFalse)/float64(totalQuiet))
}

// BenchmarkEscalationEvaluation reports the synthetic evaluation's figures
// as benchmark metrics, for docs/escalation.md.
func BenchmarkEscalationEvaluation(b *testing.B) {
	m := DefaultMethod(dyad.Day)
	for i, sc := range scenarios {
		b.Run(sc.name, func(b *testing.B) {
			var ev evaluation
			for b.Loop() {
				ev = evaluate(sc, m, 300, uint64(i+1))
			}
			if sc.want != "" {
				b.ReportMetric(100*ev.rate(), "%detected")
				b.ReportMetric(ev.medianDelay(), "median-delay-days")
				b.ReportMetric(ev.meanDelay(), "mean-delay-days")
			}
			b.ReportMetric(ev.perThousand(), "false/1000days")
		})
	}
}

func TestEscalationAlertsCarryTheirPeriod(t *testing.T) {
	start := time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC)
	var points []dyad.SeriesPoint
	for d := range 30 {
		p := dyad.SeriesPoint{Start: start.AddDate(0, 0, d)}
		if d%3 == 0 {
			p.Events, p.Quad[1], p.GoldsteinSum = 1, 1, 3
		}
		if d == 20 {
			p.Events, p.Quad[4], p.ConflictEvents, p.GoldsteinSum = 4, 4, 4, -38
		}
		points = append(points, p)
	}
	index, alerts := Escalation(points, DefaultMethod(dyad.Day))
	if len(index) != len(points) {
		t.Fatalf("index has %d points, want %d", len(index), len(points))
	}
	if len(alerts) != 1 {
		t.Fatalf("got %d alerts (%+v), want one", len(alerts), alerts)
	}
	a := alerts[0]
	if !a.Start.Equal(points[20].Start) || a.Direction != TowardConflict || a.Rule != "spike" || a.ConflictEvents != 4 {
		t.Errorf("alert = %+v, want a conflict spike on %s with 4 conflict events", a, points[20].Start.Format(time.DateOnly))
	}
	if index[3].Tested {
		t.Errorf("period 3 was tested with too little history")
	}
}

func TestFill(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	pts := func(days ...string) []dyad.SeriesPoint {
		var out []dyad.SeriesPoint
		for _, d := range days {
			out = append(out, dyad.SeriesPoint{Start: day(d), Events: 1})
		}
		return out
	}
	tests := []struct {
		name     string
		in       []dyad.SeriesPoint
		iv       dyad.Interval
		from, to string
		want     []string // bucket starts
		events   int
	}{
		{"days between events are filled", pts("2026-04-06", "2026-04-09"), dyad.Day, "", "",
			[]string{"2026-04-06", "2026-04-07", "2026-04-08", "2026-04-09"}, 2},
		{"a bounded range is padded on both sides", pts("2026-04-07"), dyad.Day, "2026-04-06", "2026-04-08",
			[]string{"2026-04-06", "2026-04-07", "2026-04-08"}, 1},
		{"weeks start on Monday", pts("2026-04-06", "2026-04-20"), dyad.Week, "2026-04-08", "2026-04-26",
			[]string{"2026-04-06", "2026-04-13", "2026-04-20"}, 2},
		{"months start on the first", pts("2026-04-01", "2026-06-01"), dyad.Month, "", "",
			[]string{"2026-04-01", "2026-05-01", "2026-06-01"}, 2},
		{"an empty unbounded series stays empty", nil, dyad.Day, "", "", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var from, to time.Time
			if tt.from != "" {
				from, to = day(tt.from), day(tt.to)
			}
			got := Fill(tt.in, tt.iv, from, to)
			var starts []string
			events := 0
			for _, p := range got {
				starts = append(starts, p.Start.Format(time.DateOnly))
				events += p.Events
			}
			if fmt.Sprint(starts) != fmt.Sprint(tt.want) || events != tt.events {
				t.Errorf("Fill = %v with %d events, want %v with %d", starts, events, tt.want, tt.events)
			}
		})
	}
}

func TestBucketStart(t *testing.T) {
	sunday := time.Date(2026, 4, 12, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		iv   dyad.Interval
		want string
	}{
		{dyad.Day, "2026-04-12"},
		{dyad.Week, "2026-04-06"},
		{dyad.Month, "2026-04-01"},
	}
	for _, tt := range tests {
		if got := BucketStart(sunday, tt.iv).Format(time.DateOnly); got != tt.want {
			t.Errorf("BucketStart(Sunday 12 April, %s) = %s, want %s", tt.iv, got, tt.want)
		}
	}
}
