package actors

import (
	"strings"

	"github.com/dyad-events/dyad"
)

// MayMention reports, for each sentence of doc, whether Annotate can find
// an actor mention in it, judged from the token texts alone, before any
// tagging or parsing: a sentence without a mention yields no event, so it
// needs no syntax. It answers yes for every sentence where Annotate could
// find one:
//
//   - a dictionary phrase matches in the sentence (any kind of entry, role
//     words included; names only where they start with a capital letter,
//     as in Annotate);
//   - or the sentence has a pronoun that Annotate resolves ("he", "its")
//     and a dictionary phrase matches in it or in one of the pronounWindow
//     sentences before it, where its antecedent would be. ("They" and
//     "their" resolve only to an actor of their own sentence.)
//
// Sentences marked Skip get no mentions and give no antecedents.
func (f *Finder) MayMention(doc *dyad.Document) []bool {
	may := make([]bool, len(doc.Sentences))
	lastMatch := -pronounWindow - 1 // the last sentence with a dictionary phrase
	for si := range doc.Sentences {
		s := &doc.Sentences[si]
		if s.Skip {
			continue
		}
		if len(f.match(s.Tokens)) > 0 {
			may[si], lastMatch = true, si
			continue
		}
		if si-lastMatch <= pronounWindow && hasPronoun(s.Tokens) {
			may[si] = true
		}
	}
	return may
}

// hasPronoun reports whether toks have a pronoun that Annotate resolves
// against earlier sentences.
func hasPronoun(toks []dyad.Token) bool {
	for _, t := range toks {
		if len(t.Text) <= 3 {
			if _, ok := pronouns[strings.ToLower(t.Text)]; ok {
				return true
			}
		}
	}
	return false
}
