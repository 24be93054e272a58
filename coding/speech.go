package coding

import (
	"bufio"
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ontology"
)

// Speech acts: a statement is itself an event of its speaker when it
// evaluates another actor or its act ("X called the move childish", "X
// noted that Y's decisions are illegitimate"), tells another actor what to
// do ("X said Iran must halt"), or announces force ("any attack would be
// met with overwhelming force, X wrote"). The act happened, so the event is
// asserted: the future belongs to what is said, not to the saying.
// Attribution stays separate: "X said Y attacked Z" is Y's attack,
// reported by X, not an act of X.

//go:embed data/speech.txt
var speechData string

// speechLists are the word lists of data/speech.txt.
type speechLists struct {
	say, describe, negative, positive, demand, appeal, force map[string]bool
	deny, report, untrue, fault, blame                       map[string]bool
}

func readSpeechLists(name, data string) (*speechLists, error) {
	l := &speechLists{}
	sets := map[string]*map[string]bool{
		"say": &l.say, "describe": &l.describe, "negative": &l.negative, "positive": &l.positive,
		"demand": &l.demand, "appeal": &l.appeal, "force": &l.force,
		"deny": &l.deny, "report": &l.report, "untrue": &l.untrue,
		"fault": &l.fault, "blame": &l.blame,
	}
	for _, p := range sets {
		*p = map[string]bool{}
	}
	sc := bufio.NewScanner(strings.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		key, words, ok := strings.Cut(line, ":")
		set, known := sets[strings.TrimSpace(key)]
		if !ok || !known {
			return nil, fmt.Errorf("%s:%d: want a line \"LIST: words\" with LIST one of say, describe, negative, positive, demand, appeal, force, deny, report, untrue, fault, blame", name, n)
		}
		for _, w := range strings.Fields(words) {
			(*set)[strings.ToLower(w)] = true
		}
	}
	return l, sc.Err()
}

// The CAMEO codes speech acts are coded with.
const (
	codeCriticize = "111" // criticize or denounce
	codePraise    = "051" // praise or endorse
	codeDemand    = "100" // demand, not specified
	codeAppeal    = "020" // make an appeal or request, not specified
	codeThreaten  = "138" // threaten with military force
	codeDeny      = "016" // deny responsibility
	codeAccuse    = "112" // accuse, not specified
)

// speechCodes are looked up in the ontology when the coder is made, so a
// code missing from the table is an error at load time, not a silent gap.
var speechCodes = []string{codeCriticize, codePraise, codeDemand, codeAppeal, codeThreaten, codeDeny, codeAccuse}

func checkSpeechCodes(tab *ontology.Table) error {
	for _, c := range speechCodes {
		if _, ok := tab.Lookup(c); !ok {
			return fmt.Errorf("speech acts: CAMEO code %s is not in the ontology table", c)
		}
	}
	return nil
}

// speechAct is one statement found to be an event.
type speechAct struct {
	frame    *dyad.Frame // the verb of saying or describing
	code     string
	targets  []int // mentions
	word     int   // the token that makes it an act ("must", "childish", "force")
	why      string
	speakers []int
}

// speechEvents finds the speech acts of a sentence.
func (c *Coder) speechEvents(t *tree, idx *dyad.TextIndex) []dyad.Event {
	var out []dyad.Event
	for fi := range t.s.Frames {
		f := &t.s.Frames[fi]
		if f.Nominal {
			continue
		}
		var acts []speechAct
		switch {
		case c.speech.describe[f.Lemma]:
			acts = c.descriptions(t, f)
		case c.speech.say[f.Lemma]:
			acts = c.statements(t, f)
		case c.speech.deny[f.Lemma]:
			acts = c.denials(t, f)
		}
		for _, a := range acts {
			out = append(out, c.speechActEvents(t, a, idx)...)
		}
	}
	return out
}

// descriptions: "X called the move childish", "X described Y as a threat".
func (c *Coder) descriptions(t *tree, f *dyad.Frame) []speechAct {
	var object, as = -1, -1
	for _, a := range f.Args {
		switch {
		case a.Role == dyad.Patient && object < 0:
			object = a.Head
		case a.Role == dyad.Complement && object >= 0 && a.Via != "ccomp":
			as = a.Head
		case a.Role == dyad.Oblique && a.Case == "as":
			as = a.Head
		}
	}
	if object < 0 {
		// "called the sanctions childish" read as one small clause:
		// the clause's subject is what is described.
		for _, a := range f.Args {
			if a.Role == dyad.Complement && a.Via != "ccomp" {
				for _, s := range t.childrenWith(a.Head, "nsubj") {
					object, as = s, a.Head
				}
			}
		}
	}
	if object < 0 || as < 0 {
		return nil
	}
	if c.speech.report[t.lemma(object)] {
		// "called the reports fake": a report called untrue is denied.
		for _, w := range append([]int{as}, t.childrenWith(as, "amod")...) {
			if c.speech.untrue[t.lemma(w)] || c.speech.untrue[strings.ToLower(t.toks[w].Text)] {
				return []speechAct{{frame: f, code: codeDeny, targets: t.reportedActors(object, t.frameSources(f)), word: w, why: "calls a report " + t.toks[w].Text}}
			}
		}
	}
	code, word := c.evaluation(t, as)
	if code == "" {
		return nil
	}
	return []speechAct{{frame: f, code: code, targets: t.owners(object), word: word, why: "describes as " + t.toks[word].Text}}
}

