package dyad

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Store keeps coded documents and their events, once each, with the
// provenance of every event. Implementations live in store/sqlite and
// store/postgres; store.Open picks one from a URL.
//
// Documents are identified by DocumentKey (a hash of their URL and text), so
// saving a document again changes nothing. Near-duplicate documents
// (syndicated copies, light rewrites) are grouped, and an event reported by
// several documents of a group — same source, target, CAMEO code and
// modality, dates within a few days — is stored once, with one Mention per
// sentence that reports it.
//
// All methods are safe for concurrent use; writes are serialised by the
// database.
type Store interface {
	// SaveDocuments stores a batch of coded documents with their sentences
	// and events in one transaction: either the whole batch is stored or
	// nothing is. Documents whose key is already stored are skipped (and
	// counted in SaveResult.Skipped), which makes a rerun after a crash add
	// exactly what the crashed run had not committed.
	SaveDocuments(ctx context.Context, docs []CodedDocument) (SaveResult, error)
	// KnownDocuments reports which of the given document keys are stored,
	// so that ingest can skip coding documents it already has.
	KnownDocuments(ctx context.Context, keys []string) (map[string]bool, error)
	// UndatedDocuments reports which of the given document keys are
	// stored without a date, so that a later ingest that finds a date for
	// them (ingest --date, or a newer dyad that reads datelines) can date
	// them by recoding.
	UndatedDocuments(ctx context.Context, keys []string) (map[string]bool, error)
	// ReplaceEvents replaces the events of already stored documents
	// (identified by CodedDocument.Doc.ID, the document key) in one
	// transaction, for recoding with new dictionaries. Unknown keys are an
	// error and roll the batch back.
	ReplaceEvents(ctx context.Context, docs []CodedDocument) error
	// EachDocument calls fn for every stored document in storage order,
	// with its text, URL, title and date; Doc.ID is the document key and
	// Sentences is empty. Returning an error from fn stops the walk.
	EachDocument(ctx context.Context, fn func(*Document) error) error

	// Events returns stored events matching the filter, newest first
	// (by date, then id), or in ascending id order when ByID is set.
	Events(ctx context.Context, f EventFilter) ([]StoredEvent, error)
	// Series aggregates the events of a directed dyad by day, week or month.
	Series(ctx context.Context, q SeriesQuery) ([]SeriesPoint, error)
	// Actors lists every actor code that is the source or target of an
	// event, with counts, most frequent first.
	Actors(ctx context.Context) ([]ActorCount, error)
	// Nodes lists every node (see NodeOf) that is the source or target of
	// an event, with counts, most frequent first. Counts are kept as
	// events are stored, so this reads a table of a few hundred rows.
	Nodes(ctx context.Context) ([]ActorCount, error)
	// Pairs counts the events between every ordered pair of the given
	// nodes in one aggregate query, by bucket or over the whole period:
	// the network and the alerts overview read it instead of one series
	// per dyad.
	Pairs(ctx context.Context, q PairQuery) ([]PairPoint, error)
	// Mentions pages through every mention of a stored event in the order
	// they were stored: at most limit of them after the cursor after (0
	// for the first page). next is the cursor of the following page, 0
	// after the last. It returns ErrNotFound for an unknown event.
	Mentions(ctx context.Context, eventID, after int64, limit int) (ms []EventMention, next int64, err error)
	// Document returns one stored document by key, with its sentences and
	// the first DuplicatesPage documents of its duplicate group. It
	// returns ErrNotFound for an unknown key.
	Document(ctx context.Context, id string) (*StoredDocument, error)
	// Duplicates pages through the near-duplicates of a stored document,
	// like Mentions.
	Duplicates(ctx context.Context, id string, after int64, limit int) (refs []DocumentRef, next int64, err error)
	// Stats counts what is stored.
	Stats(ctx context.Context) (Stats, error)
	// Period returns the days of the earliest and latest dated events
	// (zero times when there are none): the stored period, which series
	// and alerts take as their range when none is given. It is cheap, an
	// index lookup, unlike Stats.
	Period(ctx context.Context) (first, last time.Time, err error)

	Close() error
}

// ErrNotFound is returned for a document or event that is not stored.
var ErrNotFound = errors.New("not found")

