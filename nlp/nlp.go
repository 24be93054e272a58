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
		heading := isHeading(toks)
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
				// A heading is skipped whole; page furniture (a
				// credit, a follow prompt) sentence by sentence, so
				// that the news around it keeps its events.
				Skip: heading || isBoilerplate(sent),
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

// isHeading reports whether a line is a heading rather than prose: empty,
// or short, without final punctuation and in Title Case. A headline
// written as a sentence ("Israel strikes targets in Lebanon, army says")
// is news and is kept.
func isHeading(toks []dyad.Token) bool {
	if len(toks) == 0 {
		return true
	}
	last := toks[len(toks)-1].Text
	return len(toks) <= 14 && !strings.ContainsAny(last, ".!?:\"”’'") && titleCase(toks)
}

// isBoilerplate reports whether a sentence is page furniture rather than
// news: a photo credit or a byline note (by how it starts), a phrase only
// pages use ("all rights reserved"), or a prompt to the reader. The words
// of a prompt ("subscribe to", "follow us", "click the", "cookies") also
// occur in news ("Hungary said it does not subscribe to the EU
// position"), so they make a sentence furniture only when it speaks to
// the reader: the prompt's verb stands first as a command ("Click the
// button", "For more, subscribe to …", "Please follow us"), or the
// sentence says "you", "your" or "this page".
func isBoilerplate(sent []dyad.Token) bool {
	if len(sent) == 0 {
		return true
	}
	lower := strings.ToLower(tokensText(sent))
	for _, p := range boilerplatePrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	for _, p := range creditPrefixes {
		if strings.HasPrefix(lower, p) || strings.HasPrefix(lower, "( "+p) {
			return true
		}
	}
	for _, p := range boilerplatePhrases {
		if strings.Contains(lower, p) {
			return true
		}
	}
	prompt := false
	for _, p := range promptPhrases {
		if strings.Contains(lower, p) {
			prompt = true
			break
		}
	}
	if !prompt {
		return false
	}
	// Quoted speech addresses its hearer, not the reader.
	return commandFirst(sent) || (!quotes(sent) && addressesReader(sent))
}

// quotes reports whether a sentence has a quotation mark.
func quotes(sent []dyad.Token) bool {
	for _, t := range sent {
		if strings.ContainsAny(t.Text, "\"“”") {
			return true
		}
	}
	return false
}

// tokensText joins the tokens of a sentence with single spaces, so that
// phrases match however the text was spaced.
func tokensText(toks []dyad.Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// addressesReader reports whether a sentence speaks to its reader.
func addressesReader(sent []dyad.Token) bool {
	for i, t := range sent {
		w := strings.ToLower(t.Text)
		if readerWords[w] {
			return true
		}
		if w == "this" && i+1 < len(sent) && readerPlaces[strings.ToLower(sent[i+1].Text)] {
			return true
		}
	}
	return false
}

// commandFirst reports whether a sentence opens with a command to the
// reader: a prompt verb first, after "please", or first after an opening
// phrase ended by a comma ("For more stories like it, click …", "To get
// alerts, sign up …").
func commandFirst(sent []dyad.Token) bool {
	i := 0
	if strings.EqualFold(sent[0].Text, "please") {
		i = 1
	}
	if i < len(sent) && promptVerbs[strings.ToLower(strings.TrimPrefix(sent[i].Text, "+"))] {
		return true
	}
	if !openers[strings.ToLower(sent[0].Text)] {
		return false
	}
	for j := 1; j+1 < len(sent) && j <= 16; j++ {
		if sent[j].Text == "," {
			k := j + 1
			if strings.EqualFold(sent[k].Text, "please") && k+1 < len(sent) {
				k++
			}
			return promptVerbs[strings.ToLower(sent[k].Text)]
		}
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

// boilerplatePrefixes open a sentence that is page furniture: credits,
// bylines, links and prompts.
var boilerplatePrefixes = []string{
	"featured image", "image credit", "image :", "photo :", "photo credit", "photograph :", "picture :",
	"( ap photo", "( reuters", "credit :", "file photo", "copyright", "©", "all rights reserved",
	"read more", "related :", "related coverage", "advertisement", "share this", "sign up", "subscribe",
	"click here", "tags :",
}

// creditPrefixes open a credit, bare or in brackets: "(Reporting by …)".
var creditPrefixes = []string{
	"reporting by", "editing by", "writing by", "additional reporting", "compiled by",
}

// boilerplatePhrases occur only in page furniture, wherever they stand.
var boilerplatePhrases = []string{
	"+follow", "our newsletter", "getty images", "all rights reserved", "share on facebook", "share on twitter",
	"follow us on", "sign up for our", "subscribe to our", "click here", "this website uses cookies",
	"this site uses cookies",
}

// promptPhrases make a sentence furniture only when it speaks to the
// reader (see isBoilerplate).
var promptPhrases = []string{
	"subscribe", "sign up", "click", "follow us", "cookie", "newsletter", "download the", "share this",
	"tap the", "read more", "log in", "register",
}

// promptVerbs are the verbs of prompts, as commands.
var promptVerbs = map[string]bool{
	"subscribe": true, "sign": true, "click": true, "follow": true, "tap": true, "download": true,
	"share": true, "read": true, "register": true, "log": true, "accept": true, "join": true, "like": true,
	"get": true, "listen": true, "watch": true, "visit": true,
}

// openers start a phrase that can lead into a command: "For more …,",
// "To get …,", "If you …,".
var openers = map[string]bool{"for": true, "to": true, "if": true, "by": true, "when": true}

// readerWords address the reader.
var readerWords = map[string]bool{"you": true, "your": true, "yours": true}

// readerPlaces follow "this" in a sentence about the page: "this page".
var readerPlaces = map[string]bool{"page": true, "site": true, "website": true, "article": true, "story": true, "app": true}

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
