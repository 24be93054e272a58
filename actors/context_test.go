package actors

import (
	"strings"
	"sync"
	"testing"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/nlp"
	"github.com/dyad-events/dyad/syntax"
)

// The tests in this file read sentences as the pipeline does: segmented,
// tagged and parsed by dyad's embedded model, with dyad's embedded
// dictionaries. They assert the exact mentions of each sentence, so that
// an extra or a wrong mention fails them.

var (
	realOnce   sync.Once
	realFinder *Finder
	realParser *syntax.Model
	realErr    error
)

func realReader(t testing.TB) (*Finder, *syntax.Model) {
	t.Helper()
	realOnce.Do(func() {
		var d *Dictionary
		d, _, realErr = Default()
		if realErr != nil {
			return
		}
		realFinder = NewFinder(d)
		realParser, realErr = syntax.Default()
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realFinder, realParser
}

// quoteFold spells quotes as the treebank does, as the pipeline does
// before parsing.
var quoteFold = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"")

// readDoc segments, parses and annotates text dated date (YYYY-MM-DD, or
// "" for none).
func readDoc(t testing.TB, text, date string) *dyad.Document {
	t.Helper()
	f, parser := realReader(t)
	doc := &dyad.Document{Text: text}
	if date != "" {
		doc.Date = day(date)
	}
	nlp.Segment(doc)
	for i := range doc.Sentences {
		s := &doc.Sentences[i]
		if s.Skip {
			continue
		}
		norm := make([]dyad.Token, len(s.Tokens))
		for j, tok := range s.Tokens {
			norm[j] = dyad.Token{Text: quoteFold.Replace(tok.Text), Span: tok.Span}
		}
		parser.Annotate(norm)
		for j := range s.Tokens {
			s.Tokens[j].UPOS, s.Tokens[j].XPOS, s.Tokens[j].Lemma = norm[j].UPOS, norm[j].XPOS, norm[j].Lemma
			s.Tokens[j].Head, s.Tokens[j].Deprel = norm[j].Head, norm[j].Deprel
		}
	}
	f.Annotate(doc)
	return doc
}

// mentionList writes the mentions of doc as "text=CODE" joined by "; ".
func mentionList(doc *dyad.Document) string {
	var out []string
	for _, s := range doc.Sentences {
		for _, m := range s.Mentions {
			out = append(out, m.Text+"="+m.Code)
		}
	}
	return strings.Join(out, "; ")
}

type mentionCase struct {
	name, text, date string
	want             string // every mention, "text=CODE; ..."
}

func runMentionCases(t *testing.T, tests []mentionCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := readDoc(t, tt.text, tt.date)
			if got := mentionList(doc); got != tt.want {
				t.Errorf("%s\n got  %s\n want %s", tt.text, got, tt.want)
			}
		})
	}
}

func TestATitleBeforeASurnameIsTheOfficeHolder(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"a title and a surname the dictionary lists only in full", "Secretary Austin thanked Minister Kishi for the visit.", "2021-03-16",
			"Secretary Austin=USAGOV; Minister Kishi=JPNGOV"},
		{"the same with other people and other titles", "Foreign Minister Barrot called Secretary Hegseth on Monday.", "2025-03-01",
			"Foreign Minister Barrot=FRAGOV; Secretary Hegseth=USAGOV"},
		{"a family name written first", "Minister Wang met the delegation in Beijing.", "2024-05-01",
			"Minister Wang=CHNGOV; delegation=---GOV; Beijing=CHNGOV"},
		{"a title that fits none of the person's offices does not resolve", "Bishop Austin spoke.", "2022-01-10",
			"Bishop Austin=---REL"},
		{"a vice president is not President X", "President Pence spoke.", "2019-06-01",
			"President Pence=---GOV"},
	})
}

func TestWithNoDateTheWordsBeforeAPersonChooseTheirOffice(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"a title", "Rebel leader Riek Machar returned.", "", "Rebel leader Riek Machar=SSDREB"},
		{"a country and a title", "Portuguese Prime Minister Antonio Guterres spoke.", "", "Portuguese Prime Minister Antonio Guterres=PRTGOV"},
		{"an organisation", "NATO Secretary General Jens Stoltenberg spoke.", "", "NATO Secretary General Jens Stoltenberg=IGONAT"},
		{"a date in office wins over the title", "Portuguese Prime Minister Antonio Guterres spoke.", "2020-01-10",
			"Portuguese Prime Minister Antonio Guterres=IGOUNO"},
		{"out of office on the date, the title's country as an elite", "Foreign Minister Radek Sikorski spoke.", "2020-01-10",
			"Foreign Minister Radek Sikorski=POLELI"},
	})
}

