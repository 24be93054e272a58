package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// The connection pool and SQLite's heap are bounded: each connection keeps
// its own page cache outside the Go heap, so many concurrent readers would
// otherwise add up to gigabytes.
func TestPoolAndSQLiteHeapAreBounded(t *testing.T) {
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "limits.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got := st.DB().Stats().MaxOpenConnections; got != MaxConns() {
		t.Errorf("the pool holds up to %d connections, want %d", got, MaxConns())
	}
	var limit int64
	if err := st.DB().QueryRow(`PRAGMA soft_heap_limit`).Scan(&limit); err != nil {
		t.Fatal(err)
	}
	if limit != HeapLimit {
		t.Errorf("soft_heap_limit = %d, want %d", limit, HeapLimit)
	}
}

func TestAServingStoreKeepsSmallCaches(t *testing.T) {
	path := filepath.Join(t.TempDir(), "serve.db")
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = Open(context.Background(), path, Options{MustExist: true, Serving: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var cache, temp int64
	if err := st.DB().QueryRow(`PRAGMA cache_size`).Scan(&cache); err != nil {
		t.Fatal(err)
	}
	if err := st.DB().QueryRow(`PRAGMA temp_store`).Scan(&temp); err != nil {
		t.Fatal(err)
	}
	if cache != -ServingCache>>10 || temp != 1 {
		t.Errorf("cache_size %d, temp_store %d; want %d KiB and 1 (file)", cache, temp, -ServingCache>>10)
	}
}
