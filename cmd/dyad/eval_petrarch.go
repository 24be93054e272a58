package main

import (
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/petrarch"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/syntax"
)

// petrarchRecord is one <Sentence> of the PETRARCH unit-test records. Its
// <Parse> is ignored: dyad codes the text with its own syntax.
type petrarchRecord struct {
	ID       string `xml:"id,attr"`
	Date     string `xml:"date,attr"`
	Active   string `xml:"sentence,attr"`
	Category string `xml:"category,attr"`
	Source   string `xml:"source,attr"`
	Text     string `xml:"Text"`
	Parse    string `xml:"Parse"` // CoNLL-U, used only with --record-parse
	Codings  []struct {
		Event    string `xml:"eventcode,attr"`
		Src      string `xml:"sourcecode,attr"`
		Tgt      string `xml:"targetcode,attr"`
		NoEvents string `xml:"noevents,attr"`
		Error    string `xml:"error,attr"`
	} `xml:"EventCoding"`
	Configs []petrarchConfig `xml:"Config"`
	config  map[string]string
}

type petrarchConfig struct {
	Option string `xml:"option,attr"`
	Value  string `xml:"value,attr"`
}

// readPetrarchRecords reads the records in file order. A <Config> between
// records sets an option for the records after it, as in PETRARCH; each
// record gets a copy of the options in force.
func readPetrarchRecords(r io.Reader) ([]petrarchRecord, error) {
	dec := xml.NewDecoder(r)
	config := map[string]string{}
	var recs []petrarchRecord
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading records: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "Config":
			var c petrarchConfig
			if err := dec.DecodeElement(&c, &se); err != nil {
				return nil, fmt.Errorf("reading <Config>: %w", err)
			}
			config[c.Option] = strings.ToLower(c.Value)
		case "Sentence":
			var rec petrarchRecord
			if err := dec.DecodeElement(&rec, &se); err != nil {
				return nil, fmt.Errorf("reading <Sentence>: %w", err)
			}
			rec.config = map[string]string{}
			for k, v := range config {
				rec.config[k] = v
			}
			for _, c := range rec.Configs {
				rec.config[c.Option] = strings.ToLower(c.Value)
			}
			recs = append(recs, rec)
		}
	}
}

// expected returns the record's expected (source, target, code) triples;
// a record that expects no events or an input error (a discarded story,
// a dateline) expects none.
func (r *petrarchRecord) expected() []string {
	var out []string
	for _, c := range r.Codings {
		if c.Event == "" {
			continue
		}
		out = append(out, triple(c.Src, c.Tgt, c.Event))
	}
	sort.Strings(out)
	return out
}

// inapplicable reports whether the record expects PETRARCH to reject its
// input parse, which dyad does not read.
func (r *petrarchRecord) inapplicable() bool {
	for _, c := range r.Codings {
		if c.Error == "bad_input_parse" {
			return true
		}
	}
	return false
}

// recordCodes returns the event codes the records expect.
func recordCodes(recs []petrarchRecord) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range recs {
		for _, c := range r.Codings {
			if c.Event != "" && !seen[c.Event] {
				seen[c.Event] = true
				out = append(out, c.Event)
			}
		}
	}
	return out
}

func triple(src, tgt, code string) string { return src + "," + tgt + "," + code }

