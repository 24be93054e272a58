// Package actors finds the actors of a sentence — countries, governments,
// armed groups, organisations, named people and role words — and resolves
// pronouns and titles to the actor meant. It reads dyad's own actor
// dictionary format (docs/actors-format.md); people carry dated roles, so a
// name resolves by the document date.
package actors

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/lines"
)

//go:embed data/*.txt
var embedded embed.FS

// Kind says what a dictionary phrase names.
type Kind string

// The kinds of phrase.
const (
	KindCountry   Kind = "name"      // a country's name
	KindAdjective Kind = "adjective" // "Israeli"
	KindPeople    Kind = "people"    // "Israelis"
	KindCapital   Kind = "capital"   // "Tehran" for the government
	KindBody      Kind = "body"      // a named institution: "Knesset"
	KindOrg       Kind = "org"       // an international organisation
	KindGroup     Kind = "group"     // a non-state group
	KindSector    Kind = "sector"    // a role word: "army", "minister"
	KindPerson    Kind = "person"
	KindPlace     Kind = "place" // a city or region: the country's territory
	KindTitle     Kind = "title" // a word that is a role only before a name: "Secretary"
)

// Entry is what one dictionary phrase means.
type Entry struct {
	Kind   Kind
	Code   string  // actor code; for a sector word, the three-letter role
	Person *Person // for KindPerson
	Source string  // "file:line", for explanations
	// RoleOnly marks an adjective that names its country or region only
	// before a role word: "Western diplomats" is WSTGOV, while "Western"
	// alone (Western Sahara, Western music) names no actor.
	RoleOnly bool
}

// Person is a named individual with dated roles.
type Person struct {
	Name   string // the first (full) name listed
	Gender string // "m", "f" or ""
	Roles  []Role
}

// Role is an office held over a period. A zero From or To is open.
type Role struct {
	Code     string
	From, To time.Time
	Title    string
	words    []string // officeWords(Title), computed once
}

// CodeAt returns the person's actor code and title on date d. Outside every
// role the person is an elite (ELI) of the country of the nearest role, so
// that a former president is not the government. A zero date takes the most
// recent role.
func (p *Person) CodeAt(d time.Time) (code, title string) {
	if len(p.Roles) == 0 {
		return "", ""
	}
	if d.IsZero() {
		best := p.Roles[0]
		for _, r := range p.Roles[1:] {
			if r.From.After(best.From) {
				best = r
			}
		}
		return best.Code, best.Title
	}
	for _, r := range p.Roles {
		if (r.From.IsZero() || !d.Before(r.From)) && (r.To.IsZero() || !d.After(r.To)) {
			return r.Code, r.Title
		}
	}
	nearest, dist := p.Roles[0], time.Duration(1<<63-1)
	for _, r := range p.Roles {
		var gap time.Duration
		if !r.To.IsZero() && d.After(r.To) {
			gap = d.Sub(r.To)
		} else if !r.From.IsZero() && d.Before(r.From) {
			gap = r.From.Sub(d)
		}
		if gap < dist {
			nearest, dist = r, gap
		}
	}
	if len(nearest.Code) < 3 {
		return nearest.Code, ""
	}
	switch nearest.Code[:3] {
	case "IGO", "NGO", "IMG", "MNC":
		// A former head of an organisation belongs to no country we know.
		return "---ELI", "former " + nearest.Title
	}
	return nearest.Code[:3] + "ELI", "former " + nearest.Title
}

// Dictionary maps phrases (as token sequences) to entries.
type Dictionary struct {
	root    *trieNode
	phrases int
	people  int
	// lastNames and firstNames index people by the last and the first
	// word of each of their names of several words (lower case), so that
	// a title before a bare surname ("Secretary Austin", "Minister
	// Kishi", or "Minister Wang", family name first) finds the person
	// whose office fits the title.
	lastNames, firstNames map[string][]*Person
	persons               []*Person // every person, for offices named without a name
	// offices maps a bare office ("secretary general", officeWords
	// joined) to the organisation or government it stands for when the
	// document names no other holder (the "office:" key).
	offices map[string]string
	// roleIndex maps an office word to the roles whose office has it;
	// built once, on first use (see rolesWith).
	roleIndex     map[string][]*Role
	roleIndexOnce sync.Once
	// halves maps "north" and "south" to the countries whose names
	// begin with them (North Korea, South Sudan), which news calls "the
	// North" and "the South" once it has named them.
	halves map[string][]string
}

