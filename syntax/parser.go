package syntax

import (
	"github.com/dyad-events/dyad"
)

// The parser is a greedy arc-eager transition parser (Nivre 2003) scored by
// an averaged perceptron with the rich feature set of Zhang & Nivre (2011),
// trained with the dynamic oracle of Goldberg & Nivre (2012). Transitions
// are labelled: class 0 is SHIFT, 1 is REDUCE, 2+l is LEFT-ARC with label l
// and 2+L+l is RIGHT-ARC with label l.

const (
	actShift = iota
	actReduce
	actLeft
	actRight
)

// parser is the trained parsing model.
type parser struct {
	labels  []string
	rootLbl int // index of "root" in labels
	w       *weights
}

func (p *parser) nClass() int { return 2 + 2*len(p.labels) }

// action splits a class into its transition and label.
func (p *parser) action(c int) (act, lbl int) {
	switch {
	case c == 0:
		return actShift, -1
	case c == 1:
		return actReduce, -1
	case c < 2+len(p.labels):
		return actLeft, c - 2
	default:
		return actRight, c - 2 - len(p.labels)
	}
}

var (
	hNone = hashString("<none>")
	hRoot = hashString("<root>")
)

// parseState is a parser configuration over words 1..n, 0 being ROOT.
type parseState struct {
	n      int
	word   []uint64 // normalised form hash
	amb    []uint64 // ambiguity class of the word (see ambiguityClasses)
	suf    []uint64 // hash of the word's last three letters
	utag   []uint64 // hash of the word's UPOS
	nPunct []int    // punctuation marks up to and including each word
	nCC    []int    // coordinating conjunctions likewise
	tag    []uint64 // tagger class + 1; 0 for none
	stack  []int
	onStk  []bool
	b      int // front of the buffer; the buffer is empty when b > n
	head   []int
	label  []int
	lc1    []int // leftmost, second leftmost, rightmost, second rightmost child
	lc2    []int
	rc1    []int
	rc2    []int
	nl, nr []int    // left and right valency
	ls, rs []uint64 // sets of left and right child labels
}

