package api

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/analysis"
)

// codePattern is what an actor code (or code prefix) may look like; it
// keeps odd input out of queries and error messages.
var codePattern = regexp.MustCompile(`^[A-Z0-9]{1,15}$`)

// codeParam reads an actor code prefix; "*" or empty means any actor.
func codeParam(name, v string) (string, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	if v == "" || v == "*" {
		return "", nil
	}
	if !codePattern.MatchString(v) {
		return "", badRequest("%s=%q: want an actor code or prefix such as USA or IRNGOV", name, v)
	}
	return v, nil
}

// dateParam reads a YYYY-MM-DD date.
func dateParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, badRequest("%s=%q: want a date as YYYY-MM-DD", name, v)
	}
	return t, nil
}

var allModalities = []dyad.Modality{dyad.Asserted, dyad.Negated, dyad.Planned, dyad.Hypothetical, dyad.Denied}

// modalityParam reads a comma-separated list of modalities; "all" means
// every modality and empty means def.
func modalityParam(r *http.Request, def []dyad.Modality) ([]dyad.Modality, error) {
	v := r.URL.Query().Get("modality")
	switch v {
	case "":
		return def, nil
	case "all":
		return allModalities, nil
	}
	var out []dyad.Modality
	for _, m := range strings.Split(v, ",") {
		m = strings.TrimSpace(m)
		ok := false
		for _, known := range allModalities {
			if string(known) == m {
				out, ok = append(out, known), true
			}
		}
		if !ok {
			return nil, badRequest("modality=%q: want all, or any of asserted, negated, planned, hypothetical, denied", m)
		}
	}
	return out, nil
}

// namedParam reads attribution=named|all: whether to keep only events
// that rest on named sources.
func namedParam(r *http.Request) (bool, error) {
	switch v := r.URL.Query().Get("attribution"); v {
	case "named":
		return true, nil
	case "", "all":
		return false, nil
	default:
		return false, badRequest("attribution=%q: want named or all", v)
	}
}

func boolParam(r *http.Request, name string) (bool, error) {
	switch v := r.URL.Query().Get(name); v {
	case "1", "true":
		return true, nil
	case "", "0", "false":
		return false, nil
	default:
		return false, badRequest("%s=%q: want 1 or 0", name, v)
	}
}

// eventsPage is the answer of /api/events.
type eventsPage struct {
	Events  []dyad.StoredEvent `json:"events"`
	Limit   int                `json:"limit"`
	Offset  int                `json:"offset"`
	HasMore bool               `json:"has_more"`
	// NextCursor continues the listing after this page (cursor=); nil on
	// the last page.
	NextCursor *string `json:"next_cursor"`
	// Truncated says why the page holds fewer events than asked for
	// although more follow: its bytes reached the answer budget.
	Truncated string `json:"truncated,omitempty"`
}

// keyPattern is what a document key looks like (dyad.DocumentKey).
var keyPattern = regexp.MustCompile(`^[0-9a-f]{1,64}$`)

// eventBytes is a generous estimate of the JSON size of an event, to keep
// a page under the answer budget without encoding it twice.
func eventBytes(e *dyad.StoredEvent) int {
	n := 800 + 2*len(e.Sentence) + len(e.URL) + len(e.Rule) + len(e.Source.Text) + len(e.Target.Text) + len(e.Verb.Text)
	for _, m := range e.Mentions {
		n += 600 + len(m.Sentence) + len(m.URL) + len(m.Rule) + len(m.Source.Text) + len(m.Target.Text) + len(m.Verb.Text)
		if m.Attribution != nil {
			n += len(m.Attribution.Text)
		}
	}
	return n + 40*len(e.DocIDs)
}

func mentionBytes(m *dyad.EventMention) int {
	return 600 + len(m.Sentence) + len(m.URL) + len(m.Rule) + len(m.Source.Text) + len(m.Target.Text) + len(m.Verb.Text)
}

// fitBytes returns how many of the first items fit in budget bytes (at
// least one, so that paging always moves on).
func fitBytes[T any](items []T, size func(*T) int, budget int) int {
	total := 0
	for i := range items {
		total += size(&items[i])
		if total > budget && i > 0 {
			return i
		}
	}
	return len(items)
}

