package actors

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
)

// Finder finds actor mentions in a document and resolves pronouns and
// titles. It is read-only and safe for concurrent use.
type Finder struct {
	dict *Dictionary
}

// NewFinder returns a finder over dict.
func NewFinder(dict *Dictionary) *Finder { return &Finder{dict: dict} }

// item is one dictionary match in a sentence: tokens [start, end).
type item struct {
	start, end int
	entries    []Entry
}

func (it item) kind() Kind { return it.entries[0].Kind }

// Annotate fills the Mentions of every sentence of doc. Sentences marked
// Skip get none. References ("he", "the president") are resolved to the
// last compatible actor met before them in the document.
func (f *Finder) Annotate(doc *dyad.Document) {
	idx := dyad.NewTextIndex(doc.Text)
	var history []resolved
	for si := range doc.Sentences {
		s := &doc.Sentences[si]
		s.Mentions = s.Mentions[:0]
		if s.Skip {
			continue
		}
		items := f.nameModifiers(s.Tokens, f.match(s.Tokens), doc.Date)

		groups := groupItems(s.Tokens, items)
		for gi := 0; gi < len(groups); gi++ {
			group := groups[gi]
			var m dyad.Mention
			var r resolved
			if ext, end, taken, person, ok := f.titledName(s.Tokens, group, groups[gi+1:], doc.Date); ok {
				gi += taken
				m, r = f.namedMention(s, ext, end, person, doc.Date, idx)
			} else {
				m, r = f.mention(s, group, doc.Date, idx, false)
			}
			if m.Code == "" || backedBy(s.Tokens, m.Tokens[1]) {
				continue
			}
			if m.Kind == "title" {
				if ante, ok := resolveTitle(history, r); ok {
					m.Antecedent, m.Code = ante.text, ante.code
					r = ante
				} else if code, ok := f.dict.officeCode(officeTitle(m.Text), doc.Date, namedSoFar(history, s.Mentions)); ok && f.dict.isOffice(officeTitle(m.Text)) {
					// "the Secretary-General": the holder of an office
					// only one organisation has, or the one of an
					// organisation named so far.
					m.Kind, m.Code = "sector", code
					m.Rule += "+country:office(" + m.Text + ")"
					r = resolved{code: code, text: m.Text, title: officeTitle(m.Text), person: true}
				} else {
					// An unresolved bare title ("the president") keeps only
					// its role; "+title" tells placeRoles it is a person.
					m.Kind = "sector"
					m.Rule += "+title"
				}
			}
			s.Mentions = append(s.Mentions, m)
			if r.code != "" {
				r.sentence, r.token = si, m.Tokens[0]
				rel := s.Tokens[m.Head].Deprel
				r.subject = rel == "nsubj" || rel == "nsubj:pass"
				history = append(history, r)
			}
		}
		shareRoles(s)
		f.namedHalves(s, history, idx)
		// Pronouns, resolved against what came before them. "it" and
		// "its" stand for states and organisations, unless the parser
		// says "it" is a dummy subject ("it is possible that").
		for ti, t := range s.Tokens {
			var ante resolved
			if lower := strings.ToLower(t.Text); lower == "they" || lower == "their" {
				// "The rebels said they had captured the town": a plural
				// pronoun in what a group says is the group.
				var ok bool
				if ante, ok = speakerOfClause(s, ti); !ok {
					continue
				}
			} else {
				gender, ok := pronouns[lower]
				if !ok || t.Deprel == "expl" || (gender == "n" && s.Tokens[ti].Deprel == "") {
					continue
				}
				if gender != "n" {
					// "The Secretary-General said he would visit Egypt":
					// "he" in what one official says is that official.
					if a, ok := officialSpeaker(s, ti); ok {
						ante = a
						goto found
					}
				}
				if ante, ok = resolvePronoun(history, gender, si, ti); !ok {
					continue
				}
			}
		found:
			// "its troops", "his government": a role word after a
			// possessive belongs to the antecedent's country.
			if next := mentionStarting(s.Mentions, ti+1); possessives[strings.ToLower(t.Text)] && next >= 0 && strings.HasPrefix(s.Mentions[next].Code, "---") && len(ante.code) >= 3 {
				nm := &s.Mentions[next]
				nm.Code = ante.code[:3] + nm.Code[3:]
				nm.Antecedent = ante.text
			}
			m := dyad.Mention{Tokens: [2]int{ti, ti + 1}, Head: ti, Span: t.Span, Text: t.Text, Code: ante.code,
				Kind: "pronoun", Antecedent: ante.text, Rule: "pronoun:" + strings.ToLower(t.Text)}
			s.Mentions = insertMention(s.Mentions, m)
		}
	}
	f.placeRoles(doc)
	for si := range doc.Sentences {
		if !doc.Sentences[si].Skip {
			apposedNames(&doc.Sentences[si], idx)
		}
	}
	placePronouns(doc)
}

