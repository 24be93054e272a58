package pipeline

import (
	"strings"
	"testing"
)

// A paragraph of news that uses a prompt's words ("subscribe to",
// "cookie", "click the", "follow us") used to be dropped whole as page
// furniture, and its events with it. Each case is such a paragraph and an
// event it must still yield (source>target root).
func TestNewsThatUsesThePromptWordsKeepsItsEvents(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"a government that does not subscribe to a position",
			"Hungary said it does not subscribe to the EU position, and Poland condemned Russia for the strikes on Kyiv.", "POL>RUS 11"},
		{"a cookie law in the same sentence",
			"Germany criticized China for the cyberattack, a day after Berlin's new cookie law took effect.", "DEU>CHN 11"},
		{"staff who would click the link",
			"Officials said staff would click the link before Estonia accused Russia of the hacking.", "EST>RUS 11"},
		{"states that would follow us",
			"Mali's junta said others would follow us out of ECOWAS, and Burkina Faso expelled French diplomats.", "BFA>FRA 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range codeText(t, tt.text, "2025-06-15") {
				got = append(got, e.Source.Country()+">"+e.Target.Country()+" "+e.Root)
			}
			if !strings.Contains(strings.Join(got, ";")+";", tt.want+";") {
				t.Errorf("%q\n got %v\nwant %s among them", tt.text, got, tt.want)
			}
		})
	}
}

// A prompt on the line of a news sentence is skipped alone.
func TestAPromptAfterNewsYieldsNoEventAndTheNewsKeepsItsOwn(t *testing.T) {
	text := "Japan will send aid to the Philippines next week. Follow us on X for updates from Manila and Tokyo."
	events := codeText(t, text, "2025-06-15")
	if len(events) == 0 {
		t.Fatalf("%q: no event, want JPN>PHL 07 from the first sentence", text)
	}
	for _, e := range events {
		if e.SentenceIndex != 0 {
			t.Errorf("an event from the prompt: %s>%s %s %q", e.Source.Code, e.Target.Code, e.CAMEO, e.Sentence)
		}
	}
}
