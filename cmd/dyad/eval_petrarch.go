package main

import (
	"context"
	"fmt"
	"io"
)

// runEvalPetrarch runs the PETRARCH unit-test records; see the dictionary issue.
func runEvalPetrarch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet available")
}