// placePronouns gives a pronoun the code its antecedent in the same
// sentence has after placeRoles found that antecedent's country.
func placePronouns(doc *dyad.Document) {
	for si := range doc.Sentences {
		s := &doc.Sentences[si]
		for i := range s.Mentions {
			p := &s.Mentions[i]
			if p.Kind != "pronoun" || !strings.HasPrefix(p.Code, "---") {
				continue
			}
			for _, m := range s.Mentions {
				if m.Kind != "pronoun" && m.Text == p.Antecedent && !strings.HasPrefix(m.Code, "---") {
					p.Code = m.Code
					break
				}
			}
		}
	}
}

// resolved is an actor met in the document, for later references.
type resolved struct {
	code, text, title, gender string
	person                    bool
	collective                bool // a state, organisation or group: "it"
	subject                   bool // it was a clause's subject
	sentence, token           int  // where it was met
}

// pronounWindow is how many sentences back a pronoun looks for its
// antecedent.
const pronounWindow = 3

var pronouns = map[string]string{"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "it": "n", "its": "n"}

// possessives may join a role word to their antecedent: "its troops".
var possessives = map[string]bool{"his": true, "her": true, "its": true}

// shareRoles gives coordinated nationality adjectives the role word they
// share: in "Russian and Ukrainian officials" both are officials; and in
// "the Governments of Mali and Burkina Faso", "the foreign ministers of Iran
// and Turkey", the countries after the first share its role.
func shareRoles(s *dyad.Sentence) {
	for i := 0; i+1 < len(s.Mentions); i++ {
		a := s.Mentions[i]
		if a.Kind != string(KindCountry) || len(a.Code) != 6 || !strings.HasPrefix(a.Rule, "actor:sector@") || !sharedLink(s.Tokens[a.Tokens[0]:a.Tokens[1]]) {
			continue
		}
		for j := i + 1; j < len(s.Mentions); j++ {
			b := &s.Mentions[j]
			gap := s.Tokens[s.Mentions[j-1].Tokens[1]:b.Tokens[0]]
			if b.Kind != string(KindCountry) || len(b.Code) != 3 || !listGap(gap) {
				break
			}
			b.Code += a.Code[3:]
			b.Rule += "+role:" + a.Text
		}
	}
	for i := len(s.Mentions) - 2; i >= 0; i-- {
		a, b := &s.Mentions[i], s.Mentions[i+1]
		if a.Kind != string(KindAdjective) || len(a.Code) != 3 || b.Kind != string(KindAdjective) || len(b.Code) <= 3 {
			continue
		}
		gap := s.Tokens[a.Tokens[1]:b.Tokens[0]]
		if len(gap) == 1 && (strings.EqualFold(gap[0].Text, "and") || gap[0].Text == "," || strings.EqualFold(gap[0].Text, "or")) {
			a.Code += b.Code[3:]
		}
	}
}

// namedHalves resolves "the North" and "the South" to the country named
// before them in the document whose name begins so: after "North Korea",
// "the North's missile launch" is North Korea's.
func (f *Finder) namedHalves(s *dyad.Sentence, history []resolved, idx *dyad.TextIndex) {
	for i := 1; i < len(s.Tokens); i++ {
		t := s.Tokens[i]
		codes := f.dict.halves[strings.ToLower(t.Text)]
		if len(codes) == 0 || !startsUpper(t.Text) || !strings.EqualFold(s.Tokens[i-1].Text, "the") || mentionAt(s.Mentions, i) >= 0 {
			continue
		}
		if i+1 < len(s.Tokens) && startsName(s.Tokens[i+1].Text) {
			continue // "the North Atlantic", "the South China Sea"
		}
		ante := ""
		code := ""
		for _, m := range s.Mentions {
			if m.Tokens[0] < i && hasPrefixIn(m.Code, codes) {
				ante, code = m.Text, m.Code[:3]
			}
		}
		for h := len(history) - 1; h >= 0 && code == ""; h-- {
			if hasPrefixIn(history[h].code, codes) {
				ante, code = history[h].text, history[h].code[:3]
			}
		}
		if code == "" {
			continue
		}
		m := dyad.Mention{Tokens: [2]int{i, i + 1}, Head: i, Span: t.Span, Text: idx.Slice(t.Span), Code: code,
			Kind: string(KindCountry), Antecedent: ante, Rule: "half:" + ante}
		s.Mentions = insertMention(s.Mentions, m)
	}
}

func hasPrefixIn(code string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// listGap reports whether the words between two listed names are only
// list punctuation and conjunctions: ", ", "and", ", and the".
func listGap(gap []dyad.Token) bool {
	if len(gap) == 0 {
		return false
	}
	for _, t := range gap {
		switch strings.ToLower(t.Text) {
		case ",", "and", "or", "the", "of":
		default:
			return false
		}
	}
	return true
}

// officialSpeaker resolves "he" or "she" (or "his", "her") in the
// complement of a speech verb whose subject is one official named by
// office ("the Secretary-General", "the prime minister of Somalia"): the
// speaker. A named person is left to resolvePronoun, which finds it too.
func officialSpeaker(s *dyad.Sentence, ti int) (resolved, bool) {
	speaker, ok := speakerOfClause(s, ti)
	if !ok {
		return resolved{}, false
	}
	for _, m := range s.Mentions {
		if m.Text != speaker.text {
			continue
		}
		if (m.Kind == string(KindSector) || m.Kind == string(KindTitle)) && s.Tokens[m.Head].XPOS != "NNS" && s.Tokens[m.Head].XPOS != "NNPS" {
			return speaker, true
		}
	}
	return resolved{}, false
}

// speakerOfClause resolves a plural pronoun that is the subject (or
// possessor) in the complement of a speech verb to that verb's subject,
// when the subject is an actor that is not a single person.
func speakerOfClause(s *dyad.Sentence, ti int) (resolved, bool) {
	clause := s.Tokens[ti].Head
	if clause < 0 {
		return resolved{}, false
	}
	if r := s.Tokens[ti].Deprel; r == "nmod:poss" {
		// "their forces": climb from the noun to its clause
		clause = s.Tokens[clause].Head
	} else if r != "nsubj" && r != "nsubj:pass" {
		return resolved{}, false
	}
	if clause < 0 || !strings.HasPrefix(s.Tokens[clause].Deprel, "ccomp") {
		return resolved{}, false
	}
	verb := s.Tokens[clause].Head
	for _, m := range s.Mentions {
		h := m.Head
		if h >= 0 && h < len(s.Tokens) && s.Tokens[h].Head == verb && strings.HasPrefix(s.Tokens[h].Deprel, "nsubj") && m.Kind != "person" && m.Kind != "pronoun" {
			return resolved{code: m.Code, text: m.Text}, true
		}
	}
	return resolved{}, false
}

// mentionStarting returns the index of the mention that starts at token
// tok, or -1.
func mentionStarting(ms []dyad.Mention, tok int) int {
	for i, m := range ms {
		if m.Tokens[0] == tok {
			return i
		}
	}
	return -1
}

func insertMention(ms []dyad.Mention, m dyad.Mention) []dyad.Mention {
	for i := range ms {
		if ms[i].Tokens[0] > m.Tokens[0] {
			ms = append(ms[:i+1], ms[i:]...)
			ms[i] = m
			return ms
		}
	}
	return append(ms, m)
}

// resolvePronoun picks the antecedent of a pronoun among the actors of this
// sentence (before it) and the three before it: in the nearest sentence
// that has a compatible one, the subject if one is, else the last. "Trump
// met Netanyahu. He warned Iran" — he is Trump.
func resolvePronoun(history []resolved, gender string, sentence, token int) (resolved, bool) {
	compatible := func(h resolved) bool {
		if gender == "n" {
			return !h.person && h.collective
		}
		return h.person && (h.gender == "" || h.gender == gender)
	}
	best, found := resolved{}, false
	for i := len(history) - 1; i >= 0; i-- {
		h := history[i]
		if sentence-h.sentence > pronounWindow || (found && h.sentence != best.sentence) {
			break
		}
		if (h.sentence == sentence && h.token > token) || !compatible(h) {
			continue
		}
		if !found || h.subject {
			best, found = h, true
		}
	}
	return best, found
}

// resolveTitle resolves "the president" to the last person whose office has
// that title, and "the Israeli leader" style titles are already coded by
// their adjective, so they never reach here.
func resolveTitle(history []resolved, r resolved) (resolved, bool) {
	for i := len(history) - 1; i >= 0; i-- {
		h := history[i]
		if !h.person {
			continue
		}
		if titleMatches(r.title, h.title) {
			return h, true
		}
	}
	return resolved{}, false
}

func titleMatches(word, title string) bool {
	if word == "" || title == "" {
		return false
	}
	if word == "leader" {
		return true
	}
	return strings.Contains(title, word)
}

// match finds the longest dictionary phrase starting at each token, left to
// right. Names (every kind but sector words) must start with a capital
// letter or digit in the text, so that "turkey" or "chad" in lower case do
// not become countries.
func (f *Finder) match(toks []dyad.Token) []item {
	var items []item
	norm := make([]string, len(toks)) // normalised texts, made once each
	for i := range toks {
		norm[i] = normalize(toks[i].Text)
	}
	for i := 0; i < len(toks); {
		var best *trieNode
		bestEnd := 0
		name := startsUpper(toks[i].Text) || arabicArticle(toks, i)
		n := f.dict.root
		for j := i; j < len(toks); j++ {
			n = n.next[norm[j]]
			if n == nil {
				break
			}
			if accepts(n, toks[i:j+1], name) {
				best, bestEnd = n, j+1
			}
		}
		if best == nil {
			i++
			continue
		}
		var es []Entry
		for _, e := range best.entries {
			if e.Kind == KindSector || name {
				es = append(es, e)
			}
		}
		for _, x := range best.exact {
			if exactMatch(x.tokens, toks[i:bestEnd]) {
				es = append(es, x.entry)
			}
		}
		items = append(items, item{start: i, end: bestEnd, entries: es})
		i = bestEnd
	}
	return items
}

// accepts reports whether trie node n has an entry for the phrase toks:
// role words in any case, names only where the phrase starts like a name
// (name), acronyms only in capitals.
func accepts(n *trieNode, toks []dyad.Token, name bool) bool {
	for _, e := range n.entries {
		if e.Kind == KindSector || name {
			return true
		}
	}
	for _, x := range n.exact {
		if exactMatch(x.tokens, toks) {
			return true
		}
	}
	return false
}

func exactMatch(want []string, toks []dyad.Token) bool {
	if len(want) != len(toks) {
		return false
	}
	for i := range want {
		if strings.ReplaceAll(want[i], "’", "'") != strings.ReplaceAll(toks[i].Text, "’", "'") {
			return false
		}
	}
	return true
}

// arabicArticle reports whether token i is a lower-case Arabic article
// before a hyphen, as in "al-Qaeda" or "el-Sisi", which starts a name.
func arabicArticle(toks []dyad.Token, i int) bool {
	return arabicArticles[strings.ToLower(toks[i].Text)] && i+1 < len(toks) && toks[i+1].Text == "-"
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// joiners may stand between the parts of one actor phrase: possessives
// ("Iran's Supreme Leader"), honorifics ("Ayatollah Ali Khamenei").
var joiners = map[string]bool{"'s": true, "’s": true, "ayatollah": true, "sheikh": true, "mr.": true, "mrs.": true,
	"ms.": true, "dr.": true, "sayyed": true, "grand": true, "acting": true, "interim": true, "former": true, "then": true,
	"deputy": true, "first": true, "caretaker": true, "outgoing": true, "incoming": true}

// roleModifiers may stand between a country's name or possessive and its
// role word without breaking the phrase ("Brazil's federal police",
// "Iran's top nuclear negotiator"); with a parse, any adjective may.
var roleModifiers = map[string]bool{"top": true, "senior": true, "federal": true, "national": true, "local": true,
	"state": true, "new": true, "chief": true, "main": true, "regional": true, "provincial": true, "central": true,
	"foreign": true, "military": true, "security": true, "elite": true, "special": true, "powerful": true,
	"leading": true, "current": true, "newly": true, "appointed": true, "elected": true, "armed": true, "own": true}

// linkers join a role word to the country it belongs to: "the foreign
// minister of Iran", "police in Kenya".
var linkers = map[string]bool{"of": true, "in": true, "from": true}

// groupItems joins adjacent matches that name one actor.
func groupItems(toks []dyad.Token, items []item) [][]item {
	var groups [][]item
	for i := 0; i < len(items); i++ {
		g := []item{items[i]}
		for i+1 < len(items) {
			prev, next := g[len(g)-1], items[i+1]
			if !joinable(toks, prev, next, g) {
				break
			}
			g = append(g, next)
			i++
		}
		groups = append(groups, g)
	}
	return groups
}

func joinable(toks []dyad.Token, prev, next item, group []item) bool {
	gap := toks[prev.end:next.start]
	// Two full names of countries or groups side by side are two actors,
	// but for an organisation's or country's envoy for another country:
	// "U.N. Libya envoy", "the US Iran negotiator" are the sender's.
	if isName(prev.kind()) && isName(next.kind()) {
		return len(gap) == 0 && len(group) == 1 && (prev.kind() == KindOrg || prev.kind() == KindCountry) &&
			next.kind() == KindCountry && next.end < len(toks) && postedAbroadOrEnvoy(toks, next.end)
	}
	if prev.kind() == KindPerson && next.kind() == KindPerson {
		return false
	}
	if len(gap) == 0 {
		return true
	}
	if isRoleItem(prev) && isRoleItem(next) {
		// "children's hospital", "the army's commanders": two roles
		return false
	}
	if len(gap) == 1 && linkers[strings.ToLower(gap[0].Text)] {
		// only "ROLE of COUNTRY", never "COUNTRY in COUNTRY"; and a
		// consulate in Istanbul is no Turkish consulate
		if postedAbroad(toks[prev.end-1]) && !strings.EqualFold(gap[0].Text, "of") {
			return false
		}
		return isRoleItem(prev) && len(group) == 1 && !isRoleItem(next) && next.kind() != KindPerson
	}
	if isRoleItem(next) && !isRoleItem(prev) && prev.kind() != KindPerson && modifiersOnly(gap) && !possessor(toks, next.end) {
		return true
	}
	for _, t := range gap {
		if !joiners[strings.ToLower(t.Text)] && !possessiveMark(t) {
			return false
		}
	}
	return true
}

// postedAbroadWords are roles that serve their country in another: an
// ambassador, embassy or delegation "in" a place belongs to the country
// that sent it, not to the place.
var postedAbroadWords = map[string]bool{"embassy": true, "embassies": true, "consulate": true, "consulates": true,
	"consul": true, "ambassador": true, "ambassadors": true, "envoy": true, "envoys": true, "diplomat": true,
	"diplomats": true, "delegation": true, "delegations": true, "mission": true, "attache": true, "attaché": true}

// postedAbroad reports whether a token is a role posted abroad.
func postedAbroad(t dyad.Token) bool { return postedAbroadWords[strings.ToLower(t.Text)] }

// postedAbroadOrEnvoy reports whether the words from i on are a role
// that one country or organisation sends to another: "envoy",
// "special envoy", "negotiator", "ambassador".
func postedAbroadOrEnvoy(toks []dyad.Token, i int) bool {
	for j := i; j < len(toks) && j < i+3; j++ {
		switch w := strings.ToLower(toks[j].Text); {
		case postedAbroadWords[w], w == "negotiator", w == "negotiators", w == "representative", w == "coordinator":
			return true
		case w == "special", w == "chief", w == "top", w == "peace", w == "deputy":
		default:
			return false
		}
	}
	return false
}

// backedBy reports whether the name ending before token i is joined by a
// hyphen to a word of backing ("Iranian-backed Houthis", "Russian-backed
// separatists"): it names the backer, not an actor of the phrase.
func backedBy(toks []dyad.Token, i int) bool {
	return i+1 < len(toks) && toks[i].Text == "-" && backingWords[strings.ToLower(toks[i+1].Text)]
}

// possessor reports whether the word at i marks the word before it as a
// possessor ("children's" in "Kyiv's main children's hospital"): a role
// word there is not the head of its phrase.
func possessor(toks []dyad.Token, i int) bool {
	return i < len(toks) && (joiners[toks[i].Text] && strings.HasSuffix(toks[i].Text, "s") || possessiveMark(toks[i]))
}

// possessiveMark reports whether a token is the apostrophe of a plural or
// s-final possessive: "Athens' foreign ministry".
func possessiveMark(t dyad.Token) bool {
	return (t.Text == "'" || t.Text == "’") && t.XPOS == "POS"
}

// modifiersOnly reports whether the words between a name and a role word
// are a possessive and adjectives: "Brazil's federal police".
func modifiersOnly(gap []dyad.Token) bool {
	if len(gap) > 0 && (joiners[gap[0].Text] || possessiveMark(gap[0])) {
		gap = gap[1:]
	}
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	for _, t := range gap {
		lower := strings.ToLower(t.Text)
		if lower != t.Text && !joiners[lower] {
			return false // capitalised: another name
		}
		if !roleModifiers[lower] && !joiners[lower] && t.UPOS != "ADJ" {
			return false
		}
	}
	return true
}

func isName(k Kind) bool {
	return k == KindCountry || k == KindOrg || k == KindGroup || k == KindCapital || k == KindPeople || k == KindPlace
}

// titleWords are role words that, after "the", refer back to a person.
var titleWords = map[string]bool{"president": true, "prime minister": true, "premier": true, "chancellor": true,
	"leader": true, "king": true, "foreign minister": true, "defence minister": true, "defense minister": true,
	"secretary of state": true, "supreme leader": true, "crown prince": true, "emir": true, "minister": true,
	"secretary-general": true, "secretary general": true, "vice president": true}

// mention builds the mention of one group of matches and its history entry.
// named says a name follows the group ("Minister" in "Minister Kishi"):
// a title word alone then still gives its role.
func (f *Finder) mention(s *dyad.Sentence, group []item, date time.Time, idx *dyad.TextIndex, named bool) (dyad.Mention, resolved) {
	first, last := group[0], group[len(group)-1]
	m := dyad.Mention{
		Tokens: [2]int{first.start, last.end},
		Span:   dyad.Span{s.Tokens[first.start].Span[0], s.Tokens[last.end-1].Span[1]},
	}
	m.Text = idx.Slice(m.Span)
	m.Head = headOf(s.Tokens, first.start, last.end)
	r := resolved{text: m.Text}

	var base, sector, country string
	var baseKind Kind
	var rules []string
	titleOnly, roleOnly := true, false
	written := "" // the role words of the group, as a title before a name
	for _, it := range group {
		e := pickEntry(it.entries, date)
		rules = append(rules, string(e.Kind)+"@"+e.Source)
		switch e.Kind {
		case KindPerson:
			code, title := e.Person.CodeAt(date)
			m.Code, m.Kind = code, "person"
			r.person, r.gender, r.title, r.code = true, e.Person.Gender, title, code
		case KindSector, KindTitle:
			titleOnly = titleOnly && e.Kind == KindTitle
			written = strings.TrimSpace(written + " " + strings.ToLower(joinTokens(s.Tokens[it.start:it.end])))
			if sector == "" {
				sector = e.Code
				r.title = strings.ToLower(joinTokens(s.Tokens[it.start:it.end]))
			} else if strings.HasSuffix(sector, "~") {
				// a PETRARCH prefix agent (petrarch.PrefixMark) chains with
				// the role after it: "an MSF Arnor diplomat" is NGOARNGOV
				sector += e.Code
			}
		default:
			// The most specific name wins: a named institution over the
			// group or organisation, those over the country
			// ("South Korea's Joint Chiefs of Staff").
			if base == "" || specificity(e.Kind) > specificity(baseKind) {
				base, baseKind = e.Code, e.Kind
				roleOnly = e.RoleOnly
			}
			if (e.Kind == KindAdjective || e.Kind == KindCountry) && len(e.Code) == 3 && country == "" {
				country = e.Code
			}
		}
	}
	m.Rule = "actor:" + strings.Join(rules, "+")
	if m.Kind == "person" {
		// A title written before the person says which of their offices
		// is meant when the date does not: "rebel leader Riek Machar",
		// "Portuguese Prime Minister António Guterres" in an undated text.
		if written != "" || base != "" {
			for _, it := range group {
				if e := pickEntry(it.entries, date); e.Kind == KindPerson {
					if code, ok := e.Person.codeForTitle(written, base, date); ok {
						m.Code, r.code = code, code
					}
				}
			}
		}
		return m, r
	}
	if roleOnly && sector == "" {
		// "Western" alone names no actor; "Western diplomats" does.
		return dyad.Mention{}, resolved{}
	}
	switch {
	case base == "" && sector != "" && titleOnly && !named:
		// A title word that is a role only before a name ("Secretary")
		// refers back to a person after "the", and is nothing alone.
		if first.start > 0 && strings.EqualFold(s.Tokens[first.start-1].Text, "the") {
			m.Kind, m.Code = "title", "---"+sector
			return m, r
		}
		return dyad.Mention{}, resolved{}
	case base == "" && sector != "":
		// A role word used as a modifier ("military aid") names no actor,
		// unless what it modifies speaks for someone ("the official news
		// agency", "military sources").
		if named {
			m.Code, m.Kind = "---"+sector, "sector"
			return m, resolved{}
		}
		if pos := s.Tokens[last.end-1].UPOS; (pos == "ADJ" || pos == "VERB") && last.end < len(s.Tokens) {
			if next := s.Tokens[last.end].UPOS; (next == "NOUN" || next == "PROPN" || next == "ADJ") && !voiceNoun(s.Tokens, last.end) {
				return dyad.Mention{}, resolved{}
			}
		}
		// A bare role word. After "the" and if it is a title, it refers
		// back to a person ("the president").
		if titleWords[r.title] && first.start > 0 && strings.EqualFold(s.Tokens[first.start-1].Text, "the") {
			m.Kind = "title"
			m.Code = "---" + sector
			return m, r
		}
		m.Code, m.Kind = "---"+sector, "sector"
		return m, resolved{}
	case baseKind == KindBody && country != "" && country != base[:3]:
		// "the Guatemalan Congress": a body's name used for another
		// country's institution keeps that country, with the body's role.
		m.Code, m.Kind = country+base[3:min(len(base), 6)], string(KindBody)
	case base != "" && sector != "":
		if len(base) == 3 && (baseKind == KindCountry || baseKind == KindAdjective || baseKind == KindCapital || baseKind == KindPeople || baseKind == KindPlace) {
			m.Code = base + sector
		} else {
			m.Code = base
		}
		m.Kind = string(baseKind)
		// "the Israeli prime minister" can be referred to as "he" later.
		if titleWords[r.title] && sector == "GOV" {
			r.person = true
		}
	default:
		m.Code, m.Kind = base, string(baseKind)
		switch baseKind {
		case KindCapital:
			m.Code = base + "GOV"
		case KindPeople:
			m.Code = base + "CVL"
		}
	}
	r.code = m.Code
	switch m.Kind {
	case string(KindCountry), string(KindCapital), string(KindOrg), string(KindGroup), string(KindBody):
		r.collective = !r.person
	}
	return m, r
}

func specificity(k Kind) int {
	switch k {
	case KindBody:
		return 3
	case KindGroup, KindOrg:
		return 2
	}
	return 1
}

// pickEntry chooses among the entries of one phrase: for people, the one
// in office on the date; otherwise the first.
func pickEntry(es []Entry, date time.Time) Entry {
	if len(es) == 1 || es[0].Kind != KindPerson {
		return es[0]
	}
	for _, e := range es {
		if e.Kind != KindPerson {
			continue
		}
		for _, r := range e.Person.Roles {
			if !date.IsZero() && (r.From.IsZero() || !date.Before(r.From)) && (r.To.IsZero() || !date.After(r.To)) {
				return e
			}
		}
	}
	return es[0]
}

// headOf returns the token of [start, end) whose syntactic head lies outside
// the range and that governs most of the range (a mis-tagged first word
// such as "Polish" hung on the verb does not head "Polish Foreign Minister
// Radosław Sikorski"); without a parse, the last token.
func headOf(toks []dyad.Token, start, end int) int {
	best, bestCount := -1, 0
	for i := start; i < end; i++ {
		h := toks[i].Head
		if (h >= start && h < end) || toks[i].Deprel == "" || toks[i].Deprel == "case" || toks[i].Deprel == "punct" {
			continue
		}
		count := 0
		for j := start; j < end; j++ {
			// does i govern j within the range?
			for k, steps := j, 0; k >= start && k < end && steps < end-start; k, steps = toks[k].Head, steps+1 {
				if k == i {
					count++
					break
				}
			}
		}
		if count > bestCount {
			best, bestCount = i, count
		}
	}
	if best < 0 {
		return end - 1
	}
	return best
}

func joinTokens(toks []dyad.Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.Text != "-" && toks[i-1].Text != "-" {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// voiceNouns speak for whoever their modifier names.
var voiceNouns = map[string]bool{"agency": true, "agencies": true, "media": true, "newspaper": true, "newspapers": true,
	"television": true, "radio": true, "source": true, "sources": true, "spokesman": true, "spokeswoman": true,
	"spokesperson": true, "spokesmen": true}

// voiceNoun reports whether the noun phrase from token i on ends in a
// voice noun: "news agency", "sources".
func voiceNoun(toks []dyad.Token, i int) bool {
	for ; i < len(toks); i++ {
		switch toks[i].UPOS {
		case "NOUN", "PROPN", "ADJ":
			if voiceNouns[strings.ToLower(toks[i].Text)] && (i+1 == len(toks) || toks[i+1].UPOS != "NOUN") {
				return true
			}
		default:
			return false
		}
	}
	return false
}
