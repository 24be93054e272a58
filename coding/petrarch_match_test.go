package coding

import (
	"sort"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ontology"
)

// parsed builds a one-sentence document from lines "text lemma UPOS head
// deprel [CODE]": head is 1-based (0 for the root), and a CODE marks the
// word as a one-word actor mention.
func parsed(lines ...string) *dyad.Document {
	var toks []dyad.Token
	var ms []dyad.Mention
	var text strings.Builder
	for i, l := range lines {
		f := strings.Fields(l)
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		start := text.Len()
		text.WriteString(f[0])
		head := 0
		for _, r := range f[3] {
			head = head*10 + int(r-'0')
		}
		toks = append(toks, dyad.Token{Text: f[0], Lemma: f[1], UPOS: f[2], Head: head - 1, Deprel: f[4],
			Span: dyad.Span{start, text.Len()}})
		if len(f) > 5 {
			ms = append(ms, dyad.Mention{Tokens: [2]int{i, i + 1}, Head: i, Span: toks[i].Span, Text: f[0], Code: f[5], Kind: "name"})
		}
	}
	s := dyad.Sentence{Text: text.String(), Span: dyad.Span{0, text.Len()}, Tokens: toks, Mentions: ms}
	return &dyad.Document{ID: "t", Text: s.Text, Sentences: []dyad.Sentence{s}}
}

// parsedXPOS is parsed with Penn tags for some tokens.
func parsedXPOS(xpos map[int]string, lines ...string) *dyad.Document {
	doc := parsed(lines...)
	for k, x := range xpos {
		doc.Sentences[0].Tokens[k].XPOS = x
	}
	return doc
}