func (s *server) events(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var f dyad.EventFilter
	var err error
	for _, p := range []struct {
		name string
		dst  *string
	}{{"actor", &f.Actor}, {"source", &f.Source}, {"target", &f.Target}} {
		if *p.dst, err = codeParam(p.name, q.Get(p.name)); err != nil {
			return err
		}
	}
	if v := q.Get("dyad"); v != "" {
		var dyadA, dyadB string
		a, b, ok := strings.Cut(strings.ReplaceAll(v, ",", "-"), "-")
		if !ok {
			return badRequest("dyad=%q: want two actor codes, as USA-IRN", v)
		}
		if dyadA, err = codeParam("dyad", a); err != nil {
			return err
		}
		if dyadB, err = codeParam("dyad", b); err != nil {
			return err
		}
		if dyadA == "" || dyadB == "" {
			return badRequest("dyad=%q: want two actor codes, as USA-IRN", v)
		}
		f.Dyad = [2]string{dyadA, dyadB}
	}
	if f.Root = q.Get("root"); f.Root != "" {
		if n, err := strconv.Atoi(f.Root); err != nil || n < 1 || n > 20 || len(f.Root) != 2 {
			return badRequest("root=%q: want a two-digit CAMEO root from 01 to 20", f.Root)
		}
	}
	if f.Quad, err = intParam(r, "quad", 0, 1, 4); err != nil {
		return err
	}
	// Asserted by default, as in series, alerts and the dashboard: the
	// same question gets the same events whichever endpoint it asks.
	if f.Modality, err = modalityParam(r, []dyad.Modality{dyad.Asserted}); err != nil {
		return err
	}
	if f.Undated, err = boolParam(r, "undated"); err != nil {
		return err
	}
	if f.Cursor, err = eventCursorParam(r); err != nil {
		return err
	}
	if f.From, err = dateParam(r, "from"); err != nil {
		return err
	}
	if f.To, err = dateParam(r, "to"); err != nil {
		return err
	}
	if f.NamedOnly, err = namedParam(r); err != nil {
		return err
	}
	if f.Text = q.Get("text"); len(f.Text) > 200 {
		return badRequest("text: at most 200 characters")
	}
	if f.DocID = q.Get("doc"); f.DocID != "" && !keyPattern.MatchString(f.DocID) {
		return badRequest("doc=%q: want a document key (32 hexadecimal digits)", f.DocID)
	}
	limit, err := intParam(r, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	offset, err := intParam(r, "offset", 0, 0, 1000000)
	if err != nil {
		return err
	}
	page := eventsPage{Limit: limit, Offset: offset}
	f.Limit, f.Offset = limit+1, offset
	evs, err := s.opts.Store.Events(r.Context(), f)
	if err != nil {
		return fmt.Errorf("listing events: %w", err)
	}
	if len(evs) > limit {
		evs, page.HasMore = evs[:limit], true
	}
	if n := fitBytes(evs, eventBytes, s.opts.MaxAnswerBytes); n < len(evs) {
		evs, page.HasMore = evs[:n], true
		page.Truncated = fmt.Sprintf("the page ends after %d events to stay under %d bytes (--max-answer-bytes); continue at offset=%d", n, s.opts.MaxAnswerBytes, offset+n)
	}
	if evs == nil {
		evs = []dyad.StoredEvent{}
	}
	if page.HasMore && len(evs) > 0 {
		c := encodeEventCursor(evs[len(evs)-1])
		page.NextCursor = &c
	}
	page.Events = evs
	writeJSON(w, http.StatusOK, page)
	return nil
}

// seriesAnswer is the answer of the series endpoint: the points of the
// asked period, the escalation index over them, and its alerts.
type seriesAnswer struct {
	Source    string                `json:"source"`
	Target    string                `json:"target"`
	Both      bool                  `json:"both"`
	Interval  dyad.Interval         `json:"interval"`
	From      string                `json:"from,omitempty"`
	To        string                `json:"to,omitempty"`
	Modality  []dyad.Modality       `json:"modality"`
	NamedOnly bool                  `json:"named_only"`
	Points    []dyad.SeriesPoint    `json:"points"`
	Index     []analysis.IndexPoint `json:"index"`
	Alerts    []analysis.Alert      `json:"alerts"`
	Method    analysis.Method       `json:"method"`
	// Truncated says how an open-ended series was cut to the bucket
	// budget; empty when it was not.
	Truncated string `json:"truncated,omitempty"`
}

// seriesQuery reads the parameters shared by series, alerts and network.
func seriesQuery(r *http.Request) (dyad.SeriesQuery, error) {
	var q dyad.SeriesQuery
	var err error
	if q.Interval, err = analysis.ParseInterval(r.URL.Query().Get("interval")); err != nil {
		return q, badRequest("%v", err)
	}
	if q.From, err = dateParam(r, "from"); err != nil {
		return q, err
	}
	if q.To, err = dateParam(r, "to"); err != nil {
		return q, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, badRequest("to is before from")
	}
	if q.Modality, err = modalityParam(r, []dyad.Modality{dyad.Asserted}); err != nil {
		return q, err
	}
	if q.NamedOnly, err = namedParam(r); err != nil {
		return q, err
	}
	if q.Both, err = boolParam(r, "both"); err != nil {
		return q, err
	}
	return q, nil
}

// periods returns the number of periods of an interval from from to to,
// both included.
func periods(from, to time.Time, iv dyad.Interval) int {
	a, b := analysis.BucketStart(from, iv), analysis.BucketStart(to, iv)
	if b.Before(a) {
		return 0
	}
	switch iv {
	case dyad.Month:
		return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month()) + 1
	case dyad.Week:
		return int((b.Unix()-a.Unix())/86400)/7 + 1
	default:
		return int((b.Unix()-a.Unix())/86400) + 1
	}
}

