package petrarch

import (
	"bufio"
	"io"
	"regexp"
	"strings"
)

// dyadActorHead is the head line of a record in dyad's own actor format.
var dyadActorHead = regexp.MustCompile(`^(country|org|group|sector|person)\b[^:\[]*:`)

// dyadVerbLine is a line of dyad's own verb lexicon: a CAMEO code, then the
// pattern.
var dyadVerbLine = regexp.MustCompile(`^[0-9]{2,4}\s+\S`)

// firstLines returns up to n lines of r that are neither blank nor "#"
// comments.
func firstLines(r io.Reader, n int) []string {
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for len(out) < n && sc.Scan() {
		t := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out = append(out, t)
	}
	return out
}

// IsActorFormat reports whether an actor dictionary, given by its
// beginning, is in PETRARCH's format rather than dyad's: dyad's records
// begin "KIND CODE:".
func IsActorFormat(head io.Reader) bool {
	lines := firstLines(head, 20)
	for _, l := range lines {
		if dyadActorHead.MatchString(l) {
			return false
		}
	}
	return len(lines) > 0
}

// IsVerbFormat reports whether a verb dictionary, given by its beginning,
// is in the CAMEO.2.0 (PETRARCH) format rather than dyad's "CODE PATTERN"
// lines.
func IsVerbFormat(head io.Reader) bool {
	lines := firstLines(head, 20)
	for _, l := range lines {
		if dyadVerbLine.MatchString(l) {
			return false
		}
	}
	return len(lines) > 0
}