// denials: "Israel dismissed reports of the plan", "Russia denied claims
// that its forces shelled the town".
func (c *Coder) denials(t *tree, f *dyad.Frame) []speechAct {
	var acts []speechAct
	for _, a := range f.Args {
		if a.Role == dyad.Patient && c.speech.report[t.lemma(a.Head)] {
			acts = append(acts, speechAct{frame: f, code: codeDeny, targets: t.reportedActors(a.Head, t.frameSources(f)),
				word: a.Head, why: "denies a " + t.lemma(a.Head)})
		}
	}
	return acts
}

// reportedActors are the actors a report at r is about: those named in its
// own phrase and in the clause that gives its content, other than the
// speakers' own side.
func (t *tree) reportedActors(r int, speakers []int) []int {
	own := map[string]bool{}
	for _, s := range speakers {
		own[dyad.CountryOf(t.s.Mentions[s].Code)] = true
	}
	var out []int
	for _, k := range t.subtree(nil, r, map[string]bool{"punct": true, "parataxis": true}) {
		mi := t.mention[k]
		if mi < 0 || contains(out, mi) || own[dyad.CountryOf(t.s.Mentions[mi].Code)] || t.s.Mentions[mi].Kind == "pronoun" {
			continue
		}
		out = append(out, mi)
	}
	sort.Ints(out)
	if len(out) > 1 {
		out = out[:1] // the first named: the report's subject
	}
	return out
}

// statements reads the complement clauses of a verb of saying.
func (c *Coder) statements(t *tree, f *dyad.Frame) []speechAct {
	var acts []speechAct
	for _, a := range f.Args {
		if a.Role != dyad.Complement || a.Via == "xcomp" {
			continue
		}
		p := a.Head
		pf := t.frame(p)
		// "Iran must halt", "Russia should withdraw": a clause that tells
		// another actor what to do.
		for _, ch := range t.childrenWith(p, "aux") {
			w := strings.ToLower(t.toks[ch].Text)
			code := ""
			switch {
			case c.speech.demand[w]:
				code = codeDemand
			case c.speech.appeal[w]:
				code = codeAppeal
			}
			if code != "" && pf != nil && !pf.Passive {
				acts = append(acts, speechAct{frame: f, code: code, targets: t.argMentions(pf, dyad.Agent, ""), word: ch, why: "tells another to act: " + w})
			}
		}
		// "Y's decisions are illegitimate", "the sanctions are a crime":
		// a clause that judges its subject.
		if t.hasChildLemma(p, "cop", "be") || t.toks[p].UPOS == "ADJ" {
			if code, word := c.evaluation(t, p); code != "" {
				for _, s := range t.childrenWith(p, "nsubj") {
					acts = append(acts, speechAct{frame: f, code: code, targets: t.owners(s), word: word, why: "judges: " + t.toks[word].Text})
				}
			}
		}
		// "Y is failing to protect civilians", "Y violated the truce":
		// a clause that finds another actor at fault.
		if pf != nil && c.speech.fault[t.lemma(p)] {
			acts = append(acts, speechAct{frame: f, code: codeCriticize, targets: t.argMentions(pf, dyad.Agent, ""), word: p, why: "finds fault: " + t.toks[p].Text})
		}
		// "Y is responsible for the attacks": a clause that blames.
		if c.speech.blame[t.lemma(p)] && (t.hasChildLemma(p, "cop", "be") || t.toks[p].UPOS == "ADJ") {
			for _, s := range t.childrenWith(p, "nsubj") {
				acts = append(acts, speechAct{frame: f, code: codeAccuse, targets: t.mentionsAt(s), word: p, why: "blames: " + t.toks[p].Text})
			}
		}
		// "any attack would be met with overwhelming force": force
		// announced for the future is a threat.
		if w := c.forceWord(t, p); w >= 0 {
			acts = append(acts, speechAct{frame: f, code: codeThreaten, targets: t.threatTargets(p, t.frameSources(f)), word: w, why: "announces force: " + t.toks[w].Text})
		}
	}
	return acts
}

// evaluation judges the word at k (an adjective or noun, with its
// adjectives): criticism for a word of fault, praise for one of approval.
func (c *Coder) evaluation(t *tree, k int) (code string, word int) {
	words := append([]int{k}, t.childrenWith(k, "amod")...)
	for _, w := range words {
		l := t.lemma(w)
		switch {
		case c.speech.negative[l] || c.speech.negative[strings.ToLower(t.toks[w].Text)]:
			return codeCriticize, w
		case c.speech.positive[l]:
			return codePraise, w
		}
	}
	return "", -1
}

