// Package syntax is dyad's syntax stage: a part-of-speech tagger (UPOS and
// Penn Treebank XPOS), a lemmatiser and a transition-based dependency parser
// that produces Universal Dependencies relations.
//
// All three are learnt from a UD treebank (the embedded model from UD
// English EWT, see model/ATTRIBUTION.md):
//
//   - The tagger is a greedy left-to-right averaged perceptron that predicts
//     the (UPOS, XPOS) pair as one class, so the two always agree. Features
//     are the word, its affixes and shape, the surrounding words, the tags
//     already assigned and the "ambiguity class" (the tags seen in training)
//     of nearby frequent words. A second pass repeats the tagging with the
//     first pass's tags of the following words as extra features; the
//     second pass is trained on first-pass tags from taggers that did not
//     see the sentence. Frequent unambiguous words are tagged from a
//     dictionary.
//   - The lemmatiser looks words up by form and XPOS, then applies the most
//     frequent suffix rule learnt for the longest matching ending; proper
//     nouns keep their case.
//   - The parser is a greedy arc-eager parser with labelled transitions
//     (full DEPREL, subtypes such as nsubj:pass and obl:agent included),
//     scored by an averaged perceptron over the features of Zhang & Nivre
//     (2011) plus a few more, trained with the dynamic oracle of Goldberg &
//     Nivre (2012) on jackknifed tags so that it copes with tagging errors.
//     Non-projective training trees are projectivised by lifting.
//
// Weights live in open-addressing tables keyed by 32-bit feature hashes,
// quantised to 11 bits; the model file is gzip-compressed.
//
// A Model is immutable once trained or loaded and is safe for concurrent
// use. Default loads the embedded model once per process.
package syntax
