package syntax

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dyad-events/dyad"
)

// modelMagic starts every saved model; the digit is the format version.
const modelMagic = "dyad-syntax-3\n"

// Model is a trained tagger + lemmatiser + parser. Safe for concurrent use.
type Model struct {
	upos, xpos []string // per tagger class
	tagW       *weights
	tagW2      *weights          // second pass, with the first pass's tags as look-ahead; may be nil
	tagDict    map[string]int32  // frequent unambiguous word forms -> class
	amb        map[uint64]uint32 // frequent word hash -> ambiguity class
	lem        *lemmatizer
	parser     *parser // nil for a tagger-only model

	pool sync.Pool // *annotator scratch buffers
}

//go:embed model/en_ewt.model.gz
var embedded []byte

// defaultModel loads the embedded model once per process.
var defaultModel = sync.OnceValues(func() (*Model, error) {
	m, err := Load(bytes.NewReader(embedded))
	if err != nil {
		return nil, fmt.Errorf("loading embedded syntax model: %w", err)
	}
	return m, nil
})

// Default returns the embedded model, loaded once per process.
func Default() (*Model, error) { return defaultModel() }

// annotator holds the scratch space of one Annotate call.
type annotator struct {
	tc      tagContext
	feats   []uint64
	scores  []int32
	forms   []string
	classes []int
	first   []int
	sure    []bool
	pscores []int32
	ps      parseState
	sb      scoreBuf
	key     []byte // lemma lookup keys
}

func (m *Model) getAnnotator() *annotator {
	if a, ok := m.pool.Get().(*annotator); ok {
		return a
	}
	return &annotator{}
}

// Annotate fills UPOS, XPOS, Lemma, Head (index in the slice, -1 for root)
// and Deprel of each token in one sentence; Token.Text is given.
func (m *Model) Annotate(tokens []dyad.Token) {
	if len(tokens) == 0 {
		return
	}
	a := m.getAnnotator()
	defer m.pool.Put(a)
	a.forms = a.forms[:0]
	for _, t := range tokens {
		a.forms = append(a.forms, t.Text)
	}
	a.classes = m.tag(a, a.forms, a.classes[:0])
	for i := range tokens {
		c := a.classes[i]
		tokens[i].UPOS, tokens[i].XPOS = m.upos[c], m.xpos[c]
		tokens[i].Lemma = m.lem.lemmaWith(&a.key, tokens[i].Text, m.xpos[c])
		tokens[i].Head, tokens[i].Deprel = -1, ""
	}
	if m.parser != nil {
		m.parser.parse(a, tokens, a.tc.info, a.classes, m.upos,
			func(i int) bool { return m.upos[a.classes[i]] == "PUNCT" })
	}
}

// tag appends the tagger class of each form to dst.
func (m *Model) tag(a *annotator, forms []string, dst []int) []int {
	a.tc.reset(forms, m.amb)
	if m.tagW2 == nil {
		return m.tagPass(a, m.tagW, forms, dst, nil, nil)
	}
	a.sure = a.sure[:0]
	a.first = m.tagPass(a, m.tagW, forms, a.first[:0], &a.sure, nil)
	a.tc.first = a.first
	return m.tagPass(a, m.tagW2, forms, dst, nil, a.sure)
}

// sureMargin is the lead of the first pass's best tag over the second best
// (in weight units) above which the second pass keeps the first pass's tag
// without scoring the word again. The second pass rarely overturns such
// tags: on EWT dev (with a model trained on train only) the threshold costs
// no accuracy, and it makes tagging and parsing 10-20% faster.
const sureMargin = 20

// tagPass tags left to right with one pass's weights. If record is not
// nil, it receives for each word whether its tag was chosen by a wide
// margin; where keep is true, the first pass's tag is kept unscored.
func (m *Model) tagPass(a *annotator, w *weights, forms []string, dst []int, record *[]bool, keep []bool) []int {
	if cap(a.scores) < len(m.upos) {
		a.scores = make([]int32, len(m.upos))
	}
	scores := a.scores[:len(m.upos)]
	threshold := int32(sureMargin / w.scale)
	p1, p2 := -1, -1
	for i, f := range forms {
		c, ok := m.tagDict[f]
		isSure := ok
		switch {
		case ok:
		case keep != nil && keep[i]:
			c = int32(a.first[i])
		default:
			a.feats = a.tc.features(a.feats[:0], i, p1, p2)
			w.score(a.feats, scores, &a.sb)
			best := argmax(scores)
			c = int32(best)
			if record != nil {
				second := int32(math.MinInt32)
				for j, v := range scores {
					if j != best && v > second {
						second = v
					}
				}
				isSure = scores[best]-second >= threshold
			}
		}
		if record != nil {
			*record = append(*record, isSure)
		}
		dst = append(dst, int(c))
		p2, p1 = p1, int(c)
	}
	return dst
}