// forceWord finds, in a clause whose predicate p is future or conditional
// ("will", "would", "shall"), a word of force as its object, oblique or
// manner ("met with force", "face consequences", "respond forcefully").
func (c *Coder) forceWord(t *tree, p int) int {
	future := false
	for _, ch := range t.childrenWith(p, "aux") {
		switch strings.ToLower(t.toks[ch].Text) {
		case "will", "would", "shall", "'ll", "’ll":
			future = true
		}
	}
	if !future {
		return -1
	}
	for _, ch := range t.childrenWith(p, "obj", "obl", "advmod") {
		if c.speech.force[t.lemma(ch)] || c.speech.force[strings.ToLower(t.toks[ch].Text)] {
			return ch
		}
	}
	return -1
}

// threatTargets: whom a threat of force is aimed at. The clause's own
// patient when it is not the speaker's side; else the actor the utterance
// is about: the other country its sentence names most often (the nearest
// to the clause on a tie).
func (t *tree) threatTargets(p int, speakers []int) []int {
	own := map[string]bool{}
	for _, s := range speakers {
		own[dyad.CountryOf(t.s.Mentions[s].Code)] = true
	}
	if f := t.frame(p); f != nil {
		for _, r := range []dyad.Role{dyad.Patient, dyad.Recipient} {
			for _, mi := range t.argMentions(f, r, "") {
				if !own[dyad.CountryOf(t.s.Mentions[mi].Code)] {
					return []int{mi}
				}
			}
		}
	}
	count := map[string]int{}
	first := map[string]int{}
	for mi, m := range t.s.Mentions {
		c := dyad.CountryOf(m.Code)
		if c == "" || c == "---" || own[c] || m.Kind == "pronoun" {
			continue
		}
		count[c]++
		d := m.Head - p
		if d < 0 {
			d = -d
		}
		if prev, ok := first[c]; !ok || d < abs(t.s.Mentions[prev].Head-p) {
			first[c] = mi
		}
	}
	best, bestCountry := -1, ""
	for c, n := range count {
		mi := first[c]
		switch {
		case best < 0, n > count[bestCountry],
			n == count[bestCountry] && abs(t.s.Mentions[mi].Head-p) < abs(t.s.Mentions[best].Head-p):
			best, bestCountry = mi, c
		}
	}
	if best < 0 {
		return nil
	}
	return []int{best}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// owners are the actors an evaluated phrase at x stands for: the actor it
// names, else the agent of the act it names ("Russia's invasion", "the
// decision by Sudan").
func (t *tree) owners(x int) []int {
	if ms := t.mentionsAt(x); len(ms) > 0 {
		return ms
	}
	if f := t.frame(x); f != nil {
		return t.argMentions(f, dyad.Agent, "")
	}
	return nil
}

// speechActEvents turns a speech act into events from each speaker to
// each target.
func (c *Coder) speechActEvents(t *tree, a speechAct, idx *dyad.TextIndex) []dyad.Event {
	speakers := t.frameSources(a.frame)
	if len(speakers) == 0 {
		t.note(a.frame.Pred, nil, "speech act ("+a.why+") with no actor as its speaker")
		return nil
	}
	if len(a.targets) == 0 {
		t.note(a.frame.Pred, nil, "speech act ("+a.why+") with no actor as its target")
		return nil
	}
	code, _ := c.tab.Lookup(a.code)
	// The act's status is the saying's own: asserted, unless the verb of
	// saying is itself negated, planned or possible.
	mod, cue := modalityOf(t, a.frame.Pred)
	rule := fmt.Sprintf("speech:%s/%s %s", a.frame.Lemma, a.code, a.why)
	if cue != "" {
		rule += "; modality:" + cue
	}
	lo, hi := a.frame.Pred, a.word
	if hi < lo {
		lo, hi = hi, lo
	}
	verb := dyad.Span{t.toks[a.frame.Pred].Span[0], t.toks[a.frame.Pred].Span[1]}
	var out []dyad.Event
	for _, si := range speakers {
		for _, ti := range a.targets {
			src, tgt := t.s.Mentions[si], t.s.Mentions[ti]
			if si == ti || dyad.CountryOf(src.Code) == dyad.CountryOf(tgt.Code) && (len(src.Code) == 3 || len(tgt.Code) == 3) ||
				src.Code == tgt.Code || dyad.CountryOf(src.Code) == "---" || dyad.CountryOf(tgt.Code) == "---" {
				continue
			}
			out = append(out, dyad.Event{
				SentenceIndex: t.s.Index,
				Sentence:      t.s.Text,
				SentenceSpan:  t.s.Span,
				Source:        dyad.Actor{Code: src.Code, Text: src.Text, Span: src.Span},
				Target:        dyad.Actor{Code: tgt.Code, Text: tgt.Text, Span: tgt.Span},
				CAMEO:         code.Code,
				Root:          code.Root,
				Quad:          code.Quad,
				Goldstein:     code.Goldstein,
				PLOVER:        dyad.PLOVER{Type: code.PLOVERType, Mode: code.PLOVERMode},
				Modality:      mod,
				Rule:          rule,
				Verb:          dyad.Phrase{Text: idx.Slice(verb), Span: verb},
				Quote:         inQuotes(t, a.frame.Pred),
			})
		}
	}
	return out
}
