package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/export"
	"github.com/dyad-events/dyad/store"
)

const exportUsage = "usage: dyad export [--db URL] [--format jsonl|csv|parquet|gdelt|plover] [--output FILE[.gz]] [filters] (dyad export --help lists them)"

// runExport writes stored events, de-duplicated, in one of the formats of
// package export. It walks the store by event id in pages, so memory stays
// flat however many events there are, and ends by naming the last id, for
// the next incremental pull (--since ID).
func runExport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	format := fs.String("format", "jsonl", "output `format`: "+strings.Join(export.Names(), ", "))
	output := fs.String("output", "", "write to `FILE` instead of standard output; a name ending in .gz is gzipped")
	from := fs.String("from", "", "first event date `YYYY-MM-DD` (inclusive)")
	to := fs.String("to", "", "last event date `YYYY-MM-DD` (inclusive)")
	source := fs.String("source", "", "source actor code `PREFIX` (USA matches USAGOV)")
	target := fs.String("target", "", "target actor code `PREFIX`")
	dyadPair := fs.String("dyad", "", "events between two actors in either direction, `A-B` (e.g. CHN-PHL)")
	root := fs.String("root", "", "two-digit CAMEO `ROOT` (e.g. 19)")
	quad := fs.Int("quad", 0, "quad `class` 1-4 (0: any)")
	modality := fs.String("modality", "", "`LIST` of modalities (asserted,negated,planned,hypothetical,denied) or all; default asserted for gdelt and plover, which have no modality column, all for the others")
	attribution := fs.String("attribution", "all", "named: only events resting on a named source or stated directly; all: every event")
	since := fs.String("since", "", "only events stored after event `ID` (as the last export printed), or stored at or after a TIME (YYYY-MM-DD or RFC 3339)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%s", exportUsage)
	}
	fmtDef, err := export.Lookup(*format)
	if err != nil {
		return fmt.Errorf("--format: %w", err)
	}
	var f dyad.EventFilter
	if f.From, err = parseDateFlag(*from); err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	if f.To, err = parseDateFlag(*to); err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	for _, c := range []struct {
		flag string
		val  string
		dst  *string
	}{{"--source", *source, &f.Source}, {"--target", *target, &f.Target}} {
		if *c.dst, err = actorFlag(c.flag, c.val); err != nil {
			return err
		}
	}
	if *dyadPair != "" {
		a, b, ok := strings.Cut(*dyadPair, "-")
		if !ok {
			return fmt.Errorf("--dyad %q: want two actor codes, as CHN-PHL", *dyadPair)
		}
		if f.Dyad[0], err = actorFlag("--dyad", a); err != nil {
			return err
		}
		if f.Dyad[1], err = actorFlag("--dyad", b); err != nil {
			return err
		}
	}
	if f.Root = *root; f.Root != "" {
		if n, err := strconv.Atoi(f.Root); err != nil || n < 1 || n > 20 || len(f.Root) != 2 {
			return fmt.Errorf("--root %q: want a two-digit CAMEO root from 01 to 20", f.Root)
		}
	}
	if *quad < 0 || *quad > 4 {
		return fmt.Errorf("--quad %d: want 1 to 4, or 0 for any", *quad)
	}
	f.Quad = *quad
	mods := *modality
	if mods == "" {
		mods = "all"
		if !fmtDef.HasModality {
			mods = string(dyad.Asserted)
		}
	}
	if f.Modality, err = parseModalities(mods); err != nil {
		return fmt.Errorf("--modality: %w", err)
	}
	switch *attribution {
	case "named":
		f.NamedOnly = true
	case "all":
	default:
		return fmt.Errorf("--attribution %q: want named or all", *attribution)
	}
	if *since != "" {
		if id, err := strconv.ParseInt(*since, 10, 64); err == nil && id >= 0 {
			f.AfterID = id
		} else if f.AddedSince, err = parseSince(*since); err != nil {
			return err
		}
	}

	st, err := store.OpenExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	out, closeOut, err := openOutput(*output, stdout, fmtDef.Binary)
	if err != nil {
		return err
	}
	b := readBuildInfo()
	w := fmtDef.New(out, export.Options{Coder: "dyad " + b.Version + " " + b.Commit})
	// Export lists every document of every event, not the API's first few.
	f.ByID, f.Limit, f.MaxMentions = true, 1000, -1
	n, undated := 0, 0
	var last int64
	for {
		page, err := st.Events(ctx, f)
		if err != nil {
			closeOut(false)
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			last = e.ID
			if fmtDef.NeedsDate && e.Date == "" {
				undated++
				continue
			}
			if err := w.Write(e); err != nil {
				closeOut(false)
				return fmt.Errorf("writing: %w", err)
			}
			n++
		}
		f.AfterID = page[len(page)-1].ID
	}
	if err := w.Close(); err != nil {
		closeOut(false)
		return fmt.Errorf("writing: %w", err)
	}
	if err := closeOut(true); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "dyad export: %d events (%s; modality %s)\n", n, *format, mods)
	if undated > 0 {
		fmt.Fprintf(stderr, "dyad export: left out %d undated events: a %s record needs a date (date them with dyad recode --date)\n", undated, *format)
	}
	if last > 0 {
		fmt.Fprintf(stderr, "dyad export: last event id %d; export --since %d continues from here\n", last, last)
	}
	return nil
}

