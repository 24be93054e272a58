package actors

import (
	"strings"
	"time"

	"github.com/dyad-events/dyad"
)

// This file gives a country to the role mentions that name none ("the
// police", "protesters", "the administration", "militants", "Minister
// Kishi" when the dictionary does not know him). The country comes from
// the mention's own phrase, then from the sentence's places, then from the
// document; the mention's Rule ends with "+country:WHY(TEXT)" saying which:
//
//	office     an office only one organisation or country has on the
//	           document date ("the Secretary-General" is the UN's), or the
//	           one of an organisation the document names
//	attached   a name inside the role's own phrase: "police in Malaysia's
//	           capital", "forces loyal to President Kiir", "people
//	           affected by violence in Burma"
//	clause     a place where the role's clause happens: "police fired
//	           tear gas in Minsk"
//	place      the places the sentence names, all in one country
//	sentence   the one country the sentence names
//	dateline   the document's dateline ("KHARTOUM, June 4 -")
//	document   the country that dominates the document's mentions
//
// Unnamed armed groups ("gunmen", "militants", "insurgents") are rebels
// (REB) in sectors.txt, so they become the rebels of the country where
// they act.

// placeRoles gives the role mentions of doc with no country ("---COP") the
// country of their context, in place.
func (f *Finder) placeRoles(doc *dyad.Document) {
	var dateline, dominant *countryClue
	var named map[string]bool // the document's codes, for offices
	for si := range doc.Sentences {
		s := &doc.Sentences[si]
		if s.Skip || !anyUnplaced(s.Mentions) {
			continue
		}
		tree := newDepTree(s.Tokens)
		// Two rounds: a role attached to another role ("a spokesman of
		// the North's foreign ministry") takes its country once that one
		// has it.
		for round := 0; round < 2; round++ {
			for mi := range s.Mentions {
				m := &s.Mentions[mi]
				if !unplaced(*m) {
					continue
				}
				clue, ok := f.officeHolder(doc, *m, &named)
				if !ok {
					clue, ok = attachedCountry(s, tree, mi)
					if ok && postedAbroad(s.Tokens[m.Head]) && clue.place {
						clue, ok = countryClue{}, false
					}
				}
				// A person the dictionary does not know ("Ambassador
				// Christopher Stevens" in Benghazi, "President Kabila"
				// meeting the Kenyan president) often belongs to
				// another country than the places and actors around
				// them: only their own phrase and the document place
				// them.
				named := m.Kind == "person" || strings.HasSuffix(m.Rule, "+title")
				// An embassy or envoy in a place is another country's.
				abroad := m.Head >= 0 && m.Head < len(s.Tokens) && postedAbroad(s.Tokens[m.Head])
				// Aid groups and rights groups are placed only by their
				// own phrase ("rights groups in Iran"); unplaced, they
				// are CAMEO's generic NGO, of no country.
				ngo := m.Code[3:] == "NGO"
				if ngo {
					if !ok && round == 1 {
						m.Code, m.Rule = "NGO", m.Rule+"+ngo"
					}
					if !ok {
						continue
					}
				}
				if !ok && round == 1 && !named && !abroad {
					clue, ok = clauseCountry(s, tree, mi)
					if !ok {
						clue, ok = sentencePlaces(s, tree)
					}
					if !ok {
						clue, ok = sentenceCountry(s)
					}
				}
				if !ok && round == 1 {
					if !ok {
						if dateline == nil {
							dateline = f.datelineCountry(doc)
						}
						// The sentence's own countries outrank where the
						// story was filed: a Washington release about
						// Nicaragua's "government officials".
						clue, ok = *dateline, dateline.code != "" && !namesOtherCountry(s, dateline.code)
					}
					if !ok {
						if dominant == nil {
							dominant = dominantCountry(doc)
						}
						clue, ok = *dominant, dominant.code != "" && !namesOtherCountry(s, dominant.code)
					}
				}
				if ok {
					if len(clue.code) > 3 {
						m.Code = clue.code // an office holder's whole code
					} else {
						m.Code = clue.code + m.Code[3:]
					}
					m.Rule += "+country:" + clue.why + "(" + clue.text + ")"
				}
			}
		}
	}
}

// countryClue is where a role's country was found.
type countryClue struct {
	code  string // a country (or region, or organisation) code
	why   string // which step found it
	text  string // the words it was found in
	place bool   // found as where the role is, not whose it is
}

func anyUnplaced(ms []dyad.Mention) bool {
	for _, m := range ms {
		if unplaced(m) {
			return true
		}
	}
	return false
}

