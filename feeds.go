package dyad

import (
	"context"
	"time"
)

// FeedState is what dyad watch remembers of one feed between polls, kept
// in the store so that a restarted watcher resumes where it was.
type FeedState struct {
	URL string
	// ETag and LastModified are the validators of the last full answer,
	// sent back as If-None-Match and If-Modified-Since.
	ETag         string
	LastModified string
	LastPoll     time.Time // when the feed was last asked for
	NextPoll     time.Time // when it is due again
	// Failures counts polls that failed in a row (each one doubles the
	// wait before the next); LastError says why the last one failed.
	Failures   int
	LastError  string
	LastStatus int // HTTP status of the last poll, 0 if none came back
	Documents  int // documents taken from the feed so far
}

// FeedStore keeps the state of watched feeds and the URLs already taken
// from them. The SQL stores implement it beside Store.
type FeedStore interface {
	// FeedState returns a feed's state; ok is false for a feed never
	// polled.
	FeedState(ctx context.Context, url string) (st FeedState, ok bool, err error)
	SaveFeedState(ctx context.Context, st FeedState) error
	// SeenURLs reports which of the URLs were taken from a feed before.
	SeenURLs(ctx context.Context, urls []string) (map[string]bool, error)
	// MarkSeen records URLs as taken from the feed.
	MarkSeen(ctx context.Context, feed string, urls []string) error
}