// addPeriods moves the start of a period n periods on (back, if n < 0).
func addPeriods(t time.Time, iv dyad.Interval, n int) time.Time {
	switch iv {
	case dyad.Week:
		return t.AddDate(0, 0, 7*n)
	case dyad.Month:
		return t.AddDate(0, n, 0)
	default:
		return t.AddDate(0, 0, n)
	}
}

// storedPeriod fills a series query's missing bounds with the stored
// period (the earliest and latest dated events of the store), so that a
// series or an alert asked without from and to is the same as one asked
// with that range written out: the baseline before the first period is
// read the same way in both. A stored period longer than the bucket
// budget keeps its latest periods, as an open-ended series did.
//
// It returns the note to give when the period was cut, "" otherwise.
func (s *server) storedPeriod(ctx context.Context, q dyad.SeriesQuery, m analysis.Method) (dyad.SeriesQuery, string, error) {
	if !q.From.IsZero() && !q.To.IsZero() {
		return q, "", nil
	}
	first, last, err := s.opts.Store.Period(ctx)
	if err != nil {
		return q, "", err
	}
	if first.IsZero() {
		return q, "", nil // nothing dated: an empty series either way
	}
	explicitFrom := !q.From.IsZero()
	if q.From.IsZero() {
		q.From = first
	}
	if q.To.IsZero() {
		q.To = last
		if q.To.Before(q.From) {
			q.To = q.From
		}
	}
	keep := s.opts.MaxBuckets - m.Window - m.Guard
	if periods(q.From, q.To, q.Interval) <= keep {
		return q, "", nil
	}
	if explicitFrom {
		q.To = addPeriods(analysis.BucketStart(q.From, q.Interval), q.Interval, keep-1)
	} else {
		q.From = addPeriods(analysis.BucketStart(q.To, q.Interval), q.Interval, 1-keep)
	}
	return q, fmt.Sprintf("the series is cut to %d %s periods, %s to %s (--max-buckets); ask with from and to for others",
		keep, q.Interval, analysis.BucketStart(q.From, q.Interval).Format(time.DateOnly), q.To.Format(time.DateOnly)), nil
}

// dyadSeries is a dyad's gap-free series over the query's period, with the
// escalation index and its alerts.
type dyadSeries struct {
	points    []dyad.SeriesPoint
	index     []analysis.IndexPoint
	alerts    []analysis.Alert
	periods   int    // periods computed, the baseline's included
	truncated string // how an open-ended series was cut, if it was
}

// dyadSeries computes a dyad's series. The store is asked for enough
// periods before From to fill the baseline, so that the first periods
// shown are tested like the others. A period from From to To longer than
// the bucket budget is a 400; a series with an open end longer than that
// is cut to the periods nearest its bound (the latest ones when it has
// none) and marked truncated.
func (s *server) dyadSeries(ctx context.Context, q dyad.SeriesQuery, m analysis.Method) (dyadSeries, error) {
	q, shown, err := s.seriesWindow(q, m)
	if err != nil {
		return dyadSeries{}, err
	}
	points, err := s.opts.Store.Series(ctx, q)
	if err != nil {
		return dyadSeries{}, fmt.Errorf("series %s→%s: %w", q.Source, q.Target, err)
	}
	if err := ctx.Err(); err != nil {
		return dyadSeries{}, err
	}
	return s.escalation(q, shown, m, points), nil
}

