package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// commit is the commit the binary was built from. Builds from a git
// checkout record it themselves (debug.BuildInfo's vcs.revision); builds
// without VCS information (a Docker build context, -buildvcs=false) set it
// with -ldflags "-X main.commit=…", as scripts/build.sh does.
var commit = ""

// buildInfo is what dyad version prints.
type buildInfo struct {
	Version string // module version: "(devel)" for a build from a clone
	Commit  string // commit hash, "unknown" if the build did not record one
	Dirty   bool   // the work tree had uncommitted changes
	Go      string
}

func readBuildInfo() buildInfo {
	b := buildInfo{Version: "(devel)", Commit: commit, Go: runtime.Version()}
	if info, ok := debug.ReadBuildInfo(); ok {
		if v := info.Main.Version; v != "" {
			b.Version = v
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.modified":
				b.Dirty = s.Value == "true"
			}
		}
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	return b
}

func runVersion(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dyad version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("usage: dyad version (takes no arguments)")
	}
	b := readBuildInfo()
	dirty := ""
	if b.Dirty {
		dirty = " (modified)"
	}
	fmt.Fprintf(stdout, "dyad %s commit %s%s %s\n", b.Version, b.Commit, dirty, b.Go)
	return nil
}
