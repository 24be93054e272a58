package syntax

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// The lemmatiser looks a word up in a lexicon learnt from the treebank (by
// exact form and XPOS, then lower-cased form and XPOS) and otherwise applies
// the most frequent suffix rule learnt for the longest matching ending of a
// word with the same XPOS. Proper nouns keep their case; other words are
// lemmatised lower-cased.

// maxRuleSuffix is the longest word ending a lemma rule is keyed on.
const maxRuleSuffix = 5

// lemmaRule rewrites a word by removing Strip bytes from its end and
// appending Add.
type lemmaRule struct {
	Strip int
	Add   string
}

type lemmatizer struct {
	lex   map[string]string    // xpos "\x00" form -> lemma
	rules map[string]lemmaRule // xpos "\x00" ending -> rule
}

// keepsCase reports whether words of this XPOS keep their case in the
// lemma (proper nouns and addresses such as Space.com do).
func keepsCase(xpos string) bool { return xpos == "NNP" || xpos == "NNPS" || xpos == "ADD" }

func lexKey(xpos, form string) string { return xpos + "\x00" + form }

func (l *lemmatizer) lemma(form, xpos string) string {
	var buf []byte
	return l.lemmaWith(&buf, form, xpos)
}

// lemmaWith is lemma with a scratch buffer for the lookup keys, which
// saves building a string per lookup.
func (l *lemmatizer) lemmaWith(buf *[]byte, form, xpos string) string {
	key := func(s string) []byte {
		b := append(append(append((*buf)[:0], xpos...), 0), s...)
		*buf = b
		return b
	}
	if lem, ok := l.lex[string(key(form))]; ok {
		return lem
	}
	w := form
	if !keepsCase(xpos) {
		w = strings.ToLower(form)
		if lem, ok := l.lex[string(key(w))]; ok {
			return lem
		}
	}
	if xpos == "NNP" || xpos == "ADD" {
		// An unknown singular name is its own lemma; suffix rules learnt
		// from a few names only mangle others ("KENNEDY" -> "KENindy").
		return form
	}
	for k := min(maxRuleSuffix, len(w)); k >= 0; k-- {
		r, ok := l.rules[string(key(w[len(w)-k:]))]
		if !ok || r.Strip > len(w) {
			continue
		}
		// Rules count bytes: one learnt on "'m" must not cut "´m" inside
		// its first character.
		cut := len(w) - r.Strip
		if cut < len(w) && !utf8.RuneStart(w[cut]) {
			continue
		}
		if lem := w[:cut] + r.Add; utf8.ValidString(lem) {
			return lem
		}
	}
	return w
}

// ruleFor returns the rule that turns w into lemma.
func ruleFor(w, lemma string) lemmaRule {
	p := 0
	for p < len(w) && p < len(lemma) && w[p] == lemma[p] {
		p++
	}
	// Keep whole characters on both sides of the cut.
	for p > 0 && (p < len(w) && !utf8.RuneStart(w[p]) || p < len(lemma) && !utf8.RuneStart(lemma[p])) {
		p--
	}
	return lemmaRule{Strip: len(w) - p, Add: lemma[p:]}
}

// trainLemmatizer learns the lexicon and the suffix rules from gold
// sentences.
func trainLemmatizer(sents []Sentence) *lemmatizer {
	type key struct{ k, lemma string }
	lexCount := map[key]int{}
	ruleCount := map[string]map[lemmaRule]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			if w.Lemma == "" || w.Lemma == "_" && w.Form != "_" {
				// No gold lemma to learn from.
				continue
			}
			lexCount[key{lexKey(w.XPOS, w.Form), w.Lemma}]++
			form, lemma := w.Form, w.Lemma
			if !keepsCase(w.XPOS) {
				form = strings.ToLower(form)
				lexCount[key{lexKey(w.XPOS, form), lemma}]++
				if strings.ToLower(lemma) != lemma {
					// Rules are learnt on lower-cased words, so they only
					// learn from lemmas that are lower-case too.
					continue
				}
			}
			r := ruleFor(form, lemma)
			for k := 0; k <= min(maxRuleSuffix, len(form)); k++ {
				rk := lexKey(w.XPOS, form[len(form)-k:])
				m := ruleCount[rk]
				if m == nil {
					m = map[lemmaRule]int{}
					ruleCount[rk] = m
				}
				m[r]++
			}
		}
	}
	l := &lemmatizer{lex: map[string]string{}, rules: map[string]lemmaRule{}}
	best := map[string]int{}
	keys := make([]key, 0, len(lexCount))
	for k := range lexCount {
		keys = append(keys, k)
	}
	// Deterministic tie-breaking: sort, then keep the first maximum.
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].k != keys[j].k {
			return keys[i].k < keys[j].k
		}
		return keys[i].lemma < keys[j].lemma
	})
	for _, k := range keys {
		if n := lexCount[k]; n > best[k.k] {
			best[k.k] = n
			l.lex[k.k] = k.lemma
		}
	}
	for rk, m := range ruleCount {
		var br lemmaRule
		bn := 0
		for r, n := range m {
			if n > bn || n == bn && (r.Strip < br.Strip || r.Strip == br.Strip && r.Add < br.Add) {
				br, bn = r, n
			}
		}
		l.rules[rk] = br
	}
	// A rule for an ending is redundant when the next shorter ending has
	// the same rule, since lookup falls back to it.
	var redundant []string
	for rk, r := range l.rules {
		i := strings.IndexByte(rk, 0)
		end := rk[i+1:]
		if end == "" {
			continue
		}
		if l.rules[rk[:i+1]+end[1:]] == r {
			redundant = append(redundant, rk)
		}
	}
	for _, rk := range redundant {
		delete(l.rules, rk)
	}
	// Drop lexicon entries the rules already get right, to keep the model
	// small.
	lexKeys := make([]string, 0, len(l.lex))
	for k := range l.lex {
		lexKeys = append(lexKeys, k)
	}
	sort.Strings(lexKeys)
	for _, k := range lexKeys {
		lem := l.lex[k]
		i := strings.IndexByte(k, 0)
		xpos, form := k[:i], k[i+1:]
		delete(l.lex, k)
		if l.lemma(form, xpos) != lem {
			l.lex[k] = lem
		}
	}
	return l
}