func TestATitleBeforeAnUnknownNameIsOneMentionHeadedByTheName(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"a nationality adjective gives the country", "Polish Foreign Minister Radosław Sikorski met Rubio.", "2024-03-01",
			"Polish Foreign Minister Radosław Sikorski=POLGOV; Rubio=USAELI"},
		{"another country, another office", "Estonian Defence Minister Hanno Pevkur visited Kyiv.", "2024-03-01",
			"Estonian Defence Minister Hanno Pevkur=ESTGOV; Kyiv=UKRGOV"},
		{"a qualifier inside the title", "Kenyan Deputy President William Ruto arrived.", "2015-03-01",
			"Kenyan Deputy President William Ruto=KENGOV"},
		{"a portfolio after the title", "Minister of Defense Nobuo Kishi met the press.", "2021-03-16",
			"Minister of Defense Nobuo Kishi=JPNGOV; press=JPNMED"},
		{"a thing named after a title is no person", "The United States issued General License 44.", "2024-01-10",
			"United States=USA"},
	})
	doc := readDoc(t, "Polish Foreign Minister Radosław Sikorski met Rubio.", "2024-03-01")
	s := doc.Sentences[0]
	if m := s.Mentions[0]; s.Tokens[m.Head].Text != "Radosław" && s.Tokens[m.Head].Text != "Sikorski" {
		t.Errorf("head of %q is %q, want the name", m.Text, s.Tokens[m.Head].Text)
	}
}

func TestACountryOrNameBeforeARolePhraseGivesTheRoleItsCountry(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"a possessive and an adjective", "Brazil's federal police arrested him.", "2024-01-10",
			"Brazil's federal police=BRACOP"},
		{"a possessive and two adjectives", "Iran's top nuclear negotiator arrived.", "2024-01-10",
			"Iran's top nuclear negotiator=IRNGOV"},
		{"the apostrophe of an s-final capital", "Athens' foreign ministry summoned the Turkish ambassador.", "2024-01-10",
			"Athens' foreign ministry=GRCGOV; Turkish ambassador=TURGOV"},
		{"a surname before a government word", "Bush administration officials met Iranian diplomats.", "2006-01-10",
			"Bush administration officials=USAGOV; Iranian diplomats=IRNGOV"},
		{"a listed name before a government word", "The Maduro government rejected the report.", "2020-01-10",
			"Maduro government=VENGOV"},
		{"an organisation's envoy for a country is the organisation's", "U.N. Libya envoy Ghassan Salame met tribal leaders.", "2019-01-10",
			"U.N. Libya envoy Ghassan Salame=IGOUNO; tribal leaders=---ELI"},
		{"a country's envoy for another is the first country's", "The US Iran envoy spoke.", "2021-03-10",
			"US Iran envoy=USAGOV"},
		{"the backer in X-backed names no actor of the phrase", "U.S. forces destroyed an Iranian-backed Houthi missile system.", "2024-01-10",
			"U.S. forces=USAMIL; Houthi=YEMREBHTH"},
		{"fighter pilots are military, not rebels", "Ukrainian fighter pilots trained in Denmark.", "2024-01-10",
			"Ukrainian fighter pilots=UKRMIL; Denmark=DNK"},
		{"two roles joined by a possessive stay two", "Russia struck Kyiv's main children's hospital.", "2024-07-08",
			"Russia=RUS; Kyiv=UKRGOV; children=UKRCVL; hospital=UKRHLH"},
	})
}

