// This file computes the enhanced dependency graph that frames are read
// from. Enhance turns a basic UD tree into the UD v2 enhanced graph
// (Token.Deps) as UD English EWT annotates it: case-marked labels
// (obl:with, nmod:against, advcl:if, conj:and), heads and subjects shared
// across conjuncts, controlled and raised subjects of xcomp (nsubj:xsubj),
// and relative clauses whose antecedent stands in for the relative pronoun
// (which becomes a ref). Score and EvaluateEnhanced (elas.go) measure the
// graph against gold data.

package frames

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dyad-events/dyad"
)

// Enhance fills every token's Deps with the enhanced dependency graph
// computed from the basic tree (Head, Deprel, UPOS, XPOS, Lemma, Text),
// following the UD v2 enhanced-dependency guidelines as UD English EWT
// annotates them. Each token's edges are sorted by head, then label. No
// empty nodes are produced, so gapping is left as in the basic tree.
//
// Enhance never fails: heads out of range or a cyclic tree give a graph
// that keeps what can be read of it.
func Enhance(toks []dyad.Token) {
	if len(toks) == 0 {
		return
	}
	g := enhancerPool.Get().(*enhancer)
	g.reset(toks)
	g.basic()
	g.relativeClauses()
	g.propagate()
	g.write()
	g.toks = nil
	enhancerPool.Put(g)
}

// arc is one edge of the graph under construction: dep depends on head
// (-1: the root) with relation rel.
type arc struct {
	dep, head int32
	rel       string
	from      origin
}

// origin says which rule made an edge.
type origin uint8

const (
	fromBasic    origin = iota // the basic tree
	fromRelative               // an antecedent standing in for its relative pronoun
	fromConjunct               // a conjunct sharing the first conjunct's head
	fromControl                // a controlled subject of an xcomp
	fromShared                 // a subject shared by conjoined predicates
)

// enhancer is the scratch space of one Enhance call, reused through a pool so
// that Enhance allocates nothing but the Deps it hands out.
type enhancer struct {
	toks     []dyad.Token
	head     []int32 // basic head, -1 for the root or an invalid head
	kidStart []int32 // children of i are kids[kidStart[i]:kidStart[i+1]], in text order
	kids     []int32
	order    []int32 // tokens in pre-order of the basic tree
	// edges holds the basic edge of token i at index i (dep -1 once a
	// relative clause has taken it away), then the added edges.
	edges        []arc
	subjectCount []int32 // number of subject edges headed by each token
	buf          []byte
}

var enhancerPool = sync.Pool{New: func() any { return new(enhancer) }}

func (g *enhancer) reset(toks []dyad.Token) {
	n := len(toks)
	g.toks = toks
	g.head = resize(g.head, n)
	g.kidStart = resize(g.kidStart, n+1)
	g.kids = resize(g.kids, n)
	g.order = g.order[:0]
	g.edges = g.edges[:0]
	g.subjectCount = resize(g.subjectCount, n)
	clear(g.subjectCount)
	clear(g.kidStart)
	for i := range toks {
		h := toks[i].Head
		if h < 0 || h >= n || h == i {
			h = -1
		}
		g.head[i] = int32(h)
		if h >= 0 {
			g.kidStart[h+1]++
		}
	}
	for i := 1; i <= n; i++ {
		g.kidStart[i] += g.kidStart[i-1]
	}
	// Fill children in text order, using order's backing array as the
	// per-head cursor.
	next := resize(g.order, n)
	copy(next, g.kidStart[:n])
	for i := range toks {
		if h := g.head[i]; h >= 0 {
			g.kids[next[h]] = int32(i)
			next[h]++
		}
	}
	g.order = next[:0]
	g.preorder()
}

