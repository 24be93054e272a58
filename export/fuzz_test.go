package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
	"github.com/parquet-go/parquet-go"
)

// FuzzExportRoundTrip writes an event whose texts are anything in every
// format and reads it back: JSON Lines and PLOVER give one valid JSON
// record a line with the same sentence, CSV the same fields under the
// header, a GDELT row keeps its 61 columns on one line, and Parquet reads
// back the row it was given.
func FuzzExportRoundTrip(f *testing.F) {
	f.Add("Russia attacked Ukraine.", "Russia", "RUS", "Ukraine", "UKR", "190", "verb:attack", "https://x.example/1", "officials said", "doc1 doc2", int64(7), 3)
	f.Add("tab\there, \"quotes\", new\nline", "a,b", "", "", "IGOUNOWHO", "0", "", "", "", "", int64(0), 0)
	f.Fuzz(func(t *testing.T, sentence, src, srcCode, tgt, tgtCode, cameo, rule, url, attribution, docIDs string, id int64, n int) {
		for _, s := range []string{sentence, src, srcCode, tgt, tgtCode, cameo, rule, url, attribution, docIDs} {
			if !utf8.ValidString(s) {
				return // stored text is valid UTF-8
			}
		}
		e := dyad.StoredEvent{ID: id, NumMentions: n, NumArticles: n / 2, NumSources: 1, URL: url, DocName: docIDs,
			DocIDs: strings.Fields(docIDs), Event: dyad.Event{
				DocID: "d", Sentence: sentence, Date: "2024-03-01", CAMEO: cameo, Rule: rule, Goldstein: -2.5, Quad: 3,
				Source: dyad.Actor{Code: srcCode, Text: src, Span: dyad.Span{0, 1}}, Target: dyad.Actor{Code: tgtCode, Text: tgt},
				Modality: dyad.Asserted, PLOVER: dyad.PLOVER{Type: "ASSAULT"},
			}}
		if attribution != "" {
			e.Attribution = &dyad.Attribution{Text: attribution}
		}
		for _, name := range Names() {
			format, _ := Lookup(name)
			var buf bytes.Buffer
			w := format.New(&buf, Options{Coder: "dyad fuzz"})
			if err := w.Write(e); err != nil {
				t.Fatalf("%s: writing: %v", name, err)
			}
			if err := w.Close(); err != nil {
				t.Fatalf("%s: closing: %v", name, err)
			}
			out := buf.String()
			switch name {
			case "jsonl", "plover":
				if strings.Count(out, "\n") != 1 || !json.Valid([]byte(out)) {
					t.Fatalf("%s: not one JSON record on one line: %q", name, out)
				}
				if name == "jsonl" {
					var back struct{ Sentence string }
					json.Unmarshal([]byte(out), &back)
					if back.Sentence != sentence {
						t.Fatalf("jsonl: sentence %q read back as %q", sentence, back.Sentence)
					}
				}
			case "csv":
				recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				if err != nil || len(recs) != 2 || len(recs[1]) != len(CSVHeader()) {
					t.Fatalf("csv: %v, %d records", err, len(recs))
				}
				for i, col := range CSVHeader() {
					if col == "sentence" && recs[1][i] != strings.ReplaceAll(sentence, "\r\n", "\n") {
						t.Fatalf("csv: sentence %q read back as %q", sentence, recs[1][i])
					}
				}
			case "gdelt":
				line := strings.TrimSuffix(out, "\n")
				if strings.ContainsAny(line, "\r\n") || strings.Count(line, "\t") != GDELTColumns-1 {
					t.Fatalf("gdelt: a row that breaks its format: %q", out)
				}
			case "parquet":
				rows, err := parquet.Read[Row](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
				if err != nil || len(rows) != 1 || rows[0].Sentence != sentence || rows[0].EventID != id {
					t.Fatalf("parquet: %v, %d rows", err, len(rows))
				}
			}
		}
	})
}
