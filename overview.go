package dyad

import (
	"strings"
	"time"
)

// NodeOf is the node an actor code belongs to in overviews (the network,
// the alerts over the busiest dyads, the dyad picker): its country, or for
// international organisations and NGOs the organisation itself, with every
// UN body counted as the UN. It is "" for a code shorter than three
// letters.
func NodeOf(code string) string {
	switch c := CountryOf(code); c {
	case "IGO", "NGO":
		if strings.HasPrefix(code, "IGOUNO") {
			return "IGOUNO"
		}
		return code[:min(len(code), 9)]
	default:
		return c
	}
}

// PairQuery selects the dated events between every ordered pair of some
// nodes (see NodeOf), for overviews that look at many dyads at once.
type PairQuery struct {
	// Nodes are the nodes whose pairs are counted; a pair of a node with
	// itself is left out.
	Nodes []string
	// Interval buckets the counts by day, week or month; empty gives one
	// total per pair over the whole period.
	Interval Interval
	From, To time.Time // inclusive; zero means unbounded
	// Modality keeps only these modalities; empty means asserted only.
	Modality  []Modality
	NamedOnly bool // see EventFilter.NamedOnly
}

// PairPoint counts the events of one directed pair of nodes in one bucket
// (or, for a query without an interval, over the whole period, with a
// zero Start). Buckets without events are omitted.
type PairPoint struct {
	Source       string    `json:"source"`
	Target       string    `json:"target"`
	Start        time.Time `json:"start"`
	Events       int       `json:"events"`
	Cooperation  int       `json:"cooperation"` // quad classes 1 and 2
	Conflict     int       `json:"conflict"`    // quad classes 3 and 4
	GoldsteinSum float64   `json:"goldstein_sum"`
}
