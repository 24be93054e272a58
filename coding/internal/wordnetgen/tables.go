package main

// The generator's facts about English and about WordNet's sense
// inventory, in one place. docs/wordnet.md gives the reasons.

// rootVerbFiles names, for each CAMEO root, the WordNet verb lexicographer
// files in which the political sense of a lexicon verb with that code can
// lie. A lexicon verb's WordNet sense for a pattern is its most frequent
// sense in one of these files: "invade" (192) takes its verb.competition
// sense "march aggressively into another's territory", not the
// verb.stative "occupy in large numbers" (of plants and parasites).
var rootVerbFiles = map[string][]string{
	"01": {"verb.communication", "verb.cognition"},                               // make a public statement
	"02": {"verb.communication", "verb.social"},                                  // appeal
	"03": {"verb.communication", "verb.social", "verb.possession"},               // express intent to cooperate
	"04": {"verb.communication", "verb.social", "verb.motion"},                   // consult, visit
	"05": {"verb.communication", "verb.social", "verb.cognition"},                // diplomatic cooperation, recognise
	"06": {"verb.social", "verb.possession"},                                     // material cooperation
	"07": {"verb.possession", "verb.social"},                                     // provide aid
	"08": {"verb.social", "verb.possession", "verb.motion", "verb.change"},       // yield, release, withdraw, ease
	"09": {"verb.cognition", "verb.perception", "verb.social"},                   // investigate
	"10": {"verb.communication"},                                                 // demand
	"11": {"verb.communication"},                                                 // disapprove, accuse
	"12": {"verb.communication", "verb.social"},                                  // reject, refuse, veto
	"13": {"verb.communication"},                                                 // threaten
	"14": {"verb.communication", "verb.social", "verb.motion"},                   // protest, march, boycott
	"15": {"verb.motion", "verb.social", "verb.competition"},                     // exhibit force posture
	"16": {"verb.social", "verb.change", "verb.possession"},                      // reduce relations, cut aid
	"17": {"verb.social", "verb.possession", "verb.contact", "verb.competition"}, // coerce, seize, arrest
	"18": {"verb.contact", "verb.competition", "verb.social", "verb.change"},     // assault, kill
	"19": {"verb.competition", "verb.contact", "verb.motion"},                    // fight, invade, shell
	"20": {"verb.contact", "verb.competition", "verb.change"},                    // mass violence
}

// eventNounFiles are the noun lexicographer files whose senses denote an
// act or event, the files where WordNet puts the nominalisations that name
// what the verb does: noun.act ("invasion: the act of invading"),
// noun.event ("attack", "clash"), noun.communication (the speech acts of
// roots 01–14: "condemnation", "accusation", "appeal", "negotiation").
// Left out: noun.person (agents: "invader", "negotiator"), noun.artifact
// (instruments), noun.cognition and noun.state (contents and results:
// "belief", "captivity"), noun.possession (the thing given, not the
// giving), noun.group, noun.location and the rest.
var eventNounFiles = []string{"noun.act", "noun.event", "noun.communication"}

// objectPreps says how English marks, on an event noun, the one the verb
// takes as its direct object. "of" is general ("the invasion of Ukraine",
// "recognition of Kosovo"); nouns of conflict also take their target with
// "on" or "against" ("the assault on Kyiv", "accusations against Iran",
// "sanctions on Russia"), nouns of support with "for" ("backing for
// Kyiv"). Roots not listed use "of" only.
var objectPreps = map[string]string{
	"05": "of|for",
	"10": "of|on|against",
	"11": "of|against",
	"12": "of",
	"13": "of|against",
	"14": "of|against",
	"15": "of|against",
	"16": "of|on|against",
	"17": "of|on|against",
	"18": "of|on|against",
	"19": "of|on|against",
	"20": "of|on|against",
}

// particles are the second words a derived phrasal or prepositional verb
// may have; the lexicon format joins them to the head with "_"
// ("crack_down", "intrude_on"). WordNet collocations with other second
// words, or with more than two words, are not verbs the format can write.
var particles = map[string]bool{
	"up": true, "down": true, "off": true, "out": true, "in": true, "on": true, "over": true,
	"back": true, "away": true, "for": true, "against": true, "with": true, "into": true,
	"upon": true, "through": true, "about": true, "at": true, "to": true, "from": true,
}

// maxVerbSenseRank is how far down a lexicon verb's senses (most frequent
// first) its political sense may lie for WordNet to be followed from it.
// Deeper senses are ones the word seldom has, and their synonyms and
// nouns belong to other meanings ("exit", sense 3 "die": "perish").
const maxVerbSenseRank = 2

// dropGerunds leaves out event nouns that are the verb's -ing form
// ("talking", "sending", "firing"). The tagger reads most of them as
// verbs, which the verb's own patterns code; the ones tagged as nouns are
// vague, and the -ing nouns news uses for violent acts ("killing",
// "shelling") are written by hand.
const dropGerunds = true

// commonTags is the tag count (cntlist.rev) from which a synonym counts as
// a common word. A common synonym that is more common in the shared sense
// than the lexicon verb itself is a general word its authors left out
// ("help" beside "aid" and "assist", "suggest" beside "propose"), and is
// not added.
const commonTags = 10

// reflexives are the object pronouns that point back at the subject.
var reflexives = map[string]bool{"myself": true, "yourself": true, "himself": true, "herself": true,
	"itself": true, "oneself": true, "ourselves": true, "yourselves": true, "themselves": true}
