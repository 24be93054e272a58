// Package pipeline wires dyad's stages together in their declared order —
// nlp (sentences, tokens) → syntax (tags, lemmas, dependencies) → actors
// (mentions, coreference) → coding (events) — and is the dyad.Coder that
// the commands, the store and the server use.
package pipeline

import (
	"context"

	"github.com/dyad-events/dyad"
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
}

// Pipeline codes documents. It is safe for concurrent use.
type Pipeline struct {
	opts Options
}

var _ dyad.Coder = (*Pipeline)(nil)

// New loads the dictionaries and models named by opts.
func New(ctx context.Context, opts Options) (*Pipeline, error) {
	return &Pipeline{opts: opts}, nil
}

// Code annotates doc in place (sentences, tokens, syntax, mentions) and
// returns its events.
func (p *Pipeline) Code(ctx context.Context, doc *dyad.Document) ([]dyad.Event, error) {
	return nil, nil
}

// Warnings returns the problems met while loading dictionaries (skipped
// malformed lines, each naming its file and line).
func (p *Pipeline) Warnings() []string { return nil }