// runEvalPetrarch codes the text of each PETRARCH unit-test record with
// dyad's pipeline and compares the (source, target, code) triples with the
// record's expected events.
func runEvalPetrarch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad eval petrarch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	records := fs.String("records", "", "PETRARCH unit-test records `FILE` (XML)")
	verbose := fs.Bool("v", false, "print the rule of each produced event and the passing records too")
	recordParse := fs.Bool("record-parse", false, "for diagnosis only: code each record's own <Parse> (UD, CoNLL-U) instead of dyad's parse of its text")
	trace := fs.Bool("trace", false, "print the tokens, parse and actor mentions of each failing record")
	var dicts dictFlags
	dicts.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *records == "" {
		return fmt.Errorf("--records FILE is required")
	}
	f, err := os.Open(*records)
	if err != nil {
		return err
	}
	defer f.Close()
	recs, err := readPetrarchRecords(f)
	if err != nil {
		return fmt.Errorf("%s: %w", *records, err)
	}
	// The suite's verb file codes with the suite's own codes (901, 174L,
	// …): those the records expect are accepted, any other is reported.
	opts := dicts.options()
	opts.ExtraCodes = recordCodes(recs)
	p, err := newPipeline(ctx, "eval petrarch", opts, stderr)
	if err != nil {
		return err
	}
	var verbBases map[string]bool
	if *recordParse {
		verbBases = petrarchVerbBases(ctx, dicts.verbs)
	}
	var oneSided *pipeline.Pipeline
	passed, active, inapplicable, broken := 0, 0, 0, 0
	for i := range recs {
		rec := &recs[i]
		if rec.Active == "false" {
			continue
		}
		active++
		if rec.inapplicable() {
			// These records test PETRARCH's reading of malformed treebank
			// input; dyad parses the text itself, so they test nothing here.
			inapplicable++
			continue
		}
		coder := p
		if rec.config["require_dyad"] == "false" {
			// PETRARCH codes one-sided events ("---" for the missing
			// actor) under this option: so does a second pipeline.
			if oneSided == nil {
				opts := opts
				opts.PetrarchOneSided = true
				if oneSided, err = pipeline.New(ctx, opts); err != nil {
					return err
				}
			}
			coder = oneSided
		}
		got, rules, doc, err := codePetrarchRecord(ctx, coder, rec, *recordParse, verbBases)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			// A record that cannot be coded (a parse that is not a tree)
			// fails on its own; the others are still scored.
			broken++
			fmt.Fprintf(stdout, "FAIL %s  %s\n  error: %v\n", rec.ID, oneLine(rec.Text), err)
			continue
		}
		want := rec.expected()
		ok := strings.Join(got, ";") == strings.Join(want, ";")
		if ok {
			passed++
		}
		if ok && !*verbose {
			continue
		}
		status := "FAIL"
		if ok {
			status = "PASS"
		}
		fmt.Fprintf(stdout, "%s %s  %s\n", status, rec.ID, oneLine(rec.Text))
		fmt.Fprintf(stdout, "  expected: %s\n  produced: %s\n", orNone(want), orNone(got))
		if *verbose || !ok {
			for _, r := range rules {
				fmt.Fprintf(stdout, "    %s\n", r)
			}
		}
		if *trace && !ok {
			printTrace(stdout, doc)
		}
	}
	fmt.Fprintf(stdout, "passed %d/%d (%.1f%%) of the records that apply; %d active records, %d of which test PETRARCH's treebank input and do not apply\n",
		passed, active-inapplicable, 100*float64(passed)/float64(max(1, active-inapplicable)), active, inapplicable)
	fmt.Fprintf(stdout, "passed %d/%d\n", passed, active)
	if broken > 0 {
		return fmt.Errorf("%d record(s) could not be coded (see the errors above)", broken)
	}
	return nil
}

