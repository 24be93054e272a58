package frames

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/syntax"
)

// The trees below are shortened EWT sentences (or news sentences built the
// same way), written as ID FORM LEMMA UPOS XPOS HEAD DEPREL DEPS, where
// DEPS is the whole enhanced graph expected for the word, as EWT would
// annotate it. Every word is checked, so a wrong extra edge fails too.
var enhanceTests = []struct {
	name string
	tree string
}{
	{"a case marker becomes the label's suffix", `
1 From from ADP IN 3 case 3:case
2 the the DET DT 3 det 3:det
3 AP AP PROPN NNP 4 obl 4:obl:from
4 comes come VERB VBZ 0 root 0:root
5 this this DET DT 6 det 6:det
6 story story NOUN NN 4 nsubj 4:nsubj
7 : : PUNCT : 4 punct 4:punct`},

	{"a multiword preposition is joined with underscores and lowercased", `
1 According accord VERB VBG 4 case 4:case
2 to to ADP IN 1 fixed 1:fixed
3 the the DET DT 4 det 4:det
4 report report NOUN NN 7 obl 7:obl:according_to
5 , , PUNCT , 4 punct 4:punct
6 Iran Iran PROPN NNP 7 nsubj 7:nsubj
7 fired fire VERB VBD 0 root 0:root
8 missiles missile NOUN NNS 7 obj 7:obj
9 . . PUNCT . 7 punct 7:punct`},

	{"of two prepositions the one next to the noun names the label", `
1 They they PRON PRP 3 nsubj 3:nsubj
2 do do AUX VBP 3 aux 3:aux
3 venture venture VERB VB 0 root 0:root
4 out out ADP IN 7 case 7:case
5 of of ADP IN 7 case 7:case
6 their their PRON PRP$ 7 nmod:poss 7:nmod:poss
7 neighbourhoods neighbourhood NOUN NNS 3 obl 3:obl:of
8 . . PUNCT . 3 punct 3:punct`},

	{"the lemma mends a marker's spelling", `
1 mine my PRON PRP 0 root 0:root
2 vs. versus ADP IN 4 case 4:case
3 my my PRON PRP$ 4 nmod:poss 4:nmod:poss
4 wife wife NOUN NN 1 nmod 1:nmod:versus`},

	{"a symbol as conjunction gives no suffix", `
1 I I PRON PRP 2 nsubj 2:nsubj
2 visited visit VERB VBD 0 root 0:root
3 Hiroshima Hiroshima PROPN NNP 2 obj 2:obj
4 & & CCONJ CC 5 cc 5:cc
5 Nagasaki Nagasaki PROPN NNP 3 conj 2:obj|3:conj
6 . . PUNCT . 2 punct 2:punct`},

	{"an adverbial clause takes its subordinator, the last of several", `
1 The the DET DT 2 det 2:det
2 streets street NOUN NNS 4 nsubj 4:nsubj
3 will will AUX MD 4 aux 4:aux
4 look look VERB VB 0 root 0:root
5 as as SCONJ IN 10 mark 10:mark
6 if if SCONJ IN 10 mark 10:mark
7 a a DET DT 8 det 8:det
8 war war NOUN NN 10 nsubj 10:nsubj
9 is be AUX VBZ 10 aux 10:aux
10 looming loom VERB VBG 4 advcl 4:advcl:if
11 . . PUNCT . 4 punct 4:punct`},

	{"an adverbial clause introduced by when is advcl:when", `
1 they they PRON PRP 3 nsubj 3:nsubj
2 only only ADV RB 3 advmod 3:advmod
3 come come VERB VBP 0 root 0:root
4 out out ADP RP 3 compound:prt 3:compound:prt
5 when when ADV WRB 7 advmod 7:advmod
6 Americans American PROPN NNPS 7 nsubj 7:nsubj
7 leave leave VERB VBP 3 advcl 3:advcl:when
8 the the DET DT 9 det 9:det
9 area area NOUN NN 7 obj 7:obj
10 . . PUNCT . 3 punct 3:punct`},

	{"a clausal complement of a noun takes its marker (acl:to)", `
1 There there PRON EX 2 expl 2:expl
2 is be VERB VBZ 0 root 0:root
3 little little ADJ JJ 4 amod 4:amod
4 reason reason NOUN NN 2 nsubj 2:nsubj
5 for for SCONJ IN 7 mark 7:mark
6 them they PRON PRP 7 nsubj 7:nsubj
7 fear fear VERB VB 4 acl 4:acl:for
8 . . PUNCT . 2 punct 2:punct`},

	{"a conjunct shares the first conjunct's head and takes the conjunction", `
1 Guerrillas guerrilla NOUN NNS 3 nsubj 3:nsubj
2 had have AUX VBD 3 aux 3:aux
3 kidnapped kidnap VERB VBN 0 root 0:root
4 a a DET DT 6 det 6:det
5 cosmetic cosmetic ADJ JJ 6 amod 6:amod
6 surgeon surgeon NOUN NN 3 obj 3:obj
7 and and CCONJ CC 9 cc 9:cc
8 his his PRON PRP$ 9 nmod:poss 9:nmod:poss
9 wife wife NOUN NN 6 conj 3:obj|6:conj:and
10 . . PUNCT . 3 punct 3:punct`},

	{"a conjunct without its own conjunction takes that of the list", `
1 Mosques mosque NOUN NNS 3 nsubj 3:nsubj
2 are be AUX VBP 3 aux 3:aux
3 calling call VERB VBG 0 root 0:root
4 for for ADP IN 5 case 5:case
5 blood blood NOUN NN 3 obl 3:obl:for
6 , , PUNCT , 7 punct 7:punct
7 food food NOUN NN 5 conj 3:obl:for|5:conj:and
8 , , PUNCT , 10 punct 10:punct
9 and and CCONJ CC 10 cc 10:cc
10 medicine medicine NOUN NN 5 conj 3:obl:for|5:conj:and
11 . . PUNCT . 3 punct 3:punct`},

	{"and / or is conj:and_or, and or a conjunct of and", `
1 Give give VERB VB 0 root 0:root
2 your your PRON PRP$ 3 nmod:poss 3:nmod:poss
3 email email NOUN NN 1 obj 1:obj
4 and and CCONJ CC 8 cc 8:cc
5 / / SYM NFP 6 cc 6:cc
6 or or CCONJ CC 4 conj 4:conj:slash|8:cc
7 phone phone NOUN NN 8 compound 8:compound
8 number number NOUN NN 3 conj 1:obj|3:conj:and_or`},

	{"conjoined subjects are each the verb's subject", `
1 Iran Iran PROPN NNP 4 nsubj 4:nsubj
2 and and CCONJ CC 3 cc 3:cc
3 Russia Russia PROPN NNP 1 conj 1:conj:and|4:nsubj
4 signed sign VERB VBD 0 root 0:root
5 the the DET DT 6 det 6:det
6 deal deal NOUN NN 4 obj 4:obj
7 . . PUNCT . 4 punct 4:punct`},

	{"conjoined predicates share the first one's subject", `
1 Kut Kut PROPN NNP 5 nsubj 5:nsubj|7:nsubj
2 is be AUX VBZ 5 cop 5:cop
3 in in ADP IN 5 case 5:case
4 southeastern southeastern ADJ JJ 5 amod 5:amod
5 Iraq Iraq PROPN NNP 0 root 0:root
6 and and CCONJ CC 7 cc 7:cc
7 has have VERB VBZ 5 conj 5:conj:and
8 a a DET DT 10 det 10:det
9 Shiite Shiite ADJ JJ 10 amod 10:amod
10 population population NOUN NN 7 obj 7:obj
11 . . PUNCT . 5 punct 5:punct`},

	{"a bare participle conjunct takes the shared subject as passive", `
1 This this DET DT 2 det 2:det
2 item item NOUN NN 6 nsubj 6:nsubj|9:nsubj:pass
3 is be AUX VBZ 6 cop 6:cop
4 a a DET DT 6 det 6:det
5 small small ADJ JJ 6 amod 6:amod
6 one one NOUN NN 0 root 0:root
7 and and CCONJ CC 9 cc 9:cc
8 easily easily ADV RB 9 advmod 9:advmod
9 missed miss VERB VBN 6 conj 6:conj:and
10 . . PUNCT . 6 punct 6:punct`},

	{"a participle sharing a perfect have stays active", `
1 The the DET DT 2 det 2:det
2 US US PROPN NNP 4 nsubj 4:nsubj|6:nsubj
3 has have AUX VBZ 4 aux 4:aux
4 succeeded succeed VERB VBN 0 root 0:root
5 and and CCONJ CC 6 cc 6:cc
6 started start VERB VBN 4 conj 4:conj:and
7 talks talk NOUN NNS 6 obj 6:obj
8 . . PUNCT . 4 punct 4:punct`},

	{"only the first conjunct's own subject is shared", `
1 Doug Doug PROPN NNP 4 nsubj 4:nsubj|10:nsubj
2 and and CCONJ CC 3 cc 3:cc
3 I I PRON PRP 1 conj 1:conj:and|4:nsubj
4 met meet VERB VBD 0 root 0:root
5 with with ADP IN 7 case 7:case
6 the the DET DT 7 det 7:det
7 chairman chairman NOUN NN 4 obl 4:obl:with
8 and and CCONJ CC 10 cc 10:cc
9 have have AUX VBP 10 aux 10:aux
10 had have VERB VBN 4 conj 4:conj:and
11 talks talk NOUN NNS 10 obj 10:obj
12 . . PUNCT . 4 punct 4:punct`},

	{"an object after the last conjunct is shared", `
1 They they PRON PRP 2 nsubj 2:nsubj|4:nsubj
2 capture capture VERB VBP 0 root 0:root
3 or or CCONJ CC 4 cc 4:cc
4 kill kill VERB VBP 2 conj 2:conj:or
5 commanders commander NOUN NNS 2 obj 2:obj|4:obj
6 . . PUNCT . 2 punct 2:punct`},

	{"a parenthetical does not distribute over a coordination", `
1 We we PRON PRP 2 nsubj 2:nsubj
2 know know VERB VBP 0 root 0:root
3 it it PRON PRP 2 obj 2:obj
4 , , PUNCT , 7 punct 7:punct
5 and and CCONJ CC 7 cc 7:cc
6 they they PRON PRP 7 nsubj 7:nsubj
7 agree agree VERB VBP 2 conj 2:conj:and
8 , , PUNCT , 10 punct 10:punct
9 I I PRON PRP 10 nsubj 10:nsubj
10 think think VERB VBP 7 parataxis 7:parataxis`},

	{"the subject of agreed to lift controls lift", `
1 Iran Iran PROPN NNP 2 nsubj 2:nsubj|4:nsubj:xsubj
2 agreed agree VERB VBD 0 root 0:root
3 to to PART TO 4 mark 4:mark
4 lift lift VERB VB 2 xcomp 2:xcomp
5 the the DET DT 6 det 6:det
6 ban ban NOUN NN 4 obj 4:obj
7 . . PUNCT . 2 punct 2:punct`},

	{"the object of asked controls the infinitive", `
1 Hiller Hiller PROPN NNP 2 nsubj 2:nsubj
2 asked ask VERB VBD 0 root 0:root
3 Bush Bush PROPN NNP 2 obj 2:obj|5:nsubj:xsubj
4 to to PART TO 5 mark 5:mark
5 name name VERB VB 2 xcomp 2:xcomp
6 the the DET DT 7 det 7:det
7 leaders leader NOUN NNS 5 obj 5:obj
8 . . PUNCT . 2 punct 2:punct`},

	{"a passive subject is raised: is expected to take part", `
1 Iran Iran PROPN NNP 3 nsubj:pass 3:nsubj:pass|5:nsubj:xsubj
2 is be AUX VBZ 3 aux:pass 3:aux:pass
3 expected expect VERB VBN 0 root 0:root
4 to to PART TO 5 mark 5:mark
5 take take VERB VB 3 xcomp 3:xcomp
6 part part NOUN NN 5 obj 5:obj
7 in in ADP IN 9 case 9:case
8 the the DET DT 9 det 9:det
9 talks talk NOUN NNS 5 obl 5:obl:in
10 . . PUNCT . 3 punct 3:punct`},

	{"control passes down chains and through conjoined verbs", `
1 He he PRON PRP 2 nsubj 2:nsubj|4:nsubj|6:nsubj:xsubj|8:nsubj:xsubj
2 came come VERB VBD 0 root 0:root
3 and and CCONJ CC 4 cc 4:cc
4 tried try VERB VBD 2 conj 2:conj:and
5 to to PART TO 6 mark 6:mark
6 want want VERB VB 4 xcomp 4:xcomp
7 to to PART TO 8 mark 8:mark
8 leave leave VERB VB 6 xcomp 6:xcomp
9 . . PUNCT . 2 punct 2:punct`},

	{"conjoined controllers each control the infinitive", `
1 Chad Chad PROPN NNP 4 nsubj 4:nsubj|6:nsubj:xsubj
2 and and CCONJ CC 3 cc 3:cc
3 Niger Niger PROPN NNP 1 conj 1:conj:and|4:nsubj|6:nsubj:xsubj
4 failed fail VERB VBD 0 root 0:root
5 to to PART TO 6 mark 6:mark
6 reach reach VERB VB 4 xcomp 4:xcomp
7 a a DET DT 8 det 8:det
8 deal deal NOUN NN 6 obj 6:obj
9 . . PUNCT . 4 punct 4:punct`},

	{"a relative pronoun's role goes to the antecedent, the pronoun becomes ref", `
1 It it PRON PRP 2 nsubj 2:nsubj
2 reminds remind VERB VBZ 0 root 0:root
3 me I PRON PRP 2 obj 2:obj
4 of of ADP IN 6 case 6:case
5 the the DET DT 6 det 6:det
6 officers officer NOUN NNS 2 obl 2:obl:of|9:nsubj
7 who who PRON WP 9 nsubj 6:ref
8 were be AUX VBD 9 aux 9:aux
9 working work VERB VBG 6 acl:relcl 6:acl:relcl
10 for for ADP IN 13 case 13:case
11 the the DET DT 13 det 13:det
12 other other ADJ JJ 13 amod 13:amod
13 side side NOUN NN 9 obl 9:obl:for
14 . . PUNCT . 2 punct 2:punct`},

	{"a relative pronoun under a preposition gives a case-marked oblique", `
1 He he PRON PRP 2 nsubj 2:nsubj
2 mentioned mention VERB VBD 0 root 0:root
3 an a DET DT 4 det 4:det
4 announcement announcement NOUN NN 2 obj 2:obj|8:obl:in
5 in in ADP IN 6 case 6:case
6 which which PRON WDT 8 obl 4:ref
7 he he PRON PRP 8 nsubj 8:nsubj
8 stated state VERB VBD 4 acl:relcl 4:acl:relcl
9 his his PRON PRP$ 10 nmod:poss 10:nmod:poss
10 aims aim NOUN NNS 8 obj 8:obj
11 . . PUNCT . 2 punct 2:punct`},

	{"whose: the antecedent is the possessor", `
1 I I PRON PRP 2 nsubj 2:nsubj
2 pity pity VERB VBP 0 root 0:root
3 families family NOUN NNS 2 obj 2:obj|5:nmod:poss
4 whose whose PRON WP$ 5 nmod:poss 3:ref
5 children child NOUN NNS 7 nsubj 7:nsubj
6 are be AUX VBP 7 cop 7:cop
7 ill ill ADJ JJ 3 acl:relcl 3:acl:relcl
8 . . PUNCT . 2 punct 2:punct`},

	{"which about a whole clause makes it a clausal subject", `
1 They they PRON PRP 2 nsubj 2:nsubj
2 set set VERB VBD 0 root 0:root|7:csubj
3 road road NOUN NN 4 compound 4:compound
4 blocks block NOUN NNS 2 obj 2:obj
5 , , PUNCT , 7 punct 7:punct
6 which which PRON WDT 7 nsubj 2:ref
7 indicates indicate VERB VBZ 2 advcl:relcl 2:advcl:relcl
8 trouble trouble NOUN NN 7 obj 7:obj
9 . . PUNCT . 2 punct 2:punct`},

	{"a relative where makes the antecedent an oblique", `
1 They they PRON PRP 2 nsubj 2:nsubj
2 left leave VERB VBD 0 root 0:root
3 the the DET DT 4 det 4:det
4 towns town NOUN NNS 2 obj 2:obj|8:obl
5 where where ADV WRB 8 advmod 4:ref
6 they they PRON PRP 8 nsubj 8:nsubj
7 had have AUX VBD 8 aux 8:aux
8 lived live VERB VBN 4 acl:relcl 4:acl:relcl
9 . . PUNCT . 2 punct 2:punct`},

	{"a reduced relative clause takes its antecedent as object", `
1 It it PRON PRP 3 nsubj 3:nsubj
2 was be AUX VBD 3 cop 3:cop
3 something something PRON NN 0 root 0:root|7:obj
4 Chalabi Chalabi PROPN NNP 7 nsubj 7:nsubj
5 would would AUX MD 7 aux 7:aux
6 have have AUX VB 7 aux 7:aux
7 blocked block VERB VBN 3 acl:relcl 3:acl:relcl
8 . . PUNCT . 3 punct 3:punct`},

	{"a reduced relative clause with a stranded preposition takes an oblique", `
1 That that PRON DT 4 nsubj 4:nsubj
2 's be AUX VBZ 4 cop 4:cop
3 a a DET DT 4 det 4:det
4 post post NOUN NN 0 root 0:root|7:obl
5 I I PRON PRP 7 nsubj 7:nsubj
6 can can AUX MD 7 aux 7:aux
7 relate relate VERB VB 4 acl:relcl 4:acl:relcl
8 to to ADP IN 7 obl 7:obl
9 . . PUNCT . 4 punct 4:punct`},

	{"a reduced relative clause about a time takes an oblique", `
1 I I PRON PRP 2 nsubj 2:nsubj
2 remember remember VERB VBP 0 root 0:root
3 the the DET DT 4 det 4:det
4 time time NOUN NN 2 obj 2:obj|6:obl
5 he he PRON PRP 6 nsubj 6:nsubj
6 served serve VERB VBD 4 acl:relcl 4:acl:relcl
7 . . PUNCT . 2 punct 2:punct`},

	{"a conjoined relative clause shares the antecedent", `
1 a a DET DT 2 det 2:det
2 population population NOUN NN 0 root 0:root|6:nsubj|9:nsubj
3 , , PUNCT , 6 punct 6:punct
4 who who PRON WP 6 nsubj 2:ref
5 are be AUX VBP 6 aux 6:aux
6 watching watch VERB VBG 2 acl:relcl 2:acl:relcl
7 and and CCONJ CC 9 cc 9:cc
8 willingly willingly ADV RB 9 advmod 9:advmod
9 help help VERB VBP 6 conj 2:acl:relcl|6:conj:and`},
}