// seriesWindow checks a series' period against the bucket budget and
// moves its start back by the baseline; shown is the first day to show.
func (s *server) seriesWindow(q dyad.SeriesQuery, m analysis.Method) (wide dyad.SeriesQuery, shown time.Time, err error) {
	if q.Interval == "" {
		q.Interval = dyad.Day
	}
	baseline := m.Window + m.Guard
	if !q.From.IsZero() && !q.To.IsZero() {
		if n := periods(q.From, q.To, q.Interval) + baseline; n > s.opts.MaxBuckets {
			return q, shown, budgetError("from %s to %s is %d %s periods with the baseline; the limit is %d (--max-buckets): ask for a shorter period or a longer interval",
				q.From.Format(time.DateOnly), q.To.Format(time.DateOnly), n, q.Interval, s.opts.MaxBuckets)
		}
	}
	shown = q.From
	if !q.From.IsZero() {
		q.From = addPeriods(analysis.BucketStart(q.From, q.Interval), q.Interval, -baseline)
	}
	return q, shown, nil
}

// escalation fills the gaps of a series read for q (widened by
// seriesWindow), computes its escalation index and alerts, and keeps the
// periods from shown on.
func (s *server) escalation(q dyad.SeriesQuery, shown time.Time, m analysis.Method, points []dyad.SeriesPoint) dyadSeries {
	var res dyadSeries
	baseline := m.Window + m.Guard
	from, to := q.From, q.To
	if len(points) > 0 {
		if from.IsZero() {
			from = points[0].Start
		}
		if to.IsZero() {
			to = points[len(points)-1].Start
		}
	}
	if !from.IsZero() && !to.IsZero() && periods(from, to, q.Interval) > s.opts.MaxBuckets {
		keep := s.opts.MaxBuckets - baseline
		if q.From.IsZero() {
			shown = addPeriods(analysis.BucketStart(to, q.Interval), q.Interval, 1-keep)
			from = addPeriods(shown, q.Interval, -baseline)
		} else {
			to = addPeriods(analysis.BucketStart(shown, q.Interval), q.Interval, keep-1)
		}
		res.truncated = fmt.Sprintf("the series is cut to %d %s periods, %s to %s (--max-buckets); ask with from and to for others",
			keep, q.Interval, analysis.BucketStart(shown, q.Interval).Format(time.DateOnly), to.Format(time.DateOnly))
	}
	points = analysis.Fill(points, q.Interval, from, to)
	res.periods = len(points)
	index, alerts := analysis.Escalation(points, m)
	if !shown.IsZero() {
		first := analysis.BucketStart(shown, q.Interval)
		i := sort.Search(len(points), func(i int) bool { return !points[i].Start.Before(first) })
		points, index = points[i:], index[i:]
		kept := alerts[:0]
		for _, a := range alerts {
			if !a.Start.Before(first) {
				kept = append(kept, a)
			}
		}
		alerts = kept
	}
	if points == nil {
		points = []dyad.SeriesPoint{}
	}
	if index == nil {
		index = []analysis.IndexPoint{}
	}
	if alerts == nil {
		alerts = []analysis.Alert{}
	}
	res.points, res.index, res.alerts = points, index, alerts
	return res
}

func (s *server) series(w http.ResponseWriter, r *http.Request) error {
	q, err := seriesQuery(r)
	if err != nil {
		return err
	}
	if q.Source, err = codeParam("source", r.PathValue("source")); err != nil {
		return err
	}
	if q.Target, err = codeParam("target", r.PathValue("target")); err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "csv" {
		return badRequest("format=%q: want json or csv", format)
	}
	m := analysis.DefaultMethod(q.Interval)
	q, cut, err := s.storedPeriod(r.Context(), q, m)
	if err != nil {
		return err
	}
	ds, err := s.dyadSeries(r.Context(), q, m)
	if err != nil {
		return err
	}
	if cut != "" {
		ds.truncated = cut
	}
	if format == "csv" {
		return writeSeriesCSV(w, q, ds.points, ds.index, ds.alerts)
	}
	ans := seriesAnswer{
		Source: q.Source, Target: q.Target, Both: q.Both, Interval: q.Interval,
		Modality: q.Modality, NamedOnly: q.NamedOnly,
		Points: ds.points, Index: ds.index, Alerts: ds.alerts, Method: m, Truncated: ds.truncated,
	}
	if !q.From.IsZero() {
		ans.From = q.From.Format(time.DateOnly)
	}
	if !q.To.IsZero() {
		ans.To = q.To.Format(time.DateOnly)
	}
	writeJSON(w, http.StatusOK, ans)
	return nil
}

// csvName is a code for a file name: "any" for an empty prefix.
func csvName(code string) string {
	if code == "" {
		return "any"
	}
	return code
}

