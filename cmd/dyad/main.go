// Command dyad codes political events from news text and serves them.
//
// Each subcommand lives in its own file as a thin layer over the library
// packages; main only dispatches.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand: its usage line and the function that runs it.
type command struct {
	usage string
	run   func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"code":    {"code [flags] [FILE|-]...   code events from text, HTML or JSON Lines", runCode},
		"explain": {"explain [--date D] TEXT...   show tokens, parse, actors and events with their rules", runExplain},
		"eval":    {"eval --gold FILE | eval petrarch --records FILE   score the coder against gold data", runEval},
		"ingest":  {"ingest [--db URL | --queue URL] SOURCE...   extract, code and store documents, or queue them for workers", runIngest},
		"worker":  {"worker --queue URL --db URL [-j N]   code queued documents into the store", runWorker},
		"watch":   {"watch --feeds FILE [--queue URL] [--db URL]   poll feeds and sitemaps for ever; queue or store their articles", runWatch},
		"queue":   {"queue --queue URL   print the queue's state as JSON", runQueue},
		"recode":  {"recode [--db URL]   recode stored documents with the current dictionaries", runRecode},
		"export":  {"export [--db URL] --format jsonl|csv|gdelt|plover   export stored events", runExport},
		"serve":   {"serve [--db URL] [--addr 127.0.0.1:8080]   HTTP API and dashboard", runServe},
		"demo":    {"demo   code the shipped example crisis and open the dashboard", runDemo},
		"parse":   {"parse [--input text|conllu] [FILE|-]   tag and parse, write CoNLL-U", runParse},
		"train":   {"train syntax --train F --dev F --out MODEL   train the syntax model", runTrain},
		"bench":   {"bench [FILE]   measure coding speed and memory", runBench},
		"version": {"version   print dyad's version, the commit it was built from and the Go version", runVersion},
	}
}

// errFailed is returned by commands that already reported their problems
// (for example, some documents were rejected) but must exit non-zero.
var errFailed = errors.New("some inputs failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = []string{"version"}
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "dyad: unknown command %q\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	if err := cmd.run(ctx, args[1:], stdin, stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			// The flag package printed the usage asked for: not a failure.
			return 0
		}
		if !errors.Is(err, errFailed) {
			fmt.Fprintf(stderr, "dyad %s: %v\n", args[0], err)
		}
		return 1
	}
	return 0
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: dyad COMMAND [flags]")
	for _, name := range []string{"code", "explain", "eval", "ingest", "watch", "worker", "queue", "recode", "export", "serve", "demo", "parse", "train", "bench", "version"} {
		fmt.Fprintf(w, "  dyad %s\n", cmds[name].usage)
	}
}

// runTrain dispatches "dyad train KIND".
func runTrain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(stderr, "usage: dyad train syntax --train F --dev F --out MODEL (dyad train syntax --help lists the flags)")
		return flag.ErrHelp
	}
	if len(args) == 0 || args[0] != "syntax" {
		return fmt.Errorf("usage: dyad train syntax --train F --dev F --out MODEL")
	}
	return runTrainSyntax(ctx, args[1:], stdout, stderr)
}

// isHelp reports whether a subcommand's first argument asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}
