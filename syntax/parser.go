package syntax

import (
	"context"
	"io"

	"github.com/dyad-events/dyad"
)

// parser is the dependency parser; filled in below.
type parser struct{}

type parseState struct{}

func (p *parser) parse(a *annotator, tokens []dyad.Token, forms []string, classes []int) {}

func (p *parser) save(e *encoder) {}

func loadParser(d *decoder) *parser { return nil }

func trainParser(ctx context.Context, m *Model, sents []Sentence, opts TrainOptions, log io.Writer) (*parser, error) {
	return nil, nil
}
