package syntax

import (
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
// open-addressing table from feature hash to row, and rows of (class,
// weight) pairs holding only the non-zero weights.
type weights struct {
	nClass int
	keys   []uint64 // power-of-two sized; 0 marks an empty slot
	rowOf  []int32  // row of the key in the same slot
	start  []uint32 // row r is cls/val[start[r]:start[r+1]]
	cls    []uint16
	val    []float32
}

// row returns the index of the feature's row, or -1.
func (w *weights) row(f uint64) int32 {
	if len(w.keys) == 0 {
		return -1
	}
	mask := uint64(len(w.keys) - 1)
	for i := f & mask; ; i = (i + 1) & mask {
		k := w.keys[i]
		if k == f {
			return w.rowOf[i]
		}
		if k == 0 {
			return -1
		}
	}
}

// score adds the weights of every feature to scores, which must have
// nClass entries.
func (w *weights) score(feats []uint64, scores []float32) {
	for _, f := range feats {
		r := w.row(f)
		if r < 0 {
			continue
		}
		a, b := w.start[r], w.start[r+1]
		cls := w.cls[a:b]
		val := w.val[a:b]
		for i, c := range cls {
			scores[c] += val[i]
		}
	}
}

// buildWeights packs feature rows into a weights table.
func buildWeights(nClass int, keys []uint64, rows [][]classWeight) *weights {
	w := &weights{nClass: nClass}
	size := 1
	for size < 2*len(keys)+1 {
		size <<= 1
	}
	w.keys = make([]uint64, size)
	w.rowOf = make([]int32, size)
	w.start = make([]uint32, 1, len(keys)+1)
	mask := uint64(size - 1)
	for r, k := range keys {
		i := k & mask
		for w.keys[i] != 0 {
			i = (i + 1) & mask
		}
		w.keys[i] = k
		w.rowOf[i] = int32(r)
		for _, cw := range rows[r] {
			w.cls = append(w.cls, cw.cls)
			w.val = append(w.val, cw.w)
		}
		w.start = append(w.start, uint32(len(w.cls)))
	}
	return w
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
	var keys []uint64
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
		keys = append(keys, t.keys[r])
		rows = append(rows, out)
	}
	return buildWeights(t.nClass, keys, rows)
}

// argmax returns the highest-scoring class that allowed accepts (every
// class when allowed is nil), or -1 when none is allowed.
func argmax(scores []float32, allowed func(int) bool) int {
	best, bestScore := -1, float32(math.Inf(-1))
	for c, s := range scores {
		if s > bestScore && (allowed == nil || allowed(c)) {
			best, bestScore = c, s
		}
	}
	return best
}
