package evaluate

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
)

// FuzzReadGold reads gold records (dyad's JSON Lines, devnews, PLOVER):
// no input may panic, and an error names the file.
func FuzzReadGold(f *testing.F) {
	data, err := os.ReadFile("../testdata/gold/dev.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data[:min(len(data), 3000)]))
	f.Add(`{"id":"p1","sentence":"x","reciprocal":true,"events":[{"source":"A","target":"B","root":null,"cameo_root_candidates":["19"]}]}`)
	f.Add("{}\n\n[1,2]\n{\"events\":null}")
	f.Fuzz(func(t *testing.T, text string) {
		if _, err := Read("fuzz.jsonl", strings.NewReader(text)); err != nil && !strings.Contains(err.Error(), "fuzz.jsonl") {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}

// FuzzReadPairs reads marked-pair files: every pair it returns has its
// marked spans inside its text.
func FuzzReadPairs(f *testing.F) {
	f.Add("\tsentence_id\tmarked_sentence\tgold_root\tmodality_L2\n" +
		"0\t7\t<s>Iran’s envoy</s> met <t>the Saudi king</t> on Monday.\tCONSULT\tpast\n" +
		"1\t8\t<s>Someone</s> said nothing.\tREJECT\tpast\n")
	f.Add("marked_sentence\tgold_root\n<t>a</t><s>b</s>\tX\n<s><t>nested</t></s>\tY\n<s>unclosed\tZ\n")
	f.Fuzz(func(t *testing.T, text string) {
		pairs, _, err := ReadPairs("fuzz.tsv", strings.NewReader(text))
		if err != nil {
			return
		}
		for _, p := range pairs {
			n := utf8.RuneCountInString(p.Text)
			for _, s := range []dyad.Span{p.Source, p.Target} {
				if s[0] < 0 || s[1] > n || s[0] > s[1] {
					t.Fatalf("pair %+v: span %v outside its text of %d characters", p, s, n)
				}
			}
		}
	})
}
