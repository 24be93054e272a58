package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

const tinyTreebank = "../../syntax/testdata/tiny.conllu"

// trainTinyModel trains a model on the syntax package's tiny treebank
// through the command and returns its path.
func trainTinyModel(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "tiny.model.gz")
	var stdout, stderr bytes.Buffer
	err := runTrainSyntax(context.Background(),
		[]string{"--train", tinyTreebank + "," + tinyTreebank, "--dev", tinyTreebank, "--out", out, "--iterations", "10", "--folds", "1"},
		&stdout, &stderr)
	if err != nil {
		t.Fatalf("train syntax: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "dev: ") || !strings.Contains(stdout.String(), "LAS") {
		t.Errorf("train syntax did not print dev scores:\n%s", stdout.String())
	}
	return out
}

func TestTrainSyntaxWritesAModelAndScoresDev(t *testing.T) {
	trainTinyModel(t)
}

func TestTrainSyntaxRejectsMissingFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no flags at all", nil},
		{"no output file", []string{"--train", tinyTreebank}},
		{"a missing training file", []string{"--train", "no/such/file", "--out", filepath.Join(t.TempDir(), "m")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := runTrainSyntax(context.Background(), tc.args, &stdout, &stderr); err == nil {
				t.Error("want an error")
			}
		})
	}
}
