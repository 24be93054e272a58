package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store"
)

// runExport writes stored events, de-duplicated, in one of the field's
// formats. It walks the store by event id in pages, so memory stays flat
// however many events there are.
func runExport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	format := fs.String("format", "jsonl", "output format: jsonl, csv, gdelt or plover")
	from := fs.String("from", "", "first event date `YYYY-MM-DD` (inclusive)")
	to := fs.String("to", "", "last event date `YYYY-MM-DD` (inclusive)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("usage: dyad export [--db URL] --format jsonl|csv|gdelt|plover [--from DATE --to DATE]")
	}
	var f dyad.EventFilter
	var err error
	if f.From, err = parseDateFlag(*from); err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	if f.To, err = parseDateFlag(*to); err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	var write func(dyad.StoredEvent) error
	var finish func() error
	switch *format {
	case "jsonl", "plover":
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		write = func(e dyad.StoredEvent) error { return enc.Encode(e) }
		if *format == "plover" {
			write = func(e dyad.StoredEvent) error { return enc.Encode(ploverRecord(e)) }
		}
		finish = func() error { return nil }
	case "csv", "gdelt":
		cw := csv.NewWriter(bw)
		if *format == "gdelt" {
			// GDELT files are tab-separated with no quoting and no header.
			write = func(e dyad.StoredEvent) error {
				_, err := bw.WriteString(strings.Join(gdeltRow(e), "\t") + "\n")
				return err
			}
		} else {
			if err := cw.Write(exportCSVHeader); err != nil {
				return err
			}
			write = func(e dyad.StoredEvent) error { return cw.Write(exportCSVRow(e)) }
		}
		finish = func() error { cw.Flush(); return cw.Error() }
	default:
		return fmt.Errorf("--format %q: want jsonl, csv, gdelt or plover", *format)
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	// Export lists every document of every event, not the API's first few.
	f.ByID, f.Limit, f.MaxMentions = true, 1000, -1
	n := 0
	for {
		page, err := st.Events(ctx, f)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			if err := write(e); err != nil {
				return fmt.Errorf("writing: %w", err)
			}
			n++
		}
		f.AfterID = page[len(page)-1].ID
	}
	if err := finish(); err != nil {
		return fmt.Errorf("writing: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing: %w", err)
	}
	fmt.Fprintf(stderr, "dyad export: %d events\n", n)
	return nil
}

// exportCSVHeader is the event contract's CSV columns (as dyad code writes
// them) followed by the store's: event id and duplicate counts.
var exportCSVHeader = append(append([]string{"event_id"}, csvHeader...), "num_mentions", "num_articles", "num_sources", "url", "doc_ids")

func exportCSVRow(e dyad.StoredEvent) []string {
	itoa := strconv.Itoa
	row := append([]string{strconv.FormatInt(e.ID, 10)}, csvRow(e.Event)...)
	return append(row, itoa(e.NumMentions), itoa(e.NumArticles), itoa(e.NumSources), e.URL, strings.Join(e.DocIDs, " "))
}

// GDELTColumns is the number of columns of a GDELT 2.0 event record.
const GDELTColumns = 61

// nonState are CAMEO actor prefixes that are not countries: the code names
// an organisation or a transnational group, not a state.
var nonState = map[string]bool{"IGO": true, "NGO": true, "MNC": true, "IMG": true, "INT": true, "UIS": true, "REG": true}

// cameoRoles are CAMEO's three-letter role and sector codes, which GDELT
// puts in the Type columns.
var cameoRoles = map[string]bool{
	"GOV": true, "MIL": true, "REB": true, "OPP": true, "PTY": true, "COP": true, "JUD": true, "SPY": true, "IGO": true, "NGO": true,
	"BUS": true, "CVL": true, "MED": true, "EDU": true, "ELI": true, "LAB": true, "LEG": true, "REF": true, "CRM": true, "HLH": true,
	"AGR": true, "ENV": true, "SET": true, "UAF": true, "RAD": true, "MOD": true, "REL": true, "INS": true, "MNC": true, "DEV": true,
	"HRI": true, "ATH": true, "AMN": true, "IRC": true, "GRP": true,
}

// gdeltActor splits a CAMEO actor code into GDELT's country, known group
// and type columns: USAGOV is country USA, type GOV; IGOUNO is known group
// UNO; NGOHRIAMN is group AMN with type HRI.
func gdeltActor(code string) (country, group string, types [3]string) {
	var chunks []string
	for i := 0; i+3 <= len(code); i += 3 {
		chunks = append(chunks, code[i:i+3])
	}
	if len(chunks) == 0 {
		return "", "", types
	}
	rest := chunks[1:]
	if nonState[chunks[0]] {
		types[0] = chunks[0]
	} else {
		country = chunks[0]
	}
	n := 0
	if types[0] != "" {
		n = 1
	}
	for _, c := range rest {
		if cameoRoles[c] && n < 3 {
			types[n] = c
			n++
		} else if group == "" {
			group = c
		}
	}
	return country, group, types
}

