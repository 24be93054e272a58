package actors

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
)

// This file reads the names that follow a title ("Secretary Austin",
// "Polish Foreign Minister Radosław Sikorski", "Minister of Defense Nobuo
// Kishi") and the names that modify a role word ("Bush administration
// officials").

// nameParticles may stand inside a personal name in lower case.
var nameParticles = map[string]bool{"al": true, "el": true, "bin": true, "bint": true, "ibn": true, "abu": true, "de": true,
	"da": true, "das": true, "dos": true, "do": true, "del": true, "della": true, "di": true, "du": true, "van": true,
	"von": true, "der": true, "den": true, "la": true, "le": true, "y": true, "ben": true, "ould": true}

// notNames are capitalised words that follow a title word but name a
// thing, not a person: "General Assembly", "General License 44",
// "President Hotel".
var notNames = map[string]bool{"assembly": true, "council": true, "committee": true, "court": true, "staff": true,
	"motors": true, "electric": true, "dynamics": true, "license": true, "licence": true, "licenses": true,
	"licences": true, "secretariat": true, "office": true, "department": true, "ministry": true, "agency": true,
	"affairs": true, "command": true, "election": true, "elections": true, "strike": true, "hospital": true,
	"university": true, "conference": true, "summit": true, "agreement": true, "accord": true, "treaty": true,
	"act": true, "law": true, "bill": true, "plan": true, "hotel": true, "palace": true, "house": true, "hall": true,
	"street": true, "square": true, "avenue": true, "road": true, "airport": true, "bridge": true, "park": true,
	"school": true, "college": true, "academy": true, "institute": true, "foundation": true, "fund": true,
	"bank": true, "company": true, "corporation": true, "group": true, "party": true, "union": true, "front": true,
	"movement": true, "army": true, "forces": true, "force": true, "guard": true, "guards": true, "police": true,
	"service": true, "services": true, "commission": true, "authority": true, "directorate": true, "prize": true,
	"award": true, "cup": true, "league": true, "club": true, "day": true, "decree": true, "order": true,
	"resolution": true, "statement": true, "declaration": true, "doctrine": true, "initiative": true,
	"program": true, "programme": true, "project": true, "report": true, "index": true, "headquarters": true,
	"mills": true, "foods": true, "motor": true, "insurance": true, "hospitals": true, "state": true,
	"administration": true, "government": true, "cabinet": true, "regime": true, "of": true, "for": true}

// dayWords are capitalised words of dates, never names.
var dayWords = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true, "april": true, "may": true,
	"june": true, "july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "jan.": true, "feb.": true, "aug.": true, "sept.": true, "sep.": true, "oct.": true,
	"nov.": true, "dec.": true, "today": true, "yesterday": true, "tomorrow": true}

// nameRun returns the end of the personal name that starts at token i,
// or i if none does: capitalised words, initials ("J."), particles inside
// the name ("bin", "al-") and a suffix ("Jr.", "III"), ending before stop
// (where the next dictionary phrase begins).
func nameRun(toks []dyad.Token, i, stop int) int {
	end := i
	for j := i; j < len(toks) && j < stop && j-i < 6; j++ {
		t := toks[j].Text
		lower := strings.ToLower(t)
		switch {
		case dayWords[lower] || notNames[lower]:
			return end
		case t == "-" && j > i && j+1 < len(toks) && j+1 < stop && isWord(toks[j+1].Text) && toks[j].Span[0] == toks[j-1].Span[1] && toks[j+1].Span[0] == toks[j].Span[1]:
			// a hyphen inside a name: "Ki-moon", "Eui-yong", "al-Burhan"
			continue
		case j > i && toks[j-1].Text == "-" && isWord(t):
			end = j + 1
		case nameParticles[lower] && j+1 < len(toks) && j+1 < stop && (startsName(toks[j+1].Text) || toks[j+1].Text == "-"):
			continue
		case isInitial(t) && j+1 < len(toks) && j+1 < stop && startsName(toks[j+1].Text):
			continue
		case nameSuffixes[lower] && j > i:
			return j + 1
		case startsName(t):
			end = j + 1
		default:
			return end
		}
	}
	return end
}

// startsName reports whether a word can be part of a name: it starts with
// a capital letter and is not written all in capitals (an acronym, a
// heading) unless it is short, like "Al" or "Ri".
func startsName(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, c := range s {
		if unicode.IsLower(c) {
			return true
		}
	}
	return utf8.RuneCountInString(s) <= 2 && !strings.HasSuffix(s, ".")
}

func isWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// isInitial reports whether a token is an initial: "J.", "R.".
func isInitial(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) && s[n:] == "."
}

// titleAbbreviations spell out abbreviated titles so that they can be
// compared with the office titles of the dictionary.
var titleAbbreviations = map[string]string{"gen.": "general", "gen": "general", "lt.": "lieutenant",
	"col.": "colonel", "maj.": "major", "adm.": "admiral", "sen.": "senator", "rep.": "representative",
	"gov.": "governor", "pres.": "president", "sec.": "secretary", "amb.": "ambassador", "defence": "defense",
	"minster": "minister", "premier": "premier"}

// officeWords splits a title or an office into lower-case words, spelling
// out abbreviations and splitting hyphenated compounds
// ("Secretary-General" → secretary general).
func officeWords(title string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return r == ' ' || r == '-' }) {
		if full, ok := titleAbbreviations[w]; ok {
			w = full
		}
		switch w {
		case "of", "the", "for", "and", "to", "'s", "’s":
			continue
		}
		out = append(out, w)
	}
	return out
}

// officeQualifiers make a lesser office of the one they qualify: a vice
// president is not "President X".
var officeQualifiers = map[string]bool{"vice": true, "deputy": true, "former": true, "assistant": true, "under": true}

// officeFits reports whether a title written in the text ("Secretary",
// "Foreign Minister", "Minister of Defense") fits an office of the
// dictionary ("secretary of defense", "defence minister"): every word of
// the title is a word of the office, and the office has no qualifier
// ("vice", "deputy") that the title lacks.
func officeFits(title, office string) bool {
	return wordsFit(officeWords(title), officeWords(office))
}

// wordsFit is officeFits on the words of the title and the office.
func wordsFit(tw, ow []string) bool {
	if len(tw) == 0 || len(ow) == 0 {
		return false
	}
	has := func(ws []string, w string) bool {
		for _, x := range ws {
			if x == w {
				return true
			}
		}
		return false
	}
	for _, w := range tw {
		if !has(ow, w) && !officeQualifiers[w] {
			return false
		}
	}
	for _, w := range ow {
		if officeQualifiers[w] && !has(tw, w) {
			return false
		}
	}
	return true
}

// titleWords returns the office words of a role's title, computed once.
func (r *Role) titleWords() []string {
	if r.words == nil {
		r.words = officeWords(r.Title)
	}
	return r.words
}

// personBySurname finds the one person whose last name (or, with first,
// first name) is word and who holds, or held, an office that fits title:
// on the date if any does, else at any time. It returns false when none
// does, or when several do that belong to different countries.
func (d *Dictionary) personBySurname(word, title string, date time.Time, first bool) (*Person, bool) {
	index := d.lastNames
	if first {
		index = d.firstNames
	}
	var atDate, ever []*Person
	tw := officeWords(title)
	for _, p := range index[normalize(word)] {
		held, now := false, false
		for i := range p.Roles {
			r := &p.Roles[i]
			if !wordsFit(tw, r.titleWords()) {
				continue
			}
			held = true
			if !date.IsZero() && r.covers(date) {
				now = true
			}
		}
		if now {
			atDate = append(atDate, p)
		}
		if held {
			ever = append(ever, p)
		}
	}
	for _, ps := range [][]*Person{atDate, ever} {
		if len(ps) == 0 {
			continue
		}
		code, _ := ps[0].CodeAt(date)
		for _, p := range ps[1:] {
			if c, _ := p.CodeAt(date); dyad.CountryOf(c) != dyad.CountryOf(code) {
				return nil, false
			}
		}
		return ps[0], true
	}
	return nil, false
}

// codeForTitle returns the person's code for the office that the words
// before their name name, when the document's date does not settle it: a
// title ("rebel leader Riek Machar", "former prime minister X") and the
// country or organisation of the phrase ("Portuguese Prime Minister
// António Guterres", "NATO Secretary General Jens Stoltenberg", base). With
// no date, the latest office that fits; on a date when the person holds no
// office, the fitting office's country as an elite. On a date in office,
// the office held wins.
func (p *Person) codeForTitle(title, base string, date time.Time) (string, bool) {
	tw := officeWords(title)
	var best *Role
	for i := range p.Roles {
		r := &p.Roles[i]
		if !date.IsZero() && r.covers(date) {
			return "", false
		}
		fits := (len(tw) == 0 || wordsFit(tw, r.titleWords())) &&
			(base == "" || actorKey(r.Code) == actorKey(base) || dyad.CountryOf(r.Code) == base)
		if fits && (best == nil || r.From.After(best.From)) {
			best = r
		}
	}
	if best == nil {
		return "", false
	}
	former := false
	for _, w := range tw {
		former = former || w == "former" || w == "ex"
	}
	if date.IsZero() && !former {
		return best.Code, true
	}
	if isTransnational(dyad.CountryOf(best.Code)) {
		return "---ELI", true
	}
	return dyad.CountryOf(best.Code) + "ELI", true
}