type trieNode struct {
	next    map[string]*trieNode
	entries []Entry
	// caseSensitive entries keep the exact token texts to compare.
	exact []exactEntry
}

type exactEntry struct {
	tokens []string
	entry  Entry
}

// New returns an empty dictionary.
func New() *Dictionary {
	return &Dictionary{root: &trieNode{}, lastNames: map[string][]*Person{}, firstNames: map[string][]*Person{}, offices: map[string]string{},
		halves: map[string][]string{}}
}

// Default loads dyad's embedded dictionaries.
func Default() (*Dictionary, []error, error) {
	d := New()
	var warnings []error
	files, err := fs.Glob(embedded, "data/*.txt")
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := embedded.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		warnings = append(warnings, d.Load(path.Base(f), strings.NewReader(string(data)))...)
	}
	return d, warnings, nil
}

// Size returns the number of phrases and people loaded.
func (d *Dictionary) Size() (phrases, people int) { return d.phrases, d.people }

// Add adds one phrase. Phrases of five or fewer letters written in capitals
// (acronyms: "US", "UN", "IDF") match only in capitals; others match
// case-insensitively.
func (d *Dictionary) Add(phrase string, e Entry) {
	toks := PhraseTokens(phrase)
	if len(toks) == 0 {
		return
	}
	n := d.root
	for _, t := range toks {
		key := normalize(t)
		if n.next == nil {
			n.next = map[string]*trieNode{}
		}
		c := n.next[key]
		if c == nil {
			c = &trieNode{}
			n.next[key] = c
		}
		n = c
	}
	if isAcronym(phrase) {
		n.exact = append(n.exact, exactEntry{tokens: toks, entry: e})
	} else {
		n.entries = append(n.entries, e)
	}
	d.phrases++
}

// isAcronym reports whether a phrase is written in capitals with at most
// five letters ("US", "U.S.", "UN", "IDF").
func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 0 && letters <= 5
}

// normalize folds case and apostrophe and quote variants.
func normalize(s string) string {
	// Most words are lower-case ASCII already: return them as they are,
	// without the cost of the general case below.
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return normalizeAny(s)
		}
	}
	return s
}

func normalizeAny(s string) string {
	s = strings.ToLower(s)
	if strings.ContainsAny(s, "’‘") {
		s = strings.NewReplacer("’", "'", "‘", "'").Replace(s)
	}
	return s
}