func TestRolesWithNoCountryTakeOneFromTheirContext(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"a place inside the role's phrase", "Police in Malaysia's capital arrested dozens of people.", "2024-01-10",
			"Police in Malaysia=MYSCOP; people=MYSCVL"},
		{"a place the role's clause happens in", "Riot police fired tear gas at students in Dhaka on Sunday.", "2024-07-10",
			"Riot police=BGDCOP; students in Dhaka=BGDEDU"},
		{"a place in a clause modifying the role", "India blamed the attack on militant groups based in Pakistan.", "2016-09-20",
			"India=IND; militant groups=PAKREB; Pakistan=PAK"},
		{"gunmen take the country where they act", "Gunmen killed five soldiers near Kano.", "2024-01-10",
			"Gunmen=NGAREB; soldiers=NGAMIL; Kano=NGA"},
		{"insurgents likewise", "Insurgents attacked a checkpoint in northern Mali.", "2024-01-10",
			"Insurgents=MLIREB; Mali=MLI"},
		{"a role conjoined before a role of a country", "Police and security forces in Myanmar fired shots.", "2021-03-01",
			"Police=MMRCOP; security forces in Myanmar=MMRCOP"},
		{"the one country of the sentence", "Kashmiri students held anti-India rallies.", "2016-09-20",
			"students=INDEDU; India=IND"},
		{"places in two countries give none", "Protesters marched in Minsk and in Moscow.", "2020-08-20",
			"Protesters=---OPP; Minsk=BLRGOV; Moscow=RUSGOV"},
		{"an embassy in a place is not the place's", "Protesters gathered outside the embassy in Ankara.", "2024-01-10",
			"Protesters=TUROPP; embassy=---GOV; Ankara=TURGOV"},
		{"nor is a diplomat posted there", "The ambassador in Kabul met diplomats in Moscow.", "2024-01-10",
			"ambassador=---GOV; Kabul=AFGGOV; diplomats=---GOV; Moscow=RUSGOV"},
		{"aid groups with no phrase of their own are CAMEO's generic NGO", "Al-Shabab barred aid agencies, Somali officials said.", "2011-07-10",
			"Al-Shabab=SOMREBSHB; aid agencies=NGO; Somali officials=SOMGOV"},
		{"rights groups in a country are that country's", "Rights groups in Iran condemned the executions.", "2024-01-10",
			"Rights groups in Iran=IRNNGO"},
		{"a role loyal to a person belongs to his country", "Forces loyal to President Salva Kiir clashed with rebels.", "2014-01-10",
			"Forces=SSDMIL; President Salva Kiir=SSDGOV; rebels=SSDREB"},
	})
}

func TestRolesTakeTheDocumentsCountryFromItsDatelineOrItsDominantCountry(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"the dateline", "KHARTOUM, June 4 - Police fired tear gas at protesters.", "2019-06-04",
			"Police=SDNCOP; protesters=SDNOPP"},
		{"another dateline", "NAIROBI (Reuters) - The government banned the rally.", "2024-06-25",
			"government=KENGOV"},
		{"the sentence's own countries outrank the dateline", "WASHINGTON - Treasury sanctioned Nicaraguan judges and Russian bankers who serve the regime.", "2021-11-15",
			"Nicaraguan judges=NICJUD; Russian bankers=RUSBUS; regime=---GOV"},
		{"the country the document is about", "Venezuela's opposition rallied on Sunday. Venezuelan troops watched. The government said the rally was illegal.", "2019-05-01",
			"Venezuela's opposition=VENOPP; Venezuelan troops=VENMIL; government=VENGOV"},
		{"the document's country does not override a sentence that names others", "Venezuela's opposition rallied on Sunday. Venezuelan troops watched. Brazil and Colombia said the government had closed the border.", "2019-05-01",
			"Venezuela's opposition=VENOPP; Venezuelan troops=VENMIL; Brazil=BRA; Colombia=COL; government=---GOV"},
		{"no country dominates: no guess", "Russia and Ukraine traded accusations. Germany spoke. The government said nothing.", "2024-05-01",
			"Russia=RUS; Ukraine=UKR; Germany=DEU; government=---GOV"},
	})
}

func TestABareOfficeIsItsHoldersOrganisation(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"the Secretary-General is the UN's", "The Secretary-General said he would visit Egypt, Syria, Lebanon and Jordan.", "2012-03-01",
			"Secretary-General=IGOUNO; he=IGOUNO; Egypt=EGY; Syria=SYR; Lebanon=LBN; Jordan=JOR"},
		{"in lower case too", "Dujarric says the secretary-general will go to Iran.", "2016-03-01",
			"secretary-general=IGOUNO; Iran=IRN"},
		{"the Secretary of a State Department release", "The Secretary expressed support for Colombia.", "2021-10-22",
			"Secretary=USAGOV; Colombia=COL"},
		{"the Secretary of an organisation the document names", "UN chief Antonio Guterres arrived. The Secretary said peace was possible.", "2021-10-22",
			"UN chief Antonio Guterres=IGOUNO; Secretary=IGOUNO"},
		{"a secretary in lower case is no office", "A secretary at the firm resigned.", "2021-10-22", ""},
		{"the holder from an organisation the document names", "NATO allies met in Brussels. The Secretary General called for more spending.", "2019-06-01",
			"NATO=IGONAT; Brussels=IGOEU; Secretary General=IGONAT"},
	})
}

