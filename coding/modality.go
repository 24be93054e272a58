package coding

import (
	"strings"

	"github.com/dyad-events/dyad"
)

// Cue words, by the modality they give to the predicate they govern.
var (
	negators = map[string]bool{"not": true, "n't": true, "never": true, "no": true, "neither": true, "nor": true}
	// Verbs whose complement did not happen: "refrained from striking".
	negVerbs = map[string]bool{"refrain": true, "decline": true, "fail": true, "avoid": true, "stop": true,
		"cease": true, "halt": true, "abandon": true, "forgo": true, "forego": true}
	// Verbs that deny their complement: "denied attacking", "dismissed reports".
	denyVerbs = map[string]bool{"deny": true, "dismiss": true, "refute": true, "rebut": true, "disavow": true}
	denyNouns = map[string]bool{"denial": true}
	// Future and intention.
	planAux   = map[string]bool{"will": true, "shall": true, "'ll": true, "’ll": true}
	planVerbs = map[string]bool{"plan": true, "intend": true, "prepare": true, "schedule": true, "aim": true,
		"expect": true, "decide": true, "vow": true, "pledge": true, "promise": true, "seek": true, "want": true,
		"hope": true, "mean": true, "set": true, "agree": true, "offer": true, "propose": true, "anticipate": true}
	planNouns = map[string]bool{"plan": true, "plans": true, "proposal": true, "intention": true, "bid": true,
		"plot": true, "scheme": true, "preparation": true, "pledge": true, "promise": true, "intent": true}
	readyWords    = map[string]bool{"ready": true, "willing": true, "prepared": true, "eager": true, "determined": true}
	scheduleWords = map[string]bool{"schedule": true, "scheduled": true, "due": true, "set": true, "expect": true,
		"expected": true, "poised": true, "slated": true, "be": true}
	planAdjs = map[string]bool{"planned": true, "scheduled": true, "proposed": true, "upcoming": true, "future": true, "expected": true}
	// Possibility and condition.
	hypoAux   = map[string]bool{"could": true, "would": true, "might": true, "may": true, "should": true, "can": true, "must": true}
	hypoVerbs = map[string]bool{"accuse": true, "blame": true, "allege": true, "suspect": true, "consider": true, "weigh": true, "threaten": true, "warn": true, "risk": true, "mull": true}
	hypoNouns = map[string]bool{"need": true, "call": true, "demand": true, "option": true, "possibility": true, "threat": true, "prospect": true, "risk": true, "scenario": true}
	hypoMarks = map[string]bool{"if": true, "unless": true, "whether": true}
	// Verbs whose object or complement has not happened: "opposed an
	// Israeli strike", "postponed talks", "ruled out an invasion".
	preventVerbs = map[string]bool{"caution": true, "warn": true, "dissuade": true, "deter": true, "discourage": true, "oppose": true, "reject": true, "prevent": true, "block": true, "veto": true,
		"cancel": true, "postpone": true, "delay": true, "avert": true, "forestall": true, "rule": true,
		"thwart": true, "foil": true, "resist": true, "urge": true, "demand": true, "call": true, "seek": true,
		"request": true, "ask": true, "propose": true, "discuss": true, "consider": true, "fear": true}
)

