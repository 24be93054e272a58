package syntax

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"
)

// parseExample is one training sentence for the parser.
type parseExample struct {
	words []tokInfo
	tags  []int   // predicted tagger classes
	gh    []int   // gold head per state index (1..n), 0 = ROOT
	gl    []int   // gold label per state index
	kids  [][]int // gold dependents per state index, ROOT included
}

// nonProjective returns a word whose arc from its head crosses another
// arc, or -1 when the tree is projective.
func nonProjective(gh []int) int {
	n := len(gh) - 1
	for d := 1; d <= n; d++ {
		h := gh[d]
		lo, hi := min(h, d), max(h, d)
		for k := lo + 1; k < hi; k++ {
			// Every word strictly between must be dominated by h.
			a := k
			for steps := 0; a != h && a != 0 && steps <= n; steps++ {
				a = gh[a]
			}
			if a != h {
				return d
			}
		}
	}
	return -1
}

// projectivize lifts crossing arcs (attaching the dependent to its head's
// head) until the tree is projective, since the arc-eager system can only
// build projective trees. It reports false for a malformed tree.
func projectivize(gh []int) bool {
	for range len(gh) * len(gh) {
		d := nonProjective(gh)
		if d < 0 {
			return true
		}
		if gh[d] == 0 {
			return false
		}
		gh[d] = gh[gh[d]]
	}
	return false
}

// predictedTags tags every training sentence with a tagger that did not
// see it (jackknifing), so the parser learns from realistic tag errors.
func predictedTags(ctx context.Context, m *Model, sents []Sentence, opts TrainOptions, log io.Writer) ([][]int, error) {
	_, _, class := tagClasses(sents)
	out := make([][]int, len(sents))
	if opts.Folds <= 1 {
		for i, s := range sents {
			for _, w := range s.Words {
				out[i] = append(out[i], class[[2]string{w.UPOS, w.XPOS}])
			}
		}
		return out, nil
	}
	for f := 0; f < opts.Folds; f++ {
		var train []Sentence
		for i, s := range sents {
			if i%opts.Folds != f {
				train = append(train, s)
			}
		}
		// One-pass fold taggers keep training fast; their tags are a
		// little noisier than the shipped tagger's, which does no harm.
		fm, err := trainTagger(ctx, train, false, opts, io.Discard)
		if err != nil {
			return nil, fmt.Errorf("jackknife fold %d: %w", f+1, err)
		}
		a := &annotator{}
		correct, total := 0, 0
		for i := f; i < len(sents); i += opts.Folds {
			a.forms = a.forms[:0]
			for _, w := range sents[i].Words {
				a.forms = append(a.forms, w.Form)
			}
			cls := fm.tag(a, a.forms, nil)
			for j, c := range cls {
				// Fold classes are numbered by the fold's own counts.
				mc := class[[2]string{fm.upos[c], fm.xpos[c]}]
				out[i] = append(out[i], mc)
				if m.upos[mc] == sents[i].Words[j].UPOS {
					correct++
				}
				total++
			}
		}
		fmt.Fprintf(log, "jackknife fold %d/%d: UPOS %.2f%%\n", f+1, opts.Folds, 100*float64(correct)/float64(total))
	}
	return out, nil
}

