// Package sqlstore implements dyad.Store over database/sql. The SQLite and
// PostgreSQL stores differ only in their schema text and in how they spell
// placeholders, so both share this code and its behaviour: one set of
// queries, one de-duplication algorithm, one test suite.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
)

// Dialect is what differs between databases.
type Dialect struct {
	Name string
	// Schema creates the tables and indexes if they do not exist; each
	// statement is run in order.
	Schema []string
	// Numbered placeholders ($1, $2, …) instead of question marks.
	Numbered bool
	// AfterLoad runs after a large import (ANALYZE), to refresh the
	// planner's statistics; it may be empty.
	AfterLoad []string
	// LockWrites, if set, starts every write transaction. Writers must
	// take turns: two concurrent transactions would each miss the other's
	// uncommitted copy of a story and store its event twice. SQLite
	// serialises writers by itself (BEGIN IMMEDIATE); PostgreSQL takes an
	// advisory lock.
	LockWrites string
}

// Options tune de-duplication.
type Options struct {
	// DupThreshold is the estimated shingle similarity (Jaccard) at or
	// above which two documents are near-duplicates. Zero means 0.5.
	DupThreshold float64
	// EventWindowDays is how far apart, in days, two reports of one event
	// may be dated and still be merged. Zero means 2; negative means 0.
	EventWindowDays int
	// MustExist refuses a database that holds no dyad store yet, instead
	// of creating the tables: commands that only read or recode a store
	// (export, serve, recode) must not make an empty one from a typo.
	MustExist bool
}

// ErrNoStore is returned by New with MustExist for a database without a
// dyad store.
var ErrNoStore = errors.New("no dyad store there")

// Store is a dyad.Store over a database/sql handle.
type Store struct {
	db        *sql.DB
	d         Dialect
	threshold float64
	window    int
}

var _ dyad.Store = (*Store)(nil)

// New creates the schema if needed and returns a store that owns db.
func New(ctx context.Context, db *sql.DB, d Dialect, opts Options) (*Store, error) {
	s := &Store{db: db, d: d, threshold: opts.DupThreshold, window: opts.EventWindowDays}
	if s.threshold <= 0 {
		s.threshold = 0.5
	}
	switch {
	case s.window == 0:
		s.window = 2
	case s.window < 0:
		s.window = 0
	}
	if opts.MustExist {
		rows, err := db.QueryContext(ctx, `SELECT key FROM documents WHERE 1 = 0`)
		if err != nil {
			return nil, ErrNoStore
		}
		rows.Close()
	}
	for _, stmt := range d.Schema {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("creating %s schema: %w (statement: %.80s)", d.Name, err, stmt)
		}
	}
	for _, c := range addedColumns {
		if err := s.addColumn(ctx, c); err != nil {
			return nil, err
		}
	}
	if err := s.ensureRollups(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// column is a column added to a table after the first release of the
// schema; stores created before it get it when they are opened.
type column struct{ table, name, definition string }

// addedColumns are added, in order, to stores that lack them. Both SQLite
// and PostgreSQL spell these definitions the same way.
var addedColumns = []column{
	// Where the document's date came from (ingest.DateFrom…); '' when undated.
	{"documents", "date_source", "TEXT NOT NULL DEFAULT ''"},
	// When the event was stored (Unix seconds), for export --since TIME;
	// 0 for events stored before the column existed.
	{"events", "added", "BIGINT NOT NULL DEFAULT 0"},
}

// addColumn adds c unless the table has it already.
func (s *Store) addColumn(ctx context.Context, c column) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+c.name+` FROM `+c.table+` WHERE 1 = 0`)
	if err == nil {
		rows.Close()
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `ALTER TABLE `+c.table+` ADD COLUMN `+c.name+` `+c.definition); err != nil {
		return fmt.Errorf("adding column %s.%s to the %s store: %w", c.table, c.name, s.d.Name, err)
	}
	return nil
}

