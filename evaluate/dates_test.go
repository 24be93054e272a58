package evaluate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
)

// datesSeen is a coder that codes nothing and notes the date each
// document reaches it with.
type datesSeen map[string]string

func (c datesSeen) Code(_ context.Context, doc *dyad.Document) ([]dyad.Event, error) {
	c[doc.ID] = doc.Date.Format(time.DateOnly) + " " + doc.DateSource
	if doc.Date.IsZero() {
		c[doc.ID] = "undated"
	}
	return nil, nil
}

// A gold record's date reaches the coder in every form a document date
// may take: a month or a year is its first day, marked as partial. A gold
// file dated "2013-10" used to be coded undated (and actors that change
// with time, such as a country's leader, were then placed by today).
func TestGoldDatesAreReadInEveryFormADocumentDateTakes(t *testing.T) {
	gold := `{"id":"day","date":"2013-10-04","text":"Talks resumed."}
{"id":"month","date":"2013-10","text":"Talks resumed."}
{"id":"year","date":"2013","text":"Talks resumed."}
{"id":"written","date":"October 4, 2013","text":"Talks resumed."}
{"id":"unreadable","date":"autumn","text":"Talks resumed."}
`
	recs, err := Read("gold.jsonl", strings.NewReader(gold))
	if err != nil {
		t.Fatal(err)
	}
	seen := datesSeen{}
	if _, err := Run(context.Background(), seen, recs); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"day": "2013-10-04 record", "month": "2013-10-01 record:month", "year": "2013-01-01 record:year",
		"written": "2013-10-04 record", "unreadable": "undated",
	}
	for id, w := range want {
		if seen[id] != w {
			t.Errorf("%s: the coder saw %q, want %q", id, seen[id], w)
		}
	}
}
