package syntax

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/dyad-events/dyad"
)

// Named-entity recognition: an averaged perceptron tags each word with BIO
// tags (B-PER, I-PER, B-LOC, …, O) from left to right, over the tagger's
// word features plus the words' UPOS and dependency relations, and never
// lets I-X follow anything but B-X or I-X.

// Entity is a named entity found in a sentence.
type Entity struct {
	Type       string // PER, LOC or ORG
	Start, End int    // token range [Start, End)
}

// NERSentence is one sentence of an IOB2 file: words and their BIO tags.
type NERSentence struct {
	Words []string
	Tags  []string
}

// NER is a trained named-entity recogniser. Safe for concurrent use.
type NER struct {
	classes []string // BIO tags; class 0 is "O"
	w       *weights
	pool    sync.Pool // *nerScratch
}

type nerScratch struct {
	tc     tagContext
	upos   []uint64
	rel    []uint64 // hash of DEPREL + the head's UPOS, when parsed
	feats  []uint64
	scores []int32
	sb     scoreBuf
}

const nerMagic = "dyad-ner-1\n"

//go:embed model/en_ner.model.gz
var embeddedNER []byte

var defaultNER = sync.OnceValues(func() (*NER, error) {
	n, err := LoadNER(bytes.NewReader(embeddedNER))
	if err != nil {
		return nil, fmt.Errorf("loading embedded NER model: %w", err)
	}
	return n, nil
})

// DefaultNER returns the embedded recogniser (PER, LOC, ORG; trained on
// UNER English EWT), loaded once per process.
func DefaultNER() (*NER, error) { return defaultNER() }

// ReadIOB2 reads a Universal NER file (ID, word, BIO tag, …, tab-separated,
// comment lines starting with '#'). Tags of types other than PER, LOC and
// ORG are read as O.
func ReadIOB2(ctx context.Context, r io.Reader) ([]NERSentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []NERSentence
	var cur NERSentence
	lineNo := 0
	for sc.Scan() {
		lineNo++
		if lineNo%10000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("reading IOB2: %w", err)
			}
		}
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			if len(cur.Words) > 0 {
				out = append(out, cur)
			}
			cur = NERSentence{}
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			return nil, fmt.Errorf("IOB2 line %d: want at least 3 tab-separated columns, got %d", lineNo, len(cols))
		}
		cur.Words = append(cur.Words, cols[1])
		cur.Tags = append(cur.Tags, normNERTag(cols[2]))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading IOB2 line %d: %w", lineNo+1, err)
	}
	if len(cur.Words) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

func normNERTag(t string) string {
	switch t {
	case "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG":
		return t
	}
	return "O"
}

// Feature templates of the recogniser.
const (
	nBias = iota + 300
	nWord
	nForm
	nSuf2
	nSuf3
	nSuf4
	nPre2
	nPre3
	nShape
	nFirstCap
	nWordM1
	nWordP1
	nWordM2
	nWordP2
	nFormM1
	nFormP1
	nShapeM1
	nShapeP1
	nUPOS
	nUPOSM1
	nUPOSP1
	nPrev
	nPrev2
	nPrevWord
	nPrevShape
	nPrevUPOS
	nTitle
	nBigramM1
	nBigramP1
	nCapCtx
	nSufM1
	nSufP1
	nRel
	nRelWord
	nRelShape
)

func (s *nerScratch) reset(words []string, upos []string, rel []uint64) {
	s.tc.reset(words, nil)
	s.upos = s.upos[:0]
	s.rel = s.rel[:0]
	for i := range words {
		u := ""
		if i < len(upos) {
			u = upos[i]
		}
		s.upos = append(s.upos, hashString(u))
		var r uint64
		if i < len(rel) {
			r = rel[i]
		}
		s.rel = append(s.rel, r)
	}
}

// relations returns, per token, the hash of its DEPREL and its head's
// UPOS (zero for tokens without a parse).
func relations(tokens []dyad.Token) []uint64 {
	out := make([]uint64, len(tokens))
	for i, t := range tokens {
		if t.Deprel == "" {
			continue
		}
		hu := "ROOT"
		if t.Head >= 0 && t.Head < len(tokens) {
			hu = tokens[t.Head].UPOS
		}
		out[i] = hashString(t.Deprel + "/" + hu)
	}
	return out
}

