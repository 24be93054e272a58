package main

import (
	"context"
	"fmt"
	"io"
)

func runParse(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet available")
}
