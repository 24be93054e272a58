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

// A record whose parse is not a tree (a word that is its own head) used to
// make the coder recurse until the process died; now it fails on its own
// with an error naming it, and the other records are still scored.
func TestEvalPetrarchRecordParseWithLoopingHeadsIsAnError(t *testing.T) {
	records := `<Sentences>
<Sentence date="20120101" id="LOOP" sentence="true">
<EventCoding eventcode="043" sourcecode="ATL" targetcode="LEM" />
<Text>Atlantis hosted Lemuria.</Text>
<Parse>
1	Atlantis	Atlantis	PROPN	_	_	2	nsubj	_	_
2	hosted	host	VERB	_	_	2	root	_	_
3	Lemuria	Lemuria	PROPN	_	_	2	dobj	_	_
4	.	.	PUNCT	_	_	2	punct	_	_
</Parse>
</Sentence>
<Sentence date="20120101" id="OK" sentence="true">
<EventCoding eventcode="043" sourcecode="ATL" targetcode="LEM" />
<EventCoding eventcode="042" sourcecode="LEM" targetcode="ATL" />
<Text>Atlantis hosted Lemuria.</Text>
<Parse>
1	Atlantis	Atlantis	PROPN	_	_	2	nsubj	_	_
2	hosted	host	VERB	_	_	0	root	_	_
3	Lemuria	Lemuria	PROPN	_	_	2	dobj	_	_
4	.	.	PUNCT	_	_	2	punct	_	_
</Parse>
</Sentence>
</Sentences>`
	path := t.TempDir() + "/loop.xml"
	if err := os.WriteFile(path, []byte(records), 0o644); err != nil {
		t.Fatal(err)
	}
	d := petrarchTestdata
	var stdout, stderr bytes.Buffer
	err := runEvalPetrarch(context.Background(), []string{"--records", path, "--record-parse",
		"--verbs", d + "verbs.txt", "--actors", d + "actors.txt", "--dict-only"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "1 record(s) could not be coded") {
		t.Fatalf("eval petrarch: error %v, want one record that could not be coded", err)
	}
	out := stdout.String()
	for _, want := range []string{"FAIL LOOP", "not a dependency tree", "its own head", "passed 1/2"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