// Load reads a dictionary in dyad's format. Malformed lines are returned as
// errors naming the file and line, and skipped; loading goes on.
func (d *Dictionary) Load(name string, r io.Reader) []error {
	var errs []error
	sc := lines.NewScanner(r, lines.MaxLine)
	var cur *record
	flush := func() {
		if cur != nil {
			d.addRecord(cur)
			cur = nil
		}
	}
	for sc.Scan() {
		lineNo := sc.Line()
		if sc.TooLong() {
			errs = append(errs, fmt.Errorf("%s:%d: line longer than %d bytes skipped", name, lineNo, sc.Max()))
			continue
		}
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, lineNo)
		indented := line[0] == ' ' || line[0] == '\t'
		line = strings.TrimSpace(line)
		if !indented {
			flush()
			rec, err := parseHead(line, where)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			cur = rec
			continue
		}
		if cur == nil {
			errs = append(errs, fmt.Errorf("%s: attribute line %q outside a record", where, line))
			continue
		}
		if err := cur.addAttribute(line, where); err != nil {
			errs = append(errs, err)
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return errs
}

// record is one parsed dictionary record before it is added.
type record struct {
	kind   string
	code   string
	names  []string
	attrs  map[string][]string
	bodies [][2]string
	person *Person
	where  string
}

var validKinds = map[string]bool{"country": true, "org": true, "group": true, "sector": true, "person": true, "places": true, "title": true}

func parseHead(line, where string) (*record, error) {
	head, rest, ok := strings.Cut(line, ":")
	if !ok {
		return nil, fmt.Errorf("%s: want \"KIND CODE: phrases\", got %q", where, line)
	}
	fields := strings.Fields(head)
	if len(fields) == 0 || !validKinds[fields[0]] {
		return nil, fmt.Errorf("%s: unknown record kind in %q (want country, org, group, sector, title, places or person)", where, head)
	}
	rec := &record{kind: fields[0], attrs: map[string][]string{}, where: where}
	switch {
	case rec.kind == "person" && len(fields) == 1:
		rec.person = &Person{}
	case rec.kind != "person" && len(fields) == 2:
		rec.code = fields[1]
		if !validCode(rec.code) {
			return nil, fmt.Errorf("%s: bad actor code %q (want capital letters and digits)", where, rec.code)
		}
	default:
		return nil, fmt.Errorf("%s: want \"%s CODE:\", got %q", where, rec.kind, head)
	}
	rec.names = splitPhrases(rest)
	if len(rec.names) == 0 {
		return nil, fmt.Errorf("%s: record has no phrases", where)
	}
	if rec.person != nil {
		rec.person.Name = rec.names[0]
	}
	return rec, nil
}

func validCode(c string) bool {
	if len(c) < 3 {
		return false
	}
	for _, r := range c {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func splitPhrases(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (rec *record) addAttribute(line, where string) error {
	key, val, ok := strings.Cut(line, ":")
	if !ok {
		return fmt.Errorf("%s: want \"key: value\", got %q", where, line)
	}
	key = strings.TrimSpace(key)
	val = strings.TrimSpace(val)
	switch {
	case rec.person != nil && key == "gender":
		if val != "m" && val != "f" {
			return fmt.Errorf("%s: gender %q: want m or f", where, val)
		}
		rec.person.Gender = val
	case rec.person != nil && key == "role":
		role, err := parseRole(val)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		rec.person.Roles = append(rec.person.Roles, role)
	case rec.person == nil && (key == "adjective" || key == "people" || key == "capital" || key == "role-adjective" || key == "office"):
		rec.attrs[key] = append(rec.attrs[key], splitPhrases(val)...)
	case rec.person == nil && key == "body":
		for _, b := range splitPhrases(val) {
			phrase, code, ok := strings.Cut(b, "=")
			phrase, code = strings.TrimSpace(phrase), strings.TrimSpace(code)
			if !ok || phrase == "" || !validCode(code) {
				return fmt.Errorf("%s: body %q: want \"phrase = CODE\"", where, b)
			}
			rec.bodies = append(rec.bodies, [2]string{phrase, code})
		}
	default:
		return fmt.Errorf("%s: unknown key %q for a %s record", where, key, rec.kind)
	}
	return nil
}

// parseRole reads "CODE FROM TO title words".
func parseRole(s string) (Role, error) {
	f := strings.Fields(s)
	if len(f) < 3 {
		return Role{}, fmt.Errorf("role %q: want \"CODE FROM TO title\"", s)
	}
	if !validCode(f[0]) {
		return Role{}, fmt.Errorf("role %q: bad actor code %q", s, f[0])
	}
	from, err := parseDate(f[1], false)
	if err != nil {
		return Role{}, fmt.Errorf("role %q: %w", s, err)
	}
	to, err := parseDate(f[2], true)
	if err != nil {
		return Role{}, fmt.Errorf("role %q: %w", s, err)
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return Role{}, fmt.Errorf("role %q: ends before it starts", s)
	}
	return Role{Code: f[0], From: from, To: to, Title: strings.Join(f[3:], " ")}, nil
}

// parseDate reads YYYY-MM-DD, YYYY-MM or YYYY, or "-" for open. An end date
// given as a month or year means its last day.
func parseDate(s string, end bool) (time.Time, error) {
	if s == "-" {
		return time.Time{}, nil
	}
	for _, l := range []struct {
		layout string
		years  int
		months int
	}{{"2006-01-02", 0, 0}, {"2006-01", 0, 1}, {"2006", 1, 0}} {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if end && (l.years > 0 || l.months > 0) {
			t = t.AddDate(l.years, l.months, -1)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("unknown date form %q (want YYYY-MM-DD, YYYY-MM, YYYY or -)", s)
}

func (d *Dictionary) addRecord(rec *record) {
	switch rec.kind {
	case "person":
		d.people++
		d.persons = append(d.persons, rec.person)
		for _, n := range rec.names {
			d.Add(n, Entry{Kind: KindPerson, Person: rec.person, Source: rec.where})
			d.indexSurname(n, rec.person)
		}
		return
	case "sector", "title":
		kind := KindSector
		if rec.kind == "title" {
			kind = KindTitle
		}
		for _, n := range rec.names {
			d.Add(n, Entry{Kind: kind, Code: rec.code, Source: rec.where})
		}
		return
	case "places":
		for _, n := range rec.names {
			d.Add(n, Entry{Kind: KindPlace, Code: rec.code, Source: rec.where})
		}
		return
	}
	kind := KindCountry
	switch rec.kind {
	case "org":
		kind = KindOrg
	case "group":
		kind = KindGroup
	}
	for _, n := range rec.names {
		d.Add(n, Entry{Kind: kind, Code: rec.code, Source: rec.where})
		if first, _, ok := strings.Cut(strings.ToLower(n), " "); ok && kind == KindCountry && (first == "north" || first == "south") {
			d.halves[first] = appendNew(d.halves[first], rec.code)
		}
	}
	for _, a := range rec.attrs["adjective"] {
		d.Add(a, Entry{Kind: KindAdjective, Code: rec.code, Source: rec.where})
	}
	for _, o := range rec.attrs["office"] {
		code := rec.code
		if kind == KindCountry {
			code += "GOV" // a country's office is its government's
		}
		if _, taken := d.offices[strings.Join(officeWords(o), " ")]; !taken {
			d.offices[strings.Join(officeWords(o), " ")] = code
		}
		// The office is also a title, so that "the Secretary" is found.
		d.Add(o, Entry{Kind: KindTitle, Code: "GOV", Source: rec.where})
	}
	for _, a := range rec.attrs["role-adjective"] {
		d.Add(a, Entry{Kind: KindAdjective, Code: rec.code, Source: rec.where, RoleOnly: true})
	}
	for _, a := range rec.attrs["people"] {
		d.Add(a, Entry{Kind: KindPeople, Code: rec.code, Source: rec.where})
	}
	for _, a := range rec.attrs["capital"] {
		d.Add(a, Entry{Kind: KindCapital, Code: rec.code, Source: rec.where})
	}
	for _, b := range rec.bodies {
		d.Add(b[0], Entry{Kind: KindBody, Code: b[1], Source: rec.where})
	}
}

// PhraseTokens splits a dictionary phrase into tokens the way nlp splits
// text, so that phrases and text meet on the same boundaries.
func PhraseTokens(phrase string) []string {
	var out []string
	for _, f := range strings.Fields(phrase) {
		// split possessive clitics and hyphens like the tokenizer does
		for _, part := range splitPhraseWord(f) {
			out = append(out, part)
		}
	}
	return out
}

func splitPhraseWord(w string) []string {
	var out []string
	lower := strings.ToLower(w)
	for _, cl := range []string{"'s", "’s"} {
		if len(lower) > len(cl) && strings.HasSuffix(lower, cl) {
			return append(splitPhraseWord(w[:len(w)-len(cl)]), w[len(w)-len(cl):])
		}
	}
	start := 0
	for i, r := range w {
		if (r == '-' || r == '–' || r == '/') && i > 0 && i+1 < len(w) {
			prev, _ := utf8.DecodeLastRuneInString(w[:i])
			next, _ := utf8.DecodeRuneInString(w[i+1:])
			if unicode.IsLetter(prev) && unicode.IsLetter(next) {
				out = append(out, w[start:i], string(r))
				start = i + utf8.RuneLen(r)
			}
		}
	}
	return append(out, w[start:])
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// nameSuffixes end a name without being its surname ("Lloyd J. Austin
// III", "Ferdinand Marcos Jr.").
var nameSuffixes = map[string]bool{"jr.": true, "jr": true, "sr.": true, "sr": true, "ii": true, "iii": true, "iv": true}

// indexSurname files a person under the first and last word of one of
// their names, if it has more than one word. The first word serves names
// written family name first ("Chung Eui-yong", "Wang Yi").
func (d *Dictionary) indexSurname(name string, p *Person) {
	words := strings.Fields(name)
	for len(words) > 1 && nameSuffixes[strings.ToLower(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	if len(words) < 2 {
		return
	}
	fileName(d.firstNames, words[0], p)
	fileName(d.lastNames, words[len(words)-1], p)
}

func fileName(index map[string][]*Person, w string, p *Person) {
	// A surname like "al-Burhan" is filed whole and by its part after
	// the article ("Burhan").
	keys := []string{normalize(w)}
	if art, rest, ok := strings.Cut(w, "-"); ok && arabicArticles[strings.ToLower(art)] {
		keys = append(keys, normalize(rest))
	}
	for _, k := range keys {
		if len(k) < 2 || strings.HasSuffix(k, ".") {
			continue // initials ("J.") are no surname
		}
		listed := false
		for _, q := range index[k] {
			listed = listed || q == p
		}
		if !listed {
			index[k] = append(index[k], p)
		}
	}
}

// arabicArticles are the forms of the Arabic article that open names
// ("al-Sisi", "el-Sisi").
var arabicArticles = map[string]bool{"al": true, "el": true, "ad": true, "ash": true, "as": true, "ar": true, "an": true, "at": true, "az": true}
