package pipeline

import (
	"context"
	"fmt"
	"strings"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/actors"
	"github.com/dyad-events/dyad/coding"
	"github.com/dyad-events/dyad/frames"
	"github.com/dyad-events/dyad/nlp"
	"github.com/dyad-events/dyad/petrarch"
)

// A Stage is one step of the pipeline, declared as a value with a name.
// The pipeline runs its stages in order over a document, each on what the
// stages before it wrote; none reads what a later one writes. New builds
// the list from Options (see declareStages): a stage that has nothing to
// do for the options given (discards without a discard list) is not in it.
type Stage interface {
	// Name names the stage: "segment", "syntax", "coding", …
	Name() string
	// Doc says in a line what the stage does (dyad explain shows it).
	Doc() string
	// Run annotates w.Doc in place or, the coding stage, finds w.Events.
	Run(ctx context.Context, w *Work) error
}

// Work is a document on its way through the stages.
type Work struct {
	Doc *dyad.Document
	// Events are the document's events, found by the coding stage.
	Events []dyad.Event
	// Explain asks the coding stage for Notes: for every predicate the
	// coder's matchers know, the event it gave or why it gave none.
	Explain bool
	Notes   []coding.Note
}

// declareStages lists the stages of p in the order they run, from the
// components New loaded: segment → discards → syntax → frames → actors →
// agents → coding for text (p.stages), and the same without segment and
// syntax for text that comes parsed (p.parsedStages, see CodeParsed).
// PETRARCH's discards run before the parser, so that a discarded sentence
// costs no parse.
func (p *Pipeline) declareStages(agents bool) {
	var discards []Stage
	if p.discards != nil {
		discards = []Stage{discardStage{p.discards}}
	}
	after := []Stage{framesStage{}, actorStage{p.finder}}
	if agents {
		after = append(after, agentStage{})
	}
	after = append(after, codingStage{p.coder})
	p.stages = append(append(append([]Stage{segmentStage{}}, discards...), syntaxStage{p}), after...)
	if p.tagsOnly {
		// An ablation: tags and lemmas without the parse have no frames.
		p.stages = withoutStage(p.stages, "frames")
	}
	p.parsedStages = append(discards, after...)
}

func withoutStage(stages []Stage, name string) []Stage {
	var out []Stage
	for _, s := range stages {
		if s.Name() != name {
			out = append(out, s)
		}
	}
	return out
}

// Stages returns the stages the pipeline runs over text, in order.
func (p *Pipeline) Stages() []Stage { return p.stages }

// run runs stages over w in order and stops at the first error.
func run(ctx context.Context, stages []Stage, w *Work) error {
	for _, s := range stages {
		if err := s.Run(ctx, w); err != nil {
			return err
		}
	}
	return nil
}

// segmentStage splits the text into sentences and tokens (package nlp).
type segmentStage struct{}

func (segmentStage) Name() string { return "segment" }
func (segmentStage) Doc() string {
	return "sentences and tokens; datelines, credits and page furniture are marked Skip (nlp)"
}
func (segmentStage) Run(_ context.Context, w *Work) error {
	nlp.Segment(w.Doc)
	return nil
}

// discardStage marks the sentences that hold a PETRARCH discard phrase,
// or the whole story, Skip: no later stage reads them.
type discardStage struct{ d *petrarch.Discards }

func (discardStage) Name() string { return "discards" }
func (s discardStage) Doc() string {
	story, sentence := s.d.Len()
	return fmt.Sprintf("PETRARCH discard phrases (%d for the story, %d for a sentence) mark text Skip before it is parsed (petrarch)", story, sentence)
}
func (s discardStage) Run(_ context.Context, w *Work) error {
	s.d.Apply(w.Doc)
	return nil
}

// syntaxStage tags and parses the sentences (see Pipeline.parse).
type syntaxStage struct{ p *Pipeline }

func (syntaxStage) Name() string { return "syntax" }
func (s syntaxStage) Doc() string {
	d := "tags, lemmas and dependencies, multi-word names read as one word, repaired (syntax); the enhanced graph (frames.Enhance)"
	if s.p.prefilter != nil {
		d += "; sentences where the actor pre-pass finds no actor are not parsed"
	}
	if s.p.tagsOnly {
		d += "; tags only, the parse dropped"
	}
	return d
}

// Run parses every sentence that is not Skip and that the prefilter lets
// through; the others keep their tokens without tags or dependencies.
func (s syntaxStage) Run(ctx context.Context, w *Work) error {
	doc := w.Doc
	var may []bool
	if s.p.prefilter != nil {
		may = s.p.prefilter.MayMention(doc)
	}
	for i := range doc.Sentences {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		sent := &doc.Sentences[i]
		if sent.Skip || may != nil && !may[i] {
			continue
		}
		if err := s.p.parse(sent.Tokens); err != nil {
			return fmt.Errorf("%s: sentence %d: %w", doc.ID, sent.Index, err)
		}
	}
	return nil
}

// framesStage finds the predicate frames of each sentence.
type framesStage struct{}

func (framesStage) Name() string { return "frames" }
func (framesStage) Doc() string {
	return "predicate frames (agent, patient, recipient) from the enhanced graph (frames)"
}
func (framesStage) Run(_ context.Context, w *Work) error {
	frames.Annotate(w.Doc)
	return nil
}

// actorStage finds the actor mentions.
type actorStage struct{ f *actors.Finder }

func (actorStage) Name() string { return "actors" }
func (actorStage) Doc() string {
	return "actor mentions, with pronouns and titles resolved and roles placed in their country (actors)"
}
func (s actorStage) Run(_ context.Context, w *Work) error {
	s.f.Annotate(w.Doc)
	return nil
}

// agentStage puts the code of a PETRARCH "NGO~"-style agent in front of
// its actor's code, and leaves skipped sentences no mentions.
type agentStage struct{}

func (agentStage) Name() string { return "agents" }
func (agentStage) Doc() string {
	return `PETRARCH agent codes written as a prefix ("NGO~") go in front of the actor's code (petrarch)`
}
func (agentStage) Run(_ context.Context, w *Work) error {
	for i := range w.Doc.Sentences {
		s := &w.Doc.Sentences[i]
		if s.Skip {
			s.Mentions = nil
		}
		for j := range s.Mentions {
			s.Mentions[j].Code = petrarch.FixPrefixCodes(s.Mentions[j].Code)
		}
	}
	return nil
}

// codingStage finds the events by the coder's matchers.
type codingStage struct{ c *coding.Coder }

func (codingStage) Name() string { return "coding" }
func (s codingStage) Doc() string {
	var ms []string
	for _, m := range s.c.Matchers() {
		ms = append(ms, fmt.Sprintf("%s (%d patterns)", m.Name(), m.Len()))
	}
	return "events, from the patterns of the matchers " + strings.Join(ms, ", ") + " and from speech acts (coding)"
}
func (s codingStage) Run(_ context.Context, w *Work) error {
	if w.Explain {
		w.Events, w.Notes = s.c.Explain(w.Doc)
	} else {
		w.Events = s.c.CodeDocument(w.Doc)
	}
	w.Events = nameActors(w.Doc, w.Events)
	return nil
}
