package ingest

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/dyad-events/dyad"
)

// The fuzz targets of the readers: none may panic, hang, or emit a
// document that breaks the reader's contract (valid UTF-8 within the
// document limit). `go test` runs their seeds (f.Add and
// testdata/fuzz/FUZZNAME); scripts/fuzz.sh fuzzes them.

// fuzzLimit keeps fuzzed documents small, so that the limits are met.
const fuzzLimit = 4096

// checkDocs fails on a document that breaks the contract.
func checkDoc(t *testing.T, d *dyad.Document) {
	t.Helper()
	if !utf8.ValidString(d.Text) {
		t.Fatalf("document %q has invalid UTF-8", d.ID)
	}
	if len(d.Text) > fuzzLimit {
		t.Fatalf("document %q has %d bytes, over the %d-byte limit", d.ID, len(d.Text), fuzzLimit)
	}
	if d.Text == "" {
		t.Fatalf("document %q is empty", d.ID)
	}
}

func addFiles(f *testing.F, paths ...string) {
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func fuzzRead(t *testing.T, format string, data []byte) {
	opts := Options{Format: format, MaxDocBytes: fuzzLimit, MaxLineBytes: 1024}
	err := Read(context.Background(), "fuzz", bytes.NewReader(data), opts, func(d *dyad.Document) error {
		checkDoc(t, d)
		return nil
	}, func(error) {})
	if err != nil {
		t.Fatalf("Read: %v (only emit errors and unknown formats end a read)", err)
	}
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("Russia attacked Ukraine on Thursday.\nOfficials said."))
	f.Add([]byte("\xef\xbb\xbfA line.\r\n\r\n"))
	f.Add([]byte("bad \xff utf8"))
	f.Add([]byte("nul \x00 byte"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "text", data) })
}

func FuzzReadHTML(f *testing.F) {
	addFiles(f, "testdata/read/page.html")
	f.Add([]byte(article))
	f.Add([]byte("<html><body><p>Egypt hosted talks.</p><script>x</script></body></html>"))
	f.Add([]byte("<p><b><i><u>unclosed"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "html", data) })
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"j1","date":"2024-03-02","url":"https://x.example/1","text":"India and Pakistan exchanged fire."}` + "\n" + `{"id":2,"text":"Egypt hosted talks."}`))
	f.Add([]byte(`{"text":null}` + "\n" + `not json` + "\n" + `{"text":"x","date":"2024-13-45"}`))
	f.Add([]byte(`{"id":{"a":1},"text":"\u0000"}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "jsonl", data) })
}

// fuzzSource runs a stream reader (feeds, WARC) over data.
func fuzzSource(t *testing.T, read func(context.Context, string, *bufio.Reader, SourceOptions, func(*dyad.Document) error, func(error)) error, data []byte) {
	opts := SourceOptions{Options: Options{MaxDocBytes: fuzzLimit, MaxLineBytes: 1024}}
	err := read(context.Background(), "fuzz", bufio.NewReader(bytes.NewReader(data)), opts, func(d *dyad.Document) error {
		checkDoc(t, d)
		return nil
	}, func(error) {})
	if err != nil {
		t.Fatalf("reader: %v (only emit errors and the context end a read)", err)
	}
}

func FuzzReadFeed(f *testing.F) {
	addFiles(f, "testdata/store-feed.rss", "testdata/store-feed.atom", "testdata/store-bad.rss")
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item rdf:about="x"><description>Text &amp; more &nbsp;</description></item></rdf:RDF>`))
	f.Add([]byte(`<feed><entry><content type="xhtml"><div><p>Japan praised Vietnam.</p></div></content><updated>2024-03-06</updated></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSource(t, readFeed, data) })
}

func FuzzReadWARC(f *testing.F) {
	f.Add([]byte(sampleWARC()))
	f.Add([]byte(warcRecordBytes("resource", "https://news.example/1", "text/plain", "Brazil and Argentina signed a trade agreement.\n") + "GARBAGE\r\n"))
	f.Add([]byte("WARC/1.1\r\nContent-Length: 99999999999\r\n\r\n"))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSource(t, readWARC, data) })
}
