package syntax

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"testing"
)

// The embedded model's analysis of EWT test, pinned: speed work on
// features, weights or buffers must change no tag, lemma or arc. A new
// model changes both on purpose; the failure message gives the new values.
const (
	ewtTestScores = "sentences 2077 words 25094 UPOS 95.59 XPOS 95.01 Lemma 97.08 UAS 86.47 LAS 83.67"
	ewtTestDigest = "3f7c1602523ecfaaa497f85d89c73350eb3baee6bbf62a225bc9f77d52719a7e"
)

func TestEmbeddedModelAnalysisOfEWTTestIsUnchanged(t *testing.T) {
	f, err := os.Open(ewtTest)
	if err != nil {
		t.Skipf("EWT test data not available (%v); skipping", err)
	}
	defer f.Close()
	gold, err := ReadCoNLLU(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	pred := m.AnnotateAll(gold)
	if got := Evaluate(gold, pred).String(); got != ewtTestScores {
		t.Errorf("scores on EWT test:\n got %s\nwant %s", got, ewtTestScores)
	}
	h := sha256.New()
	for _, s := range pred {
		for _, w := range s.Words {
			fmt.Fprintf(h, "%s\t%s\t%s\t%s\t%d\t%s\n", w.Form, w.Lemma, w.UPOS, w.XPOS, w.Head, w.Deprel)
		}
		h.Write([]byte{'\n'})
	}
	if got := fmt.Sprintf("%x", h.Sum(nil)); got != ewtTestDigest {
		t.Errorf("digest of the analysis of EWT test:\n got %s\nwant %s", got, ewtTestDigest)
	}
}
