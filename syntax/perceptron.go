package syntax

import (
	"fmt"
	"math"
	"sort"
)

// Features are 64-bit hashes of a template number and its values. They are
// built without allocating, which keeps tagging and parsing fast.

const (
	hashSeed = 0xcbf29ce484222325
	hashMul  = 0x100000001b3
	mixMul   = 0x9e3779b97f4a7c15
)

// hashString is FNV-1a over the bytes of s.
func hashString(s string) uint64 {
	h := uint64(hashSeed)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= hashMul
	}
	return h
}

// hashBytes is hashString over b.
func hashBytes(b []byte) uint64 {
	h := uint64(hashSeed)
	for _, c := range b {
		h ^= uint64(c)
		h *= hashMul
	}
	return h
}

// mix folds v into the running feature hash h.
func mix(h, v uint64) uint64 {
	h ^= v
	h *= mixMul
	h ^= h >> 29
	return h
}

// feat1, feat2 and feat3 build the hash of template t with one, two or three
// values. Zero is reserved for empty slots in the weight table.
func feat1(t, a uint64) uint64 {
	h := mix(mix(t*mixMul+1, a), 0x51)
	if h == 0 {
		h = 1
	}
	return h
}

func feat2(t, a, b uint64) uint64 {
	h := mix(mix(mix(t*mixMul+2, a), b), 0x52)
	if h == 0 {
		h = 1
	}
	return h
}

func feat3(t, a, b, c uint64) uint64 {
	h := mix(mix(mix(mix(t*mixMul+3, a), b), c), 0x53)
	if h == 0 {
		h = 1
	}
	return h
}

// weights is the compact, read-only form of a trained perceptron: an
// open-addressing table from a feature's short key to its row. Weights are
// quantised to integer steps of the largest magnitude, which changes no
// argmax that matters (see quantLevels). A rare feature's row holds only its non-zero
// weights, each packed with its class in one uint32; a frequent feature
// (non-zero for many classes) has a dense row of int16, which is much
// faster to add up than scattered pairs.
type weights struct {
	nClass int
	scale  float32 // value of one quantisation step
	slots  []slot  // power-of-two sized; key 0 marks an empty slot
	data   []uint32
	dense  []laneGroup // dense rows, denseGroups() groups each (see laneBias)
}

// slot is one entry of the table, 16 bytes so that it never straddles a
// cache line. A row of one or two weights is kept in the slot itself (off
// and e2 hold packed pairs), which saves a cache miss for the many rare
// features; a longer sparse row is data[off:off+n]; a dense row (n ==
// denseRow) starts at dense[off].
type slot struct {
	key, n, off, e2 uint32
}

// maxInline is the longest row kept inside its slot.
const maxInline = 2

const denseRow = ^uint32(0)

// pack stores class c with quantised weight q in one word.
func pack(c int, q int16) uint32 { return uint32(c)<<16 | uint32(uint16(q)) }

func unpack(d uint32) (c int, q int16) { return int(d >> 16), int16(uint16(d)) }

// shortKey keeps 32 bits of a feature hash. With about a million features
// per table, the few keys that collide are merged and an unknown feature
// matches a known one once in thousands of lookups, which costs nothing
// measurable while halving the model's size.
func shortKey(f uint64) uint32 {
	k := uint32(f >> 32)
	if k == 0 {
		k = 1
	}
	return k
}

// addSparse adds the sparse rows to sum.
func addSparse(data []uint32, rows []slot, sum *[maxFastClass]int32) {
	for _, sl := range rows {
		for _, d := range data[sl.off : sl.off+sl.n] {
			sum[uint8(d>>16)] += int32(int16(d))
		}
	}
}

// maxFastClass bounds the classes a table may have: scores are summed
// in an array of this size indexed by a byte, which needs no bounds checks.
const maxFastClass = 256

// checkClasses fails for a table of more classes than scoring handles
// (tagger classes, NER classes, or two per dependency label).
func checkClasses(n int, what string) error {
	if n > maxFastClass {
		return fmt.Errorf("syntax: %d %s classes, more than the %d a weight table can have", n, what, maxFastClass)
	}
	return nil
}

