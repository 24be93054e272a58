package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
)

// The overviews (alerts over the busiest dyads, the actor network, the
// dyad picker) read two summary tables that are kept up to date in the
// transaction that changes the events, so that they never read the
// millions of event rows:
//
//   - pair_days: per source node, target node, day, modality and named
//     flag, the events, their cooperative and conflictual counts and their
//     Goldstein sum (dated events whose actors have a node only);
//   - node_events: per node, the events it is the source and the target
//     of (every event).
//
// A node is dyad.NodeOf of an actor code. A store created before these
// tables existed is summarised once when it is opened (rollupVersion in
// store_meta says it was).

// rollupVersion names the summary's definition; a store whose store_meta
// holds another is summarised again from its events.
const rollupVersion = "pairs-1"

// nodeSQL is dyad.NodeOf in SQL, for summarising stored events.
func nodeSQL(col string) string {
	return fmt.Sprintf(`CASE WHEN length(%[1]s) < 3 THEN ''
		WHEN substr(%[1]s, 1, 6) = 'IGOUNO' THEN 'IGOUNO'
		WHEN substr(%[1]s, 1, 3) IN ('IGO', 'NGO') THEN substr(%[1]s, 1, 9)
		ELSE substr(%[1]s, 1, 3) END`, col)
}

// ensureRollups fills the summary tables from the events if they were
// made by another version (or none).
func (s *Store) ensureRollups(ctx context.Context) error {
	var v string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT value FROM store_meta WHERE key = ?`), "rollups").Scan(&v)
	if err == nil && v == rollupVersion {
		return nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("reading store_meta: %w", err)
	}
	return s.inTx(ctx, func(tx *txq) error {
		// Another process may have done it while this one waited.
		err := tx.QueryRowContext(ctx, s.q(`SELECT value FROM store_meta WHERE key = ?`), "rollups").Scan(&v)
		if err == nil && v == rollupVersion {
			return nil
		}
		src, tgt := nodeSQL("source_code"), nodeSQL("target_code")
		for _, stmt := range []string{
			`DELETE FROM pair_days`,
			`DELETE FROM node_events`,
			`INSERT INTO pair_days (source_node, target_node, day, modality, named, events, cooperation, conflict, goldstein)
			SELECT sn, tn, day, modality, named, count(*), sum(CASE WHEN quad IN (1, 2) THEN 1 ELSE 0 END),
				sum(CASE WHEN quad IN (3, 4) THEN 1 ELSE 0 END), sum(goldstein)
			FROM (SELECT ` + src + ` AS sn, ` + tgt + ` AS tn, day, modality, named, quad, goldstein FROM events WHERE day IS NOT NULL) e
			WHERE sn <> '' AND tn <> '' GROUP BY sn, tn, day, modality, named`,
			`INSERT INTO node_events (node, as_source, as_target)
			SELECT node, sum(s), sum(t) FROM (
				SELECT ` + src + ` AS node, count(*) AS s, 0 AS t FROM events GROUP BY 1
				UNION ALL SELECT ` + tgt + ` AS node, 0 AS s, count(*) AS t FROM events GROUP BY 1) x
			WHERE node <> '' GROUP BY node`,
			`DELETE FROM store_meta WHERE key = 'rollups'`,
			`INSERT INTO store_meta (key, value) VALUES ('rollups', '` + rollupVersion + `')`,
		} {
			if _, err := tx.tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("summarising stored events: %w (statement: %.60s)", err, strings.TrimSpace(stmt))
			}
		}
		return nil
	})
}

// rolled is what the summaries know of one event.
type rolled struct {
	source, target string // actor codes
	day            sql.NullInt64
	modality       string
	named          int
	quad           int
	goldstein      float64
}

// readRolled reads an event's summary fields.
func (s *Store) readRolled(ctx context.Context, tx *txq, id int64) (rolled, error) {
	var r rolled
	err := tx.QueryRowContext(ctx, s.q(`SELECT source_code, target_code, day, modality, named, quad, goldstein FROM events WHERE id = ?`), id).
		Scan(&r.source, &r.target, &r.day, &r.modality, &r.named, &r.quad, &r.goldstein)
	if err != nil {
		return r, fmt.Errorf("reading event %d: %w", id, err)
	}
	return r, nil
}

// roll adds one event (delta 1) to pair_days, or takes it away (-1).
func (s *Store) roll(ctx context.Context, tx *txq, r rolled, delta int) error {
	sn, tn := dyad.NodeOf(r.source), dyad.NodeOf(r.target)
	if !r.day.Valid || sn == "" || tn == "" {
		return nil
	}
	coop, conf := 0, 0
	switch r.quad {
	case 1, 2:
		coop = delta
	case 3, 4:
		conf = delta
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO pair_days (source_node, target_node, day, modality, named, events, cooperation, conflict, goldstein)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source_node, target_node, day, modality, named) DO UPDATE SET events = pair_days.events + excluded.events,
			cooperation = pair_days.cooperation + excluded.cooperation, conflict = pair_days.conflict + excluded.conflict,
			goldstein = pair_days.goldstein + excluded.goldstein`),
		sn, tn, r.day.Int64, r.modality, r.named, delta, coop, conf, float64(delta)*r.goldstein)
	if err != nil {
		return fmt.Errorf("summarising %s→%s: %w", sn, tn, err)
	}
	return nil
}