// unplaced reports whether a mention is a role with no country that
// context may place: not an organisation's role word ("the international
// community", "aid groups"), and not a person the dictionary knows (a
// former head of an organisation is "---ELI" on purpose).
func unplaced(m dyad.Mention) bool {
	if !strings.HasPrefix(m.Code, "---") || len(m.Code) < 6 || m.Kind == "pronoun" {
		return false
	}
	if m.Code[3:] == "IGO" {
		return false
	}
	return m.Kind != "person" || strings.HasSuffix(m.Rule, "+name")
}

// knownCountry returns the country prefix of a mention's code, or "" for
// roles with no country, organisations and movements.
func knownCountry(m dyad.Mention) string {
	c := dyad.CountryOf(m.Code)
	if c == "" || isTransnational(c) {
		return ""
	}
	return c
}

// depTree holds the children of each token of a parsed sentence.
type depTree struct {
	toks     []dyad.Token
	children [][]int
	mention  []int // token → index of the mention whose head it is, or -1
}

func newDepTree(toks []dyad.Token) *depTree {
	t := &depTree{toks: toks, children: make([][]int, len(toks))}
	for i, tok := range toks {
		if h := tok.Head; h >= 0 && h < len(toks) && h != i {
			t.children[h] = append(t.children[h], i)
		}
	}
	return t
}

// locativeCases introduce where something happens or comes from.
var locativeCases = map[string]bool{"in": true, "at": true, "near": true, "across": true, "throughout": true,
	"inside": true, "outside": true, "around": true, "from": true, "within": true, "across-the": true}

// locative reports whether token i is governed by a locative preposition,
// directly ("in Minsk") or through a possessor ("in Myanmar's largest
// city").
func (t *depTree) locative(i int) bool {
	for depth := 0; i >= 0 && depth < 3; depth++ {
		for _, c := range t.children[i] {
			if t.toks[c].Deprel == "case" && locativeCases[strings.ToLower(t.toks[c].Text)] {
				return true
			}
		}
		switch t.toks[i].Deprel {
		case "nmod:poss", "compound", "flat", "amod":
			i = t.toks[i].Head
		default:
			return false
		}
	}
	return false
}

// mentionAt returns the index of the mention that covers token i, or -1.
func mentionAt(ms []dyad.Mention, i int) int {
	for mi, m := range ms {
		if i >= m.Tokens[0] && i < m.Tokens[1] {
			return mi
		}
	}
	return -1
}

// isPlace reports whether mention mi of s stands for a place here: a city
// or region, or a country or capital after a locative preposition.
func isPlace(s *dyad.Sentence, t *depTree, mi int) bool {
	m := s.Mentions[mi]
	switch m.Kind {
	case string(KindPlace):
		return true
	case string(KindCountry), string(KindCapital):
		return m.Head >= 0 && m.Head < len(s.Tokens) && t.locative(m.Head)
	}
	return false
}

// backingWords introduce a different actor from the one they modify:
// "separatists backed by Russia" are not Russian.
var backingWords = map[string]bool{"back": true, "backed": true, "support": true, "supported": true, "sponsor": true,
	"sponsored": true, "arm": true, "armed": true, "fund": true, "funded": true, "train": true, "trained": true,
	"against": true, "fight": true, "fighting": true, "oppose": true, "opposed": true}

