// Package dyad holds the domain types that flow through dyad's pipeline:
// a Document is read by package ingest, annotated in place by nlp (sentences,
// tokens), syntax (tags, lemmas, dependencies) and actors (mentions), turned
// into Events by coding, kept by a Store and summarised by analysis.
//
// Every annotation is a character offset into Document.Text, so any result
// can be traced back to, and highlighted in, the text it came from.
package dyad

import (
	"context"
	"time"
)

// Span is a half-open range [Start, End) of character offsets into
// Document.Text. Offsets count Unicode code points, not bytes, so that they
// index the text the same way in Go, JavaScript and Python.
type Span [2]int

// Start returns the first offset of the span.
func (s Span) Start() int { return s[0] }

// End returns the offset just past the span.
func (s Span) End() int { return s[1] }

// Document is one news article (or one JSON Lines record) and everything the
// pipeline learns about it.
type Document struct {
	ID    string    // JSONL id, file name, or content hash
	URL   string    // where it came from, if known
	Title string    // headline, if known
	Date  time.Time // publication date; zero if unknown
	// DateSource says where Date came from (ingest.DateFrom…: "html-meta",
	// "dateline", "url", "flag", …); empty when the document is undated.
	DateSource string
	Text       string // the body text, the reference for every Span

	Sentences []Sentence
}

// Sentence is one sentence of a document.
type Sentence struct {
	Index  int
	Span   Span // character span in Document.Text
	Text   string
	Tokens []Token
	// Frames are the sentence's predicates with their arguments (package
	// frames), in the order of their predicate tokens.
	Frames []Frame
	// Mentions are the actor mentions found in the sentence, in text order.
	Mentions []Mention
	// Skip is set for lines that are not article prose (image credits,
	// "follow us" prompts, headings); they are kept for offsets but not coded.
	Skip bool
}

// Token is one word or punctuation mark with its syntax.
type Token struct {
	Text   string
	Span   Span // character span in Document.Text
	UPOS   string
	XPOS   string
	Lemma  string
	Head   int // index of the head token in the sentence, -1 for the root
	Deprel string
	// Deps is the token's enhanced dependency graph (UD v2 enhanced
	// dependencies): its heads with full, case-marked relation labels. It
	// is nil until the frames stage computes it from the basic tree.
	Deps []Dep
}

// Dep is one incoming edge of a token in the enhanced dependency graph.
type Dep struct {
	Head int    // index of the head token in the sentence, -1 for the root
	Rel  string // full relation label, e.g. "nsubj:xsubj", "obl:with", "conj:and"
}

// Role is what an argument is to its predicate.
type Role string

// The roles of frame arguments.
const (
	Agent      Role = "agent"      // who acts: the subject, a passive's by-phrase, an event noun's owner
	Patient    Role = "patient"    // who or what is acted on: the object, a passive's subject
	Recipient  Role = "recipient"  // the indirect object: "gave Ukraine aid"
	Partner    Role = "partner"    // each side of a reciprocal event noun: "talks between A and B"
	Oblique    Role = "oblique"    // a prepositional argument; Arg.Case names the preposition
	Complement Role = "complement" // a clause the predicate governs: "said that…", "agreed to…"
)

// Frame is one predicate of a sentence with its arguments: a verb, or an
// event noun (under a light verb, "held talks with"; or a nominalisation,
// "Russia's invasion of Ukraine"). It is read from the enhanced dependency
// graph, so shared and controlled subjects, relative-clause antecedents and
// the implicit subjects of participles are arguments too.
type Frame struct {
	Pred    int    // token of the predicate
	Lemma   string // its lemma, lower case
	Nominal bool   // an event noun rather than a verb
	Light   int    // for an event noun that is the object of a light verb ("held talks"), that verb; else -1
	Passive bool
	Args    []Arg
}

