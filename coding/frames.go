package coding

import (
	"strings"

	"github.com/dyad-events/dyad"
)

// frame returns the frame whose predicate is token i, or nil.
func (t *tree) frame(i int) *dyad.Frame {
	if k, ok := t.frameAt[i]; ok {
		return &t.s.Frames[k]
	}
	return nil
}

// argMentions returns the actor mentions of the frame's arguments with
// role r (and preposition cas, for obliques; any when cas is "*").
func (t *tree) argMentions(f *dyad.Frame, r dyad.Role, cas string) []int {
	var out []int
	for _, a := range f.Args {
		if a.Role != r || (r == dyad.Oblique && cas != "*" && a.Case != cas) {
			continue
		}
		for _, mi := range t.mentionsAt(a.Head) {
			if !contains(out, mi) {
				out = append(out, mi)
			}
		}
	}
	return out
}

// frameSources: who acts is the frame's agent.
func (t *tree) frameSources(f *dyad.Frame) []int {
	if f == nil {
		return nil
	}
	return t.argMentions(f, dyad.Agent, "")
}

// frameTargets finds whom a predicate acts on when its pattern does not
// say: the patient, the recipient, each partner, an oblique introduced by
// a preposition of direction, the agent of a complement clause ("demanded
// that Iran halt"), then an actor that owns the patient ("condemned
// Russia's invasion").
func (t *tree) frameTargets(f *dyad.Frame, code string) []int {
	if f == nil {
		return nil
	}
	for _, r := range []dyad.Role{dyad.Patient, dyad.Recipient, dyad.Partner} {
		if ms := t.argMentions(f, r, ""); len(ms) > 0 {
			return ms
		}
	}
	for _, a := range f.Args {
		if a.Role == dyad.Oblique && targetPreps[a.Case] {
			if ms := t.mentionsAt(a.Head); len(ms) > 0 {
				return ms
			}
		}
	}
	for _, a := range f.Args {
		if a.Role != dyad.Complement {
			continue
		}
		if cf := t.frame(a.Head); cf != nil {
			// The complement's own subject; unless it is just the one
			// agent of the frame, which controls it ("Egypt agreed to
			// open …"). Several agents are each other's partners in what
			// they agree to do ("the army and the RSF agreed to extend").
			own := t.argMentions(f, dyad.Agent, "")
			ms := t.argMentions(cf, dyad.Agent, "")
			if len(own) == 1 && len(ms) == 1 && ms[0] == own[0] {
				continue
			}
			if len(ms) > 0 {
				return ms
			}
		}
	}
	// "agreed to open its borders to Somali refugees", "is ready to
	// provide a loan to Ukraine": an intent is towards whom its act is.
	if strings.HasPrefix(code, "03") {
		for _, a := range f.Args {
			if a.Role != dyad.Complement {
				continue
			}
			if cf := t.frame(a.Head); cf != nil && cf != f {
				if ms := t.frameTargets(cf, ""); len(ms) > 0 {
					return ms
				}
			}
		}
	}
	// "condemned the barbaric act by al-Shabab", "welcomed the decision
	// of the Sudanese government": the one whose act is acted on.
	for _, a := range f.Args {
		if a.Role != dyad.Patient {
			continue
		}
		if pf := t.frame(a.Head); pf != nil && pf.Nominal {
			if ms := t.argMentions(pf, dyad.Agent, ""); len(ms) > 0 {
				return ms
			}
		}
	}
	// "condemned the exercises as an attempt by China": what the act is
	// called names whose it is.
	for _, a := range f.Args {
		if a.Role == dyad.Oblique && a.Case == "as" {
			if af := t.frame(a.Head); af != nil && af.Nominal {
				if ms := t.argMentions(af, dyad.Agent, ""); len(ms) > 0 {
					return ms
				}
			}
		}
	}
	// An active verb has no by-agent: a by-phrase the parser hung on it
	// belongs to its object ("condemned the act by al-Shabab").
	if !f.Passive && t.hasRole(f, dyad.Patient) {
		if ms := t.argMentions(f, dyad.Oblique, "by"); len(ms) > 0 {
			return ms
		}
	}
	// Force used on a place is used on its country: "attacked a
	// military base in Damboa", "shelled villages in Kherson".
	if code >= "17" {
		for _, a := range f.Args {
			if a.Role != dyad.Patient && !(a.Role == dyad.Oblique && (a.Case == "in" || a.Case == "on" || a.Case == "at")) {
				continue
			}
			if mi := t.placeIn(a.Span); mi >= 0 {
				return []int{mi}
			}
		}
	}
	return nil
}

// placeIn returns the first place or country named inside a span: a
// mention of a country by name, capital or place.
func (t *tree) placeIn(sp dyad.Span) int {
	for mi, m := range t.s.Mentions {
		if m.Span[0] < sp[0] || m.Span[1] > sp[1] {
			continue
		}
		switch m.Kind {
		case "place", "name", "capital":
			if len(m.Code) == 3 {
				return mi
			}
		}
	}
	return -1
}

func (t *tree) hasRole(f *dyad.Frame, r dyad.Role) bool {
	for _, a := range f.Args {
		if a.Role == r {
			return true
		}
	}
	return false
}
