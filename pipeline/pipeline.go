// Package pipeline wires dyad's stages together in their declared order —
// segment (sentences, tokens) → discards (PETRARCH's, when given) → syntax
// (tags, lemmas, dependencies, the enhanced graph) → frames → actors
// (mentions, coreference) → agents (PETRARCH's, when given) → coding
// (events) — each a Stage value (stages.go), and is the dyad.Coder that
// the commands, the store and the server use.
package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/actors"
	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/frames"
	"github.com/dyad-events/dyad/ontology"
	"github.com/dyad-events/dyad/petrarch"
	"github.com/dyad-events/dyad/syntax"
)

// Options choose the dictionaries and models. The zero value uses dyad's
// embedded defaults.
type Options struct {
	// ActorFiles, VerbFiles, AgentFiles and DiscardFiles are extra
	// dictionaries to load (dyad's own format, or PETRARCH's).
	ActorFiles, VerbFiles, AgentFiles, DiscardFiles []string
	// DictOnly uses only the given files instead of merging them with the
	// embedded dictionaries.
	DictOnly bool
	// SyntaxModel is a syntax model file to use instead of the embedded one.
	SyntaxModel string
	// PetrarchOneSided makes PETRARCH verb patterns code events whose
	// target is missing, with target "---", as PETRARCH does with its
	// option require_dyad = false (dyad eval petrarch honours the option).
	PetrarchOneSided bool
	// TagsOnly drops the dependency parse and keeps tags and lemmas: an
	// ablation, to measure what the parser brings to the coder.
	TagsOnly bool
	// WindowBytes bounds the text annotated and coded at once, so that
	// the memory a document costs does not grow with its length: a longer
	// document is read in windows of whole lines. Zero means
	// DefaultWindowBytes.
	WindowBytes int
	// ExtraCodes are event codes that PETRARCH verb files may use beyond
	// dyad's CAMEO table: a test suite's own codes (PETRARCH's unit-test
	// records code 901, 174L, …). Any other unknown code is reported and
	// its line skipped.
	ExtraCodes []string
	// ParseAll tags and parses every sentence, even those the pre-pass
	// finds no actor in (see prefilter): for showing every parse, and for
	// checking that the pre-pass loses no event.
	ParseAll bool
}

// A prefilter picks, from the tokens alone, the sentences of a document
// that can yield an event; the others are neither tagged nor parsed, which
// is most of the cost of coding them. It must be conservative: skipping a
// sentence that would have yielded an event changes the output.
type prefilter interface {
	// MayMention reports for each sentence whether it can have an actor
	// mention; a sentence with none yields no event.
	MayMention(doc *dyad.Document) []bool
}

// DefaultWindowBytes is the default Options.WindowBytes: far longer than
// a news article, so articles are read whole (pronouns and titles resolve
// across the whole text), while a book-length input costs tens of
// megabytes, not gigabytes.
const DefaultWindowBytes = 256 << 10

// Pipeline codes documents. It is read-only after New and safe for
// concurrent use.
type Pipeline struct {
	parser   *syntax.Model
	tagsOnly bool
	finder   *actors.Finder
	// prefilter is nil with Options.ParseAll.
	prefilter prefilter
	coder     *coding.Coder
	warnings  []string
	// discards are PETRARCH discard phrases (Options.DiscardFiles).
	discards *petrarch.Discards
	// window is the most text, in bytes, annotated and coded at once.
	window int
	// stages are run over text, in order; parsedStages over text that
	// comes parsed (see declareStages). Coding is the last of each.
	stages, parsedStages []Stage
	// panics counts the documents whose coding panicked.
	panics atomic.Int64
}

var _ dyad.Coder = (*Pipeline)(nil)

