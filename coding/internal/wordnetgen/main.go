// Command wordnetgen derives coding/data/verbs-wordnet.txt, dyad's
// WordNet-derived lexicon, from WordNet 3.0 and dyad's hand-written verb
// lexicon. It writes two kinds of line: the event nouns of lexicon verbs,
// found through WordNet's derivationally-related-form pointers
// ("invade" → "n:invasion of|on|against TARGET"), and synonyms of lexicon
// verbs in the sense their CAMEO code uses, where that sense is the
// synonym's own main sense. Derived lines never add a pattern to a head
// the hand-written lexicon has, so hand-written lines always decide.
// docs/wordnet.md explains the rules and the licence.
//
// Run from the repository root (Debian's wordnet-base installs WordNet in
// /usr/share/wordnet):
//
//	go run ./coding/internal/wordnetgen
//	go run ./coding/internal/wordnetgen -report /tmp/wordnet-report.txt
package main

import (
	"bufio"
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/ontology"
)

//go:embed stoplist.txt
var stopListText string

// Options are the generator's inputs and output.
type Options struct {
	WordNet string // WordNet dict folder
	Lexicon string // folder of the hand-written verbs*.txt files
	Frames  string // frames/data/nouns.txt, for the light-verb list
	Out     string // where to write the derived lexicon ("-": standard output)
	Stop    *stopList
}

func main() {
	opt := Options{}
	flag.StringVar(&opt.WordNet, "wordnet", "/usr/share/wordnet", "WordNet 3.0 dict `folder` (data.verb, index.verb, cntlist.rev, …)")
	flag.StringVar(&opt.Lexicon, "lexicon", "coding/data", "`folder` of dyad's hand-written verbs*.txt")
	flag.StringVar(&opt.Frames, "frames", "frames/data/nouns.txt", "the frames stage's noun lists (for the light verbs)")
	flag.StringVar(&opt.Out, "out", "coding/data/"+derivedFile, "derived lexicon `file` to write (- for standard output)")
	report := flag.String("report", "", "also write every derivation that was dropped, with the reason, to `file`")
	flag.Parse()
	if err := run(context.Background(), opt, *report); err != nil {
		fmt.Fprintln(os.Stderr, "wordnetgen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, opt Options, report string) error {
	stop, err := readStopList("stoplist.txt", strings.NewReader(stopListText))
	if err != nil {
		return err
	}
	opt.Stop = stop
	var buf strings.Builder
	g, err := generate(ctx, opt, &buf)
	if err != nil {
		return err
	}
	if opt.Out == "-" {
		_, err = io.WriteString(os.Stdout, buf.String())
	} else {
		err = os.WriteFile(opt.Out, []byte(buf.String()), 0o644)
	}
	if err != nil {
		return err
	}
	if report != "" {
		return writeReport(report, g.rejected)
	}
	return nil
}

// generate reads the inputs and writes the derived lexicon to w.
func generate(ctx context.Context, opt Options, w io.Writer) (*Generator, error) {
	tab := ontology.Default()
	files, err := lexiconFiles(opt.Lexicon)
	if err != nil {
		return nil, err
	}
	lex, err := readHandLexicon(ctx, files, tab)
	if err != nil {
		return nil, err
	}
	light, err := readLightVerbs(opt.Frames)
	if err != nil {
		return nil, err
	}
	wn, err := ReadWordNet(ctx, opt.WordNet)
	if err != nil {
		return nil, err
	}
	g := &Generator{WN: wn, Lex: lex, Light: light, Stop: opt.Stop}
	lines := g.Generate()
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	return g, writeLexicon(w, lines, names)
}

// writeLexicon writes the derived lines in dyad's lexicon format, each
// with a comment naming its source pattern and WordNet path.
func writeLexicon(w io.Writer, lines []Line, sources []string) error {
	bw := bufio.NewWriter(w)
	counts := map[string]int{}
	heads := map[string]map[string]bool{}
	for _, l := range lines {
		counts[l.Kind]++
		if heads[l.Kind] == nil {
			heads[l.Kind] = map[string]bool{}
		}
		heads[l.Kind][l.Head] = true
	}
	fmt.Fprintf(bw, `# dyad verb lexicon derived from WordNet 3.0: DO NOT EDIT.
# Written by "go run ./coding/internal/wordnetgen" from WordNet 3.0
# (Debian's wordnet-base) and %s.
# To change it, edit the hand-written lexicon or the generator's stop list
# (coding/internal/wordnetgen/stoplist.txt) and run the generator again.
# How lines are derived: docs/wordnet.md. Format: docs/verbs-format.md.
# No line here has a head the hand-written files have, so those decide.
#
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Used under the WordNet 3.0 licence (permission to use, copy, modify and
# distribute for any purpose without fee, with this notice; provided "as
# is", without warranty). See NOTICE.md.
#
# event nouns: %d lines, %d nouns; synonyms: %d lines, %d verbs.
`, strings.Join(sources, ", "), counts[kindNoun], len(heads[kindNoun]), counts[kindSynonym], len(heads[kindSynonym]))
	kind := ""
	for _, l := range lines {
		if l.Kind != kind {
			kind = l.Kind
			fmt.Fprintf(bw, "\n# === %s ===\n", kindTitle[kind])
		}
		from := strings.Join(append([]string{l.From.Head}, l.From.Elems...), " ")
		fmt.Fprintf(bw, "%-5s %-48s # %s: %s\n", l.Code, l.Text(), from, l.Via)
	}
	return bw.Flush()
}

var kindTitle = map[string]string{
	kindNoun:    "event nouns of lexicon verbs (WordNet derivationally related forms)",
	kindSynonym: "synonyms of lexicon verbs (same WordNet synset, the synonym's main sense)",
}

// writeReport lists the dropped derivations, for review of the stop list
// and the filters.
func writeReport(path string, rs []Rejection) error {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Kind != rs[j].Kind {
			return rs[i].Kind < rs[j].Kind
		}
		return rs[i].Head < rs[j].Head
	})
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", r.Kind, r.Head, r.Verb, r.Reason)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