// Save writes the model in its gzip-compressed binary format.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("saving syntax model: %w", err)
	}
	e := &encoder{w: bufio.NewWriterSize(zw, 1<<16)}
	e.str(modelMagic)
	e.strs(m.upos)
	e.strs(m.xpos)
	e.weights(m.tagW)
	if m.tagW2 == nil {
		e.uvarint(0)
	} else {
		e.uvarint(1)
		e.weights(m.tagW2)
	}
	dictKeys := make([]string, 0, len(m.tagDict))
	for k := range m.tagDict {
		dictKeys = append(dictKeys, k)
	}
	sort.Strings(dictKeys)
	e.uvarint(uint64(len(dictKeys)))
	for _, k := range dictKeys {
		e.str(k)
		e.uvarint(uint64(m.tagDict[k]))
	}
	ambKeys := make([]uint64, 0, len(m.amb))
	for k := range m.amb {
		ambKeys = append(ambKeys, k)
	}
	slices.Sort(ambKeys)
	e.uvarint(uint64(len(ambKeys)))
	var last uint64
	for _, k := range ambKeys {
		e.uvarint(k - last)
		last = k
		e.uvarint(uint64(m.amb[k]))
	}
	e.strMap(m.lem.lex)
	rules := make(map[string]string, len(m.lem.rules))
	for k, r := range m.lem.rules {
		rules[k] = strconv.Itoa(r.Strip) + " " + r.Add
	}
	e.strMap(rules)
	if m.parser == nil {
		e.uvarint(0)
	} else {
		e.uvarint(1)
		m.parser.save(e)
	}
	if e.err == nil {
		e.err = e.w.Flush()
	}
	if e.err == nil {
		e.err = zw.Close()
	}
	if e.err != nil {
		return fmt.Errorf("saving syntax model: %w", e.err)
	}
	return nil
}

// Load reads a model written by Train/Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("loading syntax model: %w", err)
	}
	defer zr.Close()
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("loading syntax model: %w", err)
	}
	d := &decoder{b: raw}
	if magic := d.str(); d.err == nil && magic != modelMagic {
		return nil, fmt.Errorf("loading syntax model: %w: bad header %q", errFormat, magic)
	}
	m := &Model{}
	m.upos = d.strs()
	m.xpos = d.strs()
	m.tagW = d.weights()
	if d.uvarint() == 1 {
		m.tagW2 = d.weights()
	}
	n := d.elems(1 << 24)
	m.tagDict = make(map[string]int32, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str()
		m.tagDict[k] = int32(d.count(uint64(len(m.upos) - 1)))
	}
	n = d.elems(1 << 26)
	m.amb = make(map[uint64]uint32, n)
	var last uint64
	for i := 0; i < n && d.err == nil; i++ {
		last += d.uvarint()
		m.amb[last] = uint32(d.uvarint())
	}
	m.lem = &lemmatizer{lex: d.strMap(), rules: map[string]lemmaRule{}}
	for k, v := range d.strMap() {
		strip, add, _ := strings.Cut(v, " ")
		n, err := strconv.Atoi(strip)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("loading syntax model: %w: lemma rule %q", errFormat, v)
		}
		m.lem.rules[k] = lemmaRule{Strip: n, Add: add}
	}
	if d.uvarint() == 1 {
		m.parser = loadParser(d)
	}
	if d.err != nil {
		return nil, fmt.Errorf("loading syntax model: %w", d.err)
	}
	if len(m.upos) == 0 || len(m.upos) != len(m.xpos) || m.tagW == nil {
		return nil, errors.New("loading syntax model: no tagger")
	}
	return m, nil
}
