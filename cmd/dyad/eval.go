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
	gold := fs.String("gold", "", "gold `FILE` (JSON Lines: dyad's gold format, the devnews format of RULES.md, or PLOVER gold-standard records)")
	pairs := fs.String("pairs", "", "marked-pair `FILE.tsv` (PLV format: marked_sentence with <s>…</s> and <t>…</t>, gold_root): coverage, type accuracy and recall")
	errorsFlag := fs.Bool("errors", false, "group misses and false alarms by cause and print a confusion table by root (with -v: every item)")
	verbose := fs.Bool("v", false, "print scores per root and every record that differs from the gold")
	tagsOnly := fs.Bool("tags-only", false, "ablation: code without the dependency parse")
	var dicts dictFlags
	dicts.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*gold == "") == (*pairs == "") {
		return fmt.Errorf("give one of --gold FILE or --pairs FILE.tsv")
	}
	name := *gold + *pairs
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	var recs []evaluate.Record
	var pairList []evaluate.Pair
	if *gold != "" {
		recs, err = evaluate.Read(name, f)
	} else {
		var skipped []error
		pairList, skipped, err = evaluate.ReadPairs(name, f)
		if len(skipped) > 0 {
			fmt.Fprintf(stderr, "dyad eval: %d rows skipped (first: %v)\n", len(skipped), skipped[0])
		}
	}
	if err != nil {
		return err
	}
	opts := dicts.options()
	opts.TagsOnly = *tagsOnly
	p, err := newPipeline(ctx, "eval", opts, stderr)
	if err != nil {
		return err
	}
	if *pairs != "" {
		res, err := evaluate.RunPairs(ctx, p, pairList)
		if err != nil {
			return err
		}
		res.Print(stdout, *verbose)
		return nil
	}
	res, err := evaluate.Run(ctx, p, recs)
	if err != nil {
		return err
	}
	res.Print(stdout, *verbose && !*errorsFlag)
	if *errorsFlag {
		res.Errors.Print(stdout, *verbose)
	}
	return nil
}
