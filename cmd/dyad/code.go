package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/internal/inorder"
	"github.com/dyad-events/dyad/pipeline"
)

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// dictFlags are the dictionary flags shared by code, eval, ingest and recode.
type dictFlags struct {
	verbs, actors, agents, discards stringList
	dictOnly                        bool
	syntaxModel                     string
	parseAll                        bool
}

func (d *dictFlags) register(fs *flag.FlagSet) {
	fs.Var(&d.verbs, "verbs", "extra verb dictionary `FILE` (dyad or PETRARCH format; repeatable)")
	fs.Var(&d.actors, "actors", "extra actor dictionary `FILE` (repeatable)")
	fs.Var(&d.agents, "agents", "PETRARCH agents dictionary `FILE` (repeatable)")
	fs.Var(&d.discards, "discards", "PETRARCH discard list `FILE` (repeatable)")
	fs.BoolVar(&d.dictOnly, "dict-only", false, "use only the given dictionaries, not the embedded ones")
	fs.StringVar(&d.syntaxModel, "syntax-model", "", "syntax model `FILE` to use instead of the embedded one")
	fs.BoolVar(&d.parseAll, "parse-all", false, "tag and parse every sentence, also those where the pre-pass finds no actor (the output is the same, only slower)")
}

func (d *dictFlags) options() pipeline.Options {
	return pipeline.Options{ActorFiles: d.actors, VerbFiles: d.verbs, AgentFiles: d.agents, DiscardFiles: d.discards,
		DictOnly: d.dictOnly, SyntaxModel: d.syntaxModel, ParseAll: d.parseAll}
}

// newPipeline loads the coder the dictionary flags ask for and reports the
// dictionary lines it skipped, prefixed with the command's name.
func newPipeline(ctx context.Context, cmd string, opts pipeline.Options, stderr io.Writer) (*pipeline.Pipeline, error) {
	p, err := pipeline.New(ctx, opts)
	if err != nil {
		return nil, err
	}
	for _, w := range p.Warnings() {
		fmt.Fprintf(stderr, "dyad %s: warning: %s\n", cmd, w)
	}
	return p, nil
}

// docDateFlag is a --date that dates documents: any form ingest reads in
// a date field, a month or a year included ("2013-10", "2013": the first
// day of the period, with the document's date source saying so).
type docDateFlag struct {
	date      time.Time
	precision ingest.Precision
}

func parseDocDateFlag(s string) (docDateFlag, error) {
	if s == "" {
		return docDateFlag{}, nil
	}
	t, p, err := ingest.ParseDate(s)
	if err != nil {
		return docDateFlag{}, fmt.Errorf("--date: %w", err)
	}
	return docDateFlag{t, p}, nil
}

// options are the ingest options that date documents as the flag says.
func (f docDateFlag) options() ingest.Options {
	return ingest.Options{Date: f.date, DatePrecision: f.precision}
}

// docDateUsage is the help text of --date.
const docDateUsage = "`DATE` (2025-06-15, \"June 15, 2025\", or a month or year: 2013-10, 2013)"

// parseDateFlag parses a --from or --to bound, YYYY-MM-DD.
func parseDateFlag(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

func runCode(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad code", flag.ContinueOnError)
	fs.SetOutput(stderr)
	date := fs.String("date", "", "document date "+docDateUsage+" where the input has none")
	format := fs.String("format", "jsonl", "output format: jsonl or csv")
	input := fs.String("input", "", "force the input format: text, html or jsonl (default: by file name and content)")
	var limits readLimits
	limits.register(fs)
	jobs := fs.Int("j", 0, "documents coded at once; the output is the same for any `N` (default: GOMAXPROCS)")
	var dicts dictFlags
	dicts.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	docDate, err := parseDocDateFlag(*date)
	if err != nil {
		return err
	}
	if *format != "jsonl" && *format != "csv" {
		return fmt.Errorf("--format %q: want jsonl or csv", *format)
	}
	p, err := newPipeline(ctx, "code", dicts.options(), stderr)
	if err != nil {
		return err
	}
	out := newEventWriter(stdout, *format)
	var mu sync.Mutex // reports come from the reader and from the writer of results
	failed := 0
	report := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if !ingest.IsWarning(err) { // a warning's document is coded all the same
			failed++
		}
		fmt.Fprintln(stderr, "dyad code:", err)
	}
	pool := codePool(ctx, p, *jobs, func(doc *dyad.Document, events []dyad.Event, err error) error {
		if err != nil {
			report(fmt.Errorf("%s: %w", doc.ID, err))
			return nil
		}
		if doc.Date.IsZero() {
			// Not a failure, but the events carry no date: say so.
			mu.Lock()
			fmt.Fprintf(stderr, "dyad code: warning: %s: no date found (no metadata, dateline or date in the URL); its events have no date — give one with --date\n", doc.ID)
			mu.Unlock()
		} else if _, p := ingest.SplitDateSource(doc.DateSource); p != ingest.PrecisionDay {
			// The events' date field is a day: say that it stands for a
			// month or a year (a store keeps this in date_source).
			mu.Lock()
			fmt.Fprintf(stderr, "dyad code: note: %s: dated only to the %s (date source %s); its events carry %s, the first day of it\n",
				doc.ID, p, doc.DateSource, doc.Date.Format(time.DateOnly))
			mu.Unlock()
		}
		return out.write(events)
	})
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	opts := docDate.options()
	opts.Format = *input
	limits.apply(&opts)
	for _, name := range files {
		if err := codeFile(ctx, name, stdin, opts, pool.Put, report); err != nil {
			if ctx.Err() != nil || errors.Is(err, pool.Err()) {
				pool.Close()
				return err
			}
			report(err)
		}
	}
	if err := pool.Close(); err != nil {
		return err
	}
	if err := out.flush(); err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "dyad code: %d input(s) failed\n", failed)
		return errFailed
	}
	return nil
}

