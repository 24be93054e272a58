package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/pipeline"
)

// runBench codes a text repeatedly on one core and reports sentences per
// second and memory.
func runBench(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dur := fs.Duration("time", 5*time.Second, "how long to run")
	cores := fs.Int("cores", 1, "GOMAXPROCS for the run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: dyad bench [--time 5s] FILE (plain text or JSON Lines with a text field)")
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
	p, err := pipeline.New(ctx, pipeline.Options{})
	if err != nil {
		return err
	}
	load := time.Since(start)
	runtime.GC()
	var sentences, events, docs int
	start = time.Now()
	for time.Since(start) < *dur {
		for _, t := range texts {
			doc := &dyad.Document{ID: "bench", Text: t, Date: time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)}
			ev, err := p.Code(ctx, doc)
			if err != nil {
				return err
			}
			docs++
			sentences += len(doc.Sentences)
			events += len(ev)
		}
	}
	elapsed := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(stdout, "load: %v\ncores: %d\ndocuments: %d\nsentences: %d (%.0f sentences/s)\nevents: %d\nheap in use: %.1f MB\nsys memory: %.1f MB\n",
		load.Round(time.Millisecond), *cores, docs, sentences, float64(sentences)/elapsed.Seconds(), events,
		float64(ms.HeapInuse)/(1<<20), float64(ms.Sys)/(1<<20))
	return nil
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
