package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dyad-events/dyad/evaluate"
)

func runEval(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "petrarch" {
		return runEvalPetrarch(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("dyad eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gold := fs.String("gold", "", "gold `FILE` (JSON Lines: dyad gold format or PLOVER gold-standard records)")
	verbose := fs.Bool("v", false, "print scores per root and every record that differs from the gold")
	tagsOnly := fs.Bool("tags-only", false, "ablation: code without the dependency parse")
	var dicts dictFlags
	dicts.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *gold == "" {
		return fmt.Errorf("--gold FILE is required")
	}
	f, err := os.Open(*gold)
	if err != nil {
		return err
	}
	defer f.Close()
	recs, err := evaluate.Read(*gold, f)
	if err != nil {
		return err
	}
	opts := dicts.options()
	opts.TagsOnly = *tagsOnly
	p, err := newPipeline(ctx, "eval", opts, stderr)
	if err != nil {
		return err
	}
	res, err := evaluate.Run(ctx, p, recs)
	if err != nil {
		return err
	}
	res.Print(stdout, *verbose)
	return nil
}
