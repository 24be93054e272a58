// Package nlp splits a document into sentences and tokens, each with its
// character span in the document text. It is the stage before syntax: it
// knows nothing about parts of speech, only where words and sentences are.
//
// Tokenisation follows Universal Dependencies English conventions (the
// conventions the syntax model was trained on): clitics ("n't", "'s") and
// hyphens between words are split off, abbreviations ("U.S.", "Gen.") stay
// whole.
package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
)

// Segment fills doc.Sentences with sentences and tokens. Each line of the
// text is a paragraph; sentences never cross a line break. Lines that are
// not article prose (image credits, follow prompts, headings) are marked
// Skip.
func Segment(doc *dyad.Document) {
	doc.Sentences = doc.Sentences[:0]
	text := doc.Text
	runeOff := 0 // code-point offset of the current byte position
	byteOff := 0
	for byteOff < len(text) {
		end := strings.IndexByte(text[byteOff:], '\n')
		if end < 0 {
			end = len(text) - byteOff
		}
		line := text[byteOff : byteOff+end]
		toks := tokenize(line, byteOff, runeOff)
		skip := isBoilerplate(line, toks)
		sents := splitSentences(toks)
		// A dateline ("WASHINGTON (Reuters) -") says where the story was
		// filed; it stands apart, unparsed, so the parser and the actor
		// finder see the sentence as written.
		var dateline []dyad.Token
		if len(sents) > 0 {
			if end := datelineEnd(sents[0]); end > 0 && end < len(sents[0]) {
				dateline, sents[0] = sents[0][:end], sents[0][end:]
			}
		}
		if dateline != nil {
			doc.Sentences = append(doc.Sentences, dyad.Sentence{
				Index: len(doc.Sentences), Tokens: dateline, Skip: true,
				Span: dyad.Span{dateline[0].Span[0], dateline[len(dateline)-1].Span[1]},
			})
			last := &doc.Sentences[len(doc.Sentences)-1]
			last.Text = substring(text, byteOff, runeOff, last.Span)
		}
		for _, sent := range sents {
			first, last := sent[0], sent[len(sent)-1]
			s := dyad.Sentence{
				Index:  len(doc.Sentences),
				Span:   dyad.Span{first.Span[0], last.Span[1]},
				Tokens: sent,
				Skip:   skip,
			}
			s.Text = substring(text, byteOff, runeOff, s.Span)
			doc.Sentences = append(doc.Sentences, s)
		}
		runeOff += utf8.RuneCountInString(line) + 1
		byteOff += end + 1
	}
}

// substring returns text[span] given that byte offset b corresponds to
// code-point offset r and span starts at or after r.
func substring(text string, b, r int, span dyad.Span) string {
	for r < span[0] {
		_, n := utf8.DecodeRuneInString(text[b:])
		b += n
		r++
	}
	start := b
	for r < span[1] {
		_, n := utf8.DecodeRuneInString(text[b:])
		b += n
		r++
	}
	return text[start:b]
}

// datelineEnd returns the index of the first token after a newswire
// dateline at the start of a sentence — place names in capitals, then a
// date or an agency in brackets, then a dash — or 0 if there is none.
func datelineEnd(toks []dyad.Token) int {
	if len(toks) < 3 || !allCaps(toks[0].Text) {
		return 0
	}
	for i := 1; i < len(toks) && i <= 12; i++ {
		t := toks[i].Text
		r, _ := utf8.DecodeRuneInString(t)
		switch {
		case t == "-" || t == "—" || t == "–" || t == "--":
			return i + 1
		case allCaps(t), t == ",", t == "(", t == ")", t == ".", unicode.IsUpper(r) && i > 1, unicode.IsDigit(r):
		default:
			return 0
		}
	}
	return 0
}

func allCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// isBoilerplate reports whether a line is page furniture rather than prose:
// photo credits, follow/subscribe prompts, and headings (short lines with no
// sentence punctuation).
func isBoilerplate(line string, toks []dyad.Token) bool {
	lower := strings.ToLower(strings.TrimSpace(line))
	for _, p := range boilerplatePrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	for _, p := range boilerplatePhrases {
		if strings.Contains(lower, p) {
			return true
		}
	}
	if len(toks) == 0 {
		return true
	}
	// A heading: short, no final punctuation, and in Title Case. A
	// headline written as a sentence ("Israel strikes targets in Lebanon,
	// army says") is news and is kept.
	last := toks[len(toks)-1].Text
	if len(toks) <= 14 && !strings.ContainsAny(last, ".!?:\"”’'") && titleCase(toks) {
		return true
	}
	return false
}

