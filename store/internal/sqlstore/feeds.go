package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dyad-events/dyad"
)

var _ dyad.FeedStore = (*Store)(nil)

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTimeText(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// FeedState reads a watched feed's state.
func (s *Store) FeedState(ctx context.Context, url string) (dyad.FeedState, bool, error) {
	st := dyad.FeedState{URL: url}
	var last, next string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT etag, last_modified, last_poll, next_poll, failures, last_error, last_status, documents FROM feeds WHERE url = ?`), url).
		Scan(&st.ETag, &st.LastModified, &last, &next, &st.Failures, &st.LastError, &st.LastStatus, &st.Documents)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("reading the state of feed %s: %w", url, err)
	}
	st.LastPoll, st.NextPoll = parseTimeText(last), parseTimeText(next)
	return st, true, nil
}

// SaveFeedState stores a watched feed's state.
func (s *Store) SaveFeedState(ctx context.Context, st dyad.FeedState) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO feeds (url, etag, last_modified, last_poll, next_poll, failures, last_error, last_status, documents)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, last_poll = excluded.last_poll,
			next_poll = excluded.next_poll, failures = excluded.failures, last_error = excluded.last_error, last_status = excluded.last_status,
			documents = excluded.documents`),
		st.URL, st.ETag, st.LastModified, timeText(st.LastPoll), timeText(st.NextPoll), st.Failures, st.LastError, st.LastStatus, st.Documents)
	if err != nil {
		return fmt.Errorf("saving the state of feed %s: %w", st.URL, err)
	}
	return nil
}

// SeenURLs reports which URLs were taken from a feed before.
func (s *Store) SeenURLs(ctx context.Context, urls []string) (map[string]bool, error) {
	seen := map[string]bool{}
	for len(urls) > 0 {
		part := urls[:min(500, len(urls))]
		urls = urls[len(part):]
		args := make([]any, len(part))
		for i, u := range part {
			args[i] = u
		}
		rows, err := s.db.QueryContext(ctx, s.q(`SELECT url FROM seen_urls WHERE url IN (`+marks(len(part))+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("looking up seen URLs: %w", err)
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return nil, fmt.Errorf("looking up seen URLs: %w", err)
			}
			seen[u] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("looking up seen URLs: %w", err)
		}
	}
	return seen, nil
}

// MarkSeen records URLs as taken from a feed.
func (s *Store) MarkSeen(ctx context.Context, feed string, urls []string) error {
	now := timeText(time.Now())
	for len(urls) > 0 {
		part := urls[:min(300, len(urls))]
		urls = urls[len(part):]
		args := make([]any, 0, 3*len(part))
		for _, u := range part {
			args = append(args, u, feed, now)
		}
		if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO seen_urls (url, feed, seen_at) VALUES `+tuples(len(part), 3)+` ON CONFLICT (url) DO NOTHING`), args...); err != nil {
			return fmt.Errorf("recording seen URLs of %s: %w", feed, err)
		}
	}
	return nil
}
