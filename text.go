package dyad

import "unicode/utf8"

// TextIndex maps code-point offsets (the unit of Span) to byte offsets of
// one text, so that spans can be cut from it in constant time.
type TextIndex struct {
	text  string
	bytes []int // bytes[i] is the byte offset of code point i; one extra at the end
}

// NewTextIndex indexes text.
func NewTextIndex(text string) *TextIndex {
	idx := &TextIndex{text: text, bytes: make([]int, 0, len(text)+1)}
	for i := range text {
		idx.bytes = append(idx.bytes, i)
	}
	idx.bytes = append(idx.bytes, len(text))
	return idx
}

// Slice returns the text of a span, clamped to the text.
func (x *TextIndex) Slice(s Span) string {
	n := len(x.bytes) - 1
	a, b := clamp(s[0], 0, n), clamp(s[1], 0, n)
	if b < a {
		return ""
	}
	return x.text[x.bytes[a]:x.bytes[b]]
}

// Len returns the number of code points in the text.
func (x *TextIndex) Len() int { return len(x.bytes) - 1 }

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// RuneLen is the length of s in code points, the unit of Span.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }
