package main

import (
	"context"
	"fmt"
	"io"
)

// The server commands are being written; see the dashboard issue.

func runServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet available")
}

func runDemo(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return fmt.Errorf("not yet available")
}