// modalityOf decides how certain the predicate at head is, from its own
// auxiliaries and negation and from the words that govern it, nearest
// first. It returns the modality and the cue word that decided it.
func modalityOf(t *tree, head int) (dyad.Modality, string) {
	// The predicate's own words.
	if mod, cue := ownModality(t, head); mod != "" {
		// "said it would send": reported speech turns "will" into
		// "would"; without a condition it is a plan, not a possibility.
		if mod == dyad.Hypothetical && cue == "would" && reported(t, head) && !conditional(t, head) {
			return dyad.Planned, "would (reported will)"
		}
		return mod, cue
	}
	// Governing words, climbing through complements and modifiers.
	v := head
	for hops := 0; hops < 6; hops++ {
		rel := t.rel(v)
		p := t.toks[v].Head
		if p < 0 {
			break
		}
		switch rel {
		case "xcomp", "ccomp", "acl", "advcl", "obj", "nmod", "obl", "csubj", "nsubj":
		case "conj":
			// A coordinated predicate shares its first conjunct's
			// governors, not the first conjunct's own meaning: in
			// "denied X and called Y", calling is not denied.
			v = p
			continue
		default:
			return dyad.Asserted, ""
		}
		// "if Iran attacks" — a condition
		if rel == "advcl" {
			for _, mk := range t.childrenWith(v, "mark") {
				if hypoMarks[t.lemma(mk)] {
					return dyad.Hypothetical, "if"
				}
			}
		}
		pl := t.lemma(p)
		pos := t.toks[p].UPOS
		// "has no plans to join", "did not agree to meet": a negated
		// governor negates its complement before anything else it says.
		if mod, cue := ownModality(t, p); mod == dyad.Negated && rel != "conj" && rel != "ccomp" {
			return mod, cue
		}
		switch {
		case readyWords[pl] && rel == "xcomp":
			// "ready to resume talks", "willing to send troops"
			return dyad.Planned, pl
		case scheduleWords[pl] && (rel == "xcomp" || rel == "ccomp"):
			// "is scheduled to travel", "are due to meet", "is set to adopt"
			return dyad.Planned, pl
		case denyVerbs[pl] && (pos == "VERB" || rel == "xcomp" || rel == "ccomp"), denyNouns[pl]:
			return dyad.Denied, pl
		case pl == "nothing" || pl == "none":
			// "had nothing to do with the attack"
			return dyad.Denied, "nothing to do with"
		case negVerbs[pl] && pos == "VERB" && rel != "conj":
			return dyad.Negated, pl
		case planVerbs[pl] && pos == "VERB" && (rel == "xcomp" || rel == "ccomp"):
			return dyad.Planned, pl
		case planNouns[pl] && (pos == "NOUN") && (rel == "acl" || rel == "nmod"):
			return dyad.Planned, pl
		case preventVerbs[pl] && pos == "VERB" && (rel == "obj" || rel == "xcomp" || rel == "ccomp" || rel == "nsubj" || rel == "advcl"):
			return dyad.Hypothetical, pl
		case hypoVerbs[pl] && pos == "VERB" && (rel == "xcomp" || rel == "ccomp" || rel == "advcl"):
			return dyad.Hypothetical, pl
		case hypoNouns[pl] && pos == "NOUN" && (rel == "acl" || rel == "nmod"):
			return dyad.Hypothetical, pl
		}
		if mod, cue := ownModality(t, p); mod != "" && rel != "conj" && rel != "advcl" {
			// "did not say that…" leaves the complement unasserted; a
			// negated or hypothetical governor carries over.
			if mod == dyad.Negated && (rel == "ccomp") {
				return dyad.Hypothetical, cue
			}
			return mod, cue
		} else if mod != "" {
			return mod, cue
		}
		v = p
	}
	return dyad.Asserted, ""
}

// reported reports whether the clause at head is the complement of a
// speech verb.
func reported(t *tree, head int) bool {
	p := t.toks[head].Head
	return p >= 0 && t.rel(head) == "ccomp" && speechVerbs[t.lemma(p)]
}

// conditional reports whether the clause at head has an "if" clause.
func conditional(t *tree, head int) bool {
	for _, ch := range t.childrenWith(head, "advcl") {
		for _, mk := range t.childrenWith(ch, "mark") {
			if hypoMarks[t.lemma(mk)] {
				return true
			}
		}
	}
	return false
}

// ownModality reads a predicate's own auxiliaries, negation and, for a
// nominal event, its determiners and adjectives ("no attacks", "planned
// talks").
func ownModality(t *tree, head int) (dyad.Modality, string) {
	// Negation first: "will not send" is negated, not planned.
	for _, ch := range t.children[head] {
		text := strings.ToLower(t.toks[ch].Text)
		switch t.rel(ch) {
		case "advmod", "det", "neg", "aux":
			if negators[t.lemma(ch)] || negators[text] {
				return dyad.Negated, text
			}
		case "nsubj":
			// "No Chinese ships blocked…", "Neither army violated…"
			for _, d := range t.childrenWith(ch, "det", "cc:preconj", "advmod") {
				if l := t.lemma(d); l == "no" || l == "neither" {
					return dyad.Negated, l
				}
			}
		}
	}
	beTo := false
	for _, ch := range t.children[head] {
		l := t.lemma(ch)
		text := strings.ToLower(t.toks[ch].Text)
		switch t.rel(ch) {
		case "aux":
			if planAux[text] {
				return dyad.Planned, text
			}
			if hypoAux[text] {
				return dyad.Hypothetical, text
			}
			if l == "go" {
				return dyad.Planned, "going to"
			}
			if l == "be" {
				beTo = true
			}
		case "amod":
			if planAdjs[text] {
				return dyad.Planned, text
			}
			if text == "possible" || text == "potential" || text == "hypothetical" {
				return dyad.Hypothetical, text
			}
		case "mark":
			if hypoMarks[l] {
				return dyad.Hypothetical, l
			}
		}
	}
	// "is to meet": be + infinitive is an arrangement
	if beTo && t.hasChildLemma(head, "mark", "to") {
		return dyad.Planned, "be to"
	}
	return "", ""
}
