package coding

import (
	"strings"

	"github.com/dyad-events/dyad"
)

// intentCues are the words with which an actor commits itself: a stated
// intention is itself an event in CAMEO (03 intent to cooperate, 13
// threat), beside the planned event it announces. A bare "will" schedules
// cooperation ("will visit") rather than promising it.
var intentCues = map[string]bool{"ready": true, "willing": true, "prepared": true, "agree": true, "pledge": true,
	"promise": true, "vow": true, "offer": true, "commit": true, "decide": true, "intend": true, "going to": true}

// threatCues are the words with which an actor announces force: "will
// strike", "would retaliate if".
var threatCues = map[string]bool{"will": true, "'ll": true, "’ll": true, "vow": true}

// intentCode maps the root of an announced event to the CAMEO code of the
// announcement: the 03 and 13 families mirror the material roots.
var intentCode = map[string]string{
	"04": "036", "05": "032", "06": "031", "07": "033", "08": "035",
	"15": "130", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138",
}

// statedIntent returns the announcement event of a planned event, when its
// cue is a commitment of the source's own.
func (c *Coder) statedIntent(e dyad.Event, cue string, hasCondition bool) (dyad.Event, bool) {
	code, ok := intentCode[e.Root]
	if !ok || (e.Modality != dyad.Planned && e.Modality != dyad.Hypothetical) {
		return e, false
	}
	conflict := e.Root >= "15"
	if conflict && strings.HasPrefix(e.Rule, "noun:") {
		return e, false // "a blockade would cost…" announces nothing
	}
	// "would strike Iran if it …" is a threat; "if it attacked" is not.
	selfThreat := threatCues[cue] || strings.HasPrefix(cue, "would") && hasCondition
	// Only words of commitment make a stated intent; a bare "will" or
	// "would" schedules the act, which is one planned event ("X will
	// visit Y"), even when X's own side announces it.
	committed := intentCues[cue]
	if conflict && !selfThreat || !conflict && (!committed || e.Modality != dyad.Planned) {
		return e, false
	}
	// Only a party speaking for itself commits itself.
	if a := e.Attribution; a != nil && a.Actor != nil && dyad.CountryOf(*a.Actor) != e.Source.Country() {
		return e, false
	}
	ont, ok := c.tab.Lookup(code)
	if !ok {
		return e, false
	}
	said := e
	said.CAMEO, said.Root, said.Quad, said.Goldstein = ont.Code, ont.Root, ont.Quad, ont.Goldstein
	said.PLOVER = dyad.PLOVER{Type: ont.PLOVERType, Mode: ont.PLOVERMode}
	said.Modality = dyad.Asserted
	said.Rule = "intent:" + cue + "/" + code + " from " + e.Rule
	return said, true
}
