// Package lines reads text line by line with a bound on the length of a
// line. A longer line is consumed without being held in memory, marked,
// and skipped, and reading goes on: bufio.Scanner instead stops at such a
// line, and a dictionary reader that stops there silently drops the rest
// of its file.
package lines

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// MaxLine is the default bound: far longer than any dictionary or data
// line written by hand.
const MaxLine = 1 << 20

// Scanner reads lines. Line ends (\n or \r\n) are dropped.
type Scanner struct {
	r       *bufio.Reader
	max     int
	line    []byte
	no      int
	tooLong bool
	err     error
}

// NewScanner reads r with lines of at most max bytes (MaxLine if max <= 0).
func NewScanner(r io.Reader, max int) *Scanner {
	if max <= 0 {
		max = MaxLine
	}
	return &Scanner{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// Scan reads the next line and reports whether there was one.
func (s *Scanner) Scan() bool {
	if s.err != nil {
		return false
	}
	s.line, s.tooLong = s.line[:0], false
	read := false
	for {
		chunk, err := s.r.ReadSlice('\n')
		read = read || len(chunk) > 0
		if !s.tooLong {
			if len(s.line)+len(chunk) > s.max+2 { // +2: the line end
				s.tooLong, s.line = true, s.line[:0]
			} else {
				s.line = append(s.line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				s.err = err
			} else {
				s.err = io.EOF
			}
			if !read {
				return false
			}
		}
		s.no++
		s.line = bytes.TrimSuffix(bytes.TrimSuffix(s.line, []byte("\n")), []byte("\r"))
		if len(s.line) > s.max {
			s.tooLong, s.line = true, s.line[:0]
		}
		return true
	}
}

// Text returns the current line; empty if it was too long.
func (s *Scanner) Text() string { return string(s.line) }

// Bytes returns the current line, valid until the next Scan.
func (s *Scanner) Bytes() []byte { return s.line }

// Line returns the 1-based number of the current line.
func (s *Scanner) Line() int { return s.no }

// TooLong reports whether the current line was longer than the bound (and
// skipped).
func (s *Scanner) TooLong() bool { return s.tooLong }

// Max returns the bound on a line.
func (s *Scanner) Max() int { return s.max }

// Err returns the first read error other than io.EOF.
func (s *Scanner) Err() error {
	if errors.Is(s.err, io.EOF) {
		return nil
	}
	return s.err
}