func TestEnhance(t *testing.T) {
	for _, tc := range enhanceTests {
		t.Run(tc.name, func(t *testing.T) {
			toks, want := readTree(t, tc.tree)
			Enhance(toks)
			for i, tok := range toks {
				if got := syntax.FormatDeps(tok.Deps); got != want[i] {
					t.Errorf("word %d %q: DEPS %s, want %s", i+1, tok.Text, got, want[i])
				}
			}
		})
	}
}

// readTree reads a test tree: one word per line, ID FORM LEMMA UPOS XPOS
// HEAD DEPREL DEPS separated by spaces. It returns the tokens and each
// word's expected DEPS column.
func readTree(t testing.TB, tree string) ([]dyad.Token, []string) {
	t.Helper()
	var toks []dyad.Token
	var deps []string
	for n, line := range strings.Split(strings.TrimSpace(tree), "\n") {
		f := strings.Fields(line)
		if len(f) != 8 {
			t.Fatalf("tree line %d: want 8 fields, got %d: %q", n+1, len(f), line)
		}
		if id, err := strconv.Atoi(f[0]); err != nil || id != len(toks)+1 {
			t.Fatalf("tree line %d: ID %q out of order", n+1, f[0])
		}
		head, err := strconv.Atoi(f[5])
		if err != nil {
			t.Fatalf("tree line %d: bad HEAD %q", n+1, f[5])
		}
		toks = append(toks, dyad.Token{Text: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4], Head: head - 1, Deprel: f[6]})
		deps = append(deps, f[7])
	}
	return toks, deps
}

