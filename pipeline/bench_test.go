package pipeline

import (
	"context"
	"strings"
	"testing"
	"unicode"
)

// BenchmarkCodeNews codes real news articles (the devnews pages put back
// together, the seed article and the shipped examples) through the whole
// pipeline on one goroutine; one op is one article. It reports sentences
// and words a second and the share of sentences tagged and parsed.
func BenchmarkCodeNews(b *testing.B) {
	docs := realArticles(b)
	if len(docs) == 0 {
		b.Skip("no articles")
	}
	p := testPipeline(b)
	ctx := context.Background()
	var sentences, words, parsed int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := *docs[i%len(docs)]
		if _, err := p.Code(ctx, &d); err != nil {
			b.Fatal(err)
		}
		for _, s := range d.Sentences {
			if s.Skip {
				continue
			}
			sentences++
			if len(s.Tokens) > 0 && s.Tokens[0].UPOS != "" {
				parsed++
			}
			for _, t := range s.Tokens {
				if strings.IndexFunc(t.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
					words++
				}
			}
		}
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(sentences)/sec, "sentences/s")
	b.ReportMetric(float64(words)/sec, "words/s")
	b.ReportMetric(100*float64(parsed)/float64(max(sentences, 1)), "%parsed")
}
