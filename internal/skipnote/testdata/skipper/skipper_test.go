package skipper

import (
	"testing"

	"github.com/dyad-events/dyad/internal/skipnote"
)

// Run by skipnote's own test through `go test`, which hides the output of
// passing packages: the skip line must show all the same, once.
func TestNeedsAService(t *testing.T) { skipnote.Skip(t, "Imaginary service", "not installed") }

func TestNeedsItToo(t *testing.T) { skipnote.Skip(t, "Imaginary service", "not installed") }
