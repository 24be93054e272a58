// Package syntax is dyad's syntax stage: a part-of-speech tagger (UPOS and
// Penn Treebank XPOS), a lemmatiser and a transition-based dependency parser
// that produces Universal Dependencies relations.
//
// All three components are averaged perceptrons trained on a UD treebank
// (the shipped model on UD English EWT). The tagger predicts the UPOS and
// XPOS of a word jointly, so the pair is always consistent; the parser is a
// greedy arc-eager parser trained with a dynamic oracle on predicted
// (jackknifed) tags so that it is robust to the tagger's errors.
//
// A Model is immutable once trained or loaded and is safe for concurrent use.
package syntax