// gdeltRow maps a stored event onto the 61 columns of the GDELT 2.0 event
// table; docs/gdelt-export.md documents every column.
func gdeltRow(e dyad.StoredEvent) []string {
	row := make([]string, GDELTColumns)
	row[0] = strconv.FormatInt(e.ID, 10)
	if t, err := time.Parse("2006-01-02", e.Date); err == nil {
		row[1] = t.Format("20060102")
		row[2] = t.Format("200601")
		row[3] = t.Format("2006")
		row[4] = strconv.FormatFloat(float64(t.Year())+float64(t.YearDay())/365, 'f', 4, 64)
		row[59] = t.Format("20060102") + "000000"
	}
	actor := func(base int, a dyad.Actor) {
		country, group, types := gdeltActor(a.Code)
		row[base] = a.Code
		row[base+1] = strings.ToUpper(a.Text)
		row[base+2] = country
		row[base+3] = group
		// Ethnic and religion codes (base+4 … base+6) are not coded by dyad.
		row[base+7], row[base+8], row[base+9] = types[0], types[1], types[2]
	}
	actor(5, e.Source)
	actor(15, e.Target)
	if e.SentenceIndex == 0 {
		row[25] = "1"
	} else {
		row[25] = "0"
	}
	row[26] = e.CAMEO
	row[27] = e.CAMEO[:min(3, len(e.CAMEO))]
	row[28] = e.Root
	row[29] = strconv.Itoa(e.Quad)
	row[30] = strconv.FormatFloat(e.Goldstein, 'f', 1, 64)
	row[31] = strconv.Itoa(e.NumMentions)
	row[32] = strconv.Itoa(e.NumSources)
	row[33] = strconv.Itoa(e.NumArticles)
	// AvgTone (row[34]) and the Actor1/Actor2 geography (35–50) are not
	// computed. ActionGeo_FullName carries the place the sentence names.
	if e.Place != "" {
		row[52] = e.Place
	}
	row[60] = e.URL
	if row[60] == "" {
		row[60] = "dyad:" + e.DocID
	}
	for i, v := range row {
		// Tabs and newlines would break the record.
		row[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(v)
	}
	return row
}

// ploverEvent is a PLOVER/POLECAT-style record: PLOVER event type and
// mode, actors split into name, country and sector, the story it comes
// from, and dyad's provenance and duplicate counts.
type ploverEvent struct {
	EventID       string            `json:"event_id"`
	EventDate     string            `json:"event_date"`
	EventType     string            `json:"event_type"`
	EventMode     string            `json:"event_mode"`
	EventText     string            `json:"event_text"`
	SourceActor   string            `json:"source_actor"`
	SourceCode    string            `json:"source_code"`
	SourceCountry string            `json:"source_country"`
	SourceSector  string            `json:"source_sector"`
	TargetActor   string            `json:"target_actor"`
	TargetCode    string            `json:"target_code"`
	TargetCountry string            `json:"target_country"`
	TargetSector  string            `json:"target_sector"`
	Verb          string            `json:"verb"`
	Modality      string            `json:"modality"`
	Attribution   *dyad.Attribution `json:"attribution"`
	Location      string            `json:"location,omitempty"`
	CAMEO         string            `json:"cameo"`
	Goldstein     float64           `json:"goldstein"`
	StoryID       string            `json:"story_id"`
	StoryURL      string            `json:"story_url,omitempty"`
	StoryIDs      []string          `json:"story_ids"`
	NumMentions   int               `json:"num_mentions"`
	NumArticles   int               `json:"num_articles"`
	NumSources    int               `json:"num_sources"`
}

func ploverRecord(e dyad.StoredEvent) ploverEvent {
	sc, _, st := gdeltActor(e.Source.Code)
	tc, _, tt := gdeltActor(e.Target.Code)
	return ploverEvent{
		EventID: "dyad-" + strconv.FormatInt(e.ID, 10), EventDate: e.Date,
		EventType: e.PLOVER.Type, EventMode: e.PLOVER.Mode, EventText: e.Sentence,
		SourceActor: e.Source.Text, SourceCode: e.Source.Code, SourceCountry: sc, SourceSector: st[0],
		TargetActor: e.Target.Text, TargetCode: e.Target.Code, TargetCountry: tc, TargetSector: tt[0],
		Verb: e.Verb.Text, Modality: string(e.Modality), Attribution: e.Attribution, Location: e.Place,
		CAMEO: e.CAMEO, Goldstein: e.Goldstein,
		StoryID: e.DocID, StoryURL: e.URL, StoryIDs: e.DocIDs,
		NumMentions: e.NumMentions, NumArticles: e.NumArticles, NumSources: e.NumSources,
	}
}