func TestEnhanceSurvivesBrokenTrees(t *testing.T) {
	tests := []struct {
		name  string
		heads []int // 0-based, -1 root
		rels  []string
	}{
		{"no tokens", nil, nil},
		{"a cycle with no root", []int{1, 0, 1}, []string{"nsubj", "conj", "xcomp"}},
		{"heads out of range", []int{7, -5, 1}, []string{"acl:relcl", "root", "conj"}},
		{"a token heading itself", []int{0, 0}, []string{"conj", "obj"}},
		{"conjuncts chained in a loop", []int{1, 2, 0, -1}, []string{"conj", "conj", "conj", "root"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks := make([]dyad.Token, len(tc.heads))
			for i := range toks {
				toks[i] = dyad.Token{Text: "which", Lemma: "which", UPOS: "PRON", XPOS: "WDT", Head: tc.heads[i], Deprel: tc.rels[i]}
			}
			Enhance(toks)
			for i, tok := range toks {
				for _, d := range tok.Deps {
					if d.Head < -1 || d.Head >= len(toks) || d.Head == i {
						t.Errorf("token %d: edge to %d", i, d.Head)
					}
				}
			}
		})
	}
}

func TestEnhanceReplacesEarlierDeps(t *testing.T) {
	toks, _ := readTree(t, enhanceTests[0].tree)
	Enhance(toks)
	first := syntax.FormatDeps(toks[2].Deps)
	toks[2].Deps = append(toks[2].Deps, dyad.Dep{Head: 0, Rel: "bogus"})
	Enhance(toks)
	if got := syntax.FormatDeps(toks[2].Deps); got != first {
		t.Errorf("second Enhance gave %s, want %s", got, first)
	}
}

