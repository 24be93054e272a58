package watch

import (
	"path/filepath"
	"testing"
)

// A watched feed may be anywhere (the operator named it), but the article
// links found in it reach only public addresses unless AllowPrivate: a
// feed linking to a loopback "internal" page must not make dyad fetch it.
func TestArticleLinksOfAFeedNeverReachPrivateAddresses(t *testing.T) {
	s := newSite(t)
	s.set("/feed.xml", s.rss("/internal/admin.html"))
	s.set("/internal/admin.html", article(1))
	c := newClock()
	w, _ := newWatcher(t, []Feed{{URL: s.url("/feed.xml")}}, openState(t, filepath.Join(t.TempDir(), "state.db")), c)
	w.AllowPrivate = false
	poll(t, w)
	if n := s.hit("/feed.xml"); n != 1 {
		t.Fatalf("the feed, on loopback but named by the operator, was fetched %d times, want 1", n)
	}
	if n := s.hit("/internal/admin.html"); n != 0 {
		t.Errorf("the loopback page linked from the feed was fetched %d times, want none", n)
	}
}
