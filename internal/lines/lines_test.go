package lines

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestScannerSkipsLongLinesAndGoesOn(t *testing.T) {
	tests := []struct {
		name  string
		input string
		max   int
		want  []string // "!" marks a line too long
	}{
		{"plain lines", "a\nbb\nccc\n", 10, []string{"a", "bb", "ccc"}},
		{"no final line end", "a\nbb", 10, []string{"a", "bb"}},
		{"DOS line ends", "a\r\nbb\r\n", 10, []string{"a", "bb"}},
		{"blank lines count", "a\n\nb\n", 10, []string{"a", "", "b"}},
		{"a long line in the middle", "a\n" + strings.Repeat("x", 200000) + "\nb\n", 100, []string{"a", "!", "b"}},
		{"a long last line", "a\n" + strings.Repeat("x", 101), 100, []string{"a", "!"}},
		{"a line exactly at the bound", strings.Repeat("y", 100) + "\n", 100, []string{strings.Repeat("y", 100)}},
		{"empty input", "", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := NewScanner(strings.NewReader(tt.input), tt.max)
			var got []string
			for sc.Scan() {
				if sc.Line() != len(got)+1 {
					t.Fatalf("line number %d, want %d", sc.Line(), len(got)+1)
				}
				if sc.TooLong() {
					got = append(got, "!")
					continue
				}
				got = append(got, sc.Text())
			}
			if sc.Err() != nil {
				t.Fatal(sc.Err())
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("lines %q, want %q", got, tt.want)
			}
		})
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestScannerReportsReadErrors(t *testing.T) {
	sc := NewScanner(failing{}, 0)
	if sc.Scan() || sc.Err() == nil {
		t.Fatalf("Scan over a failing reader: %v", sc.Err())
	}
}

// FuzzScanner checks the scanner against strings.Split: the same lines,
// with those over the bound marked and emptied.
func FuzzScanner(f *testing.F) {
	f.Add("a\nbb\r\nccc", 2)
	f.Add("\n\n\r\n", 1)
	f.Add(strings.Repeat("x", 300)+"\ny", 100)
	f.Fuzz(func(t *testing.T, text string, max int) {
		max = 1 + (max%64+64)%64
		want := strings.Split(text, "\n")
		if strings.HasSuffix(text, "\n") || text == "" {
			want = want[:len(want)-1]
		}
		sc := NewScanner(strings.NewReader(text), max)
		i := 0
		for ; sc.Scan(); i++ {
			if i >= len(want) {
				t.Fatalf("line %d beyond the %d lines of the input", i+1, len(want))
			}
			w := strings.TrimSuffix(want[i], "\r")
			if len(w) > max {
				if !sc.TooLong() || sc.Text() != "" {
					t.Fatalf("line %d (%d bytes, bound %d) not marked too long", i+1, len(w), max)
				}
				continue
			}
			if sc.TooLong() || sc.Text() != w || sc.Line() != i+1 {
				t.Fatalf("line %d = %q (too long %v), want %q", i+1, sc.Text(), sc.TooLong(), w)
			}
		}
		if i != len(want) {
			t.Fatalf("%d lines, want %d", i, len(want))
		}
	})
}