// scoreBuf is the scratch space of weights.score, kept by the caller and
// reused across calls so that scoring allocates and clears nothing large.
type scoreBuf struct {
	first  []slot   // each feature's first slot
	dense  []uint32 // offsets of the dense rows found
	sparse []slot   // sparse rows found (their weights are in data)
	sum    [maxFastClass]int32
}

// score sets scores, which must have nClass entries, to the sums of the
// weights of the features. Scores are in quantisation steps; integer sums are exact,
// so the order in which rows are added does not matter.
//
// Scoring is bound by memory, so it runs in passes: the first loads
// every feature's first slot (independent loads the processor can
// overlap), the second sorts the rows found into inline, sparse and dense
// ones, adding the inline ones; then the sparse rows are added, and last
// the dense rows, which most lookups hit, sixteen classes at a time (see
// addDense).
func (w *weights) score(feats []uint64, scores []int32, b *scoreBuf) {
	if len(w.slots) == 0 {
		clear(scores)
		return
	}
	sum := &b.sum
	clear(sum[:w.nClass])
	w.find(feats, b)
	// Start the loads of the rows held outside their slots before adding
	// any up, again so that their cache misses overlap.
	var touch uint64
	for _, sl := range b.sparse {
		touch += uint64(w.data[sl.off])
	}
	for _, off := range b.dense {
		touch += w.dense[off][0]
	}
	if touch == 1 {
		// Practically never true (and harmless: one quantisation step);
		// it only keeps the compiler from dropping the loads above.
		sum[0]++
	}
	addSparse(w.data, b.sparse, sum)
	w.addDense(b.dense, sum)
	copy(scores[:w.nClass], sum[:])
}

// find looks up the row of every feature: it adds the rows kept inside
// their slot to b.sum and lists the others in b.sparse and b.dense.
func (w *weights) find(feats []uint64, b *scoreBuf) {
	if cap(b.first) < len(feats) {
		b.first = make([]slot, len(feats))
		b.dense = make([]uint32, len(feats))
		b.sparse = make([]slot, len(feats))
	}
	first := b.first[:len(feats)]
	slots := w.slots
	mask := uint32(len(slots) - 1)
	for j, f := range feats {
		first[j] = slots[shortKey(f)&mask]
	}
	// Slices as long as feats, filled by index: appending would call
	// into the runtime inside the loop and spill its registers.
	sum := &b.sum
	dense, sparse := b.dense[:len(feats)], b.sparse[:len(feats)]
	nd, ns := 0, 0
	for j, f := range feats {
		key := shortKey(f)
		sl := first[j]
		if sl.key != key {
			if sl.key == 0 {
				continue
			}
			sl = w.probe(key)
			if sl.key == 0 {
				continue
			}
		}
		switch {
		case sl.n == denseRow:
			dense[nd] = sl.off
			nd++
		case sl.n > maxInline:
			sparse[ns] = sl
			ns++
		case sl.n == 2:
			sum[uint8(sl.e2>>16)] += int32(int16(sl.e2))
			fallthrough
		case sl.n == 1:
			sum[uint8(sl.off>>16)] += int32(int16(sl.off))
		}
	}
	b.dense, b.sparse = dense[:nd], sparse[:ns]
}

// probe looks key up past its first slot, which holds another key; it
// returns an empty slot if key is not in the table.
func (w *weights) probe(key uint32) slot {
	slots := w.slots
	mask := uint32(len(slots) - 1)
	for i := (key + 1) & mask; ; i = (i + 1) & mask {
		if sl := slots[i]; sl.key == key || sl.key == 0 {
			return sl
		}
	}
}

// Dense rows hold four 16-bit lanes per uint64, each weight stored as
// q+laneBias so that lanes are never negative and sums of up to
// maxLaneSum rows cannot carry into the next lane. Rows are made of lane
// groups of four words (sixteen classes), the last padded with zero
// weights.
const (
	laneBias   = quantLevels + 1
	maxLaneSum = 65535 / (2*quantLevels + 1)
)

// laneGroup is sixteen classes of a dense row.
type laneGroup [4]uint64

func (w *weights) denseGroups() int { return (w.nClass + 15) / 16 }

