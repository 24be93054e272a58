package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

// readStream runs one of the stream readers over r and collects what it
// emits and reports, sampling the heap every few documents.
func readStream(t *testing.T, read func(context.Context, string, *bufio.Reader, SourceOptions, func(*dyad.Document) error, func(error)) error,
	name string, r io.Reader, opts SourceOptions) (docs []*dyad.Document, problems []string, peakHeap uint64) {
	t.Helper()
	var ms runtime.MemStats
	n := 0
	err := read(context.Background(), name, bufio.NewReaderSize(r, 64<<10), opts, func(d *dyad.Document) error {
		n++
		if n%500 == 0 {
			runtime.ReadMemStats(&ms)
			peakHeap = max(peakHeap, ms.HeapAlloc)
		}
		if len(docs) < 10 {
			docs = append(docs, d)
		}
		return nil
	}, func(err error) { problems = append(problems, err.Error()) })
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return docs, problems, peakHeap
}

// repeat is a reader of n bytes of one byte, never held in memory.
type repeat struct {
	b byte
	n int64
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	for i := range p {
		p[i] = r.b
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// itemsReader streams a feed of n items.
func itemsReader(n int) io.Reader {
	var parts []io.Reader
	parts = append(parts, strings.NewReader(`<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>`))
	item := `<item><title>Item %d</title><link>https://news.example/%d</link><description>India accused Pakistan of shelling villages along the Line of Control, report %d said. ` +
		strings.Repeat("The army said the exchange lasted for several hours before calm returned. ", 12) + `</description></item>`
	for i := range n {
		parts = append(parts, strings.NewReader(fmt.Sprintf(item, i, i, i)))
	}
	parts = append(parts, strings.NewReader(`</channel></rss>`))
	return io.MultiReader(parts...)
}

// A large local feed is read item by item: the heap does not grow with
// the feed. Before, a 23.8 MB feed cost 476 MB.
func TestFeedsAreReadAsAStream(t *testing.T) {
	const items = 25000 // about 25 MB
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	docs, problems, peak := readStream(t, readFeed, "big.rss", itemsReader(items), SourceOptions{})
	if len(problems) != 0 || len(docs) != 10 {
		t.Fatalf("%d documents kept, problems %q", len(docs), problems)
	}
	grew := int64(peak) - int64(base)
	t.Logf("heap grew by %d MB reading a feed of %d items", grew>>20, items)
	if grew > 64<<20 {
		t.Errorf("reading a 25 MB feed grew the heap by %d MB; want it bounded by one item, not the feed", grew>>20)
	}
}

// A feed item is bounded by the one document limit, like every other
// input. Before, a feed item of 13.3 million characters was stored.
func TestFeedItemsObeyTheDocumentLimit(t *testing.T) {
	big := strings.Repeat("Russia attacked Ukraine. ", 2000) // 50 KB of text
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>small</guid><description>Egypt hosted talks between the two sides.</description></item>
<item><guid>big</guid><description>` + big + `</description></item>
<item><guid>after</guid><description>Japan praised Vietnam.</description></item>
</channel></rss>`
	opts := SourceOptions{Options: Options{MaxDocBytes: 10000}}
	docs, problems, _ := readStream(t, readFeed, "limit.rss", strings.NewReader(feed), opts)
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
		if len(d.Text) > 10000 {
			t.Errorf("document %s has %d bytes, over the 10,000-byte limit", d.ID, len(d.Text))
		}
	}
	if strings.Join(ids, " ") != "small after" || len(problems) != 1 || !strings.Contains(problems[0], "item 2") || !strings.Contains(problems[0], "too large") {
		t.Errorf("documents %q, problems %q; want the items around the big one, and it reported as too large", ids, problems)
	}
	// An item of text within the limit but padded with markup is bounded
	// in what the reader holds, too.
	padded := `<?xml version="1.0"?><rss version="2.0"><channel><item><guid>x</guid><description>` +
		strings.Repeat("<b></b>", 100000) + `Short.</description></item></channel></rss>`
	_, problems, _ = readStream(t, readFeed, "padded.rss", strings.NewReader(padded), opts)
	if len(problems) != 1 || !strings.Contains(problems[0], "too large") {
		t.Errorf("a 700 KB item under a 10 KB limit: problems %q", problems)
	}
}

func TestFeedFormats(t *testing.T) {
	tests := []struct {
		name, feed string
		id, url    string
		text, date string
	}{
		{"RSS 1.0 with dc:date", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example/"><title>t</title></channel>
<item rdf:about="https://news.example/a"><title>A</title><link>https://news.example/a</link><description>Egypt hosted talks.</description><dc:date>2024-03-05T10:00:00Z</dc:date></item></rdf:RDF>`,
			"https://news.example/a", "https://news.example/a", "Egypt hosted talks.", "2024-03-05"},
		{"Atom with xhtml content", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>urn:x:1</id><title>A</title><link rel="alternate" href="https://news.example/b"/><updated>2024-03-06T00:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Japan praised Vietnam.</p><p>Talks went on.</p></div></content></entry></feed>`,
			"urn:x:1", "https://news.example/b", "Japan praised Vietnam.\nTalks went on.", "2024-03-06"},
		{"RSS with HTML entities and a loose date", `<rss version="2.0"><channel><item><link>https://news.example/c</link>
<description>Chile&nbsp;and Peru &eacute;tudi&eacute; talks.</description><pubDate>Tue, 5 Mar 2024 9:30:00 GMT</pubDate></item></channel></rss>`,
			"https://news.example/c", "https://news.example/c", "Chile and Peru étudié talks.", "2024-03-05"},
		{"RSS in ISO-8859-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><item><guid>d</guid><description>Caf\xe9 talks in S\xe3o Paulo.</description></item></channel></rss>",
			"d", "", "Café talks in São Paulo.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, problems, _ := readStream(t, readFeed, "f.xml", strings.NewReader(tt.feed), SourceOptions{})
			if len(docs) != 1 || len(problems) != 0 {
				t.Fatalf("%d documents, problems %q", len(docs), problems)
			}
			d := docs[0]
			date := ""
			if !d.Date.IsZero() {
				date = d.Date.Format("2006-01-02")
			}
			if d.ID != tt.id || d.URL != tt.url || d.Text != tt.text || date != tt.date {
				t.Errorf("document %q %q %q %q, want %q %q %q %q", d.ID, d.URL, d.Text, date, tt.id, tt.url, tt.text, tt.date)
			}
		})
	}
}

// A damaged record in the middle of an archive is reported, and the
// records after it are read. Before, it discarded the rest of the archive.
func TestWARCResumesAfterADamagedRecord(t *testing.T) {
	good := func(uri, text string) string {
		return warcRecordBytes("resource", uri, "text/plain", text+"\n")
	}
	// A Content-Length too short for the block: the record does not end
	// where it says.
	bad := strings.Replace(good("https://news.example/bad", "Broken record text that is long enough."), "Content-Length: 40", "Content-Length: 12", 1)
	archive := good("https://news.example/1", "Brazil and Argentina signed a trade agreement.") + bad +
		good("https://news.example/2", "Egypt hosted talks between the two sides.") +
		"GARBAGE LINE\r\n" + good("https://news.example/3", "Japan praised Vietnam for its help.")
	docs, problems, _ := readStream(t, readWARC, "damaged.warc", strings.NewReader(archive), SourceOptions{})
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if strings.Join(ids, " ") != "https://news.example/1 https://news.example/2 https://news.example/3" {
		t.Errorf("documents %q, want the three good records", ids)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "damaged WARC record") || !strings.Contains(problems[1], "not a WARC version line") {
		t.Errorf("problems %q, want the two damaged places", problems)
	}
}

// A gzipped archive with one damaged member goes on with the next member.
func TestGzipWARCResumesAfterADamagedMember(t *testing.T) {
	member := func(rec string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(rec))
		zw.Close()
		return b.Bytes()
	}
	first := member(warcRecordBytes("resource", "https://news.example/1", "text/plain", "Brazil and Argentina signed a trade agreement.\n"))
	broken := member(warcRecordBytes("resource", "https://news.example/bad", "text/plain", "Lost text of a broken member.\n"))
	broken[len(broken)/2] ^= 0xff // corrupt the compressed data
	last := member(warcRecordBytes("resource", "https://news.example/2", "text/plain", "Egypt hosted talks between the two sides.\n"))
	archive := append(append(append([]byte{}, first...), broken...), last...)
	docs, problems, _ := readStream(t, readWARC, "damaged.warc.gz", bytes.NewReader(archive), SourceOptions{})
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if strings.Join(ids, " ") != "https://news.example/1 https://news.example/2" || len(problems) == 0 {
		t.Errorf("documents %q, problems %q; want both good members and the damage reported", ids, problems)
	}
}

// A header line of 300 MB is skipped as damage without being held: the
// heap stays small and the next record is read. Before, it cost 1.06 GB.
func TestWARCHeaderLinesAreCapped(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 300 MB")
	}
	huge := io.MultiReader(strings.NewReader("WARC/1.1\r\nWARC-Type: resource\r\nX-Huge: "), &repeat{'a', 300 << 20}, strings.NewReader("\r\n\r\n"),
		strings.NewReader(warcRecordBytes("resource", "https://news.example/after", "text/plain", "Japan praised Vietnam for its help.\n")))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	docs, problems, _ := readStream(t, readWARC, "huge.warc", huge, SourceOptions{})
	runtime.ReadMemStats(&ms)
	if len(docs) != 1 || docs[0].ID != "https://news.example/after" {
		t.Errorf("documents %v, want the record after the huge line", docs)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "header line longer than") {
		t.Errorf("problems %q, want the huge line reported", problems)
	}
	if grew := int64(ms.TotalAlloc) - int64(base); grew > 300<<20 {
		t.Logf("allocated %d MB in total", grew>>20)
	}
	if ms.HeapAlloc > base+64<<20 {
		t.Errorf("the heap holds %d MB more after the huge line", (ms.HeapAlloc-base)>>20)
	}
}

// A WARC file read through ReadSource keeps its records' order and names.
func TestWARCFileWithManyRecordsStreams(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		b.WriteString(warcRecordBytes("resource", fmt.Sprintf("https://news.example/%d", i), "text/plain", fmt.Sprintf("Report %d: Egypt hosted talks.\n", i)))
	}
	path := filepath.Join(t.TempDir(), "many.warc")
	write(t, path, b.String())
	var n int
	err := ReadSource(context.Background(), path, SourceOptions{}, func(d *dyad.Document) error {
		if d.ID != fmt.Sprintf("https://news.example/%d", n) {
			t.Errorf("document %d is %s", n, d.ID)
		}
		n++
		return nil
	}, func(err error) { t.Errorf("problem: %v", err) })
	if err != nil || n != 200 {
		t.Fatalf("read %d documents, error %v", n, err)
	}
}
