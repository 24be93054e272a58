package metrics

import (
	"strings"
	"testing"
)

func TestTheTextFormat(t *testing.T) {
	reg := NewRegistry()
	c := reg.Counter("jobs_total", "Jobs done.", "kind")
	c.Inc("a")
	c.Add(2, `b"\`)
	reg.Counter("idle_total", "Never counted.")
	reg.GaugeFunc("lag", "Lag.", func() (float64, bool) { return 7, true })
	reg.GaugeFunc("unknown", "Unknown.", func() (float64, bool) { return 0, false })
	h := reg.Histogram("latency_seconds", "Latency.", []float64{0.1, 1})
	h.Observe(0.05)
	h.Observe(0.5)
	h.Observe(3)
	var b strings.Builder
	reg.Write(&b)
	want := `# HELP jobs_total Jobs done.
# TYPE jobs_total counter
jobs_total{kind="a"} 1
jobs_total{kind="b\"\\"} 2
# HELP idle_total Never counted.
# TYPE idle_total counter
idle_total 0
# HELP lag Lag.
# TYPE lag gauge
lag 7
# HELP latency_seconds Latency.
# TYPE latency_seconds histogram
latency_seconds_bucket{le="0.1"} 1
latency_seconds_bucket{le="1"} 2
latency_seconds_bucket{le="+Inf"} 3
latency_seconds_sum 3.55
latency_seconds_count 3
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
