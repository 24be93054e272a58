package pipeline

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/syntax"
)

// parsedDoc is a one-sentence document with the given words and heads
// (0-based, -1 for the root), as a CoNLL-U reader would give it.
func parsedDoc(words []string, heads []int, rels []string) *dyad.Document {
	var toks []dyad.Token
	off := 0
	for i, w := range words {
		upos := "NOUN"
		switch rels[i] {
		case "root":
			upos = "VERB"
		case "nsubj", "obj":
			upos = "PROPN"
		}
		toks = append(toks, dyad.Token{Text: w, Lemma: strings.ToLower(w), UPOS: upos, Head: heads[i], Deprel: rels[i],
			Span: dyad.Span{off, off + len(w)}})
		off += len(w) + 1
	}
	text := strings.Join(words, " ")
	return &dyad.Document{ID: "parsed", Text: text, Sentences: []dyad.Sentence{{Text: text, Span: dyad.Span{0, len(text)}, Tokens: toks}}}
}

func TestCodeParsedRejectsParsesThatAreNotTrees(t *testing.T) {
	words := []string{"Russia", "attacked", "Ukraine", "."}
	rels := []string{"nsubj", "root", "obj", "punct"}
	tests := []struct {
		name  string
		heads []int
		error string // "" for a parse that codes
	}{
		{"a tree codes", []int{1, -1, 1, 1}, ""},
		{"a word that is its own head", []int{1, -1, 2, 1}, "its own head"},
		{"heads that loop", []int{2, -1, 0, 1}, "cycle"},
		{"no root at all", []int{1, 2, 0, 1}, "no root"},
		{"a head outside the sentence", []int{1, -1, 9, 1}, "outside the sentence"},
	}
	p := testPipeline(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := p.CodeParsed(context.Background(), parsedDoc(words, tt.heads, rels))
			if tt.error == "" {
				if err != nil {
					t.Fatalf("CodeParsed: %v", err)
				}
				if len(events) == 0 {
					t.Fatalf("no event from a well-formed parse of %q", strings.Join(words, " "))
				}
				return
			}
			var te *syntax.TreeError
			if !errors.As(err, &te) || !strings.Contains(err.Error(), tt.error) || !strings.Contains(err.Error(), "sentence 0") {
				t.Fatalf("CodeParsed: error %v, want a tree error naming sentence 0 and containing %q", err, tt.error)
			}
		})
	}
}

// A panic while coding one document is an error naming it; the pipeline
// goes on coding the next one and counts the panic.
func TestCodeRecoversAPanicAndNamesTheDocument(t *testing.T) {
	good := testPipeline(t)
	// A pipeline without a coder panics (nil dereference) on the first
	// sentence with actors: a stand-in for any bug in a later stage.
	broken := &Pipeline{parser: good.parser, finder: good.finder, window: DefaultWindowBytes}
	broken.declareStages(false)
	doc := &dyad.Document{ID: "doc-17", Text: "Russia attacked Ukraine on Thursday."}
	_, err := broken.Code(context.Background(), doc)
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Doc != "doc-17" || !strings.Contains(err.Error(), "doc-17") {
		t.Fatalf("Code: %v, want a *PanicError naming doc-17", err)
	}
	if len(pe.Stack) == 0 {
		t.Errorf("the panic error carries no stack")
	}
	if n := broken.Panics(); n != 1 {
		t.Errorf("Panics() = %d, want 1", n)
	}
	if _, err := broken.CodeParsed(context.Background(), parsedDoc([]string{"Russia", "attacked", "Ukraine"}, []int{1, -1, 1}, []string{"nsubj", "root", "obj"})); !errors.As(err, &pe) {
		t.Fatalf("CodeParsed: %v, want a *PanicError", err)
	}
	if n := broken.Panics(); n != 2 {
		t.Errorf("Panics() = %d, want 2", n)
	}
	events, err := good.Code(context.Background(), &dyad.Document{ID: "next", Text: "Russia attacked Ukraine on Thursday."})
	if err != nil || len(events) == 0 {
		t.Fatalf("the next document: %d events, error %v", len(events), err)
	}
}

// A document longer than the window is coded window by window, with the
// same events, sentences and spans as when it is coded whole.
func TestLongDocumentsAreCodedInWindows(t *testing.T) {
	var b strings.Builder
	pairs := [][2]string{{"Russia", "Ukraine"}, {"China", "the Philippines"}, {"Israel", "Lebanon"}, {"Pakistan", "India"}}
	for i := range 60 {
		pr := pairs[i%len(pairs)]
		fmt.Fprintf(&b, "%s attacked %s on Thursday, officials in the capital said in statement number %d.\n", pr[0], pr[1], i)
		if i%7 == 0 {
			b.WriteString("The weather was mild and the markets were quiet.\n")
		}
	}
	text := b.String()
	whole := testPipeline(t)
	windowed, err := New(context.Background(), Options{WindowBytes: 700})
	if err != nil {
		t.Fatal(err)
	}
	docA := &dyad.Document{ID: "long", Text: text}
	want, err := whole.Code(context.Background(), docA)
	if err != nil {
		t.Fatal(err)
	}
	docB := &dyad.Document{ID: "long", Text: text}
	got, err := windowed.Code(context.Background(), docB)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 60 {
		t.Fatalf("coded whole, the document gives %d events; want at least 60 for the test to mean something", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("event %d differs:\n windowed %+v\n whole    %+v", i, got[i], want[i])
			}
		}
		t.Fatalf("windowed coding gives %d events, whole %d", len(got), len(want))
	}
	if len(docA.Sentences) != len(docB.Sentences) {
		t.Fatalf("%d sentences in windows, %d whole", len(docB.Sentences), len(docA.Sentences))
	}
	idx := dyad.NewTextIndex(text)
	for i, s := range docB.Sentences {
		a := docA.Sentences[i]
		if s.Index != a.Index || s.Span != a.Span || s.Text != a.Text || s.Skip != a.Skip {
			t.Fatalf("sentence %d: windowed %d %v %q, whole %d %v %q", i, s.Index, s.Span, s.Text, a.Index, a.Span, a.Text)
		}
		if idx.Slice(s.Span) != s.Text {
			t.Fatalf("sentence %d: span %v holds %q, not its text %q", i, s.Span, idx.Slice(s.Span), s.Text)
		}
		if s.Tokens != nil {
			t.Fatalf("sentence %d of a windowed document keeps its tokens", i)
		}
	}
}

func TestWindowEndsAtALineBreak(t *testing.T) {
	tests := []struct {
		text        string
		start, size int
		want        int
	}{
		{"short", 0, 100, 5},
		{"aaa\nbbb\nccc\n", 0, 9, 8},
		{"aaa\nbbb\nccc\n", 8, 9, 12},
		{"a line longer than the window\nnext", 0, 5, 30},
		{"no line break at all", 0, 5, 20},
	}
	for _, tt := range tests {
		if got := windowEnd(tt.text, tt.start, tt.size); got != tt.want {
			t.Errorf("windowEnd(%q, %d, %d) = %d, want %d", tt.text, tt.start, tt.size, got, tt.want)
		}
	}
}
