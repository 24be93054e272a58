package main

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Kinds of derived line.
const (
	kindNoun    = "noun"    // an event noun of a lexicon verb ("invade" → "n:invasion")
	kindSynonym = "synonym" // a synonym of a lexicon verb in its political sense
)

// Line is one derived lexicon line.
type Line struct {
	Kind  string
	Head  string   // the new head: a noun, or a verb ("head_particle" for phrasal verbs)
	Code  string   // the CAMEO code of the pattern it comes from
	Elems []string // elements after the head
	From  handPattern
	Via   string // the WordNet path, for the comment
}

// Text is the line's pattern as the lexicon format writes it.
func (l Line) Text() string {
	h := l.Head
	if l.Kind == kindNoun {
		h = "n:" + h
	}
	return strings.Join(append([]string{h}, l.Elems...), " ")
}

// candidate is one derived head with where it came from: a lexicon verb,
// its WordNet sense, and the word's own sense.
type candidate struct {
	kind      string
	head      string
	verb      string  // the lexicon verb it comes from
	verbSense *Synset // the lexicon verb's political sense
	sense     *Synset // the derived word's sense
	patterns  []handPattern
	tags      int // tag count of the derived word in its sense (cntlist.rev)
}

// Rejection says why a derivation was not written, for the review report.
type Rejection struct {
	Kind, Head, Verb, Reason string
}

// Generator derives lexicon lines from WordNet and the hand lexicon.
type Generator struct {
	WN    *WordNet
	Lex   *handLexicon
	Light map[string]bool
	Stop  *stopList

	roots    map[string]map[string]bool // CAMEO roots of each lexicon verb's patterns
	rejected []Rejection
}

// reject records why a derivation was dropped.
func (g *Generator) reject(kind, head, verb, format string, args ...any) {
	g.rejected = append(g.rejected, Rejection{Kind: kind, Head: head, Verb: verb, Reason: fmt.Sprintf(format, args...)})
}

// politicalSenses returns the senses of a lexicon verb that its patterns
// of a CAMEO root may use, all in one of the root's verb files
// (rootVerbFiles):
//   - its most frequent sense there, if that is one of its first
//     maxVerbSenseRank senses ("invade" for 192: the verb.competition sense
//     "march aggressively into another's territory", not the verb.stative
//     "occupy in large numbers" of plants and parasites);
//   - every sense it shares with another lexicon verb that has patterns of
//     the same root: two lexicon verbs in one synset corroborate that the
//     synset is the political sense ("revoke, lift, reverse, repeal,
//     rescind": all 08).
func (g *Generator) politicalSenses(verb, root string) []sense {
	allowed := map[int]bool{}
	for _, name := range rootVerbFiles[root] {
		if n, ok := lexFileNumber(name); ok {
			allowed[n] = true
		}
	}
	var out []sense
	main := true
	for i, s := range g.WN.Senses(Verb, verb) {
		if !allowed[s.LexFile] {
			continue
		}
		corroborated := false
		for _, w := range s.Words {
			if w.Lemma != verb && g.roots[w.Lemma][root] {
				corroborated = true
			}
		}
		if (main && i+1 <= maxVerbSenseRank) || corroborated {
			out = append(out, sense{s, corroborated})
		}
		main = false
	}
	return out
}

// sense is a political sense of a lexicon verb.
type sense struct {
	*Synset
	corroborated bool // another lexicon verb of the same root shares it
}

