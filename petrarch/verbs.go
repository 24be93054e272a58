package petrarch

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/ontology"
)

// The CAMEO.2.0 verb-pattern format (PETRARCH2) has three parts.
//
// Synonym sets, a name and its members:
//
//	&CEASEFIRE
//	+TRUCE
//	+CEASE-FIRE
//
// Verb blocks: a header with the block's code, the verbs of the block (with
// irregular forms in braces, an own code in brackets, and "+" marking the
// verb word of a multi-word verb), then patterns that apply to every verb of
// the block:
//
//	--- AGREE [050] ---
//	AGREE
//	+TAKE_NOTE {+TAKES_NOTE +TOOK_NOTE}
//	DISMISS [110]
//	- * (TO &CEASEFIRE)       [0356]
//	- SHARPLY *               [111]
//	- * {PASSENGER CARS} (TO +) [061]
//	- * (TO PEACE)            [037:037]
//
// In a pattern "*" is the verb, words before it stand before the verb,
// "(PREP ...)" is a prepositional phrase, "{...}" a noun phrase, "+" the
// target, "$" the source, "^" a skipped phrase and "%" a compound actor.
// "[a:b]" codes a paired event (a from source to target, b back); "[---]"
// codes nothing.
//
// Transformations, which recode an event reported by another verb:
//
//	~ a (a b ATTACK) SAY = a b 015

// Verbs is a parsed verb dictionary.
type Verbs struct {
	Synsets         map[string]Synset
	Blocks          []*VerbBlock
	Transformations []Transformation
	// OneSided makes the patterns code an event whose target is missing,
	// with target "---", as PETRARCH does with require_dyad = false.
	OneSided bool
	name     string
}

// Synset is a named set of words or phrases.
type Synset struct {
	Members []string // as written, "&NAME" for a nested set
	Line    int
}

// VerbBlock is one "--- VERB [CODE] ---" block.
type VerbBlock struct {
	Name     string
	Code     string
	Reverse  string // the paired event's code: "[040:040]"
	Line     int
	Verbs    []Verb
	Patterns []VerbPattern
	// badCode marks a header whose code was malformed or unknown (and
	// reported): the verbs without a code of their own code nothing.
	badCode bool
}

// Verb is one verb of a block.
type Verb struct {
	Words   []string // lower case; Words[Index] is the verb
	Index   int
	Forms   []string // irregular forms given in braces
	Code    string   // its own code, or "" for the block's
	Reverse string
	Line    int
}

// VerbPattern is one "- ... [CODE]" line.
type VerbPattern struct {
	Items   []Item
	Code    string // "" or "---" for none
	Reverse string // the paired event's code, if any
	Text    string // as written
	Line    int
}

// Item is one element of a pattern.
type Item struct {
	Kind   ItemKind
	Word   string // for ItemWord and ItemPrep (lower case), or the synset name
	Before bool   // stands before the verb
	Next   bool   // directly follows the item before it: "{STATE DINNER}"
}

// ItemKind says what a pattern element is.
type ItemKind int

// The kinds of pattern element.
const (
	ItemWord     ItemKind = iota // a word ("DEADLOCK"), or a synset ("&TREATY")
	ItemPrep                     // the preposition opening "(PREP ...)"
	ItemTarget                   // "+"
	ItemSource                   // "$"
	ItemSkip                     // "^": a noun phrase the pattern passes over
	ItemCompound                 // "%": a compound actor, which dyad finds by coordination
)

// Transformation is one "~" line, kept as written: dyad codes reported
// speech through its own attribution, not through these rules.
type Transformation struct {
	Pattern, Result string
	Line            int
}

// blockHeader also accepts the stray dashes of "---  DELAY   [120]---  ---".
// It takes the first code of "--- DELAY [120] [031:031] ---" and needs no
// closing dashes ("--- TROUBLED [---]"), as in the older verb files.
var blockHeader = regexp.MustCompile(`^-{3}\s*([^\s\[][^\[]*?)\s*\[([^\]]*)\][^\[\]]*(\[[^\]]*\])?[\s-]*$`)

