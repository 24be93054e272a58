package petrarch

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dyad-events/dyad/actors"
)

// An actor dictionary groups phrases under a primary line:
//
//	UNITED_STATES  [USA]
//	+USA
//	+U.S.
//	GOLLUM
//	+SMEAGOL
//		[HOB < 950601]
//		[HOBGOV 19950601 - 19990815]
//		[HOBREB > 990816]
//
// A "+" line adds a synonym to the group; codes in brackets follow the
// phrase or stand on indented lines. A code may be restricted to a period:
// "<d" (before d), ">d" (from d on), "a-b" (a to b, inclusive), with dates
// written YYMMDD or YYYYMMDD.

// code is one bracketed actor code with its period.
type code struct {
	code     string
	from, to time.Time
	dated    bool
}

// actorGroup is one group of synonyms being read.
type actorGroup struct {
	names  []string
	codes  []code
	line   int
	broken bool // its primary line was malformed: drop the group
}

// ReadActors reads a PETRARCH actor dictionary into dict. A group with one
// undated code becomes a name (kind country for three-letter codes, so that
// agents attach to it, otherwise group); a group with dated codes becomes a
// person whose roles are the periods, with the undated code, if any, as the
// fallback for every other date.
func ReadActors(ctx context.Context, name string, r io.Reader, dict *actors.Dictionary) (Stats, []error) {
	var st Stats
	var errs []error
	fail := func(no int, format string, args ...any) {
		errs = append(errs, &LineError{File: name, Line: no, Msg: fmt.Sprintf(format, args...)})
		st.Skipped++
	}
	var cur *actorGroup
	flush := func() {
		if cur == nil {
			return
		}
		g := cur
		cur = nil
		if g.broken {
			return
		}
		if len(g.codes) == 0 {
			fail(g.line, "actor %q has no code", g.names[0])
			return
		}
		st.Entries += addActorGroup(dict, g, where(name, g.line))
	}
	n, err := scanLines(ctx, r, func(l line) {
		text := l.text
		phrase, rest := text, ""
		if i := strings.IndexByte(text, '['); i >= 0 {
			phrase, rest = text[:i], text[i:]
		}
		phrase = strings.TrimSpace(phrase)
		codes, cerr := parseCodes(rest)
		if cerr != nil {
			fail(l.no, "%v", cerr)
			if phrase != "" && !strings.HasPrefix(phrase, "+") {
				// A broken primary line: its synonyms and codes must not
				// attach to the actor before it.
				flush()
				cur = &actorGroup{names: []string{phrase}, line: l.no, broken: true}
			}
			return
		}
		switch {
		case phrase == "":
			// a code line for the current group
			if cur == nil {
				fail(l.no, "code %s outside an actor", rest)
				return
			}
			if cur.broken {
				fail(l.no, "code of the malformed actor %q skipped", cur.names[0])
				return
			}
			cur.codes = append(cur.codes, codes...)
		case strings.HasPrefix(phrase, "+"):
			if cur == nil {
				fail(l.no, "synonym %q outside an actor", phrase)
				return
			}
			if cur.broken {
				fail(l.no, "synonym %q of the malformed actor %q skipped", phrase, cur.names[0])
				return
			}
			if syn := strings.TrimSpace(phrase[1:]); hasWords(syn) {
				cur.names = append(cur.names, syn)
			} else {
				fail(l.no, "empty synonym")
				return
			}
			cur.codes = append(cur.codes, codes...)
		default:
			if !hasWords(phrase) {
				fail(l.no, "empty actor phrase")
				return
			}
			if cur != nil && len(cur.codes) == 0 && !cur.broken {
				// Phrases with no code of their own share the codes that
				// follow them (a list of names, then the dated codes).
				cur.names = append(cur.names, phrase)
				cur.codes = append(cur.codes, codes...)
				return
			}
			flush()
			cur = &actorGroup{names: []string{phrase}, codes: codes, line: l.no}
		}
	}, func(no int) { fail(no, "%s", tooLong) })
	flush()
	st.Lines = n
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return st, errs
}

