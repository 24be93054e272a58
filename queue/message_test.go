package queue

import (
	"testing"
	"time"

	"github.com/dyad-events/dyad"
)

// A document crosses the queue with its date and where the date came
// from; the date source used to be dropped, so a worker stored "unknown"
// where a direct ingest stored "dateline" or "record:month".
func TestADocumentCrossesTheQueueWithItsDateSource(t *testing.T) {
	in := &dyad.Document{ID: "a", URL: "https://x.example/a", Title: "T", Text: "Talks resumed.",
		Date: time.Date(2013, 10, 1, 0, 0, 0, 0, time.UTC), DateSource: "record:month"}
	data, err := encode(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Date.Equal(in.Date) || out.DateSource != in.DateSource || out.ID != in.ID || out.Text != in.Text {
		t.Errorf("decoded %+v, want %+v", out, in)
	}
}