// spaceOut separates the brackets and the verb mark from the words of a
// pattern ("(TO {PEACE PLAN})", "SPY_*_DEAL").
var spaceOut = strings.NewReplacer("(", " ( ", ")", " ) ", "{", " { ", "}", " } ", "*", " * ")

// KnownCode reports whether a dictionary may use an event code.
type KnownCode func(code string) bool

// CAMEOCodes accepts the codes of a CAMEO table (and "---", which codes
// nothing): the check dyad's own lexicon makes, for PETRARCH's files.
func CAMEOCodes(tab *ontology.Table) KnownCode {
	return func(code string) bool {
		_, ok := tab.Lookup(code)
		return ok || code == "---"
	}
}

// ReadVerbs parses a verb dictionary in the CAMEO.2.0 format, checking
// every event code against dyad's CAMEO table (ontology.Default).
func ReadVerbs(ctx context.Context, name string, r io.Reader) (*Verbs, Stats, []error) {
	return ReadVerbsWith(ctx, name, r, CAMEOCodes(ontology.Default()))
}

// ReadVerbsWith is ReadVerbs with the event codes known says exist. A
// line whose code is unknown is reported as `file:line: unknown CAMEO
// code "9a9"` and skipped, so that a typo never becomes the code of
// events; a block header with an unknown code keeps its lines that carry
// their own codes, and the verbs that would take the block's code are
// left out.
func ReadVerbsWith(ctx context.Context, name string, r io.Reader, known KnownCode) (*Verbs, Stats, []error) {
	v := &Verbs{Synsets: map[string]Synset{}, name: name}
	var st Stats
	var errs []error
	fail := func(no int, format string, args ...any) {
		errs = append(errs, &LineError{File: name, Line: no, Msg: fmt.Sprintf(format, args...)})
		st.Skipped++
	}
	// checkCodes reports the first unknown code of a line, if any.
	checkCodes := func(no int, codes ...string) bool {
		for _, c := range codes {
			if c != "" && !known(c) {
				fail(no, "unknown CAMEO code %q", c)
				return false
			}
		}
		return true
	}
	var block *VerbBlock
	synset := ""
	n, err := scanLines(ctx, r, func(l line) {
		t := l.text
		switch {
		case strings.HasPrefix(t, "&"):
			name := strings.Fields(t)[0]
			block, synset = nil, name
			if _, dup := v.Synsets[name]; !dup {
				v.Synsets[name] = Synset{Line: l.no}
			}
		case strings.HasPrefix(t, "---"):
			m := blockHeader.FindStringSubmatch(t)
			if m == nil {
				fail(l.no, "bad verb block header %q (want --- VERB [CODE] ---)", t)
				block, synset = nil, ""
				return
			}
			code, rev, err := parseVerbCode(m[2])
			bad := false
			if err != nil {
				fail(l.no, "%v", err)
				bad = true
			} else if !checkCodes(l.no, code, rev) {
				bad = true
			}
			if bad {
				// The block's own code is unusable: its verbs that
				// would take it code nothing rather than a wrong event.
				code, rev = "", ""
			}
			block = &VerbBlock{Name: strings.ToLower(m[1]), Code: code, Reverse: rev, Line: l.no, badCode: bad}
			synset = ""
			v.Blocks = append(v.Blocks, block)
		case strings.HasPrefix(t, "~"):
			pat, res, ok := strings.Cut(t[1:], "=")
			if !ok || strings.Count(pat, "(") != strings.Count(pat, ")") || strings.TrimSpace(res) == "" {
				fail(l.no, "bad transformation %q (want ~ PATTERN = a b CODE)", t)
				return
			}
			v.Transformations = append(v.Transformations, Transformation{Pattern: strings.TrimSpace(pat), Result: strings.TrimSpace(res), Line: l.no})
			st.Entries++
		case synset != "" && strings.HasPrefix(t, "+"):
			s := v.Synsets[synset]
			s.Members = append(s.Members, strings.TrimSpace(t[1:]))
			v.Synsets[synset] = s
		case block == nil:
			fail(l.no, "line %q outside a verb block or synonym set", t)
		case strings.HasPrefix(t, "-") || strings.HasPrefix(t, "*"):
			p, err := parseVerbPattern(t)
			if err != nil {
				fail(l.no, "%v", err)
				return
			}
			if !checkCodes(l.no, p.Code, p.Reverse) {
				return
			}
			p.Line = l.no
			block.Patterns = append(block.Patterns, p)
			st.Entries++
		default:
			vb, err := parseVerbLine(t)
			if err != nil {
				fail(l.no, "%v", err)
				return
			}
			if !checkCodes(l.no, vb.Code, vb.Reverse) {
				return
			}
			vb.Line = l.no
			block.Verbs = append(block.Verbs, vb)
		}
	}, func(no int) { fail(no, "%s", tooLong) })
	st.Lines = n
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return v, st, errs
}

