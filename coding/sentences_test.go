package coding_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/pipeline"
)

var (
	pipelineOnce sync.Once
	sharedCoder  *pipeline.Pipeline
	pipelineErr  error
)

// coder is dyad's pipeline with its embedded dictionaries and model, as
// dyad code runs it: the coder's tests code real sentences end to end.
func coder(t testing.TB) *pipeline.Pipeline {
	t.Helper()
	pipelineOnce.Do(func() { sharedCoder, pipelineErr = pipeline.New(context.Background(), pipeline.Options{}) })
	if pipelineErr != nil {
		t.Fatal(pipelineErr)
	}
	return sharedCoder
}

// codeSentence codes one text dated date (YYYY-MM-DD).
func codeSentence(t testing.TB, text, date string) []dyad.Event {
	t.Helper()
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		t.Fatalf("date %q: %v", date, err)
	}
	events, err := coder(t).Code(context.Background(), &dyad.Document{ID: "t", Text: text, Date: d})
	if err != nil {
		t.Fatalf("coding %q: %v", text, err)
	}
	return events
}

// labelledSentence is one line of data/verbs_test_sentences.txt: a CAMEO
// code and a sentence written to have an event of that code.
type labelledSentence struct {
	line       int
	code, text string
}

func readLabelledSentences(t *testing.T, name string) []labelledSentence {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledSentence
	sc := bufio.NewScanner(f)
	for no := 1; sc.Scan(); no++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, text, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(text) == "" {
			t.Fatalf("%s:%d: want CODE<TAB>SENTENCE, got %q", name, no, line)
		}
		out = append(out, labelledSentence{no, strings.TrimSpace(code), strings.TrimSpace(text)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// labelledSentencesFloor is how many lines of verbs_test_sentences.txt
// the coder gave an event of the labelled code when this test was
// written. A change that codes fewer fails; one that codes more should
// raise the floor.
const labelledSentencesFloor = 115

// TestTheLabelledVerbSentencesGetTheirCode codes every line of
// data/verbs_test_sentences.txt (one sentence written for each verb
// pattern, labelled with the CAMEO code it must yield) and counts the
// lines whose events include that code. The lines that miss are listed
// in the test log (go test -v -run LabelledVerb ./coding) for the coder's
// authors; the count must not fall below labelledSentencesFloor.
func TestTheLabelledVerbSentencesGetTheirCode(t *testing.T) {
	const name = "data/verbs_test_sentences.txt"
	lines := readLabelledSentences(t, name)
	if len(lines) < 100 {
		t.Fatalf("%s has %d sentences; it has held well over 100", name, len(lines))
	}
	exact, sameRoot := 0, 0
	var misses []string
	for _, l := range lines {
		events := codeSentence(t, l.text, "2025-06-15")
		var got []string
		hit, rootHit := false, false
		for _, e := range events {
			got = append(got, fmt.Sprintf("%s>%s %s", e.Source.Code, e.Target.Code, e.CAMEO))
			hit = hit || e.CAMEO == l.code
			rootHit = rootHit || e.Root == l.code[:2]
		}
		switch {
		case hit:
			exact++
			sameRoot++
		case rootHit:
			sameRoot++
			misses = append(misses, fmt.Sprintf("%s:%d: want %s, got the root only: %v  %s", name, l.line, l.code, got, l.text))
		default:
			misses = append(misses, fmt.Sprintf("%s:%d: want %s, got %v  %s", name, l.line, l.code, got, l.text))
		}
	}
	t.Logf("%d of %d labelled sentences get their code (%.1f%%), %d their root; floor %d",
		exact, len(lines), 100*float64(exact)/float64(len(lines)), sameRoot, labelledSentencesFloor)
	for _, m := range misses {
		t.Log(m)
	}
	if exact < labelledSentencesFloor {
		t.Errorf("%d labelled sentences get their code, fewer than the floor of %d: a regression (the misses are listed above)", exact, labelledSentencesFloor)
	}
}