// attachedCountry finds a country inside the role's own phrase: a
// possessor, an "of", "in" or "from" phrase, an adjective phrase ("loyal
// to President Kiir"), or, through a clause that modifies the role, a
// place ("people affected by violence in Burma", "militant groups based
// in Pakistan").
func attachedCountry(s *dyad.Sentence, t *depTree, mi int) (countryClue, bool) {
	m := s.Mentions[mi]
	if m.Head < 0 || m.Head >= len(s.Tokens) {
		return countryClue{}, false
	}
	type step struct {
		tok    int
		clause bool // the path passed through a clause: only places count
		depth  int
	}
	// A role conjoined before a role of some country shares that role's
	// "of" or "in" phrase: "the Government and people of Bangladesh",
	// "Police and security forces in Myanmar".
	for _, c := range t.children[m.Head] {
		if t.toks[c].Deprel != "conj" {
			continue
		}
		if other := mentionAt(s.Mentions, c); other >= 0 && other != mi {
			o := s.Mentions[other]
			if code := knownCountry(o); code != "" && o.Head == c && sharedLink(t.toks[o.Tokens[0]:o.Tokens[1]]) {
				return countryClue{code: code, why: "attached", text: o.Text}, true
			}
		}
	}
	queue := []step{{m.Head, false, 0}}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		for _, c := range t.children[st.tok] {
			if c >= m.Tokens[0] && c < m.Tokens[1] {
				continue
			}
			rel := t.toks[c].Deprel
			base, _, _ := strings.Cut(rel, ":")
			clause := st.clause
			switch base {
			case "amod":
				// not inside a name: "Secretary of State for African
				// Affairs" is no African's
				if st.tok != m.Head && startsUpper(t.toks[st.tok].Text) {
					continue
				}
			case "nmod", "compound", "appos", "flat":
			case "obl":
				// "loyal to", "based in": only under an adjective or
				// participle that modifies the role
				if st.tok == m.Head {
					continue
				}
			case "acl":
				clause = true
			default:
				continue
			}
			if backingWords[strings.ToLower(t.toks[c].Text)] || backingWords[strings.ToLower(t.toks[c].Lemma)] {
				continue
			}
			if other := mentionAt(s.Mentions, c); other >= 0 && other != mi {
				o := s.Mentions[other]
				code := knownCountry(o)
				if code == "" && !clause && !strings.HasPrefix(o.Code, "---") && o.Kind != "pronoun" {
					code = o.Code // "officials of the UN" are the UN's
				}
				if code != "" && (!clause || isPlace(s, t, other)) {
					return countryClue{code: code, why: "attached", text: o.Text, place: clause || isPlace(s, t, other)}, true
				}
				continue
			}
			if st.depth < 4 {
				queue = append(queue, step{c, clause, st.depth + 1})
			}
		}
	}
	return countryClue{}, false
}

// sharedLink reports whether a mention's words join its role to its
// country with "of" or "in" ("people of Bangladesh").
func sharedLink(toks []dyad.Token) bool {
	for _, t := range toks[1:] {
		if l := strings.ToLower(t.Text); linkers[l] {
			return true
		}
	}
	return false
}

// clauseCountry finds the places of the clause the role takes part in:
// "police fired tear gas in Minsk".
func clauseCountry(s *dyad.Sentence, t *depTree, mi int) (countryClue, bool) {
	m := s.Mentions[mi]
	pred := m.Head
	for steps := 0; pred >= 0 && pred < len(t.toks) && t.toks[pred].UPOS != "VERB" && steps < 3; steps++ {
		pred = t.toks[pred].Head
	}
	if pred < 0 || pred >= len(t.toks) || pred == m.Head {
		return countryClue{}, false
	}
	var found countryClue
	for _, c := range t.children[pred] {
		if !strings.HasPrefix(t.toks[c].Deprel, "obl") {
			continue
		}
		for _, k := range subtree(t, c, 3) {
			other := mentionAt(s.Mentions, k)
			if other < 0 || other == mi || !isPlace(s, t, other) {
				continue
			}
			code := knownCountry(s.Mentions[other])
			if code == "" {
				continue
			}
			if found.code != "" && found.code != code {
				return countryClue{}, false
			}
			found = countryClue{code: code, why: "clause", text: s.Mentions[other].Text}
		}
	}
	return found, found.code != ""
}

// subtree returns token i and its dependents down to depth levels.
func subtree(t *depTree, i, depth int) []int {
	out := []int{i}
	if depth == 0 {
		return out
	}
	for _, c := range t.children[i] {
		out = append(out, subtree(t, c, depth-1)...)
	}
	return out
}

// sentencePlaces returns the country of the sentence's places, if they
// are all in one.
func sentencePlaces(s *dyad.Sentence, t *depTree) (countryClue, bool) {
	var found countryClue
	for mi, m := range s.Mentions {
		if !isPlace(s, t, mi) {
			continue
		}
		code := knownCountry(m)
		if code == "" {
			continue
		}
		if found.code != "" && found.code != code {
			return countryClue{}, false
		}
		found = countryClue{code: code, why: "place", text: m.Text}
	}
	return found, found.code != ""
}

// sentenceCountry returns the one country the sentence's actors name, if
// they name exactly one (regions and organisations aside).
func sentenceCountry(s *dyad.Sentence) (countryClue, bool) {
	var found countryClue
	for _, m := range s.Mentions {
		code := knownCountry(m)
		if code == "" || regionCodes[code] {
			continue
		}
		if found.code != "" && found.code != code {
			return countryClue{}, false
		}
		found = countryClue{code: code, why: "sentence", text: m.Text}
	}
	return found, found.code != ""
}

// namesOtherCountry reports whether a sentence's actors name a country
// other than code.
func namesOtherCountry(s *dyad.Sentence, code string) bool {
	for _, m := range s.Mentions {
		if c := knownCountry(m); c != "" && c != code && !regionCodes[c] {
			return true
		}
	}
	return false
}

