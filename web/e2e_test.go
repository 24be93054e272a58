package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/api"
	"github.com/dyad-events/dyad/ingest"
	"github.com/dyad-events/dyad/internal/skipnote"
	"github.com/dyad-events/dyad/pipeline"
	"github.com/dyad-events/dyad/store/sqlite"
	"github.com/dyad-events/dyad/web"
)

// findChromium returns the browser to drive: $DYAD_CHROMIUM, or the first
// of the usual binary names on PATH.
func findChromium() string {
	if p := os.Getenv("DYAD_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// demoCoder is the coder the demo data is coded with. It is a variable
// only so that the test reads like the demo does.
var demoCoder = func(ctx context.Context) (dyad.Coder, error) { return pipeline.New(ctx, pipeline.Options{}) }

// demoStore codes the repository's example articles, as dyad demo does,
// into an SQLite store in a temporary directory.
func demoStore(t *testing.T) dyad.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{})
	if err != nil {
		t.Fatalf("opening store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	coder, err := demoCoder(ctx)
	if err != nil {
		t.Fatalf("loading the coder: %v", err)
	}
	files := []string{"../examples/crisis.jsonl"}
	pages, _ := filepath.Glob("../examples/html/*.html")
	files = append(files, pages...)
	var docs []*dyad.Document
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatalf("reading the examples: %v", err)
		}
		err = ingest.Read(ctx, name, f, ingest.Options{}, func(d *dyad.Document) error {
			docs = append(docs, d)
			return nil
		}, func(err error) { t.Errorf("example rejected: %v", err) })
		f.Close()
		if err != nil {
			t.Fatalf("reading %s: %v", name, err)
		}
	}
	res, _, err := api.CodeAndStore(ctx, st, coder, docs)
	if err != nil {
		t.Fatalf("coding the examples: %v", err)
	}
	if res.Events == 0 {
		t.Fatalf("the coder found no events in the %d example documents: the demo dashboard would be empty", len(docs))
	}
	t.Logf("demo store: %d documents, %d events, %d mentions", res.Documents, res.Events, res.Mentions)
	return st
}

