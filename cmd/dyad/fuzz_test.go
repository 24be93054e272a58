package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/syntax"
)

// FuzzPetrarchRecords reads PETRARCH unit-test records and codes each
// record's own parse, as eval petrarch --record-parse does: a record that
// is not a tree must be an error, never a crash or a recovered panic.
func FuzzPetrarchRecords(f *testing.F) {
	data, err := os.ReadFile(petrarchTestdata + "records.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add(`<Sentences><Sentence id="L" date="x"><Text>A B.</Text><Parse>
1	A	a	PROPN	_	_	1	nsubj	_	_
2	B	b	VERB	_	_	1	root	_	_
</Parse></Sentence></Sentences>`)
	f.Add(`<Config option="require_dyad" value="false"/><Sentence id="x"><Parse>1	a	a	X	_	_	99	dep	_	_</Parse></Sentence>`)
	// Loaded here, not in the fuzz function: each run of that is timed.
	p, err := pipeline.New(context.Background(), pipeline.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		recs, err := readPetrarchRecords(strings.NewReader(text))
		if err != nil {
			return
		}
		for i := range recs {
			if i >= 5 {
				break
			}
			rec := &recs[i]
			rec.Parse = truncate(rec.Parse, 4000)
			doc := &dyad.Document{ID: rec.ID}
			if err := conlluDocument(doc, rec.Parse, nil); err != nil {
				continue
			}
			if err := syntax.ValidateTree(doc.Sentences[0].Tokens); err != nil {
				t.Fatalf("conlluDocument accepted a parse that is not a tree: %v", err)
			}
			_, err := p.CodeParsed(context.Background(), doc)
			var pe *pipeline.PanicError
			if errors.As(err, &pe) {
				t.Fatalf("coding record %s panicked: %v\n%s", rec.ID, pe.Value, pe.Stack)
			}
		}
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// FuzzExportRoundTrip writes an event in the export formats and reads it
// back: JSON Lines gives the same event, CSV the same fields, and a GDELT
// row always has its 61 columns on one line.
func FuzzExportRoundTrip(f *testing.F) {
	f.Add("Russia attacked Ukraine.", "Russia", "RUS", "Ukraine", "UKR", "190", "verb:attack", "https://x.example/1", "officials said", "doc1 doc2", int64(7), 3)
	f.Add("tab\there, \"quotes\", new\nline", "a,b", "", "", "IGOUNOWHO", "0", "", "", "", "", int64(0), 0)
	f.Fuzz(func(t *testing.T, sentence, src, srcCode, tgt, tgtCode, cameo, rule, url, attribution, docIDs string, id int64, n int) {
		for _, s := range []string{sentence, src, srcCode, tgt, tgtCode, cameo, rule, url, attribution, docIDs} {
			if !utf8.ValidString(s) {
				return // stored text is valid UTF-8
			}
		}
		e := dyad.StoredEvent{ID: id, NumMentions: n, NumArticles: n / 2, NumSources: 1, URL: url,
			DocIDs: strings.Fields(docIDs), Event: dyad.Event{
				DocID: "d", Sentence: sentence, Date: "2024-03-01", CAMEO: cameo, Rule: rule, Goldstein: -2.5, Quad: 3,
				Source: dyad.Actor{Code: srcCode, Text: src, Span: dyad.Span{0, 1}}, Target: dyad.Actor{Code: tgtCode, Text: tgt},
				Modality: dyad.Asserted,
			}}
		if len(e.DocIDs) == 0 {
			e.DocIDs = nil
		}
		if attribution != "" {
			e.Attribution = &dyad.Attribution{Text: attribution}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(e); err != nil {
			t.Fatal(err)
		}
		if strings.Count(buf.String(), "\n") != 1 {
			t.Fatalf("a JSON Lines record spans lines: %q", buf.String())
		}
		var back dyad.StoredEvent
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, e) {
			t.Fatalf("JSON round trip:\n got %+v\nwant %+v", back, e)
		}
		buf.Reset()
		cw := csv.NewWriter(&buf)
		row := exportCSVRow(e)
		cw.Write(row)
		cw.Flush()
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) != 1 || len(rows[0]) != len(exportCSVHeader) {
			t.Fatalf("CSV round trip: %v, %d rows", err, len(rows))
		}
		for i := range row {
			// encoding/csv reads \r\n inside a quoted field as \n.
			if strings.ReplaceAll(row[i], "\r\n", "\n") != rows[0][i] {
				t.Fatalf("CSV column %s: wrote %q, read %q", exportCSVHeader[i], row[i], rows[0][i])
			}
		}
		g := gdeltRow(e)
		line := strings.Join(g, "\t")
		if len(g) != GDELTColumns || strings.ContainsAny(line, "\n\r") || strings.Count(line, "\t") != GDELTColumns-1 {
			t.Fatalf("a GDELT row breaks its format: %q", line)
		}
		if _, err := json.Marshal(ploverRecord(e)); err != nil {
			t.Fatal(err)
		}
	})
}
