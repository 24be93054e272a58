// Package metrics keeps a process's counters, gauges and histograms and
// writes them in the Prometheus text exposition format (version 0.0.4),
// for the /metrics endpoints of dyad serve, worker and watch. It is a small
// subset of what a Prometheus client library does: the metrics dyad
// declares, with labels, and nothing else.
package metrics

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Registry holds metrics in the order they were declared.
type Registry struct {
	mu      sync.Mutex
	metrics []metric
	names   map[string]bool
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{names: map[string]bool{}} }

type metric interface {
	write(w io.Writer)
}

func (r *Registry) add(name string, m metric) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names[name] {
		panic("metrics: " + name + " declared twice")
	}
	r.names[name] = true
	r.metrics = append(r.metrics, m)
}

// Write writes every metric in the text format.
func (r *Registry) Write(w io.Writer) {
	r.mu.Lock()
	ms := append([]metric(nil), r.metrics...)
	r.mu.Unlock()
	for _, m := range ms {
		m.write(w)
	}
}

// Handler serves the registry at /metrics.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		r.Write(w)
	})
}

func header(w io.Writer, name, help, kind string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(help), name, kind)
}

// labelText formats label pairs as {a="x",b="y"}; extra is appended last
// (a histogram's le).
func labelText(names, values []string, extra ...string) string {
	if len(names) == 0 && len(extra) == 0 {
		return ""
	}
	esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	var parts []string
	for i, n := range names {
		parts = append(parts, n+`="`+esc.Replace(values[i])+`"`)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		parts = append(parts, extra[i]+`="`+esc.Replace(extra[i+1])+`"`)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// series keeps one value per label set.
type series[V any] struct {
	mu     sync.Mutex
	labels []string
	values map[string]*V
	keys   map[string][]string
	make   func() *V
}

func (s *series[V]) get(values []string) *V {
	if len(values) != len(s.labels) {
		panic(fmt.Sprintf("metrics: %d label values for %d labels", len(values), len(s.labels)))
	}
	k := strings.Join(values, "\x00")
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[k]
	if !ok {
		v = s.make()
		s.values[k] = v
		s.keys[k] = append([]string(nil), values...)
	}
	return v
}

// each calls fn for every label set in sorted order.
func (s *series[V]) each(fn func(values []string, v *V)) {
	s.mu.Lock()
	keys := make([]string, 0, len(s.values))
	for k := range s.values {
		keys = append(keys, k)
	}
	s.mu.Unlock()
	sort.Strings(keys)
	for _, k := range keys {
		s.mu.Lock()
		v, vals := s.values[k], s.keys[k]
		s.mu.Unlock()
		fn(vals, v)
	}
}

func newSeries[V any](labels []string, mk func() *V) *series[V] {
	return &series[V]{labels: labels, values: map[string]*V{}, keys: map[string][]string{}, make: mk}
}

// Counter is a monotonically increasing count, per label set.
type Counter struct {
	name, help string
	s          *series[counterValue]
}

type counterValue struct {
	mu sync.Mutex
	v  float64
}

// Counter declares a counter with the given label names.
func (r *Registry) Counter(name, help string, labels ...string) *Counter {
	c := &Counter{name: name, help: help, s: newSeries(labels, func() *counterValue { return &counterValue{} })}
	r.add(name, c)
	return c
}

// Add adds n (which must not be negative) to the count of a label set.
func (c *Counter) Add(n float64, labelValues ...string) {
	if n < 0 {
		panic("metrics: counter " + c.name + " decreased")
	}
	v := c.s.get(labelValues)
	v.mu.Lock()
	v.v += n
	v.mu.Unlock()
}

// Inc adds one.
func (c *Counter) Inc(labelValues ...string) { c.Add(1, labelValues...) }

func (c *Counter) write(w io.Writer) {
	header(w, c.name, c.help, "counter")
	if len(c.s.labels) == 0 {
		c.s.get(nil) // an unlabelled counter is always shown, at 0 at first
	}
	c.s.each(func(vals []string, v *counterValue) {
		v.mu.Lock()
		x := v.v
		v.mu.Unlock()
		fmt.Fprintf(w, "%s%s %s\n", c.name, labelText(c.s.labels, vals), formatFloat(x))
	})
}

// GaugeFunc is a value read when the metrics are written: a queue's lag,
// a store's size.
type GaugeFunc struct {
	name, help string
	fn         func() (float64, bool)
}

// GaugeFunc declares a gauge whose value fn returns at each scrape; a
// false ok leaves the gauge out of that scrape (the value is unknown).
func (r *Registry) GaugeFunc(name, help string, fn func() (value float64, ok bool)) *GaugeFunc {
	g := &GaugeFunc{name: name, help: help, fn: fn}
	r.add(name, g)
	return g
}

func (g *GaugeFunc) write(w io.Writer) {
	v, ok := g.fn()
	if !ok {
		return
	}
	header(w, g.name, g.help, "gauge")
	fmt.Fprintf(w, "%s %s\n", g.name, formatFloat(v))
}

// Histogram counts observations (durations in seconds) in cumulative
// buckets, per label set.
type Histogram struct {
	name, help string
	bounds     []float64
	s          *series[histValue]
}

type histValue struct {
	mu     sync.Mutex
	counts []uint64 // per bound, not cumulative
	count  uint64
	sum    float64
}

// LatencyBuckets are upper bounds in seconds for request and coding
// latencies, from a millisecond to a minute.
var LatencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// Histogram declares a histogram with the given bucket upper bounds
// (ascending) and label names.
func (r *Registry) Histogram(name, help string, bounds []float64, labels ...string) *Histogram {
	h := &Histogram{name: name, help: help, bounds: bounds}
	h.s = newSeries(labels, func() *histValue { return &histValue{counts: make([]uint64, len(bounds))} })
	r.add(name, h)
	return h
}

// Observe records one value for a label set.
func (h *Histogram) Observe(v float64, labelValues ...string) {
	hv := h.s.get(labelValues)
	i := sort.SearchFloat64s(h.bounds, v) // first bound >= v
	hv.mu.Lock()
	if i < len(h.bounds) {
		hv.counts[i]++
	}
	hv.count++
	hv.sum += v
	hv.mu.Unlock()
}

func (h *Histogram) write(w io.Writer) {
	header(w, h.name, h.help, "histogram")
	h.s.each(func(vals []string, hv *histValue) {
		hv.mu.Lock()
		counts, count, sum := append([]uint64(nil), hv.counts...), hv.count, hv.sum
		hv.mu.Unlock()
		var cum uint64
		for i, b := range h.bounds {
			cum += counts[i]
			fmt.Fprintf(w, "%s_bucket%s %d\n", h.name, labelText(h.s.labels, vals, "le", formatFloat(b)), cum)
		}
		fmt.Fprintf(w, "%s_bucket%s %d\n", h.name, labelText(h.s.labels, vals, "le", "+Inf"), count)
		fmt.Fprintf(w, "%s_sum%s %s\n", h.name, labelText(h.s.labels, vals), formatFloat(sum))
		fmt.Fprintf(w, "%s_count%s %d\n", h.name, labelText(h.s.labels, vals), count)
	})
}
