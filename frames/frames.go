package frames

import (
	"sort"
	"strings"

	"github.com/dyad-events/dyad"
)

// Annotate computes the frames of every sentence of doc that is to be
// coded, from the enhanced graph its tokens carry (or, without one, from
// the basic tree).
func Annotate(doc *dyad.Document) {
	for i := range doc.Sentences {
		s := &doc.Sentences[i]
		if s.Skip || len(s.Tokens) == 0 {
			continue
		}
		s.Frames = Build(s.Tokens)
	}
}

// edge is one arc of the enhanced graph.
type edge struct {
	head, dep int
	rel       string
}

// graph indexes the enhanced graph of a sentence both ways, and keeps the
// basic tree for phrase spans.
type graph struct {
	toks  []dyad.Token
	out   [][]edge // by head
	in    [][]edge // by dependent
	basic [][]int  // basic-tree children
}

func newGraph(toks []dyad.Token) *graph {
	n := len(toks)
	g := &graph{toks: toks, out: make([][]edge, n), in: make([][]edge, n), basic: make([][]int, n)}
	for d, t := range toks {
		deps := t.Deps
		if deps == nil {
			deps = []dyad.Dep{{Head: t.Head, Rel: t.Deprel}}
		}
		for _, dp := range deps {
			if dp.Head < 0 || dp.Head >= n || dp.Head == d {
				continue
			}
			e := edge{head: dp.Head, dep: d, rel: dp.Rel}
			g.out[dp.Head] = append(g.out[dp.Head], e)
			g.in[d] = append(g.in[d], e)
		}
		if t.Head >= 0 && t.Head < n && t.Head != d {
			g.basic[t.Head] = append(g.basic[t.Head], d)
		}
	}
	return g
}

func (g *graph) lemma(i int) string {
	l := g.toks[i].Lemma
	if l == "" || l == "_" {
		l = g.toks[i].Text
	}
	return strings.ToLower(l)
}

// base is the universal part of a relation: "obl" for "obl:with".
func base(rel string) string {
	r, _, _ := strings.Cut(rel, ":")
	return r
}

// basicRel is the basic-tree relation of token i.
func (g *graph) basicRel(i int) string { return g.toks[i].Deprel }

// hasBasicChild reports whether i has a basic-tree child with one of rels
// (full labels or universal parts) whose lemma is one of lemmas (any lemma
// when lemmas is empty).
func (g *graph) hasBasicChild(i int, rels []string, lemmas ...string) bool {
	for _, c := range g.basic[i] {
		r := g.toks[c].Deprel
		match := false
		for _, want := range rels {
			if r == want || base(r) == want {
				match = true
				break
			}
		}
		if !match {
			continue
		}
		if len(lemmas) == 0 {
			return true
		}
		for _, l := range lemmas {
			if g.lemma(c) == l {
				return true
			}
		}
	}
	return false
}

// passive reports whether verb v is in the passive voice.
func (g *graph) passive(v int) bool {
	return g.hasBasicChild(v, []string{"aux:pass", "nsubj:pass", "csubj:pass"})
}

// caseOf is the preposition of an oblique or nominal modifier: the
// enhanced label's suffix ("obl:with" → "with"), else the lemma of the
// dependent's own case marker.
func (g *graph) caseOf(e edge) string {
	if _, sub, ok := strings.Cut(e.rel, ":"); ok {
		switch sub {
		case "poss", "agent", "unmarked", "tmod", "npmod", "desc", "relcl", "pass", "xsubj", "outer":
		default:
			return strings.ToLower(sub)
		}
	}
	var words []string
	for _, c := range g.basic[e.dep] {
		if r := g.toks[c].Deprel; r == "case" {
			words = append(words, g.lemma(c))
			for _, f := range g.basic[c] {
				if g.toks[f].Deprel == "fixed" {
					words = append(words, g.lemma(f))
				}
			}
		}
	}
	return strings.Join(words, "_")
}

