package syntax

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dyad-events/dyad"
)

// Word is one syntactic word of a CoNLL-U sentence.
type Word struct {
	ID     int // 1-based position in the sentence
	Form   string
	Lemma  string
	UPOS   string
	XPOS   string
	Feats  string
	Head   int // 1-based head, 0 for the root, -1 when unknown ("_")
	Deprel string
	Deps   string
	Misc   string
}

// Extra is a CoNLL-U line that is not a syntactic word (a multiword token
// range or an empty node). It is kept verbatim so that a file can be
// annotated and written back without losing it.
type Extra struct {
	Before int // index into Words of the word this line precedes
	Line   string
}

// Sentence is one CoNLL-U sentence.
type Sentence struct {
	Comments []string // comment lines, including the leading '#'
	Words    []Word
	Extras   []Extra
}

// ReadCoNLLU reads every sentence of a CoNLL-U file. Multiword token and
// empty node lines are kept in Sentence.Extras and ignored otherwise.
func ReadCoNLLU(ctx context.Context, r io.Reader) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []Sentence
	var cur Sentence
	lineNo := 0
	flush := func() {
		if len(cur.Words) > 0 || len(cur.Comments) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for sc.Scan() {
		lineNo++
		if lineNo%10000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("reading CoNLL-U: %w", err)
			}
		}
		line := strings.TrimRight(sc.Text(), "\r")
		switch {
		case line == "":
			flush()
			continue
		case strings.HasPrefix(line, "#"):
			cur.Comments = append(cur.Comments, line)
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 10 {
			return nil, fmt.Errorf("CoNLL-U line %d: want 10 tab-separated columns, got %d", lineNo, len(cols))
		}
		if strings.ContainsAny(cols[0], "-.") {
			cur.Extras = append(cur.Extras, Extra{Before: len(cur.Words), Line: line})
			continue
		}
		id, err := strconv.Atoi(cols[0])
		if err != nil || id < 1 {
			return nil, fmt.Errorf("CoNLL-U line %d: bad ID %q: want a positive integer", lineNo, cols[0])
		}
		head := -1
		if cols[6] != "_" {
			if head, err = strconv.Atoi(cols[6]); err != nil || head < 0 {
				return nil, fmt.Errorf("CoNLL-U line %d: bad HEAD %q: want 0 (the root), a word ID or _", lineNo, cols[6])
			}
		}
		cur.Words = append(cur.Words, Word{
			ID: id, Form: cols[1], Lemma: cols[2], UPOS: cols[3], XPOS: cols[4],
			Feats: cols[5], Head: head, Deprel: cols[7], Deps: cols[8], Misc: cols[9],
		})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading CoNLL-U line %d: %w", lineNo+1, err)
	}
	flush()
	return out, nil
}

// WriteCoNLLU writes sentences in CoNLL-U format, each followed by a blank
// line. Empty fields are written as "_".
func WriteCoNLLU(w io.Writer, sents []Sentence) error {
	bw := bufio.NewWriter(w)
	field := func(s string) string {
		if s == "" {
			return "_"
		}
		// A tab or line break inside a field would break the format.
		if strings.ContainsAny(s, "\t\n\r") {
			s = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
		}
		return s
	}
	for _, s := range sents {
		for _, c := range s.Comments {
			bw.WriteString(c)
			bw.WriteByte('\n')
		}
		ex := 0
		for i, wd := range s.Words {
			for ex < len(s.Extras) && s.Extras[ex].Before <= i {
				bw.WriteString(s.Extras[ex].Line)
				bw.WriteByte('\n')
				ex++
			}
			head := "_"
			if wd.Head >= 0 {
				head = strconv.Itoa(wd.Head)
			}
			fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				wd.ID, field(wd.Form), field(wd.Lemma), field(wd.UPOS), field(wd.XPOS),
				field(wd.Feats), head, field(wd.Deprel), field(wd.Deps), field(wd.Misc))
		}
		for ; ex < len(s.Extras); ex++ {
			bw.WriteString(s.Extras[ex].Line)
			bw.WriteByte('\n')
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing CoNLL-U: %w", err)
	}
	return nil
}

// Tokens converts the sentence's words to dyad tokens (Head becomes a
// 0-based index, -1 for the root). Spans are left zero.
func (s *Sentence) Tokens() []dyad.Token {
	toks := make([]dyad.Token, len(s.Words))
	for i, w := range s.Words {
		toks[i] = dyad.Token{Text: w.Form, UPOS: w.UPOS, XPOS: w.XPOS, Lemma: w.Lemma, Head: w.Head - 1, Deprel: w.Deprel}
	}
	return toks
}

// SetTokens copies the annotation of toks (as filled by Model.Annotate) into
// the sentence's words. FEATS is cleared since it would no longer agree
// with the new annotation; DEPS is written from the tokens' enhanced graph,
// or cleared when they have none.
func (s *Sentence) SetTokens(toks []dyad.Token) error {
	if len(toks) != len(s.Words) {
		return errors.New("syntax: token count does not match the sentence")
	}
	for i, t := range toks {
		w := &s.Words[i]
		w.UPOS, w.XPOS, w.Lemma, w.Deprel = t.UPOS, t.XPOS, t.Lemma, t.Deprel
		w.Head = t.Head + 1
		w.Feats, w.Deps = "_", FormatDeps(t.Deps)
	}
	return nil
}

// ParseDeps reads a DEPS column ("4:obl:from|5:nsubj") into enhanced
// dependency edges with 0-based heads (-1 for the root). Edges to empty
// nodes ("8.1:nsubj") are left out: dyad's graph has no empty nodes.
func ParseDeps(col string) ([]dyad.Dep, error) {
	if col == "" || col == "_" {
		return nil, nil
	}
	var deps []dyad.Dep
	for rest := col; rest != ""; {
		var edge string
		edge, rest, _ = strings.Cut(rest, "|")
		head, rel, ok := strings.Cut(edge, ":")
		if !ok || rel == "" {
			return nil, fmt.Errorf("bad DEPS edge %q", edge)
		}
		if strings.Contains(head, ".") {
			continue
		}
		h, err := strconv.Atoi(head)
		if err != nil || h < 0 {
			return nil, fmt.Errorf("bad DEPS head %q", head)
		}
		deps = append(deps, dyad.Dep{Head: h - 1, Rel: rel})
	}
	return deps, nil
}

// FormatDeps writes enhanced dependency edges as a DEPS column, in the
// order given (Enhance sorts them by head as CoNLL-U wants), or "_" when
// there are none.
func FormatDeps(deps []dyad.Dep) string {
	if len(deps) == 0 {
		return "_"
	}
	var b strings.Builder
	for i, d := range deps {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(strconv.Itoa(d.Head + 1))
		b.WriteByte(':')
		b.WriteString(d.Rel)
	}
	return b.String()
}
