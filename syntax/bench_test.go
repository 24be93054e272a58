package syntax

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/nlp"
)

const ewtTest = "../../shared/data/ud/en_ewt/en_ewt-ud-test.conllu"

// BenchmarkAnnotate tags, lemmatises and parses the EWT test set with the
// embedded model; one op is one sentence.
func BenchmarkAnnotate(b *testing.B) {
	f, err := os.Open(ewtTest)
	if err != nil {
		b.Skipf("EWT test data not available (%v); skipping", err)
	}
	defer f.Close()
	sents, err := ReadCoNLLU(context.Background(), f)
	if err != nil {
		b.Fatal(err)
	}
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	toks := make([][]dyad.Token, len(sents))
	for i := range sents {
		toks[i] = sents[i].Tokens()
	}
	b.ResetTimer() // loading the model is not what is measured
	for i := 0; i < b.N; i++ {
		m.Annotate(toks[i%len(toks)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

const devnews = "../../shared/data/devnews/devnews.jsonl"

// BenchmarkAnnotateNews tags, lemmatises and parses the sentences of real
// news articles (devnews), tokenised as the pipeline does; one op is one
// sentence.
func BenchmarkAnnotateNews(b *testing.B) {
	data, err := os.ReadFile(devnews)
	if err != nil {
		b.Skipf("devnews not available (%v); skipping", err)
	}
	var sents [][]dyad.Token
	words := 0
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var rec struct{ Sentence string }
		if err := json.Unmarshal(line, &rec); err != nil {
			b.Fatal(err)
		}
		doc := &dyad.Document{Text: rec.Sentence}
		nlp.Segment(doc)
		for _, s := range doc.Sentences {
			sents = append(sents, s.Tokens)
			words += len(s.Tokens)
		}
	}
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Annotate(sents[i%len(sents)])
	}
	perSentence := float64(words) / float64(len(sents))
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(perSentence*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
