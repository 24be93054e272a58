package syntax

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
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

// decoder reads the model format from the decompressed bytes in memory,
// which is several times faster than reading varints through an
// io.ByteReader. The first error sticks.
type decoder struct {
	b   []byte
	err error
}

var errFormat = errors.New("syntax: malformed model")

func (d *decoder) fail() {
	if d.err == nil {
		d.err = fmt.Errorf("%w: truncated or corrupt data", errFormat)
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
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

// elems reads the number of elements of a list or map, each of which
// takes at least one byte: a number beyond the bytes left is corrupt data,
// and must not make the reader allocate for elements it does not hold.
func (d *decoder) elems(limit uint64) int {
	n := d.count(limit)
	if n > len(d.b) && d.err == nil {
		d.err = fmt.Errorf("%w: %d elements with %d bytes left", errFormat, n, len(d.b))
		return 0
	}
	return n
}

func (d *decoder) str() string {
	n := d.count(1 << 20)
	if d.err != nil || n == 0 {
		return ""
	}
	if n > len(d.b) {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) strs() []string {
	n := d.elems(1 << 24)
	out := make([]string, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		out = append(out, d.str())
	}
	return out
}

func (d *decoder) f32() float32 {
	if len(d.b) < 4 {
		d.fail()
		return 0
	}
	v := math.Float32frombits(binary.LittleEndian.Uint32(d.b))
	d.b = d.b[4:]
	return v
}

func (d *decoder) strMap() map[string]string {
	n := d.elems(1 << 26)
	m := make(map[string]string, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.str()
		m[k] = d.str()
	}
	return m
}

func (d *decoder) weights() *weights {
	nClass := d.count(maxFastClass)
	nRows := d.elems(1 << 28)
	scale := d.f32()
	if d.err != nil {
		return nil
	}
	keys := make([]uint32, 0, nRows)
	fr := flatRows{starts: make([]int, 1, nRows+1)}
	var last uint32
	for i := 0; i < nRows && d.err == nil; i++ {
		last += uint32(d.uvarint())
		keys = append(keys, last)
		n := d.elems(uint64(nClass))
		c := 0
		for range n {
			c += int(d.uvarint())
			if c >= nClass && d.err == nil {
				d.err = fmt.Errorf("%w: class %d of %d", errFormat, c, nClass)
			}
			q := d.varint()
			if (q > 32767 || q < -32767) && d.err == nil {
				d.err = fmt.Errorf("%w: weight %d out of range", errFormat, q)
			}
			fr.cls = append(fr.cls, uint16(c))
			fr.q = append(fr.q, int16(q))
		}
		fr.starts = append(fr.starts, len(fr.cls))
	}
	if d.err != nil {
		return nil
	}
	return buildQuantized(nClass, scale, keys, fr)
}
