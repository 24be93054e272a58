package main

import (
	"regexp"
	"strings"
	"testing"
)

func TestHelpExitsZeroForEveryCommand(t *testing.T) {
	cases := [][]string{{"--help"}, {"help"}, {"-h"}, {"train", "--help"}, {"train", "syntax", "--help"}, {"eval", "petrarch", "--help"}}
	for name := range commands() {
		cases = append(cases, []string{name, "--help"}, []string{name, "-h"})
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, stderr := dyadRun(t, args...)
			if code != 0 {
				t.Errorf("dyad %s exited %d, want 0; stderr:\n%s", strings.Join(args, " "), code, stderr)
			}
			if !strings.Contains(strings.ToLower(stderr), "usage") && !strings.Contains(stderr, "-") {
				t.Errorf("dyad %s printed no usage: %q", strings.Join(args, " "), stderr)
			}
		})
	}
}

func TestVersionNamesTheCommit(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, stderr := dyadRun(t, args...)
		if code != 0 {
			t.Fatalf("dyad %s exited %d: %s", args[0], code, stderr)
		}
		if !regexp.MustCompile(`^dyad \S+ commit \S+( \(modified\))? go\d`).MatchString(stdout) {
			t.Errorf("dyad %s printed %q, want `dyad VERSION commit HASH goX.Y`", args[0], stdout)
		}
	}
}

func TestVersionPrintsTheCommitSetAtLinkTime(t *testing.T) {
	old := commit
	defer func() { commit = old }()
	commit = "0123abcd"
	_, stdout, _ := dyadRun(t, "version")
	if !strings.Contains(stdout, "commit 0123abcd") {
		t.Errorf("dyad version printed %q, want the commit set with -X main.commit", stdout)
	}
}

func TestUnknownCommandAndNoArgumentsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nosuch"}} {
		if code, _, _ := dyadRun(t, args...); code != 2 {
			t.Errorf("dyad %v exited %d, want 2", args, code)
		}
	}
}
