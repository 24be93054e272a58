package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/internal/skipnote"
	"github.com/dyad-events/dyad/ontology"
)

var update = flag.Bool("update", false, "rewrite testdata/fixture.golden from the generator's output")

// fixtureOptions are the inputs of the fixture in testdata: a tiny WordNet
// in the data-file format, a hand-written lexicon, the light-verb list and
// a stop list, all written for these tests.
func fixtureOptions(t *testing.T) Options {
	t.Helper()
	f, err := os.Open("testdata/stoplist.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stop, err := readStopList("testdata/stoplist.txt", f)
	if err != nil {
		t.Fatal(err)
	}
	return Options{WordNet: "testdata/dict", Lexicon: "testdata/lexicon", Frames: "testdata/nouns.txt", Stop: stop}
}

// derivedLines returns the "CODE PATTERN" lines of a generated lexicon,
// without comments.
func derivedLines(text string) map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if f := strings.Fields(line); len(f) > 0 {
			out[strings.Join(f, " ")] = true
		}
	}
	return out
}

func TestGeneratorOnTheFixtureWritesTheGoldenFile(t *testing.T) {
	var buf bytes.Buffer
	if _, err := generate(context.Background(), fixtureOptions(t), &buf); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "fixture.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("output differs from %s (run go test -update and read the diff):\n%s", golden, buf.String())
	}
}

func TestDerivations(t *testing.T) {
	var buf bytes.Buffer
	if _, err := generate(context.Background(), fixtureOptions(t), &buf); err != nil {
		t.Fatal(err)
	}
	got := derivedLines(buf.String())
	tests := []struct {
		name string
		line string
		want bool
	}{
		{"a verb's direct object becomes the event noun's of/on/against phrase", "192 n:invasion of|on|against TARGET", true},
		{"a bare verb gives a bare event noun", "192 n:invasion", true},
		{"a preposition of the verb stays on the noun", "046 n:negotiation with TARGET", true},
		{"an agent noun (noun.person) is not an event", "192 n:invader", false},
		{"a derivation from another word of the synset is not followed", "192 n:occupation", false},
		{"a noun the hand-written lexicon has is left to it", "111 n:condemnation", false},
		{"an object followed by more words has no nominal form", "112 n:accusation of|against TARGET of", false},
		{"a reflexive object has no nominal form", "183 n:blowup himself|herself|themselves", false},
		{"a gerund is left to the verb's patterns", "046 n:talking with TARGET", false},
		{"a light verb gives no noun", "040 n:holding talk with TARGET", false},
		{"a noun on the stop list is not written", "090 n:examination", false},
		{"a synonym whose main sense is the shared one is added", "111 excoriate", true},
		{"a synonym takes the verb's patterns", "070 assist TARGET", true},
		{"a common synonym more common than the verb is left out", "070 help TARGET", false},
		{"a synonym whose main sense is another is left out", "192 occupy TARGET", false},
		{"a synonym that is only a rare sense of its word is left out", "111 knock", false},
		{"a phrasal synonym of a one-word verb is left out", "046 talk_terms with TARGET", false},
		{"a synonym on the stop list is not written", "111 decry", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got[tt.line] != tt.want {
				t.Errorf("line %q present = %v, want %v; output:\n%s", tt.line, got[tt.line], tt.want, buf.String())
			}
		})
	}
	// Nothing else: every line the fixture yields is listed above.
	var want int
	for _, tt := range tests {
		if tt.want {
			want++
		}
	}
	if len(got) != want {
		t.Errorf("the fixture yields %d lines, want the %d above:\n%s", len(got), want, buf.String())
	}
}