// datelineCountry returns the country of the document's dateline
// ("KHARTOUM, June 4 -", "WASHINGTON –"), which nlp keeps apart as a
// skipped first sentence.
func (f *Finder) datelineCountry(doc *dyad.Document) *countryClue {
	if len(doc.Sentences) < 2 || !doc.Sentences[0].Skip {
		return &countryClue{}
	}
	toks := doc.Sentences[0].Tokens
	if len(toks) < 2 {
		return &countryClue{}
	}
	switch toks[len(toks)-1].Text {
	case "-", "–", "—", "--":
	default:
		return &countryClue{}
	}
	for _, it := range f.match(toks) {
		e := it.entries[0]
		switch e.Kind {
		case KindPlace, KindCapital, KindCountry:
			if c := dyad.CountryOf(e.Code); c != "" && !isTransnational(c) {
				return &countryClue{code: c, why: "dateline", text: joinTokens(toks[it.start:it.end])}
			}
		}
		break
	}
	return &countryClue{}
}

// dominantCountry returns the country the document's mentions name most,
// if it is named at least twice and at least twice as often as any other,
// in a document of several sentences (in one sentence, the sentence step
// has spoken: the actors a role acts on or with are often of another
// country than the role).
func dominantCountry(doc *dyad.Document) *countryClue {
	counts := map[string]int{}
	text := map[string]string{}
	sentences := 0
	for _, s := range doc.Sentences {
		if s.Skip {
			continue
		}
		sentences++
		for _, m := range s.Mentions {
			if c := knownCountry(m); c != "" && !regionCodes[c] {
				counts[c]++
				if text[c] == "" {
					text[c] = m.Text
				}
			}
		}
	}
	best, second := "", 0
	for c, n := range counts {
		if best == "" || n > counts[best] || (n == counts[best] && c < best) {
			if best != "" {
				second = max(second, counts[best])
			}
			best = c
		} else {
			second = max(second, n)
		}
	}
	if best == "" || sentences < 2 || counts[best] < 2 || counts[best] < 2*second {
		return &countryClue{}
	}
	return &countryClue{code: best, why: "document", text: text[best]}
}

// regionCodes are CAMEO's codes for regions (countries.txt marks them
// "region"): they place roles only as places, never as the country a
// sentence or document is about.
var regionCodes = map[string]bool{"AFR": true, "ASA": true, "BLK": true, "CAS": true, "CAU": true, "CEU": true,
	"CFR": true, "CRB": true, "EAF": true, "EEU": true, "EIN": true, "EUR": true, "LAM": true, "MDT": true,
	"MEA": true, "NAF": true, "NMR": true, "PGS": true, "SAF": true, "SAM": true, "SAS": true, "SCN": true,
	"SEA": true, "WAF": true, "WEU": true, "WST": true}

// officeHolder resolves a role mention that is an office of several words
// ("the Secretary-General", "the Supreme Leader") to its holder's code:
// the holder from an organisation or country the document names, else the
// one code that every holder of exactly that office has on the date.
func (f *Finder) officeHolder(doc *dyad.Document, m dyad.Mention, named *map[string]bool) (countryClue, bool) {
	title := officeTitle(m.Text)
	if m.Kind == "person" || !f.dict.isOffice(title) {
		return countryClue{}, false
	}
	if *named == nil {
		// the codes the document names, found once per document
		*named = map[string]bool{}
		for _, s := range doc.Sentences {
			for _, o := range s.Mentions {
				if o.Kind != "pronoun" && !strings.HasPrefix(o.Code, "---") {
					(*named)[o.Code] = true
					(*named)[actorKey(o.Code)] = isTransnational(dyad.CountryOf(o.Code))
				}
			}
		}
	}
	code, ok := f.dict.officeCode(title, doc.Date, *named)
	if !ok {
		return countryClue{}, false
	}
	return countryClue{code: code, why: "office", text: m.Text}, true
}

// officeTitle is the office a mention's text names: "The
// Secretary-General" → "secretary-general".
func officeTitle(text string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.ToLower(text), "the "))
}

// namedSoFar returns the codes named before a title is met: those of the
// document's earlier actors and of its own sentence's mentions (full
// codes, and the six-letter keys of organisations).
func namedSoFar(history []resolved, ms []dyad.Mention) map[string]bool {
	named := map[string]bool{}
	add := func(code string) {
		if code != "" && !strings.HasPrefix(code, "---") {
			named[code] = true
			if isTransnational(dyad.CountryOf(code)) {
				named[actorKey(code)] = true
			}
		}
	}
	for _, h := range history {
		add(h.code)
	}
	for _, m := range ms {
		if m.Kind != "pronoun" {
			add(m.Code)
		}
	}
	return named
}

