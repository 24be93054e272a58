package skipnote_test

import (
	"os/exec"
	"strings"
	"testing"
)

func TestGoTestShowsOneLinePerSkippedService(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test in a child process")
	}
	// -count=1: a cached result replays no output at all.
	out, err := exec.Command("go", "test", "-count=1", "./testdata/skipper").CombinedOutput()
	if err != nil {
		t.Fatalf("go test: %v\n%s", err, out)
	}
	want := "dyad test: skipped Imaginary service in ./internal/skipnote/testdata/skipper: not installed"
	if n := strings.Count(string(out), want); n != 1 {
		t.Errorf("go test printed the skip line %d times, want once:\n%s", n, out)
	}
}
