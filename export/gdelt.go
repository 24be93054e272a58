package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dyad-events/dyad"
)

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

// SplitActor splits a CAMEO actor code into GDELT's country, known group
// and type columns: USAGOV is country USA, type GOV; IGOUNO is known group
// UNO; NGOHRIAMN is group AMN with type HRI.
func SplitActor(code string) (country, group string, types [3]string) {
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

// GDELTRow maps a stored event onto the 61 columns of the GDELT 2.0 event
// table; docs/gdelt-export.md documents every column.
func GDELTRow(e dyad.StoredEvent) []string {
	row := make([]string, GDELTColumns)
	row[0] = strconv.FormatInt(e.ID, 10)
	if t, err := time.Parse(time.DateOnly, e.Date); err == nil {
		row[1] = t.Format("20060102")
		row[2] = t.Format("200601")
		row[3] = t.Format("2006")
		row[4] = strconv.FormatFloat(float64(t.Year())+float64(t.YearDay())/365, 'f', 4, 64)
		row[59] = t.Format("20060102") + "000000"
	}
	actor := func(base int, a dyad.Actor) {
		country, group, types := SplitActor(a.Code)
		row[base] = a.Code
		// GDELT's Actor1Name is a name ("UNITED STATES"), not the
		// words of the mention: a pronoun's antecedent, never "IT".
		row[base+1] = strings.ToUpper(actorName(a))
		row[base+2] = country
		row[base+3] = group
		// Ethnic and religion codes (base+4 … base+6) are not coded by dyad.
		row[base+7], row[base+8], row[base+9] = types[0], types[1], types[2]
	}
	actor(5, e.Source)
	actor(15, e.Target)
	row[25] = "0"
	if e.Lead {
		row[25] = "1"
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
	row[52] = e.Place
	row[60] = e.URL
	if row[60] == "" {
		row[60] = "dyad:" + e.DocID
	}
	for i, v := range row {
		// Tabs and newlines would break the record.
		row[i] = tabFree.Replace(v)
	}
	return row
}

var tabFree = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")

// gdeltWriter writes GDELT's tab-separated rows: no quoting, no header.
type gdeltWriter struct{ w *bufio.Writer }

func newGDELT(w io.Writer, _ Options) Writer { return gdeltWriter{bufio.NewWriter(w)} }

func (g gdeltWriter) Write(e dyad.StoredEvent) error {
	_, err := g.w.WriteString(strings.Join(GDELTRow(e), "\t") + "\n")
	return err
}

func (g gdeltWriter) Close() error { return g.w.Flush() }