func triples(evs []dyad.Event) string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Source.Code+">"+e.Target.Code+":"+e.CAMEO)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestPetrarchPatternsCodeLikePetrarch(t *testing.T) {
	clash := []string{"Arnor Arnor PROPN 3 nsubj ARN", "sharply sharply ADV 3 advmod", "criticized criticize VERB 0 root",
		"Gondor Gondor PROPN 3 obj GON", ". . PUNCT 3 punct"}
	host := []string{"Arnor Arnor PROPN 2 nsubj ARN", "hosted host VERB 0 root", "Gondor Gondor PROPN 2 obj GON", ". . PUNCT 2 punct"}
	notClash := []string{"Arnor Arnor PROPN 4 nsubj ARN", "did do AUX 4 aux", "not not PART 4 advmod", "clash clash VERB 0 root",
		"with with ADP 6 case", "Gondor Gondor PROPN 4 obl GON", ". . PUNCT 4 punct"}
	newspaper := []string{"Arnor Arnor PROPN 2 compound ARN", "newspapers newspaper NOUN 3 nsubj", "criticized criticize VERB 0 root",
		"Gondor Gondor PROPN 3 obj GON", ". . PUNCT 3 punct"}
	deep := []string{"Arnor Arnor PROPN 2 nsubj ARN", "welcomed welcome VERB 0 root", "memos memo NOUN 2 obj",
		"from from ADP 5 case", "Gondor Gondor PROPN 3 nmod GON", ". . PUNCT 2 punct"}
	freed := []string{"Ithilen Ithilen PROPN 3 nsubj:pass ITH", "was be AUX 3 aux:pass", "freed free VERB 0 root",
		"from from ADP 5 case", "Mordor Mordor PROPN 3 obl MOR", ". . PUNCT 3 punct"}
	iftar := []string{"Arnor Arnor PROPN 2 nsubj ARN", "celebrated celebrate VERB 0 root", "Iftar iftar PROPN 2 obj",
		"in in ADP 5 case", "Osgiliath Osgiliath PROPN 2 obl OSG", "with with ADP 7 case", "Gondor Gondor PROPN 2 obl GON",
		". . PUNCT 2 punct"}
	seen := []string{"Gollum Gollum PROPN 3 nsubj:pass HOB", "was be AUX 3 aux:pass", "seen see VERB 0 root",
		"to to PART 5 mark", "break break VERB 3 xcomp", "into into ADP 9 case", "the the DET 9 det",
		"Gondor Gondor PROPN 9 compound GON", "parade parade NOUN 5 obl", ". . PUNCT 3 punct"}
	media := []string{"media media NOUN 4 nsubj DNKMED", "and and CCONJ 3 cc", "government government NOUN 1 conj ---GOV",
		"warned warn VERB 0 root", "Gondor Gondor PROPN 4 obj GON", ". . PUNCT 4 punct"}
	satisfied := []string{"Frodo Frodo PROPN 2 nsubj HOB", "said say VERB 0 root", "he he PRON 4 nsubj", "has have VERB 2 ccomp",
		"satisfaction satisfaction NOUN 4 obj", "toward toward ADP 7 case", "Gondor Gondor PROPN 5 nmod GON", ". . PUNCT 2 punct"}
	trip := []string{"Hamfast Hamfast PROPN 2 nsubj HOB", "rescheduled reschedule VERB 0 root", "mushroom mushroom NOUN 2 obj",
		"hunting hunt VERB 2 advcl", "trip trip NOUN 4 obj", "in in ADP 7 case", "Bywater Bywater PROPN 4 obl SHR",
		". . PUNCT 2 punct"}
	spur := []string{"talks talk NOUN 6 nsubj", "between between ADP 3 case", "Arnor Arnor PROPN 1 nmod ARN",
		"and and CCONJ 5 cc", "Gondor Gondor PROPN 3 conj GON", "spur spur VERB 0 root",
		"reconciliation reconciliation NOUN 6 obj", "with with ADP 9 case", "Bree Bree PROPN 6 obl BRE", ". . PUNCT 6 punct"}
	tests := []struct {
		name     string
		patterns []*PetrarchPattern
		doc      *dyad.Document
		want     string
	}{
		{"a bare verb codes subject and object", []*PetrarchPattern{{Head: "criticize", Code: "111"}},
			parsed(clash...), "ARN>GON:111"},
		{"a word before the verb outside the subject does not match",
			[]*PetrarchPattern{{Head: "criticize", Code: "111"},
				{Head: "criticize", Code: "112", Elems: []PetrarchElem{{Lemmas: []string{"sharply"}, Before: true}}}},
			parsed(clash...), "ARN>GON:111"},
		{"a word in the subject's phrase matches before the verb",
			[]*PetrarchPattern{{Head: "criticize", Code: "111"},
				{Head: "criticize", Code: "112", Elems: []PetrarchElem{{Lemmas: []string{"newspaper"}, Before: true}}}},
			parsed(newspaper...), "ARN>GON:112"},
		{"a paired code codes both directions", []*PetrarchPattern{{Head: "host", Code: "043", Reverse: "042"}},
			parsed(host...), "ARN>GON:043 GON>ARN:042"},
		{"a null pattern codes nothing", []*PetrarchPattern{{Head: "host", Null: true}},
			parsed(host...), ""},
		{"a code outside the ontology is kept", []*PetrarchPattern{{Head: "host", Code: "903"}},
			parsed(host...), "ARN>GON:903"},
		{"a negated disapproval is cooperation", []*PetrarchPattern{{Head: "clash", Code: "110"}},
			parsed(notClash...), "ARN>GON:050"},
		{"a source slot after the verb acts on the subject", []*PetrarchPattern{{Head: "free", Code: "080",
			Elems: []PetrarchElem{{Target: true, Before: true}, {Lemmas: []string{"from"}}, {Source: true}}}},
			parsed(freed...), "MOR>ITH:080"},
		{"a skipped phrase is passed over", []*PetrarchPattern{{Head: "celebrate", Code: "017",
			Elems: []PetrarchElem{{Lemmas: []string{"iftar"}}, {Lemmas: []string{"in"}}, {Skip: true}, {Target: true}}}},
			parsed(iftar...), "ARN>GON:017"},
		{"the subject of a passive acts in the infinitive under it, which is not the passive's agent",
			[]*PetrarchPattern{{Head: "see", Code: "010"}, {Head: "break", Code: "120"}},
			parsed(seen...), "HOB>GON:120"},
		{"a role word coordinated with an actor shares its country",
			[]*PetrarchPattern{{Head: "warn", Code: "130"}},
			parsed(media...), "DNKGOV>GON:130 DNKMED>GON:130"},
		{"the words of a complement clause with its own subject are not the verb's",
			[]*PetrarchPattern{{Head: "say", Code: "010"},
				{Head: "say", Code: "051", Elems: []PetrarchElem{{Lemmas: []string{"satisfaction"}}}}},
			parsed(satisfied...), "HOB>GON:010"},
		{"a participial clause is read inside the verb phrase",
			[]*PetrarchPattern{{Head: "reschedule", Code: "082"}},
			parsedXPOS(map[int]string{3: "VBG"}, trip...), "HOB>SHR:082"},
		{"actors coordinated with the one found act with it",
			[]*PetrarchPattern{{Head: "spur", Code: "051"}},
			parsed(spur...), "ARN>BRE:051 GON>BRE:051"},
		{"the target is the first actor in the verb phrase", []*PetrarchPattern{{Head: "welcome", Code: "050"}},
			parsed(deep...), "ARN>GON:050"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lex := NewPetrarchLexicon()
			for _, p := range tt.patterns {
				lex.Add(p)
			}
			got := triples(New(NewLexicon(), ontology.Default(), lex).CodeDocument(tt.doc))
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