// addDense adds the dense rows at offs to sum. Rows are taken
// maxLaneSum at a time, and each lane group (sixteen classes) of those
// rows is summed in registers, then unpacked into sum.
func (w *weights) addDense(offs []uint32, sum *[maxFastClass]int32) {
	dense := w.dense
	groups := w.denseGroups()
	for len(offs) > 0 {
		chunk := offs[:min(len(offs), maxLaneSum)]
		offs = offs[len(chunk):]
		for g := range groups {
			a := sumGroup(dense[g:], chunk)
			unpackLanes(sum, g, len(chunk), &a)
		}
	}
}

// sumGroup adds up the lane group at each offset of dense.
//
// It is kept out of line: on its own, the compiler keeps the four sums
// and the loop's slices in registers, which inlined it does not.
//
//go:noinline
func sumGroup(dense []laneGroup, offs []uint32) laneGroup {
	var a0, a1, a2, a3 uint64
	for _, off := range offs {
		x := &dense[off]
		a0 += x[0]
		a1 += x[1]
		a2 += x[2]
		a3 += x[3]
	}
	return laneGroup{a0, a1, a2, a3}
}

// unpackLanes adds the sixteen lane sums of n dense rows' group g to
// sum. Classes past nClass (the padding) receive zeros.
func unpackLanes(sum *[maxFastClass]int32, g, n int, a *laneGroup) {
	bias := int32(n * laneBias)
	a0, a1, a2, a3 := a[0], a[1], a[2], a[3]
	s := (*[16]int32)(sum[uint8(16*g):])
	s[0] += int32(uint16(a0)) - bias
	s[1] += int32(uint16(a0>>16)) - bias
	s[2] += int32(uint16(a0>>32)) - bias
	s[3] += int32(a0>>48) - bias
	s[4] += int32(uint16(a1)) - bias
	s[5] += int32(uint16(a1>>16)) - bias
	s[6] += int32(uint16(a1>>32)) - bias
	s[7] += int32(a1>>48) - bias
	s[8] += int32(uint16(a2)) - bias
	s[9] += int32(uint16(a2>>16)) - bias
	s[10] += int32(uint16(a2>>32)) - bias
	s[11] += int32(a2>>48) - bias
	s[12] += int32(uint16(a3)) - bias
	s[13] += int32(uint16(a3>>16)) - bias
	s[14] += int32(uint16(a3>>32)) - bias
	s[15] += int32(a3>>48) - bias
}

// denseGet and denseSet read and write class c of the dense row at off.
func (w *weights) denseGet(off uint32, c int) int16 {
	v := w.dense[int(off)+c/16][c/4%4]
	return int16(int32(uint16(v>>(16*(c%4)))) - laneBias)
}

func (w *weights) denseSet(off uint32, c int, q int16) {
	p, sh := &w.dense[int(off)+c/16][c/4%4], uint(16*(c%4))
	*p = *p&^(0xffff<<sh) | uint64(uint16(int32(q)+laneBias))<<sh
}

// rowOf returns the (class, quantised weight) pairs of a slot's row.
func (w *weights) rowOf(sl slot, fn func(c int, q int16)) {
	if sl.n <= maxInline {
		if sl.n > 0 {
			fn(unpack(sl.off))
		}
		if sl.n > 1 {
			fn(unpack(sl.e2))
		}
		return
	}
	if sl.n == denseRow {
		for c := range w.nClass {
			if q := w.denseGet(sl.off, c); q != 0 {
				fn(c, q)
			}
		}
		return
	}
	for _, d := range w.data[sl.off : sl.off+sl.n] {
		fn(unpack(d))
	}
}

// quantLevels is the number of quantisation steps of each sign. Averaged
// perceptron weights keep their argmax with 11 bits (measured on EWT: no
// change in UAS or UPOS against 16 bits), and small integers make the
// model file 20% smaller.
const quantLevels = 1023

