package syntax

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tagger feature templates. The numbers are part of the model format.
const (
	tBias = iota + 1
	tWord
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tPre1
	tPre2
	tPre3
	tShape
	tForm
	tPrev
	tPrev2
	tPrevWord
	tWordM1
	tWordM2
	tWordP1
	tWordP2
	tSufM1
	tSufP1
	tBigramM1
	tBigramP1
	tFirstCap
	tPrevNext
	tPrevTwo
	tShapeP1
	tSuf5
	tAmb
	tAmbP1
	tAmbP2
	tAmbM1
	tWordAmbP1
	tPrevAmb
	tCapCtx
	tPrevShape
	tTitle
	tShapeM1
	tF0
	tF1
	tF12
	tF1Word
	tPrevF1
	tF0F1
	tFm1
)

var (
	hStart = hashString("-START-")
	hEnd   = hashString("-END-")
)

// tokInfo holds the hashes of one token's strings used by the features.
type tokInfo struct {
	norm, form, shape uint64
	suf               [5]uint64
	pre               [3]uint64
	upper             bool
	amb               uint64 // ambiguity class + 1, 0 for rare words
}

// normWord lower-cases a word and maps digits to '0', so that numbers share
// statistics.
func normWord(s string) string {
	lower := strings.ToLower(s)
	if strings.IndexFunc(lower, unicode.IsDigit) < 0 {
		return lower
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '0'
		}
		return r
	}, lower)
}

// wordShape maps letters to X/x and digits to d, collapsing runs longer
// than two: "McCain" -> "XxXxx" ... "Xxx"-like patterns.
func wordShape(s string) string {
	var b strings.Builder
	var last rune
	run := 0
	for _, r := range s {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c == last {
			run++
			if run > 2 {
				continue
			}
		} else {
			run = 1
			last = c
		}
		b.WriteRune(c)
	}
	return b.String()
}

func newTokInfo(form string) tokInfo {
	var buf []byte
	return newTokInfoWith(&buf, form)
}

// newTokInfoWith is newTokInfo with a scratch buffer: an ASCII word (most
// words) is normalised and shaped in it without building strings.
func newTokInfoWith(buf *[]byte, form string) tokInfo {
	var n, shape []byte
	if isASCII(form) {
		*buf = asciiNormShape((*buf)[:0], form)
		n, shape = (*buf)[:len(form)], (*buf)[len(form):]
	} else {
		n, shape = []byte(normWord(form)), []byte(wordShape(form))
	}
	ti := tokInfo{norm: hashBytes(n), form: hashString(form), shape: hashBytes(shape)}
	for k := 1; k <= 5; k++ {
		if k <= len(n) {
			ti.suf[k-1] = hashBytes(n[len(n)-k:])
		} else {
			ti.suf[k-1] = ti.norm
		}
	}
	for k := 1; k <= 3; k++ {
		if k <= len(n) {
			ti.pre[k-1] = hashBytes(n[:k])
		} else {
			ti.pre[k-1] = ti.norm
		}
	}
	r, _ := utf8.DecodeRuneInString(form)
	ti.upper = unicode.IsUpper(r)
	return ti
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiNormShape appends normWord(s) and then wordShape(s) of an ASCII
// word to dst.
func asciiNormShape(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case '0' <= c && c <= '9':
			c = '0'
		}
		dst = append(dst, c)
	}
	var last byte
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c = 'X'
		case 'a' <= c && c <= 'z':
			c = 'x'
		case '0' <= c && c <= '9':
			c = 'd'
		}
		if c == last {
			if run++; run > 2 {
				continue
			}
		} else {
			run, last = 1, c
		}
		dst = append(dst, c)
	}
	return dst
}

// tagContext is the per-sentence state of tagging.
type tagContext struct {
	info  []tokInfo
	title uint64 // 1 when most words of the sentence are capitalised
	first []int  // the first pass's classes, for the second pass; else nil
	buf   []byte // scratch for normalised words and shapes
}

// reset computes the token information of a sentence; amb maps the hash of
// a frequent normalised word to its ambiguity class.
func (c *tagContext) reset(forms []string, amb map[uint64]uint32) {
	c.info = c.info[:0]
	c.first = nil
	for _, f := range forms {
		ti := newTokInfoWith(&c.buf, f)
		if a, ok := amb[ti.norm]; ok {
			ti.amb = uint64(a) + 1
		}
		c.info = append(c.info, ti)
	}
	caps := 0
	for _, ti := range c.info {
		if ti.upper {
			caps++
		}
	}
	c.title = 0
	if len(c.info) >= 3 && 2*caps > len(c.info) {
		c.title = 1
	}
}

