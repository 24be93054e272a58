// Package frames is the predicate–argument layer between syntax and
// coding. It reads each parsed sentence's enhanced dependency graph (UD v2
// enhanced dependencies: shared and controlled subjects, relative-clause
// antecedents, case-marked relations) and turns every verb and event noun
// into a dyad.Frame: the predicate with its agent, patient, recipient,
// partners, prepositional arguments and complement clauses, each with its
// span. The coder matches its lexicon against frames instead of walking the
// tree itself.
package frames