func (s *nerScratch) features(dst []uint64, i, prev, prev2 int) []uint64 {
	in := s.tc.info
	t := &in[i]
	get := func(j int) (norm, form, shape, upos uint64) {
		if j < 0 {
			return hStart, hStart, hStart, hStart
		}
		if j >= len(in) {
			return hEnd, hEnd, hEnd, hEnd
		}
		return in[j].norm, in[j].form, in[j].shape, s.upos[j]
	}
	wm1, fm1, shm1, um1 := get(i - 1)
	wp1, fp1, shp1, up1 := get(i + 1)
	wm2, _, _, _ := get(i - 2)
	wp2, _, _, _ := get(i + 2)
	u := s.upos[i]
	p1, p2 := uint64(prev+2), uint64(prev2+2)
	first := b2u(i == 0) | b2u(t.upper)<<1
	return append(dst,
		feat1(nBias, 0),
		feat1(nWord, t.norm),
		feat1(nForm, t.form),
		feat1(nSuf2, t.suf[1]),
		feat1(nSuf3, t.suf[2]),
		feat1(nSuf4, t.suf[3]),
		feat1(nPre2, t.pre[1]),
		feat1(nPre3, t.pre[2]),
		feat1(nShape, t.shape),
		feat2(nFirstCap, first, t.shape),
		feat1(nWordM1, wm1),
		feat1(nWordP1, wp1),
		feat1(nWordM2, wm2),
		feat1(nWordP2, wp2),
		feat1(nFormM1, fm1),
		feat1(nFormP1, fp1),
		feat2(nShapeM1, shm1, t.shape),
		feat2(nShapeP1, t.shape, shp1),
		feat1(nUPOS, u),
		feat2(nUPOSM1, um1, u),
		feat2(nUPOSP1, u, up1),
		feat1(nPrev, p1),
		feat2(nPrev2, p1, p2),
		feat2(nPrevWord, p1, t.norm),
		feat2(nPrevShape, p1, t.shape),
		feat2(nPrevUPOS, p1, u),
		feat2(nTitle, s.tc.title, first),
		feat2(nBigramM1, wm1, t.norm),
		feat2(nBigramP1, t.norm, wp1),
		feat3(nCapCtx, capAt(in, i-1), first, capAt(in, i+1)),
		feat1(nSufM1, sufAt(in, i-1)),
		feat1(nSufP1, sufAt(in, i+1)),
		feat1(nRel, s.rel[i]),
		feat2(nRelWord, s.rel[i], t.norm),
		feat2(nRelShape, s.rel[i], t.shape),
	)
}

// allowed reports whether class c may follow class prev under BIO.
func (n *NER) allowed(prev, c int) bool {
	t := n.classes[c]
	if !strings.HasPrefix(t, "I-") {
		return true
	}
	if prev < 0 {
		return false
	}
	p := n.classes[prev]
	return len(p) > 2 && p[2:] == t[2:]
}

// bestAllowed returns the best class that may follow prev.
func bestAllowed[T int32 | float32](n *NER, prev int, scores []T) int {
	best := 0 // "O" is always allowed
	for c, s := range scores {
		if s > scores[best] && n.allowed(prev, c) {
			best = c
		}
	}
	return best
}

// Recognize returns the named entities of a sentence. It uses the tokens'
// Text and, when filled (by Model.Annotate), their UPOS, heads and
// relations.
func (n *NER) Recognize(tokens []dyad.Token) []Entity {
	if len(tokens) == 0 {
		return nil
	}
	s, ok := n.pool.Get().(*nerScratch)
	if !ok {
		s = &nerScratch{}
	}
	defer n.pool.Put(s)
	words := make([]string, len(tokens))
	upos := make([]string, len(tokens))
	for i, t := range tokens {
		words[i], upos[i] = t.Text, t.UPOS
	}
	return entities(n.classes, n.tag(s, words, upos, relations(tokens)))
}

func (n *NER) tag(s *nerScratch, words, upos []string, rel []uint64) []int {
	s.reset(words, upos, rel)
	if cap(s.scores) < len(n.classes) {
		s.scores = make([]int32, len(n.classes))
	}
	scores := s.scores[:len(n.classes)]
	out := make([]int, len(words))
	p1, p2 := -1, -1
	for i := range words {
		s.feats = s.features(s.feats[:0], i, p1, p2)
		n.w.score(s.feats, scores, &s.sb)
		c := bestAllowed(n, p1, scores)
		out[i] = c
		p2, p1 = p1, c
	}
	return out
}

// entities turns BIO classes into spans.
func entities(classes []string, tags []int) []Entity {
	var out []Entity
	for i := 0; i < len(tags); i++ {
		t := classes[tags[i]]
		if t == "O" {
			continue
		}
		typ := t[2:]
		j := i + 1
		for j < len(tags) && classes[tags[j]] == "I-"+typ {
			j++
		}
		out = append(out, Entity{Type: typ, Start: i, End: j})
		i = j - 1
	}
	return out
}

// NERScores are entity-level precision, recall and F1 in percent: an
// entity counts only with its exact span and type.
type NERScores struct {
	Gold, Predicted, Correct int
	Precision, Recall, F1    float64
}

func (s NERScores) String() string {
	return fmt.Sprintf("entities gold %d predicted %d correct %d P %.2f R %.2f F1 %.2f",
		s.Gold, s.Predicted, s.Correct, s.Precision, s.Recall, s.F1)
}

