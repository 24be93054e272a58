package petrarch

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dyad-events/dyad/actors"
)

// An agent dictionary lists role words with the code they add to an actor:
//
//	!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
//	FOREIGN_MINISTER [~GOVFRM]
//	ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
//	POLICE {} [~COP]
//	CONGRESS!PERSON! [~LEG]
//	HUMAN_RIGHTS_BODY [NGO~]
//
// "!NAME!" is replaced by each of its substitutions. Braces give the plural
// forms; empty braces say there are none; without braces the plural is
// formed by the usual English rules. "~GOV" appends GOV to the actor's code
// ("Arnor's foreign minister" → ARNGOVFRM); "NGO~" puts NGO in front of it
// (→ NGOARN).

// PrefixMark ends the code of an agent whose code goes in front of the
// actor's code ("NGO~"). dyad's finder appends sector codes, so such a
// mention comes out as "ARNNGO~" and FixPrefixCodes turns it into "NGOARN".
const PrefixMark = "~"

// ReadAgents reads a PETRARCH agent dictionary into dict as sector entries.
func ReadAgents(ctx context.Context, name string, r io.Reader, dict *actors.Dictionary) (Stats, []error) {
	var st Stats
	var errs []error
	fail := func(no int, format string, args ...any) {
		errs = append(errs, &LineError{File: name, Line: no, Msg: fmt.Sprintf(format, args...)})
		st.Skipped++
	}
	subst := map[string][]string{}
	n, err := scanLines(ctx, r, func(l line) {
		text := l.text
		if strings.HasPrefix(text, "!") && strings.Contains(text, "=") {
			key, vals, _ := strings.Cut(text, "=")
			key = strings.TrimSpace(key)
			if len(key) < 3 || !strings.HasSuffix(key, "!") || strings.Count(key, "!") != 2 {
				fail(l.no, "bad substitution name %q (want !NAME!)", key)
				return
			}
			var vs []string
			for _, v := range strings.Split(vals, ",") {
				if v = strings.TrimSpace(v); v != "" {
					vs = append(vs, v)
				}
			}
			if len(vs) == 0 {
				fail(l.no, "substitution %s has no values", key)
				return
			}
			subst[key] = vs
			return
		}
		open := strings.IndexByte(text, '[')
		close := strings.LastIndexByte(text, ']')
		if open < 0 || close < open {
			fail(l.no, "agent %q has no [code]", text)
			return
		}
		if rest := strings.TrimSpace(text[close+1:]); rest != "" {
			fail(l.no, "unexpected %q after the code", rest)
			return
		}
		c := strings.ReplaceAll(text[open+1:close], " ", "")
		var code string
		switch {
		case strings.HasPrefix(c, "~") && len(c) > 1:
			code = strings.ToUpper(c[1:])
		case strings.HasSuffix(c, "~") && len(c) > 1:
			code = strings.ToUpper(c[:len(c)-1]) + PrefixMark
		default:
			fail(l.no, "agent code [%s]: want [~CODE] or [CODE~]", c)
			return
		}
		head := strings.TrimSpace(text[:open])
		var plurals []string
		explicit := false
		if i := strings.IndexByte(head, '{'); i >= 0 {
			j := strings.IndexByte(head, '}')
			if j < i {
				fail(l.no, "unclosed { in %q", head)
				return
			}
			explicit = true
			plurals = strings.Fields(head[i+1 : j])
			head = strings.TrimSpace(head[:i] + head[j+1:])
		}
		if head == "" {
			fail(l.no, "agent with no phrase")
			return
		}
		phrases, serr := expand(head, subst)
		if serr != nil {
			fail(l.no, "%v", serr)
			return
		}
		for _, p := range plurals {
			ps, serr := expand(p, subst)
			if serr != nil {
				fail(l.no, "%v", serr)
				return
			}
			phrases = append(phrases, ps...)
		}
		if !explicit {
			for _, p := range phrases {
				if !strings.Contains(head, "!") {
					phrases = append(phrases, pluralPhrase(p))
				}
			}
		}
		e := actors.Entry{Kind: actors.KindSector, Code: code, Source: fmt.Sprintf("%s:%d", name, l.no)}
		seen := map[string]bool{}
		for _, p := range phrases {
			ph := namePhrase(p)
			if ph == "" || seen[ph] {
				continue
			}
			seen[ph] = true
			dict.Add(ph, e)
			st.Entries++
		}
	}, func(no int) { fail(no, "%s", tooLong) })
	st.Lines = n
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return st, errs
}

// expand replaces each !NAME! in s by each of its substitutions.
func expand(s string, subst map[string][]string) ([]string, error) {
	i := strings.IndexByte(s, '!')
	if i < 0 {
		return []string{s}, nil
	}
	j := strings.IndexByte(s[i+1:], '!')
	if j < 0 {
		return nil, fmt.Errorf("unclosed substitution in %q", s)
	}
	key := s[i : i+j+2]
	vals, ok := subst[key]
	if !ok {
		return nil, fmt.Errorf("unknown substitution %s", key)
	}
	var out []string
	for _, v := range vals {
		rest, err := expand(s[i+j+2:], subst)
		if err != nil {
			return nil, err
		}
		for _, r := range rest {
			out = append(out, s[:i]+v+r)
		}
	}
	return out, nil
}

// pluralPhrase forms the plural of a phrase's last word by the regular
// English rules ("CONGRESS" → "CONGRESSES", "AUTHORITY" → "AUTHORITIES").
func pluralPhrase(p string) string {
	ws := phraseWords(p)
	if len(ws) == 0 {
		return p
	}
	ws[len(ws)-1] = plural(ws[len(ws)-1])
	return strings.Join(ws, " ")
}

func plural(w string) string {
	u := strings.ToUpper(w)
	switch {
	case strings.HasSuffix(u, "MAN"):
		return w[:len(w)-2] + "EN"
	case strings.HasSuffix(u, "Y") && len(u) > 1 && !strings.ContainsRune("AEIOU", rune(u[len(u)-2])):
		return w[:len(w)-1] + "IES"
	case strings.HasSuffix(u, "S"), strings.HasSuffix(u, "X"), strings.HasSuffix(u, "Z"),
		strings.HasSuffix(u, "CH"), strings.HasSuffix(u, "SH"):
		return w + "ES"
	}
	return w + "S"
}

// FixPrefixCodes rewrites a code that holds PrefixMark: the part the
// agent gave ("NGO") goes in front of the actor's code. "ARNNGO~" becomes
// "NGOARN"; a bare "---NGO~" becomes "NGO---". Other codes are returned
// unchanged. The codes of roles after the prefix agent come last:
// "ARNNGO~GOV" becomes "NGOARNGOV".
func FixPrefixCodes(code string) string {
	i := strings.Index(code, PrefixMark)
	if i < 3 {
		return code
	}
	// The actor part is three letters (a country or "---"), the agent's
	// code runs up to the mark, and the codes of roles after it follow:
	// "ARNNGO~GOV" is "NGOARNGOV".
	return code[3:i] + code[:3] + code[i+len(PrefixMark):]
}
