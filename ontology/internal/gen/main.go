// Command gen builds dyad's CAMEO ontology table (ontology/cameo.tsv) from
// three published tables: the CAMEO code names of the ICEWS codebook, the
// GDELT Goldstein scale, and the PLOVER project's CAMEO→PLOVER conversion.
// It merges them into one table so that codes and scores live in one place.
//
//	go run ./ontology/internal/gen -data ../shared/data > ontology/cameo.tsv
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type entry struct {
	code, name          string
	goldstein           float64
	hasGoldstein        bool
	ploverType, ploMode string
}

func main() {
	data := flag.String("data", "../shared/data", "folder with cameo/ and plover/ reference tables")
	flag.Parse()
	if err := run(*data, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(data string, w io.Writer) error {
	entries := map[string]*entry{}
	if err := readICEWS(filepath.Join(data, "cameo", "icews_cameo_codes.csv"), entries); err != nil {
		return err
	}
	if err := readGDELT(filepath.Join(data, "cameo", "gdelt_CAMEO.goldsteinscale.txt"), entries); err != nil {
		return err
	}
	if err := readPLOVER(filepath.Join(data, "plover", "CAMEO2PLOVER-2021.txt"), entries); err != nil {
		return err
	}
	codes := make([]string, 0, len(entries))
	for c := range entries {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# dyad CAMEO ontology: code, root, quad class, Goldstein score (GDELT scale; ICEWS where GDELT has none),")
	fmt.Fprintln(bw, "# PLOVER type and mode (PLOVER CAMEO2PLOVER-2021; roots 01 and 02 have no PLOVER type there: 02 appeals are")
	fmt.Fprintln(bw, "# mapped to REQUEST like 10 demands, 01 statements to none), and the CAMEO name. Built by ontology/internal/gen.")
	fmt.Fprintln(bw, "code\troot\tquad\tgoldstein\tplover_type\tplover_mode\tname")
	for _, c := range codes {
		e := entries[c]
		g := e.goldstein
		if !e.hasGoldstein {
			// Fall back to the nearest ancestor with a score.
			for p := c[:len(c)-1]; len(p) >= 2; p = p[:len(p)-1] {
				if pe, ok := entries[p]; ok && pe.hasGoldstein {
					g = pe.goldstein
					break
				}
			}
		}
		pt, pm := e.ploverType, e.ploMode
		if pt == "" {
			pt, pm = inheritPLOVER(c, entries)
		}
		root := c[:2]
		fmt.Fprintf(bw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", c, root, quad(root), strconv.FormatFloat(g, 'f', -1, 64), pt, pm, e.name)
	}
	return bw.Flush()
}

// inheritPLOVER takes the PLOVER type from the nearest coded ancestor, and
// maps root 02 (appeals) like root 10 (demands).
func inheritPLOVER(c string, entries map[string]*entry) (string, string) {
	for p := c[:len(c)-1]; len(p) >= 2; p = p[:len(p)-1] {
		if pe, ok := entries[p]; ok && pe.ploverType != "" {
			return pe.ploverType, pe.ploMode
		}
	}
	if strings.HasPrefix(c, "02") {
		if e, ok := entries["10"+c[2:]]; ok && e.ploverType != "" {
			return e.ploverType, e.ploMode
		}
		return "REQUEST", ""
	}
	return "", ""
}

// quad is the quad class of a root: 1 verbal cooperation (01–05), 2 material
// cooperation (06–08), 3 verbal conflict (09–13), 4 material conflict (14–20).
func quad(root string) int {
	r, _ := strconv.Atoi(root)
	switch {
	case r <= 5:
		return 1
	case r <= 8:
		return 2
	case r <= 13:
		return 3
	}
	return 4
}

func readICEWS(path string, entries map[string]*entry) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	rows, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for i, row := range rows[1:] {
		code, name := row[3], strings.TrimSpace(row[2])
		e := &entry{code: code, name: strings.ToValidUTF8(name, "")}
		if g, err := strconv.ParseFloat(row[4], 64); err == nil {
			e.goldstein, e.hasGoldstein = g, true
		} else {
			return fmt.Errorf("%s:%d: goldstein %q: %w", path, i+2, row[4], err)
		}
		entries[code] = e
	}
	return nil
}

func readGDELT(path string, entries map[string]*entry) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if line == 1 || len(fields) != 2 {
			continue
		}
		g, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		e, ok := entries[fields[0]]
		if !ok {
			e = &entry{code: fields[0]}
			entries[fields[0]] = e
		}
		e.goldstein, e.hasGoldstein = g, true
	}
	return sc.Err()
}

func readPLOVER(path string, entries map[string]*entry) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if i := strings.Index(text, "#"); i >= 0 {
			text = text[:i]
		}
		if strings.HasPrefix(text, "~") {
			break // the table ends here; what follows is notes
		}
		code, rest, ok := strings.Cut(text, ":")
		code = strings.TrimSpace(code)
		if !ok || len(code) < 2 {
			continue
		}
		parts := strings.Split(rest, ",")
		e, ok := entries[code]
		if !ok || e.ploverType != "" {
			continue // unknown code, or a root listed twice (08): the first wins
		}
		e.ploverType = strings.TrimSpace(parts[0])
		if len(parts) > 1 {
			e.ploMode = strings.TrimSpace(parts[1])
		}
	}
	return sc.Err()
}
