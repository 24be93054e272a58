package syntax

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
)

// encoder writes the model's binary format: unsigned varints, strings as a
// length and bytes. The first error sticks and is returned by flush.
type encoder struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
	err error
}

func (e *encoder) uvarint(v uint64) {
	if e.err != nil {
		return
	}
	n := binary.PutUvarint(e.buf[:], v)
	_, e.err = e.w.Write(e.buf[:n])
}

func (e *encoder) varint(v int64) {
	if e.err != nil {
		return
	}
	n := binary.PutVarint(e.buf[:], v)
	_, e.err = e.w.Write(e.buf[:n])
}

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *encoder) strs(ss []string) {
	e.uvarint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) f32(f float32) {
	if e.err != nil {
		return
	}
	binary.LittleEndian.PutUint32(e.buf[:4], math.Float32bits(f))
	_, e.err = e.w.Write(e.buf[:4])
}

// strMap writes a string map in sorted key order, so saving is
// deterministic.
func (e *encoder) strMap(m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(m[k])
	}
}

// weights writes a weight table: keys sorted and delta-coded, then each
// row's classes (delta-coded) and quantised weights.
func (e *encoder) weights(w *weights) {
	var slots []slot
	for _, sl := range w.slots {
		if sl.key != 0 {
			slots = append(slots, sl)
		}
	}
	slices.SortFunc(slots, func(a, b slot) int { return cmp.Compare(a.key, b.key) })
	e.uvarint(uint64(w.nClass))
	e.uvarint(uint64(len(slots)))
	e.f32(w.scale)
	var last uint32
	for _, sl := range slots {
		e.uvarint(uint64(sl.key - last))
		last = sl.key
		var n uint64
		w.rowOf(sl, func(int, int16) { n++ })
		e.uvarint(n)
		prev := 0
		w.rowOf(sl, func(c int, q int16) {
			e.uvarint(uint64(c - prev)) // classes are sorted within a row
			prev = c
			e.varint(int64(q))
		})
	}
}

type decoder struct {
	r   *bufio.Reader
	err error
}

var errFormat = errors.New("syntax: malformed model")

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.err = err
	}
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d.r)
	if err != nil {
		d.err = err
	}
	return v
}

// count reads a length and checks it against a sanity bound.
func (d *decoder) count(limit uint64) int {
	n := d.uvarint()
	if n > limit && d.err == nil {
		d.err = fmt.Errorf("%w: count %d over %d", errFormat, n, limit)
	}
	if d.err != nil {
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count(1 << 20)
	if d.err != nil || n == 0 {
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = err
		return ""
	}
	return string(b)
}

func (d *decoder) strs() []string {
	n := d.count(1 << 24)
	out := make([]string, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		out = append(out, d.str())
	}
	return out
}

func (d *decoder) f32() float32 {
	if d.err != nil {
		return 0
	}
	var b [4]byte
	if _, err := io.ReadFull(d.r, b[:]); err != nil {
		d.err = err
		return 0
	}
	return math.Float32frombits(binary.LittleEndian.Uint32(b[:]))
}

func (d *decoder) strMap() map[string]string {
	n := d.count(1 << 26)
	m := make(map[string]string, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str()
		m[k] = d.str()
	}
	return m
}

func (d *decoder) weights() *weights {
	nClass := d.count(1 << 16)
	nRows := d.count(1 << 28)
	scale := d.f32()
	if d.err != nil {
		return nil
	}
	keys := make([]uint32, 0, nRows)
	rows := make([][]classWeight, 0, nRows)
	var last uint32
	for i := 0; i < nRows && d.err == nil; i++ {
		last += uint32(d.uvarint())
		keys = append(keys, last)
		n := d.count(uint64(nClass))
		row := make([]classWeight, n)
		c := 0
		for j := range row {
			c += int(d.uvarint())
			if c >= nClass && d.err == nil {
				d.err = fmt.Errorf("%w: class %d of %d", errFormat, c, nClass)
			}
			row[j] = classWeight{cls: uint16(c), w: float32(d.varint()) * scale}
		}
		rows = append(rows, row)
	}
	if d.err != nil {
		return nil
	}
	return buildWeights(nClass, keys, rows)
}
