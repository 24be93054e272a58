package syntax

import (
	"bytes"
	"compress/gzip"
	"runtime"
	"testing"
)

// A model file that claims millions of elements it does not hold fails
// to load without allocating for them.
func TestCorruptModelCountsAllocateNothing(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("\x0edyad-syntax-3\n\xff\xff\xff\x07")) // 16,777,215 POS tags
	zw.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Load(&buf)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("a model claiming 16 million tags loaded")
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("loading it allocated %d MB", grew>>20)
	}
}
