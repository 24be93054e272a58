package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dyad-events/dyad/syntax"
)

// runTrainSyntax implements "dyad train syntax": it trains the tagger,
// lemmatiser and parser on a CoNLL-U treebank and writes the model.
func runTrainSyntax(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train syntax", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var trainPaths fileList
	fs.Var(&trainPaths, "train", "training treebank (CoNLL-U); repeat or separate with commas to train on several")
	devPath := fs.String("dev", "", "development treebank (CoNLL-U), scored at the end")
	out := fs.String("out", "", "where to write the model")
	iters := fs.Int("iterations", 0, "parser training passes (0: default)")
	tagIters := fs.Int("tagger-iterations", 0, "tagger training passes (0: default)")
	folds := fs.Int("folds", 0, "jackknife folds for the parser's training tags (0: default, 1: gold tags)")
	taggerOnly := fs.Bool("tagger-only", false, "train only the tagger and lemmatiser")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(trainPaths) == 0 || *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("usage: dyad train syntax --train F [--dev F] --out MODEL [--iterations N]")
	}
	var parts []io.Reader
	for _, p := range trainPaths {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("opening training data: %w", err)
		}
		defer f.Close()
		// A blank line between files keeps their sentences apart.
		parts = append(parts, f, strings.NewReader("\n"))
	}
	train := io.MultiReader(parts...)
	var dev io.Reader
	if *devPath != "" {
		f, err := os.Open(*devPath)
		if err != nil {
			return fmt.Errorf("opening dev data: %w", err)
		}
		defer f.Close()
		dev = f
	}
	start := time.Now()
	m, err := syntax.Train(ctx, train, dev, syntax.TrainOptions{
		ParserIterations: *iters,
		TaggerIterations: *tagIters,
		Folds:            *folds,
		NoParser:         *taggerOnly,
	}, stderr)
	if err != nil {
		return fmt.Errorf("training: %w", err)
	}
	if err := saveModel(m, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "trained in %v, model written to %s\n", time.Since(start).Round(time.Second), *out)
	if dev != nil {
		// Score the saved model, so the figures include any loss from
		// quantising the weights.
		if err := scoreFile(ctx, *out, *devPath, stdout); err != nil {
			return err
		}
	}
	return nil
}

// fileList is a repeatable, comma-separated list of file names.
type fileList []string

func (l *fileList) String() string { return strings.Join(*l, ",") }

func (l *fileList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

func saveModel(m *syntax.Model, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating model file: %w", err)
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// scoreFile loads a model and prints its scores on a gold CoNLL-U file.
func scoreFile(ctx context.Context, modelPath, goldPath string, w io.Writer) error {
	m, err := loadSyntaxModel(modelPath)
	if err != nil {
		return err
	}
	f, err := os.Open(goldPath)
	if err != nil {
		return fmt.Errorf("opening %s: %w", goldPath, err)
	}
	defer f.Close()
	gold, err := syntax.ReadCoNLLU(ctx, f)
	if err != nil {
		return fmt.Errorf("reading %s: %w", goldPath, err)
	}
	fmt.Fprintf(w, "dev: %v\n", syntax.Evaluate(gold, m.AnnotateAll(gold)))
	return nil
}

// loadSyntaxModel loads a model file, or the embedded model for "".
func loadSyntaxModel(path string) (*syntax.Model, error) {
	if path == "" {
		return syntax.Default()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening model: %w", err)
	}
	defer f.Close()
	m, err := syntax.Load(f)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	return m, nil
}
