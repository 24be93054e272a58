package api

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/sqlite"
)

// coded is one sentence of a fixture document and the event it reports.
type coded struct {
	sentence          string
	src, srcCode      string // source text (found in the sentence) and code
	verb              string
	tgt, tgtCode      string
	cameo             string
	quad              int
	goldstein         float64
	modality          dyad.Modality
	attribution, said string // attribution text and its speaker code; "" for none
	named             bool
}

// runeIndex returns the code-point offset of sub in s, failing the test
// when it is absent.
func runeIndex(t testing.TB, s, sub string) dyad.Span {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("fixture: %q not in %q", sub, s)
	}
	start := utf8.RuneCountInString(s[:i])
	return dyad.Span{start, start + utf8.RuneCountInString(sub)}
}

// fixtureDoc builds a document from sentences and the real dyad.Events
// that a coder would return for it, with spans relative to the document.
func fixtureDoc(t testing.TB, id, url string, date time.Time, sents []coded) dyad.CodedDocument {
	t.Helper()
	doc := &dyad.Document{ID: id, URL: url, Title: "Report " + id, Date: date}
	var text strings.Builder
	var events []dyad.Event
	// A sentence of words unique to the document keeps fixture documents
	// from being taken for near-duplicates of each other.
	filler := "Dispatch " + pseudoWords(id, 16) + "."
	all := append(append([]coded{}, sents...), coded{sentence: filler})
	for i, c := range all {
		if i > 0 {
			text.WriteString(" ")
		}
		off := utf8.RuneCountInString(text.String())
		text.WriteString(c.sentence)
		span := dyad.Span{off, off + utf8.RuneCountInString(c.sentence)}
		doc.Sentences = append(doc.Sentences, dyad.Sentence{Index: i, Span: span, Text: c.sentence})
		if c.cameo == "" {
			continue
		}
		shift := func(s dyad.Span) dyad.Span { return dyad.Span{s[0] + off, s[1] + off} }
		e := dyad.Event{
			DocID: id, SentenceIndex: i, Sentence: c.sentence, Date: date.Format(time.DateOnly),
			Source: dyad.Actor{Code: c.srcCode, Text: c.src, Span: shift(runeIndex(t, c.sentence, c.src))},
			Target: dyad.Actor{Code: c.tgtCode, Text: c.tgt, Span: shift(runeIndex(t, c.sentence, c.tgt))},
			CAMEO:  c.cameo, Root: c.cameo[:2], Quad: c.quad, Goldstein: c.goldstein,
			PLOVER:       dyad.PLOVER{Type: "TEST", Mode: ""},
			Modality:     c.modality,
			Rule:         "test: " + c.verb,
			Verb:         dyad.Phrase{Text: c.verb, Span: shift(runeIndex(t, c.sentence, c.verb))},
			SentenceSpan: span,
		}
		if c.modality == "" {
			e.Modality = dyad.Asserted
		}
		if c.attribution != "" {
			a := &dyad.Attribution{Text: c.attribution, Named: c.named}
			if c.said != "" {
				a.Actor = &c.said
			}
			e.Attribution = a
		}
		events = append(events, e)
	}
	doc.Text = text.String()
	return dyad.CodedDocument{Doc: doc, Events: events}
}

// pseudoWords returns n letter-only words derived from seed.
func pseudoWords(seed string, n int) string {
	h := fnv.New64a()
	h.Write([]byte(seed))
	x := h.Sum64()
	words := make([]string, n)
	for i := range words {
		var w []byte
		for range 6 {
			x = x*6364136223846793005 + 1442695040888963407
			w = append(w, byte('a'+(x>>33)%26))
		}
		words[i] = string(w)
	}
	return strings.Join(words, " ")
}

// fixtureStart is the first day of the fixture crisis.
var fixtureStart = time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC)

// fixture is a small crisis: China and the Philippines talk every other
// day for three weeks, then on day 22 Chinese ships ram and board a
// Philippine boat and Manila protests; the US and Japan react.
func fixture(t testing.TB) []dyad.CodedDocument {
	var docs []dyad.CodedDocument
	for d := 0; d < 22; d += 2 {
		docs = append(docs, fixtureDoc(t, fmt.Sprintf("talks-%02d", d), fmt.Sprintf("https://news.example.org/talks-%02d", d),
			fixtureStart.AddDate(0, 0, d), []coded{{
				sentence: "China held talks with the Philippines on fishing rights, the foreign ministry said.",
				src:      "China", srcCode: "CHN", verb: "held talks", tgt: "the Philippines", tgtCode: "PHL",
				cameo: "040", quad: 1, goldstein: 1, attribution: "the foreign ministry said", said: "CHNGOV", named: true,
			}}))
	}
	peak := fixtureStart.AddDate(0, 0, 22)
	docs = append(docs,
		fixtureDoc(t, "ramming", "https://news.example.org/ramming", peak, []coded{
			{sentence: "Chinese coast guard ships rammed a Philippine supply boat near the shoal.",
				src: "Chinese coast guard", srcCode: "CHNMIL", verb: "rammed", tgt: "Philippine supply boat", tgtCode: "PHL",
				cameo: "195", quad: 4, goldstein: -10},
			{sentence: "Officials said Chinese sailors boarded the Philippine boat and seized its cargo.",
				src: "Chinese sailors", srcCode: "CHNMIL", verb: "seized", tgt: "Philippine boat", tgtCode: "PHL",
				cameo: "171", quad: 4, goldstein: -9.2, attribution: "Officials said", named: false},
			{sentence: "Manila accused Beijing of piracy.",
				src: "Manila", srcCode: "PHLGOV", verb: "accused", tgt: "Beijing", tgtCode: "CHNGOV",
				cameo: "112", quad: 3, goldstein: -2},
			{sentence: "Chinese forces fired water cannon at a second Philippine vessel.",
				src: "Chinese forces", srcCode: "CHNMIL", verb: "fired", tgt: "Philippine vessel", tgtCode: "PHL",
				cameo: "180", quad: 4, goldstein: -9},
		}),
		fixtureDoc(t, "reactions", "https://news.example.org/reactions", peak.AddDate(0, 0, 1), []coded{
			{sentence: "The United States condemned China over the collision.",
				src: "The United States", srcCode: "USA", verb: "condemned", tgt: "China", tgtCode: "CHN",
				cameo: "111", quad: 3, goldstein: -2},
			{sentence: "Japan may send patrol boats to the Philippines.",
				src: "Japan", srcCode: "JPN", verb: "send", tgt: "the Philippines", tgtCode: "PHL",
				cameo: "074", quad: 2, goldstein: 3.4, modality: dyad.Hypothetical},
			{sentence: "China denied that it had attacked the Philippines.",
				src: "China", srcCode: "CHN", verb: "attacked", tgt: "the Philippines", tgtCode: "PHL",
				cameo: "190", quad: 4, goldstein: -10, modality: dyad.Denied},
		}),
	)
	return docs
}

// openFixtureStore stores the fixture in a fresh SQLite file.
func openFixtureStore(t testing.TB) dyad.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir()+"/dyad.db", sqlite.Options{})
	if err != nil {
		t.Fatalf("opening store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.SaveDocuments(ctx, fixture(t)); err != nil {
		t.Fatalf("storing fixture: %v", err)
	}
	return st
}
