package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

const petrarchTestdata = "../../petrarch/testdata/"

func TestPetrarchRecordsAreReadWithTheirConfigAndExpectations(t *testing.T) {
	f, err := os.Open(petrarchTestdata + "records.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := readPetrarchRecords(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 {
		t.Fatalf("read %d records, want 6", len(recs))
	}
	tests := []struct {
		i        int
		expected string
		active   bool
		inapp    bool
	}{
		{0, "ATL,LEM,0356", true, false},
		{1, "ATL,LEM,043 LEM,ATL,042", true, false},
		{2, "", true, false}, // noevents
		{3, "ATL,LEM,043", false, false},
		{4, "", true, true}, // a PETRARCH input error
	}
	for _, tt := range tests {
		r := &recs[tt.i]
		if got := strings.Join(r.expected(), " "); got != tt.expected {
			t.Errorf("%s: expected %q, want %q", r.ID, got, tt.expected)
		}
		if (r.Active != "false") != tt.active || r.inapplicable() != tt.inapp {
			t.Errorf("%s: active %q, inapplicable %v", r.ID, r.Active, r.inapplicable())
		}
		if r.config["require_dyad"] != "true" {
			t.Errorf("%s: config %v, want require_dyad=true from the <Config> before it", r.ID, r.config)
		}
	}
}

func TestEvalPetrarchReportsFailuresAndThePassRate(t *testing.T) {
	d := petrarchTestdata
	var stdout, stderr bytes.Buffer
	err := runEvalPetrarch(context.Background(), []string{"--records", d + "records.xml", "--record-parse",
		"--verbs", d + "verbs.txt", "--actors", d + "actors.txt", "--agents", d + "agents.txt",
		"--discards", d + "discards.txt", "--dict-only"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("eval petrarch: %v\n%s", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"FAIL R6", "expected: ATL,LEM,190", "produced: ATL,LEM,043 LEM,ATL,042", "passed 3/4 ", "passed 3/5\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr.String(), "verbs.txt:") {
		t.Errorf("malformed lines of verbs.txt were not reported:\n%s", stderr.String())
	}
}
