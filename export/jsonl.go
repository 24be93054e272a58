package export

import (
	"encoding/json"
	"io"
	"time"

	"github.com/dyad-events/dyad"
)

// jsonEvent is the JSON Lines record: dyad's event contract (as dyad code
// writes it) with the store's fields, every key present in every record —
// null where a value is absent — so that readers that build a table from
// the first records see every column.
type jsonEvent struct {
	EventID       int64             `json:"event_id"`
	Date          *string           `json:"date"`
	DateSource    *string           `json:"date_source"`
	DocID         string            `json:"doc_id"`
	DocName       string            `json:"doc_name"`
	URL           *string           `json:"url"`
	SentenceIndex int               `json:"sentence_index"`
	Sentence      string            `json:"sentence"`
	SentenceSpan  dyad.Span         `json:"sentence_span"`
	Lead          bool              `json:"lead"`
	Source        jsonActor         `json:"source"`
	Target        jsonActor         `json:"target"`
	CAMEO         string            `json:"cameo"`
	Root          string            `json:"root"`
	Quad          int               `json:"quad"`
	Goldstein     float64           `json:"goldstein"`
	PLOVER        jsonPLOVER        `json:"plover"`
	Modality      dyad.Modality     `json:"modality"`
	Attribution   *dyad.Attribution `json:"attribution"`
	Verb          dyad.Phrase       `json:"verb"`
	Rule          string            `json:"rule"`
	Quote         bool              `json:"quote"`
	Place         *string           `json:"place"`
	NumMentions   int               `json:"num_mentions"`
	NumArticles   int               `json:"num_articles"`
	NumSources    int               `json:"num_sources"`
	DocIDs        []string          `json:"doc_ids"`
	Added         *string           `json:"added"`
	Mentions      []jsonMention     `json:"mentions"`
}

type jsonActor struct {
	Code string    `json:"code"`
	Name *string   `json:"name"`
	Text string    `json:"text"`
	Span dyad.Span `json:"span"`
}

type jsonPLOVER struct {
	Type *string `json:"type"`
	Mode *string `json:"mode"`
}

// jsonMention is one sentence that reports the event.
type jsonMention struct {
	DocID         string            `json:"doc_id"`
	URL           *string           `json:"url"`
	Date          *string           `json:"date"`
	SentenceIndex int               `json:"sentence_index"`
	SentenceSpan  dyad.Span         `json:"sentence_span"`
	Sentence      string            `json:"sentence"`
	Source        jsonActor         `json:"source"`
	Target        jsonActor         `json:"target"`
	Verb          dyad.Phrase       `json:"verb"`
	Attribution   *dyad.Attribution `json:"attribution"`
	Rule          string            `json:"rule"`
}

func toJSONActor(a dyad.Actor) jsonActor {
	return jsonActor{Code: a.Code, Name: opt(actorName(a)), Text: a.Text, Span: a.Span}
}

// JSONEvent is the JSON Lines record of a stored event, as a value that
// encodes with every key present.
func JSONEvent(e dyad.StoredEvent) any {
	j := jsonEvent{
		EventID: e.ID, Date: opt(e.Date), DateSource: opt(e.DateSource), DocID: e.DocID, DocName: e.DocName, URL: opt(e.URL),
		SentenceIndex: e.SentenceIndex, Sentence: e.Sentence, SentenceSpan: e.SentenceSpan, Lead: e.Lead,
		Source: toJSONActor(e.Source), Target: toJSONActor(e.Target),
		CAMEO: e.CAMEO, Root: e.Root, Quad: e.Quad, Goldstein: e.Goldstein,
		PLOVER:   jsonPLOVER{Type: opt(e.PLOVER.Type), Mode: opt(e.PLOVER.Mode)},
		Modality: e.Modality, Attribution: e.Attribution, Verb: e.Verb, Rule: e.Rule, Quote: e.Quote, Place: opt(e.Place),
		NumMentions: e.NumMentions, NumArticles: e.NumArticles, NumSources: e.NumSources,
		DocIDs: e.DocIDs, Mentions: []jsonMention{},
	}
	if j.DocIDs == nil {
		j.DocIDs = []string{}
	}
	if !e.Added.IsZero() {
		j.Added = opt(e.Added.UTC().Format(time.RFC3339))
	}
	for _, m := range e.Mentions {
		j.Mentions = append(j.Mentions, jsonMention{
			DocID: m.DocID, URL: opt(m.URL), Date: opt(m.Date), SentenceIndex: m.SentenceIndex, SentenceSpan: m.SentenceSpan,
			Sentence: m.Sentence, Source: toJSONActor(m.Source), Target: toJSONActor(m.Target), Verb: m.Verb,
			Attribution: m.Attribution, Rule: m.Rule,
		})
	}
	return j
}

type jsonlWriter struct{ enc *json.Encoder }

func newJSONL(w io.Writer, _ Options) Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return jsonlWriter{enc}
}

func (j jsonlWriter) Write(e dyad.StoredEvent) error { return j.enc.Encode(JSONEvent(e)) }
func (j jsonlWriter) Close() error                   { return nil }