// actorFlag reads an actor code prefix.
func actorFlag(name, v string) (string, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	for _, r := range v {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "", fmt.Errorf("%s %q: want an actor code or prefix such as USA or IRNGOV", name, v)
		}
	}
	return v, nil
}

// parseModalities reads a comma-separated list of modalities, or all.
func parseModalities(s string) ([]dyad.Modality, error) {
	all := []dyad.Modality{dyad.Asserted, dyad.Negated, dyad.Planned, dyad.Hypothetical, dyad.Denied}
	if s == "all" {
		return all, nil
	}
	var out []dyad.Modality
	for _, m := range strings.Split(s, ",") {
		m = strings.TrimSpace(m)
		ok := false
		for _, known := range all {
			if string(known) == m {
				out, ok = append(out, known), true
			}
		}
		if !ok {
			return nil, fmt.Errorf("%q: want all, or any of asserted, negated, planned, hypothetical, denied", m)
		}
	}
	return out, nil
}

// parseSince reads --since TIME: a date or an RFC 3339 time.
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--since %q: want an event id, a date YYYY-MM-DD or an RFC 3339 time", s)
}

// openOutput returns where export writes: standard output, or a file
// (gzipped when its name ends in .gz). The file is written beside its
// final name and renamed when complete, so a failed export leaves no
// truncated file; done(false) removes it.
func openOutput(name string, stdout io.Writer, binary bool) (io.Writer, func(ok bool) error, error) {
	if name == "" || name == "-" {
		if f, ok := stdout.(*os.File); ok && binary {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				return nil, nil, fmt.Errorf("not writing binary output to a terminal: give --output FILE")
			}
		}
		bw := bufio.NewWriterSize(stdout, 64<<10)
		return bw, func(ok bool) error {
			if err := bw.Flush(); err != nil {
				return fmt.Errorf("writing: %w", err)
			}
			return nil
		}, nil
	}
	tmp := name + ".part"
	file, err := os.Create(tmp)
	if err != nil {
		return nil, nil, fmt.Errorf("--output: %w", err)
	}
	bw := bufio.NewWriterSize(file, 64<<10)
	var w io.Writer = bw
	var zw *gzip.Writer
	if strings.HasSuffix(name, ".gz") {
		zw = gzip.NewWriter(bw)
		w = zw
	}
	done := func(ok bool) error {
		var err error
		if zw != nil {
			err = zw.Close()
		}
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if !ok || err != nil {
			os.Remove(tmp)
			if err != nil {
				return fmt.Errorf("writing %s: %w", name, err)
			}
			return nil
		}
		if err := os.Rename(tmp, name); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("writing %s: %w", name, err)
		}
		return nil
	}
	return w, done, nil
}