// parseVerbCode reads "050", "043:042", ":074", "---".
func parseVerbCode(s string) (code, reverse string, err error) {
	s = strings.TrimSpace(s)
	code, reverse, _ = strings.Cut(s, ":")
	code, reverse = strings.TrimSpace(code), strings.TrimSpace(reverse)
	for _, c := range []string{code, reverse} {
		if strings.ContainsAny(c, " []{}()") {
			return "", "", fmt.Errorf("bad event code [%s]", s)
		}
	}
	if code == "" && reverse == "" {
		return "", "", fmt.Errorf("empty event code []")
	}
	if reverse == "---" {
		reverse = ""
	}
	return code, reverse, nil
}

// parseVerbLine reads "BREAK {BROKE BROKEN} [120]", "+TAKE_NOTE {...}",
// "KLM_NOP_+RST [002]".
func parseVerbLine(t string) (Verb, error) {
	var vb Verb
	if i := strings.IndexByte(t, '['); i >= 0 {
		j := strings.IndexByte(t, ']')
		if j < i {
			return vb, fmt.Errorf("unclosed [ in %q", t)
		}
		code, rev, err := parseVerbCode(t[i+1 : j])
		if err != nil {
			return vb, err
		}
		vb.Code, vb.Reverse = code, rev
		if rest := strings.TrimSpace(t[j+1:]); rest != "" {
			return vb, fmt.Errorf("unexpected %q after the code", rest)
		}
		t = strings.TrimSpace(t[:i])
	}
	if i := strings.IndexByte(t, '{'); i >= 0 {
		j := strings.IndexByte(t, '}')
		if j < i {
			return vb, fmt.Errorf("unclosed { in %q", t)
		}
		for _, f := range strings.Fields(t[i+1 : j]) {
			vb.Forms = append(vb.Forms, strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(f, "+"), "_", " ")))
		}
		t = strings.TrimSpace(t[:i] + t[j+1:])
	}
	f := strings.Fields(t)
	if len(f) > 1 {
		// "LASH OUT" in the older files is "LASH_OUT"
		f = []string{strings.Join(f, "_")}
	}
	if len(f) != 1 {
		return vb, fmt.Errorf("bad verb line %q (want VERB {FORMS} [CODE])", t)
	}
	vb.Index = -1
	for _, w := range strings.Split(f[0], "_") {
		if w == "" {
			continue
		}
		if strings.HasPrefix(w, "+") {
			if vb.Index >= 0 {
				return vb, fmt.Errorf("verb %q marks two words with +", f[0])
			}
			vb.Index = len(vb.Words)
			w = w[1:]
		}
		if w == "" || strings.ContainsAny(w, "+*$^%&(){}") {
			return vb, fmt.Errorf("bad verb %q", f[0])
		}
		vb.Words = append(vb.Words, strings.ToLower(w))
	}
	if len(vb.Words) == 0 {
		return vb, fmt.Errorf("empty verb line")
	}
	if vb.Index < 0 {
		vb.Index = 0
	}
	return vb, nil
}