func writeSeriesCSV(w http.ResponseWriter, q dyad.SeriesQuery, points []dyad.SeriesPoint, index []analysis.IndexPoint, alerts []analysis.Alert) error {
	alertAt := map[time.Time]string{}
	for _, a := range alerts {
		alertAt[a.Start] = string(a.Direction)
	}
	name := fmt.Sprintf("dyad-%s-%s-%s.csv", csvName(q.Source), csvName(q.Target), q.Interval)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"start", "events", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict",
		"no_quad", "conflict_events", "goldstein_sum", "goldstein_mean", "mentions", "escalation_z", "alert", "roots"})
	for i, p := range points {
		roots := make([]string, 0, len(p.Roots))
		for k, n := range p.Roots {
			roots = append(roots, k+":"+strconv.Itoa(n))
		}
		sort.Strings(roots)
		z := ""
		if index[i].Tested {
			z = strconv.FormatFloat(index[i].Z, 'f', 3, 64)
		}
		cw.Write([]string{
			p.Start.Format(time.DateOnly), strconv.Itoa(p.Events),
			strconv.Itoa(p.Quad[1]), strconv.Itoa(p.Quad[2]), strconv.Itoa(p.Quad[3]), strconv.Itoa(p.Quad[4]), strconv.Itoa(p.Quad[0]),
			strconv.Itoa(p.ConflictEvents),
			strconv.FormatFloat(p.GoldsteinSum, 'f', 2, 64), strconv.FormatFloat(p.GoldsteinMean, 'f', 3, 64),
			strconv.Itoa(p.Mentions), z, alertAt[p.Start], strings.Join(roots, ";"),
		})
	}
	cw.Flush()
	return cw.Error()
}

// nodeCounts lists the nodes (dyad.NodeOf: countries, and organisations
// for IGOs and NGOs) with their events, most frequent first. The store
// keeps these counts as it stores events.
func (s *server) nodeCounts(ctx context.Context) ([]dyad.ActorCount, error) {
	nodes, err := s.opts.Store.Nodes(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting nodes: %w", err)
	}
	return nodes, nil
}

func (s *server) actors(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 500, 1, 100000)
	if err != nil {
		return err
	}
	prefix, err := codeParam("prefix", r.URL.Query().Get("prefix"))
	if err != nil {
		return err
	}
	var list []dyad.ActorCount
	switch level := r.URL.Query().Get("level"); level {
	case "", "code":
		if list, err = s.opts.Store.Actors(r.Context()); err != nil {
			return fmt.Errorf("listing actors: %w", err)
		}
	case "country":
		if list, err = s.nodeCounts(r.Context()); err != nil {
			return err
		}
	default:
		return badRequest("level=%q: want code or country", level)
	}
	out := []dyad.ActorCount{}
	for _, a := range list {
		if strings.HasPrefix(a.Code, prefix) && len(out) < limit {
			out = append(out, a)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"actors": out})
	return nil
}

// topNodes returns the codes of the k most frequent nodes.
func (s *server) topNodes(ctx context.Context, k int) ([]string, error) {
	counts, err := s.nodeCounts(ctx)
	if err != nil {
		return nil, err
	}
	var nodes []string
	for _, c := range counts[:min(k, len(counts))] {
		nodes = append(nodes, c.Code)
	}
	return nodes, nil
}

