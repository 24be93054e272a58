package nlp

import "strings"

// pronouns are the English words that stand for an actor without naming
// it: an actor mention that is only one of them has no name of its own.
var pronouns = map[string]bool{
	"i": true, "me": true, "we": true, "us": true, "you": true, "he": true, "him": true, "she": true, "her": true,
	"it": true, "they": true, "them": true, "its": true, "their": true, "his": true, "our": true, "my": true,
	"this": true, "that": true, "these": true, "those": true, "who": true, "which": true,
}

// IsPronoun reports whether a word (any case) is a pronoun.
func IsPronoun(word string) bool { return pronouns[strings.ToLower(strings.TrimSpace(word))] }