// titleCase reports whether most words of a line start with a capital,
// small function words aside.
func titleCase(toks []dyad.Token) bool {
	words, upper := 0, 0
	for _, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.Text)
		if !unicode.IsLetter(r) || smallWords[strings.ToLower(t.Text)] {
			continue
		}
		words++
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return words > 0 && upper*4 >= words*3
}

var smallWords = map[string]bool{"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "of": true,
	"in": true, "on": true, "at": true, "to": true, "for": true, "with": true, "by": true, "from": true, "as": true, "vs": true}

var boilerplatePrefixes = []string{
	"featured image", "image credit", "image:", "photo:", "photo credit", "photograph:", "picture:",
	"(ap photo", "(reuters", "credit:", "file photo", "copyright", "©", "all rights reserved",
	"read more", "related:", "related coverage", "advertisement", "share this", "sign up", "subscribe",
	"click here", "tags:", "reporting by", "editing by", "writing by", "additional reporting",
}

var boilerplatePhrases = []string{
	"follow us", "+follow", "click the", "our newsletter", "sign up for", "subscribe to",
	"getty images", "all rights reserved", "cookie", "share on facebook", "share on twitter",
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "prof.": true, "gen.": true, "lt.": true, "col.": true,
	"maj.": true, "capt.": true, "sgt.": true, "adm.": true, "gov.": true, "sen.": true, "rep.": true, "rev.": true,
	"st.": true, "sr.": true, "jr.": true, "no.": true, "vs.": true, "etc.": true, "inc.": true, "corp.": true,
	"ltd.": true, "co.": true, "jan.": true, "feb.": true, "mar.": true, "apr.": true, "jun.": true, "jul.": true,
	"aug.": true, "sep.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true, "a.m.": true, "p.m.": true,
	"u.s.": true, "u.k.": true, "u.n.": true, "e.u.": true, "d.c.": true, "i.e.": true, "e.g.": true, "pres.": true,
	"gens.": true, "sens.": true, "reps.": true, "ft.": true, "mt.": true, "approx.": true, "dept.": true, "est.": true,
}

// sentenceFinalAbbrevs can also end a sentence ("… in the U.S. The next …"):
// they end one when the next word is capitalised and not a name-like
// continuation. We accept the split when the next token starts a typical
// sentence opener.
var sentenceOpeners = map[string]bool{
	"the": true, "a": true, "an": true, "it": true, "he": true, "she": true, "they": true, "we": true, "i": true,
	"this": true, "that": true, "but": true, "and": true, "in": true, "on": true, "at": true, "officials": true,
	"there": true, "his": true, "her": true, "their": true, "its": true, "however": true, "meanwhile": true,
}

// splitSentences splits the tokens of one line into sentences.
func splitSentences(toks []dyad.Token) [][]dyad.Token {
	var out [][]dyad.Token
	start := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i].Text
		end := false
		switch {
		case t == "." || t == "!" || t == "?" || t == "…" || strings.HasSuffix(t, "?!") || t == "...":
			end = true
		case strings.HasSuffix(t, ".") && len(t) > 1:
			// an abbreviation kept whole: ends a sentence only before an opener
			if i+1 < len(toks) && sentenceOpeners[strings.ToLower(toks[i+1].Text)] && abbreviations[strings.ToLower(t)] && isUpperInitial(toks[i+1].Text) {
				end = true
			}
		}
		if !end {
			continue
		}
		// Closing quotes and brackets belong to the sentence they close.
		for i+1 < len(toks) && isCloser(toks[i+1].Text) {
			i++
		}
		// Only split before something that can start a sentence.
		if i+1 < len(toks) && !canStart(toks[i+1].Text) {
			continue
		}
		out = append(out, toks[start:i+1])
		start = i + 1
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

func isCloser(s string) bool {
	switch s {
	case "\"", "”", "’", "'", ")", "]", "»":
		return true
	}
	return false
}

func canStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'(«[", r)
}

func isUpperInitial(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