// DB returns the underlying handle, for tests and benchmarks.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Analyze refreshes the planner statistics after a large load.
func (s *Store) Analyze(ctx context.Context) error {
	for _, stmt := range s.d.AfterLoad {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}

// q rewrites ? placeholders for the dialect. The queries of this package
// never contain a literal question mark.
func (s *Store) q(query string) string {
	if !s.d.Numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Days are stored as integers, days since 1970-01-01, so that buckets and
// windows are plain arithmetic in every database.
func dayOf(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func dayTime(day int64) time.Time { return time.Unix(day*86400, 0).UTC() }

// monthOf numbers months consecutively (year*12 + month-1).
func monthOf(day int64) int64 {
	t := dayTime(day)
	return int64(t.Year())*12 + int64(t.Month()) - 1
}

// parseDay reads an Event.Date (YYYY-MM-DD).
func parseDay(s string) (sql.NullInt64, error) {
	if s == "" {
		return sql.NullInt64{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return sql.NullInt64{}, fmt.Errorf("event date %q: %w", s, err)
	}
	return sql.NullInt64{Int64: dayOf(t), Valid: true}, nil
}

// outlet is a document's source for NumSources: its URL host without
// "www.", or the document itself when it has no URL.
func outlet(rawURL, key string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return "doc:" + key
}

// SaveDocuments stores a batch in one transaction.
func (s *Store) SaveDocuments(ctx context.Context, docs []dyad.CodedDocument) (res dyad.SaveResult, err error) {
	err = s.inTx(ctx, func(tx *txq) error {
		res = dyad.SaveResult{}
		for _, cd := range docs {
			id, stored, err := s.insertDocument(ctx, tx, cd.Doc)
			if err != nil {
				return err
			}
			if !stored {
				res.Skipped++
				continue
			}
			res.Documents++
			newEvents, err := s.insertEvents(ctx, tx, id, cd.Events)
			if err != nil {
				return fmt.Errorf("document %s: %w", cd.Doc.ID, err)
			}
			res.Events += newEvents
			res.Mentions += len(cd.Events)
		}
		return nil
	})
	return res, err
}

// inTx runs fn in a transaction, committing if it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*txq) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	if s.d.LockWrites != "" {
		if _, err := tx.ExecContext(ctx, s.d.LockWrites); err != nil {
			tx.Rollback()
			return fmt.Errorf("waiting for the write lock: %w", err)
		}
	}
	if err := fn(&txq{tx: tx, stmts: map[string]*sql.Stmt{}}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// insertDocument stores a document and its sentences and assigns it to a
// duplicate group. stored is false if a document with the same key exists.
func (s *Store) insertDocument(ctx context.Context, tx *txq, doc *dyad.Document) (id int64, stored bool, err error) {
	key := dyad.DocumentKey(doc.URL, doc.Text)
	sig, hasWords := minhash(doc.Text)
	var day sql.NullInt64
	published := ""
	if !doc.Date.IsZero() {
		day = sql.NullInt64{Int64: dayOf(doc.Date), Valid: true}
		published = doc.Date.Format(time.RFC3339)
	}
	err = tx.QueryRowContext(ctx, s.q(`INSERT INTO documents (key, name, url, source, title, published, day, date_source, text, group_id, similarity, minhash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?) ON CONFLICT (key) DO NOTHING RETURNING id`),
		key, doc.ID, doc.URL, outlet(doc.URL, key), doc.Title, published, day, dateSource(doc), doc.Text, sig.bytes()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("storing document %s: %w", doc.ID, err)
	}
	group, sim := id, 1.0
	if hasWords {
		bands := sig.bands()
		if group, sim, err = s.nearestGroup(ctx, tx, id, &sig, bands[:]); err != nil {
			return 0, false, err
		}
		// One statement for all bands: round trips dominate on a server.
		args := make([]any, 0, 2*len(bands))
		for _, b := range bands {
			args = append(args, b, id)
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO doc_bands (band, doc_id) VALUES `+tuples(len(bands), 2)+` ON CONFLICT DO NOTHING`), args...); err != nil {
			return 0, false, fmt.Errorf("storing document %s signature: %w", doc.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE documents SET group_id = ?, similarity = ? WHERE id = ?`), group, sim, id); err != nil {
		return 0, false, fmt.Errorf("grouping document %s: %w", doc.ID, err)
	}
	if err := s.insertSentences(ctx, tx, id, doc.Sentences); err != nil {
		return 0, false, fmt.Errorf("storing sentences of %s: %w", doc.ID, err)
	}
	return id, true, nil
}

// dateSource is what the store records as a document's date source:
// nothing for an undated document, "unknown" for a dated one whose reader
// did not say.
func dateSource(doc *dyad.Document) string {
	switch {
	case doc.Date.IsZero():
		return ""
	case doc.DateSource == "":
		return "unknown"
	}
	return doc.DateSource
}

// tuples returns n parenthesised groups of k placeholders.
func tuples(n, k int) string {
	one := "(" + marks(k) + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", n), ",")
}

// insertSentences stores sentences in multi-row statements of up to 100.
func (s *Store) insertSentences(ctx context.Context, tx *txq, docID int64, sents []dyad.Sentence) error {
	for len(sents) > 0 {
		part := sents[:min(100, len(sents))]
		sents = sents[len(part):]
		args := make([]any, 0, 6*len(part))
		for _, sent := range part {
			skip := 0
			if sent.Skip {
				skip = 1
			}
			args = append(args, docID, sent.Index, sent.Span[0], sent.Span[1], skip, sent.Text)
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO sentences (doc_id, idx, start_off, end_off, skip, text) VALUES `+tuples(len(part), 6)), args...); err != nil {
			return err
		}
	}
	return nil
}

// candidatesPerBand bounds the documents compared with a new one, so that
// a flood of boilerplate pages cannot make ingest quadratic.
const candidatesPerBand = 10

// nearestGroup finds the stored document most similar to a new one, and
// returns its group if the similarity reaches the threshold, or the new
// document's own id otherwise.
func (s *Store) nearestGroup(ctx context.Context, tx *txq, id int64, sig *signature, bands []int64) (group int64, sim float64, err error) {
	// The most recent few documents of each band: copies of a story run
	// close together in time, and a band shared by thousands of documents
	// (boilerplate) must not make every insert scan them all.
	// The new document's bands are not stored yet, so it cannot find
	// itself. The limit is a literal: a bound one makes SQLite re-plan the
	// statement on every run.
	args := make([]any, 0, len(bands))
	parts := make([]string, len(bands))
	for i, b := range bands {
		args = append(args, b)
		parts[i] = `SELECT * FROM (SELECT doc_id FROM doc_bands WHERE band = ? ORDER BY doc_id DESC LIMIT ` + strconv.Itoa(candidatesPerBand) + `) b` + strconv.Itoa(i)
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT d.id, d.group_id, d.minhash FROM documents d WHERE d.id IN (`+strings.Join(parts, " UNION ")+`) ORDER BY d.id`), args...)
	if err != nil {
		return 0, 0, fmt.Errorf("finding near-duplicates: %w", err)
	}
	defer rows.Close()
	group, best := id, 0.0
	for rows.Next() {
		var cid, cgroup int64
		var blob []byte
		if err := rows.Scan(&cid, &cgroup, &blob); err != nil {
			return 0, 0, fmt.Errorf("finding near-duplicates: %w", err)
		}
		other, ok := signatureFrom(blob)
		if !ok {
			continue
		}
		// Ties go to the oldest document, so grouping does not depend on
		// the order the database returns rows in.
		if v := sig.similarity(&other); v >= s.threshold && v > best {
			group, best = cgroup, v
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("finding near-duplicates: %w", err)
	}
	if group == id {
		return id, 1, nil
	}
	return group, best, nil
}

// insertEvents stores the events of a document, merging each into a
// stored event of the document's group when one matches, and keeps the
// events' counts up to date incrementally (a full recount would make
// ingest quadratic in the mentions of popular events). It returns the
// number of new distinct events.
func (s *Store) insertEvents(ctx context.Context, tx *txq, docID int64, events []dyad.Event) (int, error) {
	if len(events) == 0 {
		return 0, nil
	}
	var key, source string
	var group int64
	if err := tx.QueryRowContext(ctx, s.q(`SELECT key, source, group_id FROM documents WHERE id = ?`), docID).Scan(&key, &source, &group); err != nil {
		return 0, fmt.Errorf("reading document group: %w", err)
	}
	created := 0
	for i := range events {
		e := events[i] // a copy: the caller's events are not changed
		e.DocID = key
		day, err := parseDay(e.Date)
		if err != nil {
			return 0, err
		}
		eventID, err := s.matchEvent(ctx, tx, group, &e, day)
		if err != nil {
			return 0, err
		}
		before := created
		if eventID == 0 {
			var month sql.NullInt64
			if day.Valid {
				month = sql.NullInt64{Int64: monthOf(day.Int64), Valid: true}
			}
			err := tx.QueryRowContext(ctx, s.q(`INSERT INTO events (group_id, source_code, target_code, source_country, target_country,
				cameo, root, quad, goldstein, plover_type, plover_mode, modality, day, month, added, named, num_mentions, num_articles, num_sources, first_mention)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0) RETURNING id`),
				group, e.Source.Code, e.Target.Code, dyad.CountryOf(e.Source.Code), dyad.CountryOf(e.Target.Code),
				e.CAMEO, e.Root, e.Quad, e.Goldstein, e.PLOVER.Type, e.PLOVER.Mode, string(e.Modality), day, month, time.Now().Unix()).Scan(&eventID)
			if err != nil {
				return 0, fmt.Errorf("storing event: %w", err)
			}
			created++
		}
		if err := s.addMention(ctx, tx, eventID, docID, source, &e, created > before); err != nil {
			return 0, err
		}
	}
	return created, nil
}

// addMention stores one report of an event and updates the event's counts
// and the overview summaries (see rollup.go): a new event (isNew) is added
// to them; an event whose first named report this is moves to the named
// rows.
func (s *Store) addMention(ctx context.Context, tx *txq, eventID, docID int64, source string, e *dyad.Event, isNew bool) error {
	blob, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encoding event: %w", err)
	}
	named := 1
	if e.Attribution != nil && !e.Attribution.Named {
		named = 0
	}
	var moved *rolled
	if !isNew && named == 1 {
		r, err := s.readRolled(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if r.named == 0 {
			moved = &r
		}
	}
	var before int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM mentions WHERE event_id = ? AND doc_id = ?`), eventID, docID).Scan(&before); err != nil {
		return fmt.Errorf("counting event mentions: %w", err)
	}
	newArticle := 0
	if before == 0 {
		newArticle = 1
	}
	var mentionID int64
	if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO mentions (event_id, doc_id, sentence_index, named, sentence, event_json) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		eventID, docID, e.SentenceIndex, named, e.Sentence, string(blob)).Scan(&mentionID); err != nil {
		return fmt.Errorf("storing event mention: %w", err)
	}
	res, err := tx.ExecContext(ctx, s.q(`INSERT INTO event_sources (event_id, source) VALUES (?, ?) ON CONFLICT DO NOTHING`), eventID, source)
	if err != nil {
		return fmt.Errorf("storing event source: %w", err)
	}
	newSource, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("storing event source: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE events SET num_mentions = num_mentions + 1, num_articles = num_articles + ?, num_sources = num_sources + ?,
		named = CASE WHEN named > ? THEN named ELSE ? END,
		first_mention = CASE WHEN first_mention = 0 THEN ? ELSE first_mention END WHERE id = ?`),
		newArticle, newSource, named, named, mentionID, eventID); err != nil {
		return fmt.Errorf("counting event %d: %w", eventID, err)
	}
	switch {
	case isNew:
		day, err := parseDay(e.Date)
		if err != nil {
			return err
		}
		r := rolled{source: e.Source.Code, target: e.Target.Code, day: day, modality: string(e.Modality), named: named, quad: e.Quad, goldstein: e.Goldstein}
		if err := s.roll(ctx, tx, r, 1); err != nil {
			return err
		}
		return s.rollNodes(ctx, tx, r.source, r.target, 1)
	case moved != nil:
		if err := s.roll(ctx, tx, *moved, -1); err != nil {
			return err
		}
		moved.named = 1
		return s.roll(ctx, tx, *moved, 1)
	}
	return nil
}

// matchEvent finds a stored event of the group that e reports again: same
// source, target, code and modality, dated within the window. It returns 0
// if there is none.
func (s *Store) matchEvent(ctx context.Context, tx *txq, group int64, e *dyad.Event, day sql.NullInt64) (int64, error) {
	var id int64
	var err error
	if day.Valid {
		err = tx.QueryRowContext(ctx, s.q(`SELECT id FROM events WHERE group_id = ? AND source_code = ? AND target_code = ? AND cameo = ? AND modality = ?
			AND day BETWEEN ? AND ? ORDER BY abs(day - ?), id LIMIT 1`),
			group, e.Source.Code, e.Target.Code, e.CAMEO, string(e.Modality), day.Int64-int64(s.window), day.Int64+int64(s.window), day.Int64).Scan(&id)
	} else {
		err = tx.QueryRowContext(ctx, s.q(`SELECT id FROM events WHERE group_id = ? AND source_code = ? AND target_code = ? AND cameo = ? AND modality = ?
			AND day IS NULL ORDER BY id LIMIT 1`),
			group, e.Source.Code, e.Target.Code, e.CAMEO, string(e.Modality)).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("matching event: %w", err)
	}
	return id, nil
}

// recount recomputes the counts, sources, first mention and attribution
// flag of the touched events from their mentions, and deletes those left
// without mentions. Recoding uses it after removing a document's mentions.
func (s *Store) recount(ctx context.Context, tx *txq, touched map[int64]bool) error {
	for id := range touched {
		old, err := s.readRolled(ctx, tx, id)
		if err != nil {
			return err
		}
		var n, first int64
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*), coalesce(min(id), 0) FROM mentions WHERE event_id = ?`), id).Scan(&n, &first); err != nil {
			return fmt.Errorf("counting mentions of event %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM event_sources WHERE event_id = ?`), id); err != nil {
			return fmt.Errorf("recounting event %d: %w", id, err)
		}
		if n == 0 {
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM events WHERE id = ?`), id); err != nil {
				return fmt.Errorf("deleting event %d: %w", id, err)
			}
			if err := s.roll(ctx, tx, old, -1); err != nil {
				return err
			}
			if err := s.rollNodes(ctx, tx, old.source, old.target, -1); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO event_sources (event_id, source)
			SELECT DISTINCT m.event_id, d.source FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = ?`), id); err != nil {
			return fmt.Errorf("recounting event %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE events SET num_mentions = ?, first_mention = ?,
			num_articles = (SELECT count(DISTINCT doc_id) FROM mentions WHERE event_id = ?),
			num_sources = (SELECT count(DISTINCT d.source) FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = ?),
			named = (SELECT max(named) FROM mentions WHERE event_id = ?)
			WHERE id = ?`), n, first, id, id, id, id); err != nil {
			return fmt.Errorf("counting event %d: %w", id, err)
		}
		now, err := s.readRolled(ctx, tx, id)
		if err != nil {
			return err
		}
		if now.named != old.named {
			if err := s.roll(ctx, tx, old, -1); err != nil {
				return err
			}
			if err := s.roll(ctx, tx, now, 1); err != nil {
				return err
			}
		}
	}
	return nil
}

// ReplaceEvents replaces the events of stored documents in one transaction.
func (s *Store) ReplaceEvents(ctx context.Context, docs []dyad.CodedDocument) error {
	return s.inTx(ctx, func(tx *txq) error {
		for _, cd := range docs {
			touched := map[int64]bool{}
			var docID int64
			err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM documents WHERE key = ?`), cd.Doc.ID).Scan(&docID)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("recoding document %s: %w", cd.Doc.ID, dyad.ErrNotFound)
			}
			if err != nil {
				return fmt.Errorf("recoding document %s: %w", cd.Doc.ID, err)
			}
			if !cd.Doc.Date.IsZero() {
				// Recoding with a date (recode --date, a dateline found in
				// the stored text) dates the document too.
				if _, err := tx.ExecContext(ctx, s.q(`UPDATE documents SET published = ?, day = ?, date_source = ? WHERE id = ?`),
					cd.Doc.Date.Format(time.RFC3339), dayOf(cd.Doc.Date), dateSource(cd.Doc), docID); err != nil {
					return fmt.Errorf("dating document %s: %w", cd.Doc.ID, err)
				}
			}
			rows, err := tx.QueryContext(ctx, s.q(`SELECT DISTINCT event_id FROM mentions WHERE doc_id = ?`), docID)
			if err != nil {
				return fmt.Errorf("recoding document %s: %w", cd.Doc.ID, err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return fmt.Errorf("recoding document %s: %w", cd.Doc.ID, err)
				}
				touched[id] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("recoding document %s: %w", cd.Doc.ID, err)
			}
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM mentions WHERE doc_id = ?`), docID); err != nil {
				return fmt.Errorf("recoding document %s: %w", cd.Doc.ID, err)
			}
			// Delete emptied events before inserting the new ones, so that
			// the new reports cannot merge into an event that is going away.
			if err := s.recount(ctx, tx, touched); err != nil {
				return err
			}
			if _, err := s.insertEvents(ctx, tx, docID, cd.Events); err != nil {
				return fmt.Errorf("recoding document %s: %w", cd.Doc.ID, err)
			}
			if cd.Doc.Sentences != nil {
				if err := s.replaceSentences(ctx, tx, docID, cd.Doc.Sentences); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (s *Store) replaceSentences(ctx context.Context, tx *txq, docID int64, sents []dyad.Sentence) error {
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sentences WHERE doc_id = ?`), docID); err != nil {
		return fmt.Errorf("replacing sentences: %w", err)
	}
	if err := s.insertSentences(ctx, tx, docID, sents); err != nil {
		return fmt.Errorf("replacing sentences: %w", err)
	}
	return nil
}

