package frames

import (
	"bufio"
	_ "embed"
	"strings"
)

//go:embed data/nouns.txt
var nounsData string

// lightVerbs, possessorIsPatient and aspectWords are read from
// data/nouns.txt.
var lightVerbs, possessorIsPatient, aspectWords = readLists(nounsData)

func readLists(data string) (light, patient, aspect map[string]bool) {
	light, patient, aspect = map[string]bool{}, map[string]bool{}, map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		name, words, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		var set map[string]bool
		switch strings.TrimSpace(name) {
		case "light":
			set = light
		case "patient-possessor":
			set = patient
		case "aspect":
			set = aspect
		default:
			panic("frames: data/nouns.txt: unknown list " + name)
		}
		for _, w := range strings.Fields(words) {
			set[w] = true
		}
	}
	return light, patient, aspect
}
