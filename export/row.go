package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
)

// Row is one event as the flat columns of the CSV and Parquet exports, in
// their order. The Parquet tags give each column its type: codes are
// strings (CAMEO "051" stays "051"), dates are DATE, counts and offsets
// integers, absent values null. docs/data-dictionary.md describes each.
type Row struct {
	EventID          int64      `parquet:"event_id"`
	Date             *int32     `parquet:"date,date,optional"` // days since 1970-01-01 (Parquet's DATE)
	DateSource       *string    `parquet:"date_source,optional"`
	DocID            string     `parquet:"doc_id"`
	DocName          string     `parquet:"doc_name"`
	URL              *string    `parquet:"url,optional"`
	SentenceIndex    int32      `parquet:"sentence_index"`
	Lead             bool       `parquet:"lead"`
	SourceCode       string     `parquet:"source_code"`
	SourceName       *string    `parquet:"source_name,optional"`
	SourceText       string     `parquet:"source_text"`
	SourceStart      int32      `parquet:"source_start"`
	SourceEnd        int32      `parquet:"source_end"`
	TargetCode       string     `parquet:"target_code"`
	TargetName       *string    `parquet:"target_name,optional"`
	TargetText       string     `parquet:"target_text"`
	TargetStart      int32      `parquet:"target_start"`
	TargetEnd        int32      `parquet:"target_end"`
	CAMEO            string     `parquet:"cameo"`
	Root             string     `parquet:"root"`
	Quad             int32      `parquet:"quad"`
	Goldstein        float64    `parquet:"goldstein"`
	PLOVERType       *string    `parquet:"plover_type,optional"`
	PLOVERMode       *string    `parquet:"plover_mode,optional"`
	Modality         string     `parquet:"modality"`
	AttributionText  *string    `parquet:"attribution_text,optional"`
	AttributionActor *string    `parquet:"attribution_actor,optional"`
	AttributionNamed *bool      `parquet:"attribution_named,optional"`
	VerbText         string     `parquet:"verb_text"`
	VerbStart        int32      `parquet:"verb_start"`
	VerbEnd          int32      `parquet:"verb_end"`
	Rule             string     `parquet:"rule"`
	Sentence         string     `parquet:"sentence"`
	Quote            bool       `parquet:"quote"`
	Place            *string    `parquet:"place,optional"`
	NumMentions      int32      `parquet:"num_mentions"`
	NumArticles      int32      `parquet:"num_articles"`
	NumSources       int32      `parquet:"num_sources"`
	DocIDs           []string   `parquet:"doc_ids,list"`
	Added            *time.Time `parquet:"added,timestamp(millisecond),optional"`
}

// NewRow flattens a stored event.
func NewRow(e dyad.StoredEvent) Row {
	r := Row{
		EventID: e.ID, DateSource: opt(e.DateSource), DocID: e.DocID, DocName: e.DocName, URL: opt(e.URL),
		SentenceIndex: int32(e.SentenceIndex), Lead: e.Lead,
		SourceCode: e.Source.Code, SourceName: opt(actorName(e.Source)), SourceText: e.Source.Text,
		SourceStart: int32(e.Source.Span[0]), SourceEnd: int32(e.Source.Span[1]),
		TargetCode: e.Target.Code, TargetName: opt(actorName(e.Target)), TargetText: e.Target.Text,
		TargetStart: int32(e.Target.Span[0]), TargetEnd: int32(e.Target.Span[1]),
		CAMEO: e.CAMEO, Root: e.Root, Quad: int32(e.Quad), Goldstein: e.Goldstein,
		PLOVERType: opt(e.PLOVER.Type), PLOVERMode: opt(e.PLOVER.Mode), Modality: string(e.Modality),
		VerbText: e.Verb.Text, VerbStart: int32(e.Verb.Span[0]), VerbEnd: int32(e.Verb.Span[1]),
		Rule: e.Rule, Sentence: e.Sentence, Quote: e.Quote, Place: opt(e.Place),
		NumMentions: int32(e.NumMentions), NumArticles: int32(e.NumArticles), NumSources: int32(e.NumSources),
		DocIDs: e.DocIDs,
	}
	if r.DocIDs == nil {
		r.DocIDs = []string{}
	}
	if t, err := time.Parse(time.DateOnly, e.Date); err == nil {
		days := int32(t.Unix() / 86400)
		r.Date = &days
	}
	if a := e.Attribution; a != nil {
		named := a.Named
		r.AttributionText, r.AttributionNamed = &a.Text, &named
		if a.Actor != nil {
			r.AttributionActor = opt(*a.Actor)
		}
	}
	if !e.Added.IsZero() {
		added := e.Added.UTC()
		r.Added = &added
	}
	return r
}

