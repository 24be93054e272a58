// Package pipeline wires dyad's stages together in their declared order —
// nlp (sentences, tokens) → syntax (tags, lemmas, dependencies) → actors
// (mentions, coreference) → coding (events) — and is the dyad.Coder that
// the commands, the store and the server use.
package pipeline

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/actors"
	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/nlp"
	"github.com/dyad-events/dyad/ontology"
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
}

// Pipeline codes documents. It is read-only after New and safe for
// concurrent use.
type Pipeline struct {
	parser   *syntax.Model
	finder   *actors.Finder
	coder    *coding.Coder
	warnings []string
}

var _ dyad.Coder = (*Pipeline)(nil)

// New loads the dictionaries and models named by opts.
func New(ctx context.Context, opts Options) (*Pipeline, error) {
	p := &Pipeline{}
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
		if err := loadFile(ctx, name, func(f *os.File) []error { return dict.Load(name, f) }, p); err != nil {
			return nil, err
		}
	}
	for _, name := range opts.VerbFiles {
		if err := loadFile(ctx, name, func(f *os.File) []error { return lex.Load(name, f, tab) }, p); err != nil {
			return nil, err
		}
	}
	if len(opts.AgentFiles) > 0 || len(opts.DiscardFiles) > 0 {
		return nil, fmt.Errorf("--agents and --discards need the PETRARCH dictionary readers, not yet available")
	}
	p.finder = actors.NewFinder(dict)
	p.coder = coding.New(lex, tab)
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
// actor mentions, in place.
func (p *Pipeline) Annotate(ctx context.Context, doc *dyad.Document) error {
	nlp.Segment(doc)
	for i := range doc.Sentences {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		s := &doc.Sentences[i]
		if s.Skip {
			continue
		}
		p.parse(s.Tokens)
	}
	p.finder.Annotate(doc)
	return nil
}

// parse runs the syntax model on a normalised copy of the tokens (curly
// quotes and apostrophes as the treebank writes them) and copies the
// analysis back, so token texts stay as in the document.
func (p *Pipeline) parse(toks []dyad.Token) {
	norm := make([]dyad.Token, len(toks))
	for i, t := range toks {
		norm[i] = dyad.Token{Text: quoteFold.Replace(t.Text), Span: t.Span}
	}
	p.parser.Annotate(norm)
	for i := range toks {
		toks[i].UPOS, toks[i].XPOS, toks[i].Lemma = norm[i].UPOS, norm[i].XPOS, norm[i].Lemma
		toks[i].Head, toks[i].Deprel = norm[i].Head, norm[i].Deprel
	}
}

var quoteFold = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "—", "--", "–", "-")

// Code annotates doc in place (sentences, tokens, syntax, mentions) and
// returns its events.
func (p *Pipeline) Code(ctx context.Context, doc *dyad.Document) ([]dyad.Event, error) {
	if err := p.Annotate(ctx, doc); err != nil {
		return nil, err
	}
	return p.coder.CodeDocument(doc), nil
}
