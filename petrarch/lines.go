package petrarch

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/dyad-events/dyad/internal/lines"
)

// Stats counts what a reader did with a file.
type Stats struct {
	Lines   int // lines read
	Entries int // entries added (phrases, agents, discards or patterns)
	Skipped int // malformed lines skipped
}

// String reports the counts in one line, for warnings.
func (s Stats) String() string {
	return fmt.Sprintf("%d lines, %d entries, %d skipped", s.Lines, s.Entries, s.Skipped)
}

// LineError is a malformed line.
type LineError struct {
	File string
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// line is one dictionary line with its comment removed.
type line struct {
	no       int
	text     string // trimmed, comment removed
	indented bool
}

// scanLines calls fn for every line that is not blank or a comment. It
// drops "#" comments and "<!-- ... -->" comment blocks (which PETRARCH's
// files use for headers), and the carriage returns of DOS line ends. It
// checks ctx every 4096 lines. A line longer than lines.MaxLine is
// skipped, and long is called with its number, so that the reader reports
// it and goes on.
func scanLines(ctx context.Context, r io.Reader, fn func(l line), long func(no int)) (int, error) {
	sc := lines.NewScanner(r, lines.MaxLine)
	inComment := false
	n := 0
	for sc.Scan() {
		n++
		if sc.TooLong() {
			long(n)
			continue
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		raw := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		if inComment {
			if strings.Contains(raw, "-->") {
				inComment = false
			}
			continue
		}
		t := strings.TrimSpace(raw)
		if strings.HasPrefix(t, "<!") {
			if !strings.Contains(t, "-->") && !strings.HasSuffix(t, ">") {
				inComment = true
			}
			continue
		}
		if i := strings.IndexByte(t, '#'); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		if t == "" {
			continue
		}
		fn(line{no: n, text: t, indented: raw != "" && (raw[0] == ' ' || raw[0] == '\t')})
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("reading: %w", err)
	}
	return n, nil
}

// hasWords reports whether a dictionary phrase has any word.
func hasWords(s string) bool { return strings.Trim(s, "_ \t") != "" }

// phraseWords turns a dictionary phrase ("GAZA_CITY", "HAMAS WING",
// "ARNOR_") into its words. Underscores join words; a trailing underscore,
// which marks an exact (unstemmed) word in PETRARCH, is dropped.
func phraseWords(s string) []string {
	return strings.Fields(strings.ReplaceAll(s, "_", " "))
}

// namePhrase turns a dictionary phrase into the phrase dyad adds:
// underscores become spaces and each word is capitalised ("GAZA_CITY" →
// "Gaza City"). It makes one allocation, since the Phoenix dictionaries
// have tens of thousands of phrases.
func namePhrase(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	start := true
	for _, r := range s {
		if r == '_' || unicode.IsSpace(r) {
			start = true
			continue
		}
		if start {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(unicode.ToUpper(r))
			start = false
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// where names a line for an entry's Source.
func where(name string, line int) string { return name + ":" + strconv.Itoa(line) }

// tooLong is the message of a line longer than lines.MaxLine.
var tooLong = fmt.Sprintf("line longer than %d bytes skipped", lines.MaxLine)