func growInts(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

func growU64(s []uint64, n int) []uint64 {
	if cap(s) < n {
		return make([]uint64, n)
	}
	return s[:n]
}

// reset prepares the state for a sentence of n words with the given word
// information and tag classes.
func (st *parseState) reset(words []tokInfo, tags []int, upos []string) {
	n := len(words)
	st.n = n
	st.word = growU64(st.word, n+1)
	st.amb = growU64(st.amb, n+1)
	st.suf = growU64(st.suf, n+1)
	st.tag = growU64(st.tag, n+1)
	st.utag = growU64(st.utag, n+1)
	st.nPunct = growInts(st.nPunct, n+1)
	st.nCC = growInts(st.nCC, n+1)
	st.word[0], st.tag[0], st.amb[0], st.suf[0], st.utag[0] = hRoot, uint64(len(upos)+1), hRoot, hRoot, hRoot
	st.nPunct[0], st.nCC[0] = 0, 0
	for i := range n {
		st.word[i+1] = words[i].norm
		st.amb[i+1] = words[i].amb
		st.suf[i+1] = words[i].suf[2]
		st.tag[i+1] = uint64(tags[i] + 1)
		u := upos[tags[i]]
		st.utag[i+1] = hashString(u)
		st.nPunct[i+1], st.nCC[i+1] = st.nPunct[i], st.nCC[i]
		switch u {
		case "PUNCT":
			st.nPunct[i+1]++
		case "CCONJ":
			st.nCC[i+1]++
		}
	}
	for _, s := range []*[]int{&st.head, &st.label, &st.lc1, &st.lc2, &st.rc1, &st.rc2} {
		*s = growInts(*s, n+1)
		for i := range *s {
			(*s)[i] = -1
		}
	}
	st.nl = growInts(st.nl, n+1)
	st.nr = growInts(st.nr, n+1)
	clear(st.nl)
	clear(st.nr)
	st.ls = growU64(st.ls, n+1)
	st.rs = growU64(st.rs, n+1)
	clear(st.ls)
	clear(st.rs)
	if cap(st.onStk) < n+1 {
		st.onStk = make([]bool, n+1)
	}
	st.onStk = st.onStk[:n+1]
	clear(st.onStk)
	st.stack = append(st.stack[:0], 0)
	st.onStk[0] = true
	st.b = 1
}

func (st *parseState) done() bool { return st.b > st.n }

func (st *parseState) s0() int { return st.stack[len(st.stack)-1] }

func (st *parseState) addArc(h, d, l int) {
	st.head[d], st.label[d] = h, l
	bit := uint64(1) << (uint(l) & 63)
	if d < h {
		st.nl[h]++
		st.ls[h] |= bit
		switch {
		case st.lc1[h] < 0 || d < st.lc1[h]:
			st.lc2[h], st.lc1[h] = st.lc1[h], d
		case st.lc2[h] < 0 || d < st.lc2[h]:
			st.lc2[h] = d
		}
	} else {
		st.nr[h]++
		st.rs[h] |= bit
		switch {
		case d > st.rc1[h]:
			st.rc2[h], st.rc1[h] = st.rc1[h], d
		case d > st.rc2[h]:
			st.rc2[h] = d
		}
	}
}

// valid reports whether transition act with label lbl may be applied.
// ROOT takes exactly one dependent, labelled root, and root is used for
// nothing else.
func (st *parseState) valid(p *parser, act, lbl int) bool {
	s := st.s0()
	switch act {
	case actShift:
		return !st.done()
	case actReduce:
		return s != 0 && st.head[s] >= 0
	case actLeft:
		return !st.done() && s != 0 && st.head[s] < 0 && lbl != p.rootLbl
	default:
		if st.done() {
			return false
		}
		if s == 0 {
			return lbl == p.rootLbl && st.nr[0] == 0
		}
		return lbl != p.rootLbl
	}
}

func (st *parseState) apply(act, lbl int) {
	s := st.s0()
	switch act {
	case actShift:
		st.stack = append(st.stack, st.b)
		st.onStk[st.b] = true
		st.b++
	case actReduce:
		st.stack = st.stack[:len(st.stack)-1]
		st.onStk[s] = false
	case actLeft:
		st.addArc(st.b, s, lbl)
		st.stack = st.stack[:len(st.stack)-1]
		st.onStk[s] = false
	case actRight:
		st.addArc(s, st.b, lbl)
		st.stack = append(st.stack, st.b)
		st.onStk[st.b] = true
		st.b++
	}
}

// finish gives every word left on the stack without a head one: the word
// below it on the stack, which is where arc-eager would have attached it
// had it known the sentence was ending; a word just above ROOT becomes the
// root, or attaches to it if there is one already.
func (st *parseState) finish(p *parser, punct func(int) bool, fallback int) {
	for k := len(st.stack) - 1; k >= 1; k-- {
		s := st.stack[k]
		if st.head[s] >= 0 {
			continue
		}
		h := st.stack[k-1]
		if h == 0 {
			if st.rc1[0] < 0 {
				st.addArc(0, s, p.rootLbl)
				continue
			}
			h = st.rc1[0]
		}
		l := fallback
		if punct(s) {
			if pl := p.labelIndex("punct"); pl >= 0 {
				l = pl
			}
		}
		st.addArc(h, s, l)
	}
}

func (p *parser) labelIndex(name string) int {
	for i, l := range p.labels {
		if l == name {
			return i
		}
	}
	return -1
}

// Feature templates of the parser; numbers are part of the model format.
const (
	pS0wp = iota + 100
	pS0w
	pS0p
	pN0wp
	pN0w
	pN0p
	pN1wp
	pN1w
	pN1p
	pN2wp
	pN2w
	pN2p
	pS0wpN0wp
	pS0wpN0w
	pS0wN0wp
	pS0wpN0p
	pS0pN0wp
	pS0wN0w
	pS0pN0p
	pN0pN1p
	pN0pN1pN2p
	pS0pN0pN1p
	pS0hpS0pN0p
	pS0pS0lpN0p
	pS0pS0rpN0p
	pS0pN0pN0lp
	pS0wd
	pS0pd
	pN0wd
	pN0pd
	pS0wN0wd
	pS0pN0pd
	pS0wvr
	pS0pvr
	pS0wvl
	pS0pvl
	pN0wvl
	pN0pvl
	pS0hw
	pS0hp
	pS0l
	pS0lw
	pS0lp
	pS0ll
	pS0rw
	pS0rp
	pS0rl
	pN0lw
	pN0lp
	pN0ll
	pS0h2w
	pS0h2p
	pS0hl
	pS0l2w
	pS0l2p
	pS0l2l
	pS0r2w
	pS0r2p
	pS0r2l
	pN0l2w
	pN0l2p
	pN0l2l
	pS0pS0lpS0l2p
	pS0pS0rpS0r2p
	pS0pS0hpS0h2p
	pN0pN0lpN0l2p
	pS0wsr
	pS0psr
	pS0wsl
	pS0psl
	pN0wsl
	pN0psl
	pS1w
	pS1p
	pS1pS0pN0p
	pS1wS0w
	pS0hpN0p
	pBias
	pS0a
	pN0a
	pN1a
	pS0aN0a
	pS0s
	pN0s
	pUS0N0N1
	pUS1S0N0
	pUN0N1N2
	pUS0hS0N0
	pPunctBetween
	pCCBetween
)

// features appends the features of the current configuration.
func (st *parseState) features(dst []uint64) []uint64 {
	wd := func(i int) uint64 {
		if i < 0 {
			return hNone
		}
		return st.word[i]
	}
	tg := func(i int) uint64 {
		if i < 0 {
			return 0
		}
		return st.tag[i]
	}
	lb := func(i int) uint64 {
		if i < 0 {
			return 0
		}
		return uint64(st.label[i] + 2)
	}
	am := func(i int) uint64 {
		if i < 0 {
			return hNone
		}
		return st.amb[i]
	}
	sf := func(i int) uint64 {
		if i < 0 {
			return hNone
		}
		return st.suf[i]
	}
	ut := func(i int) uint64 {
		if i < 0 {
			return hNone
		}
		return st.utag[i]
	}
	at := func(i int) int { // a buffer position, or -1 past its end
		if i > st.n {
			return -1
		}
		return i
	}
	s0 := st.s0()
	s1 := -1
	if len(st.stack) > 1 {
		s1 = st.stack[len(st.stack)-2]
	}
	n0, n1, n2 := at(st.b), at(st.b+1), at(st.b+2)
	var s0h, s0h2, s0l, s0l2, s0r, s0r2, n0l, n0l2 = -1, -1, -1, -1, -1, -1, -1, -1
	s0h = st.head[s0]
	if s0h >= 0 {
		s0h2 = st.head[s0h]
	}
	s0l, s0l2, s0r, s0r2 = st.lc1[s0], st.lc2[s0], st.rc1[s0], st.rc2[s0]
	var n0vl, n0sl uint64
	if n0 >= 0 {
		n0l, n0l2 = st.lc1[n0], st.lc2[n0]
		n0vl, n0sl = uint64(st.nl[n0]), st.ls[n0]
	}
	dist := uint64(0)
	if n0 >= 0 {
		dist = uint64(min(n0-s0, 10))
	}
	var punctBetween, ccBetween uint64
	if n0 >= 0 {
		punctBetween = uint64(min(st.nPunct[n0-1]-st.nPunct[s0], 3))
		ccBetween = uint64(min(st.nCC[n0-1]-st.nCC[s0], 1))
	}
	s0w, s0p, n0w, n0p := wd(s0), tg(s0), wd(n0), tg(n0)
	n1w, n1p, n2w, n2p := wd(n1), tg(n1), wd(n2), tg(n2)
	s0vr, s0vl := uint64(st.nr[s0]), uint64(st.nl[s0])
	return append(dst,
		feat1(pBias, 0),
		feat2(pS0wp, s0w, s0p),
		feat1(pS0w, s0w),
		feat1(pS0p, s0p),
		feat2(pN0wp, n0w, n0p),
		feat1(pN0w, n0w),
		feat1(pN0p, n0p),
		feat2(pN1wp, n1w, n1p),
		feat1(pN1w, n1w),
		feat1(pN1p, n1p),
		feat2(pN2wp, n2w, n2p),
		feat1(pN2w, n2w),
		feat1(pN2p, n2p),
		feat3(pS0wpN0wp, mix(s0w, s0p), n0w, n0p),
		feat3(pS0wpN0w, s0w, s0p, n0w),
		feat3(pS0wN0wp, s0w, n0w, n0p),
		feat3(pS0wpN0p, s0w, s0p, n0p),
		feat3(pS0pN0wp, s0p, n0w, n0p),
		feat2(pS0wN0w, s0w, n0w),
		feat2(pS0pN0p, s0p, n0p),
		feat2(pN0pN1p, n0p, n1p),
		feat3(pN0pN1pN2p, n0p, n1p, n2p),
		feat3(pS0pN0pN1p, s0p, n0p, n1p),
		feat3(pS0hpS0pN0p, tg(s0h), s0p, n0p),
		feat3(pS0pS0lpN0p, s0p, tg(s0l), n0p),
		feat3(pS0pS0rpN0p, s0p, tg(s0r), n0p),
		feat3(pS0pN0pN0lp, s0p, n0p, tg(n0l)),
		feat2(pS0wd, s0w, dist),
		feat2(pS0pd, s0p, dist),
		feat2(pN0wd, n0w, dist),
		feat2(pN0pd, n0p, dist),
		feat3(pS0wN0wd, s0w, n0w, dist),
		feat3(pS0pN0pd, s0p, n0p, dist),
		feat2(pS0wvr, s0w, s0vr),
		feat2(pS0pvr, s0p, s0vr),
		feat2(pS0wvl, s0w, s0vl),
		feat2(pS0pvl, s0p, s0vl),
		feat2(pN0wvl, n0w, n0vl),
		feat2(pN0pvl, n0p, n0vl),
		feat1(pS0hw, wd(s0h)),
		feat1(pS0hp, tg(s0h)),
		feat1(pS0l, lb(s0)),
		feat1(pS0lw, wd(s0l)),
		feat1(pS0lp, tg(s0l)),
		feat1(pS0ll, lb(s0l)),
		feat1(pS0rw, wd(s0r)),
		feat1(pS0rp, tg(s0r)),
		feat1(pS0rl, lb(s0r)),
		feat1(pN0lw, wd(n0l)),
		feat1(pN0lp, tg(n0l)),
		feat1(pN0ll, lb(n0l)),
		feat1(pS0h2w, wd(s0h2)),
		feat1(pS0h2p, tg(s0h2)),
		feat1(pS0hl, lb(s0h)),
		feat1(pS0l2w, wd(s0l2)),
		feat1(pS0l2p, tg(s0l2)),
		feat1(pS0l2l, lb(s0l2)),
		feat1(pS0r2w, wd(s0r2)),
		feat1(pS0r2p, tg(s0r2)),
		feat1(pS0r2l, lb(s0r2)),
		feat1(pN0l2w, wd(n0l2)),
		feat1(pN0l2p, tg(n0l2)),
		feat1(pN0l2l, lb(n0l2)),
		feat3(pS0pS0lpS0l2p, s0p, tg(s0l), tg(s0l2)),
		feat3(pS0pS0rpS0r2p, s0p, tg(s0r), tg(s0r2)),
		feat3(pS0pS0hpS0h2p, s0p, tg(s0h), tg(s0h2)),
		feat3(pN0pN0lpN0l2p, n0p, tg(n0l), tg(n0l2)),
		feat2(pS0wsr, s0w, st.rs[s0]),
		feat2(pS0psr, s0p, st.rs[s0]),
		feat2(pS0wsl, s0w, st.ls[s0]),
		feat2(pS0psl, s0p, st.ls[s0]),
		feat2(pN0wsl, n0w, n0sl),
		feat2(pN0psl, n0p, n0sl),
		feat1(pS1w, wd(s1)),
		feat1(pS1p, tg(s1)),
		feat3(pS1pS0pN0p, tg(s1), s0p, n0p),
		feat2(pS1wS0w, wd(s1), s0w),
		feat2(pS0hpN0p, tg(s0h), n0p),
		feat1(pS0a, st.amb[s0]),
		feat1(pN0a, am(n0)),
		feat1(pN1a, am(n1)),
		feat2(pS0aN0a, st.amb[s0], am(n0)),
		feat1(pS0s, st.suf[s0]),
		feat1(pN0s, sf(n0)),
		feat3(pUS0N0N1, st.utag[s0], ut(n0), ut(n1)),
		feat3(pUS1S0N0, ut(s1), st.utag[s0], ut(n0)),
		feat3(pUN0N1N2, ut(n0), ut(n1), ut(n2)),
		feat3(pUS0hS0N0, ut(s0h), st.utag[s0], ut(n0)),
		feat3(pPunctBetween, punctBetween, s0p, n0p),
		feat3(pCCBetween, ccBetween, s0p, n0p),
	)
}

// best returns the highest-scoring valid class (the first of equals), or
// -1 if none is valid. It applies the rules of valid once per transition
// rather than once per class: the classes are SHIFT, REDUCE, then
// LEFT-ARC and RIGHT-ARC with each label.
func best[T int32 | float32](p *parser, st *parseState, scores []T) int {
	s, done := st.s0(), st.done()
	nl, root := len(p.labels), p.rootLbl
	best, bestScore := -1, T(0)
	if !done {
		best, bestScore = 0, scores[0]
	}
	if s != 0 && st.head[s] >= 0 {
		best, bestScore = maxOf(scores, 1, 2, best, bestScore)
	}
	if !done && s != 0 && st.head[s] < 0 {
		// LEFT-ARC with any label but root
		best, bestScore = maxOf(scores, 2, 2+root, best, bestScore)
		best, bestScore = maxOf(scores, 2+root+1, 2+nl, best, bestScore)
	}
	switch {
	case done:
	case s == 0:
		// RIGHT-ARC from ROOT: root only, and only once
		if st.nr[0] == 0 {
			best, _ = maxOf(scores, 2+nl+root, 2+nl+root+1, best, bestScore)
		}
	default:
		best, bestScore = maxOf(scores, 2+nl, 2+nl+root, best, bestScore)
		best, _ = maxOf(scores, 2+nl+root+1, 2+2*nl, best, bestScore)
	}
	return best
}

// maxOf returns the first class of [lo, hi) that scores higher than the
// best so far (any, if there is none), or the best so far.
func maxOf[T int32 | float32](scores []T, lo, hi, best int, bestScore T) (int, T) {
	if best < 0 && lo < hi {
		best, bestScore = lo, scores[lo]
		lo++
	}
	for c := lo; c < hi; c++ {
		if v := scores[c]; v > bestScore {
			best, bestScore = c, v
		}
	}
	return best, bestScore
}

// parse fills Head and Deprel of tokens, whose tags are the tagger classes.
func (p *parser) parse(a *annotator, tokens []dyad.Token, words []tokInfo, classes []int, upos []string, isPunct func(int) bool) {
	st := &a.ps
	st.reset(words, classes, upos)
	if cap(a.pscores) < p.nClass() {
		a.pscores = make([]int32, p.nClass())
	}
	scores := a.pscores[:p.nClass()]
	for !st.done() {
		a.feats = st.features(a.feats[:0])
		p.w.score(a.feats, scores, &a.sb)
		c := best(p, st, scores)
		if c < 0 {
			break
		}
		st.apply(p.action(c))
	}
	st.finish(p, func(i int) bool { return isPunct(i - 1) }, p.fallbackLabel())
	for i := range tokens {
		tokens[i].Head = st.head[i+1] - 1
		tokens[i].Deprel = p.labels[st.label[i+1]]
	}
}

// fallbackLabel labels words the parser left unattached.
func (p *parser) fallbackLabel() int {
	if l := p.labelIndex("parataxis"); l >= 0 {
		return l
	}
	if l := p.labelIndex("dep"); l >= 0 {
		return l
	}
	return 0
}

func (p *parser) save(e *encoder) {
	e.strs(p.labels)
	e.weights(p.w)
}

func loadParser(d *decoder) *parser {
	p := &parser{labels: d.strs()}
	p.w = d.weights()
	p.rootLbl = p.labelIndex("root")
	if d.err == nil && (p.rootLbl < 0 || p.w == nil || p.w.nClass != p.nClass()) {
		d.err = errFormat
	}
	return p
}
