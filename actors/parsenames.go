package actors

import (
	"github.com/dyad-events/dyad"
)

// NameSpans returns the token ranges [start, end) of the multi-word proper
// names, and the one-word names written as acronyms, in a sentence that has tokens but no syntax yet: the dictionary's
// names of people, states, organisations and groups, with their titles
// ("Secretary of Defense Lloyd J. Austin III", "Iran's Supreme Leader
// Ayatollah Ali Khamenei"), and a capitalised title followed by names the
// dictionary does not know ("Foreign Minister Radosław Sikorski"). The
// parser reads each as one word, so that a long name cannot lead it astray
// (package pipeline). Only ranges whose words are all capitalised, but for
// the function words inside names, are returned: "Russian forces" is a
// phrase the parser reads well as it is.
func (f *Finder) NameSpans(toks []dyad.Token) [][2]int {
	var out [][2]int
	last := 0
	for _, g := range groupItems(toks, f.match(toks)) {
		start, end := g[0].start, g[len(g)-1].end
		if start < last {
			continue // inside the previous name
		}
		// a title or name followed by capitalised words it does not know
		for end < len(toks) && capitalisedName(toks[end].Text) && end > start {
			end++
		}
		if end-start >= 2 && !properPhrase(toks[start:end]) && acronymName(toks[start].Text) {
			end = start + 1 // "IS militants": the acronym alone is the name
		}
		if end-start == 1 && !acronymName(toks[start].Text) || end-start >= 2 && !properPhrase(toks[start:end]) {
			continue
		}
		out = append(out, [2]int{start, end})
		last = end
	}
	return out
}

// nameFunctionWords may stand inside a proper name in lower case.
var nameFunctionWords = map[string]bool{"of": true, "the": true, "'s": true, "’s": true, "for": true, "and": true,
	"al": true, "el": true, "bin": true, "ibn": true, "de": true, "da": true, "del": true, "van": true, "von": true,
	"-": true, "'": true, "’": true, ".": true, "on": true}

func properPhrase(toks []dyad.Token) bool {
	if !capitalisedName(toks[0].Text) || !capitalisedName(toks[len(toks)-1].Text) {
		return false
	}
	for _, t := range toks {
		if !capitalisedName(t.Text) && !nameFunctionWords[t.Text] {
			return false
		}
	}
	return true
}

func capitalisedName(s string) bool { return s != "" && startsUpper(s) }

// acronymName reports whether a one-word name is an acronym in capitals
// ("IS", "US", "UN", "RSF"), which a tagger trained on ordinary text may
// read as a common word ("IS" as "is").
func acronymName(w string) bool {
	if len(w) < 2 || len(w) > 5 {
		return false
	}
	for _, r := range w {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