// ewtDev is the EWT development set, shared reference data that is not in
// the repository.
const ewtDev = "../../shared/data/ud/en_ewt/en_ewt-ud-dev.conllu"

// TestEnhanceMatchesEWTDev computes the enhanced graphs of the EWT
// development set from its gold basic trees (as dyad parse --keep-basic
// does) and scores them against the gold graphs.
func TestEnhanceMatchesEWTDev(t *testing.T) {
	f, err := os.Open(ewtDev)
	if err != nil {
		t.Skipf("EWT development set not available (%v); it lives in ../shared/data/ud/en_ewt", err)
	}
	defer f.Close()
	gold, err := syntax.ReadCoNLLU(context.Background(), f)
	if err != nil {
		t.Fatalf("%s: %v", ewtDev, err)
	}
	pred := make([]syntax.Sentence, len(gold))
	for i, s := range gold {
		toks := s.Tokens()
		Enhance(toks)
		pred[i] = syntax.Sentence{Words: make([]syntax.Word, len(s.Words))}
		for j := range toks {
			pred[i].Words[j].Deps = syntax.FormatDeps(toks[j].Deps)
		}
	}
	sc, err := EvaluateEnhanced(gold, pred)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("EWT dev from gold basic trees: %s", sc)
	if sc.ELAS() < 97 {
		t.Errorf("ELAS %.2f on EWT dev, want at least 97", sc.ELAS())
	}
}

