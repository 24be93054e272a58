package analysis

import (
	"math"
	"time"

	"github.com/dyad-events/dyad"
)

// Method holds the parameters of the escalation test (docs/escalation.md).
//
// Each period's index is the Goldstein sum of the dyad's events: conflict
// events weigh negatively in proportion to their severity, cooperation
// positively, and more events weigh more. A rolling baseline (mean and
// standard deviation of the Window periods before) standardises it into a
// z-score, and a two-sided CUSUM of the z-scores raises an alert when the
// dyad has moved persistently toward conflict or cooperation; a single
// period beyond Spike standard deviations alerts at once.
type Method struct {
	// Window is the number of past periods in the baseline.
	Window int `json:"window"`
	// MinHistory is the number of past periods needed before a period is
	// tested; earlier periods get no z-score and raise no alert.
	MinHistory int `json:"min_history"`
	// SigmaFloor bounds the baseline's standard deviation from below, in
	// Goldstein units, so that a quiet dyad (a baseline of zeros) does not
	// turn every single event into an alert.
	SigmaFloor float64 `json:"sigma_floor"`
	// K is the CUSUM allowance: the part of each z-score that is ignored as
	// noise. H is the decision threshold on the cumulative sum.
	K float64 `json:"k"`
	H float64 `json:"h"`
	// Spike is the |z| that alerts in a single period.
	Spike float64 `json:"spike"`
	// Guard is the number of most recent periods left out of the baseline,
	// so that the first periods of a turn do not raise the baseline that
	// is meant to detect it.
	Guard int `json:"guard"`
	// Cooldown is the number of periods after an alert during which the
	// same direction does not alert again, so one turn raises one alert.
	Cooldown int `json:"cooldown"`
}

// DefaultMethod returns the parameters tuned on the synthetic series of
// escalation_test.go for an interval: four weeks of daily baseline, twelve
// weeks of weekly, a year of monthly.
func DefaultMethod(iv dyad.Interval) Method {
	m := Method{SigmaFloor: 3, K: 0.5, H: 6, Spike: 6}
	switch iv {
	case dyad.Week:
		m.Window, m.MinHistory, m.Guard, m.Cooldown = 12, 3, 1, 3
	case dyad.Month:
		m.Window, m.MinHistory, m.Guard, m.Cooldown = 12, 3, 1, 2
	default:
		m.Window, m.MinHistory, m.Guard, m.Cooldown = 28, 7, 3, 7
	}
	return m
}

// Direction says which way a dyad turned.
type Direction string

// The directions of an alert.
const (
	TowardConflict    Direction = "conflict"
	TowardCooperation Direction = "cooperation"
)

// IndexPoint is one period of the escalation index.
type IndexPoint struct {
	Start time.Time `json:"start"`
	// Value is the period's Goldstein sum; Baseline and Sigma are the mean
	// and (floored) standard deviation of the periods before.
	Value    float64 `json:"value"`
	Baseline float64 `json:"baseline"`
	Sigma    float64 `json:"sigma"`
	// Z is (Value - Baseline) / Sigma; Tested is false (and Z zero) while
	// there is too little history.
	Z      float64 `json:"z"`
	Tested bool    `json:"tested"`
	// Up and Down are the CUSUM statistics toward cooperation and toward
	// conflict after this period.
	Up   float64 `json:"cusum_up"`
	Down float64 `json:"cusum_down"`
}

// Alert marks a period where a dyad turned sharply.
type Alert struct {
	Source    string    `json:"source,omitempty"`
	Target    string    `json:"target,omitempty"`
	Start     time.Time `json:"start"`
	Direction Direction `json:"direction"`
	// Rule is "cusum" for a sustained shift, "spike" for one extreme period.
	Rule     string  `json:"rule"`
	Z        float64 `json:"z"`
	Value    float64 `json:"value"`
	Baseline float64 `json:"baseline"`
	// Events and ConflictEvents are the counts of the alerting period.
	Events         int `json:"events"`
	ConflictEvents int `json:"conflict_events"`
}

// Escalation computes the index of a gap-free series (see Fill) and the
// alerts it raises, in time order.
func Escalation(points []dyad.SeriesPoint, m Method) ([]IndexPoint, []Alert) {
	values := make([]float64, len(points))
	for i, p := range points {
		values[i] = p.GoldsteinSum
	}
	index, flags := detect(values, m)
	var alerts []Alert
	for i, f := range flags {
		if f.dir == "" {
			continue
		}
		alerts = append(alerts, Alert{
			Start: points[i].Start, Direction: f.dir, Rule: f.rule, Z: round2(index[i].Z),
			Value: round2(index[i].Value), Baseline: round2(index[i].Baseline),
			Events: points[i].Events, ConflictEvents: points[i].ConflictEvents,
		})
	}
	for i := range index {
		index[i].Start = points[i].Start
	}
	return index, alerts
}

// flag is the alert decision for one period.
type flag struct {
	dir  Direction
	rule string
}

// detect runs the test over a plain series of index values. It is separate
// from Escalation so that the synthetic evaluation can drive it directly.
func detect(values []float64, m Method) ([]IndexPoint, []flag) {
	index := make([]IndexPoint, len(values))
	flags := make([]flag, len(values))
	var up, down float64
	coolUp, coolDown := 0, 0
	for t, x := range values {
		ip := &index[t]
		ip.Value = x
		hi := max(0, t-m.Guard)
		lo := max(0, hi-m.Window)
		if hi-lo < max(m.MinHistory, 2) {
			continue
		}
		mean, sd := meanSD(values[lo:hi])
		sigma := math.Max(sd, m.SigmaFloor)
		z := (x - mean) / sigma
		ip.Baseline, ip.Sigma, ip.Z, ip.Tested = mean, sigma, z, true
		up = math.Max(0, up+z-m.K)
		down = math.Max(0, down-z-m.K)
		if coolUp > 0 {
			coolUp--
		}
		if coolDown > 0 {
			coolDown--
		}
		switch {
		case coolDown == 0 && (down > m.H || -z >= m.Spike):
			flags[t] = flag{TowardConflict, ruleOf(-z, m)}
			down, coolDown = 0, m.Cooldown
		case coolUp == 0 && (up > m.H || z >= m.Spike):
			flags[t] = flag{TowardCooperation, ruleOf(z, m)}
			up, coolUp = 0, m.Cooldown
		}
		ip.Up, ip.Down = up, down
	}
	return index, flags
}

func ruleOf(z float64, m Method) string {
	if z >= m.Spike {
		return "spike"
	}
	return "cusum"
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
