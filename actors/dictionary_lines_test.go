package actors

import (
	"strings"
	"testing"
)

// A line over the bound is reported by its number and skipped; the records
// after it are loaded.
func TestDictionarySkipsAnOverlongLineAndLoadsTheRest(t *testing.T) {
	text := "country IRN: Iran\n" +
		"country XXX: " + strings.Repeat("Nowhere | ", 220000) + "Elsewhere\n" +
		"country ISR: Israel\n"
	d := New()
	errs := d.Load("long.txt", strings.NewReader(text))
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "long.txt:2: line longer than") {
		t.Errorf("errors %v, want one naming long.txt:2", errs)
	}
	if phrases, _ := d.Size(); phrases < 2 {
		t.Errorf("%d phrases loaded, want Iran and Israel", phrases)
	}
}