// actorKey is the part of an actor code that tells actors apart: the
// country, or the six letters of an organisation's code.
func actorKey(code string) string {
	if len(code) >= 6 && isTransnational(code[:3]) {
		return code[:6]
	}
	return dyad.CountryOf(code)
}

// officeCode finds who holds an office written as title on date d (at any
// time if d is zero): among the holders of offices the title fits, the one
// whose organisation or group the document names (named holds the full
// codes of the document's mentions, and the six-letter keys of its
// organisations); else the organisation or country whose bare office it
// is (the "office:" key of the dictionary: "Secretary-General" is the
// UN's).
func (d *Dictionary) officeCode(title string, date time.Time, named map[string]bool) (string, bool) {
	tw := officeWords(title)
	if len(tw) == 0 {
		return "", false
	}
	var inDoc []string
	// Only the roles whose office has the title's last word can fit it.
	for _, r := range d.rolesWith(tw[len(tw)-1]) {
		if (!date.IsZero() && !r.covers(date)) || !wordsFit(tw, r.titleWords()) {
			continue
		}
		if named[r.Code] || (isTransnational(dyad.CountryOf(r.Code)) && named[actorKey(r.Code)]) {
			inDoc = append(inDoc, r.Code)
		}
	}
	if len(inDoc) > 0 {
		for _, c := range inDoc[1:] {
			if c != inDoc[0] {
				return "", false
			}
		}
		return inDoc[0], true
	}
	code, ok := d.offices[strings.Join(tw, " ")]
	return code, ok
}

// isOffice reports whether a title can name an office by itself: titles of
// several words ("Secretary-General", "Supreme Leader"), and single words
// that the dictionary lists as an office ("office:" key).
func (d *Dictionary) isOffice(title string) bool {
	w := officeWords(title)
	if len(w) > 1 {
		return true
	}
	_, ok := d.offices[strings.Join(w, " ")]
	return ok
}

// rolesWith returns the roles whose office has the word w. The index is
// built on first use, once the dictionaries are loaded.
func (d *Dictionary) rolesWith(w string) []*Role {
	d.roleIndexOnce.Do(func() {
		d.roleIndex = map[string][]*Role{}
		for _, p := range d.persons {
			for i := range p.Roles {
				r := &p.Roles[i]
				for _, ow := range r.titleWords() {
					d.roleIndex[ow] = append(d.roleIndex[ow], r)
				}
			}
		}
	})
	return d.roleIndex[w]
}

// apposedNames gives an unknown name the code of the role set beside it
// ("Erastus Mwencha, deputy chairman of the African Union Commission",
// "Jotyar Adil, the KRG's official spokesperson"): in the parse the role
// is an apposition of the name. The name becomes a mention of its own, so
// that the coder finds the actor at the name, the phrase's head.
func apposedNames(s *dyad.Sentence, idx *dyad.TextIndex) {
	for mi := 0; mi < len(s.Mentions); mi++ {
		m := s.Mentions[mi]
		if m.Head < 0 || m.Head >= len(s.Tokens) || s.Tokens[m.Head].Deprel != "appos" || strings.HasPrefix(m.Code, "---") || m.Kind == "pronoun" {
			continue
		}
		h := s.Tokens[m.Head].Head
		if h < 0 || h >= m.Tokens[0] || mentionAt(s.Mentions, h) >= 0 || s.Tokens[h].UPOS != "PROPN" || !startsName(s.Tokens[h].Text) {
			continue
		}
		// The name: the head and the flat and compound names around it.
		start, end := h, h+1
		for start > 0 && s.Tokens[start-1].Head == h && startsName(s.Tokens[start-1].Text) && mentionAt(s.Mentions, start-1) < 0 {
			start--
		}
		for end < m.Tokens[0] && s.Tokens[end].Head == h && (startsName(s.Tokens[end].Text) || isInitial(s.Tokens[end].Text)) {
			end++
		}
		span := dyad.Span{s.Tokens[start].Span[0], s.Tokens[end-1].Span[1]}
		name := dyad.Mention{Tokens: [2]int{start, end}, Head: h, Span: span, Text: idx.Slice(span), Code: m.Code,
			Kind: "person", Rule: "appos:" + m.Text}
		s.Mentions = insertMention(s.Mentions, name)
		mi++ // the role moved one place on
	}
}