func resize(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

// children returns the basic dependents of i in text order.
func (g *enhancer) children(i int32) []int32 { return g.kids[g.kidStart[i]:g.kidStart[i+1]] }

// preorder lists the tokens so that every head comes before its
// dependents: roots in text order, each followed by its subtree. Tokens on
// a cycle, which no root reaches, come last.
func (g *enhancer) preorder() {
	n := len(g.toks)
	for i := 0; i < n; i++ {
		if g.head[i] < 0 {
			g.visit(int32(i))
		}
	}
	if len(g.order) < n {
		seen := make([]bool, n) // only on broken trees
		for _, t := range g.order {
			seen[t] = true
		}
		for i := 0; i < n; i++ {
			if !seen[i] {
				g.order = append(g.order, int32(i))
			}
		}
	}
}

func (g *enhancer) visit(t int32) {
	g.order = append(g.order, t)
	for _, c := range g.children(t) {
		g.visit(c)
	}
}

// add adds an edge unless the graph has it already.
func (g *enhancer) add(dep, head int32, rel string, from origin) {
	if dep == head {
		return
	}
	for e := range g.into(dep) {
		if e.head == head && e.rel == rel {
			return
		}
	}
	g.edges = append(g.edges, arc{dep: dep, head: head, rel: rel, from: from})
	if head >= 0 && isSubject(rel) {
		g.subjectCount[head]++
	}
}

// into yields the edges that enter t. Edges added while it runs are not
// yielded.
func (g *enhancer) into(t int32) iter.Seq[arc] {
	return func(yield func(arc) bool) {
		if e := g.edges[t]; e.dep == t && !yield(e) {
			return
		}
		for k, end := len(g.toks), len(g.edges); k < end; k++ {
			if e := g.edges[k]; e.dep == t && !yield(e) {
				return
			}
		}
	}
}

// from yields the edges that leave h. Edges added while it runs are not
// yielded.
func (g *enhancer) from(h int32) iter.Seq[arc] {
	return func(yield func(arc) bool) {
		for _, c := range g.children(h) {
			if e := g.edges[c]; e.dep == c && !yield(e) {
				return
			}
		}
		for k, end := len(g.toks), len(g.edges); k < end; k++ {
			if e := g.edges[k]; e.head == h && !yield(e) {
				return
			}
		}
	}
}

// basic adds the basic tree's edges, with case-marked labels.
func (g *enhancer) basic() {
	for i := range g.toks {
		e := arc{dep: int32(i), head: g.head[i], rel: g.label(int32(i)), from: fromBasic}
		g.edges = append(g.edges, e)
		if e.head >= 0 && isSubject(e.rel) {
			g.subjectCount[e.head]++
		}
	}
}

// label is the enhanced label of i's basic edge: obl, nmod, advcl and acl
// take their case marker or subordinator ("obl:with", "advcl:if",
// "obl:according_to"), conj its coordinating conjunction ("conj:and").
// Subtyped relations (nmod:poss, obl:agent, acl:relcl, …) stay as they are.
func (g *enhancer) label(i int32) string {
	rel := g.toks[i].Deprel
	switch rel {
	case "obl", "nmod":
		return g.markedLabel(rel, i, false)
	case "advcl", "acl":
		return g.markedLabel(rel, i, true)
	case "conj":
		return g.conjLabel(i)
	}
	return rel
}

// markedLabel adds to rel the marker of i: of its case dependents (for
// clauses also mark), the last one before it, with the words fixed to it
// ("out of their neighbourhoods": obl:of; "as if": advcl:if; "according
// to": obl:according_to). An adverbial clause with no marker but a
// preceding "when" or "where" takes that word (advcl:when).
func (g *enhancer) markedLabel(rel string, i int32, clause bool) string {
	m := int32(-1)
	for _, c := range g.children(i) {
		r := g.toks[c].Deprel
		if r == "case" || (clause && r == "mark") {
			if c < i || m < 0 {
				m = c
			}
		}
	}
	if m < 0 && rel == "advcl" {
		for _, c := range g.children(i) {
			if c < i && g.toks[c].Deprel == "advmod" && markerAdverbs[strings.ToLower(g.toks[c].Text)] {
				m = c
			}
		}
	}
	if m < 0 {
		return rel
	}
	g.buf = append(g.buf[:0], rel...)
	g.buf = append(g.buf, ':')
	if !g.appendWord(m) {
		return rel
	}
	g.appendFixed(m)
	return intern(g.buf)
}

// markerAdverbs are the wh-adverbs that EWT writes into the label of the
// adverbial clause they introduce, as if they were subordinators.
var markerAdverbs = map[string]bool{"when": true, "where": true}

// appendFixed appends '_' and each word fixed to m ("according _to",
// "as _well _as").
func (g *enhancer) appendFixed(m int32) {
	for _, f := range g.children(m) {
		if g.toks[f].Deprel == "fixed" {
			k := len(g.buf)
			g.buf = append(g.buf, '_')
			if !g.appendWord(f) {
				g.buf = g.buf[:k]
			}
		}
	}
}

// conjLabel adds to conj the coordinating conjunction of conjunct i, or,
// when i has none ("blood, food, and medicine"), that of the next
// conjunct that has one.
func (g *enhancer) conjLabel(i int32) string {
	g.buf = append(g.buf[:0], "conj:"...)
	base := len(g.buf)
	if h := g.head[i]; h >= 0 {
		for _, s := range g.children(h) {
			if g.toks[s].Deprel == "conj" && g.appendCC(s) {
				break
			}
		}
	}
	if len(g.buf) == base {
		if h := g.head[i]; h >= 0 && g.toks[h].UPOS == "CCONJ" && g.hasChild(i, "cc") {
			return "conj:slash" // "and / or": or is a conjunct of and
		}
		return "conj"
	}
	return intern(g.buf)
}

// appendCC appends the words of i's cc dependents, joined by '_' ("and",
// "and_or", "as_well_as"), and reports whether there was one.
func (g *enhancer) appendCC(i int32) bool {
	start := len(g.buf)
	for _, c := range g.children(i) {
		if g.toks[c].Deprel != "cc" {
			continue
		}
		mark := len(g.buf)
		if mark > start {
			g.buf = append(g.buf, '_')
		}
		if !g.appendWord(c) {
			g.buf = g.buf[:mark]
			continue
		}
		g.appendFixed(c)
		for _, d := range g.children(c) {
			if g.toks[d].Deprel == "conj" { // "and / or"
				k := len(g.buf)
				g.buf = append(g.buf, '_')
				if !g.appendWord(d) {
					g.buf = g.buf[:k]
				}
			}
		}
	}
	return len(g.buf) > start
}

// appendWord appends the lowercased lemma of marker i and reports whether
// it is a word: markers that are symbols ("&", "/", "@") give no label
// suffix. The lemma mends spellings ("vs." is versus, "w/" with), but
// participles keep their form ("including", "according to").
func (g *enhancer) appendWord(i int32) bool {
	t := &g.toks[i]
	w := t.Lemma
	if w == "" || w == "_" || t.XPOS == "VBG" || t.XPOS == "VBN" {
		w = t.Text
	}
	if w == "" {
		return false
	}
	start := len(g.buf)
	for j := 0; j < len(w); j++ {
		c := w[j]
		switch {
		case 'a' <= c && c <= 'z':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			g.buf = g.buf[:start]
			return false
		}
		g.buf = append(g.buf, c)
	}
	return true
}

// labelCache interns the labels built from markers so that Enhance does
// not allocate a string per edge. It is copied on write and bounded, so
// that odd text cannot grow it without limit.
var (
	labelCache   atomic.Pointer[map[string]string]
	labelCacheMu sync.Mutex
)

const labelCacheMax = 4096

func intern(b []byte) string {
	if m := labelCache.Load(); m != nil {
		if s, ok := (*m)[string(b)]; ok {
			return s
		}
	}
	s := string(b)
	labelCacheMu.Lock()
	defer labelCacheMu.Unlock()
	old := labelCache.Load()
	if old != nil && len(*old) >= labelCacheMax {
		return s
	}
	m := make(map[string]string, 1+mapLen(old))
	if old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	m[s] = s
	labelCache.Store(&m)
	return s
}

func mapLen(m *map[string]string) int {
	if m == nil {
		return 0
	}
	return len(*m)
}

// isRelativizer reports whether xpos is the tag of a relative pronoun,
// determiner or adverb.
func isRelativizer(xpos string) bool {
	return xpos == "WDT" || xpos == "WP" || xpos == "WP$" || xpos == "WRB"
}

// adverbRoles are the relations an antecedent takes in place of a relative
// adverb ("the places where they live": live -obl-> places).
var adverbRoles = map[string]string{"where": "obl", "wherein": "obl", "why": "obl", "when": "obl:unmarked"}

// relativeTimeNouns are antecedents that a reduced relative clause modifies as an
// oblique rather than an object ("the time he was serving", "the way it
// works").
var relativeTimeNouns = map[string]bool{
	"time": true, "times": true, "way": true, "reason": true, "day": true, "days": true,
	"year": true, "years": true, "week": true, "month": true, "moment": true, "night": true,
	"morning": true, "place": true,
}

// relativeClauses makes the antecedent of each relative clause an argument
// of the clause. With a relative pronoun, the antecedent takes the
// pronoun's relation and the pronoun becomes a ref dependent of the
// antecedent ("the officers who were working": working -nsubj-> officers,
// officers -ref-> who); a clause about a whole clause ("…, which
// indicates") takes it as csubj. A reduced relative clause ("something
// Chalabi would have blocked") takes its antecedent in the role it lacks.
func (g *enhancer) relativeClauses() {
	for v := range g.toks {
		ante := g.antecedent(int32(v))
		if ante < 0 {
			continue
		}
		r := g.relativizer(int32(v), ante)
		if r < 0 {
			if g.toks[v].Deprel == "acl:relcl" {
				g.reducedRelative(int32(v), ante)
			}
			continue
		}
		clausal := g.toks[v].Deprel == "advcl:relcl" || g.toks[ante].UPOS == "VERB"
		if e := g.edges[r]; e.dep == r && e.head >= 0 {
			g.edges[r].dep = -1
			if isSubject(e.rel) {
				g.subjectCount[e.head]--
			}
			if role, ok := adverbRoles[strings.ToLower(g.toks[r].Text)]; ok && e.rel == "advmod" {
				e.rel = role
			}
			if clausal && strings.HasPrefix(e.rel, "nsubj") {
				e.rel = clausalSubject[e.rel]
			}
			g.add(ante, e.head, e.rel, fromRelative)
		}
		g.add(r, ante, "ref", fromRelative)
	}
}

// clausalSubject maps a nominal subject relation to the clausal one.
var clausalSubject = map[string]string{
	"nsubj": "csubj", "nsubj:pass": "csubj:pass", "nsubj:outer": "csubj:outer", "nsubj:xsubj": "csubj:xsubj",
}

// antecedent returns the antecedent of v if v heads a relative clause
// (acl:relcl, advcl:relcl, or a conjunct of one: "in which …, but in which
// …"), else -1.
func (g *enhancer) antecedent(v int32) int32 {
	for steps := 0; v >= 0 && steps < len(g.toks); steps++ {
		switch g.toks[v].Deprel {
		case "acl:relcl", "advcl:relcl":
			return g.head[v]
		case "conj":
			v = g.head[v]
		default:
			return -1
		}
	}
	return -1
}

// relativizer returns the relative pronoun or adverb of the relative
// clause headed by v: the first WDT, WP, WP$ or WRB word of v's subtree
// between the antecedent and v, or -1.
func (g *enhancer) relativizer(v, ante int32) int32 {
	from := ante + 1
	if ante > v {
		from = 0
	}
	for j := from; j < v; j++ {
		if isRelativizer(g.toks[j].XPOS) && g.dominates(v, j) {
			return j
		}
	}
	return -1
}

// dominates reports whether a is an ancestor of d in the basic tree.
func (g *enhancer) dominates(a, d int32) bool {
	for steps := 0; d >= 0 && steps < len(g.toks); steps++ {
		d = g.head[d]
		if d == a {
			return true
		}
	}
	return false
}

// reducedRelative gives the antecedent of a relative clause without a
// relative word the role the clause lacks: its subject if it has none
// ("what follows"), an oblique for times, ways and places, for a clause
// with an object, a stranded preposition or a copula ("a post I can
// relate to"), else its object.
func (g *enhancer) reducedRelative(v, ante int32) {
	rel := "obj"
	if !g.hasSubj(v) {
		rel = "nsubj"
		if g.hasChild(v, "aux:pass") {
			rel = "nsubj:pass"
		}
	} else if relativeTimeNouns[strings.ToLower(g.toks[ante].Text)] || g.toks[v].UPOS != "VERB" || g.hasChild(v, "obj") || g.hasChild(v, "cop") {
		rel = "obl"
	} else {
		for _, c := range g.children(v) {
			if c > v && g.toks[c].UPOS == "ADP" {
				rel = "obl"
			}
		}
	}
	g.add(ante, v, rel, fromRelative)
}

func (g *enhancer) hasChild(t int32, rel string) bool {
	for _, c := range g.children(t) {
		if g.toks[c].Deprel == rel {
			return true
		}
	}
	return false
}

// isSubject reports whether rel is a subject relation.
func isSubject(rel string) bool {
	return strings.HasPrefix(rel, "nsubj") || strings.HasPrefix(rel, "csubj")
}

func (g *enhancer) hasSubj(t int32) bool { return g.subjectCount[t] > 0 }

// unshared are the relations a conjunct does not share with the first
// conjunct: loose attachments that do not distribute over coordination.
var unshared = map[string]bool{
	"root": true, "ref": true, "parataxis": true, "list": true, "vocative": true, "discourse": true,
	"dep": true, "orphan": true, "aux": true, "aux:pass": true, "cop": true, "reparandum": true,
}

// propagate walks the tree top-down and, for each token: gives a conjunct
// the incoming edges of the first conjunct (shared heads); gives an xcomp
// without a subject its controller (the governor's object, else its
// subject) as nsubj:xsubj; and gives a conjoined predicate without a
// subject the subject of the first conjunct. Walking top-down makes the
// rules compose: "wants to try to leave", "came and tried to leave".
func (g *enhancer) propagate() {
	for _, t := range g.order {
		first := int32(-1)
		gapped := g.hasChild(t, "orphan") // "and Israel drones": an object of its own
		if g.toks[t].Deprel == "conj" {
			first = g.head[t]
		}
		if first >= 0 {
			for e := range g.into(first) {
				if e.head < 0 || e.head == t || strings.HasPrefix(e.rel, "conj") || unshared[e.rel] {
					continue
				}
				g.add(t, e.head, e.rel, fromConjunct)
			}
		}
		if first >= 0 && !gapped {
			g.shareObjects(t, first)
		}
		if !g.hasSubj(t) {
			for e := range g.into(t) {
				if e.rel == "xcomp" && e.head >= 0 {
					g.addController(t, e.head)
				}
			}
		}
		if first >= 0 && !g.hasSubj(t) {
			for e := range g.from(first) {
				if isSubject(e.rel) && e.from != fromConjunct && e.from != fromShared {
					g.add(e.dep, t, g.sharedSubject(t, first, e.rel), fromShared)
				}
			}
		}
	}
}

// shareObjects gives conjunct t the objects of the first conjunct that
// follow t ("capture or kill the commanders"): the parser attaches a shared
// object to the first conjunct, and one that comes after the last
// conjunct can only be shared.
func (g *enhancer) shareObjects(t, first int32) {
	for _, c := range g.children(first) {
		if c < t {
			continue
		}
		switch rel := g.toks[c].Deprel; rel {
		case "obj", "iobj", "ccomp":
			if !g.hasChild(t, rel) {
				g.add(c, t, rel, fromConjunct)
			}
		}
	}
}

// sharedSubject is the relation of a subject that conjunct t shares with
// the first conjunct: a passive conjunct takes it as nsubj:pass, whether
// marked ("and was accompanied by") or a bare participle ("is small and
// easily missed") that does not share a perfect "have" ("has succeeded
// and started").
func (g *enhancer) sharedSubject(t, first int32, rel string) string {
	if rel != "nsubj" && rel != "csubj" {
		return rel
	}
	passive := g.hasChild(t, "aux:pass")
	if !passive && g.toks[t].XPOS == "VBN" && !g.hasChild(t, "aux") {
		passive = true
		for _, c := range g.children(first) {
			if g.toks[c].Deprel == "aux" && strings.EqualFold(g.toks[c].Lemma, "have") {
				passive = false
			}
		}
	}
	switch {
	case !passive:
		return rel
	case rel == "csubj":
		return "csubj:pass"
	}
	return "nsubj:pass"
}

// addController adds the controller of xcomp x governed by gov: gov's
// objects if it has any ("asked him to leave"), else its subjects ("agreed
// to lift", "is expected to take part").
func (g *enhancer) addController(x, gov int32) {
	found := false
	for e := range g.from(gov) {
		if e.rel == "obj" || e.rel == "iobj" {
			g.add(e.dep, x, "nsubj:xsubj", fromControl)
			found = true
		}
	}
	if found {
		return
	}
	for e := range g.from(gov) {
		if isSubject(e.rel) {
			rel := "nsubj:xsubj"
			if strings.HasPrefix(e.rel, "csubj") {
				rel = "csubj:xsubj"
			}
			g.add(e.dep, x, rel, fromControl)
		}
	}
}

// write hands each token its edges, sorted by head then label, in slices
// of one backing array.
func (g *enhancer) write() {
	slices.SortFunc(g.edges, func(a, b arc) int {
		if c := cmp.Compare(a.dep, b.dep); c != 0 {
			return c
		}
		if c := cmp.Compare(a.head, b.head); c != 0 {
			return c
		}
		return strings.Compare(a.rel, b.rel)
	})
	lo := 0
	for lo < len(g.edges) && g.edges[lo].dep < 0 { // taken by a relative clause
		lo++
	}
	all := make([]dyad.Dep, 0, len(g.edges)-lo)
	for i := range g.toks {
		g.toks[i].Deps = nil
	}
	for lo < len(g.edges) {
		start := len(all)
		dep := g.edges[lo].dep
		for ; lo < len(g.edges) && g.edges[lo].dep == dep; lo++ {
			d := dyad.Dep{Head: int(g.edges[lo].head), Rel: g.edges[lo].rel}
			if len(all) == start || all[len(all)-1] != d {
				all = append(all, d)
			}
		}
		g.toks[dep].Deps = all[start:len(all):len(all)]
	}
}
