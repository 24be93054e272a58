// Package petrarch reads the dictionaries of the PETRARCH and TABARI event
// coders — actor dictionaries with dated codes, agent dictionaries, discard
// lists and the CAMEO.2.0 verb-pattern format — and converts them into
// dyad's own types: actors become actors.Entry values in an
// *actors.Dictionary, agents become sector entries, and verb patterns become
// coding.Pattern values in a *coding.Lexicon.
//
// Every reader keeps going past a malformed line: it returns one error per
// skipped line, naming the file and line, and counts the skipped lines in
// its Stats.
package petrarch
