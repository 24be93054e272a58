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
	OnePass          bool // train a one-pass tagger (faster, less accurate)
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
	m, err := trainTagger(ctx, sents, !opts.OnePass, opts, log)
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

// tagData is tagger training data: word forms and gold classes.
type tagData struct {
	forms [][]string
	gold  [][]int
}

func newTagData(sents []Sentence, class map[[2]string]int) tagData {
	d := tagData{forms: make([][]string, len(sents)), gold: make([][]int, len(sents))}
	for i, s := range sents {
		for _, w := range s.Words {
			d.gold[i] = append(d.gold[i], class[[2]string{w.UPOS, w.XPOS}])
			d.forms[i] = append(d.forms[i], w.Form)
		}
	}
	return d
}

// trainTagger trains the tagger on sents and returns a model holding it.
// With twoPass, a second tagger is trained that also sees the first one's
// tags of the following words (given by first-pass taggers that did not
// see the sentence), which gives left-to-right tagging a look-ahead.
func trainTagger(ctx context.Context, sents []Sentence, twoPass bool, opts TrainOptions, log io.Writer) (*Model, error) {
	upos, xpos, class := tagClasses(sents)
	m := &Model{upos: upos, xpos: xpos, tagDict: tagDictionary(sents, class)}
	d := newTagData(sents, class)
	m.amb = ambiguityClasses(d.forms, d.gold)
	var err error
	if m.tagW, err = trainTagPass(ctx, m, d, nil, opts, log); err != nil {
		return nil, err
	}
	if !twoPass {
		return m, nil
	}
	first := make([][]int, len(sents))
	folds := max(opts.Folds, 2)
	for f := range folds {
		var fs []Sentence
		for i, s := range sents {
			if i%folds != f {
				fs = append(fs, s)
			}
		}
		fm := &Model{upos: upos, xpos: xpos, tagDict: tagDictionary(fs, class)}
		fd := newTagData(fs, class)
		fm.amb = ambiguityClasses(fd.forms, fd.gold)
		if fm.tagW, err = trainTagPass(ctx, fm, fd, nil, opts, io.Discard); err != nil {
			return nil, err
		}
		a := &annotator{}
		for i := f; i < len(sents); i += folds {
			first[i] = fm.tag(a, d.forms[i], nil)
		}
	}
	if m.tagW2, err = trainTagPass(ctx, m, d, first, opts, log); err != nil {
		return nil, err
	}
	return m, nil
}

// trainTagPass trains one tagging pass; first holds the first pass's tags
// when training the second.
func trainTagPass(ctx context.Context, m *Model, d tagData, first [][]int, opts TrainOptions, log io.Writer) (*weights, error) {
	if err := checkClasses(len(m.upos), "tagger"); err != nil {
		return nil, err
	}
	t := newTrainer(len(m.upos))
	rng := rand.New(rand.NewPCG(opts.Seed, 0x7a66))
	order := make([]int, len(d.forms))
	for i := range order {
		order[i] = i
	}
	var tc tagContext
	var feats []uint64
	scores := make([]float32, len(m.upos))
	pass := 1
	if first != nil {
		pass = 2
	}
	for it := 0; it < opts.TaggerIterations; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		correct, total := 0, 0
		for n, si := range order {
			if n%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("training tagger: %w", err)
				}
			}
			tc.reset(d.forms[si], m.amb)
			if first != nil {
				tc.first = first[si]
			}
			p1, p2 := -1, -1
			for i, f := range d.forms[si] {
				g := d.gold[si][i]
				pred, ok := m.tagDict[f]
				if !ok {
					feats = tc.features(feats[:0], i, p1, p2)
					t.score(feats, scores)
					pred = int32(argmax(scores))
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
		fmt.Fprintf(log, "tagger pass %d iteration %d: train accuracy %.2f%%, %d features\n",
			pass, it+1, 100*float64(correct)/float64(total), len(t.keys))
	}
	return t.average(opts.MinWeight), nil
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