func TestRegionalAdjectivesNameRegionsOnlyBeforeARole(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"Western diplomats", "Western diplomats criticised the move.", "2024-01-10", "Western diplomats=WSTGOV"},
		{"Arab leaders", "Arab leaders met in Cairo.", "2024-01-10", "Arab leaders=MEAGOV; Cairo=EGYGOV"},
		{"Gulf officials", "Gulf officials welcomed the deal.", "2024-01-10", "Gulf officials=PGSGOV"},
		{"Western alone is no actor", "Western sanctions hurt the economy.", "2024-01-10", ""},
		{"a name that begins with Western", "Morocco claims Western Sahara.", "2024-01-10", "Morocco=MAR; Western Sahara=ESH"},
	})
}

func TestConjoinedAndListedActorsAreSeparateMentions(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"two countries", "Chad and Niger retook the town from Boko Haram.", "2015-03-01",
			"Chad=TCD; Niger=NER; Boko Haram=NGAREBBKH"},
		{"a list", "The virus spread to Israel, the West Bank, Turkey and Egypt.", "2020-03-01",
			"Israel=ISR; West Bank=PSE; Turkey=TUR; Egypt=EGY"},
		{"two adjectives share a role", "Russian and Ukrainian officials met.", "2022-03-01",
			"Russian=RUSGOV; Ukrainian officials=UKRGOV"},
		{"countries listed after a role of one share it", "The Council wrote to the Governments of Mali and Burkina Faso.", "2022-03-01",
			"Governments of Mali=MLIGOV; Burkina Faso=BFAGOV"},
		{"the same with three countries and another role", "The foreign ministers of Iran, Turkey and Russia met in Astana.", "2022-03-01",
			"foreign ministers of Iran=IRNGOV; Turkey=TURGOV; Russia=RUSGOV; Astana=KAZGOV"},
	})
}

func TestANameInAppositionToARoleTakesTheRolesCode(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"a name, deputy chairman of an organisation", "The African Union is working to assist Kenya, says Erastus Mwencha, deputy chairman of the African Union Commission.", "2013-09-24",
			"African Union=IGOAU; Kenya=KEN; Erastus Mwencha=IGOAU; deputy chairman=IGOAU; African Union Commission=IGOAU"},
	})
}

func TestTheNorthAndTheSouthAreTheCountriesNamedBefore(t *testing.T) {
	runMentionCases(t, []mentionCase{
		{"the North after North Korea", "North Korea fired a missile. Japan condemned the North's launch.", "2016-08-03",
			"North Korea=PRK; Japan=JPN; North=PRK"},
		{"the South after South Sudan", "South Sudan and Sudan met. Sudan accused the South of backing rebels.", "2012-04-03",
			"South Sudan=SSD; Sudan=SDN; Sudan=SDN; South=SSD; rebels=---REB"},
		{"no such country named before", "Japan condemned the North's launch.", "2016-08-03", "Japan=JPN"},
		{"a name that goes on is no ellipsis", "North Korea warned the North Atlantic allies.", "2016-08-03", "North Korea=PRK"},
	})
}

func BenchmarkAnnotate(b *testing.B) {
	f, parser := realReader(b)
	text := "KHARTOUM, June 4 - Secretary Austin thanked Minister Kishi for Japan's leadership. " +
		"Police in Malaysia's capital arrested dozens of protesters, and Bush administration officials met Iranian diplomats. " +
		"The Secretary-General said he would visit Egypt, Syria, Lebanon and Jordan. Western diplomats criticised the move."
	doc := &dyad.Document{Text: text, Date: day("2021-03-16")}
	nlp.Segment(doc)
	for i := range doc.Sentences {
		if !doc.Sentences[i].Skip {
			parser.Annotate(doc.Sentences[i].Tokens)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.Annotate(doc)
	}
}