// New loads the dictionaries and models named by opts.
func New(ctx context.Context, opts Options) (*Pipeline, error) {
	p := &Pipeline{tagsOnly: opts.TagsOnly, window: opts.WindowBytes}
	if p.window <= 0 {
		p.window = DefaultWindowBytes
	}
	model, err := loadModel(opts.SyntaxModel)
	if err != nil {
		return nil, fmt.Errorf("loading syntax model: %w", err)
	}
	p.parser = model
	tab := ontology.Default()

	dict := actors.New()
	lex := coding.NewLexicon()
	if !opts.DictOnly {
		var warns []error
		dict, warns, err = actors.Default()
		if err != nil {
			return nil, fmt.Errorf("loading actor dictionaries: %w", err)
		}
		p.warn(warns)
		lex, warns, err = coding.DefaultLexicon(tab)
		if err != nil {
			return nil, fmt.Errorf("loading verb lexicon: %w", err)
		}
		p.warn(warns)
	}
	for _, name := range opts.ActorFiles {
		if err := loadFile(ctx, name, func(f *os.File) []error { return loadActors(ctx, name, f, dict) }, p); err != nil {
			return nil, err
		}
	}
	known := knownCodes(tab, opts.ExtraCodes)
	plex := coding.NewPetrarchLexicon()
	for _, name := range opts.VerbFiles {
		if err := loadFile(ctx, name, func(f *os.File) []error {
			return loadVerbs(ctx, name, f, lex, plex, tab, known, !opts.DictOnly, opts.PetrarchOneSided)
		}, p); err != nil {
			return nil, err
		}
	}
	for _, name := range opts.AgentFiles {
		if err := loadFile(ctx, name, func(f *os.File) []error { return petrarchReport(name)(petrarch.ReadAgents(ctx, name, f, dict)) }, p); err != nil {
			return nil, err
		}
	}
	if len(opts.DiscardFiles) > 0 {
		p.discards = petrarch.NewDiscards()
	}
	for _, name := range opts.DiscardFiles {
		if err := loadFile(ctx, name, func(f *os.File) []error { return petrarchReport(name)(p.discards.ReadDiscards(ctx, name, f)) }, p); err != nil {
			return nil, err
		}
	}
	p.finder = actors.NewFinder(dict)
	if !opts.ParseAll {
		p.prefilter = p.finder
	}
	var more []coding.Matcher
	if plex.Len() > 0 {
		more = append(more, plex)
	}
	p.coder = coding.New(lex, tab, more...)
	p.declareStages(len(opts.AgentFiles) > 0 || len(opts.ActorFiles) > 0)
	return p, nil
}

func loadModel(path string) (*syntax.Model, error) {
	if path == "" {
		return syntax.Default()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return syntax.Load(f)
}

func loadFile(ctx context.Context, name string, load func(*os.File) []error, p *Pipeline) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("opening dictionary: %w", err)
	}
	defer f.Close()
	p.warn(load(f))
	return nil
}

func (p *Pipeline) warn(errs []error) {
	for _, e := range errs {
		p.warnings = append(p.warnings, e.Error())
	}
}

// Warnings returns the problems met while loading dictionaries (skipped
// malformed lines, each naming its file and line).
func (p *Pipeline) Warnings() []string { return p.warnings }

// Annotate runs every stage but coding: sentences, tokens, syntax and
// actor mentions, in place. Sentences the prefilter rules out keep their
// tokens without tags or dependencies.
func (p *Pipeline) Annotate(ctx context.Context, doc *dyad.Document) error {
	return run(ctx, p.stages[:len(p.stages)-1], &Work{Doc: doc})
}

