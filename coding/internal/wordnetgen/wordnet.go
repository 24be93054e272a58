package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// POS is a WordNet part of speech as the data files write it.
type POS byte

const (
	Noun POS = 'n'
	Verb POS = 'v'
)

// ssType is the synset-type digit of a sense key (lemma%ss_type:…).
var ssType = map[POS]int{Noun: 1, Verb: 2}

// Synset is one synset of data.noun or data.verb.
type Synset struct {
	Offset  string // 8-digit byte offset in its data file: the synset's id
	POS     POS
	LexFile int // lexicographer file number (see lexFiles)
	Words   []Word
	Ptrs    []Pointer
	Gloss   string
}

// Word is one member of a synset.
type Word struct {
	Lemma string // lower case, "_" between the words of a collocation
	LexID int    // tells apart senses of one lemma in one lexicographer file
}

// Pointer is one relation from a synset (or one of its words) to another.
type Pointer struct {
	Symbol string // "+" derivationally related form, "@" hypernym, …
	Offset string
	POS    POS
	Src    int // 1-based word number in this synset; 0 for the whole synset
	Dst    int // 1-based word number in the target synset; 0 for the whole synset
}

// WordNet is the part of a WordNet 3.0 database dyad reads: noun and verb
// synsets, the sense order of each lemma, and the tag counts of cntlist.rev.
type WordNet struct {
	synsets map[string]*Synset   // by POS and offset: "v01126378"
	senses  map[string][]*Synset // by POS and lemma, in sense-rank order: "v:invade"
	tags    map[string]int       // tag count by sense key
}

// ReadWordNet reads index.{noun,verb}, data.{noun,verb} and cntlist.rev
// from a WordNet dict folder (Debian: /usr/share/wordnet).
func ReadWordNet(ctx context.Context, dir string) (*WordNet, error) {
	wn := &WordNet{synsets: map[string]*Synset{}, senses: map[string][]*Synset{}, tags: map[string]int{}}
	for _, p := range []struct {
		pos  POS
		name string
	}{{Noun, "noun"}, {Verb, "verb"}} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := eachLine(filepath.Join(dir, "data."+p.name), wn.readSynset(p.pos)); err != nil {
			return nil, err
		}
		if err := eachLine(filepath.Join(dir, "index."+p.name), wn.readIndex(p.pos)); err != nil {
			return nil, err
		}
	}
	if err := eachLine(filepath.Join(dir, "cntlist.rev"), wn.readCount); err != nil {
		return nil, err
	}
	return wn, nil
}

// eachLine calls f on every line of a file that is not part of the
// licence header (those lines start with a space), naming file and line in
// any error.
func eachLine(path string, f func(line string) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue
		}
		if err := f(line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readSynset parses one data-file line:
//
//	offset lex_filenum ss_type w_cnt word lex_id … p_cnt ptr… [frames] | gloss
func (wn *WordNet) readSynset(pos POS) func(string) error {
	return func(line string) error {
		body, gloss, _ := strings.Cut(line, " | ")
		f := strings.Fields(body)
		if len(f) < 4 {
			return fmt.Errorf("short synset line")
		}
		s := &Synset{Offset: f[0], POS: pos, Gloss: strings.TrimSpace(gloss)}
		var err error
		if s.LexFile, err = strconv.Atoi(f[1]); err != nil {
			return fmt.Errorf("lex_filenum %q: %w", f[1], err)
		}
		wcnt, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return fmt.Errorf("w_cnt %q: %w", f[3], err)
		}
		i := 4
		for w := 0; w < int(wcnt); w++ {
			if i+1 >= len(f) {
				return fmt.Errorf("synset %s: %d words announced, line ends", s.Offset, wcnt)
			}
			lexID, err := strconv.ParseInt(f[i+1], 16, 32)
			if err != nil {
				return fmt.Errorf("synset %s: lex_id %q: %w", s.Offset, f[i+1], err)
			}
			s.Words = append(s.Words, Word{Lemma: strings.ToLower(f[i]), LexID: int(lexID)})
			i += 2
		}
		if i >= len(f) {
			return fmt.Errorf("synset %s: no pointer count", s.Offset)
		}
		pcnt, err := strconv.Atoi(f[i])
		if err != nil {
			return fmt.Errorf("synset %s: p_cnt %q: %w", s.Offset, f[i], err)
		}
		i++
		for p := 0; p < pcnt; p++ {
			if i+3 >= len(f) || len(f[i+3]) != 4 {
				return fmt.Errorf("synset %s: pointer %d is malformed", s.Offset, p+1)
			}
			src, err1 := strconv.ParseInt(f[i+3][:2], 16, 32)
			dst, err2 := strconv.ParseInt(f[i+3][2:], 16, 32)
			if err1 != nil || err2 != nil || len(f[i+2]) != 1 {
				return fmt.Errorf("synset %s: pointer %d is malformed", s.Offset, p+1)
			}
			s.Ptrs = append(s.Ptrs, Pointer{Symbol: f[i], Offset: f[i+1], POS: POS(f[i+2][0]), Src: int(src), Dst: int(dst)})
			i += 4
		}
		wn.synsets[string(pos)+s.Offset] = s
		return nil
	}
}

