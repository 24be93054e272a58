package syntax

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/dyad-events/dyad"
)

func readTiny(t *testing.T) []Sentence {
	t.Helper()
	f, err := os.Open("testdata/tiny.conllu")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sents, err := ReadCoNLLU(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return sents
}

// trainTiny trains a model on the tiny treebank; with enough passes it
// should learn it by heart.
func trainTiny(t *testing.T) *Model {
	t.Helper()
	return trainTinyWith(t, TrainOptions{TaggerIterations: 10, ParserIterations: 20, Folds: 1, OnePass: true, MinWeight: 1e-6, ParserMinWeight: 1e-6})
}

func trainTinyWith(t *testing.T, opts TrainOptions) *Model {
	t.Helper()
	data, err := os.ReadFile("testdata/tiny.conllu")
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	m, err := Train(context.Background(), bytes.NewReader(data), bytes.NewReader(data), opts, &log)
	if err != nil {
		t.Fatalf("Train: %v\n%s", err, log.String())
	}
	return m
}

func TestReadWriteCoNLLURoundTrips(t *testing.T) {
	data, err := os.ReadFile("testdata/tiny.conllu")
	if err != nil {
		t.Fatal(err)
	}
	sents, err := ReadCoNLLU(context.Background(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 6 {
		t.Fatalf("got %d sentences, want 6", len(sents))
	}
	if got := len(sents[2].Extras); got != 1 {
		t.Errorf("multiword token lines: got %d, want 1", got)
	}
	var buf bytes.Buffer
	if err := WriteCoNLLU(&buf, sents); err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(data) {
		t.Errorf("round trip changed the file:\n%s", buf.String())
	}
}

func TestWriteCoNLLUKeepsColumnsWhenAFieldHasATab(t *testing.T) {
	s := []Sentence{{Words: []Word{{ID: 1, Form: "a\tb", Head: 0, Deprel: "root"}}}}
	var buf bytes.Buffer
	if err := WriteCoNLLU(&buf, s); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCoNLLU(context.Background(), &buf)
	if err != nil {
		t.Fatalf("output does not read back: %v", err)
	}
	if got[0].Words[0].Form != "a b" {
		t.Errorf("form %q, want %q", got[0].Words[0].Form, "a b")
	}
}

func TestReadCoNLLURejectsBadLines(t *testing.T) {
	tests := []struct{ name, in string }{
		{"a line with too few columns", "1\tword\n"},
		{"a non-numeric ID", "x\ta\ta\tX\tX\t_\t0\troot\t_\t_\n"},
		{"a non-numeric head", "1\ta\ta\tX\tX\t_\tz\troot\t_\t_\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ReadCoNLLU(context.Background(), strings.NewReader(tc.in)); err == nil {
				t.Error("want an error")
			}
		})
	}
}

func TestEvaluateCountsUniversalRelations(t *testing.T) {
	gold := readTiny(t)
	pred := readTiny(t)
	// A subtype mistake is not a LAS error; a wrong head is.
	pred[1].Words[0].Deprel = "nsubj"
	pred[0].Words[0].Head = 3
	sc := Evaluate(gold, pred)
	words := 0
	for _, s := range gold {
		words += len(s.Words)
	}
	if sc.Words != words {
		t.Fatalf("words: got %d, want %d", sc.Words, words)
	}
	want := 100 * float64(words-1) / float64(words)
	if sc.UAS != want || sc.LAS != want || sc.UPOS != 100 {
		t.Errorf("got %v, want UAS=LAS=%.2f and UPOS 100", sc, want)
	}
}

func TestTrainedModelReproducesItsTrainingSentences(t *testing.T) {
	m := trainTiny(t)
	gold := readTiny(t)
	sc := Evaluate(gold, m.AnnotateAll(gold))
	if sc.UPOS < 99.9 || sc.Lemma < 99.9 {
		t.Errorf("tiny model does not fit its training data: %v", sc)
	}
	if m.parser != nil && sc.LAS < 99.9 {
		t.Errorf("tiny parser does not fit its training data: %v", sc)
	}
}

func TestSaveLoadKeepsAnnotations(t *testing.T) {
	// The two-pass tagger, so that both passes are saved and loaded.
	m := trainTinyWith(t, TrainOptions{TaggerIterations: 5, ParserIterations: 5, Folds: 2})
	if m.tagW2 == nil {
		t.Fatal("no second tagging pass trained")
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	gold := readTiny(t)
	a, b := m.AnnotateAll(gold), m2.AnnotateAll(gold)
	for i := range a {
		for j := range a[i].Words {
			if a[i].Words[j] != b[i].Words[j] {
				t.Errorf("sentence %d word %d: before save %+v, after load %+v", i, j, a[i].Words[j], b[i].Words[j])
			}
		}
	}
}

func TestLoadRejectsGarbage(t *testing.T) {
	if _, err := Load(strings.NewReader("not a model")); err == nil {
		t.Error("want an error for a non-gzip input")
	}
}

func TestAnnotateHandlesUnseenAndEmptySentences(t *testing.T) {
	m := trainTiny(t)
	m.Annotate(nil)
	toks := []dyad.Token{{Text: "Protesters"}, {Text: "marched"}, {Text: "quietly"}, {Text: "."}}
	m.Annotate(toks)
	roots := 0
	for i, tk := range toks {
		if tk.UPOS == "" || tk.XPOS == "" || tk.Lemma == "" {
			t.Errorf("token %d not tagged: %+v", i, tk)
		}
		if tk.Head < -1 || tk.Head >= len(toks) || tk.Head == i {
			t.Errorf("token %d has a bad head %d", i, tk.Head)
		}
		if tk.Head == -1 {
			roots++
		}
	}
	if m.parser != nil && roots != 1 {
		t.Errorf("got %d roots, want 1: %+v", roots, toks)
	}
}

func TestLemmatizerRules(t *testing.T) {
	l := trainLemmatizer(readTiny(t))
	tests := []struct{ form, xpos, want string }{
		{"fired", "VBD", "fire"},
		{"Rebels", "NNS", "rebel"},
		{"Germany", "NNP", "Germany"},
		{"were", "VBD", "be"},
		{"The", "DT", "the"},
	}
	for _, tc := range tests {
		if got := l.lemma(tc.form, tc.xpos); got != tc.want {
			t.Errorf("lemma(%q, %s) = %q, want %q", tc.form, tc.xpos, got, tc.want)
		}
	}
}

func TestLemmaRulesNeverCutACharacterInTwo(t *testing.T) {
	// A rule learnt from "'m" -> "be" strips two bytes; "´m" has a
	// two-byte first character.
	l := &lemmatizer{rules: map[string]lemmaRule{lexKey("VBP", "m"): {Strip: 2, Add: "be"}}}
	if got := l.lemma("´m", "VBP"); got != "´m" {
		t.Errorf("lemma = %q, want the word unchanged", got)
	}
	if got := l.lemma("'m", "VBP"); got != "be" {
		t.Errorf("lemma of 'm = %q, want be", got)
	}
	if r := ruleFor("cafés", "cafè"); r.Strip != 3 || r.Add != "è" {
		t.Errorf("rule %+v cuts inside a character", r)
	}
}

func TestDefaultModelTagsASentence(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	toks := []dyad.Token{{Text: "The"}, {Text: "army"}, {Text: "attacked"}, {Text: "the"}, {Text: "town"}, {Text: "."}}
	m.Annotate(toks)
	want := []string{"DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"}
	for i, tk := range toks {
		if tk.UPOS != want[i] {
			t.Errorf("token %q: UPOS %s, want %s", tk.Text, tk.UPOS, want[i])
		}
	}
	if toks[2].Lemma != "attack" {
		t.Errorf("lemma of attacked: %q", toks[2].Lemma)
	}
}

func TestAnnotateIsSafeForConcurrentUse(t *testing.T) {
	m := trainTiny(t)
	gold := readTiny(t)
	want := m.AnnotateAll(gold)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				got := m.AnnotateAll(gold)
				for i := range got {
					for j := range got[i].Words {
						if got[i].Words[j] != want[i].Words[j] {
							errs <- fmt.Sprintf("sentence %d word %d differs", i, j)
							return
						}
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestBestIsTheArgmaxOverValidClasses checks the parser's fast choice of
// transition against the definition: the first highest score among the
// classes valid says are allowed, on random scores in the states of a
// real parse.
func TestBestIsTheArgmaxOverValidClasses(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	p := m.parser
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("The minister said on Monday that talks with Iran would resume , officials said .")
	var tc tagContext
	tc.reset(words, m.amb)
	tags := make([]int, len(words))
	var st parseState
	scores := make([]int32, p.nClass())
	for walk := range 30 {
		st.reset(tc.info, tags, m.upos)
		bestOnWalk(t, p, &st, scores, rng, walk)
	}
}

func bestOnWalk(t *testing.T, p *parser, st *parseState, scores []int32, rng *rand.Rand, walk int) {
	for step := 0; !st.done(); step++ {
		for trial := range 20 {
			for c := range scores {
				scores[c] = int32(rng.IntN(5)) // many ties
				if trial%2 == 1 {
					scores[c] = -scores[c]
				}
			}
			want := -1
			for c, v := range scores {
				if act, lbl := p.action(c); st.valid(p, act, lbl) && (want < 0 || v > scores[want]) {
					want = c
				}
			}
			if got := best(p, st, scores); got != want {
				t.Fatalf("walk %d, step %d: best = %d, want %d", walk, step, got, want)
			}
		}
		// Walk on with a random valid transition, to visit varied states.
		var valid []int
		for c := range scores {
			if act, lbl := p.action(c); st.valid(p, act, lbl) {
				valid = append(valid, c)
			}
		}
		st.apply(p.action(valid[rng.IntN(len(valid))]))
	}
}

// TestTokenInfoIsTheHashOfTheNormalisedWord checks the allocation-free
// path for ASCII words against the definition with strings.
func TestTokenInfoIsTheHashOfTheNormalisedWord(t *testing.T) {
	var buf []byte
	for _, w := range []string{"Iran", "U.S.", "1990s", "McCAIN", "aaaaBBBBcccc", "x", "", "--", "Sept.", "ab3,400", "\x00\x00\x00", "Zürich", "İstanbul", "naïve"} {
		ti := newTokInfoWith(&buf, w)
		n := normWord(w)
		want := tokInfo{norm: hashString(n), form: hashString(w), shape: hashString(wordShape(w)), upper: ti.upper}
		for k := 1; k <= 5; k++ {
			want.suf[k-1] = hashString(n[max(0, len(n)-k):])
		}
		for k := 1; k <= 3; k++ {
			want.pre[k-1] = hashString(n[:min(k, len(n))])
		}
		if ti != want {
			t.Errorf("%q: token info %+v, want %+v", w, ti, want)
		}
	}
}
