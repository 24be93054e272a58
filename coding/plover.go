package coding

import "github.com/dyad-events/dyad"

// ploverFuture gives the PLOVER type of an event that is planned rather
// than done. The PLOVER manual (Event Categories, AGREE and RETREAT):
// cooperative actions of types CONSULT, SUPPORT, COOPERATE and AID reported
// in the future tense imply intentions and are coded AGREE, future meetings
// and visits included; announcements of future retreats are CONCEDE.
var ploverFuture = map[string]string{
	"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE",
	"RETREAT": "CONCEDE",
}

// ploverByModality applies PLOVER's own reading of planned events to the
// PLOVER type the ontology gives the CAMEO code.
func ploverByModality(events []dyad.Event) {
	for i := range events {
		e := &events[i]
		if e.Modality != dyad.Planned {
			continue
		}
		if t, ok := ploverFuture[e.PLOVER.Type]; ok {
			e.PLOVER = dyad.PLOVER{Type: t}
		}
	}
}