// ambiguityClasses maps every normalised word seen at least minCount times
// to the set of tags it was seen with (tags seen only once are left out as
// noise), numbered. Knowing which tags the next words can take gives the
// left-to-right tagger a cheap look-ahead.
func ambiguityClasses(forms [][]string, gold [][]int) map[uint64]uint32 {
	const minCount = 5
	counts := map[uint64]map[int]int{}
	for i, fs := range forms {
		for j, f := range fs {
			h := hashString(normWord(f))
			m := counts[h]
			if m == nil {
				m = map[int]int{}
				counts[h] = m
			}
			m[gold[i][j]]++
		}
	}
	ids := map[string]uint32{}
	amb := map[uint64]uint32{}
	// Number the classes in a fixed order so that training is repeatable.
	words := make([]uint64, 0, len(counts))
	for h := range counts {
		words = append(words, h)
	}
	slices.Sort(words)
	for _, h := range words {
		m := counts[h]
		total := 0
		var set []int
		for c, n := range m {
			total += n
			if n >= 2 {
				set = append(set, c)
			}
		}
		if total < minCount {
			continue
		}
		sort.Ints(set)
		key := fmt.Sprint(set)
		id, ok := ids[key]
		if !ok {
			id = uint32(len(ids))
			ids[key] = id
		}
		amb[h] = id
	}
	return amb
}

// features appends the features of token i given the two previous tags
// (class numbers, -1 before the sentence start).
func (c *tagContext) features(dst []uint64, i int, prev, prev2 int) []uint64 {
	in := c.info
	t := &in[i]
	wm1, wm2, wp1, wp2 := hStart, hStart, hEnd, hEnd
	sm1, sp1, shp1 := hStart, hEnd, hEnd
	am1, ap1, ap2 := hStart, hEnd, hEnd
	if i >= 1 {
		wm1, sm1, am1 = in[i-1].norm, in[i-1].suf[2], in[i-1].amb
	}
	if i >= 2 {
		wm2 = in[i-2].norm
	}
	if i+1 < len(in) {
		wp1, sp1, shp1, ap1 = in[i+1].norm, in[i+1].suf[2], in[i+1].shape, in[i+1].amb
	}
	if i+2 < len(in) {
		wp2, ap2 = in[i+2].norm, in[i+2].amb
	}
	p1, p2 := uint64(prev+2), uint64(prev2+2)
	capm1, capp1 := uint64(2), uint64(2)
	shm1 := hStart
	if i >= 1 {
		capm1, shm1 = b2u(in[i-1].upper), in[i-1].shape
	}
	if i+1 < len(in) {
		capp1 = b2u(in[i+1].upper)
	}
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	if t.upper {
		first |= 2
	}
	dst = append(dst,
		feat1(tBias, 0),
		feat1(tWord, t.norm),
		feat1(tSuf1, t.suf[0]),
		feat1(tSuf2, t.suf[1]),
		feat1(tSuf3, t.suf[2]),
		feat1(tSuf4, t.suf[3]),
		feat1(tSuf5, t.suf[4]),
		feat1(tPre1, t.pre[0]),
		feat1(tPre2, t.pre[1]),
		feat1(tPre3, t.pre[2]),
		feat1(tShape, t.shape),
		feat1(tForm, t.form),
		feat1(tPrev, p1),
		feat2(tPrev2, p1, p2),
		feat2(tPrevWord, p1, t.norm),
		feat1(tWordM1, wm1),
		feat1(tWordM2, wm2),
		feat1(tWordP1, wp1),
		feat1(tWordP2, wp2),
		feat1(tSufM1, sm1),
		feat1(tSufP1, sp1),
		feat2(tBigramM1, wm1, t.norm),
		feat2(tBigramP1, t.norm, wp1),
		feat2(tFirstCap, first, t.shape),
		feat2(tPrevNext, p1, wp1),
		feat1(tPrevTwo, p2),
		feat2(tShapeP1, t.shape, shp1),
		feat1(tAmb, t.amb),
		feat1(tAmbP1, ap1),
		feat2(tAmbP2, ap1, ap2),
		feat1(tAmbM1, am1),
		feat2(tWordAmbP1, t.norm, ap1),
		feat2(tPrevAmb, p1, t.amb),
		feat3(tCapCtx, capm1, first, capp1),
		feat2(tPrevShape, p1, t.shape),
		feat2(tTitle, c.title, first),
		feat2(tShapeM1, shm1, t.shape),
	)
	if c.first == nil {
		return dst
	}
	fc := func(j int) uint64 {
		if j < 0 || j >= len(c.first) {
			return 0
		}
		return uint64(c.first[j] + 1)
	}
	f0, f1, f2 := fc(i), fc(i+1), fc(i+2)
	return append(dst,
		feat1(tF0, f0),
		feat1(tF1, f1),
		feat2(tF12, f1, f2),
		feat2(tF1Word, f1, t.norm),
		feat2(tPrevF1, p1, f1),
		feat2(tF0F1, f0, f1),
		feat2(tFm1, fc(i-1), f0),
	)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