func TestReadWordNetNamesTheBadLine(t *testing.T) {
	tests := []struct {
		name, file, text, want string
	}{
		{"a word count the line does not hold", "data.verb", "00000001 33 v 03 invade 0 001 | gloss\n", "data.verb:1"},
		{"a pointer with a bad source/target field", "data.verb", "  header\n00000001 33 v 01 invade 0 001 + 00000101 n 01x1 | gloss\n", "data.verb:2"},
		{"an index line naming a synset that does not exist", "index.verb", "invade v 1 1 + 1 1 00000042\n", "index.verb:1"},
		{"a tag count that is not a number", "cntlist.rev", "invade%2:33:00:: 1 many\n", "cntlist.rev:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range []string{"data.noun", "data.verb", "index.noun", "index.verb", "cntlist.rev"} {
				src, err := os.ReadFile(filepath.Join("testdata", "dict", f))
				if err != nil {
					t.Fatal(err)
				}
				if f == tt.file {
					src = []byte(tt.text)
				}
				if err := os.WriteFile(filepath.Join(dir, f), src, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := ReadWordNet(context.Background(), dir)
			if err == nil || !strings.Contains(err.Error(), tt.want+":") {
				t.Fatalf("error = %v, want one naming %s", err, tt.want)
			}
		})
	}
}

func TestStopListEntriesSayWhy(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"an entry without a reason", "noun hit\n", "stop.txt:1"},
		{"an unknown kind", "# head\nadverb soon # no\n", "stop.txt:2"},
		{"an entry listed twice", "noun hit # a\nnoun hit # b\n", "stop.txt:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readStopList("stop.txt", strings.NewReader(tt.text))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want+":") {
				t.Fatalf("error = %v, want one starting %s", err, tt.want)
			}
		})
	}
	if _, err := readStopList("stoplist.txt", strings.NewReader(stopListText)); err != nil {
		t.Errorf("the shipped stop list: %v", err)
	}
}

// The shipped file is exactly what the generator writes from Debian's
// WordNet 3.0 and the hand-written lexicon: anyone can check and redo it.
func TestShippedFileIsWhatTheGeneratorWrites(t *testing.T) {
	const dict = "/usr/share/wordnet"
	if _, err := os.Stat(filepath.Join(dict, "data.verb")); err != nil {
		if os.Getenv("DYAD_REQUIRE_WORDNET") != "" {
			t.Fatalf("%s: %v, but DYAD_REQUIRE_WORDNET is set: the reproducibility check must run", dict, err)
		}
		skipnote.Skip(t, "WordNet 3.0", dict+" is missing (apt-get install wordnet-base)")
	}
	stop, err := readStopList("stoplist.txt", strings.NewReader(stopListText))
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{WordNet: dict, Lexicon: "../../data", Frames: "../../../frames/data/nouns.txt", Stop: stop}
	var buf bytes.Buffer
	if _, err := generate(context.Background(), opt, &buf); err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile(filepath.Join("../../data", derivedFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), shipped) {
		t.Errorf("coding/data/%s is not what the generator writes: run go run ./coding/internal/wordnetgen from the repository root", derivedFile)
	}
}

// Derived lines never share a head with the hand-written lexicon, so the
// coder's choice among a head's patterns is never changed by them, and
// every derived line loads.
func TestShippedFileAddsOnlyNewHeads(t *testing.T) {
	tab := ontology.Default()
	files, err := lexiconFiles("../../data")
	if err != nil {
		t.Fatal(err)
	}
	hand, err := readHandLexicon(context.Background(), files, tab)
	if err != nil {
		t.Fatal(err)
	}
	derived, err := readHandLexicon(context.Background(), []string{filepath.Join("../../data", derivedFile)}, tab)
	if err != nil {
		t.Fatalf("the derived file does not load: %v", err)
	}
	if len(derived.patterns) == 0 {
		t.Fatal("the derived file has no patterns")
	}
	for _, p := range derived.patterns {
		head, _, _ := strings.Cut(p.Head, "_")
		if (p.Noun && hand.nounHeads[head]) || (!p.Noun && hand.verbHeads[head]) {
			t.Errorf("%s: head %q is in the hand-written lexicon", p.Where, p.Head)
		}
	}
	if _, warnings, err := coding.DefaultLexicon(tab); err != nil || len(warnings) > 0 {
		t.Errorf("the embedded lexicon loads with error %v, warnings %v", err, warnings)
	}
}
