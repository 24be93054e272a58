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