// EvaluateNER scores predicted entities against gold, sentence by
// sentence.
func EvaluateNER(gold, predicted [][]Entity) NERScores {
	var sc NERScores
	for i, g := range gold {
		sc.Gold += len(g)
		if i >= len(predicted) {
			continue
		}
		sc.Predicted += len(predicted[i])
		set := map[Entity]bool{}
		for _, e := range g {
			set[e] = true
		}
		for _, e := range predicted[i] {
			if set[e] {
				sc.Correct++
			}
		}
	}
	if sc.Predicted > 0 {
		sc.Precision = 100 * float64(sc.Correct) / float64(sc.Predicted)
	}
	if sc.Gold > 0 {
		sc.Recall = 100 * float64(sc.Correct) / float64(sc.Gold)
	}
	if sc.Precision+sc.Recall > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
	return sc
}

// GoldEntities returns the entities of an IOB2 sentence.
func (s NERSentence) GoldEntities() []Entity {
	classes := []string{"O"}
	idx := map[string]int{"O": 0}
	tags := make([]int, len(s.Tags))
	for i, t := range s.Tags {
		c, ok := idx[t]
		if !ok {
			c = len(classes)
			idx[t] = c
			classes = append(classes, t)
		}
		tags[i] = c
	}
	return entities(classes, tags)
}

// TrainNER trains a recogniser on IOB2 sentences. tagger (may be nil)
// supplies the UPOS and dependency features, as it will when recognising.
func TrainNER(ctx context.Context, sents []NERSentence, tagger *Model, iterations int, log io.Writer) (*NER, error) {
	if iterations <= 0 {
		iterations = 10
	}
	if log == nil {
		log = io.Discard
	}
	n := &NER{classes: []string{"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"}}
	cls := map[string]int{}
	for i, c := range n.classes {
		cls[c] = i
	}
	upos := make([][]string, len(sents))
	rels := make([][]uint64, len(sents))
	if tagger != nil {
		for i, s := range sents {
			toks := make([]dyad.Token, len(s.Words))
			for j, w := range s.Words {
				toks[j].Text = w
			}
			tagger.Annotate(toks)
			for _, t := range toks {
				upos[i] = append(upos[i], t.UPOS)
			}
			rels[i] = relations(toks)
		}
	}
	if err := checkClasses(len(n.classes), "NER"); err != nil {
		return nil, err
	}
	t := newTrainer(len(n.classes))
	rng := rand.New(rand.NewPCG(1, 0x4e52))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	s := &nerScratch{}
	scores := make([]float32, len(n.classes))
	for it := range iterations {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for k, si := range order {
			if k%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("training NER: %w", err)
				}
			}
			sent := sents[si]
			s.reset(sent.Words, upos[si], rels[si])
			p1, p2 := -1, -1
			for i := range sent.Words {
				g := cls[sent.Tags[i]]
				s.feats = s.features(s.feats[:0], i, p1, p2)
				t.score(s.feats, scores)
				pred := bestAllowed(n, p1, scores)
				t.tick()
				if pred != g {
					t.update(s.feats, g, 1)
					t.update(s.feats, pred, -1)
				}
				p2, p1 = p1, pred
			}
		}
		fmt.Fprintf(log, "NER iteration %d: %d features\n", it+1, len(t.keys))
	}
	n.w = t.average(0.05)
	return n, nil
}

// Save writes the recogniser in its gzip-compressed binary format.
func (n *NER) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("saving NER model: %w", err)
	}
	e := &encoder{w: bufio.NewWriterSize(zw, 1<<16)}
	e.str(nerMagic)
	e.strs(n.classes)
	e.weights(n.w)
	if e.err == nil {
		e.err = e.w.Flush()
	}
	if e.err == nil {
		e.err = zw.Close()
	}
	if e.err != nil {
		return fmt.Errorf("saving NER model: %w", e.err)
	}
	return nil
}

// LoadNER reads a recogniser written by Save.
func LoadNER(r io.Reader) (*NER, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("loading NER model: %w", err)
	}
	defer zr.Close()
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("loading NER model: %w", err)
	}
	d := &decoder{b: raw}
	if magic := d.str(); d.err == nil && magic != nerMagic {
		return nil, fmt.Errorf("loading NER model: %w: bad header %q", errFormat, magic)
	}
	n := &NER{classes: d.strs()}
	n.w = d.weights()
	if d.err != nil {
		return nil, fmt.Errorf("loading NER model: %w", d.err)
	}
	if len(n.classes) == 0 || n.classes[0] != "O" || n.w == nil || n.w.nClass != len(n.classes) {
		return nil, errors.New("loading NER model: malformed classes")
	}
	for _, c := range n.classes[1:] {
		if !strings.HasPrefix(c, "B-") && !strings.HasPrefix(c, "I-") {
			return nil, fmt.Errorf("loading NER model: bad class %q", c)
		}
	}
	return n, nil
}

func capAt(in []tokInfo, j int) uint64 {
	if j < 0 || j >= len(in) {
		return 2
	}
	return b2u(in[j].upper)
}

func sufAt(in []tokInfo, j int) uint64 {
	if j < 0 || j >= len(in) {
		return hNone
	}
	return in[j].suf[2]
}