// parse runs the syntax model on a normalised copy of the tokens (curly
// quotes and apostrophes as the treebank writes them) and copies the
// analysis back, so token texts stay as in the document. The parse is
// checked to be a tree; a repair that would break it is not applied. Then
// the frames stage adds the enhanced dependency graph.
func (p *Pipeline) parse(toks []dyad.Token) error {
	norm := make([]dyad.Token, len(toks))
	for i, t := range toks {
		text := t.Text
		if !isASCII(text) { // what quoteFold replaces is not ASCII
			text = quoteFold.Replace(text)
		}
		norm[i] = dyad.Token{Text: text, Span: t.Span}
	}
	p.parseNames(norm)
	if err := syntax.ValidateTree(norm); err != nil {
		return fmt.Errorf("the parser made no tree: %w", err)
	}
	parsed := make([]dyad.Token, len(norm))
	copy(parsed, norm)
	syntax.Repair(norm)
	if syntax.ValidateTree(norm) != nil {
		norm = parsed
	}
	for i := range toks {
		toks[i].UPOS, toks[i].XPOS, toks[i].Lemma = norm[i].UPOS, norm[i].XPOS, norm[i].Lemma
		toks[i].Head, toks[i].Deprel = norm[i].Head, norm[i].Deprel
		if p.tagsOnly {
			toks[i].Head, toks[i].Deprel = -1, ""
		}
	}
	frames.Enhance(toks)
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// parseNames tags and parses a sentence with each of its multi-word proper
// names (actors.Finder.NameSpans) read as one word: the parser sees
// "Austin hosted Singh at the Pentagon", not "Secretary of Defense Lloyd J.
// Austin III hosted Indian Defense Minister Rajnath Singh at the Pentagon",
// in which a tagger trained on ordinary text takes "hosted" for an
// adjective. Inside a name, the last word is its head and the others hang
// on it as flat parts of the name.
func (p *Pipeline) parseNames(toks []dyad.Token) {
	spans := p.finder.NameSpans(toks)
	if len(spans) == 0 {
		p.parser.Annotate(toks)
		return
	}
	var short []dyad.Token
	var orig []int // the token each short token stands for
	for i, si := 0, 0; i < len(toks); {
		if si < len(spans) && spans[si][0] == i {
			head := spans[si][1] - 1
			text := toks[head].Text
			if spans[si][1]-spans[si][0] == 1 {
				// An acronym ("IS", "US") is read as a name the tagger
				// knows well, so that "IS militants" is no "is".
				text = nameStandIn
			}
			short = append(short, dyad.Token{Text: text, Span: toks[head].Span})
			orig = append(orig, head)
			i = spans[si][1]
			si++
			continue
		}
		short = append(short, dyad.Token{Text: toks[i].Text, Span: toks[i].Span})
		orig = append(orig, i)
		i++
	}
	p.parser.Annotate(short)
	if syntax.ValidateTree(short) != nil {
		p.parser.Annotate(toks)
		return
	}
	for j, st := range short {
		k := orig[j]
		toks[k].UPOS, toks[k].XPOS, toks[k].Lemma, toks[k].Deprel = st.UPOS, st.XPOS, st.Lemma, st.Deprel
		toks[k].Head = -1
		if st.Head >= 0 {
			toks[k].Head = orig[st.Head]
		}
	}
	for _, sp := range spans {
		head := sp[1] - 1
		for k := sp[0]; k < head; k++ {
			t := &toks[k]
			t.Head, t.Deprel, t.Lemma = head, "flat", t.Text
			t.UPOS, t.XPOS = "PROPN", "NNP"
			// Function words keep their tags but hang on the name as flat
			// parts too: as "case" they would be read as the name's
			// preposition ("the Republic of Korea" is no "of"-phrase).
			switch t.Text {
			case "'s", "’s", "'", "’":
				t.UPOS, t.XPOS = "PART", "POS"
			case "of", "for", "on":
				t.UPOS, t.XPOS, t.Lemma = "ADP", "IN", t.Text
			case "the":
				t.UPOS, t.XPOS, t.Lemma = "DET", "DT", t.Text
			case "and":
				t.UPOS, t.XPOS, t.Lemma = "CCONJ", "CC", t.Text
			case "-", ".":
				t.UPOS, t.XPOS = "PUNCT", "HYPH"
			}
		}
	}
}

// nameStandIn is the word an acronym name is parsed as: a proper noun
// frequent in the treebank the tagger learnt from.
const nameStandIn = "Bush"

var quoteFold = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "—", "--", "–", "-")

// CodeParsed codes a document whose sentences already carry tokens and
// syntax (read from CoNLL-U, say): it finds the actor mentions and codes
// the events without segmenting or parsing again. Each sentence's heads
// must form a tree (see syntax.ValidateTree); a document with one that
// does not is an error naming the sentence.
func (p *Pipeline) CodeParsed(ctx context.Context, doc *dyad.Document) (events []dyad.Event, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer p.recoverPanic(doc, &err)
	for i := range doc.Sentences {
		toks := doc.Sentences[i].Tokens
		if err := syntax.ValidateTree(toks); err != nil {
			return nil, fmt.Errorf("%s: sentence %d: %w", doc.ID, doc.Sentences[i].Index, err)
		}
		if len(toks) > 0 && toks[0].Deps == nil { // no enhanced graph came with the tree
			frames.Enhance(toks)
		}
	}
	w := &Work{Doc: doc}
	if err := run(ctx, p.parsedStages, w); err != nil {
		return nil, err
	}
	return markLead(doc, w.Events), nil
}