// parseVerbPattern reads "- * (TO &CEASEFIRE) [0356]".
func parseVerbPattern(t string) (VerbPattern, error) {
	p := VerbPattern{Text: t}
	t = strings.TrimSpace(strings.TrimPrefix(t, "-"))
	i := strings.LastIndexByte(t, '[')
	j := strings.LastIndexByte(t, ']')
	if i < 0 || j < i {
		return p, fmt.Errorf("pattern %q has no [code]", p.Text)
	}
	if rest := strings.TrimSpace(t[j+1:]); rest != "" {
		return p, fmt.Errorf("unexpected %q after the code", rest)
	}
	var err error
	if p.Code, p.Reverse, err = parseVerbCode(t[i+1 : j]); err != nil {
		return p, err
	}
	body := spaceOut.Replace(t[:i])
	before, verbs, depthP, depthB := true, 0, 0, 0
	openPrep, braceStarted := false, false
	for _, f := range patternFields(body) {
		switch f {
		case "*":
			verbs++
			before = false
			continue
		case "(":
			if depthP > 0 {
				return p, fmt.Errorf("nested ( in pattern %q", p.Text)
			}
			depthP++
			openPrep = true
			continue
		case ")":
			if depthP == 0 {
				return p, fmt.Errorf("unbalanced ) in pattern %q", p.Text)
			}
			depthP--
			openPrep = false
			continue
		case "{":
			depthB++
			braceStarted = false
			continue
		case "}":
			if depthB == 0 {
				return p, fmt.Errorf("unbalanced } in pattern %q", p.Text)
			}
			depthB--
			continue
		}
		it := Item{Before: before, Next: depthB > 0 && braceStarted}
		braceStarted = depthB > 0
		switch f {
		case "+":
			it.Kind = ItemTarget
		case "$":
			it.Kind = ItemSource
		case "^":
			it.Kind = ItemSkip
		case "%":
			it.Kind = ItemCompound
		default:
			if strings.ContainsAny(f, "*$^%") {
				return p, fmt.Errorf("bad word %q in pattern %q", f, p.Text)
			}
			it.Word = strings.ToLower(f)
			if !strings.HasPrefix(f, "&") {
				it.Word = strings.Trim(it.Word, "_")
			}
			if openPrep {
				it.Kind = ItemPrep
			}
		}
		openPrep = false
		p.Items = append(p.Items, it)
	}
	if depthP != 0 || depthB != 0 {
		return p, fmt.Errorf("unbalanced brackets in pattern %q", p.Text)
	}
	if verbs != 1 {
		return p, fmt.Errorf("pattern %q must have one * for the verb", p.Text)
	}
	return p, nil
}

// AddTo converts the verb blocks into patterns of lex: each verb of a block
// with no further elements (its own code, or the block's), and each
// pattern of the block for each verb of the block. It returns the number of
// patterns added and an error for each pattern that names an unknown
// synonym set.
func (v *Verbs) AddTo(lex *coding.PetrarchLexicon) (int, []error) {
	return v.add(lex, nil)
}

// AddNew is AddTo for the verbs that neither dyad's lexicon own nor lex
// (from verb files read before) has a pattern for yet: merged with dyad's
// own lexicon, the PETRARCH patterns fill its gaps and do not compete with
// its patterns for the verbs it knows.
func (v *Verbs) AddNew(lex *coding.PetrarchLexicon, own *coding.Lexicon) (int, []error) {
	if own == nil {
		own = coding.NewLexicon()
	}
	return v.add(lex, own)
}