// surnameCountry returns the one country of the people with this last
// name ("Bush" → USA), or "" when there are none, or several.
func (d *Dictionary) surnameCountry(word string, date time.Time) string {
	country := ""
	for _, p := range d.lastNames[normalize(word)] {
		code, _ := p.CodeAt(date)
		c := dyad.CountryOf(code)
		if c == "" || c == "---" || isTransnational(c) {
			return ""
		}
		if country != "" && c != country {
			return ""
		}
		country = c
	}
	return country
}

func (r Role) covers(d time.Time) bool {
	return (r.From.IsZero() || !d.Before(r.From)) && (r.To.IsZero() || !d.After(r.To))
}

// isTransnational reports whether a three-letter prefix is an
// organisation or movement rather than a country.
func isTransnational(prefix string) bool {
	switch prefix {
	case "IGO", "NGO", "IMG", "MNC", "---":
		return true
	}
	return false
}

// isRoleItem reports whether a match is a role word or a title.
func isRoleItem(it item) bool {
	k := it.kind()
	return k == KindSector || k == KindTitle
}

// titledName reads the name after a group of matches that ends in a role
// word or title: "Secretary Austin", "Polish Foreign Minister Radosław
// Sikorski", "Minister of Defense Nobuo Kishi". next is the group that
// follows, if any. It returns the group extended over the name, and how
// many following groups it took in. ok is false when no name follows.
//
// A person of the dictionary named after the title joins the group, so
// the title, country and name make one mention. An unknown name extends
// the mention over it, with the role's sector (and the country the group
// names, if any): the parser's head of "Minister Kishi" is the name, and
// the coder must find the actor there.
func (f *Finder) titledName(toks []dyad.Token, group []item, next [][]item, date time.Time) (out []item, nameEnd int, taken int, person *Person, ok bool) {
	roleAt := -1
	for i, it := range group {
		if it.kind() == KindPerson {
			return nil, 0, 0, nil, false
		}
		if isRoleItem(it) {
			roleAt = i
		}
	}
	if roleAt < 0 {
		return nil, 0, 0, nil, false
	}
	last := group[len(group)-1]
	p := last.end
	stop := len(toks)
	if len(next) > 0 {
		stop = next[0][0].start
	}
	// A portfolio after the title: "Minister of Defense", "Minister for
	// Foreign Affairs", "Secretary of Homeland Security" (a body, which
	// the group took in already).
	portfolio := ""
	if p+1 < stop && (strings.EqualFold(toks[p].Text, "of") || strings.EqualFold(toks[p].Text, "for")) && startsUpper(toks[last.end-1].Text) {
		q := p + 1
		if q < stop && strings.EqualFold(toks[q].Text, "the") {
			q++
		}
		e := q
		for e < stop && (startsName(toks[e].Text) || (e > q && strings.EqualFold(toks[e].Text, "and") && e+1 < stop && startsName(toks[e+1].Text))) {
			e++
		}
		if e > q {
			portfolio = joinTokens(toks[q:e])
			p = e
		}
	}
	title := strings.ToLower(joinTokens(toks[group[roleAt].start:group[roleAt].end]))
	if portfolio != "" {
		title += " " + strings.ToLower(portfolio)
	}
	// A person of the dictionary right after the title.
	if len(next) > 0 && next[0][0].start == p && next[0][0].kind() == KindPerson && len(next[0]) == 1 {
		if linked(toks, group[roleAt].start, last.end, next[0][0].start, next[0][0].end) {
			return append(append([]item{}, group...), next[0]...), next[0][0].end, 1, nil, true
		}
		return nil, 0, 0, nil, false
	}
	end := nameRun(toks, p, stop)
	if end == p && len(next) > 0 && next[0][0].start == p && len(next[0]) == 1 {
		// A surname that is also a place or a word of the dictionary:
		// "Secretary Austin", "President Jordan".
		it := next[0][0]
		if it.end-it.start == 1 && startsName(toks[it.start].Text) {
			for _, first := range []bool{false, true} {
				if pers, ok := f.dict.personBySurname(toks[it.start].Text, title, date, first); ok && linked(toks, group[roleAt].start, last.end, it.start, it.end) {
					return group, it.end, 1, pers, true
				}
			}
		}
		return nil, 0, 0, nil, false
	}
	if end == p {
		return nil, 0, 0, nil, false
	}
	// Not a person: "General License 44", "President Hotel".
	if end < len(toks) && toks[end].UPOS == "NUM" {
		return nil, 0, 0, nil, false
	}
	if !linked(toks, group[roleAt].start, last.end, p, end) {
		return nil, 0, 0, nil, false
	}
	// The surname is the last word of the name, or the first of a name
	// written family name first.
	words := toks[p:end]
	for len(words) > 1 && nameSuffixes[strings.ToLower(words[len(words)-1].Text)] {
		words = words[:len(words)-1]
	}
	// A single word after a title may be a family name written first
	// ("Minister Wang"); in a longer name the surname is the last word.
	for _, first := range []bool{false, true} {
		if first && len(words) > 1 {
			break
		}
		if pers, ok := f.dict.personBySurname(words[len(words)-1].Text, title, date, first); ok {
			return group, end, 0, pers, true
		}
	}
	return group, end, 0, nil, true
}

