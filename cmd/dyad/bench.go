package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
	"unicode"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/pipeline"
)

// runBench codes the documents of a file repeatedly, the way dyad code
// does, and reports sentences and words per second, the share of sentences
// that needed tagging and parsing, and memory.
func runBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dur := fs.Duration("time", 5*time.Second, "how long to run")
	passes := fs.Int("passes", 0, "run exactly `N` passes over the file instead of --time (for instruction counts)")
	cores := fs.Int("cores", 1, "GOMAXPROCS for the run, and the number of documents coded at once")
	parseAll := fs.Bool("parse-all", false, "tag and parse every sentence (no pre-pass)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed run to `FILE` (go tool pprof)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: dyad bench [--time 5s | --passes N] [--cores N] FILE (plain text or JSON Lines with a text field)")
	}
	texts, err := benchTexts(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	if len(texts) == 0 {
		return fmt.Errorf("%s: no documents", fs.Arg(0))
	}
	runtime.GOMAXPROCS(*cores)
	start := time.Now()
	p, err := pipeline.New(ctx, pipeline.Options{ParseAll: *parseAll})
	if err != nil {
		return err
	}
	load := time.Since(start)
	runtime.GC()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var n benchCounts
	pool := codePool(ctx, p, *cores, func(doc *dyad.Document, events []dyad.Event, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", doc.ID, err)
		}
		n.add(doc, events)
		return nil
	})
	start = time.Now()
	for pass := 0; *passes > 0 && pass < *passes || *passes <= 0 && (pass == 0 || time.Since(start) < *dur); pass++ {
		for i, t := range texts {
			doc := &dyad.Document{ID: fmt.Sprint("bench-", i), Text: t, Date: time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)}
			if err := pool.Put(doc); err != nil {
				pool.Close()
				return err
			}
		}
	}
	if err := pool.Close(); err != nil {
		return err
	}
	elapsed := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	perSec := func(k int) float64 { return float64(k) / elapsed.Seconds() }
	fmt.Fprintf(stdout, "load: %v\ncores: %d\ndocuments: %d\nsentences: %d (%.0f sentences/s)\nwords: %d (%.0f words/s, %.1f a sentence)\n",
		load.Round(time.Millisecond), *cores, n.docs, n.sentences, perSec(n.sentences), n.words, perSec(n.words),
		float64(n.words)/float64(max(n.sentences, 1)))
	fmt.Fprintf(stdout, "parsed: %d sentences (%.1f%%); not parsed: %d without a possible actor (pre-pass), %d page furniture\n",
		n.parsed, 100*float64(n.parsed)/float64(max(n.sentences, 1)), n.sentences-n.parsed-n.furniture, n.furniture)
	fmt.Fprintf(stdout, "events: %d\nheap in use: %.1f MB\nsys memory: %.1f MB\n", n.events,
		float64(ms.HeapInuse)/(1<<20), float64(ms.Sys)/(1<<20))
	if rss := peakRSS(); rss > 0 {
		fmt.Fprintf(stdout, "peak RSS: %.1f MB\n", float64(rss)/(1<<20))
	}
	return nil
}

// benchCounts are the totals of a benchmark run.
type benchCounts struct {
	docs, sentences, words, parsed, furniture, events int
}

// add counts a coded document. A word is a token with a letter or digit;
// a sentence was parsed if its tokens carry tags; page furniture (image
// credits, prompts) is never parsed.
func (n *benchCounts) add(doc *dyad.Document, events []dyad.Event) {
	n.docs++
	n.events += len(events)
	for _, s := range doc.Sentences {
		n.sentences++
		if s.Skip {
			n.furniture++
		} else if len(s.Tokens) > 0 && s.Tokens[0].UPOS != "" {
			n.parsed++
		}
		for _, t := range s.Tokens {
			for _, r := range t.Text {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					n.words++
					break
				}
			}
		}
	}
}

// benchTexts reads the documents of a file the way dyad code does.
func benchTexts(ctx context.Context, name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var texts []string
	err = ingest.Read(ctx, name, f, ingest.Options{}, func(d *dyad.Document) error {
		texts = append(texts, d.Text)
		return nil
	}, func(error) {})
	return texts, err
}