// DocumentKey is the identity of a document in a Store: a hash of its URL
// (when known) and its text. The same text at two URLs is two documents (two
// outlets publishing one wire story), grouped as duplicates; the same text
// read twice from files without URLs is one document.
func DocumentKey(url, text string) string {
	h := sha256.New()
	h.Write([]byte(url))
	h.Write([]byte{0})
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// CodedDocument is a document with the events coded from it: the unit that
// a Store saves. Doc.Sentences (spans and text) are stored too.
type CodedDocument struct {
	Doc    *Document
	Events []Event
}

// SaveResult counts what one SaveDocuments call did.
type SaveResult struct {
	Documents int // documents stored
	Skipped   int // documents already stored, left as they were
	Events    int // new distinct events
	Mentions  int // event mentions stored (new events plus duplicates merged into stored ones)
}

// Stats counts a store's contents.
type Stats struct {
	Documents int
	Groups    int // duplicate groups (a document with no near-duplicate is a group of one)
	Events    int // distinct events
	Mentions  int // mentions of those events
	// UndatedDocuments and UndatedEvents count what has no date: such
	// events are in no series and no date range, so they are counted
	// apart rather than lost silently.
	UndatedDocuments int
	UndatedEvents    int
	// First and Last are the days of the earliest and latest dated events
	// (zero when there are none): the stored period, which is the default
	// range of series and alerts.
	First, Last time.Time
}

// MentionsPerEvent is how many mentions of each event Store.Events returns
// (the first ones, or with EventFilter.DocID the document's own): one
// event widely reported has tens of thousands. NumMentions counts them
// all; Store.Mentions pages through them.
const MentionsPerEvent = 20

// DuplicatesPage is how many duplicates Store.Document returns with a
// document; Store.Duplicates pages through the rest.
const DuplicatesPage = 100

// StoredEvent is an event as stored: the event as reported by its first
// mention, its id, its duplicate counts and its first mentions.
type StoredEvent struct {
	ID int64 `json:"id"`
	// Event is the first mention's event. DocID is the key of that
	// mention's document.
	Event
	// NumMentions counts the sentences that report the event, NumArticles
	// the documents, NumSources the outlets (URL hosts; a document without
	// a URL counts as its own source) — like GDELT's columns of those names.
	NumMentions int `json:"num_mentions"`
	NumArticles int `json:"num_articles"`
	NumSources  int `json:"num_sources"`
	// URL is the URL of the first mention's document, if known.
	URL string `json:"url,omitempty"`
	// DocName is the name the input gave the first mention's document
	// (its file name, JSON Lines id or feed item id), and DateSource
	// where that document's date came from ("" when undated).
	DocName    string `json:"doc_name"`
	DateSource string `json:"date_source"`
	// Added is when the event was stored (zero for events stored before
	// dyad recorded it).
	Added time.Time `json:"added"`
	// DocIDs are the keys of the documents of Mentions, in the order they
	// were stored.
	DocIDs []string `json:"doc_ids"`
	// Mentions are the first MentionsPerEvent sentences that report the
	// event (with EventFilter.DocID, that document's sentences).
	Mentions []EventMention `json:"mentions"`
}

// EventMention is one sentence that reports a stored event.
type EventMention struct {
	ID            int64        `json:"-"` // the store's row id, the paging cursor
	DocID         string       `json:"doc_id"`
	URL           string       `json:"url,omitempty"`
	Date          string       `json:"date"`
	SentenceIndex int          `json:"sentence_index"`
	SentenceSpan  Span         `json:"sentence_span"`
	Sentence      string       `json:"sentence"`
	Source        Actor        `json:"source"`
	Target        Actor        `json:"target"`
	Verb          Phrase       `json:"verb"`
	Attribution   *Attribution `json:"attribution"`
	Rule          string       `json:"rule"`
}

// EventFilter selects events. Zero fields do not filter. Actor codes match
// by prefix, so "USA" matches USA and USAGOV.
type EventFilter struct {
	Actor  string // source or target code prefix
	Source string // source code prefix
	Target string // target code prefix
	// Dyad selects the events between two actors (code prefixes) in
	// either direction: Dyad[0]→Dyad[1] or Dyad[1]→Dyad[0].
	Dyad     [2]string
	Root     string     // two-digit CAMEO root, e.g. "19"
	Quad     int        // quad class 1-4
	Modality []Modality // any of these
	From, To time.Time  // inclusive date range (days)
	Text     string     // case-insensitive substring of a reporting sentence
	// NamedOnly drops events that rest only on unnamed sources ("officials
	// said"): it keeps events with at least one mention stated directly or
	// attributed to a named source.
	NamedOnly bool
	DocID     string // only events reported by this document
	// MaxMentions bounds the mentions returned with each event: zero
	// means MentionsPerEvent, a negative number every one (for export).
	MaxMentions int
	Limit       int // at most this many; zero means 100
	Offset      int
	// ByID orders events by ascending id instead of newest first; with
	// AfterID (only events with id > AfterID) it walks millions of events
	// page by page without OFFSET, as export does.
	ByID    bool
	AfterID int64
	// Undated keeps only events without a date (From and To then match
	// nothing and are best left zero).
	Undated bool
	// AddedSince keeps events stored at or after this time.
	AddedSince time.Time
	// Cursor continues a newest-first listing after the last event of
	// the previous page (see EventCursor), without OFFSET: pages stay
	// consistent while events are added.
	Cursor *EventCursor
}

// EventCursor is a position in the newest-first order of events: the date
// (zero for undated events, which come last) and id of the last event
// seen.
type EventCursor struct {
	Date time.Time
	ID   int64
}

// Interval is the bucket width of a series.
type Interval string

// The intervals of a series. Weeks start on Monday (ISO 8601).
const (
	Day   Interval = "day"
	Week  Interval = "week"
	Month Interval = "month"
)

// SeriesQuery selects the events of a directed dyad for a series.
type SeriesQuery struct {
	Source, Target string // actor code prefixes, e.g. "USA", "IRNGOV"; empty matches any
	// Both adds the reverse direction (Target→Source) to the series.
	Both     bool
	Interval Interval  // default Day
	From, To time.Time // inclusive; zero means unbounded
	// Modality keeps only these modalities; empty means asserted only.
	Modality  []Modality
	NamedOnly bool // see EventFilter.NamedOnly
}

// SeriesPoint is one bucket of a series. Buckets without events are
// omitted; callers fill gaps if they need them.
type SeriesPoint struct {
	Start          time.Time      `json:"start"` // first day of the bucket (UTC)
	Events         int            `json:"events"`
	Quad           [5]int         `json:"quad"` // Quad[1..4]: events per quad class; Quad[0] counts events without one
	GoldsteinSum   float64        `json:"goldstein_sum"`
	GoldsteinMean  float64        `json:"goldstein_mean"`
	Roots          map[string]int `json:"roots"`  // events per CAMEO root
	PLOVER         map[string]int `json:"plover"` // events per PLOVER type
	Mentions       int            `json:"mentions"`
	ConflictEvents int            `json:"conflict_events"` // quad 3 and 4
}

// ActorCount is one actor code with its events.
type ActorCount struct {
	Code     string `json:"code"`
	AsSource int    `json:"as_source"`
	AsTarget int    `json:"as_target"`
	Events   int    `json:"events"` // AsSource + AsTarget
}

// StoredDocument is a stored document with its duplicate group.
type StoredDocument struct {
	Document
	// Key is the document key (also in Document.ID); Name is the id the
	// input gave it (file name or JSON Lines id).
	Key  string `json:"key"`
	Name string `json:"name"`
	// Source is the outlet (the URL host), empty if unknown.
	Source string `json:"source"`
	// Group is the key of the first document of its near-duplicate group
	// (its own key if it has no duplicates); Duplicates are the other
	// documents of the group.
	Group      string        `json:"group"`
	Duplicates []DocumentRef `json:"duplicates"`
	// NumDuplicates counts all the duplicates; Duplicates holds the first
	// DuplicatesPage, and DuplicatesNext is the Store.Duplicates cursor of
	// the rest (0 if there is none).
	NumDuplicates  int   `json:"num_duplicates"`
	DuplicatesNext int64 `json:"-"`
	Events         int   `json:"events"` // events this document reports
}

// DocumentRef names a stored document.
type DocumentRef struct {
	ID    int64     `json:"-"` // the store's row id, the paging cursor
	Key   string    `json:"key"`
	Name  string    `json:"name"`
	URL   string    `json:"url,omitempty"`
	Title string    `json:"title,omitempty"`
	Date  time.Time `json:"date"`
	// Similarity is the estimated Jaccard similarity of the word shingles
	// of this document and the one asked for.
	Similarity float64 `json:"similarity"`
}