// linked reports whether the title [ts, te) and the name [ns, ne) are one
// noun phrase in the parse: the title depends on the name, or the name on
// the title. Without a parse the words' order is taken as enough.
func linked(toks []dyad.Token, ts, te, ns, ne int) bool {
	parsed := false
	for _, t := range toks[ts:ne] {
		if t.Deprel != "" {
			parsed = true
			break
		}
	}
	if !parsed {
		return true
	}
	for i := ts; i < te; i++ {
		if h := toks[i].Head; h >= ns && h < ne {
			return true
		}
	}
	for i := ns; i < ne; i++ {
		if h := toks[i].Head; h >= ts && h < te {
			return true
		}
	}
	return false
}

// nameModifiers adds a match for a name that is not in the dictionary but
// is the first or last name of its people, all of one country, used as
// the modifier of a government word: "Bush administration officials",
// "the Ortega regime", "a Duterte government spokesman".
func (f *Finder) nameModifiers(toks []dyad.Token, items []item, date time.Time) []item {
	var out []item
	covered := 0
	for _, it := range items {
		i := it.start - 1
		if i >= covered && i >= 0 && it.kind() == KindSector && it.entries[0].Code == "GOV" &&
			startsName(toks[i].Text) && (toks[i].UPOS == "PROPN" || (toks[i].UPOS == "" && i > 0)) && !dayWords[strings.ToLower(toks[i].Text)] {
			if c := f.dict.surnameCountry(toks[i].Text, date); c != "" {
				out = append(out, item{start: i, end: i + 1, entries: []Entry{{Kind: KindAdjective, Code: c, Source: "surname " + toks[i].Text}}})
			}
		}
		out = append(out, it)
		covered = it.end
	}
	return out
}

// namedMention builds the mention of a title group followed by a name
// that ends at token end: the person the dictionary knows (person, or a
// person match at the end of group), or an unknown person with the role
// of the title and the country the group names.
func (f *Finder) namedMention(s *dyad.Sentence, group []item, end int, person *Person, date time.Time, idx *dyad.TextIndex) (dyad.Mention, resolved) {
	if group[len(group)-1].kind() == KindPerson {
		return f.mention(s, group, date, idx, true)
	}
	m, r := f.mention(s, group, date, idx, true)
	if m.Code == "" {
		return m, r
	}
	start := group[0].start
	m.Tokens = [2]int{start, end}
	m.Span = dyad.Span{s.Tokens[start].Span[0], s.Tokens[end-1].Span[1]}
	m.Text = idx.Slice(m.Span)
	m.Head = headOf(s.Tokens, start, end)
	title := r.title
	m.Kind = "person"
	r = resolved{text: m.Text, person: true, title: title}
	if person != nil {
		code, office := person.CodeAt(date)
		m.Code = code
		m.Rule += "+surname@" + person.Name
		r.code, r.gender, r.title = code, person.Gender, office
		return m, r
	}
	m.Rule += "+name"
	if !strings.HasPrefix(m.Code, "---") {
		r.code = m.Code
	}
	return m, r
}