// codedDoc is the result of coding one document.
type codedDoc struct {
	events []dyad.Event
	err    error
}

// codePool codes the documents put to it on jobs goroutines (GOMAXPROCS
// if jobs < 1) and hands each document's events to write in input order,
// so that the output does not depend on jobs.
func codePool(ctx context.Context, c dyad.Coder, jobs int, write func(*dyad.Document, []dyad.Event, error) error) *inorder.Pool[*dyad.Document, codedDoc] {
	if jobs < 1 {
		jobs = runtime.GOMAXPROCS(0)
	}
	code := func(doc *dyad.Document) codedDoc {
		events, err := c.Code(ctx, doc)
		return codedDoc{events, err}
	}
	return inorder.New(jobs, 4*jobs, code, func(doc *dyad.Document, r codedDoc) error {
		return write(doc, r.events, r.err)
	})
}

func codeFile(ctx context.Context, name string, stdin io.Reader, opts ingest.Options, emit func(*dyad.Document) error, report func(error)) error {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return fmt.Errorf("%s: is a directory (use dyad ingest for directories)", name)
		}
		r = f
	}
	return ingest.Read(ctx, name, r, opts, emit, report)
}

// eventWriter writes events as JSON Lines or CSV.
type eventWriter struct {
	enc    *json.Encoder
	csv    *csv.Writer
	header bool
}

func newEventWriter(w io.Writer, format string) *eventWriter {
	if format == "csv" {
		return &eventWriter{csv: csv.NewWriter(w)}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &eventWriter{enc: enc}
}

// csvHeader names the CSV columns, one per field of the event contract.
var csvHeader = []string{"doc_id", "sentence_index", "date", "source_code", "source_text", "source_start", "source_end",
	"target_code", "target_text", "target_start", "target_end", "cameo", "root", "quad", "goldstein",
	"plover_type", "plover_mode", "modality", "attribution_text", "attribution_actor", "attribution_named",
	"verb_text", "verb_start", "verb_end", "rule", "sentence"}

func (w *eventWriter) write(events []dyad.Event) error {
	for _, e := range events {
		if w.enc != nil {
			if err := w.enc.Encode(e); err != nil {
				return err
			}
			continue
		}
		if !w.header {
			w.header = true
			if err := w.csv.Write(csvHeader); err != nil {
				return err
			}
		}
		rec := csvRow(e)
		if err := w.csv.Write(rec); err != nil {
			return err
		}
	}
	return nil
}

// csvRow is one event as the csvHeader columns.
func csvRow(e dyad.Event) []string {
	var attText, attActor, attNamed string
	if a := e.Attribution; a != nil {
		attText, attNamed = a.Text, strconv.FormatBool(a.Named)
		if a.Actor != nil {
			attActor = *a.Actor
		}
	}
	itoa := strconv.Itoa
	return []string{e.DocID, itoa(e.SentenceIndex), e.Date,
		e.Source.Code, e.Source.Text, itoa(e.Source.Span[0]), itoa(e.Source.Span[1]),
		e.Target.Code, e.Target.Text, itoa(e.Target.Span[0]), itoa(e.Target.Span[1]),
		e.CAMEO, e.Root, itoa(e.Quad), strconv.FormatFloat(e.Goldstein, 'f', -1, 64),
		e.PLOVER.Type, e.PLOVER.Mode, string(e.Modality), attText, attActor, attNamed,
		e.Verb.Text, itoa(e.Verb.Span[0]), itoa(e.Verb.Span[1]), e.Rule, e.Sentence}
}

func (w *eventWriter) flush() error {
	if w.csv != nil {
		w.csv.Flush()
		return w.csv.Error()
	}
	return nil
}