func TestScoreCountsWholeLabels(t *testing.T) {
	gold := []dyad.Dep{{Head: 3, Rel: "obl:with"}, {Head: 5, Rel: "nsubj:xsubj"}}
	tests := []struct {
		name string
		pred []dyad.Dep
		want Score
	}{
		{"the same edges", gold, Score{Gold: 2, Predicted: 2, Correct: 2}},
		{"a label without its suffix is wrong", []dyad.Dep{{Head: 3, Rel: "obl"}}, Score{Gold: 2, Predicted: 1}},
		{"a duplicate edge counts once", []dyad.Dep{{Head: 3, Rel: "obl:with"}, {Head: 3, Rel: "obl:with"}}, Score{Gold: 2, Predicted: 1, Correct: 1}},
		{"a wrong head is wrong", []dyad.Dep{{Head: 4, Rel: "obl:with"}}, Score{Gold: 2, Predicted: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sc Score
			sc.AddWord(gold, tc.pred)
			if sc != tc.want {
				t.Errorf("got %+v, want %+v", sc, tc.want)
			}
		})
	}
}

func TestEvaluateEnhancedLeavesOutEmptyNodes(t *testing.T) {
	gold := []syntax.Sentence{{Words: []syntax.Word{
		{ID: 1, Deps: "2:nsubj|3.1:nsubj"},
		{ID: 2, Deps: "0:root"},
	}}}
	pred := []syntax.Sentence{{Words: []syntax.Word{
		{ID: 1, Deps: "2:nsubj"},
		{ID: 2, Deps: "0:root"},
	}}}
	sc, err := EvaluateEnhanced(gold, pred)
	if err != nil {
		t.Fatal(err)
	}
	if sc.ELAS() != 100 {
		t.Errorf("got %s, want ELAS 100", sc)
	}
	pred[0].Words[0].Deps = "two:nsubj"
	if _, err := EvaluateEnhanced(gold, pred); err == nil || !strings.Contains(err.Error(), "sentence 1, word 1") {
		t.Errorf("a malformed DEPS column gave error %v, want one naming sentence 1, word 1", err)
	}
}

