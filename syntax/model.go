package syntax

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dyad-events/dyad"
)

// modelMagic starts every saved model; the digit is the format version.
const modelMagic = "dyad-syntax-1\n"

// Model is a trained tagger + lemmatiser + parser. Safe for concurrent use.
type Model struct {
	upos, xpos []string // per tagger class
	tagW       *weights
	tagDict    map[string]int32 // frequent unambiguous word forms -> class
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
	scores  []float32
	forms   []string
	classes []int
	ps      parseState
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
		tokens[i].Lemma = m.lem.lemma(tokens[i].Text, m.xpos[c])
		tokens[i].Head, tokens[i].Deprel = -1, ""
	}
	if m.parser != nil {
		m.parser.parse(a, tokens, a.forms, a.classes)
	}
}

// tag appends the tagger class of each form to dst.
func (m *Model) tag(a *annotator, forms []string, dst []int) []int {
	a.tc.reset(forms)
	if cap(a.scores) < len(m.upos) {
		a.scores = make([]float32, len(m.upos))
	}
	scores := a.scores[:len(m.upos)]
	p1, p2 := -1, -1
	for i, f := range forms {
		c, ok := m.tagDict[f]
		if !ok {
			a.feats = a.tc.features(a.feats[:0], i, p1, p2)
			clear(scores)
			m.tagW.score(a.feats, scores)
			c = int32(argmax(scores, nil))
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
	d := &decoder{r: bufio.NewReaderSize(zr, 1<<16)}
	if magic := d.str(); d.err == nil && magic != modelMagic {
		return nil, fmt.Errorf("loading syntax model: %w: bad header %q", errFormat, magic)
	}
	m := &Model{}
	m.upos = d.strs()
	m.xpos = d.strs()
	m.tagW = d.weights()
	n := d.count(1 << 24)
	m.tagDict = make(map[string]int32, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str()
		m.tagDict[k] = int32(d.count(uint64(len(m.upos) - 1)))
	}
	m.lem = &lemmatizer{lex: d.strMap(), rules: map[string]lemmaRule{}}
	for k, v := range d.strMap() {
		strip, add, _ := strings.Cut(v, " ")
		n, err := strconv.Atoi(strip)
		if err != nil {
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