// KnownDocuments reports which keys are stored.
func (s *Store) KnownDocuments(ctx context.Context, keys []string) (map[string]bool, error) {
	return s.keysWhere(ctx, keys, "")
}

// UndatedDocuments reports which keys are stored without a date.
func (s *Store) UndatedDocuments(ctx context.Context, keys []string) (map[string]bool, error) {
	return s.keysWhere(ctx, keys, " AND day IS NULL")
}

// keysWhere returns which of keys are stored documents meeting cond.
func (s *Store) keysWhere(ctx context.Context, keys []string, cond string) (map[string]bool, error) {
	known := make(map[string]bool)
	const chunk = 500
	for len(keys) > 0 {
		n := min(chunk, len(keys))
		part := keys[:n]
		keys = keys[n:]
		args := make([]any, len(part))
		for i, k := range part {
			args[i] = k
		}
		rows, err := s.db.QueryContext(ctx, s.q(`SELECT key FROM documents WHERE key IN (`+marks(len(part))+`)`+cond), args...)
		if err != nil {
			return nil, fmt.Errorf("looking up documents: %w", err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, fmt.Errorf("looking up documents: %w", err)
			}
			known[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("looking up documents: %w", err)
		}
	}
	return known, nil
}

func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// EachDocument walks the stored documents in pages, so that fn may write
// to the store without holding a read cursor open.
func (s *Store) EachDocument(ctx context.Context, fn func(*dyad.Document) error) error {
	var after int64
	for {
		rows, err := s.db.QueryContext(ctx, s.q(`SELECT id, key, url, title, published, date_source, text FROM documents WHERE id > ? ORDER BY id LIMIT 200`), after)
		if err != nil {
			return fmt.Errorf("reading documents: %w", err)
		}
		var page []*dyad.Document
		for rows.Next() {
			var d dyad.Document
			var published string
			if err := rows.Scan(&after, &d.ID, &d.URL, &d.Title, &published, &d.DateSource, &d.Text); err != nil {
				rows.Close()
				return fmt.Errorf("reading documents: %w", err)
			}
			if published != "" {
				d.Date, _ = time.Parse(time.RFC3339, published)
			}
			page = append(page, &d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("reading documents: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
	}
}

// Period returns the days of the earliest and latest dated events.
func (s *Store) Period(ctx context.Context) (first, last time.Time, err error) {
	var lo, hi sql.NullInt64
	// Two index lookups (events_day) rather than one scan.
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT min(day) FROM events WHERE day IS NOT NULL), (SELECT max(day) FROM events WHERE day IS NOT NULL)`).Scan(&lo, &hi); err != nil {
		return first, last, fmt.Errorf("reading the stored period: %w", err)
	}
	if lo.Valid && hi.Valid {
		first, last = dayTime(lo.Int64), dayTime(hi.Int64)
	}
	return first, last, nil
}

// Stats counts the store's contents.
func (s *Store) Stats(ctx context.Context) (dyad.Stats, error) {
	var st dyad.Stats
	var first, last sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(DISTINCT group_id) FROM documents),
		(SELECT count(*) FROM events), (SELECT count(*) FROM mentions),
		(SELECT count(*) FROM documents WHERE day IS NULL), (SELECT count(*) FROM events WHERE day IS NULL),
		(SELECT min(day) FROM events), (SELECT max(day) FROM events)`).
		Scan(&st.Documents, &st.Groups, &st.Events, &st.Mentions, &st.UndatedDocuments, &st.UndatedEvents, &first, &last)
	if err != nil {
		return st, fmt.Errorf("counting: %w", err)
	}
	if first.Valid {
		st.First, st.Last = dayTime(first.Int64), dayTime(last.Int64)
	}
	return st, nil
}

// txq runs a transaction's statements through prepared statements cached
// for the transaction: a batch runs the same few statements thousands of
// times, and parsing SQL each time was a third of the cost of ingest.
type txq struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

// row is what QueryRowContext returns: a *sql.Row, or a failed prepare.
type row interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func (t *txq) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

func (t *txq) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *txq) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (t *txq) QueryRowContext(ctx context.Context, query string, args ...any) row {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(ctx, args...)
}
