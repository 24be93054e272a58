package syntax

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"
)

// TrainOptions control training. Zero values pick the defaults used for the
// shipped model.
type TrainOptions struct {
	TaggerIterations int  // passes over the training data for the tagger (default 8)
	ParserIterations int  // passes for the parser (default 15)
	Folds            int  // jackknife folds that give the parser predicted tags (default 4; 1 = gold tags)
	NoParser         bool // train only the tagger and lemmatiser
	Seed             uint64
	// MinWeight drops averaged weights smaller than this, to shrink the
	// model (default 0.05 for the tagger, see also ParserMinWeight).
	MinWeight       float32
	ParserMinWeight float32
}

func (o *TrainOptions) defaults() {
	if o.TaggerIterations <= 0 {
		o.TaggerIterations = 8
	}
	if o.ParserIterations <= 0 {
		o.ParserIterations = 15
	}
	if o.Folds <= 0 {
		o.Folds = 4
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.MinWeight <= 0 {
		o.MinWeight = 0.05
	}
	if o.ParserMinWeight <= 0 {
		o.ParserMinWeight = 0.05
	}
}

// Train trains a model on a CoNLL-U treebank. dev, if not nil, is scored at
// the end and the scores are written to log.
func Train(ctx context.Context, train, dev io.Reader, opts TrainOptions, log io.Writer) (*Model, error) {
	opts.defaults()
	if log == nil {
		log = io.Discard
	}
	sents, err := ReadCoNLLU(ctx, train)
	if err != nil {
		return nil, fmt.Errorf("reading training data: %w", err)
	}
	if len(sents) == 0 {
		return nil, fmt.Errorf("training data has no sentences")
	}
	var devSents []Sentence
	if dev != nil {
		if devSents, err = ReadCoNLLU(ctx, dev); err != nil {
			return nil, fmt.Errorf("reading dev data: %w", err)
		}
	}
	start := time.Now()
	m, err := trainTagger(ctx, sents, opts, log)
	if err != nil {
		return nil, err
	}
	m.lem = trainLemmatizer(sents)
	fmt.Fprintf(log, "tagger and lemmatiser trained in %v\n", time.Since(start).Round(time.Millisecond))
	if !opts.NoParser {
		if m.parser, err = trainParser(ctx, m, sents, opts, log); err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "parser trained, total %v\n", time.Since(start).Round(time.Millisecond))
	}
	if len(devSents) > 0 {
		fmt.Fprintf(log, "dev: %v\n", Evaluate(devSents, m.AnnotateAll(devSents)))
	}
	return m, nil
}

// AnnotateAll returns a copy of sents annotated by the model (gold
// tokenisation kept).
func (m *Model) AnnotateAll(sents []Sentence) []Sentence {
	out := make([]Sentence, len(sents))
	for i, s := range sents {
		toks := s.Tokens()
		m.Annotate(toks)
		c := Sentence{Comments: s.Comments, Extras: s.Extras, Words: append([]Word(nil), s.Words...)}
		_ = c.SetTokens(toks) // same length by construction
		out[i] = c
	}
	return out
}

// tagClasses returns the tagger's classes, the (UPOS, XPOS) pairs of the
// treebank by falling frequency, and each pair's class number.
func tagClasses(sents []Sentence) (upos, xpos []string, class map[[2]string]int) {
	count := map[[2]string]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			count[[2]string{w.UPOS, w.XPOS}]++
		}
	}
	pairs := make([][2]string, 0, len(count))
	for p := range count {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if count[pairs[i]] != count[pairs[j]] {
			return count[pairs[i]] > count[pairs[j]]
		}
		return pairs[i][0]+pairs[i][1] < pairs[j][0]+pairs[j][1]
	})
	class = make(map[[2]string]int, len(pairs))
	for i, p := range pairs {
		upos = append(upos, p[0])
		xpos = append(xpos, p[1])
		class[p] = i
	}
	return upos, xpos, class
}

// trainTagger trains the tagger on sents and returns a model holding it.
func trainTagger(ctx context.Context, sents []Sentence, opts TrainOptions, log io.Writer) (*Model, error) {
	upos, xpos, class := tagClasses(sents)
	m := &Model{upos: upos, xpos: xpos, tagDict: tagDictionary(sents, class)}
	gold := make([][]int, len(sents))
	forms := make([][]string, len(sents))
	for i, s := range sents {
		for _, w := range s.Words {
			gold[i] = append(gold[i], class[[2]string{w.UPOS, w.XPOS}])
			forms[i] = append(forms[i], w.Form)
		}
	}
	t := newTrainer(len(upos))
	rng := rand.New(rand.NewPCG(opts.Seed, 0x7a66))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	var tc tagContext
	var feats []uint64
	scores := make([]float32, len(upos))
	for it := 0; it < opts.TaggerIterations; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for n, si := range order {
			if n%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("training tagger: %w", err)
				}
			}
			tc.reset(forms[si])
			p1, p2 := -1, -1
			for i, f := range forms[si] {
				g := gold[si][i]
				pred, ok := m.tagDict[f]
				if !ok {
					feats = tc.features(feats[:0], i, p1, p2)
					t.score(feats, scores)
					pred = int32(argmax(scores, nil))
					t.tick()
					if int(pred) != g {
						t.update(feats, g, 1)
						t.update(feats, int(pred), -1)
					}
				}
				if int(pred) == g {
					correct++
				}
				total++
				p2, p1 = p1, int(pred)
			}
		}
		fmt.Fprintf(log, "tagger iteration %d: train accuracy %.2f%%, %d features\n",
			it+1, 100*float64(correct)/float64(total), len(t.keys))
	}
	m.tagW = t.average(opts.MinWeight)
	return m, nil
}

// tagDictionary maps frequent word forms that nearly always have the same
// tag to that tag; the tagger then skips them.
func tagDictionary(sents []Sentence, class map[[2]string]int) map[string]int32 {
	const minCount, minShare = 20, 0.97
	counts := map[string]map[int]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			m := counts[w.Form]
			if m == nil {
				m = map[int]int{}
				counts[w.Form] = m
			}
			m[class[[2]string{w.UPOS, w.XPOS}]]++
		}
	}
	dict := map[string]int32{}
	for form, m := range counts {
		total, best, bestN := 0, 0, 0
		for c, n := range m {
			total += n
			if n > bestN || n == bestN && c < best {
				best, bestN = c, n
			}
		}
		if total >= minCount && float64(bestN)/float64(total) >= minShare {
			dict[form] = int32(best)
		}
	}
	return dict
}