// BenchmarkEnhance runs Enhance over the test trees above; its allocations
// per run are the Deps backing arrays, one per sentence.
func BenchmarkEnhance(b *testing.B) {
	var sents [][]dyad.Token
	for _, tc := range enhanceTests {
		toks, _ := readTree(b, tc.tree)
		sents = append(sents, toks)
	}
	benchmarkEnhance(b, sents)
}

// BenchmarkEnhanceEWTDev runs Enhance over the gold basic trees of the EWT
// development set (25,000 words of web text).
func BenchmarkEnhanceEWTDev(b *testing.B) {
	f, err := os.Open(ewtDev)
	if err != nil {
		b.Skipf("EWT development set not available (%v)", err)
	}
	defer f.Close()
	gold, err := syntax.ReadCoNLLU(context.Background(), f)
	if err != nil {
		b.Fatalf("%s: %v", ewtDev, err)
	}
	sents := make([][]dyad.Token, len(gold))
	for i := range gold {
		sents[i] = gold[i].Tokens()
	}
	benchmarkEnhance(b, sents)
}

func benchmarkEnhance(b *testing.B, sents [][]dyad.Token) {
	words := 0
	for _, s := range sents {
		words += len(s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			Enhance(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*words), "ns/word")
	b.ReportMetric(float64(len(sents)), "sentences/op")
}

// FuzzEnhance builds arbitrary (often broken) trees from bytes: Enhance
// must not panic, and every edge must stay inside the sentence.
func FuzzEnhance(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{255, 3, 17, 40, 2, 2, 9, 1, 0, 33, 12, 7})
	rels := []string{"root", "nsubj", "obj", "iobj", "obl", "nmod", "acl", "acl:relcl", "advcl", "advcl:relcl",
		"xcomp", "ccomp", "conj", "cc", "case", "mark", "fixed", "aux", "aux:pass", "cop", "nsubj:pass",
		"csubj", "orphan", "parataxis", "advmod", "det", "punct"}
	words := []struct{ text, lemma, upos, xpos string }{
		{"who", "who", "PRON", "WP"}, {"which", "which", "PRON", "WDT"}, {"where", "where", "ADV", "WRB"},
		{"and", "and", "CCONJ", "CC"}, {"/", "/", "SYM", "NFP"}, {"of", "of", "ADP", "IN"},
		{"According", "accord", "VERB", "VBG"}, {"missed", "miss", "VERB", "VBN"}, {"has", "have", "AUX", "VBZ"},
		{"time", "time", "NOUN", "NN"}, {"Iran", "Iran", "PROPN", "NNP"}, {"when", "when", "ADV", "WRB"},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := len(data) / 3
		toks := make([]dyad.Token, n)
		for i := range toks {
			w := words[int(data[3*i+2])%len(words)]
			toks[i] = dyad.Token{Text: w.text, Lemma: w.lemma, UPOS: w.upos, XPOS: w.xpos,
				Head: int(data[3*i])%(n+3) - 2, Deprel: rels[int(data[3*i+1])%len(rels)]}
		}
		Enhance(toks)
		for i, tok := range toks {
			for _, d := range tok.Deps {
				if d.Head < -1 || d.Head >= n || d.Head == i || d.Rel == "" {
					t.Fatalf("token %d: edge %+v", i, d)
				}
			}
		}
	})
}
