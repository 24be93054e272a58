package syntax

import (
	"context"
	"os"
	"testing"

	"github.com/dyad-events/dyad"
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
