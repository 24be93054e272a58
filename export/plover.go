package export

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/dyad-events/dyad"
	"github.com/dyad-events/dyad/ontology"
)

// PLOVERRecord is one event in PLOVER's data format (the Data Fields
// chapter of the PLOVER manual): the required id, date, actor and event,
// and the optional fields dyad has. Fields beyond the manual's are named
// so (dyad_…), as the manual invites. docs/plover-export.md lists every
// field and every departure.
type PLOVERRecord struct {
	ID         string          `json:"id"`
	Date       string          `json:"date"`
	Actor      []PLOVEREntity  `json:"actor"`
	Recipient  []PLOVEREntity  `json:"recipient"`
	Event      []string        `json:"event"`
	Mode       []string        `json:"mode"`
	Context    []string        `json:"context"`
	EventText  []string        `json:"event_text"`
	QuadCode   *int            `json:"quad_code"`
	EventScale *float64        `json:"event_scale"`
	EventLoc   *PLOVERLocation `json:"event_loc"`
	TextInfo   PLOVERTextInfo  `json:"text_info"`
	CiteInfo   PLOVERCiteInfo  `json:"cite_info"`
	Coder      string          `json:"coder"`

	// dyad's own fields: the CAMEO code the PLOVER type was mapped from,
	// its Goldstein score, the modality (always "asserted" unless export
	// --modality asks for more), the attribution, the rule, and the
	// duplicate counts.
	CAMEO       string            `json:"dyad_cameo"`
	Goldstein   float64           `json:"dyad_goldstein"`
	Modality    dyad.Modality     `json:"dyad_modality"`
	Attribution *dyad.Attribution `json:"dyad_attribution"`
	Rule        string            `json:"dyad_rule"`
	Lead        bool              `json:"dyad_lead"`
	NumMentions int               `json:"dyad_num_mentions"`
	NumArticles int               `json:"dyad_num_articles"`
	NumSources  int               `json:"dyad_num_sources"`
	DocIDs      []string          `json:"dyad_doc_ids"`
}

// PLOVEREntity is PLOVER's information object for an entity.
type PLOVEREntity struct {
	Code           string  `json:"code"`            // three-letter country (or IGO/NGO) code
	Sector         *string `json:"sector"`          // GOV, MIL, … (the first role of the CAMEO code)
	EntityText     string  `json:"entity_text"`     // the words of the mention
	IdentifierText *string `json:"identifier_text"` // the resolved name (a pronoun's antecedent)
	DyadCode       string  `json:"dyad_code"`       // the full CAMEO actor code, e.g. USAGOV
}

// PLOVERLocation is PLOVER's location object, with the one field dyad
// extracts.
type PLOVERLocation struct {
	ExtractedPlace string `json:"extracted_place"`
}

// PLOVERTextInfo locates the event's sentence in its story.
type PLOVERTextInfo struct {
	Sequence int `json:"sequence"` // sentence number in the story, from 0
	Start    int `json:"start"`    // character (code point) offsets of the sentence
	End      int `json:"end"`
}

// PLOVERCiteInfo is PLOVER's citation object.
type PLOVERCiteInfo struct {
	Citation string  `json:"citation"` // the story's name (file name, record or feed item id)
	URL      *string `json:"url"`
	Coder    string  `json:"coder"`
	Codebook string  `json:"codebook"`
}

// ploverCodebook names the codebook dyad codes with: CAMEO, translated
// into PLOVER by the PLOVER project's CAMEO→PLOVER table.
const ploverCodebook = "CAMEO 1.1b3 via CAMEO2PLOVER-2021 (PLOVER manual draft 0.8)"

// NewPLOVERRecord maps a stored event onto PLOVER's fields.
func NewPLOVERRecord(e dyad.StoredEvent, coder string) PLOVERRecord {
	r := PLOVERRecord{
		ID: "dyad-" + strconv.FormatInt(e.ID, 10), Date: e.Date,
		Actor: []PLOVEREntity{ploverEntity(e.Source)}, Recipient: []PLOVEREntity{},
		EventText: []string{e.Sentence},
		TextInfo:  PLOVERTextInfo{Sequence: e.SentenceIndex, Start: e.SentenceSpan[0], End: e.SentenceSpan[1]},
		CiteInfo:  PLOVERCiteInfo{Citation: e.DocName, URL: opt(e.URL), Coder: coder, Codebook: ploverCodebook},
		Coder:     coder,
		CAMEO:     e.CAMEO, Goldstein: e.Goldstein, Modality: e.Modality, Attribution: e.Attribution, Rule: e.Rule, Lead: e.Lead,
		NumMentions: e.NumMentions, NumArticles: e.NumArticles, NumSources: e.NumSources, DocIDs: e.DocIDs,
	}
	if r.CiteInfo.Citation == "" {
		r.CiteInfo.Citation = e.DocID
	}
	if e.Target.Code != "" && e.Target.Code != "---" {
		r.Recipient = []PLOVEREntity{ploverEntity(e.Target)}
	}
	if e.PLOVER.Type != "" {
		r.Event = []string{e.PLOVER.Type}
		if p, ok := ontology.PLOVER(e.PLOVER.Type); ok {
			q, s := p.Quad, p.Scale(e.PLOVER.Mode)
			r.QuadCode, r.EventScale = &q, &s
		}
	} else {
		r.Event = []string{}
	}
	if e.PLOVER.Mode != "" {
		r.Mode = []string{e.PLOVER.Mode}
	}
	if e.Place != "" {
		r.EventLoc = &PLOVERLocation{ExtractedPlace: e.Place}
	}
	if r.DocIDs == nil {
		r.DocIDs = []string{}
	}
	return r
}

func ploverEntity(a dyad.Actor) PLOVEREntity {
	country, group, types := SplitActor(a.Code)
	e := PLOVEREntity{Code: country, Sector: opt(types[0]), EntityText: a.Text, IdentifierText: opt(actorName(a)), DyadCode: a.Code}
	if country == "" {
		// An organisation (IGOUNO, NGOHRIAMN): its kind is the code and
		// the organisation the sector.
		e.Code, e.Sector = dyad.CountryOf(a.Code), opt(group)
	}
	return e
}

type ploverWriter struct {
	enc   *json.Encoder
	coder string
}

func newPLOVER(w io.Writer, opts Options) Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	coder := opts.Coder
	if coder == "" {
		coder = "dyad"
	}
	return ploverWriter{enc, coder}
}

func (p ploverWriter) Write(e dyad.StoredEvent) error {
	return p.enc.Encode(NewPLOVERRecord(e, p.coder))
}
func (p ploverWriter) Close() error { return nil }