// Arg is one argument of a frame.
type Arg struct {
	Role Role
	Case string // the preposition of an oblique, lower case ("with", "against", "according_to")
	Head int    // token of the argument's head
	Span Span   // the argument phrase, without the clauses that modify it
	// Via says how the argument was found: the enhanced relation
	// ("nsubj", "nsubj:xsubj", "obl:with", "nmod:poss"), or "light" (from
	// the light verb), "implicit" (the subject of a participle clause),
	// "antecedent" (a relative clause's noun).
	Via string
}

// Mention is an actor found in a sentence: a run of tokens that names,
// describes or refers back to an actor.
type Mention struct {
	Tokens [2]int // token range [first, last+1) in the sentence
	Head   int    // index of the syntactic head token of the mention
	Span   Span
	Text   string
	Code   string // CAMEO-style actor code, e.g. USAGOV, IRN, IGOUNO
	// Kind says how the actor was found: "name", "adjective", "capital",
	// "person", "sector", "pronoun", "title".
	Kind string
	// Antecedent is the text the pronoun or title was resolved to, if any.
	Antecedent string
	Rule       string // dictionary entry that matched, for explanation
}

// Modality says how certain an event is according to its sentence.
type Modality string

// The modalities of an event.
const (
	Asserted     Modality = "asserted"
	Negated      Modality = "negated"
	Planned      Modality = "planned"
	Hypothetical Modality = "hypothetical"
	Denied       Modality = "denied"
)

// Actor is the source or target of an event.
type Actor struct {
	Code string `json:"code"`
	Text string `json:"text"` // the words of the mention, e.g. "it"
	Span Span   `json:"span"`
	// Name is what the mention names: its own text, or for a pronoun or
	// title the actor it was resolved to ("China's coast guard" for
	// "it"); empty for a pronoun that was not resolved.
	Name string `json:"name"`
}

// Phrase is a piece of the document text with its span.
type Phrase struct {
	Text string `json:"text"`
	Span Span   `json:"span"`
}

// Country is the three-letter country (or IGO, …) prefix of the actor code.
func (a Actor) Country() string { return CountryOf(a.Code) }

// CountryOf returns the three-letter prefix of an actor code, or "" if the
// code is shorter than three letters.
func CountryOf(code string) string {
	if len(code) < 3 {
		return ""
	}
	return code[:3]
}

// PLOVER is the PLOVER event type and mode of an event.
type PLOVER struct {
	Type string `json:"type"`
	Mode string `json:"mode"`
}

// Attribution says who reports an event.
type Attribution struct {
	Text  string  `json:"text"`
	Actor *string `json:"actor"` // actor code of the speaker, if known
	Named bool    `json:"named"` // true when the source is identified by name or office
}

// Event is one coded event: who did what to whom, according to whom, how
// certain, and the text it came from. Its JSON form is dyad's output contract.
type Event struct {
	DocID         string       `json:"doc_id"`
	SentenceIndex int          `json:"sentence_index"`
	Sentence      string       `json:"sentence"`
	Date          string       `json:"date"` // YYYY-MM-DD, the document date
	Source        Actor        `json:"source"`
	Target        Actor        `json:"target"`
	CAMEO         string       `json:"cameo"`
	Root          string       `json:"root"`
	Quad          int          `json:"quad"`
	Goldstein     float64      `json:"goldstein"`
	PLOVER        PLOVER       `json:"plover"`
	Modality      Modality     `json:"modality"`
	Attribution   *Attribution `json:"attribution"`
	Rule          string       `json:"rule"`
	// Verb is the word or phrase that names the event.
	Verb Phrase `json:"verb"`
	// SentenceSpan is the character span of the sentence in the document.
	SentenceSpan Span `json:"sentence_span"`
	// Quote is true when the event is stated inside quotation marks.
	Quote bool `json:"quote,omitempty"`
	// Place is where the event happened, if the sentence says so.
	Place string `json:"place,omitempty"`
	// Lead is true when the event is in the article's lead: the first
	// paragraph of prose (GDELT's IsRootEvent).
	Lead bool `json:"lead"`
}

// Coder turns a document into events. It is the boundary between reading
// (nlp, syntax, actors) and everything downstream (store, analysis, api).
type Coder interface {
	Code(ctx context.Context, doc *Document) ([]Event, error)
}
