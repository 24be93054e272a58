// Package petrarch reads the dictionaries of the PETRARCH and TABARI event
// coders — actor dictionaries with dated codes, agent dictionaries, discard
// lists and the CAMEO.2.0 verb-pattern format (and the older TABARI-style
// verb files) — and converts them into dyad's own types: actors become
// actors.Entry values in an *actors.Dictionary (a name with dated codes
// becomes a person with dated roles), agents become sector entries, verb
// patterns become coding.PetrarchPattern values in a
// *coding.PetrarchLexicon: a coding.Matcher of its own, which the coder
// runs beside dyad's lexicon and which matches them by PETRARCH's rules
// (coding/petrarch_match.go). dyad's own patterns carry nothing of
// PETRARCH's.
//
// Every reader keeps going past a malformed line: it returns one error per
// skipped line, naming the file and line, and counts the skipped lines in
// its Stats. Event codes are checked as a verb file is read, against
// dyad's CAMEO table (ontology.Default): a line with a code that is not
// CAMEO ("[9a9]", "[080!]") is reported as `CAMEO.2.0.txt:5787: unknown
// CAMEO code "080!"` and skipped, never turned into events with that code.
// dyad eval petrarch accepts, besides, the codes its records expect, since
// PETRARCH's unit-test suite codes with codes of its own (901, 174L, …).
//
// The pipeline detects the format of a file given with --actors or --verbs
// from its first lines; --agents and --discards files are always PETRARCH's:
//
//	dyad code --verbs CAMEO.2.0.txt --actors Phoenix.Countries.actors.txt \
//	    --agents Phoenix.agents.txt --discards Phoenix.discards.txt FILE
//	dyad eval petrarch --records PETR.UnitTest.records.xml \
//	    --verbs PETR.Validate.verbs.txt --actors PETR.Validate.actors.txt \
//	    --agents PETR.Validate.agents.txt --discards PETR.Validate.discards.txt --dict-only
//
// On PETRARCH's unit-test suite, coded with dyad's own parse (dyad eval
// petrarch --dict-only), UniversalPetrarch's udpipe records with its 2.0
// verb file pass 235 of the 278 records that apply (84.5%), the older
// PETR.UnitTest.records.xml with PETR.Validate.verbs.txt 198-202 of 277,
// depending on the syntax model. The failures left are mostly records
// whose expectation hangs on PETRARCH's own parse or bookkeeping: the
// comma_* clause options, quoted new-actor codes, code combinations of a
// verb and its complement clause.
//
// Recommendation. Merged with dyad's embedded dictionaries, the PETRARCH
// verb patterns are added only for verbs dyad's lexicon lacks; even so they
// lower F1 on the development gold set (testdata/gold/dev.jsonl), because
// PETRARCH codes speech ("said") as events where dyad reads attribution.
// The Phoenix actor dictionaries leave it unchanged. Keep dyad's own verb
// lexicon for production coding, and use the PETRARCH verb files when
// their coding conventions are the ones wanted (with --dict-only).
package petrarch
