package syntax

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

// Fuzz targets of the syntax readers and of the tree check. `go test`
// runs their seeds; scripts/fuzz.sh fuzzes them.

// FuzzReadCoNLLU reads CoNLL-U; what it reads must write back and read
// again to the same sentences.
func FuzzReadCoNLLU(f *testing.F) {
	data, err := os.ReadFile("testdata/tiny.conllu")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n\n"))
	f.Add([]byte("1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n1.1\tgap\t_\t_\t_\t_\t_\t_\t_\t_\n"))
	f.Add([]byte("# only a comment\n\n\n1\t\t\t\t\t\t-5\t\t\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sents, err := ReadCoNLLU(context.Background(), bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteCoNLLU(&buf, sents); err != nil {
			t.Fatalf("WriteCoNLLU: %v", err)
		}
		again, err := ReadCoNLLU(context.Background(), &buf)
		if err != nil {
			t.Fatalf("reading back what was written: %v\n%s", err, buf.String())
		}
		if len(again) != len(sents) {
			t.Fatalf("read back %d sentences, want %d", len(again), len(sents))
		}
		for i := range sents {
			for j := range sents[i].Words {
				if j >= len(again[i].Words) || again[i].Words[j].ID != sents[i].Words[j].ID || again[i].Words[j].Head != sents[i].Words[j].Head {
					t.Fatalf("sentence %d word %d changed on the round trip", i, j)
				}
			}
			// Whatever heads a file gives, checking the tree never fails
			// to answer.
			ValidateTree(sents[i].Tokens())
		}
	})
}

func FuzzReadIOB2(f *testing.F) {
	data, err := os.ReadFile("testdata/tiny.iob2")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("1\tIran\tB-XYZ\n\n# c\n2\tx\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sents, err := ReadIOB2(context.Background(), bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, s := range sents {
			if len(s.Words) != len(s.Tags) {
				t.Fatalf("%d words and %d tags", len(s.Words), len(s.Tags))
			}
		}
	})
}

// FuzzLoadModel feeds corrupt model files (given uncompressed; the target
// compresses them): Load must fail cleanly or give a model that annotates
// a sentence without panicking.
func FuzzLoadModel(f *testing.F) {
	data, err := os.ReadFile("testdata/tiny.conllu")
	if err != nil {
		f.Fatal(err)
	}
	m, err := Train(context.Background(), bytes.NewReader(data), bytes.NewReader(data),
		TrainOptions{TaggerIterations: 2, ParserIterations: 2, Folds: 1, OnePass: true, MinWeight: 1e-6, ParserMinWeight: 1e-6}, io.Discard)
	if err != nil {
		f.Fatal(err)
	}
	var zipped bytes.Buffer
	if err := m.Save(&zipped); err != nil {
		f.Fatal(err)
	}
	zr, err := gzip.NewReader(&zipped)
	if err != nil {
		f.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Add([]byte("\x0adyad-syntax\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		zw.Write(raw)
		zw.Close()
		m, err := Load(&buf)
		if err != nil {
			return
		}
		toks := []dyad.Token{{Text: "The"}, {Text: "army"}, {Text: "fired"}, {Text: "missiles"}, {Text: "."}}
		m.Annotate(toks)
	})
}

// naiveTree is the obvious, quadratic statement of what ValidateTree
// checks, to test it against.
func naiveTree(heads []int) bool {
	roots := 0
	for i, h := range heads {
		if h < -1 || h >= len(heads) || h == i {
			return false
		}
		if h == -1 {
			roots++
		}
	}
	if len(heads) > 0 && roots != 1 {
		return false
	}
	for i := range heads {
		k := i
		for steps := 0; k != -1; steps++ {
			if steps > len(heads) {
				return false
			}
			k = heads[k]
		}
	}
	return true
}

func FuzzValidateTree(f *testing.F) {
	f.Add([]byte{0, 0, 1})
	f.Add([]byte{2, 0, 1})
	f.Add([]byte{1, 2, 0, 0})
	f.Add([]byte{255, 3, 3, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		// Byte b is the head b-1 (0 is the root); heads past the end stay.
		heads := make([]int, len(data))
		toks := make([]dyad.Token, len(data))
		for i, b := range data {
			heads[i] = int(b) - 1
			if b == 255 {
				heads[i] = -2
			}
			toks[i].Head = heads[i]
		}
		err := ValidateTree(toks)
		if want := naiveTree(heads); (err == nil) != want {
			t.Fatalf("ValidateTree(%v) = %v, the naive check says tree=%v", heads, err, want)
		}
	})
}

// FuzzParserMakesTrees parses any words: the parse must be a tree.
func FuzzParserMakesTrees(f *testing.F) {
	m, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Ethiopia accused Eritrea on Monday of shelling two villages .")
	f.Add(", , , ( ) ; : -- ... !")
	f.Add("said said said the the of of")
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Fields(s)
		if len(words) > 200 {
			words = words[:200]
		}
		toks := make([]dyad.Token, len(words))
		for i, w := range words {
			toks[i].Text = w
		}
		m.Annotate(toks)
		if err := ValidateTree(toks); err != nil {
			t.Fatalf("the parser made a non-tree of %q: %v", words, err)
		}
		if len(toks) > 0 && !reflect.DeepEqual(len(toks), len(words)) {
			t.Fatal("token count changed")
		}
	})
}