// pairAlerts reads the series of every pair of nodes in one aggregate
// query and runs the escalation test on each, calling add for every dyad
// in a fixed order: each ordered pair, or with q.Both each unordered pair
// once (its two directions summed).
func (s *server) pairAlerts(ctx context.Context, q dyad.SeriesQuery, m analysis.Method, nodes []string, add func(a, b string, ds dyadSeries) error) error {
	wide, shown, err := s.seriesWindow(q, m)
	if err != nil {
		return err
	}
	pts, err := s.opts.Store.Pairs(ctx, dyad.PairQuery{Nodes: nodes, Interval: wide.Interval, From: wide.From, To: wide.To, Modality: q.Modality, NamedOnly: q.NamedOnly})
	if err != nil {
		return fmt.Errorf("reading the series of %d nodes' pairs: %w", len(nodes), err)
	}
	// Pairs returns each pair's points in time order, so a pair's series
	// is a run of them; with both directions, the two runs of a pair are
	// merged by date.
	type pair struct{ a, b string }
	byPair := map[pair][]dyad.SeriesPoint{}
	for _, p := range pts {
		k := pair{p.Source, p.Target}
		if q.Both && k.a > k.b {
			k = pair{k.b, k.a}
		}
		// Roots and PLOVER types are not summarised; the escalation test
		// reads only events, conflict events and Goldstein sums.
		byPair[k] = append(byPair[k], dyad.SeriesPoint{Start: p.Start, Events: p.Events, ConflictEvents: p.Conflict, GoldsteinSum: p.GoldsteinSum})
	}
	for k, points := range byPair {
		if q.Both {
			points = mergeByStart(points)
		}
		for i := range points {
			if points[i].Events > 0 {
				points[i].GoldsteinMean = points[i].GoldsteinSum / float64(points[i].Events)
			}
		}
		byPair[k] = points
	}
	for _, a := range nodes {
		for _, b := range nodes {
			if a == b || (q.Both && a > b) {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			points := byPair[pair{a, b}]
			dq := wide
			dq.Source, dq.Target = a, b
			if err := add(a, b, s.escalation(dq, shown, m, points)); err != nil {
				return err
			}
		}
	}
	return nil
}

// mergeByStart sorts points by start and sums those of the same start.
func mergeByStart(points []dyad.SeriesPoint) []dyad.SeriesPoint {
	sort.SliceStable(points, func(i, j int) bool { return points[i].Start.Before(points[j].Start) })
	out := points[:0]
	for _, p := range points {
		if n := len(out); n > 0 && out[n-1].Start.Equal(p.Start) {
			out[n-1].Events += p.Events
			out[n-1].ConflictEvents += p.ConflictEvents
			out[n-1].GoldsteinSum += p.GoldsteinSum
			continue
		}
		out = append(out, p)
	}
	return out
}

// alertsAnswer is the answer of /api/alerts.
type alertsAnswer struct {
	Interval dyad.Interval    `json:"interval"`
	Dyads    int              `json:"dyads_checked"`
	Alerts   []analysis.Alert `json:"alerts"`
	// Truncated says that some dyads' open-ended series were cut to the
	// bucket budget.
	Truncated string `json:"truncated,omitempty"`
}

func (s *server) alerts(w http.ResponseWriter, r *http.Request) error {
	q, err := seriesQuery(r)
	if err != nil {
		return err
	}
	src, err := codeParam("source", r.URL.Query().Get("source"))
	if err != nil {
		return err
	}
	dst, err := codeParam("target", r.URL.Query().Get("target"))
	if err != nil {
		return err
	}
	k, err := intParam(r, "actors", 8, 2, 20)
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	m := analysis.DefaultMethod(q.Interval)
	// A range left open is the stored period (storedPeriod); only a range
	// asked for is refused before any work, a default one is bounded by
	// the work done, like any open-ended overview.
	explicit := !q.From.IsZero() && !q.To.IsZero()
	q, cut, err := s.storedPeriod(r.Context(), q, m)
	if err != nil {
		return err
	}
	ans := alertsAnswer{Interval: q.Interval, Alerts: []analysis.Alert{}}
	if cut != "" {
		ans.Truncated = "some dyads' series were cut to their last periods (--max-buckets); ask with from and to"
	}
	work := 0 // periods computed so far, over every dyad
	add := func(a, b string, ds dyadSeries) error {
		if work += ds.periods; work > s.opts.MaxWork {
			return budgetError("the alerts of these dyads need more than %d periods (--max-work): ask for fewer actors, a shorter period or a longer interval", s.opts.MaxWork)
		}
		ans.Dyads++
		if ds.truncated != "" {
			ans.Truncated = "some dyads' series were cut to their last periods (--max-buckets); ask with from and to"
		}
		for _, al := range ds.alerts {
			al.Source, al.Target = a, b
			ans.Alerts = append(ans.Alerts, al)
		}
		return nil
	}
	if src != "" || dst != "" {
		dq := q
		dq.Source, dq.Target = src, dst
		ds, err := s.dyadSeries(r.Context(), dq, m)
		if err != nil {
			return err
		}
		if err := add(src, dst, ds); err != nil {
			return err
		}
	} else {
		nodes, err := s.topNodes(r.Context(), k)
		if err != nil {
			return err
		}
		if explicit {
			// Refuse before any work what is sure to exceed the budget.
			pairs := len(nodes) * (len(nodes) - 1)
			if q.Both {
				pairs /= 2
			}
			if need := pairs * (periods(q.From, q.To, q.Interval) + m.Window + m.Guard); need > s.opts.MaxWork {
				return budgetError("the alerts of %d dyads from %s to %s need %d %s periods; the limit is %d (--max-work): ask for fewer actors, a shorter period or a longer interval",
					pairs, q.From.Format(time.DateOnly), q.To.Format(time.DateOnly), need, q.Interval, s.opts.MaxWork)
			}
		}
		if err := s.pairAlerts(r.Context(), q, m, nodes, add); err != nil {
			return err
		}
	}
	sort.SliceStable(ans.Alerts, func(i, j int) bool {
		ai, aj := ans.Alerts[i], ans.Alerts[j]
		if !ai.Start.Equal(aj.Start) {
			return ai.Start.After(aj.Start)
		}
		if ai.Source != aj.Source {
			return ai.Source < aj.Source
		}
		return ai.Target < aj.Target
	})
	ans.Alerts = ans.Alerts[:min(limit, len(ans.Alerts))]
	writeJSON(w, http.StatusOK, ans)
	return nil
}

// networkEdge is who acted on whom, how often and how.
type networkEdge struct {
	Source        string  `json:"source"`
	Target        string  `json:"target"`
	Events        int     `json:"events"`
	Cooperation   int     `json:"cooperation"`
	Conflict      int     `json:"conflict"`
	GoldsteinMean float64 `json:"goldstein_mean"`
}

// networkAnswer is the answer of /api/network.
type networkAnswer struct {
	Nodes []dyad.ActorCount `json:"nodes"`
	Edges []networkEdge     `json:"edges"`
}

func (s *server) network(w http.ResponseWriter, r *http.Request) error {
	q, err := seriesQuery(r)
	if err != nil {
		return err
	}
	k, err := intParam(r, "actors", 10, 2, 20)
	if err != nil {
		return err
	}
	counts, err := s.nodeCounts(r.Context())
	if err != nil {
		return err
	}
	counts = counts[:min(k, len(counts))]
	nodes := make([]string, len(counts))
	for i, c := range counts {
		nodes[i] = c.Code
	}
	// One aggregate query: every pair's totals over the period.
	totals, err := s.opts.Store.Pairs(r.Context(), dyad.PairQuery{Nodes: nodes, From: q.From, To: q.To, Modality: q.Modality, NamedOnly: q.NamedOnly})
	if err != nil {
		return fmt.Errorf("counting the network's edges: %w", err)
	}
	edges := []networkEdge{}
	for _, p := range totals {
		if p.Events == 0 {
			continue
		}
		edges = append(edges, networkEdge{Source: p.Source, Target: p.Target, Events: p.Events, Cooperation: p.Cooperation, Conflict: p.Conflict,
			GoldsteinMean: float64(int(p.GoldsteinSum/float64(p.Events)*100)) / 100})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].Events != edges[j].Events {
			return edges[i].Events > edges[j].Events
		}
		if edges[i].Source != edges[j].Source {
			return edges[i].Source < edges[j].Source
		}
		return edges[i].Target < edges[j].Target
	})
	writeJSON(w, http.StatusOK, networkAnswer{Nodes: counts, Edges: edges})
	return nil
}