// add adds the patterns to lex; with own, only those of verbs neither own
// nor lex has yet.
func (v *Verbs) add(lex *coding.PetrarchLexicon, own *coding.Lexicon) (int, []error) {
	var known map[string]bool
	if own != nil {
		known = map[string]bool{}
		for _, b := range v.Blocks {
			for _, vb := range b.Verbs {
				h := vb.Words[vb.Index]
				if lemma, ok := coding.BaseVerb(h); ok {
					h = lemma
				}
				if own.HasHead(h, false) || lex.HasHead(h) {
					known[vb.Words[vb.Index]] = true
				}
			}
		}
	}
	var errs []error
	n := 0
	cache := map[string][]string{}
	for _, b := range v.Blocks {
		// Convert the block's patterns once; every verb shares them.
		type conv struct {
			elems []coding.PetrarchElem
			p     *VerbPattern
			src   string
		}
		var convs []conv
		for i := range b.Patterns {
			p := &b.Patterns[i]
			elems, err := v.elems(p.Items, cache)
			if err != nil {
				errs = append(errs, &LineError{File: v.name, Line: p.Line, Msg: err.Error()})
				continue
			}
			convs = append(convs, conv{elems, p, where(v.name, p.Line)})
		}
		for _, vb := range b.Verbs {
			head := vb.Words[vb.Index]
			if known[head] {
				continue
			}
			var words []coding.PetrarchElem
			for i, w := range vb.Words {
				if i != vb.Index {
					words = append(words, coding.PetrarchElem{Lemmas: variants(w), Before: i < vb.Index})
				}
			}
			code, rev := vb.Code, vb.Reverse
			// A verb that would take the code of a header reported as
			// bad codes nothing on its own; the block's patterns, each
			// with its own code, still apply to it.
			bare := !(code == "" && rev == "" && b.badCode)
			if code == "" && rev == "" {
				code, rev = b.Code, b.Reverse
			}
			src := where(v.name, vb.Line)
			form := ""
			if lemma, ok := coding.BaseVerb(head); ok {
				head, form = lemma, head
			}
			add := func(p *coding.PetrarchPattern) {
				p.Form, p.Open = form, v.OneSided
				lex.Add(p)
				n++
			}
			if bare {
				add(newPattern(head, code, rev, words, strings.Join(vb.Words, " "), src))
			}
			for _, c := range convs {
				elems := c.elems
				if len(words) > 0 {
					elems = append(append([]coding.PetrarchElem{}, words...), c.elems...)
				}
				add(newPattern(head, c.p.Code, c.p.Reverse, elems, c.p.Text, c.src))
			}
		}
	}
	return n, errs
}

func newPattern(head, code, reverse string, elems []coding.PetrarchElem, text, src string) *coding.PetrarchPattern {
	if code == "---" {
		code = ""
	}
	return &coding.PetrarchPattern{Code: code, Reverse: reverse, Null: code == "" && reverse == "", Head: head,
		Elems: elems, Text: text, Source: src}
}

// elems converts pattern items into lexicon elements.
func (v *Verbs) elems(items []Item, cache map[string][]string) ([]coding.PetrarchElem, error) {
	var out []coding.PetrarchElem
	for _, it := range items {
		switch it.Kind {
		case ItemTarget:
			out = append(out, coding.PetrarchElem{Target: true, Before: it.Before})
		case ItemSource:
			out = append(out, coding.PetrarchElem{Source: true, Before: it.Before})
		case ItemSkip:
			out = append(out, coding.PetrarchElem{Skip: true, Before: it.Before})
		case ItemCompound:
			out = append(out, coding.PetrarchElem{Compound: true, Before: it.Before})
		case ItemPrep:
			out = append(out, coding.PetrarchElem{Lemmas: []string{it.Word}, Before: it.Before, Next: it.Next})
		default:
			if strings.HasPrefix(it.Word, "&") {
				name, rest := v.splitSynset(strings.ToUpper(it.Word))
				words, err := v.synsetWords(name, cache, 0)
				if err != nil {
					return nil, err
				}
				out = append(out, coding.PetrarchElem{Lemmas: words, Before: it.Before, Next: it.Next})
				// "&TIETYPES_MEMOS": the words after the set follow it
				for _, w := range strings.Split(rest, "_") {
					if w != "" {
						out = append(out, coding.PetrarchElem{Lemmas: variants(w), Before: it.Before, Next: true})
					}
				}
				continue
			}
			next := it.Next
			for _, w := range strings.Split(it.Word, "_") {
				if w != "" {
					// the words of "REAL_PLEASANT" stand together
					out = append(out, coding.PetrarchElem{Lemmas: variants(w), Before: it.Before, Next: next})
					next = true
				}
			}
		}
	}
	return out, nil
}

