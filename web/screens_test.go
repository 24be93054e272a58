package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/store/sqlite"
	"github.com/dyad-events/dyad/web"
)

// bigStoreDocs is the size of the store the dashboard is shown over:
// enough documents, actors and days to find what a demo of twenty
// articles hides (a tangled network, a year of daily points, a table
// wider than a phone).
const bigStoreDocs = 3200

var (
	bigActors = []string{"CHN", "PHL", "USA", "JPN", "VNM", "RUS", "UKR", "ISR", "IRN", "IND", "PAK", "TUR", "FRA", "DEU", "EGY", "SAU"}
	// bigCodes are the events drawn: CAMEO code, root, quad, Goldstein,
	// PLOVER type and the verb of the sentence.
	bigCodes = []struct {
		cameo, root string
		quad        int
		goldstein   float64
		plover      string
		verb        string
	}{
		{"040", "04", 1, 1, "CONSULT", "met"},
		{"057", "05", 1, 8, "AGREE", "signed an agreement with"},
		{"111", "11", 3, -2, "ACCUSE", "criticised"},
		{"112", "11", 3, -2, "ACCUSE", "accused"},
		{"130", "13", 3, -4.4, "THREATEN", "threatened"},
		{"173", "17", 4, -5, "COERCE", "detained sailors of"},
		{"190", "19", 4, -10, "ASSAULT", "attacked"},
		{"070", "07", 2, 7, "AID", "sent aid to"},
	}
)

