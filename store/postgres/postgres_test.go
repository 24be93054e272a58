package postgres_test

import (
	"context"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/store/postgres"
	"github.com/dyad-events/dyad/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) dyad.Store {
		s, err := postgres.Open(context.Background(), storetest.PostgresURL(t), postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
