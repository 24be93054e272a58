package syntax

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

func TestRepairGivesALeadVerbItsSubject(t *testing.T) {
	tests := []struct {
		name string
		// lines "text UPOS XPOS head deprel", head 1-based, 0 for the root
		in []string
		// want is "head deprel" of every token after the repair
		want string
	}{
		{
			name: "a verb hung under its subject becomes the root",
			in: []string{"Russia PROPN NNP 0 root", "on ADP IN 3 case", "Friday PROPN NNP 1 nmod",
				"said VERB VBD 1 parataxis", "it PRON PRP 6 nsubj", "would AUX MD 6 aux", "respond VERB VB 4 ccomp"},
			want: "4:nsubj 3:case 4:obl 0:root 6:nsubj 6:aux 4:ccomp",
		},
		{
			name: "a date taken for the subject becomes an oblique",
			in: []string{"Gondor PROPN NNP 0 root", "on ADP IN 3 case", "Thursday PROPN NNP 4 nsubj",
				"signed VERB VBD 1 parataxis", "accords NOUN NNS 4 obj"},
			want: "4:nsubj 3:case 4:obl 0:root 4:obj",
		},
		{
			name: "a clause under the subject that governs the verb moves under the verb",
			in: []string{"Arnor NOUN NN 0 root", "on ADP IN 3 case", "Thursday PROPN NNP 4 obl",
				"signed VERB VBD 8 ccomp", "accords NOUN NNS 4 obj", ",  PUNCT , 8 punct", "officials NOUN NNS 8 nsubj",
				"said VERB VBD 1 parataxis"},
			want: "4:nsubj 3:case 4:obl 0:root 4:obj 8:punct 8:nsubj 4:parataxis",
		},
		{
			name: "coordinated subjects the parser made the root give it up",
			in: []string{"Mordor PROPN NNP 0 root", ", PUNCT , 3 punct", "Rohan PROPN NNP 1 conj", "and CCONJ CC 5 cc",
				"Bree PROPN NNP 1 conj", "welcomed VERB VBD 1 parataxis", "talks NOUN NNS 6 obj", ". PUNCT . 1 punct"},
			want: "6:nsubj 3:punct 1:conj 5:cc 1:conj 0:root 6:obj 6:punct",
		},
		{
			name: "auxiliaries stand between the subject and the verb",
			in: []string{"Gondor PROPN NNP 0 root", "has AUX VBZ 3 aux", "renewed VERB VBN 1 parataxis",
				"ties NOUN NNS 3 obj"},
			want: "3:nsubj 3:aux 0:root 3:obj",
		},
		{
			name: "a participle the parser hung under its auxiliary takes its place",
			in: []string{"Philippines PROPN NNPS 0 root", "was AUX VBD 1 parataxis", "heavily ADV RB 2 advmod",
				"and CCONJ CC 6 cc", "unjustly ADV RB 6 advmod", "criticized VERB VBN 2 conj", ". PUNCT . 2 punct"},
			want: "6:nsubj:pass 6:aux:pass 6:advmod 6:cc 6:advmod 0:root 6:punct",
		},
		{
			name: "a phrase with a preposition is no subject",
			in: []string{"In ADP IN 2 case", "Moscow PROPN NNP 0 root", "arrested VERB VBD 2 parataxis",
				"students NOUN NNS 3 obj"},
			want: "2:case 0:root 2:parataxis 3:obj",
		},
		{
			name: "a verb with a subject of its own is left alone",
			in: []string{"Iran PROPN NNP 4 nsubj", "on ADP IN 3 case", "Monday PROPN NNP 1 nmod",
				"rejected VERB VBD 0 root", "it PRON PRP 4 obj"},
			want: "4:nsubj 3:case 1:nmod 0:root 4:obj",
		},
		{
			name: "an object hung across a comma on a later word goes back to its verb",
			in: []string{"plan NOUN NN 0 root", "to PART TO 3 mark", "kill VERB VB 1 acl", "Hamas PROPN NNP 6 nmod:poss",
				"'s PART POS 4 case", "leader NOUN NN 9 nmod", ", PUNCT , 9 punct", "two NUM CD 9 nummod", "sources NOUN NNS 1 nmod"},
			want: "0:root 3:mark 1:acl 6:nmod:poss 4:case 3:obj 9:punct 9:nummod 1:nmod",
		},
		{
			name: "a time word the verb governs is not taken for its object",
			in: []string{"Ruto PROPN NNP 2 nsubj", "arrived VERB VBD 0 root", "Monday PROPN NNP 2 obl", ", PUNCT , 6 punct",
				"officials NOUN NNS 6 nsubj", "said VERB VBD 2 parataxis"},
			want: "2:nsubj 0:root 2:obl 6:punct 6:nsubj 2:parataxis",
		},
		{
			name: "a verb behind a relative clause takes its noun as subject",
			in: []string{"rebels NOUN NNS 0 root", ", PUNCT , 4 punct", "who PRON WP 4 nsubj", "took VERB VBD 1 acl:relcl",
				"control NOUN NN 4 obj", ", PUNCT , 7 punct", "blamed VERB VBD 1 parataxis", "Saudis PROPN NNPS 7 obj"},
			want: "7:nsubj 4:punct 4:nsubj 1:acl:relcl 4:obj 7:punct 0:root 7:obj",
		},
		{
			name: "a verb with its own subject after a relative clause is left alone",
			in: []string{"rebels NOUN NNS 7 nsubj", ", PUNCT , 4 punct", "who PRON WP 4 nsubj", "took VERB VBD 1 acl:relcl",
				"control NOUN NN 4 obj", ", PUNCT , 7 punct", "blamed VERB VBD 0 root", "Saudis PROPN NNPS 7 obj"},
			want: "7:nsubj 4:punct 4:nsubj 1:acl:relcl 4:obj 7:punct 0:root 7:obj",
		},
		{
			name: "the auxiliary may is no month",
			in:   []string{"Gondor PROPN NNP 0 root", "may AUX MD 3 aux", "sign VERB VB 1 parataxis"},
			want: "3:nsubj 3:aux 0:root",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := make([]dyad.Token, len(tt.in))
			for i, l := range tt.in {
				f := strings.Fields(l)
				var head int
				fmt.Sscan(f[3], &head)
				toks[i] = dyad.Token{Text: f[0], Lemma: strings.ToLower(f[0]), UPOS: f[1], XPOS: f[2], Head: head - 1, Deprel: f[4]}
				if f[1] == "AUX" {
					toks[i].Lemma = "be"
				}
			}
			Repair(toks)
			var got []string
			for _, tok := range toks {
				got = append(got, fmt.Sprintf("%d:%s", tok.Head+1, tok.Deprel))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}
