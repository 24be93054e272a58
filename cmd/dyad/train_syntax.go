package main

import (
	"context"
	"fmt"
	"io"
)

func runTrainSyntax(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet available")
}
