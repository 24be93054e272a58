package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
)

// where accumulates the conditions and arguments of a query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// prefixEnd returns the smallest string greater than every string with the
// given prefix, for index range scans (codes are ASCII; PostgreSQL columns
// use the C collation so that byte order holds there too).
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0x7f {
			b[i]++
			return string(b[:i+1])
		}
	}
	return "\x7f"
}

// codeCond matches an actor code column by prefix. A prefix of three or more
// letters fixes the country column, which leads the series index, so a
// dyad's rows are one contiguous index range.
func codeCond(country, code, prefix string) (string, []any) {
	prefix = strings.ToUpper(prefix)
	switch {
	case len(prefix) > 3:
		return fmt.Sprintf("(%s = ? AND %s >= ? AND %s < ?)", country, code, code), []any{prefix[:3], prefix, prefixEnd(prefix)}
	case len(prefix) == 3:
		return country + " = ?", []any{prefix}
	default:
		return fmt.Sprintf("(%s >= ? AND %s < ?)", country, country), []any{prefix, prefixEnd(prefix)}
	}
}

func modalityArgs(ms []dyad.Modality) (string, []any) {
	args := make([]any, len(ms))
	for i, m := range ms {
		args[i] = string(m)
	}
	return marks(len(ms)), args
}

// Events returns stored events matching f.
func (s *Store) Events(ctx context.Context, f dyad.EventFilter) ([]dyad.StoredEvent, error) {
	var w where
	if f.Actor != "" {
		c1, a1 := codeCond("e.source_country", "e.source_code", f.Actor)
		c2, a2 := codeCond("e.target_country", "e.target_code", f.Actor)
		w.add("("+c1+" OR "+c2+")", append(a1, a2...)...)
	}
	if f.Source != "" {
		c, a := codeCond("e.source_country", "e.source_code", f.Source)
		w.add(c, a...)
	}
	if f.Target != "" {
		c, a := codeCond("e.target_country", "e.target_code", f.Target)
		w.add(c, a...)
	}
	if f.Dyad[0] != "" && f.Dyad[1] != "" {
		a1, aa1 := codeCond("e.source_country", "e.source_code", f.Dyad[0])
		b1, ba1 := codeCond("e.target_country", "e.target_code", f.Dyad[1])
		a2, aa2 := codeCond("e.source_country", "e.source_code", f.Dyad[1])
		b2, ba2 := codeCond("e.target_country", "e.target_code", f.Dyad[0])
		args := append(append(append(aa1, ba1...), aa2...), ba2...)
		w.add("(("+a1+" AND "+b1+") OR ("+a2+" AND "+b2+"))", args...)
	}
	if f.Root != "" {
		w.add("e.root = ?", f.Root)
	}
	if f.Quad != 0 {
		w.add("e.quad = ?", f.Quad)
	}
	if len(f.Modality) > 0 {
		m, a := modalityArgs(f.Modality)
		w.add("e.modality IN ("+m+")", a...)
	}
	if !f.From.IsZero() {
		w.add("e.day >= ?", dayOf(f.From))
	}
	if !f.To.IsZero() {
		w.add("e.day <= ?", dayOf(f.To))
	}
	if f.NamedOnly {
		w.add("e.named = 1")
	}
	if f.Text != "" {
		pat := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(f.Text)) + "%"
		w.add(`EXISTS (SELECT 1 FROM mentions mt WHERE mt.event_id = e.id AND lower(mt.sentence) LIKE ? ESCAPE '\')`, pat)
	}
	if f.DocID != "" {
		w.add("EXISTS (SELECT 1 FROM mentions md JOIN documents dd ON dd.id = md.doc_id WHERE md.event_id = e.id AND dd.key = ?)", f.DocID)
	}
	order := " ORDER BY e.day DESC NULLS LAST, e.id DESC"
	if f.AfterID > 0 {
		w.add("e.id > ?", f.AfterID)
	}
	if f.Undated {
		w.add("e.day IS NULL")
	}
	if !f.AddedSince.IsZero() {
		w.add("e.added >= ?", f.AddedSince.Unix())
	}
	if c := f.Cursor; c != nil && !f.ByID {
		if c.Date.IsZero() {
			w.add("(e.day IS NULL AND e.id < ?)", c.ID)
		} else {
			d := dayOf(c.Date)
			w.add("(e.day < ? OR (e.day = ? AND e.id < ?) OR e.day IS NULL)", d, d, c.ID)
		}
	}
	if f.ByID {
		order = " ORDER BY e.id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	args := append(w.args, limit, max(f.Offset, 0))
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT e.id, e.num_mentions, e.num_articles, e.num_sources, m.event_json, d.url, d.name, d.date_source, e.added
		FROM events e JOIN mentions m ON m.id = e.first_mention JOIN documents d ON d.id = m.doc_id`+w.sql()+order+` LIMIT ? OFFSET ?`), args...)
	if err != nil {
		return nil, fmt.Errorf("querying events: %w", err)
	}
	var out []dyad.StoredEvent
	index := map[int64]int{}
	for rows.Next() {
		var ev dyad.StoredEvent
		var blob string
		var added int64
		if err := rows.Scan(&ev.ID, &ev.NumMentions, &ev.NumArticles, &ev.NumSources, &blob, &ev.URL, &ev.DocName, &ev.DateSource, &added); err != nil {
			rows.Close()
			return nil, fmt.Errorf("querying events: %w", err)
		}
		if err := json.Unmarshal([]byte(blob), &ev.Event); err != nil {
			rows.Close()
			return nil, fmt.Errorf("decoding event %d: %w", ev.ID, err)
		}
		if added > 0 {
			ev.Added = time.Unix(added, 0).UTC()
		}
		index[ev.ID] = len(out)
		out = append(out, ev)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("querying events: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	if err := s.fillMentions(ctx, out, index, f); err != nil {
		return nil, err
	}
	return out, nil
}

// mentionsPerQuery bounds the events whose mentions one query loads: each
// is a term of a compound SELECT, and SQLite allows 500 terms.
const mentionsPerQuery = 200

// fillMentions loads the mentions of a page of events: the first
// f.MaxMentions of each (or those of document f.DocID), so that an event
// reported a hundred thousand times costs no more than one reported twice.
func (s *Store) fillMentions(ctx context.Context, out []dyad.StoredEvent, index map[int64]int, f dyad.EventFilter) error {
	for start := 0; start < len(out); start += mentionsPerQuery {
		if err := s.fillMentionsOf(ctx, out[start:min(len(out), start+mentionsPerQuery)], out, index, f); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) fillMentionsOf(ctx context.Context, part, out []dyad.StoredEvent, index map[int64]int, f dyad.EventFilter) error {
	per := f.MaxMentions
	if per == 0 {
		per = dyad.MentionsPerEvent
	}
	var query string
	var args []any
	if per < 0 {
		args = make([]any, len(part))
		for i, ev := range part {
			args[i] = ev.ID
		}
		query = `SELECT m.id, m.event_id, m.event_json, d.url FROM mentions m JOIN documents d ON d.id = m.doc_id
		WHERE m.event_id IN (` + marks(len(args)) + `) ORDER BY m.event_id, m.id`
	} else {
		// One index range per event, each cut at the limit (a literal:
		// a bound one makes SQLite plan every term anew).
		cond := "event_id = ?"
		if f.DocID != "" {
			cond += " AND doc_id = (SELECT id FROM documents WHERE key = ?)"
		}
		terms := make([]string, len(part))
		for i, ev := range part {
			args = append(args, ev.ID)
			if f.DocID != "" {
				args = append(args, f.DocID)
			}
			terms[i] = `SELECT * FROM (SELECT id FROM mentions WHERE ` + cond + ` ORDER BY id LIMIT ` + strconv.Itoa(per) + `) m` + strconv.Itoa(i)
		}
		query = `SELECT m.id, m.event_id, m.event_json, d.url FROM mentions m JOIN documents d ON d.id = m.doc_id
		WHERE m.id IN (` + strings.Join(terms, " UNION ALL ") + `) ORDER BY m.event_id, m.id`
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return fmt.Errorf("querying mentions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var mid, id int64
		var blob, u string
		if err := rows.Scan(&mid, &id, &blob, &u); err != nil {
			return fmt.Errorf("querying mentions: %w", err)
		}
		m, err := decodeMention(mid, blob, u)
		if err != nil {
			return fmt.Errorf("decoding mention of event %d: %w", id, err)
		}
		ev := &out[index[id]]
		ev.Mentions = append(ev.Mentions, m)
		if n := len(ev.DocIDs); n == 0 || !contains(ev.DocIDs, m.DocID) {
			ev.DocIDs = append(ev.DocIDs, m.DocID)
		}
	}
	return rows.Err()
}

// decodeMention turns a stored mention row into an EventMention.
func decodeMention(id int64, blob, url string) (dyad.EventMention, error) {
	var e dyad.Event
	if err := json.Unmarshal([]byte(blob), &e); err != nil {
		return dyad.EventMention{}, err
	}
	return dyad.EventMention{
		ID: id, DocID: e.DocID, URL: url, Date: e.Date, SentenceIndex: e.SentenceIndex, SentenceSpan: e.SentenceSpan,
		Sentence: e.Sentence, Source: e.Source, Target: e.Target, Verb: e.Verb, Attribution: e.Attribution, Rule: e.Rule,
	}, nil
}

// Mentions pages through the mentions of one event.
func (s *Store) Mentions(ctx context.Context, eventID, after int64, limit int) ([]dyad.EventMention, int64, error) {
	var one int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT 1 FROM events WHERE id = ?`), eventID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("event %d: %w", eventID, dyad.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("reading event %d: %w", eventID, err)
	}
	limit = max(limit, 1)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT m.id, m.event_json, d.url FROM mentions m JOIN documents d ON d.id = m.doc_id
		WHERE m.event_id = ? AND m.id > ? ORDER BY m.id LIMIT `+strconv.Itoa(limit+1)), eventID, after)
	if err != nil {
		return nil, 0, fmt.Errorf("reading mentions of event %d: %w", eventID, err)
	}
	defer rows.Close()
	var out []dyad.EventMention
	for rows.Next() {
		var id int64
		var blob, u string
		if err := rows.Scan(&id, &blob, &u); err != nil {
			return nil, 0, fmt.Errorf("reading mentions of event %d: %w", eventID, err)
		}
		m, err := decodeMention(id, blob, u)
		if err != nil {
			return nil, 0, fmt.Errorf("decoding mention %d of event %d: %w", id, eventID, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("reading mentions of event %d: %w", eventID, err)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Series aggregates a dyad's events in SQL, grouped by bucket, quad class,
// root and PLOVER type; the fine groups are summed into points here, so
// one index range scan answers the whole query.
func (s *Store) Series(ctx context.Context, q dyad.SeriesQuery) ([]dyad.SeriesPoint, error) {
	var w where
	dir := func(src, dst string) (string, []any) {
		var conds []string
		var args []any
		if src != "" {
			c, a := codeCond("source_country", "source_code", src)
			conds, args = append(conds, c), append(args, a...)
		}
		if dst != "" {
			c, a := codeCond("target_country", "target_code", dst)
			conds, args = append(conds, c), append(args, a...)
		}
		if len(conds) == 0 {
			return "1 = 1", nil
		}
		return "(" + strings.Join(conds, " AND ") + ")", args
	}
	if !q.From.IsZero() {
		w.add("day >= ?", dayOf(q.From))
	} else {
		w.add("day IS NOT NULL")
	}
	if !q.To.IsZero() {
		w.add("day <= ?", dayOf(q.To))
	}
	mods := q.Modality
	if len(mods) == 0 {
		mods = []dyad.Modality{dyad.Asserted}
	}
	m, ma := modalityArgs(mods)
	w.add("modality IN ("+m+")", ma...)
	if q.NamedOnly {
		w.add("named = 1")
	}
	// SQL groups by day (in index order, so without a sort); weeks and
	// months are sums of days, made here.
	bucket := func(day int64) int64 { return day }
	switch q.Interval {
	case dyad.Day, "":
	case dyad.Week:
		// 1970-01-01 was a Thursday: day+3 counts from a Monday.
		bucket = func(day int64) int64 { return day - ((day+3)%7+7)%7 }
	case dyad.Month:
		bucket = monthOf
	default:
		return nil, fmt.Errorf("series interval %q: want day, week or month", q.Interval)
	}
	// Each direction is its own index range; UNION ALL keeps both scans
	// streaming where an OR would make the database sort.
	one := func(src, dst string) (string, []any) {
		c, a := dir(src, dst)
		var dw where
		dw.add(c, a...)
		dw.conds = append(dw.conds, w.conds...)
		dw.args = append(dw.args, w.args...)
		return `SELECT day, quad, root, plover_type, count(*), sum(goldstein), CAST(sum(num_mentions) AS BIGINT)
		FROM events` + dw.sql() + ` GROUP BY day, quad, root, plover_type`, dw.args
	}
	query, args := one(q.Source, q.Target)
	if q.Both && !strings.EqualFold(q.Source, q.Target) {
		q2, a2 := one(q.Target, q.Source)
		query, args = query+" UNION ALL "+q2, append(args, a2...)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("querying series: %w", err)
	}
	defer rows.Close()
	points := map[int64]*dyad.SeriesPoint{}
	for rows.Next() {
		var b, quad, n, mentions int64
		var root, plover string
		var gsum float64
		if err := rows.Scan(&b, &quad, &root, &plover, &n, &gsum, &mentions); err != nil {
			return nil, fmt.Errorf("querying series: %w", err)
		}
		b = bucket(b)
		p := points[b]
		if p == nil {
			var start time.Time
			if q.Interval == dyad.Month {
				start = time.Date(int(b/12), time.Month(b%12+1), 1, 0, 0, 0, 0, time.UTC)
			} else {
				start = dayTime(b)
			}
			p = &dyad.SeriesPoint{Start: start, Roots: map[string]int{}, PLOVER: map[string]int{}}
			points[b] = p
		}
		p.Events += int(n)
		if quad >= 1 && quad <= 4 {
			p.Quad[quad] += int(n)
		} else {
			p.Quad[0] += int(n)
		}
		if quad == 3 || quad == 4 {
			p.ConflictEvents += int(n)
		}
		p.GoldsteinSum += gsum
		p.Mentions += int(mentions)
		if root != "" {
			p.Roots[root] += int(n)
		}
		if plover != "" {
			p.PLOVER[plover] += int(n)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("querying series: %w", err)
	}
	out := make([]dyad.SeriesPoint, 0, len(points))
	for _, p := range points {
		if p.Events > 0 {
			p.GoldsteinMean = p.GoldsteinSum / float64(p.Events)
		}
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}

// Actors counts events per actor code.
func (s *Store) Actors(ctx context.Context) ([]dyad.ActorCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, CAST(sum(s) AS BIGINT), CAST(sum(t) AS BIGINT) FROM (
		SELECT source_code AS code, count(*) AS s, 0 AS t FROM events GROUP BY source_code
		UNION ALL SELECT target_code AS code, 0 AS s, count(*) AS t FROM events GROUP BY target_code) x
		WHERE code <> '' GROUP BY code ORDER BY sum(s) + sum(t) DESC, code`)
	if err != nil {
		return nil, fmt.Errorf("counting actors: %w", err)
	}
	defer rows.Close()
	var out []dyad.ActorCount
	for rows.Next() {
		var a dyad.ActorCount
		if err := rows.Scan(&a.Code, &a.AsSource, &a.AsTarget); err != nil {
			return nil, fmt.Errorf("counting actors: %w", err)
		}
		a.Events = a.AsSource + a.AsTarget
		out = append(out, a)
	}
	return out, rows.Err()
}