// documentSentence is a sentence of a stored document.
type documentSentence struct {
	Index int       `json:"index"`
	Span  dyad.Span `json:"span"`
	Text  string    `json:"text"`
	Skip  bool      `json:"skip,omitempty"`
}

// documentAnswer is the answer of /api/documents/{id}.
type documentAnswer struct {
	Key        string             `json:"key"`
	Name       string             `json:"name"`
	URL        string             `json:"url,omitempty"`
	Title      string             `json:"title,omitempty"`
	Date       string             `json:"date,omitempty"`
	DateSource string             `json:"date_source,omitempty"` // where the date came from
	Source     string             `json:"source,omitempty"`
	Text       string             `json:"text"`
	Sentences  []documentSentence `json:"sentences"`
	Group      string             `json:"group"`
	Duplicates []dyad.DocumentRef `json:"duplicates"`
	// NumDuplicates counts every duplicate; Duplicates holds the first
	// page, and DuplicatesNext is the cursor of the next one for
	// /api/documents/{key}/duplicates?after= (empty if there is none).
	NumDuplicates  int    `json:"num_duplicates"`
	DuplicatesNext string `json:"duplicates_next,omitempty"`
	Events         int    `json:"events"`
}

func (s *server) document(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if len(id) > 200 {
		return badRequest("document id too long")
	}
	d, err := s.opts.Store.Document(r.Context(), id)
	if err != nil {
		return err
	}
	ans := documentAnswer{
		Key: d.Key, Name: d.Name, URL: d.URL, Title: d.Title, DateSource: d.DateSource, Source: d.Source, Text: d.Text,
		Group: d.Group, Duplicates: d.Duplicates, Events: d.Events, Sentences: []documentSentence{},
		NumDuplicates: d.NumDuplicates, DuplicatesNext: cursor(d.DuplicatesNext),
	}
	if !d.Date.IsZero() {
		ans.Date = d.Date.Format(time.DateOnly)
	}
	if ans.Duplicates == nil {
		ans.Duplicates = []dyad.DocumentRef{}
	}
	for _, sent := range d.Sentences {
		ans.Sentences = append(ans.Sentences, documentSentence{Index: sent.Index, Span: sent.Span, Text: sent.Text, Skip: sent.Skip})
	}
	writeJSON(w, http.StatusOK, ans)
	return nil
}