// synsetWords returns the words a synonym set stands for. A member of
// several words ("TOTAL BOYCOTT") is kept as a phrase, its words separated
// by spaces, which the matcher reads as consecutive words.
func (v *Verbs) synsetWords(name string, cache map[string][]string, depth int) ([]string, error) {
	if ws, ok := cache[name]; ok {
		return ws, nil
	}
	s, ok := v.Synsets[name]
	if !ok {
		// "&WEAPON_" and "&WEAPON" name one set
		if s, ok = v.Synsets[strings.TrimSuffix(name, "_")]; !ok {
			s, ok = v.Synsets[name+"_"]
		}
	}
	if !ok {
		return nil, fmt.Errorf("unknown synonym set %s", name)
	}
	if depth > 8 {
		return nil, fmt.Errorf("synonym set %s includes itself", name)
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range s.Members {
		if strings.HasPrefix(m, "&") {
			ws, err := v.synsetWords(strings.ToUpper(strings.Fields(m)[0]), cache, depth+1)
			if err != nil {
				return nil, err
			}
			for _, w := range ws {
				if !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
			continue
		}
		ws := phraseWords(strings.Trim(strings.ToLower(m), "()"))
		if len(ws) == 0 {
			continue
		}
		pre := strings.Join(ws[:len(ws)-1], " ")
		if pre != "" {
			pre += " "
		}
		for _, w := range variants(ws[len(ws)-1]) {
			if w = pre + w; !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("synonym set %s is empty", name)
	}
	cache[name] = out
	return out, nil
}

// variants returns a dictionary word and its likely lemma: dictionary
// words are often plurals ("TROOPS", "SANCTIONS") while dyad's matcher
// compares lemmas (and texts).
func variants(w string) []string {
	w = strings.ToLower(strings.Trim(w, "_"))
	out := []string{w}
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		out = append(out, w[:len(w)-3]+"y")
	case len(w) > 4 && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes")):
		out = append(out, w[:len(w)-2])
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		out = append(out, w[:len(w)-1])
	}
	return out
}

// patternFields splits a pattern into its elements. The older (TABARI
// style) files join elements with underscores ("*_BY_$", "IN_^",
// "$_&WEAPON"): an element joined to a slot symbol stands apart, while
// "REAL_PLEASANT" stays one multi-word element and "&FIGHT_OF_WORDS" one
// synonym set.
func patternFields(body string) []string {
	var out []string
	for _, f := range strings.Fields(body) {
		if !strings.Contains(f, "_") || !strings.ContainsAny(f, "$^%+") {
			out = append(out, f)
			continue
		}
		for _, part := range strings.Split(f, "_") {
			if part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// splitSynset splits "&TIETYPES_MEMOS", a set name joined to the words
// after it, into the longest defined set name and the rest. A name that is
// defined, or has no defined prefix, is returned whole.
func (v *Verbs) splitSynset(word string) (name, rest string) {
	if _, ok := v.Synsets[word]; ok {
		return word, ""
	}
	for i := strings.LastIndexByte(word, '_'); i > 0; i = strings.LastIndexByte(word[:i], '_') {
		if _, ok := v.Synsets[word[:i]]; ok {
			return word[:i], strings.ToLower(word[i+1:])
		}
		if _, ok := v.Synsets[word[:i+1]]; ok {
			return word[:i+1], strings.ToLower(word[i+1:])
		}
	}
	return word, ""
}
