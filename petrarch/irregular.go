package petrarch

// irregular maps irregular English past tenses and participles to their
// verb. The PETRARCH dictionaries list a few verbs by such a form ("LEFT
// [040:040]" apart from "LEAVE [012]", "SAW" in the OBSERVE block), while
// dyad's matcher looks verbs up by lemma: such an entry becomes a pattern
// of the lemma that matches only that form.
var irregular = map[string]string{
	"ate": "eat", "began": "begin", "begun": "begin", "bought": "buy", "broke": "break", "broken": "break",
	"brought": "bring", "burnt": "burn", "came": "come", "caught": "catch", "chose": "choose", "chosen": "choose",
	"did": "do", "done": "do", "drew": "draw", "drawn": "draw", "fell": "fall", "fallen": "fall", "felt": "feel",
	"fled": "flee", "flew": "fly", "flown": "fly", "fought": "fight", "found": "find", "gave": "give", "given": "give",
	"gone": "go", "got": "get", "held": "hold", "heard": "hear", "kept": "keep", "knew": "know", "known": "know",
	"laid": "lay", "led": "lead", "left": "leave", "lost": "lose", "made": "make", "meant": "mean", "met": "meet",
	"paid": "pay", "ran": "run", "risen": "rise", "rose": "rise", "said": "say", "sat": "sit", "saw": "see",
	"seen": "see", "sent": "send", "shot": "shoot", "slid": "slide", "sold": "sell", "sought": "seek", "spent": "spend",
	"spoke": "speak", "spoken": "speak", "stood": "stand", "struck": "strike", "swore": "swear", "sworn": "swear",
	"taken": "take", "thought": "think", "threw": "throw", "thrown": "throw", "told": "tell", "took": "take",
	"understood": "understand", "went": "go", "withdrew": "withdraw", "withdrawn": "withdraw", "woke": "wake",
	"won": "win", "wore": "wear", "worn": "wear", "wrote": "write", "written": "write",
}