// readIndex parses one index-file line; its synset offsets are in sense
// rank order (most frequent sense first):
//
//	lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt offset…
func (wn *WordNet) readIndex(pos POS) func(string) error {
	return func(line string) error {
		f := strings.Fields(line)
		if len(f) < 4 {
			return fmt.Errorf("short index line")
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("synset_cnt %q: %w", f[2], err)
		}
		if len(f) < n {
			return fmt.Errorf("%s: %d synsets announced, line ends", f[0], n)
		}
		var out []*Synset
		for _, off := range f[len(f)-n:] {
			s := wn.synsets[string(pos)+off]
			if s == nil {
				return fmt.Errorf("%s: synset %s is not in the data file", f[0], off)
			}
			out = append(out, s)
		}
		wn.senses[string(pos)+":"+f[0]] = out
		return nil
	}
}

// readCount parses one cntlist.rev line: "sense_key sense_number tag_cnt".
func (wn *WordNet) readCount(line string) error {
	f := strings.Fields(line)
	if len(f) != 3 {
		return fmt.Errorf("want 3 fields, got %d", len(f))
	}
	n, err := strconv.Atoi(f[2])
	if err != nil {
		return fmt.Errorf("tag count %q: %w", f[2], err)
	}
	wn.tags[f[0]] = n
	return nil
}

// Senses returns the synsets of a lemma, most frequent sense first.
func (wn *WordNet) Senses(pos POS, lemma string) []*Synset {
	return wn.senses[string(pos)+":"+lemma]
}

// Synset returns the synset a pointer leads to.
func (wn *WordNet) Synset(pos POS, offset string) *Synset {
	return wn.synsets[string(pos)+offset]
}

// Rank is the sense number of lemma in synset s (1 = most frequent), or 0
// when s is not a sense of the lemma.
func (wn *WordNet) Rank(lemma string, s *Synset) int {
	for i, x := range wn.Senses(s.POS, lemma) {
		if x == s {
			return i + 1
		}
	}
	return 0
}

// TagCount is how often lemma was tagged with the sense s in the semantic
// concordances (cntlist.rev), 0 when never.
func (wn *WordNet) TagCount(lemma string, s *Synset) int {
	for _, w := range s.Words {
		if w.Lemma == lemma {
			key := fmt.Sprintf("%s%%%d:%02d:%02d::", lemma, ssType[s.POS], s.LexFile, w.LexID)
			return wn.tags[key]
		}
	}
	return 0
}

// TotalTagCount is the sum of the tag counts of all senses of a lemma.
func (wn *WordNet) TotalTagCount(pos POS, lemma string) int {
	n := 0
	for _, s := range wn.Senses(pos, lemma) {
		n += wn.TagCount(lemma, s)
	}
	return n
}

// wordIndex is the 1-based position of lemma among the words of s, or 0.
func (s *Synset) wordIndex(lemma string) int {
	for i, w := range s.Words {
		if w.Lemma == lemma {
			return i + 1
		}
	}
	return 0
}

// lexFiles names the lexicographer files of nouns (3–28) and verbs (29–43).
var lexFiles = map[int]string{
	3: "noun.Tops", 4: "noun.act", 5: "noun.animal", 6: "noun.artifact", 7: "noun.attribute", 8: "noun.body",
	9: "noun.cognition", 10: "noun.communication", 11: "noun.event", 12: "noun.feeling", 13: "noun.food",
	14: "noun.group", 15: "noun.location", 16: "noun.motive", 17: "noun.object", 18: "noun.person",
	19: "noun.phenomenon", 20: "noun.plant", 21: "noun.possession", 22: "noun.process", 23: "noun.quantity",
	24: "noun.relation", 25: "noun.shape", 26: "noun.state", 27: "noun.substance", 28: "noun.time",
	29: "verb.body", 30: "verb.change", 31: "verb.cognition", 32: "verb.communication", 33: "verb.competition",
	34: "verb.consumption", 35: "verb.contact", 36: "verb.creation", 37: "verb.emotion", 38: "verb.motion",
	39: "verb.perception", 40: "verb.possession", 41: "verb.social", 42: "verb.stative", 43: "verb.weather",
}

// lexFileNumber is the inverse of lexFiles.
func lexFileNumber(name string) (int, bool) {
	for n, s := range lexFiles {
		if s == name {
			return n, true
		}
	}
	return 0, false
}