// buildWeights packs feature rows into a weights table. Keys are short keys
// (see shortKey); rows with the same key are summed.
func buildWeights(nClass int, keys []uint32, rows [][]classWeight) *weights {
	var maxAbs float64
	for _, row := range rows {
		for _, cw := range row {
			maxAbs = max(maxAbs, math.Abs(float64(cw.w)))
		}
	}
	scale := float32(maxAbs / quantLevels)
	if scale == 0 {
		scale = 1
	}
	fr := flatRows{starts: make([]int, 1, len(rows)+1)}
	for _, row := range rows {
		for _, cw := range row {
			fr.cls = append(fr.cls, cw.cls)
			fr.q = append(fr.q, int16(max(-32767, min(32767, math.Round(float64(cw.w/scale))))))
		}
		fr.starts = append(fr.starts, len(fr.cls))
	}
	return buildQuantized(nClass, scale, keys, fr)
}

// flatRows are quantised rows laid end to end: row r is
// cls/q[starts[r]:starts[r+1]].
type flatRows struct {
	starts []int
	cls    []uint16
	q      []int16
}

// buildQuantized packs quantised rows into a weights table.
func buildQuantized(nClass int, scale float32, keys []uint32, fr flatRows) *weights {
	w := &weights{nClass: nClass, scale: scale}
	// A load factor of up to 0.7 keeps probe chains short while keeping
	// the table small enough for the cache to matter.
	size := 1
	for float64(size)*0.7 < float64(len(keys)+1) {
		size <<= 1
	}
	w.slots = make([]slot, size)
	mask := uint32(size - 1)
	nDense, nSparse := 0, 0
	for r := range keys {
		if n := fr.starts[r+1] - fr.starts[r]; n*4 > nClass {
			nDense++
		} else {
			nSparse += n
		}
	}
	ng := w.denseGroups()
	w.dense = make([]laneGroup, 0, nDense*ng)
	// Weights from a file written with finer steps are brought down to
	// quantLevels, which the dense lanes rely on.
	var maxQ int
	for _, q := range fr.q {
		maxQ = max(maxQ, int(q), -int(q))
	}
	if maxQ > quantLevels {
		f := float64(quantLevels) / float64(maxQ)
		for j, q := range fr.q {
			fr.q[j] = int16(math.Round(float64(q) * f))
		}
		w.scale /= float32(f)
	}
	w.data = make([]uint32, 0, nSparse)
	for r, key := range keys {
		a, b := fr.starts[r], fr.starts[r+1]
		i := key & mask
		for w.slots[i].key != 0 && w.slots[i].key != key {
			i = (i + 1) & mask
		}
		sl := &w.slots[i]
		if sl.key == key {
			// A colliding key: add to the classes the row has already.
			for j := a; j < b; j++ {
				w.addTo(*sl, int(fr.cls[j]), fr.q[j])
			}
			continue
		}
		sl.key = key
		// Dense rows cost nClass adds; sparse pairs cost about four times
		// as much each, scattered.
		if (b-a)*4 > nClass {
			sl.off, sl.n = uint32(len(w.dense)), denseRow
			for range ng {
				const unit = laneBias * 0x0001000100010001
				w.dense = append(w.dense, laneGroup{unit, unit, unit, unit})
			}
			for j := a; j < b; j++ {
				w.denseSet(sl.off, int(fr.cls[j]), fr.q[j])
			}
			continue
		}
		var nz []uint32
		for j := a; j < b; j++ {
			if fr.q[j] != 0 {
				nz = append(nz, pack(int(fr.cls[j]), fr.q[j]))
			}
		}
		sl.n = uint32(len(nz))
		switch {
		case len(nz) > maxInline:
			sl.off = uint32(len(w.data))
			w.data = append(w.data, nz...)
		case len(nz) == 2:
			sl.off, sl.e2 = nz[0], nz[1]
		case len(nz) == 1:
			sl.off = nz[0]
		}
	}
	return w
}

// addTo adds q to class c of a row where the row has that class.
func (w *weights) addTo(sl slot, c int, q int16) {
	sat := func(v int) int16 { return int16(max(-quantLevels, min(quantLevels, v))) }
	if sl.n <= maxInline {
		// Find the slot again to update it in place.
		mask := uint32(len(w.slots) - 1)
		i := sl.key & mask
		for w.slots[i].key != sl.key {
			i = (i + 1) & mask
		}
		p := &w.slots[i]
		for _, e := range []*uint32{&p.off, &p.e2}[:p.n] {
			if c0, q0 := unpack(*e); c0 == c {
				*e = pack(c, sat(int(q0)+int(q)))
			}
		}
		return
	}
	if sl.n == denseRow {
		w.denseSet(sl.off, c, sat(int(w.denseGet(sl.off, c))+int(q)))
		return
	}
	for j := sl.off; j < sl.off+sl.n; j++ {
		if c0, q0 := unpack(w.data[j]); c0 == c {
			w.data[j] = pack(c, sat(int(q0)+int(q)))
		}
	}
}