// Generate derives all lines, sorted by kind, head and source pattern.
func (g *Generator) Generate() []Line {
	heads, byHead := g.Lex.verbPatterns()
	g.roots = map[string]map[string]bool{}
	for _, h := range heads {
		g.roots[h] = map[string]bool{}
		for _, p := range byHead[h] {
			g.roots[h][p.Code[:2]] = true
		}
	}
	cands := map[string][]*candidate{} // by kind and head
	for _, verb := range heads {
		if g.Light[verb] {
			g.reject("*", verb, verb, "a light verb: its object names the event")
			continue
		}
		// Group the verb's patterns by the senses their roots select.
		bySense := map[*Synset][]handPattern{}
		var order []sense
		for _, p := range byHead[verb] {
			ss := g.politicalSenses(verb, p.Code[:2])
			if len(ss) == 0 {
				g.reject("*", verb, verb, "no political sense for root %s (%s)", p.Code[:2], p.Where)
			}
			for _, s := range ss {
				if _, ok := bySense[s.Synset]; !ok {
					order = append(order, s)
				}
				bySense[s.Synset] = append(bySense[s.Synset], p)
			}
		}
		for _, s := range order {
			for _, c := range g.nouns(verb, s.Synset, bySense[s.Synset]) {
				cands[kindNoun+" "+c.head] = append(cands[kindNoun+" "+c.head], c)
			}
			for _, c := range g.synonyms(verb, s, bySense[s.Synset]) {
				cands[kindSynonym+" "+c.head] = append(cands[kindSynonym+" "+c.head], c)
			}
		}
	}
	var lines []Line
	for _, cs := range cands {
		c := g.choose(cs)
		if c == nil {
			continue
		}
		lines = append(lines, g.lines(c)...)
	}
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Head != b.Head {
			return a.Head < b.Head
		}
		return a.From.Order < b.From.Order
	})
	return lines
}

// nouns follows the verb's derivationally-related-form pointers from its
// sense s to nouns that name the act or event.
func (g *Generator) nouns(verb string, s *Synset, ps []handPattern) []*candidate {
	wi := s.wordIndex(verb)
	var out []*candidate
	seen := map[string]bool{}
	for _, p := range s.Ptrs {
		if p.Symbol != "+" || p.POS != Noun || (p.Src != 0 && p.Src != wi) {
			continue
		}
		t := g.WN.Synset(Noun, p.Offset)
		if t == nil || p.Dst == 0 || p.Dst > len(t.Words) {
			continue
		}
		noun := t.Words[p.Dst-1].Lemma
		if seen[noun] {
			continue
		}
		seen[noun] = true
		rank := g.WN.Rank(noun, t)
		tags, total := g.WN.TagCount(noun, t), g.WN.TotalTagCount(Noun, noun)
		switch {
		case !inFiles(t.LexFile, eventNounFiles):
			g.reject(kindNoun, noun, verb, "sense %s is in %s, not an act or event", t.Offset, lexFiles[t.LexFile])
		case !plainWord(noun):
			g.reject(kindNoun, noun, verb, "not one plain word")
		case !dominant(rank, tags, total):
			g.reject(kindNoun, noun, verb, "not its main sense: rank %d, tagged %d of %d", rank, tags, total)
		case gerund(noun, verb):
			g.reject(kindNoun, noun, verb, "a gerund")
		case g.Lex.nounHeads[noun]:
			g.reject(kindNoun, noun, verb, "the hand-written lexicon has this noun")
		case g.Stop.has(kindNoun, noun, verb):
			g.reject(kindNoun, noun, verb, "stop list: %s", g.Stop.why(kindNoun, noun, verb))
		default:
			out = append(out, &candidate{kind: kindNoun, head: noun, verb: verb, verbSense: s, sense: t,
				patterns: ps, tags: tags})
		}
	}
	return out
}

