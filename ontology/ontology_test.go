package ontology

import "testing"

func TestEmbeddedTableHasEveryRootWithQuadAndGoldstein(t *testing.T) {
	tab := Default()
	if tab.Len() < 300 {
		t.Fatalf("table has %d codes, want the full CAMEO list (>300)", tab.Len())
	}
	tests := []struct {
		code, root, plover string
		quad               int
		goldstein          float64
	}{
		{"129", "12", "REJECT", 3, -5},
		{"190", "19", "ASSAULT", 4, -10},
		{"036", "03", "AGREE", 1, 4},
		{"071", "07", "AID", 2, 7.4},
		{"138", "13", "THREATEN", 3, -7},
		{"020", "02", "REQUEST", 1, 3},
		{"163", "16", "COERCE", 4, -8},
	}
	for _, tt := range tests {
		c, ok := tab.Lookup(tt.code)
		if !ok {
			t.Errorf("code %s missing", tt.code)
			continue
		}
		if c.Root != tt.root || c.Quad != tt.quad || c.Goldstein != tt.goldstein || c.PLOVERType != tt.plover {
			t.Errorf("code %s = %+v, want root %s quad %d goldstein %v plover %s", tt.code, c, tt.root, tt.quad, tt.goldstein, tt.plover)
		}
	}
	for r := 1; r <= 20; r++ {
		root := string(rune('0'+r/10)) + string(rune('0'+r%10))
		if _, ok := tab.Lookup(root); !ok {
			t.Errorf("root %s missing", root)
		}
	}
}

func TestParseNamesTheBadLine(t *testing.T) {
	_, err := Parse("x.tsv", "code\troot\tquad\tgoldstein\tplover_type\tplover_mode\tname\n190\t19\tfour\t-10\tASSAULT\t\tUse force\n")
	if err == nil || err.Error() != `x.tsv:2: quad "four": strconv.Atoi: parsing "four": invalid syntax` {
		t.Fatalf("err = %v", err)
	}
}

func TestPLOVERTableHasEveryTypeTheCAMEOTableUses(t *testing.T) {
	tab := Default()
	for _, c := range tab.codes {
		if c.PLOVERType == "" {
			continue
		}
		p, ok := PLOVER(c.PLOVERType)
		if !ok {
			t.Errorf("CAMEO %s maps to PLOVER %s, which plover.tsv lacks", c.Code, c.PLOVERType)
			continue
		}
		if s := p.Scale(c.PLOVERMode); s < -10 || s > 10 {
			t.Errorf("PLOVER %s/%s scores %v, outside -10..10", c.PLOVERType, c.PLOVERMode, s)
		}
	}
	for _, tc := range []struct {
		typ, mode string
		quad      int
		scale     float64
	}{{"REQUEST", "", 3, 0}, {"ASSAULT", "aerial", 4, -9.5}, {"ACCUSE", "", 3, -3}, {"CONSULT", "visit", 1, 4}, {"AID", "no-such-mode", 2, 10}} {
		p, _ := PLOVER(tc.typ)
		if p.Quad != tc.quad || p.Scale(tc.mode) != tc.scale {
			t.Errorf("PLOVER %s/%s: quad %d scale %v, want %d and %v", tc.typ, tc.mode, p.Quad, p.Scale(tc.mode), tc.quad, tc.scale)
		}
	}
}