// Code annotates doc in place (sentences, tokens, syntax, mentions) and
// returns its events. A document longer than the window (see
// Options.WindowBytes) is read window by window, and keeps only its
// sentences' spans and text, not their tokens and mentions.
//
// A panic while coding the document is recovered and returned as a
// *PanicError naming it (and counted, see Panics), so that one document
// that trips a bug does not end a run over thousands.
func (p *Pipeline) Code(ctx context.Context, doc *dyad.Document) (events []dyad.Event, err error) {
	defer p.recoverPanic(doc, &err)
	if len(doc.Text) > p.window {
		events, err := p.codeInWindows(ctx, doc)
		if err != nil {
			return nil, err
		}
		return markLead(doc, events), nil
	}
	w := &Work{Doc: doc}
	if err := run(ctx, p.stages, w); err != nil {
		return nil, err
	}
	return markLead(doc, w.Events), nil
}

// Explain codes doc like Code and also returns the coder's notes: for every
// predicate the lexicon knows, the event it gave or why it gave none.
func (p *Pipeline) Explain(ctx context.Context, doc *dyad.Document) ([]dyad.Event, []coding.Note, error) {
	w := &Work{Doc: doc, Explain: true}
	if err := run(ctx, p.stages, w); err != nil {
		return nil, nil, err
	}
	return w.Events, w.Notes, nil
}

// PanicError is a panic recovered while coding one document.
type PanicError struct {
	Doc   string // the document's ID
	Value any    // what the code panicked with
	Stack []byte // the goroutine's stack at the panic
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("%s: internal error while coding (recovered panic: %v)", e.Doc, e.Value)
}

// recoverPanic turns a panic of the coding of doc into a *PanicError in
// *err. It must be deferred directly.
func (p *Pipeline) recoverPanic(doc *dyad.Document, err *error) {
	if r := recover(); r != nil {
		p.panics.Add(1)
		*err = &PanicError{Doc: doc.ID, Value: r, Stack: debug.Stack()}
	}
}

// Panics returns the number of documents whose coding panicked (and was
// recovered) since the pipeline was made.
func (p *Pipeline) Panics() int64 { return p.panics.Load() }

// loadActors reads an actor dictionary in dyad's format or, detected from
// its first lines, PETRARCH's.
func loadActors(ctx context.Context, name string, f *os.File, dict *actors.Dictionary) []error {
	br := bufio.NewReader(f)
	head, _ := br.Peek(8192)
	if petrarch.IsActorFormat(bytes.NewReader(head)) {
		return petrarchReport(name)(petrarch.ReadActors(ctx, name, br, dict))
	}
	return dict.Load(name, br)
}

// loadVerbs reads a verb lexicon in dyad's format into lex or, detected
// from its first lines, the CAMEO.2.0 (PETRARCH) format into plex. Merged
// with dyad's own lexicon, PETRARCH patterns are added only for verbs it
// lacks: on the development gold set, letting them compete for the verbs
// dyad knows lowers F1 (0.51 against 0.44 for all patterns, 0.54 without
// them).
func loadVerbs(ctx context.Context, name string, f *os.File, lex *coding.Lexicon, plex *coding.PetrarchLexicon, tab *ontology.Table, known petrarch.KnownCode, merge, oneSided bool) []error {
	br := bufio.NewReader(f)
	head, _ := br.Peek(8192)
	if !petrarch.IsVerbFormat(bytes.NewReader(head)) {
		return lex.Load(name, br, tab)
	}
	v, st, errs := petrarch.ReadVerbsWith(ctx, name, br, known)
	v.OneSided = oneSided
	var more []error
	if merge {
		_, more = v.AddNew(plex, lex)
	} else {
		_, more = v.AddTo(plex)
	}
	st.Skipped += len(more)
	return petrarchReport(name)(st, append(errs, more...))
}

// knownCodes accepts the codes of tab and the extra codes given.
func knownCodes(tab *ontology.Table, extra []string) petrarch.KnownCode {
	cameo := petrarch.CAMEOCodes(tab)
	if len(extra) == 0 {
		return cameo
	}
	more := map[string]bool{}
	for _, c := range extra {
		more[c] = true
	}
	return func(code string) bool { return cameo(code) || more[code] }
}

// petrarchReport adds a summary line to the errors of a PETRARCH reader
// when it skipped lines.
func petrarchReport(name string) func(petrarch.Stats, []error) []error {
	return func(st petrarch.Stats, errs []error) []error {
		if st.Skipped > 0 {
			errs = append(errs, fmt.Errorf("%s: %d malformed lines skipped (%s)", name, st.Skipped, st))
		}
		return errs
	}
}
