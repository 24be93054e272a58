package petrarch

import (
	"context"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/ontology"
)

// A verb file with a code that is not CAMEO ("[9a9]", a slip of the
// finger for 919 or 090) used to yield events with the code "9a9". Every
// code is now checked as the file is read: the line is reported, with its
// file and line, and skipped.
func TestUnknownEventCodesAreReportedAndTheirLinesSkipped(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		errors   []string
		patterns int // lexicon patterns made from the file
	}{
		{
			name:   "a pattern with an unknown code is skipped and the others are kept",
			file:   "--- ATTACK [190] ---\nATTACK\n- * (WITH ROCKETS) [9a9]\n- * (WITH ARTILLERY) [194]\n",
			errors: []string{`v.txt:3: unknown CAMEO code "9a9"`},
			// the bare verb and the artillery pattern
			patterns: 2,
		},
		{
			name:     "a verb with an unknown code of its own is skipped",
			file:     "--- ATTACK [190] ---\nATTACK\nSHELL [1944]\n- * (WITH ARTILLERY) [194]\n",
			errors:   []string{`v.txt:3: unknown CAMEO code "1944"`},
			patterns: 2,
		},
		{
			name:   "an unknown back code of a paired event is reported",
			file:   "--- HOST [043:04x] ---\nHOST\n- * {STATE DINNER} [043]\n",
			errors: []string{`v.txt:1: unknown CAMEO code "04x"`},
			// the header's code is unusable, so the bare verb codes
			// nothing; the pattern with its own code still applies
			patterns: 1,
		},
		{
			name:     "a header with an unknown code leaves its verbs without a bare pattern",
			file:     "--- BLAST [+++] ---\nBLAST\nBOMB [195]\n- * MARKET [190]\n",
			errors:   []string{`v.txt:1: unknown CAMEO code "+++"`},
			patterns: 3, // BLAST * MARKET, BOMB, BOMB * MARKET
		},
		{
			name:     "a typo'd marker after a code is not a code",
			file:     "--- BACK [080] ---\nBACK\n- * DOWN (FROM) [080!]\n",
			errors:   []string{`v.txt:3: unknown CAMEO code "080!"`},
			patterns: 1,
		},
		{
			name:     "the null code and real four-digit codes are accepted",
			file:     "--- AGREE [030] ---\nAGREE\n- RELUCTANTLY * [---]\n- * (TO CEASEFIRE) [0356]\n- * (WITH +) [036:036]\n",
			patterns: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, st, errs := ReadVerbs(context.Background(), "v.txt", strings.NewReader(tt.file))
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.errors, "\n") {
				t.Errorf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.errors, "\n"))
			}
			if st.Skipped != len(tt.errors) {
				t.Errorf("Skipped = %d, want %d", st.Skipped, len(tt.errors))
			}
			lex := coding.NewPetrarchLexicon()
			n, errs := v.AddTo(lex)
			if len(errs) > 0 || n != tt.patterns {
				t.Errorf("added %d patterns (errors %v), want %d", n, errs, tt.patterns)
			}
			for _, b := range v.Blocks {
				for _, code := range codesOf(b) {
					if code != "" && !CAMEOCodes(defaultTable)(code) {
						t.Errorf("block %s kept the unknown code %q", b.Name, code)
					}
				}
			}
		})
	}
}

// A test suite may code with codes of its own (PETRARCH's unit-test
// records expect 901, 174L, …): the caller says which.
func TestASuiteMayDeclareItsOwnCodes(t *testing.T) {
	file := "--- RESTORE [064] ---\nRESTORE\n- * DIPLOMATIC TIES [901]\n- * THE FULL [xxy]\n"
	suite := func(code string) bool { return CAMEOCodes(defaultTable)(code) || code == "901" }
	v, _, errs := ReadVerbsWith(context.Background(), "suite.txt", strings.NewReader(file), suite)
	if len(errs) != 1 || errs[0].Error() != `suite.txt:4: unknown CAMEO code "xxy"` {
		t.Errorf("errors %v, want only xxy at line 4", errs)
	}
	if len(v.Blocks) != 1 || len(v.Blocks[0].Patterns) != 1 || v.Blocks[0].Patterns[0].Code != "901" {
		t.Errorf("blocks %+v, want the 901 pattern kept", v.Blocks)
	}
}

func codesOf(b *VerbBlock) []string {
	out := []string{b.Code, b.Reverse}
	for _, vb := range b.Verbs {
		out = append(out, vb.Code, vb.Reverse)
	}
	for _, p := range b.Patterns {
		out = append(out, p.Code, p.Reverse)
	}
	return out
}

var defaultTable = ontology.Default()