// cursor writes a store's paging cursor for an answer: "" at the end.
func cursor(next int64) string {
	if next == 0 {
		return ""
	}
	return strconv.FormatInt(next, 10)
}

// cursorParam reads the after= cursor of a paged list.
func cursorParam(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("after")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, badRequest("after=%q: want the next cursor of the page before", v)
	}
	return n, nil
}

// mentionsAnswer is the answer of /api/events/{id}/mentions.
type mentionsAnswer struct {
	Event    int64               `json:"event"`
	Mentions []dyad.EventMention `json:"mentions"`
	Next     string              `json:"next,omitempty"` // the after= cursor of the next page
}

func (s *server) mentions(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return badRequest("event id %q: want a positive integer", r.PathValue("id"))
	}
	limit, err := intParam(r, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	after, err := cursorParam(r)
	if err != nil {
		return err
	}
	ms, next, err := s.opts.Store.Mentions(r.Context(), id, after, limit)
	if err != nil {
		return err
	}
	if n := fitBytes(ms, mentionBytes, s.opts.MaxAnswerBytes); n < len(ms) {
		ms, next = ms[:n], ms[n-1].ID
	}
	if ms == nil {
		ms = []dyad.EventMention{}
	}
	writeJSON(w, http.StatusOK, mentionsAnswer{Event: id, Mentions: ms, Next: cursor(next)})
	return nil
}

// duplicatesAnswer is the answer of /api/documents/{key}/duplicates.
type duplicatesAnswer struct {
	Key        string             `json:"key"`
	Duplicates []dyad.DocumentRef `json:"duplicates"`
	Next       string             `json:"next,omitempty"`
}

func (s *server) duplicates(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("id")
	if !keyPattern.MatchString(key) {
		return badRequest("document key %q: want 32 hexadecimal digits", key)
	}
	limit, err := intParam(r, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	after, err := cursorParam(r)
	if err != nil {
		return err
	}
	refs, next, err := s.opts.Store.Duplicates(r.Context(), key, after, limit)
	if err != nil {
		return err
	}
	if refs == nil {
		refs = []dyad.DocumentRef{}
	}
	writeJSON(w, http.StatusOK, duplicatesAnswer{Key: key, Duplicates: refs, Next: cursor(next)})
	return nil
}

func (s *server) stats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.opts.Store.Stats(r.Context())
	if err != nil {
		return fmt.Errorf("counting: %w", err)
	}
	ans := map[string]any{
		"documents": st.Documents, "groups": st.Groups, "events": st.Events, "mentions": st.Mentions,
		"undated_documents": st.UndatedDocuments, "undated_events": st.UndatedEvents, "first": nil, "last": nil,
	}
	if !st.First.IsZero() {
		ans["first"], ans["last"] = st.First.Format(time.DateOnly), st.Last.Format(time.DateOnly)
	}
	writeJSON(w, http.StatusOK, ans)
	return nil
}

// encodeEventCursor is the opaque cursor of the newest-first listing after
// event e: its date (empty when undated) and id.
func encodeEventCursor(e dyad.StoredEvent) string {
	return base64.RawURLEncoding.EncodeToString([]byte(e.Date + "|" + strconv.FormatInt(e.ID, 10)))
}

// eventCursorParam reads cursor=, the next_cursor of a page of events.
func eventCursorParam(r *http.Request) (*dyad.EventCursor, error) {
	v := r.URL.Query().Get("cursor")
	if v == "" {
		return nil, nil
	}
	bad := badRequest("cursor=%q: want the next_cursor of the page before", v)
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, bad
	}
	date, id, ok := strings.Cut(string(raw), "|")
	c := &dyad.EventCursor{}
	if c.ID, err = strconv.ParseInt(id, 10, 64); !ok || err != nil || c.ID < 1 {
		return nil, bad
	}
	if date != "" {
		if c.Date, err = time.Parse(time.DateOnly, date); err != nil {
			return nil, bad
		}
	}
	return c, nil
}