type classWeight struct {
	cls uint16
	w   float32
}

// trainer is an averaged perceptron under training. Rows are sparse: a
// feature only holds the classes it was ever updated for, which keeps the
// memory small even with millions of features and ~100 classes.
type trainer struct {
	nClass int
	ids    map[uint64]int32
	keys   []uint64
	rows   [][]entry
	now    int32 // number of examples seen, the clock for lazy averaging
}

type entry struct {
	cls uint16
	w   float32
	tot float64 // sum of w over time up to ts
	ts  int32
}

func newTrainer(nClass int) *trainer {
	return &trainer{nClass: nClass, ids: make(map[uint64]int32)}
}

// score fills scores (len nClass) for the features with the current weights.
func (t *trainer) score(feats []uint64, scores []float32) {
	clear(scores)
	for _, f := range feats {
		r, ok := t.ids[f]
		if !ok {
			continue
		}
		for _, e := range t.rows[r] {
			scores[e.cls] += e.w
		}
	}
}

// tick advances the averaging clock by one example.
func (t *trainer) tick() { t.now++ }

// update moves the weights of feats by d for class c.
func (t *trainer) update(feats []uint64, c int, d float32) {
	for _, f := range feats {
		r, ok := t.ids[f]
		if !ok {
			r = int32(len(t.rows))
			t.ids[f] = r
			t.keys = append(t.keys, f)
			t.rows = append(t.rows, nil)
		}
		row := t.rows[r]
		j := -1
		for i := range row {
			if int(row[i].cls) == c {
				j = i
				break
			}
		}
		if j < 0 {
			row = append(row, entry{cls: uint16(c), ts: t.now})
			t.rows[r] = row
			j = len(row) - 1
		}
		e := &row[j]
		e.tot += float64(t.now-e.ts) * float64(e.w)
		e.ts = t.now
		e.w += d
	}
}

// average returns the averaged weights, dropping those whose magnitude is
// below minAbs, and the features that keep at least one weight.
func (t *trainer) average(minAbs float32) *weights {
	var keys []uint32
	var rows [][]classWeight
	now := float64(t.now)
	if now == 0 {
		now = 1
	}
	for r, row := range t.rows {
		var out []classWeight
		for _, e := range row {
			avg := (e.tot + float64(t.now-e.ts)*float64(e.w)) / now
			if math.Abs(avg) < float64(minAbs) || avg == 0 {
				continue
			}
			out = append(out, classWeight{cls: e.cls, w: float32(avg)})
		}
		if len(out) == 0 {
			continue
		}
		sort.Slice(out, func(i, j int) bool { return out[i].cls < out[j].cls })
		keys = append(keys, shortKey(t.keys[r]))
		rows = append(rows, out)
	}
	return buildWeights(t.nClass, keys, rows)
}

// argmax returns the highest-scoring class (the first of equals).
func argmax[T int32 | float32](scores []T) int {
	best := 0
	for c, s := range scores {
		if s > scores[best] {
			best = c
		}
	}
	return best
}

// pruned returns a copy of w without the weights smaller than minAbs and
// without the features left with none.
func (w *weights) pruned(minAbs float32) *weights {
	var keys []uint32
	var rows [][]classWeight
	for _, sl := range w.slots {
		if sl.key == 0 {
			continue
		}
		var row []classWeight
		w.rowOf(sl, func(c int, q int16) {
			v := float32(q) * w.scale
			if v >= minAbs || v <= -minAbs {
				row = append(row, classWeight{cls: uint16(c), w: v})
			}
		})
		if len(row) > 0 {
			keys = append(keys, sl.key)
			rows = append(rows, row)
		}
	}
	return buildWeights(w.nClass, keys, rows)
}