// pickDyad chooses the dyad the test selects: China→Philippines, the
// crisis's main dyad, if the coder found it, else the busiest one.
func pickDyad(t *testing.T, base string) (string, string) {
	t.Helper()
	resp, err := http.Get(base + "/api/network")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var net struct {
		Edges []struct {
			Source, Target string
			Events         int
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&net); err != nil {
		t.Fatal(err)
	}
	if len(net.Edges) == 0 {
		t.Fatal("the network has no edges")
	}
	for _, e := range net.Edges {
		if e.Source == "CHN" && e.Target == "PHL" {
			return e.Source, e.Target
		}
	}
	return net.Edges[0].Source, net.Edges[0].Target
}

func TestDashboardInHeadlessChromium(t *testing.T) {
	browser := findChromium()
	if browser == "" {
		if os.Getenv("DYAD_REQUIRE_BROWSER") == "1" {
			t.Fatal("no chromium binary found and DYAD_REQUIRE_BROWSER=1: install Debian's chromium package or set DYAD_CHROMIUM")
		}
		skipnote.Skip(t, "Chromium", "no chromium binary found: install Debian's chromium package (or set DYAD_CHROMIUM) to run the dashboard test")
	}
	st := demoStore(t)
	srv := httptest.NewServer(api.NewHandler(api.Options{Store: st, Dashboard: web.Handler()}))
	defer srv.Close()
	source, target := pickDyad(t, srv.URL)

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 1600),
	)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()

	// JavaScript exceptions fail the test: the page must run cleanly.
	var mu sync.Mutex
	var jsErrors []string
	err := chromedp.Listen(bctx, func(ev any) {
		if ex, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			d := ex.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			jsErrors = append(jsErrors, fmt.Sprintf("%s (line %d)", msg, d.LineNumber))
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	shot := os.Getenv("DYAD_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(t.TempDir(), "dashboard.png")
	}
	// A failing run still leaves a picture of what the browser showed.
	defer func() {
		if !t.Failed() {
			return
		}
		if png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100)); err == nil && os.WriteFile(shot, png, 0o644) == nil {
			t.Logf("screenshot of the failure: %s", shot)
		}
	}()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	do("loading the dashboard",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-view]`)))
	// The default view is the busiest pair, both ways, by day: the demo
	// crisis's deadly ramming is an alert there, on the chart and in the
	// panel alike.
	type defaultView struct {
		View         string
		Both         bool
		ChartAlerts  int
		PanelEntries []string
	}
	dv := evaluate[defaultView](t, bctx, `({View: document.body.dataset.view, Both: document.getElementById("both").checked,
		ChartAlerts: document.querySelectorAll("#chart .alert-mark.alert-conf").length,
		PanelEntries: [...document.querySelectorAll("#alerts li.alert")].map((li) => li.textContent)})`)
	if !dv.Both || dv.ChartAlerts == 0 || !strings.Contains(strings.Join(dv.PanelEntries, "\n"), "2026-04-27 CHN ↔ PHL turned toward conflict") {
		t.Errorf("the default view (%s, both directions %v) shows %d conflict alerts on the chart and %q in the panel; want the 27 April ramming on both",
			dv.View, dv.Both, dv.ChartAlerts, dv.PanelEntries)
	}
	// Select the dyad with the pickers, as a person would.
	evaluate[bool](t, bctx, `(() => {
		delete document.body.dataset.view;
		for (const [id, v] of [["source", "`+source+`"], ["target", "`+target+`"]]) {
			const s = document.getElementById(id);
			s.value = v;
			s.dispatchEvent(new Event("change", {bubbles: true}));
		}
		return true;
	})()`)
	do("selecting "+source+"→"+target,
		chromedp.WaitVisible(chromedp.CSS(`body[data-view="`+source+`-`+target+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#events tbody td.sentence mark.verb`)))
	points := evaluate[int](t, bctx, `document.querySelectorAll("#chart svg circle.pt").length`)
	alerts := evaluate[int](t, bctx, `document.querySelectorAll("#chart svg .alert-mark").length`)
	edges := evaluate[int](t, bctx, `document.querySelectorAll("#network svg path.edge").length`)
	type eventRow struct {
		Text, Source, Target, Verb string
		Modality, Attribution      string
		DocLink                    string
	}
	row := evaluate[eventRow](t, bctx, `(() => {
		const tr = [...document.querySelectorAll("#events tbody tr")].find((tr) => tr.querySelector("mark.verb") && tr.querySelector("mark.src") && tr.querySelector("mark.tgt"))
			|| document.querySelector("#events tbody tr");
		const q = (sel) => (tr.querySelector(sel) || {}).textContent || "";
		return {Text: q("td.sentence"), Source: q("mark.src"), Target: q("mark.tgt"), Verb: q("mark.verb"),
			Modality: q("span.modality"), Attribution: tr.children[4].textContent, DocLink: (tr.querySelector("td.docs a") || {}).href || ""};
	})()`)
	png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("taking a screenshot: %v", err)
	}
	mu.Lock()
	for _, e := range jsErrors {
		t.Errorf("JavaScript error: %s", e)
	}
	mu.Unlock()
	if points == 0 {
		t.Errorf("the chart of %s→%s drew no points", source, target)
	}
	if edges == 0 {
		t.Errorf("the network drew no edges")
	}
	if row.Verb == "" || row.Source == "" || row.Target == "" {
		t.Errorf("no event row highlights source, target and verb: %+v", row)
	}
	if row.Modality == "" || row.DocLink == "" {
		t.Errorf("the event row lacks its modality or document link: %+v", row)
	}
	t.Logf("%s→%s: %d chart points, %d alert markers, %d network edges", source, target, points, alerts, edges)
	t.Logf("first highlighted row: %q (source %q, target %q, verb %q, %s, %s)", row.Text, row.Source, row.Target, row.Verb, row.Modality, row.Attribution)

	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatalf("saving the screenshot: %v", err)
	}
	t.Logf("screenshot: %s (%d bytes)", shot, len(png))
}