// synonyms returns the other words of the verb's sense s that have s as
// their own main sense.
func (g *Generator) synonyms(verb string, sn sense, ps []handPattern) []*candidate {
	s := sn.Synset
	vRank, vTags, vTotal := g.WN.Rank(verb, s), g.WN.TagCount(verb, s), g.WN.TotalTagCount(Verb, verb)
	if !sn.corroborated && !dominant(vRank, vTags, vTotal) {
		g.reject(kindSynonym, "*", verb, "its sense %s is not its main one: rank %d, tagged %d of %d", s.Offset, vRank, vTags, vTotal)
		return nil
	}
	var out []*candidate
	for _, w := range s.Words {
		syn := w.Lemma
		if syn == verb {
			continue
		}
		rank := g.WN.Rank(syn, s)
		tags, total := g.WN.TagCount(syn, s), g.WN.TotalTagCount(Verb, syn)
		switch {
		case !verbLemma(syn):
			g.reject(kindSynonym, syn, verb, "not a verb the format can write")
		case strings.Contains(syn, "_") && !strings.Contains(verb, "_"):
			// WordNet's phrasal synonyms of one-word verbs are mostly
			// colloquial ("chew out", "fork over", "bump off").
			g.reject(kindSynonym, syn, verb, "a phrasal synonym of a one-word verb")
		case g.Lex.takenVerb(syn):
			g.reject(kindSynonym, syn, verb, "the hand-written lexicon has this head")
		case g.Light[strings.SplitN(syn, "_", 2)[0]]:
			g.reject(kindSynonym, syn, verb, "a light verb")
		case !dominant(rank, tags, total):
			g.reject(kindSynonym, syn, verb, "not its main sense: rank %d, tagged %d of %d", rank, tags, total)
		case tags >= commonTags && tags > vTags:
			g.reject(kindSynonym, syn, verb, "more common in this sense than the lexicon verb (tagged %d, %s %d)", tags, verb, vTags)
		case g.Stop.has(kindSynonym, syn, verb):
			g.reject(kindSynonym, syn, verb, "stop list: %s", g.Stop.why(kindSynonym, syn, verb))
		default:
			out = append(out, &candidate{kind: kindSynonym, head: syn, verb: verb, verbSense: s, sense: s,
				patterns: ps, tags: tags})
		}
	}
	return out
}

// dominant reports whether a sense is the word's main one: its first
// sense, or the sense of at least half of its tagged uses.
func dominant(rank, tags, total int) bool {
	return rank == 1 || (tags > 0 && 2*tags >= total)
}

// choose picks, among the lexicon verbs a head was derived from, the one
// whose lines it gets. A noun comes from the verb it is formed from, the
// one with the longest common prefix ("criticism" from "criticize", not
// from "knock"); the others are set aside. Among what is left, when verbs
// of different CAMEO roots remain the head is ambiguous and dropped;
// otherwise the verb whose sense the word is most often tagged with wins.
func (g *Generator) choose(cs []*candidate) *candidate {
	cs = mergeByVerb(cs)
	if cs[0].kind == kindNoun {
		longest := 0
		for _, c := range cs {
			longest = max(longest, commonPrefix(c.head, c.verb))
		}
		var keep []*candidate
		for _, c := range cs {
			if commonPrefix(c.head, c.verb) == longest {
				keep = append(keep, c)
			}
		}
		cs = keep
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].tags != cs[j].tags {
			return cs[i].tags > cs[j].tags
		}
		return cs[i].verb < cs[j].verb
	})
	best := cs[0]
	for _, c := range cs[1:] {
		a, b := fallbackRoots(best.patterns), fallbackRoots(c.patterns)
		if a != "" && b != "" && a != b {
			g.reject(best.kind, best.head, best.verb+","+c.verb, "derived from verbs whose fallbacks differ (%s; %s)", a, b)
			return nil
		}
	}
	return best
}

// mergeByVerb joins the candidates of one head that come from one verb
// through several of its senses (its patterns of several roots), keeping
// the patterns in lexicon order.
func mergeByVerb(cs []*candidate) []*candidate {
	var out []*candidate
	byVerb := map[string]*candidate{}
	for _, c := range cs {
		m, ok := byVerb[c.verb]
		if !ok {
			cp := *c
			byVerb[c.verb] = &cp
			out = append(out, &cp)
			continue
		}
		m.patterns = append(append([]handPattern(nil), m.patterns...), c.patterns...)
		sort.SliceStable(m.patterns, func(i, j int) bool { return m.patterns[i].Order < m.patterns[j].Order })
		m.tags = max(m.tags, c.tags)
	}
	return out
}