// addActorGroup adds every phrase of g to dict and returns how many.
func addActorGroup(dict *actors.Dictionary, g *actorGroup, where string) int {
	var e actors.Entry
	var fallback *code
	var dated []code
	for i := range g.codes {
		if g.codes[i].dated {
			dated = append(dated, g.codes[i])
		} else if fallback == nil {
			fallback = &g.codes[i]
		}
	}
	if len(dated) == 0 {
		kind := actors.KindGroup
		if len(fallback.code) == 3 {
			kind = actors.KindCountry
		}
		e = actors.Entry{Kind: kind, Code: fallback.code, Source: where}
	} else {
		// Dated roles first, in file order (the first that covers the date
		// wins), then the undated code, open at both ends, for other dates.
		p := &actors.Person{Name: namePhrase(g.names[0])}
		for _, c := range dated {
			p.Roles = append(p.Roles, actors.Role{Code: c.code, From: c.from, To: c.to})
		}
		if fallback != nil {
			p.Roles = append(p.Roles, actors.Role{Code: fallback.code})
		}
		e = actors.Entry{Kind: actors.KindPerson, Person: p, Source: where}
	}
	n := 0
	for _, name := range g.names {
		if ph := namePhrase(name); ph != "" {
			dict.Add(ph, e)
			n++
			// "THE_SHIRE" is also found in "Mordor, the Shire and
			// Bree", where the article is in lower case and dyad's
			// finder wants a name to start with a capital.
			if rest, ok := strings.CutPrefix(ph, "The "); ok && rest != "" {
				dict.Add(rest, e)
			}
		}
	}
	return n
}

// parseCodes reads zero or more bracketed codes: "[USA]", "[HOB <950601]",
// "[IGOEUREEC 780701-781231][IGOEUREEC 830101-830630]".
func parseCodes(s string) ([]code, error) {
	var out []code
	s = strings.TrimSpace(s)
	for s != "" {
		if s[0] != '[' {
			return nil, fmt.Errorf("unexpected %q after the codes", s)
		}
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return nil, fmt.Errorf("unclosed code bracket in %q", s)
		}
		c, err := parseCode(s[1:end])
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		s = strings.TrimSpace(s[end+1:])
	}
	return out, nil
}

func parseCode(s string) (code, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return code{}, fmt.Errorf("empty code []")
	}
	first, rest := s, ""
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		first, rest = s[:i], s[i:]
	}
	c := code{code: first}
	if strings.ToUpper(first) != first {
		c.code = strings.ToUpper(first)
	}
	if strings.ContainsAny(c.code, "<>") || (len(c.code) > 0 && c.code[0] >= '0' && c.code[0] <= '9') {
		return code{}, fmt.Errorf("code [%s] has a date but no actor code", s)
	}
	period := strings.TrimSpace(rest)
	if strings.ContainsAny(period, " \t") {
		period = strings.Join(strings.Fields(period), "")
	}
	if period == "" {
		return c, nil
	}
	c.dated = true
	var err error
	switch {
	case period[0] == '<':
		var d time.Time
		if d, err = parseDate(period[1:]); err == nil {
			c.to = d.AddDate(0, 0, -1)
		}
	case period[0] == '>':
		c.from, err = parseDate(period[1:])
	default:
		a, b, ok := strings.Cut(period, "-")
		if !ok {
			return code{}, fmt.Errorf("code [%s]: want <DATE, >DATE or DATE-DATE", s)
		}
		if c.from, err = parseDate(a); err == nil {
			c.to, err = parseDate(b)
		}
		// Six-digit dates guess the century; a period that seems to end
		// before it starts began a century earlier ("330101-730717").
		if err == nil && len(a) == 6 && c.to.Before(c.from) {
			c.from = c.from.AddDate(-100, 0, 0)
		}
		if err == nil && c.to.Before(c.from) {
			err = fmt.Errorf("period ends before it starts")
		}
	}
	if err != nil {
		return code{}, fmt.Errorf("code [%s]: %w", s, err)
	}
	return c, nil
}

// parseDate reads YYYYMMDD or YYMMDD. Two-digit years below 30 are in the
// 2000s: the dictionaries were written in 2014 and name few people born
// before 1930 (parseCode corrects a period's start when it must).
func parseDate(s string) (time.Time, error) {
	for _, r := range s {
		if r < '0' || r > '9' {
			return time.Time{}, fmt.Errorf("bad date %q (want YYMMDD or YYYYMMDD)", s)
		}
	}
	switch len(s) {
	case 8:
	case 6:
		if s[:2] < "30" {
			s = "20" + s
		} else {
			s = "19" + s
		}
	default:
		return time.Time{}, fmt.Errorf("bad date %q (want YYMMDD or YYYYMMDD)", s)
	}
	t, err := time.Parse("20060102", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date %q: %w", s, err)
	}
	return t, nil
}