// span is the phrase headed by i in the basic tree, without the clauses,
// conjuncts and punctuation that hang on it.
func (g *graph) span(i int) dyad.Span {
	lo, hi := i, i
	stack := []int{i}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if k < lo {
			lo = k
		}
		if k > hi {
			hi = k
		}
		for _, c := range g.basic[k] {
			if spanSkip[base(g.toks[c].Deprel)] || g.toks[c].Deprel == "acl:relcl" {
				continue
			}
			stack = append(stack, c)
		}
	}
	// Leading prepositions are the argument's case, not its words.
	for lo < hi && g.toks[lo].Deprel == "case" {
		lo++
	}
	return dyad.Span{g.toks[lo].Span[0], g.toks[hi].Span[1]}
}

var spanSkip = map[string]bool{"acl": true, "advcl": true, "ccomp": true, "parataxis": true, "punct": true,
	"conj": true, "cc": true, "appos": true, "dep": true}

// Build returns the frames of a parsed sentence whose tokens carry the
// enhanced graph (Deps); without one it reads the basic tree.
func Build(toks []dyad.Token) []dyad.Frame {
	g := newGraph(toks)
	var out []dyad.Frame
	for i, t := range toks {
		switch t.UPOS {
		case "VERB":
			out = append(out, g.verbFrame(i))
		case "NOUN":
			if f, ok := g.nounFrame(i); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

func (g *graph) arg(role dyad.Role, e edge, cas, via string) dyad.Arg {
	return dyad.Arg{Role: role, Case: cas, Head: e.dep, Span: g.span(e.dep), Via: via}
}

// verbFrame reads the arguments of verb v from its enhanced dependents,
// then adds the implicit subject of a participle clause.
func (g *graph) verbFrame(v int) dyad.Frame {
	f := dyad.Frame{Pred: v, Lemma: g.lemma(v), Light: -1, Passive: g.passive(v)}
	seen := map[[2]int]bool{} // (dependent, role) pairs already taken
	add := func(a dyad.Arg) {
		key := [2]int{a.Head, roleIndex[a.Role]}
		if seen[key] {
			return
		}
		seen[key] = true
		f.Args = append(f.Args, a)
	}
	for _, e := range g.out[v] {
		switch r := e.rel; {
		case strings.HasPrefix(r, "nsubj:pass"), strings.HasPrefix(r, "csubj:pass"):
			add(g.arg(dyad.Patient, e, "", r))
		case r == "nsubj", r == "nsubj:xsubj", r == "nsubj:outer":
			role := dyad.Agent
			if f.Passive && r == "nsubj:xsubj" {
				role = dyad.Patient
			}
			add(g.arg(role, e, "", r))
		case r == "obj":
			add(g.arg(dyad.Patient, e, "", r))
		case r == "iobj":
			add(g.arg(dyad.Recipient, e, "", r))
		case r == "obl:agent":
			add(g.arg(dyad.Agent, e, "by", r))
		case base(r) == "obl":
			cas := g.caseOf(e)
			if cas == "" {
				// An oblique with no preposition is a time or measure
				// ("Tuesday", "last week"), unless the parser took an
				// object for one.
				if g.toks[e.dep].UPOS == "PROPN" || g.toks[e.dep].UPOS == "NOUN" && !timeLike(g.lemma(e.dep)) {
					add(g.arg(dyad.Oblique, e, "", r))
				}
				continue
			}
			if cas == "by" && f.Passive {
				add(g.arg(dyad.Agent, e, "by", r))
				continue
			}
			add(g.arg(dyad.Oblique, e, cas, r))
		case r == "ccomp", base(r) == "xcomp", r == "csubj":
			add(g.arg(dyad.Complement, e, "", r))
		}
	}
	if !hasRole(f, dyad.Agent) && !g.hasSubject(v) {
		for _, a := range g.implicitSubjects(v) {
			add(a)
		}
	}
	return f
}

var roleIndex = map[dyad.Role]int{dyad.Agent: 0, dyad.Patient: 1, dyad.Recipient: 2, dyad.Partner: 3, dyad.Oblique: 4, dyad.Complement: 5}

func hasRole(f dyad.Frame, r dyad.Role) bool {
	for _, a := range f.Args {
		if a.Role == r {
			return true
		}
	}
	return false
}

// hasSubject reports whether v has a subject of any kind in the graph.
func (g *graph) hasSubject(v int) bool {
	for _, e := range g.out[v] {
		if base(e.rel) == "nsubj" || base(e.rel) == "csubj" {
			return true
		}
	}
	return false
}

// implicitSubjects gives a subjectless verb the arguments the UD
// guidelines leave implicit, and the basic tree's fallbacks for what an
// enhanced graph would carry:
//   - a present participle clause acts with its governor's subject
//     ("Iran rejected the plan, calling it childish");
//   - a past participle clause is done to it ("Backed by Russia, the
//     rebels advanced");
//   - a participle modifying a noun has that noun as subject or object
//     ("the United States imposing sanctions", "the strike carried out by");
//   - an infinitive complement is controlled by its governor's object, else
//     its subject ("urged Iran to halt", "agreed to lift"); a conjunct
//     shares its first conjunct's subject; a relative clause's subject is
//     its antecedent.
func (g *graph) implicitSubjects(v int) []dyad.Arg {
	h := g.toks[v].Head
	if h < 0 || h >= len(g.toks) {
		return nil
	}
	rel := g.basicRel(v)
	xpos := g.toks[v].XPOS
	implicit := func(role dyad.Role, heads []int, via string) []dyad.Arg {
		var out []dyad.Arg
		for _, k := range heads {
			out = append(out, dyad.Arg{Role: role, Head: k, Span: g.span(k), Via: via})
		}
		return out
	}
	switch base(rel) {
	case "advcl":
		if g.hasBasicChild(v, []string{"mark"}) && (xpos != "VBG" ||
			!g.hasBasicChild(v, []string{"mark"}, "by", "after", "before", "while", "when", "without", "since", "upon", "in")) {
			// A clause with a subordinator is finite ("when al-Shabab
			// attacked"), with a subject of its own that the parser may
			// have misplaced, unless it is a gerund ("after attacking").
			return nil
		}
		switch xpos {
		case "VBG":
			return implicit(dyad.Agent, g.subjects(h), "implicit")
		case "VBN":
			if len(g.objects(v)) == 0 {
				return implicit(dyad.Patient, g.subjects(h), "implicit")
			}
		}
	case "acl":
		if rel == "acl:relcl" {
			// The enhanced graph links the antecedent; without it, a
			// relative pronoun subject stands for the noun.
			if g.hasBasicChild(v, []string{"nsubj"}, "who", "which", "that") {
				return implicit(dyad.Agent, []int{h}, "antecedent")
			}
			if g.hasBasicChild(v, []string{"nsubj:pass"}, "who", "which", "that") {
				return implicit(dyad.Patient, []int{h}, "antecedent")
			}
			return nil
		}
		if g.toks[h].UPOS != "NOUN" && g.toks[h].UPOS != "PROPN" && g.toks[h].UPOS != "PRON" {
			return nil
		}
		if g.hasBasicChild(v, []string{"mark"}, "to") {
			// "Israel's plan to strike", "a willingness to continue
			// talks": the infinitive is done by whoever owns the noun,
			// else by the subject of the verb that has the noun as its
			// object ("expressed a willingness to continue").
			if owners := g.nounOwners(h); len(owners) > 0 {
				return implicit(dyad.Agent, owners, "owner")
			}
			for _, e := range g.in[h] {
				if e.rel == "obj" && g.toks[e.head].UPOS == "VERB" {
					return implicit(dyad.Agent, g.subjects(e.head), "control")
				}
			}
			return nil
		}
		switch xpos {
		case "VBG":
			return implicit(dyad.Agent, []int{h}, "implicit")
		case "VBN":
			return implicit(dyad.Patient, []int{h}, "implicit")
		}
	case "xcomp":
		if objs := g.objects(h); len(objs) > 0 {
			return implicit(dyad.Agent, objs, "control")
		}
		return implicit(dyad.Agent, g.subjects(h), "control")
	case "conj":
		if g.toks[h].UPOS == "VERB" {
			return implicit(dyad.Agent, g.subjects(h), "conj")
		}
	}
	return nil
}

// nounOwners returns who owns noun n: its possessor, else a proper noun or
// adjective that modifies it ("Iran's plan", "an Israeli plan").
func (g *graph) nounOwners(n int) []int {
	var poss, mods []int
	for _, e := range g.out[n] {
		switch {
		case e.rel == "nmod:poss":
			poss = append(poss, e.dep)
		case (e.rel == "amod" || e.rel == "compound") && capitalised(g.toks[e.dep].Text):
			// nationality adjectives and names; "a new plan" has no owner
			mods = append(mods, e.dep)
		}
	}
	if len(poss) > 0 {
		return poss
	}
	return mods
}

func capitalised(w string) bool { return w != "" && w[0] >= 'A' && w[0] <= 'Z' }

// subjects returns the active subjects of verb v (with their conjuncts).
func (g *graph) subjects(v int) []int {
	var out []int
	for _, e := range g.out[v] {
		if e.rel == "nsubj" || e.rel == "nsubj:xsubj" {
			out = appendConj(g, out, e.dep)
		}
	}
	if len(out) == 0 && !g.passive(v) {
		// a conjunct or complement verb whose subject is its governor's
		if h := g.toks[v].Head; h >= 0 && (base(g.basicRel(v)) == "conj" || base(g.basicRel(v)) == "xcomp") {
			for _, e := range g.out[h] {
				if e.rel == "nsubj" || e.rel == "nsubj:xsubj" {
					out = appendConj(g, out, e.dep)
				}
			}
		}
	}
	return out
}

// objects returns the direct objects of verb v.
func (g *graph) objects(v int) []int {
	var out []int
	for _, e := range g.out[v] {
		if e.rel == "obj" {
			out = appendConj(g, out, e.dep)
		}
	}
	return out
}

// appendConj adds k and, when the graph has no edges for them, its
// basic-tree conjuncts.
func appendConj(g *graph, out []int, k int) []int {
	if !contains(out, k) {
		out = append(out, k)
	}
	if g.toks[k].Deps != nil {
		return out // the enhanced graph gives conjuncts their own edges
	}
	for _, c := range g.basic[k] {
		if base(g.toks[c].Deprel) == "conj" && !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// timeLike nouns are bare temporal obliques, not arguments.
func timeLike(l string) bool { return timeNouns[l] }

var timeNouns = map[string]bool{"today": true, "yesterday": true, "tomorrow": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true, "week": true, "month": true,
	"year": true, "day": true, "night": true, "morning": true, "evening": true, "afternoon": true, "time": true,
	"weekend": true, "hour": true, "minute": true, "decade": true, "century": true, "season": true}

// nounFrame reads an event noun's arguments: possessor, of-, by- and
// between-phrases, other prepositional modifiers, nationality adjectives
// and compounds, and, under a light verb, that verb's subject and
// obliques. It reports false for a noun with no argument at all.
func (g *graph) nounFrame(n int) (dyad.Frame, bool) {
	f := dyad.Frame{Pred: n, Lemma: g.lemma(n), Nominal: true, Light: -1}
	var poss, of, by, mods []edge
	for _, e := range g.out[n] {
		r := e.rel
		switch {
		case r == "nmod:poss":
			poss = append(poss, e)
		case r == "nmod:of":
			of = append(of, e)
		case r == "nmod:by", r == "nmod:agent":
			by = append(by, e)
		case r == "nmod:between", r == "nmod:among":
			f.Args = append(f.Args, g.arg(dyad.Partner, e, g.caseOf(e), r))
		case base(r) == "nmod":
			if cas := g.caseOf(e); cas != "" && cas != "of" && cas != "by" {
				f.Args = append(f.Args, g.arg(dyad.Oblique, e, cas, r))
			} else if cas == "of" {
				of = append(of, e)
			} else if cas == "by" {
				by = append(by, e)
			}
		case (r == "amod" || r == "compound") && capitalised(g.toks[e.dep].Text):
			// "Russian strikes", "US sanctions"; "defensive aid" has no
			// owner in its adjective
			mods = append(mods, e)
		}
	}
	patientOwner := possessorIsPatient[f.Lemma]
	switch {
	case len(by) > 0:
		f.Args = g.addArgs(f.Args, dyad.Agent, by)
		f.Args = g.addArgs(f.Args, dyad.Patient, poss)
		f.Args = g.addArgs(f.Args, dyad.Patient, of)
	case len(poss) > 0 && len(of) > 0:
		f.Args = g.addArgs(f.Args, dyad.Agent, poss)
		f.Args = g.addArgs(f.Args, dyad.Patient, of)
	case len(poss) > 0 && patientOwner:
		f.Args = g.addArgs(f.Args, dyad.Patient, poss)
	case len(poss) > 0:
		f.Args = g.addArgs(f.Args, dyad.Agent, poss)
	case len(of) > 0:
		f.Args = g.addArgs(f.Args, dyad.Patient, of)
	}
	if len(mods) > 0 {
		role := dyad.Agent
		if patientOwner && len(by) == 0 {
			role = dyad.Patient
		}
		if !hasRole(f, role) {
			f.Args = g.addArgs(f.Args, role, mods)
		}
	}
	// A light verb lends the noun its subject and its obliques: "Israel
	// launched strikes on Gaza", "sanctions were imposed on Iran by …".
	for _, e := range g.in[n] {
		v := e.head
		if g.toks[v].UPOS != "VERB" || !lightVerbs[g.lemma(v)] {
			continue
		}
		if e.rel != "obj" && !strings.HasPrefix(e.rel, "nsubj:pass") {
			continue
		}
		f.Light = v
		lv := g.verbFrame(v)
		for _, a := range lv.Args {
			switch {
			case a.Head == n:
			case a.Role == dyad.Agent && !hasRole(f, dyad.Agent):
				a.Via = "light:" + a.Via
				f.Args = append(f.Args, a)
			case a.Role == dyad.Oblique, a.Role == dyad.Recipient:
				a.Via = "light:" + a.Via
				f.Args = append(f.Args, a)
			}
		}
		break
	}
	// "Clashes have been ongoing between A and B", "talks resumed with
	// Iran": a verb or adjective that only says the event goes on lends
	// the event noun, its subject, the partners it names.
	for _, e := range g.in[n] {
		if !strings.HasPrefix(e.rel, "nsubj") || !aspectWords[g.lemma(e.head)] {
			continue
		}
		for _, pe := range g.out[e.head] {
			if base(pe.rel) != "obl" {
				continue
			}
			switch cas := g.caseOf(pe); cas {
			case "between", "among":
				f.Args = append(f.Args, g.arg(dyad.Partner, pe, cas, "subject-of:"+pe.rel))
			case "with", "against", "on":
				f.Args = append(f.Args, g.arg(dyad.Oblique, pe, cas, "subject-of:"+pe.rel))
			}
		}
	}
	// "Israeli and Palestinian delegations are in Cairo for truce talks":
	// an event that is the purpose of a stay has the stay's subject as
	// its agent.
	if !hasRole(f, dyad.Agent) {
		for _, e := range g.in[n] {
			if base(e.rel) != "obl" && base(e.rel) != "nmod" || g.caseOf(e) != "for" {
				continue
			}
			if !g.hasBasicChild(e.head, []string{"cop"}) {
				continue
			}
			for _, se := range g.out[e.head] {
				if se.rel == "nsubj" {
					f.Args = append(f.Args, g.arg(dyad.Agent, se, "", "stay:"+se.rel))
				}
			}
		}
	}
	if len(f.Args) == 0 && f.Light < 0 {
		return f, false
	}
	sort.SliceStable(f.Args, func(i, j int) bool { return roleIndex[f.Args[i].Role] < roleIndex[f.Args[j].Role] })
	return f, true
}

func (g *graph) addArgs(args []dyad.Arg, role dyad.Role, es []edge) []dyad.Arg {
	for _, e := range es {
		cas := ""
		if role == dyad.Agent && (e.rel == "nmod:by" || e.rel == "nmod:agent") {
			cas = "by"
		}
		args = append(args, g.arg(role, e, cas, e.rel))
	}
	return args
}