func trainParser(ctx context.Context, m *Model, sents []Sentence, opts TrainOptions, log io.Writer) (*parser, error) {
	start := time.Now()
	labelSet := map[string]bool{"root": true}
	for _, s := range sents {
		for _, w := range s.Words {
			if w.Deprel != "" && w.Deprel != "_" {
				labelSet[w.Deprel] = true
			}
		}
	}
	p := &parser{}
	for l := range labelSet {
		p.labels = append(p.labels, l)
	}
	sort.Strings(p.labels)
	p.rootLbl = p.labelIndex("root")
	if err := checkClasses(p.nClass(), "parser"); err != nil {
		return nil, err
	}
	lblIdx := map[string]int{}
	for i, l := range p.labels {
		lblIdx[l] = i
	}
	tags, err := predictedTags(ctx, m, sents, opts, log)
	if err != nil {
		return nil, err
	}
	var exs []parseExample
	var tc tagContext
	skipped := 0
	for i, s := range sents {
		n := len(s.Words)
		ex := parseExample{tags: tags[i], gh: make([]int, n+1), gl: make([]int, n+1), kids: make([][]int, n+1)}
		ok := true
		forms := make([]string, n)
		for j, w := range s.Words {
			forms[j] = w.Form
		}
		tc.reset(forms, m.amb)
		ex.words = append([]tokInfo(nil), tc.info...)
		for j, w := range s.Words {
			if w.Head < 0 || w.Head > n || w.ID != j+1 {
				ok = false
				break
			}
			ex.gh[j+1] = w.Head
			ex.gl[j+1] = lblIdx[w.Deprel]
		}
		if !ok || !projectivize(ex.gh) {
			skipped++
			continue
		}
		for d := 1; d <= n; d++ {
			ex.kids[ex.gh[d]] = append(ex.kids[ex.gh[d]], d)
		}
		exs = append(exs, ex)
	}
	fmt.Fprintf(log, "parser: %d sentences (%d malformed skipped), %d labels, %v preparing\n",
		len(exs), skipped, len(p.labels), time.Since(start).Round(time.Millisecond))

	t := newTrainer(p.nClass())
	rng := rand.New(rand.NewPCG(opts.Seed, 0x9a55))
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	var st parseState
	var feats []uint64
	scores := make([]float32, p.nClass())
	costs := make([]int, p.nClass())
	for it := 0; it < opts.ParserIterations; it++ {
		itStart := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		right, total := 0, 0
		for n, ei := range order {
			if n%500 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("training parser: %w", err)
				}
			}
			ex := &exs[ei]
			st.reset(ex.words, ex.tags, m.upos)
			for !st.done() {
				feats = st.features(feats[:0])
				t.score(feats, scores)
				pred := best(p, &st, scores)
				minCost := st.costs(p, ex, costs)
				gold, goldScore := -1, float32(0)
				for c, cost := range costs {
					if cost == minCost && (gold < 0 || scores[c] > goldScore) {
						gold, goldScore = c, scores[c]
					}
				}
				t.tick()
				if costs[pred] > minCost {
					t.update(feats, gold, 1)
					t.update(feats, pred, -1)
				} else {
					right++
				}
				total++
				next := gold
				if it > 0 && rng.Float64() < 0.9 {
					next = pred
				}
				st.apply(p.action(next))
			}
		}
		fmt.Fprintf(log, "parser iteration %d: %.2f%% transitions right, %d features, %v\n",
			it+1, 100*float64(right)/float64(total), len(t.keys), time.Since(itStart).Round(time.Millisecond))
	}
	p.w = t.average(opts.ParserMinWeight)
	return p, nil
}

// costs fills, for every class, the number of gold arcs that applying it
// makes unreachable (-1 for invalid classes), following the dynamic oracle
// for arc-eager of Goldberg & Nivre (2012), and returns the least cost.
func (st *parseState) costs(p *parser, ex *parseExample, costs []int) int {
	s, b := st.s0(), st.b
	L := len(p.labels)
	for i := range costs {
		costs[i] = -1
	}
	// Gold dependents of b still on the stack without a head.
	bKidsOnStack := 0
	for _, k := range ex.kids[b] {
		if k < b && st.onStk[k] && st.head[k] < 0 {
			bKidsOnStack++
		}
	}
	sKidsInBuf := 0
	for _, k := range ex.kids[s] {
		if k >= b {
			sKidsInBuf++
		}
	}
	minCost := 1 << 30
	set := func(c, cost int) {
		costs[c] = cost
		minCost = min(minCost, cost)
	}
	if st.valid(p, actShift, -1) {
		c := bKidsOnStack
		if st.onStk[ex.gh[b]] {
			c++
		}
		set(0, c)
	}
	if st.valid(p, actReduce, -1) {
		set(1, sKidsInBuf)
	}
	if !st.done() && s != 0 && st.head[s] < 0 {
		c := sKidsInBuf
		if ex.gh[s] > b {
			c++
		}
		for l := range L {
			if !st.valid(p, actLeft, l) {
				continue
			}
			lc := c
			if ex.gh[s] == b && ex.gl[s] != l {
				lc++
			}
			set(2+l, lc)
		}
	}
	if !st.done() {
		c := bKidsOnStack
		if g := ex.gh[b]; g != s && (st.onStk[g] || g > b) {
			c++
		}
		for l := range L {
			if !st.valid(p, actRight, l) {
				continue
			}
			lc := c
			if ex.gh[b] == s && ex.gl[b] != l {
				lc++
			}
			set(2+L+l, lc)
		}
	}
	return minCost
}
