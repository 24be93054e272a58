package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/ontology"
)

// handPattern is one pattern of dyad's hand-written lexicon, as written.
type handPattern struct {
	Code  string
	Head  string   // lemma, with "_particle" for phrasal verbs: "crack_down"
	Noun  bool     // written "n:head"
	Elems []string // the elements after the head, as written
	Where string   // file:line
	Order int      // position in the lexicon, in the coder's load order
}

// handLexicon is the hand-written lexicon the generator derives from.
type handLexicon struct {
	patterns []handPattern
	// verbHeads and nounHeads are the heads the coder indexes patterns by
	// (the lemma without its particle). A derived line never adds a
	// pattern to one of them, so derived lines can never compete with
	// hand-written ones, whatever order the files load in.
	verbHeads, nounHeads map[string]bool
}

// derivedFile is the name of the file the generator writes. It is never
// read as input, wherever the output goes.
const derivedFile = "verbs-wordnet.txt"

// lexiconFiles are the hand-written lexicon files of dir: the files the
// coder loads (verbs*.txt, not the test sentences), without the derived
// file.
func lexiconFiles(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "verbs*.txt"))
	if err != nil {
		return nil, err
	}
	var keep []string
	for _, f := range files {
		b := filepath.Base(f)
		if strings.Contains(b, "test") || b == derivedFile {
			continue
		}
		keep = append(keep, f)
	}
	sort.Strings(keep)
	if len(keep) == 0 {
		return nil, fmt.Errorf("%s: no verbs*.txt lexicon files", dir)
	}
	return keep, nil
}

// readHandLexicon reads lexicon files in dyad's format, checking every line
// with the coder's own pattern parser.
func readHandLexicon(ctx context.Context, files []string, tab *ontology.Table) (*handLexicon, error) {
	lex := &handLexicon{verbHeads: map[string]bool{}, nounHeads: map[string]bool{}}
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := lex.readFile(path, tab); err != nil {
			return nil, err
		}
	}
	return lex, nil
}

func (lex *handLexicon) readFile(path string, tab *ontology.Table) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		where := fmt.Sprintf("%s:%d", filepath.Base(path), n)
		ps, err := coding.ParsePattern(fields[0], strings.Join(fields[1:], " "), tab)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for _, p := range ps {
			head := p.Head
			if p.Particle != "" {
				head += "_" + p.Particle
			}
			if p.Noun {
				lex.nounHeads[p.Head] = true
			} else {
				lex.verbHeads[p.Head] = true
			}
			lex.patterns = append(lex.patterns, handPattern{Code: p.Code, Head: head, Noun: p.Noun, Elems: fields[2:], Where: where, Order: len(lex.patterns)})
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// verbPatterns returns the verb patterns grouped by head, heads sorted.
func (lex *handLexicon) verbPatterns() (heads []string, by map[string][]handPattern) {
	by = map[string][]handPattern{}
	for _, p := range lex.patterns {
		if p.Noun || p.Code == "---" {
			continue
		}
		if _, ok := by[p.Head]; !ok {
			heads = append(heads, p.Head)
		}
		by[p.Head] = append(by[p.Head], p)
	}
	sort.Strings(heads)
	return heads, by
}

// takenVerb reports whether a verb lemma (possibly "head_particle") would
// add patterns to a head the hand-written lexicon has.
func (lex *handLexicon) takenVerb(lemma string) bool {
	head, _, _ := strings.Cut(lemma, "_")
	return lex.verbHeads[head]
}

// readLightVerbs reads the "light:" list of frames/data/nouns.txt: verbs
// whose object names the event ("hold talks", "launch strikes"). Their own
// nouns and synonyms name nothing, so the generator passes them over.
func readLightVerbs(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	light := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		name, words, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(name) == "light" {
			for _, w := range strings.Fields(words) {
				light[w] = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(light) == 0 {
		return nil, fmt.Errorf("%s: no \"light:\" list", path)
	}
	return light, nil
}
