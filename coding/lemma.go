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

// irregular maps the irregular past forms and participles of verbs to
// their base form. Forms that equal their base ("hit", "cut") are left out,
// and so is "lay", which is a verb of its own as much as the past of "lie".
var irregular = map[string]string{
	"arose": "arise", "ate": "eat", "beaten": "beat", "began": "begin", "begun": "begin", "bled": "bleed",
	"blew": "blow", "blown": "blow", "bought": "buy", "bound": "bind", "broke": "break", "broken": "break",
	"brought": "bring", "built": "build", "burnt": "burn", "came": "come", "caught": "catch", "chose": "choose",
	"chosen": "choose", "dealt": "deal", "did": "do", "done": "do", "drawn": "draw", "drew": "draw",
	"driven": "drive", "drove": "drive", "fallen": "fall", "fell": "fall", "felt": "feel", "fled": "flee",
	"flew": "fly", "flown": "fly", "forbade": "forbid", "forbidden": "forbid", "forgave": "forgive",
	"forgiven": "forgive", "fought": "fight", "found": "find", "froze": "freeze", "frozen": "freeze",
	"gave": "give", "given": "give", "gone": "go", "got": "get", "grew": "grow", "heard": "hear",
	"held": "hold", "hung": "hang", "kept": "keep", "knew": "know", "known": "know", "laid": "lay",
	"led": "lead", "left": "leave", "lost": "lose", "made": "make", "meant": "mean", "met": "meet",
	"overran": "overrun", "overthrew": "overthrow", "overthrown": "overthrow", "paid": "pay", "ran": "run",
	"rebuilt": "rebuild", "risen": "rise", "rode": "ride", "rose": "rise", "said": "say", "sank": "sink",
	"sat": "sit", "saw": "see", "seen": "see", "sent": "send", "shook": "shake", "shot": "shoot",
	"slain": "slay", "slew": "slay", "slid": "slide", "sold": "sell", "sought": "seek", "sped": "speed",
	"spent": "spend", "spoke": "speak", "spoken": "speak", "stole": "steal", "stolen": "steal",
	"stood": "stand", "stricken": "strike", "struck": "strike", "stuck": "stick", "sunk": "sink",
	"swept": "sweep", "swore": "swear", "sworn": "swear", "taken": "take", "thought": "think", "threw": "throw",
	"thrown": "throw", "told": "tell", "took": "take", "understood": "understand", "undertaken": "undertake",
	"undertook": "undertake", "upheld": "uphold", "went": "go", "withdrawn": "withdraw", "withdrew": "withdraw",
	"woke": "wake", "won": "win", "wore": "wear", "worn": "wear", "written": "write", "wrote": "write",
}

// BaseVerb returns the base form of an irregular past form or participle
// ("struck" → "strike"), for readers of dictionaries that list verbs by
// such forms.
func BaseVerb(form string) (string, bool) {
	base, ok := irregular[form]
	return base, ok
}
