package coding

// HasHead reports whether the lexicon has a pattern for a verb lemma (or,
// with noun, a noun lemma). Package petrarch uses it to add PETRARCH
// patterns only for heads dyad's own lexicon does not cover.
func (l *Lexicon) HasHead(head string, noun bool) bool {
	if noun {
		return len(l.nouns[head]) > 0
	}
	return len(l.verbs[head]) > 0
}