// lines turns a candidate's source patterns into lexicon lines.
func (g *Generator) lines(c *candidate) []Line {
	via := fmt.Sprintf("%s %s#%d", c.verb, lexFiles[c.verbSense.LexFile], g.WN.Rank(c.verb, c.verbSense))
	if c.kind == kindNoun {
		via += fmt.Sprintf(" + %s %s#%d", c.head, lexFiles[c.sense.LexFile], g.WN.Rank(c.head, c.sense))
	} else {
		via += fmt.Sprintf(" = %s#%d/%d", c.head, g.WN.Rank(c.head, c.sense), c.tags)
	}
	var out []Line
	seen := map[string]bool{}
	for _, p := range c.patterns {
		elems := p.Elems
		if c.kind == kindNoun {
			var ok bool
			if elems, ok = nounElems(p); !ok {
				g.reject(kindNoun, c.head, c.verb, "pattern %q (%s) has no nominal form", strings.Join(p.Elems, " "), p.Where)
				continue
			}
		}
		l := Line{Kind: c.kind, Head: c.head, Code: p.Code, Elems: elems, From: p, Via: via}
		key := l.Text()
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, l)
	}
	return out
}

// nounElems maps a verb pattern's elements to its event noun's: the
// direct object becomes a prepositional phrase ("invade TARGET" → "n:invasion
// of|on|against TARGET"); prepositions and other words stay as they are,
// since pattern words may have other words between them ("negotiate with
// TARGET" → "n:negotiation with TARGET", "impose sanction on TARGET" →
// "n:imposition sanction on TARGET" reads "imposition of sanctions on").
// A direct object followed by more words ("accuse TARGET of") and a
// reflexive object ("blow_up himself") have no regular nominal form, and
// are not mapped.
func nounElems(p handPattern) ([]string, bool) {
	for _, e := range p.Elems {
		for _, w := range strings.Split(e, "|") {
			if reflexives[w] {
				return nil, false // "blow oneself up" has no nominal form
			}
		}
	}
	if len(p.Elems) == 0 || p.Elems[0] != "TARGET" {
		return p.Elems, true
	}
	if len(p.Elems) > 1 {
		return nil, false
	}
	preps, ok := objectPreps[p.Code[:2]]
	if !ok {
		preps = "of"
	}
	return []string{preps, "TARGET"}, true
}

func inFiles(lexFile int, names []string) bool {
	for _, n := range names {
		if lexFiles[lexFile] == n {
			return true
		}
	}
	return false
}

// plainWord reports whether w is one lower-case word of letters.
func plainWord(w string) bool {
	if len(w) < 3 {
		return false
	}
	for _, r := range w {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// verbLemma reports whether w is a verb the lexicon format can write: one
// word, or a word and a particle ("crack_down").
func verbLemma(w string) bool {
	head, prt, phrasal := strings.Cut(w, "_")
	if !plainWord(head) {
		return false
	}
	return !phrasal || (particles[prt] && !strings.Contains(prt, "_"))
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// fallbackRoots lists the CAMEO roots of the patterns that name no word
// but the head ("190 attack", "112 accuse TARGET"), sorted and joined: the
// codes a head gets wherever it stands.
func fallbackRoots(ps []handPattern) string {
	set := map[string]bool{}
	for _, p := range ps {
		fallback := true
		for _, e := range p.Elems {
			if e != "TARGET" {
				fallback = false
			}
		}
		if fallback {
			set[p.Code[:2]] = true
		}
	}
	var out []string
	for r := range set {
		out = append(out, r)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// gerund reports whether noun is the verb's -ing form ("talking" from
// "talk", "firing" from "fire", "sending" from "send").
func gerund(noun, verb string) bool {
	if !dropGerunds || !strings.HasSuffix(noun, "ing") {
		return false
	}
	stem := strings.TrimSuffix(noun, "ing")
	head, _, _ := strings.Cut(verb, "_")
	return stem == head || stem+"e" == head || (len(stem) > 1 && stem[len(stem)-1] == stem[len(stem)-2] && stem[:len(stem)-1] == head)
}
