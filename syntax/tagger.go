package syntax

import (
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
	n := normWord(form)
	ti := tokInfo{norm: hashString(n), form: hashString(form), shape: hashString(wordShape(form))}
	for k := 1; k <= 5; k++ {
		if k <= len(n) {
			ti.suf[k-1] = hashString(n[len(n)-k:])
		} else {
			ti.suf[k-1] = hashString(n)
		}
	}
	for k := 1; k <= 3; k++ {
		if k <= len(n) {
			ti.pre[k-1] = hashString(n[:k])
		} else {
			ti.pre[k-1] = hashString(n)
		}
	}
	r, _ := utf8.DecodeRuneInString(form)
	ti.upper = unicode.IsUpper(r)
	return ti
}

// tagContext is the per-sentence state of tagging.
type tagContext struct {
	info []tokInfo
}

func (c *tagContext) reset(forms []string) {
	c.info = c.info[:0]
	for _, f := range forms {
		c.info = append(c.info, newTokInfo(f))
	}
}

// features appends the features of token i given the two previous tags
// (class numbers, -1 before the sentence start).
func (c *tagContext) features(dst []uint64, i int, prev, prev2 int) []uint64 {
	in := c.info
	t := &in[i]
	wm1, wm2, wp1, wp2 := hStart, hStart, hEnd, hEnd
	sm1, sp1, shp1 := hStart, hEnd, hEnd
	if i >= 1 {
		wm1, sm1 = in[i-1].norm, in[i-1].suf[2]
	}
	if i >= 2 {
		wm2 = in[i-2].norm
	}
	if i+1 < len(in) {
		wp1, sp1, shp1 = in[i+1].norm, in[i+1].suf[2], in[i+1].shape
	}
	if i+2 < len(in) {
		wp2 = in[i+2].norm
	}
	p1, p2 := uint64(prev+2), uint64(prev2+2)
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	if t.upper {
		first |= 2
	}
	return append(dst,
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
	)
}
