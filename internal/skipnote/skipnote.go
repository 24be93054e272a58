// Package skipnote lets a test that needs something outside the
// repository — a PostgreSQL server, a Chromium binary, the large data in
// ../shared — skip visibly. `go test ./...` hides the output of passing
// packages, skip messages included, so a test suite that silently skipped
// its database tests looks the same as one that ran them. Skip prints one
// line per missing service where the go command prints its own.
package skipnote

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var printed sync.Map // what → struct{}: one line per service and test binary

// Skip skips t because what (e.g. "PostgreSQL", "Chromium", "../shared
// seed article") is not available, for the reason why, and prints
// "dyad test: skipped WHAT: WHY" once per test binary.
func Skip(t testing.TB, what, why string) {
	t.Helper()
	Note(what, why)
	t.Skipf("skipped (%s not available): %s", what, why)
}

// Note prints the skip line for what without skipping a test, for test
// mains and benchmarks that decide for themselves.
func Note(what, why string) {
	if _, dup := printed.LoadOrStore(what, struct{}{}); dup {
		return
	}
	pkg := ""
	if wd, err := os.Getwd(); err == nil {
		pkg = " in " + shortDir(wd)
	}
	line := fmt.Sprintf("dyad test: skipped %s%s: %s\n", what, pkg, why)
	w := goCommandStderr()
	if w == nil {
		fmt.Fprint(os.Stderr, line)
		return
	}
	defer w.Close()
	fmt.Fprint(w, line)
}

// goCommandStderr opens the standard error of the go command that runs
// this test binary, which `go test` does not buffer, or returns nil when
// the binary was started some other way (its own stderr is then seen).
func goCommandStderr() *os.File {
	ppid := os.Getppid()
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", ppid))
	if err != nil || strings.TrimSpace(string(comm)) != "go" {
		return nil
	}
	f, err := os.OpenFile(fmt.Sprintf("/proc/%d/fd/2", ppid), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil
	}
	return f
}

// shortDir is the package directory relative to the module root (the
// nearest directory above with a go.mod), for the message.
func shortDir(wd string) string {
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if rel, err := filepath.Rel(dir, wd); err == nil {
				return "./" + filepath.ToSlash(rel)
			}
			return wd
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}
