package main

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

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
