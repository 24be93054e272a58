package coding

import "strings"

// lemmaGuesses derives possible base forms of an inflected English word,
// for when the tagger's lemma is not in the lexicon. Irregular verbs come
// from a table; regular ones by undoing -s, -ed and -ing with the usual
// spelling changes ("shelled" → "shell", "seized" → "seize").
func lemmaGuesses(w string) []string {
	if base, ok := irregular[w]; ok {
		return []string{base}
	}
	var out []string
	add := func(s string) {
		if len(s) >= 2 {
			out = append(out, s)
		}
	}
	for _, suf := range []string{"ing", "ed", "es", "s", "d"} {
		if !strings.HasSuffix(w, suf) || len(w) <= len(suf)+1 {
			continue
		}
		stem := w[:len(w)-len(suf)]
		add(stem)
		add(stem + "e")
		if n := len(stem); n >= 2 && stem[n-1] == stem[n-2] {
			add(stem[:n-1]) // doubled consonant: "shelled", "planned"
		}
		if strings.HasSuffix(stem, "i") {
			add(stem[:len(stem)-1] + "y") // "denied" → "deny"
		}
	}
	return out
}

// irregular maps irregular past forms of verbs that news uses for events.
var irregular = map[string]string{
	"struck": "strike", "stricken": "strike", "shot": "shoot", "fought": "fight", "beat": "beat", "beaten": "beat",
	"sent": "send", "met": "meet", "held": "hold", "began": "begin", "begun": "begin", "took": "take", "taken": "take",
	"gave": "give", "given": "give", "sought": "seek", "spoke": "speak", "spoken": "speak", "told": "tell",
	"threw": "throw", "thrown": "throw", "broke": "break", "broken": "break", "withdrew": "withdraw",
	"withdrawn": "withdraw", "overthrew": "overthrow", "overthrown": "overthrow", "led": "lead", "fled": "flee",
	"hit": "hit", "cut": "cut", "put": "put", "set": "set", "shut": "shut", "bled": "bleed", "froze": "freeze",
	"frozen": "freeze", "forbade": "forbid", "forbidden": "forbid", "forgave": "forgive", "forgiven": "forgive",
	"bombed": "bomb", "rode": "ride", "slew": "slay", "slain": "slay", "stole": "steal", "stolen": "steal",
	"swore": "swear", "sworn": "swear", "undertook": "undertake", "undertaken": "undertake", "upheld": "uphold",
	"won": "win", "lost": "lose", "kept": "keep", "left": "leave", "brought": "bring", "bought": "buy",
	"caught": "catch", "drove": "drive", "driven": "drive", "fell": "fall", "fallen": "fall", "flew": "fly",
	"flown": "fly", "grew": "grow", "knew": "know", "made": "make", "paid": "pay", "ran": "run", "said": "say",
	"saw": "see", "seen": "see", "sold": "sell", "stood": "stand", "understood": "understand", "wrote": "write",
	"written": "write", "arose": "arise", "blew": "blow", "blown": "blow", "rebuilt": "rebuild", "built": "build",
	"sank": "sink", "sunk": "sink", "spent": "spend", "sped": "speed", "swept": "sweep", "dealt": "deal",
	"meant": "mean", "laid": "lay", "lay": "lie", "overran": "overrun", "overrun": "overrun", "shook": "shake",
	"hung": "hang", "stuck": "stick", "bound": "bind", "wound": "wound", "chose": "choose", "chosen": "choose",
	"rose": "rise", "risen": "rise",
}
