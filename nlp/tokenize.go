package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
)

// tokenize splits one line (starting at byte offset b0 and code-point offset
// r0 of the document) into tokens with document spans.
func tokenize(line string, b0, r0 int) []dyad.Token {
	var toks []dyad.Token
	// pieces are whitespace-separated chunks, with their rune offsets.
	r := r0
	i := 0
	for i < len(line) {
		c, n := utf8.DecodeRuneInString(line[i:])
		if unicode.IsSpace(c) {
			i += n
			r++
			continue
		}
		j, rj := i, r
		for j < len(line) {
			c2, n2 := utf8.DecodeRuneInString(line[j:])
			if unicode.IsSpace(c2) {
				break
			}
			j += n2
			rj++
		}
		toks = splitChunk(toks, line[i:j], r)
		i, r = j, rj
	}
	return toks
}

// splitChunk splits a whitespace-free chunk into tokens.
func splitChunk(toks []dyad.Token, chunk string, r int) []dyad.Token {
	emit := func(s string, at int) {
		toks = append(toks, dyad.Token{Text: s, Span: dyad.Span{at, at + utf8.RuneCountInString(s)}, Head: -1})
	}
	// Leading punctuation.
	for chunk != "" {
		c, n := utf8.DecodeRuneInString(chunk)
		if !isLeadPunct(c) {
			break
		}
		emit(chunk[:n], r)
		chunk, r = chunk[n:], r+1
	}
	// Trailing punctuation, collected in reverse.
	var tail []string
	for chunk != "" {
		c, n := utf8.DecodeLastRuneInString(chunk)
		if c == '.' {
			// Keep the period of abbreviations and initials ("U.S.", "Gen.", "J.").
			if isAbbreviation(chunk) {
				break
			}
		} else if !isTrailPunct(c) {
			break
		}
		tail = append(tail, chunk[len(chunk)-n:])
		chunk = chunk[:len(chunk)-n]
	}
	// Clitics: n't, 's, 're, 've, 'll, 'd, 'm (straight or curly apostrophe).
	var clitic string
	if chunk != "" {
		lower := strings.ToLower(chunk)
		for _, cl := range clitics {
			if len(lower) > len(cl) && strings.HasSuffix(lower, cl) {
				// UD splits "can't" as "ca n't" and "won't" as "wo n't".
				cut := len(chunk) - len(cl)
				clitic, chunk = chunk[cut:], chunk[:cut]
				break
			}
		}
	}
	if chunk != "" {
		for _, part := range splitInner(chunk) {
			emit(part, r)
			r += utf8.RuneCountInString(part)
		}
	}
	if clitic != "" {
		emit(clitic, r)
		r += utf8.RuneCountInString(clitic)
	}
	for k := len(tail) - 1; k >= 0; k-- {
		emit(tail[k], r)
		r += utf8.RuneCountInString(tail[k])
	}
	return toks
}

var clitics = []string{"n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m"}

// splitInner splits hyphens and slashes between words ("Israel-Iran",
// "long-term", "U.S.-EU") and em dashes, as UD English does; numbers
// ("1-0") and abbreviations stay whole.
func splitInner(s string) []string {
	var parts []string
	start := 0
	for i, c := range s {
		// "U.S.-EU", "U.S.-China": an abbreviation's full stop before the
		// hyphen of a compound of names.
		afterAbbrev := c == '-' && i > 1 && s[i-1] == '.' && i+1 < len(s) && isUpperAt(s, i+1)
		if c == '—' || c == '–' || afterAbbrev || ((c == '-' || c == '/') && i > 0 && i+1 < len(s) && isLetterByte(s, i-1) && isLetterAt(s, i+1)) {
			if i > start {
				parts = append(parts, s[start:i])
			}
			parts = append(parts, string(c))
			start = i + utf8.RuneLen(c)
		}
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

func isLetterByte(s string, i int) bool {
	c, _ := utf8.DecodeLastRuneInString(s[:i+1])
	return unicode.IsLetter(c)
}

func isUpperAt(s string, i int) bool {
	c, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(c)
}

func isLetterAt(s string, i int) bool {
	c, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(c)
}

func isLeadPunct(c rune) bool {
	return strings.ContainsRune("\"“‘'([{«—–-*•#$", c)
}

func isTrailPunct(c rune) bool {
	return strings.ContainsRune("\"”’',;:!?)]}»…—–%", c)
}

// isAbbreviation reports whether a chunk ending in "." keeps its period:
// known abbreviations, dotted acronyms ("U.S.", "a.m."), single initials.
func isAbbreviation(chunk string) bool {
	lower := strings.ToLower(chunk)
	if abbreviations[lower] {
		return true
	}
	body := chunk[:len(chunk)-1]
	if strings.Contains(body, ".") {
		// dotted acronym: letters separated by dots
		for _, p := range strings.Split(body, ".") {
			if utf8.RuneCountInString(p) > 2 {
				return false
			}
		}
		return true
	}
	if utf8.RuneCountInString(body) == 1 {
		c, _ := utf8.DecodeRuneInString(body)
		return unicode.IsUpper(c)
	}
	return false
}