// rollNodes counts one event for its nodes (delta 1) or uncounts it (-1).
func (s *Store) rollNodes(ctx context.Context, tx *txq, source, target string, delta int) error {
	for _, n := range []struct {
		node     string
		src, tgt int
	}{{dyad.NodeOf(source), delta, 0}, {dyad.NodeOf(target), 0, delta}} {
		if n.node == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO node_events (node, as_source, as_target) VALUES (?, ?, ?)
			ON CONFLICT (node) DO UPDATE SET as_source = node_events.as_source + excluded.as_source, as_target = node_events.as_target + excluded.as_target`),
			n.node, n.src, n.tgt); err != nil {
			return fmt.Errorf("counting node %s: %w", n.node, err)
		}
	}
	return nil
}

// Nodes lists the nodes with their event counts, most frequent first.
func (s *Store) Nodes(ctx context.Context) ([]dyad.ActorCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT node, as_source, as_target FROM node_events
		WHERE as_source + as_target > 0 ORDER BY as_source + as_target DESC, node`)
	if err != nil {
		return nil, fmt.Errorf("counting nodes: %w", err)
	}
	defer rows.Close()
	var out []dyad.ActorCount
	for rows.Next() {
		var a dyad.ActorCount
		if err := rows.Scan(&a.Code, &a.AsSource, &a.AsTarget); err != nil {
			return nil, fmt.Errorf("counting nodes: %w", err)
		}
		a.Events = a.AsSource + a.AsTarget
		out = append(out, a)
	}
	return out, rows.Err()
}

// Pairs counts the events between the pairs of q.Nodes in one query over
// pair_days, summed by pair and bucket here.
func (s *Store) Pairs(ctx context.Context, q dyad.PairQuery) ([]dyad.PairPoint, error) {
	if len(q.Nodes) == 0 {
		return nil, nil
	}
	var bucket func(day int64) int64
	switch q.Interval {
	case "":
	case dyad.Day:
		bucket = func(day int64) int64 { return day }
	case dyad.Week:
		bucket = func(day int64) int64 { return day - ((day+3)%7+7)%7 }
	case dyad.Month:
		bucket = monthOf
	default:
		return nil, fmt.Errorf("pairs interval %q: want day, week, month or none", q.Interval)
	}
	var w where
	nodes := make([]any, len(q.Nodes))
	for i, n := range q.Nodes {
		nodes[i] = n
	}
	w.add("source_node IN ("+marks(len(nodes))+")", nodes...)
	w.add("target_node IN ("+marks(len(nodes))+")", nodes...)
	if !q.From.IsZero() {
		w.add("day >= ?", dayOf(q.From))
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
	w.add("source_node <> target_node")
	// Daily rows are summed here, in the primary key order they come in:
	// a GROUP BY in SQL costs SQLite half as much again as reading them.
	// Totals over the period are summed in SQL, which returns one row a
	// pair.
	query := `SELECT source_node, target_node, day, events, cooperation, conflict, goldstein FROM pair_days` + w.sql()
	if bucket == nil {
		query = `SELECT source_node, target_node, 0, CAST(sum(events) AS BIGINT), CAST(sum(cooperation) AS BIGINT), CAST(sum(conflict) AS BIGINT), sum(goldstein)
			FROM pair_days` + w.sql() + ` GROUP BY source_node, target_node`
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), w.args...)
	if err != nil {
		return nil, fmt.Errorf("counting pairs: %w", err)
	}
	defer rows.Close()
	type key struct {
		src, tgt string
		b        int64
	}
	index := map[key]int{}
	var out []dyad.PairPoint
	for rows.Next() {
		var p dyad.PairPoint
		var d int64
		if err := rows.Scan(&p.Source, &p.Target, &d, &p.Events, &p.Cooperation, &p.Conflict, &p.GoldsteinSum); err != nil {
			return nil, fmt.Errorf("counting pairs: %w", err)
		}
		k := key{p.Source, p.Target, 0}
		if bucket != nil {
			k.b = bucket(d)
			if q.Interval == dyad.Month {
				p.Start = time.Date(int(k.b/12), time.Month(k.b%12+1), 1, 0, 0, 0, 0, time.UTC)
			} else {
				p.Start = dayTime(k.b)
			}
		}
		if i, ok := index[k]; ok {
			o := &out[i]
			o.Events += p.Events
			o.Cooperation += p.Cooperation
			o.Conflict += p.Conflict
			o.GoldsteinSum += p.GoldsteinSum
			continue
		}
		index[k] = len(out)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("counting pairs: %w", err)
	}
	// Rows emptied by recoding.
	kept := out[:0]
	for _, p := range out {
		if p.Events != 0 {
			kept = append(kept, p)
		}
	}
	out = kept
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		return a.Start.Before(b.Start)
	})
	return out, nil
}
