package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/examples"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store/sqlite"
	"github.com/dyad-events/dyad/web"
)

func runDemo(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", defaultAddr, "listen `address`")
	db := fs.String("db", "", "SQLite `FILE` to code into (default: a temporary file, removed on exit)")
	dir := fs.String("examples", "", "`DIR` of example articles (default: the examples built into dyad)")
	noServe := fs.Bool("no-serve", false, "code the examples and exit without serving")
	var limits serverFlags
	limits.register(fs, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var files iofs.FS = examples.FS
	from := "the built-in examples"
	if *dir != "" {
		files, from = os.DirFS(*dir), *dir
	}
	path := *db
	if path == "" {
		tmp, err := os.MkdirTemp("", "dyad-demo-")
		if err != nil {
			return fmt.Errorf("making a temporary directory: %w", err)
		}
		defer os.RemoveAll(tmp)
		path = filepath.Join(tmp, "dyad-demo.db")
	}
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		return fmt.Errorf("opening the demo store: %w", err)
	}
	defer st.Close()

	coder, err := pipeline.New(ctx, pipeline.Options{})
	if err != nil {
		return fmt.Errorf("loading the coder: %w", err)
	}
	res, err := LoadExamples(ctx, st, coder, files, stderr)
	if err != nil {
		return err
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return fmt.Errorf("counting: %w", err)
	}
	fmt.Fprintf(stdout, "dyad demo: coded %d new documents from %s into %s (%d skipped as already stored)\n", res.Documents, from, path, res.Skipped)
	fmt.Fprintf(stdout, "dyad demo: the store holds %d documents in %d duplicate groups, %d distinct events reported by %d sentences\n",
		stats.Documents, stats.Groups, stats.Events, stats.Mentions)
	if *noServe {
		return nil
	}
	ln, err := listen(*addr, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	opts := api.Options{Store: st, Dashboard: web.Handler(), Logger: log}
	if err := limits.options(ln.Addr().String(), &opts); err != nil {
		return err
	}
	h := api.NewHandler(opts)
	fmt.Fprintf(stdout, "dyad demo: open %s://%s/ in a browser (Ctrl-C to stop)\n", limits.scheme(), ln.Addr())
	return serveUntilDone(ctx, ln, h, limits.tlsCert, limits.tlsKey)
}

// LoadExamples codes the example articles of files — crisis.jsonl and the
// web pages in html/ — into st. Documents already stored are skipped.
func LoadExamples(ctx context.Context, st dyad.Store, coder dyad.Coder, files iofs.FS, stderr io.Writer) (dyad.SaveResult, error) {
	names := []string{"crisis.jsonl"}
	pages, _ := iofs.Glob(files, "html/*.html")
	sort.Strings(pages)
	names = append(names, pages...)
	var docs []*dyad.Document
	for _, name := range names {
		f, err := files.Open(name)
		if err != nil {
			return dyad.SaveResult{}, fmt.Errorf("reading examples: %w", err)
		}
		err = ingest.Read(ctx, name, f, ingest.Options{}, func(d *dyad.Document) error {
			docs = append(docs, d)
			return nil
		}, func(err error) { fmt.Fprintf(stderr, "dyad demo: skipped %v\n", err) })
		f.Close()
		if err != nil {
			return dyad.SaveResult{}, fmt.Errorf("reading examples: %w", err)
		}
	}
	res, _, err := api.CodeAndStore(ctx, st, coder, docs)
	return res, err
}