// codePetrarchRecord codes one record's text and returns the sorted,
// distinct triples of its events, with the rule of each. Every modality
// counts: PETRARCH has no modality, and its records code "is about to
// restore ties" and "will renew" like asserted events.
func codePetrarchRecord(ctx context.Context, p *pipeline.Pipeline, rec *petrarchRecord, useParse bool, verbBases map[string]bool) ([]string, []string, *dyad.Document, error) {
	text := oneLine(rec.Text)
	if text != "" && !strings.ContainsAny(text[len(text)-1:], ".!?\"'") {
		// Each record is one sentence; dyad's segmenter takes a line
		// without final punctuation for a heading and does not code it.
		text += "."
	}
	doc := &dyad.Document{ID: rec.ID, Text: text}
	if d, err := time.Parse("20060102", rec.Date); err == nil {
		doc.Date = d
	}
	var evs []dyad.Event
	var err error
	if useParse && strings.TrimSpace(rec.Parse) != "" {
		if err := conlluDocument(doc, rec.Parse, verbBases); err != nil {
			return nil, nil, nil, err
		}
		evs, err = p.CodeParsed(ctx, doc)
	} else {
		evs, err = p.Code(ctx, doc)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	seen := map[string]bool{}
	var got, rules []string
	for _, e := range evs {
		k := triple(e.Source.Code, e.Target.Code, e.CAMEO)
		rules = append(rules, fmt.Sprintf("%s [%s] %s", k, e.Modality, e.Rule))
		if !seen[k] {
			seen[k] = true
			got = append(got, k)
		}
	}
	sort.Strings(got)
	return got, rules, doc, nil
}

// printTrace prints each token with its lemma, tag, head and relation, and
// the actor mentions, to see why a record failed.
func printTrace(w io.Writer, doc *dyad.Document) {
	for _, s := range doc.Sentences {
		for i, t := range s.Tokens {
			fmt.Fprintf(w, "      %2d %-14s %-12s %-5s %2d %s\n", i, t.Text, t.Lemma, t.UPOS, t.Head, t.Deprel)
		}
		for _, m := range s.Mentions {
			fmt.Fprintf(w, "      mention %q %s (%s) tokens %v head %d\n", m.Text, m.Code, m.Kind, m.Tokens, m.Head)
		}
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func orNone(ts []string) string {
	if len(ts) == 0 {
		return "(none)"
	}
	return strings.Join(ts, " ")
}

// ud1to2 renames the UD v1 relations of the records' parses to the UD v2
// relations dyad's coder reads.
var ud1to2 = map[string]string{"dobj": "obj", "nsubjpass": "nsubj:pass", "csubjpass": "csubj:pass",
	"auxpass": "aux:pass", "name": "flat", "mwe": "fixed", "neg": "advmod", "nmod:agent": "obl:agent"}

// conlluDocument replaces doc's text and sentences with the one sentence of
// a CoNLL-U parse: the text is the tokens joined by spaces. The parse must
// be a tree (syntax.ValidateTree); an error names the record's line.
func conlluDocument(doc *dyad.Document, conllu string, verbBases map[string]bool) error {
	var toks []dyad.Token
	var b strings.Builder
	off := 0
	for n, ln := range strings.Split(conllu, "\n") {
		f := strings.Split(strings.TrimSpace(ln), "\t")
		if len(f) < 8 || strings.ContainsAny(f[0], "-.") {
			continue
		}
		head, err := strconv.Atoi(f[6])
		if err != nil {
			return fmt.Errorf("<Parse> line %d: HEAD %q is not a number", n+1, f[6])
		}
		rel := f[7]
		if r, ok := ud1to2[rel]; ok {
			rel = r
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
			off++
		}
		n := len([]rune(f[1]))
		lemma := strings.ToLower(f[2])
		if f[3] == "VERB" && !verbBases[lemma] {
			lemma = repairVerbLemma(strings.ToLower(f[1]), lemma, verbBases)
		}
		toks = append(toks, dyad.Token{Text: f[1], Lemma: lemma, UPOS: f[3], XPOS: f[4], Head: head - 1, Deprel: rel,
			Span: dyad.Span{off, off + n}})
		b.WriteString(f[1])
		off += n
	}
	// nmod on a verb or adjective is obl in UD v2
	for i := range toks {
		h := toks[i].Head
		if h >= 0 && h < len(toks) && strings.HasPrefix(toks[i].Deprel, "nmod") && toks[i].Deprel != "nmod:poss" &&
			(toks[h].UPOS == "VERB" || toks[h].UPOS == "ADJ") {
			toks[i].Deprel = "obl" + strings.TrimPrefix(toks[i].Deprel, "nmod")
		}
	}
	if err := syntax.ValidateTree(toks); err != nil {
		return fmt.Errorf("<Parse> is not a dependency tree: %w", err)
	}
	doc.Text = b.String()
	doc.Sentences = []dyad.Sentence{{Text: doc.Text, Span: dyad.Span{0, off}, Tokens: toks}}
	return nil
}

// petrarchVerbBases returns the verbs of the PETRARCH verb dictionaries
// given, to repair the records' parser lemmas ("welcomed" → "welcom").
func petrarchVerbBases(ctx context.Context, files []string) map[string]bool {
	bases := map[string]bool{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		v, _, _ := petrarch.ReadVerbs(ctx, name, f)
		f.Close()
		for _, b := range v.Blocks {
			for _, vb := range b.Verbs {
				bases[vb.Words[vb.Index]] = true
			}
		}
	}
	return bases
}

// repairVerbLemma finds the dictionary verb an inflected form comes from.
func repairVerbLemma(form, lemma string, bases map[string]bool) string {
	var cands []string
	for _, suf := range []string{"ing", "ed", "es", "s", "d"} {
		if stem, ok := strings.CutSuffix(form, suf); ok && stem != "" {
			cands = append(cands, stem, stem+"e")
			if n := len(stem); n > 2 && stem[n-1] == stem[n-2] {
				cands = append(cands, stem[:n-1])
			}
			if y, ok := strings.CutSuffix(stem, "i"); ok {
				cands = append(cands, y+"y")
			}
		}
	}
	cands = append(cands, form)
	for _, c := range cands {
		if bases[c] {
			return c
		}
	}
	return lemma
}