// csvColumns are the CSV columns: the Parquet columns, in the same order,
// as text. Dates are YYYY-MM-DD, times RFC 3339, null is an empty field,
// booleans true/false, doc_ids space-separated.
var csvColumns = []struct {
	name string
	get  func(*Row) string
}{
	{"event_id", func(r *Row) string { return strconv.FormatInt(r.EventID, 10) }},
	{"date", func(r *Row) string { return r.DateString() }},
	{"date_source", func(r *Row) string { return str(r.DateSource) }},
	{"doc_id", func(r *Row) string { return r.DocID }},
	{"doc_name", func(r *Row) string { return r.DocName }},
	{"url", func(r *Row) string { return str(r.URL) }},
	{"sentence_index", func(r *Row) string { return i32(r.SentenceIndex) }},
	{"lead", func(r *Row) string { return strconv.FormatBool(r.Lead) }},
	{"source_code", func(r *Row) string { return r.SourceCode }},
	{"source_name", func(r *Row) string { return str(r.SourceName) }},
	{"source_text", func(r *Row) string { return r.SourceText }},
	{"source_start", func(r *Row) string { return i32(r.SourceStart) }},
	{"source_end", func(r *Row) string { return i32(r.SourceEnd) }},
	{"target_code", func(r *Row) string { return r.TargetCode }},
	{"target_name", func(r *Row) string { return str(r.TargetName) }},
	{"target_text", func(r *Row) string { return r.TargetText }},
	{"target_start", func(r *Row) string { return i32(r.TargetStart) }},
	{"target_end", func(r *Row) string { return i32(r.TargetEnd) }},
	{"cameo", func(r *Row) string { return r.CAMEO }},
	{"root", func(r *Row) string { return r.Root }},
	{"quad", func(r *Row) string { return i32(r.Quad) }},
	{"goldstein", func(r *Row) string { return strconv.FormatFloat(r.Goldstein, 'f', -1, 64) }},
	{"plover_type", func(r *Row) string { return str(r.PLOVERType) }},
	{"plover_mode", func(r *Row) string { return str(r.PLOVERMode) }},
	{"modality", func(r *Row) string { return r.Modality }},
	{"attribution_text", func(r *Row) string { return str(r.AttributionText) }},
	{"attribution_actor", func(r *Row) string { return str(r.AttributionActor) }},
	{"attribution_named", func(r *Row) string {
		if r.AttributionNamed == nil {
			return ""
		}
		return strconv.FormatBool(*r.AttributionNamed)
	}},
	{"verb_text", func(r *Row) string { return r.VerbText }},
	{"verb_start", func(r *Row) string { return i32(r.VerbStart) }},
	{"verb_end", func(r *Row) string { return i32(r.VerbEnd) }},
	{"rule", func(r *Row) string { return r.Rule }},
	{"sentence", func(r *Row) string { return r.Sentence }},
	{"quote", func(r *Row) string { return strconv.FormatBool(r.Quote) }},
	{"place", func(r *Row) string { return str(r.Place) }},
	{"num_mentions", func(r *Row) string { return i32(r.NumMentions) }},
	{"num_articles", func(r *Row) string { return i32(r.NumArticles) }},
	{"num_sources", func(r *Row) string { return i32(r.NumSources) }},
	{"doc_ids", func(r *Row) string { return strings.Join(r.DocIDs, " ") }},
	{"added", func(r *Row) string { return fmtTime(r.Added, time.RFC3339) }},
}

// DateString is the row's date as YYYY-MM-DD, or "" when undated.
func (r *Row) DateString() string {
	if r.Date == nil {
		return ""
	}
	return time.Unix(int64(*r.Date)*86400, 0).UTC().Format(time.DateOnly)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func i32(n int32) string { return strconv.FormatInt(int64(n), 10) }

func fmtTime(t *time.Time, layout string) string {
	if t == nil {
		return ""
	}
	return t.Format(layout)
}
