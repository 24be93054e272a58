package nlp

import (
	"strings"
	"testing"

	"github.com/dyad-events/dyad"
)

// The boilerplate filter decides sentence by sentence: a paragraph of
// news that happens to use a prompt's words keeps its sentences, and a
// credit or prompt is skipped even when it shares a line with news. Each
// case lists the sentences of its text, a leading "-" marking one that
// must be skipped.
func TestBoilerplateIsDecidedSentenceBySentence(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		sents []string
	}{
		{
			"news that does not subscribe to a position keeps its events",
			"Hungary's foreign minister said Budapest does not subscribe to the EU position on Ukraine. He added that Hungary would veto the aid package.",
			[]string{"Hungary's foreign minister said Budapest does not subscribe to the EU position on Ukraine.", "He added that Hungary would veto the aid package."},
		},
		{
			"a cookie ruling is news",
			"France fined Google 150 million euros over its cookie consent rules, the data regulator said on Thursday.",
			[]string{"France fined Google 150 million euros over its cookie consent rules, the data regulator said on Thursday."},
		},
		{
			"clicking a link in a hacking story is news",
			"Investigators said officials were tricked into clicking a link that let the hackers into ministry computers, and Berlin summoned Moscow's ambassador.",
			[]string{"Investigators said officials were tricked into clicking a link that let the hackers into ministry computers, and Berlin summoned Moscow's ambassador."},
		},
		{
			"click the in reported news is news",
			"Estonia said the malware spread when staff would click the attachment, and blamed a Russian military unit.",
			[]string{"Estonia said the malware spread when staff would click the attachment, and blamed a Russian military unit."},
		},
		{
			"others who will follow us is news",
			"Niger's junta leader said other Sahel states would follow us out of ECOWAS within a year.",
			[]string{"Niger's junta leader said other Sahel states would follow us out of ECOWAS within a year."},
		},
		{
			"signing up to a pledge is news",
			"Brazil and Indonesia sign up to the forest pledge as talks in Belem near their end.",
			[]string{"Brazil and Indonesia sign up to the forest pledge as talks in Belem near their end."},
		},
		{
			"quoted speech that says you is news",
			"“We will not subscribe to a plan that you wrote without us,” the Palestinian envoy told the council.",
			[]string{"“We will not subscribe to a plan that you wrote without us,” the Palestinian envoy told the council."},
		},
		{
			"a newsletter prompt after news is skipped alone",
			"Israel struck targets in southern Lebanon overnight, the army said. Subscribe to our newsletter for daily updates.",
			[]string{"Israel struck targets in southern Lebanon overnight, the army said.", "-Subscribe to our newsletter for daily updates."},
		},
		{
			"a read-more link after news is skipped alone",
			"Russia launched 40 drones at Kyiv, Ukraine's air force said. Click here to read more.",
			[]string{"Russia launched 40 drones at Kyiv, Ukraine's air force said.", "-Click here to read more."},
		},
		{
			"a cookie notice is skipped",
			"We use cookies to improve your experience on this site. By continuing to browse, you agree to our use of cookies.",
			[]string{"-We use cookies to improve your experience on this site.", "-By continuing to browse, you agree to our use of cookies."},
		},
		{
			"a prompt after an opening phrase is skipped",
			"For the latest from the region, sign up for our morning briefing.",
			[]string{"-For the latest from the region, sign up for our morning briefing."},
		},
		{
			"a follow prompt is skipped",
			"Follow us on X and Telegram for live coverage.",
			[]string{"-Follow us on X and Telegram for live coverage."},
		},
		{
			"a photo credit is skipped",
			"(AP Photo/Evan Vucci)",
			[]string{"-(AP Photo/Evan Vucci)"},
		},
		{
			"a reporting credit after the story is skipped alone",
			"The talks will resume in Doha next week. (Reporting by Jana Novak; Editing by Tom Reid)",
			[]string{"The talks will resume in Doha next week.", "-(Reporting by Jana Novak; Editing by Tom Reid)"},
		},
		{
			"a copyright line is skipped",
			"© 2025 Gulf Wire. All rights reserved.",
			[]string{"-© 2025 Gulf Wire.", "-All rights reserved."},
		},
		{
			"a heading is skipped whole",
			"Talks Collapse In Geneva",
			[]string{"-Talks Collapse In Geneva"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &dyad.Document{Text: tt.text}
			Segment(doc)
			var got []string
			for _, s := range doc.Sentences {
				mark := ""
				if s.Skip {
					mark = "-"
				}
				got = append(got, mark+s.Text)
			}
			if strings.Join(got, "\n") != strings.Join(tt.sents, "\n") {
				t.Errorf("sentences\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.sents, "\n"))
			}
		})
	}
}