// evaluate runs a script in the page and decodes its result.
func evaluate[T any](t *testing.T, ctx context.Context, script string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script))
	if err != nil {
		t.Fatalf("evaluating %.60q: %v", script, err)
	}
	return v
}

// newBrowser starts headless Chromium for one test, or skips (fails with
// DYAD_REQUIRE_BROWSER=1) when there is none.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	browser := findChromium()
	if browser == "" {
		if os.Getenv("DYAD_REQUIRE_BROWSER") == "1" {
			t.Fatal("no chromium binary found and DYAD_REQUIRE_BROWSER=1")
		}
		t.Skip("no chromium binary found")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(t.TempDir()))
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	return bctx
}

// A stored document whose URL is "javascript:…" (JSON Lines input may
// say anything) is shown without a live link, on the dashboard and on the
// document page.
func TestOnlyWebURLsBecomeLinks(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "links.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	text := "Vietnam protested to China over the shoal."
	for i, u := range []string{"javascript:alert(document.domain)", " JavaScript:alert(1)", "https://news.example.org/ok"} {
		doc := &dyad.Document{ID: fmt.Sprint("d", i), URL: u, Date: time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC),
			Text: text + " " + []string{"Fishing boats were turned back near the reef by patrol vessels.",
				"The foreign ministry summoned the ambassador in Hanoi on Monday morning.",
				"Analysts expect further friction before the regional summit in Manila."}[i]}
		doc.Sentences = []dyad.Sentence{{Index: 0, Span: dyad.Span{0, len(text)}, Text: text}}
		ev := dyad.Event{DocID: doc.ID, Sentence: text, Date: "2026-04-06", SentenceSpan: dyad.Span{0, len(text)},
			Source: dyad.Actor{Code: "VNM", Text: "Vietnam", Span: dyad.Span{0, 7}}, Target: dyad.Actor{Code: "CHN", Text: "China", Span: dyad.Span{21, 26}},
			CAMEO: "111", Root: "11", Quad: 3, Goldstein: -2, Modality: dyad.Asserted, Rule: "test",
			Verb: dyad.Phrase{Text: "protested", Span: dyad.Span{8, 17}}}
		if _, err := st.SaveDocuments(ctx, []dyad.CodedDocument{{Doc: doc, Events: []dyad.Event{ev}}}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(api.NewHandler(api.Options{Store: st, Dashboard: web.Handler()}))
	defer srv.Close()
	bctx := newBrowser(t)
	links := `(() => ({
		Live: [...document.querySelectorAll("a[href]")].filter((a) => !/^(https?:|doc\.html|api\/|\.?\/|#)/i.test(a.getAttribute("href"))).map((a) => a.getAttribute("href")),
		Web: [...document.querySelectorAll("a[href^='https:']")].length,
	}))()`
	type found struct {
		Live []string
		Web  int
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/#source=VNM&target=CHN"),
		chromedp.WaitVisible(chromedp.CSS(`#events tbody td.sentence mark.verb`))); err != nil {
		t.Fatalf("loading the dashboard: %v", err)
	}
	if got := evaluate[found](t, bctx, links); len(got.Live) != 0 || got.Web != 1 {
		t.Errorf("dashboard: live non-web links %q and %d web links; want none and 1", got.Live, got.Web)
	}
	key := dyad.DocumentKey("javascript:alert(document.domain)", text+" Fishing boats were turned back near the reef by patrol vessels.")
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/doc.html?id="+key),
		chromedp.WaitVisible(chromedp.CSS(`#document h2`))); err != nil {
		t.Fatalf("loading the document page: %v", err)
	}
	if got := evaluate[found](t, bctx, links); len(got.Live) != 0 {
		t.Errorf("document page: live non-web links %q", got.Live)
	}
}