// Document returns one stored document with its sentences and duplicates.
func (s *Store) Document(ctx context.Context, key string) (*dyad.StoredDocument, error) {
	var d dyad.StoredDocument
	var id, group int64
	var published string
	var blob []byte
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id, key, name, url, source, title, published, date_source, text, group_id, minhash FROM documents WHERE key = ?`), key).
		Scan(&id, &d.Key, &d.Name, &d.URL, &d.Source, &d.Title, &published, &d.DateSource, &d.Text, &group, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %s: %w", key, dyad.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("reading document %s: %w", key, err)
	}
	d.ID = d.Key
	if strings.HasPrefix(d.Source, "doc:") {
		d.Source = ""
	}
	if published != "" {
		d.Date, _ = time.Parse(time.RFC3339, published)
	}
	sig, _ := signatureFrom(blob)

	rows, err := s.db.QueryContext(ctx, s.q(`SELECT idx, start_off, end_off, skip, text FROM sentences WHERE doc_id = ? ORDER BY idx`), id)
	if err != nil {
		return nil, fmt.Errorf("reading sentences of %s: %w", key, err)
	}
	for rows.Next() {
		var sent dyad.Sentence
		var skip int
		if err := rows.Scan(&sent.Index, &sent.Span[0], &sent.Span[1], &skip, &sent.Text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("reading sentences of %s: %w", key, err)
		}
		sent.Skip = skip != 0
		d.Sentences = append(d.Sentences, sent)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading sentences of %s: %w", key, err)
	}

	if err := s.db.QueryRowContext(ctx, s.q(`SELECT key FROM documents WHERE id = ?`), group).Scan(&d.Group); err != nil {
		return nil, fmt.Errorf("reading group of %s: %w", key, err)
	}
	if d.Duplicates, d.DuplicatesNext, err = s.duplicates(ctx, key, id, group, &sig, 0, dyad.DuplicatesPage); err != nil {
		return nil, err
	}
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM documents WHERE group_id = ? AND id <> ?`), group, id).Scan(&d.NumDuplicates); err != nil {
		return nil, fmt.Errorf("counting duplicates of %s: %w", key, err)
	}
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT count(DISTINCT event_id) FROM mentions WHERE doc_id = ?`), id).Scan(&d.Events); err != nil {
		return nil, fmt.Errorf("counting events of %s: %w", key, err)
	}
	return &d, nil
}

// Duplicates pages through the near-duplicates of a stored document.
func (s *Store) Duplicates(ctx context.Context, key string, after int64, limit int) ([]dyad.DocumentRef, int64, error) {
	var id, group int64
	var blob []byte
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id, group_id, minhash FROM documents WHERE key = ?`), key).Scan(&id, &group, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("document %s: %w", key, dyad.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("reading document %s: %w", key, err)
	}
	sig, _ := signatureFrom(blob)
	return s.duplicates(ctx, key, id, group, &sig, after, limit)
}

// duplicates reads one page of the documents of a group other than id,
// with their similarity to sig.
func (s *Store) duplicates(ctx context.Context, key string, id, group int64, sig *signature, after int64, limit int) ([]dyad.DocumentRef, int64, error) {
	limit = max(limit, 1)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id, key, name, url, title, published, minhash FROM documents
		WHERE group_id = ? AND id <> ? AND id > ? ORDER BY id LIMIT `+strconv.Itoa(limit+1)), group, id, after)
	if err != nil {
		return nil, 0, fmt.Errorf("reading duplicates of %s: %w", key, err)
	}
	defer rows.Close()
	var out []dyad.DocumentRef
	for rows.Next() {
		var r dyad.DocumentRef
		var pub string
		var ob []byte
		if err := rows.Scan(&r.ID, &r.Key, &r.Name, &r.URL, &r.Title, &pub, &ob); err != nil {
			return nil, 0, fmt.Errorf("reading duplicates of %s: %w", key, err)
		}
		if pub != "" {
			r.Date, _ = time.Parse(time.RFC3339, pub)
		}
		if other, ok := signatureFrom(ob); ok {
			r.Similarity = sig.similarity(&other)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("reading duplicates of %s: %w", key, err)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}
