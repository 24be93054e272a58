package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/sqlite"
	"github.com/dyad-events/dyad/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) dyad.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "dyad.db"), sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