// bigStore writes bigStoreDocs synthetic documents over 15 months into an
// SQLite store: each a short report of one event between two of sixteen
// actors (a few pairs far busier than the rest), and a China–Philippines
// escalation in the last weeks. The events are built directly: this tests
// the dashboard, not the coder.
func bigStore(t *testing.T) dyad.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "big.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rng := rand.New(rand.NewPCG(9, 2026))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	busy := [][2]string{{"CHN", "PHL"}, {"RUS", "UKR"}, {"ISR", "IRN"}, {"USA", "CHN"}, {"IND", "PAK"}}
	var batch []dyad.CodedDocument
	for i := range bigStoreDocs {
		day := start.AddDate(0, 0, i*455/bigStoreDocs)
		var a, b string
		if rng.IntN(3) > 0 {
			p := busy[rng.IntN(len(busy))]
			a, b = p[0], p[1]
			if rng.IntN(2) == 0 {
				a, b = b, a
			}
		} else {
			a, b = bigActors[rng.IntN(len(bigActors))], bigActors[rng.IntN(len(bigActors))]
			for b == a {
				b = bigActors[rng.IntN(len(bigActors))]
			}
		}
		c := bigCodes[rng.IntN(len(bigCodes))]
		if a+b == "CHNPHL" && day.After(start.AddDate(0, 14, 0)) {
			c = bigCodes[4+rng.IntN(3)] // the escalation: threats, detentions, attacks
		}
		sentence := fmt.Sprintf("%s %s %s on day %d, officials in the capital said, in report %d of the wire.", a, c.verb, b, day.YearDay(), i)
		text := sentence + fmt.Sprintf(" Analysts numbered %d expected talks in round %d; observers %d disagreed.", rng.IntN(1e6), i, rng.IntN(1e6))
		n := dyad.RuneLen(sentence)
		doc := &dyad.Document{ID: fmt.Sprintf("wire-%05d.txt", i), URL: fmt.Sprintf("https://outlet%d.example/%d", i%9, i),
			Date: day, DateSource: "record", Text: text, Sentences: []dyad.Sentence{{Index: 0, Span: dyad.Span{0, n}, Text: sentence}}}
		vs := len(a) + 1
		ev := dyad.Event{DocID: doc.ID, Date: day.Format(time.DateOnly), Sentence: sentence, SentenceSpan: dyad.Span{0, n}, Lead: true,
			Source: dyad.Actor{Code: a, Text: a, Name: a, Span: dyad.Span{0, len(a)}},
			Target: dyad.Actor{Code: b, Text: b, Name: b, Span: dyad.Span{vs + len(c.verb) + 1, vs + len(c.verb) + 1 + len(b)}},
			CAMEO:  c.cameo, Root: c.root, Quad: c.quad, Goldstein: c.goldstein, PLOVER: dyad.PLOVER{Type: c.plover},
			Modality: dyad.Asserted, Rule: "verb:synthetic/" + c.cameo, Verb: dyad.Phrase{Text: c.verb, Span: dyad.Span{vs, vs + len(c.verb)}}}
		if i%97 == 0 {
			ev.Attribution = &dyad.Attribution{Text: "officials in the capital"}
		}
		batch = append(batch, dyad.CodedDocument{Doc: doc, Events: []dyad.Event{ev}})
		if len(batch) == 400 || i == bigStoreDocs-1 {
			if _, err := st.SaveDocuments(ctx, batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents < 3000 {
		t.Fatalf("the big store holds %d documents, want 3,000 or more", stats.Documents)
	}
	t.Logf("big store: %d documents, %d events, %s to %s", stats.Documents, stats.Events, stats.First.Format(time.DateOnly), stats.Last.Format(time.DateOnly))
	return st
}

// layoutCheck is what the page reports about its network and table.
type layoutCheck struct {
	Interval     string
	ChartPoints  int
	Nodes, Edges int
	// NodesOutside counts nodes drawn beyond the network panel; Overlaps
	// pairs of nodes closer than their radii plus an arrow's length;
	// Through edges that pass over a node they do not join.
	NodesOutside, Overlaps, Through int
	ShortArrows                     int // edges with less than 12 px of visible line
	PageWidth, ViewWidth            int
	CellsClipped                    int // table cells reaching past the viewport's right edge
	Rows                            int
	PanelAlerts, ChartAlerts        int
}

const layoutScript = `(() => {
	const svg = document.querySelector("#network svg");
	const box = svg.getBoundingClientRect();
	const nodes = [...svg.querySelectorAll(".node circle")].map((c) => ({x: +c.getAttribute("cx"), y: +c.getAttribute("cy"), r: +c.getAttribute("r")}));
	const W = +svg.getAttribute("width"), H = +svg.getAttribute("height");
	let outside = 0, overlaps = 0, through = 0, short = 0;
	for (const n of nodes) if (n.x - n.r < 0 || n.y - n.r < 0 || n.x + n.r > W || n.y + n.r > H) outside++;
	for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
		if (Math.hypot(nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y) < nodes[i].r + nodes[j].r + 20) overlaps++;
	}
	for (const p of svg.querySelectorAll("path.edge")) {
		const len = p.getTotalLength();
		if (len < 12) short++;
		const a = p.getPointAtLength(0), b = p.getPointAtLength(len);
		const ends = nodes.filter((n) => Math.hypot(n.x - a.x, n.y - a.y) <= n.r + 3 || Math.hypot(n.x - b.x, n.y - b.y) <= n.r + 4);
		let hit = false;
		for (let s = 0.05; s < 0.95 && !hit; s += 0.05) {
			const q = p.getPointAtLength(len * s);
			for (const n of nodes) if (!ends.includes(n) && Math.hypot(n.x - q.x, n.y - q.y) < n.r) hit = true;
		}
		if (hit) through++;
	}
	const vw = document.documentElement.clientWidth;
	let clipped = 0;
	for (const td of document.querySelectorAll("#events td")) if (td.getBoundingClientRect().right > vw + 1) clipped++;
	return {
		Interval: document.getElementById("interval").value,
		ChartPoints: Math.max(document.querySelectorAll("#chart .zone").length, 0),
		Nodes: nodes.length, Edges: svg.querySelectorAll("path.edge").length,
		NodesOutside: outside, Overlaps: overlaps, Through: through, ShortArrows: short,
		PageWidth: document.documentElement.scrollWidth, ViewWidth: vw, CellsClipped: clipped,
		Rows: document.querySelectorAll("#events tbody tr").length,
		PanelAlerts: document.querySelectorAll("#alerts li.alert").length,
		ChartAlerts: document.querySelectorAll("#chart .alert-mark").length,
	};
})()`

// TestDashboardScalesToABigStore draws the dashboard over 3,200 documents
// at 1400 px and at 420 px, saves both screenshots (to $DYAD_SCREENSHOTS,
// a directory, when set) and checks what a reader would: a year of data
// shown by week, a network of the busiest dyads that fills its panel with
// no node on top of another and no edge through a node, and on a phone a
// page no wider than the screen with every table cell inside it.
func TestDashboardScalesToABigStore(t *testing.T) {
	bctx := newBrowser(t)
	st := bigStore(t)
	srv := httptest.NewServer(api.NewHandler(api.Options{Store: st, Dashboard: web.Handler()}))
	defer srv.Close()
	dir := os.Getenv("DYAD_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, view := range []struct{ width, height int64 }{{1400, 1500}, {420, 2600}} {
		width := view.width
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			if err := chromedp.Do(bctx,
				chromedp.EmulateViewport(width, view.height),
				chromedp.Navigate(srv.URL+"/"),
				chromedp.WaitVisible(chromedp.CSS(`body[data-view]`)),
				chromedp.WaitVisible(chromedp.CSS(`#events tbody td.sentence mark.verb`)),
				chromedp.WaitVisible(chromedp.CSS(`#network svg path.edge`))); err != nil {
				t.Fatalf("loading the dashboard at %d px: %v", width, err)
			}
			got := evaluate[layoutCheck](t, bctx, layoutScript)
			t.Logf("%d px: %+v", width, got)
			// The viewport, tall enough for the chart, the network, the
			// alerts and the first events: a whole page of 50 events is
			// too tall to read as one picture.
			png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatalf("screenshot: %v", err)
			}
			name := filepath.Join(dir, fmt.Sprintf("dashboard-%dpx.png", width))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s (%d bytes)", name, len(png))
			if got.Interval != "week" {
				t.Errorf("15 months of data are shown by %s; want week", got.Interval)
			}
			if got.ChartPoints < 50 || got.ChartPoints > 80 {
				t.Errorf("the chart has %d periods; want the 66 weeks of the stored period", got.ChartPoints)
			}
			if got.Nodes < 10 || got.Edges == 0 || got.Edges > 24 {
				t.Errorf("the network has %d nodes and %d edges; want 10 or more actors and at most the 24 busiest dyads", got.Nodes, got.Edges)
			}
			if got.NodesOutside > 0 || got.Overlaps > 0 || got.Through > 0 || got.ShortArrows > 0 {
				t.Errorf("the network is tangled: %d nodes outside the panel, %d pairs of nodes too close for an arrow, %d edges through a node, %d arrows too short to read",
					got.NodesOutside, got.Overlaps, got.Through, got.ShortArrows)
			}
			if got.PageWidth > got.ViewWidth || got.CellsClipped > 0 {
				t.Errorf("at %d px the page is %d px wide and %d table cells reach past the screen", got.ViewWidth, got.PageWidth, got.CellsClipped)
			}
			if got.Rows == 0 {
				t.Error("the events table is empty")
			}
			if got.PanelAlerts == 0 && got.ChartAlerts > 0 {
				t.Errorf("the chart marks %d alerts and the panel lists none", got.ChartAlerts)
			}
		})
	}
}
