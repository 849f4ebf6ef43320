"""Question analysis, the first stage: what kind of answer a question wants, and its words as the corpus
spells them (casual short forms expanded, typos corrected against the corpus vocabulary).

Everything here is plain English grammar, never tuned to one article or data set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.inflections import inflections
from index.letters import fold
from index.stopwords import STOPWORDS

# Nouns for people: "what's the guard's name?" and "who's the kilmarnock captain?" want a person's name.
PERSON_NOUNS = frozenset(
    "man woman person guy girl boy suspect victim officer driver player teacher child kid baby father mother "
    "son daughter husband wife brother sister friend guard gunman shooter attacker pilot captain coach manager "
    "lawyer attorney judge doctor nurse soldier worker student president minister chairman chief boss leader "
    "spokesman spokeswoman owner founder ceo director sailor fisherman killer murderer witness referee "
    "goalkeeper striker winner mayor governor senator candidate official politician star celebrity actor "
    "actress singer artist writer author journalist reporter scientist researcher professor expert member bigwig champion "
    "grandmaster athlete footballer cricketer golfer boxer cyclist chef priest bishop activist "
    "protester prisoner inmate passenger resident citizen neighbour neighbor relative cousin uncle aunt nephew "
    "niece grandfather grandmother granddaughter grandson grandchild stepson stepdaughter stepfather "
    "stepmother widow widower teenager pupil survivor hostage defendant prosecutor detective sheriff "
    "king queen prince princess ambassador diplomat commander militant rebel fugitive businessman "
    "billionaire millionaire celebrity musician rapper comedian presenter composer poet painter sculptor "
    "novelist playwright philosopher theologian historian economist physicist chemist biologist "
    "mathematician astronomer astronaut inventor explorer engineer architect designer photographer producer "
    "emperor empress ruler monarch dictator chancellor admiral duke duchess earl monk nun pope saint "
    "prophet apostle quarterback linebacker pitcher defender midfielder kicker receiver commentator "
    "announcer mum mom dad mummy mommy daddy grandma grandpa granny fiance fiancee girlfriend boyfriend "
    "toddler youngster teen youtuber vlogger blogger jockey trainer performer headliner entertainer scholar "
    "reformer physician surgeon".split())
_PERSON = "|".join(sorted(PERSON_NOUNS))
_ORG_NOUNS = ("company|firm|group|organi[sz]ation|team|club|body|agency|party|university|college|school|"
              "newspaper|channel|network|department|union|charity|bank|airline|ship|band")
# A word that can stand between "which" and its noun: not a verb, article or pronoun ("which did the man ...").
_MODIFIER = (r"(?!(?:is|are|was|were|be|did|does|do|has|have|had|will|would|can|could|should|the|a|an|his|her|"
             r"their|its|of|to|in|on|at|for|he|she|they|it|you|we)\b)[\w-]+")

# Prepositions that can follow "what" without a noun between: "a sign of what amongst European countries?"
_NOT_BEFORE_NOUN = "(?:among|amongst|between|in|on|at|by|from|with|during|after|before|about|against)"
# One word, no preposition, between "what/which" and the kind of thing asked, each of up to two: "What
# northern province", "what other digital TV service".
_SAID_WHICH = rf"(?:(?!{_NOT_BEFORE_NOUN}\b){_MODIFIER} )"

_CALLED = (r"\bwhat\b.*\b(called|known as|named|dubbed|termed|nicknamed|referred to as|renamed|retitled|"
           r"rebranded)(?: in \w+| to)?\W*$|"
           r"\bwhat (do|does|did|would|will|is|was|are|were|have|has|had) (\w+ ){1,4}"
           # "what did Luther call for?" asks what he demanded.
           r"(call(?! (?:for|on|off|up|in)\b)|called|nickname|nicknamed|dub|dubbed)\b|"
           # "what nickname did the nyt give him?", "what's the nickname for Newcastle's A167?"
           r"\bwhat(?:'s|s| is| was| are| were)? (?:the |his |her |its |their )?(?:\w+ )?nicknames?\b|"
           # "what is another name for the septum ring?", "by what other name was the Gate known?"
           r"\b(?:another|other|alternate|alternative) names? (?:for|of|was|is|were|are|did|does|do)\b")
# Nouns whose value is a number: "what was the final score?" asks for one.
_QUANTITY = ("populations?|revenues?|income|profits?|budget|salary|wages?|prices?|costs?|fees?|toll|score|"
             "rating|rate|total|tally|attendance|capacity|temperatures?|height|length|width|depth|weight|speed|"
             "distance|area|size|number|amount|percentage|gdp|debt|deficit|margin|ratio|average|"
             "sales|turnover|circulation|enrol?lment|density|elevation|altitude|magnitude|count|figure|sum")
# What a question wants, from its wh-phrase. Checked in order: the first pattern that matches wins.
_WANTS = (
    # "what kind of patients": the thing, named with what sets it apart ("dementia patients").
    ("sort", r"\b(what|which) (kinds?|types?|sorts?|variety|varieties|forms?) of\b"),
    ("age", r"\bhow old\b|\bwhat age\b|\bage of\b"),
    ("rank", r"\bwhere (did|does|do|is|are|was|were|has|have|will)\b.{0,40}\b(come|came|rank|ranked|finish|finished|"
             r"(?<!take )(?<!took )(?<!takes )(?<!taking )place|placed|sit|sitting|stand|standing|end up|"
             r"ended up|start|starting|started|qualify|qualified)\b|\bwhat (place|ranking)\b|"
             # "what rank does he hold in the army?" asks his title ("Lt Colonel"), no place.
             r"\bwhat rank\b(?!.*\b(?:army|military|navy|naval|air force|police|marines?|corps|reserves?|"
             r"forces?|regiment|troops?|soldiers?|officers?|militia|guard)\b)|"
             r"\bwhich place\b|"
             # "what position did the uk get?"; "what position does he play?" asks his role, no rank.
             r"\b(?:what|which) position\b(?!.*\b(?:play|plays|played|playing|have|has|had|hold|holds|held|"
             r"take|takes|took|appointed|named|stay|stayed|serve|serves|served)\b)"),
    ("duration", r"\bhow (long|late|soon|early|often)\b|\bwhat time ?span\b|\bfor how long\b|"
                 r"\bhow much time\b"),
    # "what injury did Thomas Davis suffer?", "what illness did he have?": an injury or an illness by its
    # name ("a torn ACL", "plantar fasciitis"), no name of a place or team. Not "what did he die of?", which
    # "natural causes" answers (dev).
    ("ailment", r"\b(?:what|which) (?:[\w-]+ )?(?:injury|injuries|illness|illnesses|diseases?|ailments?|"
                r"infections?|cancer|virus)\b|"
                r"\bwhat (?:[\w-]+ )?(?:health|medical|physical|mental|heart|skin) "
                r"(?:condition|problem|issue)s?\b|"
                r"\bwhat(?:'s|s| is| was) wrong with\b|"
                r"\bwhat (?:is|was|are|were) (?:[\w'-]+ ){1,3}suffering from\b"),
    # "what odds are ladbrokes giving on sam?", "what price was monbeg dude going off at?": a bookmaker's
    # odds ("20/1"), which no count or sum answers.
    ("odds", r"\bwhat (?:[\w-]+ )?odds\b|\bwhat(?:'s|s| is| are| were| was) the (?:[\w-]+ )?odds\b|"
             r"\bhow (?:long|short|big) (?:are|were|is|was) (?:the |his |her |their )?odds\b|"
             r"\bwhat price\b[^?]{0,40}\b(?:going off|go off|went off|starting|sp)\b|\bstarting price\b"),
    ("number", r"\bhow (many|much|far|big|large|tall|high|fast|heavy|deep|wide|close|bad|hot|cold|warm)\b|\bwhat (number|percentage|per ?cent|proportion|share|amount|score|"
               r"price|sum|figure|rate|size)\b|\bwhat %|\bhow much\b|"
               # "what was Fresno's population in 2010?", "what was the final score?": a quantity's value.
               r"\bwhat(?:'s|s| is| was| are| were) "
               r"(?:the |an? |his |her |its |their |(?:[\w.-]+ ){0,2}[\w.-]+'s? )"
               rf"(?:(?!(?:of|in|for|to|on|at|by|between|with)\b)[\w-]+ ){{0,2}}({_QUANTITY})\b|"
               # "whats obamas fake follower % by comparison": a share.
               r"\bwhat(?:'s|s| is| was| are| were)\b[^?%]{0,40}%"),
    ("date", r"\bwhen\b|\bwhat (time|date|year|day|month|hour)s?\b(?! zone)|\bwhich (year|day|month|date)s?\b|"
             r"\bwhat (year|day) (was|did|is)\b|\bsince when\b|"
             # "In what decade ...?", "For which TV season ...?"
             rf"\b(?:what|which) {_SAID_WHICH}{{0,2}}"
             r"(?:decades?|century|centuries|season)\b(?! of\b)|"
             # "What was the date of the first episode?"
             r"\bwhat(?:'s|s| is| was| were) the (date|year|month|day)s?\b"),
    # "Who was the first team to beat them?" asks for a team, not a person.
    ("org", r"\bwho(?:'s| is| was| were| are) (?:the|their|his|her|its) (?:[\w-]+ ){0,2}(team|club|side|company|"
            r"firm|group|organi[sz]ation|country|nation|party)\b"),
    # "which nba player", "which top saddam-era guy": up to two modifiers before a noun for people.
    # "which coach company" asks for a company: a noun for people that only qualifies another is no person.
    ("person", rf"\bwho(m|se|'s|s)?\b|"
               rf"\b(which|what) (?:{_MODIFIER} ){{0,2}}({_PERSON})s?\b(?! (?:{_ORG_NOUNS})\b)|"
               rf"\bwhat(?:'s| is| was) (his|her|the ({_PERSON})'?s?) name\b|"
               rf"\bwhat(?:'s| is| was) the name of the ({_PERSON})\b"),
    ("place", r"\bwhere\b|\bwhat (town|city|country|state|place|county|street|region|area|village|"
              r"hospital|prison|jail|venue|stadium|court|location|island)\b|\bwhich (town|city|country|"
              r"state|place|county|street|region|area|village|hospital|prison|jail|venue|stadium|court|"
              r"island|nation)\b|\bin what (town|city|country|state|place)\b|"
              # "What northern province in France ...?", "Which Irish cities ...?", "In what states ...?" (a
              # word before "states" may make it a verb: "What theorem states that ...?")
              rf"\b(?:what|which) {_SAID_WHICH}{{0,2}}(towns|cities|countries|"
              r"counties|regions|villages|islands|nations|provinces?|districts?|suburbs?)\b(?! of\b)|"
              r"\b(?:what|which) states\b"),
    ("org", rf"\b(?:which|what) (?:(?:{_PERSON})s? )?(?:{_ORG_NOUNS})\b|"
            r"\bwhich (?:paper|unis?|universities)\b|"
            # "What publication did Philip Howard work for?", "what other digital TV service ...?"
            rf"\b(?:which|what) {_SAID_WHICH}{{0,2}}"
            r"(?:companies|firms|teams|clubs|organi[sz]ations|agencies|parties|universities|colleges|"
            r"newspapers|channels|networks|charities|banks|airlines|bands|publications?|magazines?|"
            r"broadcasters?|affiliates?|studios?|publishers?|retailers?|manufacturers?|associations?|"
            r"leagues?|labels?)\b(?! of\b)|"
            # Not "what religious group", "what calcium containing body part": those are no organisations.
            rf"\b(?:which|what) {_SAID_WHICH}{{1,2}}(?:company|firm|"
            r"organi[sz]ation|team|club|agency|party|university|college|school|newspaper|channel|network|"
            r"charity|bank|airline)\b(?! of\b)"),
    ("name", r"\bwhat(?:'s| is| was| are) (it|the \w+|this|that) called\b|\bwhat(?:'s| is| was) the name\b|"
             r"\bwhat \w+ (was|is) (it|this|that)\b|\bwhich \w+\b"),
    ("reason", r"\bwhy\b|\bwhat for\b|\bhow come\b|\bwhat caused\b|\breason\b"),
    # "what was the naval base called?": what the quote calls it ("known as the Golden Super Bowl").
    ("called", _CALLED),
)
# Answers read off the quote's words rather than the tagger's labels: a passage without one is no near miss.
FREE_FORM = frozenset({"reason", "sort", "any", "thing", "called", "description", "yes/no"})
# Kinds read off the quote's words by a pattern of their own, not from the tagger's labels ("20/1", "a torn
# ACL"); unlike the free-form ones, a passage without one is a near miss.
PATTERN_KINDS = frozenset({"odds", "ailment"})
_WANTS_RE = tuple((kind, re.compile(pattern, re.I)) for kind, pattern in _WANTS)
_CALLED_RE = re.compile(_CALLED, re.I)

# Casual and chat spellings, folded to the words articles use. General English, not any article's words.
SHORT_FORMS = {
    "ppl": "people", "peeps": "people", "govt": "government", "gov": "government", "yr": "year",
    "yrs": "years", "uni": "university", "unis": "universities", "journos": "journalists",
    "journo": "journalist", "cops": "police", "cop": "police officer", "pic": "picture", "pics": "pictures",
    "info": "information", "approx": "approximately", "mil": "million", "bn": "billion", "k": "thousand",
    "tho": "though", "thru": "through", "ur": "your", "u": "you", "r": "are", "w/": "with", "b4": "before",
    "bc": "because", "cuz": "because", "coz": "because", "abt": "about", "amt": "amount", "num": "number",
    "indyref": "independence referendum",
    "nyt": "new york times", "wsj": "wall street journal",
    "nyc": "new york city", "la": "los angeles", "uk": "britain uk", "us": "us", "usa": "united states",
    "aussie": "australian", "aussies": "australians", "brit": "british", "brits": "britons",
    "dept": "department", "intl": "international", "natl": "national", "min": "minister", "pm": "prime minister",
    "prez": "president", "docs": "doctors", "doc": "doctor", "vid": "video", "vids": "videos",
    "convo": "conversation", "rep": "representative", "reps": "representatives", "refs": "referees", "ref": "referee", "biz": "business", "mgmt": "management", "mgr": "manager",
    "temp": "temperature", "hr": "hour", "hrs": "hours", "mins": "minutes", "secs": "seconds", "wk": "week",
    "wks": "weeks", "mo": "month", "mos": "months", "til": "until", "till": "until", "gonna": "going to",
    "wanna": "want to", "gotta": "got to", "dunno": "do not know", "kinda": "kind of", "sorta": "sort of",
    "whats": "what is", "whos": "who is", "wheres": "where is", "hows": "how is", "whens": "when is",
    "wat": "what", "wut": "what", "fav": "favourite", "fave": "favourite",
    "bday": "birthday", "hubby": "husband", "bf": "boyfriend", "gf": "girlfriend", "bro": "brother",
    "sis": "sister", "msg": "message", "pally": "friends", "mates": "friends", "bestie": "best friend",
    "celeb": "celebrity", "celebs": "celebrities", "nom": "nomination", "noms": "nominations",
}

# Everyday verbs and nouns that news prose says another way. A small, general thesaurus: each key adds
# its words to the question; the original word stays.
SYNONYMS = {
    # A country by its other everyday names: "is the uk doing better than america?" is about the US.
    "america": "us usa american", "britain": "uk british",
    # Feelings as news names them: "why is trump angry?" is answered by his "frustration" or "fury".
    "angry": "anger furious fury frustration frustrated",
    "upset": "angry anger furious fury frustration frustrated",
    "hurt": "injured injuring injuries wounded", "injured": "injuring wounded hurt",
    "injuries": "injured injuring injury wounded hurt", "injury": "injured injuring injuries wounded hurt",
    "casualties": "killed dead died injured injuring wounded casualty", "deaths": "died dead killed death",
    "death": "died dead killed killing deaths",
    "survive": "survived alive died dead", "survived": "survive alive died dead",
    "survives": "survive alive died dead", "emerge": "emerged revealed started began released published",
    "emerged": "emerge revealed started began released published",
    "emerges": "emerge revealed started began released published",
    "return": "returned extradited deported repatriated",
    "returned": "return extradited deported repatriated",
    "returning": "return extradited deported repatriated",
    "returns": "return extradited deported repatriated",
    "killed": "dead died death killing", "died": "dead death killed", "dead": "died death killed",
    "die": "died dead death killed killing", "kill": "killed killing",
    "arrested": "arrest detained custody", "nabbed": "arrested arrest detained", "caught": "arrested detained",
    "jailed": "prison sentenced jail", "jail": "prison sentence", "prison": "jail sentence",
    "lawyer": "attorney counsel solicitor", "attorney": "lawyer", "repping": "representing lawyer attorney",
    "sued": "lawsuit suing", "fine": "penalty fined charge", "fined": "fine penalty",
    "cost": "costs spent price paid", "paid": "pay payment", "pay": "paid payment repay repayment",
    "money": "cash funds pounds dollars", "price": "cost costs", "bucks": "dollars",
    "reward": "bounty", "bounty": "reward",
    "fired": "shot sacked dismissed", "shot": "shooting gunned fired", "stabbed": "knife stabbing",
    "knifed": "stabbed knife stabbing", "attack": "attacked strike struck",
    "hit": "struck strike attack target targeted",
    "bomb": "bombing explosion blast", "crash": "crashed collision accident",
    "said": "says told stated", "say": "said says told wrote", "told": "said", "claims": "claimed says said",
    "claiming": "claimed says said warned", "admit": "admitted admission", "own": "admitted admission",
    "ratted": "reported told informed", "snitched": "reported told",
    "car": "vehicle", "vehicle": "car", "driving": "drove driver car", "boat": "ship vessel sailboat",
    "ship": "vessel boat", "plane": "aircraft flight jet", "kid": "child", "kids": "children",
    "children": "kids", "wife": "spouse married", "married": "marriage wife husband", "husband": "spouse married",
    "guys": "men man", "guy": "man men", "people": "person persons civilians residents",
    "person": "people", "men": "man", "women": "woman", "mom": "mother", "mum": "mother", "dad": "father",
    "boss": "manager chief head", "manager": "boss coach",
    "bigwig": "chief boss chairman head executive director",
    "ran": "headed led", "run": "head lead led headed", "running": "heading leading",
    "job": "work works worked employed", "work": "job works worked", "doctor": "doctors physician",
    "hospital": "hospitalized treated", "film": "movie", "movie": "film", "show": "series programme program",
    "start": "began started begin", "began": "started start", "end": "ended finish",
    "won": "win victory defeated beat", "win": "won victory defeat beat", "lost": "lose defeat",
    "beat": "defeated won",
    "quit": "resigned resign left", "resigned": "quit", "left": "departed quit", "leave": "left",
    "old": "aged age", "age": "aged old", "born": "birth", "home": "house", "house": "home",
    "town": "city village", "city": "town", "country": "nation", "report": "study survey",
    "study": "report research survey", "survey": "poll study", "poll": "survey vote", "vote": "election poll",
    "election": "vote poll", "polling": "election vote voting poll", "polls": "election vote voting",
    "rank": "ranked ranking place", "ranked": "rank place came",
    "top": "first best highest", "first": "top", "biggest": "largest most", "worst": "lowest",
    "cheap": "cheaper low", "rich": "wealthy", "poor": "poverty", "scandal": "affair row",
    "investigating": "investigation inquiry probe", "investigation": "inquiry probe investigating",
    "inquiry": "investigation probe", "probe": "investigation inquiry", "looking": "investigating examining",
    "charged": "charge charges accused", "charges": "charged accused", "accused": "charged alleged",
    "trial": "court case", "court": "trial judge", "case": "trial court", "guilty": "convicted",
    "deported": "deportation removed", "immigrants": "immigrant immigration", "fans": "supporters",
    "team": "side club", "club": "team side", "player": "players", "coach": "manager",
    "rescued": "rescue saved", "missing": "lost disappeared", "storm": "snow weather", "snow": "storm",
    "delayed": "delay late", "late": "delayed", "robot": "robots drone", "drone": "drones",
    "prices": "price costs", "fuel": "gasoline petrol diesel", "gas": "gasoline petrol",
    "factory": "plant facility", "company": "firm", "firm": "company",
    "picture": "photo photos image images photograph", "photo": "picture image photograph",
    "favourite": "favorite", "friends": "friend friendship close",
    "oscar": "academy award", "oscars": "academy awards", "nominations": "nominated nomination",
    "sacked": "fired dismissed axed sacking", "arrive": "arrived arrival", "arrived": "arrive arrival late",
    "spared": "avoided escaped",
    "games": "appearances matches", "game": "match", "directed": "director", "director": "directed",
}

# A yes/no question's words and what a passage that says "no" writes instead.
YES_NO_OPPOSITES = {
    "win": "lost lose defeat", "won": "lost lose defeat", "admit": "denied deny denies",
    "admitted": "denied deny", "confess": "denied deny", "confessed": "denied deny",
    "guilty": "innocent", "accept": "rejected refused", "accepted": "rejected refused",
    "agree": "refused rejected", "agreed": "refused rejected", "pass": "failed fail", "passed": "failed fail",
}

_QUESTION_WORDS = frozenset(
    "what who whom whose when where why how which is are was were do does did can could will would should "
    "has have had".split()
)
# Words that point back to an earlier turn ("how old is he?", "where was that?").
# Personal pronouns point back to a person or group named in an earlier turn ("what did he call it?");
# weaker pointers ("it", "that", "there") only when the question says little else ("where was that?").
_PRONOUNS = frozenset("he she him her his hers they them their theirs".split())
_POINTERS = frozenset("it its that this those these there then".split())
_ANAPHORA = _PRONOUNS | _POINTERS

_SUMMARY_RE = re.compile(
    r"^\s*(?:(tl;?dr|tldr|summar(y|ise|ize)|sum (it|this) up|give me (a|the) (summary|gist|rundown)|"
    r"gist|overview|recap|rundown|key points|main points)\b"
    # Asked of the whole article only when nothing follows: "what's this about greece's backup currency
    # plan?" asks about one thing in it.
    r"|(what(?:'s|s| is| are) (this|it|the articles?|these articles?|this article|the story|this story|the news)"
    r" (all )?about|what(?:'s|s| is) (going on|happening|the story|the gist|the news|the deal)"
    r"|what happened)( here| there| now| today)?\W*$)",
    re.I,
)

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*|\d[\d,.]*|%|\$|£|€")


@dataclass(frozen=True)
class Query:
    """A question as the later stages read it."""

    text: str  # as asked, trimmed, misspelt words corrected (respelled)
    search_text: str  # short forms expanded, typos corrected, synonyms added: what BM25 reads
    groups: tuple[tuple[str, ...], ...]  # one per question word: the word, then its synonyms (for coverage)
    # "age", "rank", "duration", "number", "date", "person", "place", "org", "name", "reason", "sort", "any",
    # "thing", "called", "description", "yes/no" or None
    wants: str | None
    refers_back: bool  # leans on an earlier turn ("he", "that", "there") and says little on its own
    summary: bool  # asks about the whole article ("what is this about?", "tl;dr")
    focus: tuple[tuple[str, ...], ...] = ()  # what a "how many/what/which" question asks about, as groups


def tokens(text: str) -> list[str]:
    return _WORD_RE.findall(text)


# A question that opens with an auxiliary asks yes or no ("did he get hurt when his boat went over?"): a
# wh-word later in it starts a clause, not the question.
_YES_NO = re.compile(r"^\W*(?:(?:and|so|but|ok|okay|also)\W+)?(?:is|are|was|were|do|does|did|can|could|will|"
                     r"would|should|has|have|had|isn't|aren't|wasn't|weren't|didn't|doesn't|don't)\b", re.I)


_CHAT_WH = re.compile(r"\b(whats|whos|wheres|whens|hows|wat|wut)\b", re.I)


def plain_wh(text: str) -> str:
    """"whats" and "wat" as SHORT_FORMS spells them ("what is", "what"), curly apostrophes straight."""
    return _CHAT_WH.sub(lambda m: SHORT_FORMS[m.group(1).lower()], text.replace("’", "'"))


_A_PERSONS_NAME = re.compile(rf"\bname of the ({_PERSON})\b|\b(his|her|the ({_PERSON})'?s?) name\b|"
                             rf"\bwho(?:'s|s| is| was) (?:the|their|his|her|its|\w+'s?) (?:\w+ ){{0,2}}"
                             rf"({_PERSON})\b", re.I)
_NAME_OF = re.compile(r"\bname of (?:the|his|her|their|its|this|that) (\w+)", re.I)


_WHICH_NOUN = re.compile(rf"\b(?:which|what) ((?:{_MODIFIER} ){{0,2}}{_MODIFIER})", re.I)


# "what's the project called?", "the name of his sailboat": the kind of thing named.
_NOT_KIND = r"(?!(?:in|that|who|whom|which|of|is|was|were|are|where|when|from|at|for|on|to|by|with|and)\b)"
_KIND = rf"((?:{_NOT_KIND}[\w-]+ ){{0,2}}{_NOT_KIND}[\w-]+)"
# The one whose thing it is may be named: "What is Doctor Who's space ship called?".
_OWNER = r"(?:the|its|his|her|their|(?:[\w-]+ )?[\w-]+'s)"
_CALLED_THING = re.compile(rf"\bwhat(?:'s|s| is| was| are| were) {_OWNER} {_KIND} "
                           rf"(?:called|named|known as)\b|\bname of {_OWNER} {_KIND}", re.I)


# Kinds of place whose names carry the kind's noun ("Bellevue Hospital", "Wembley Stadium").
_NAMED_KINDS = frozenset("hospital prison jail stadium airport court university college school church "
                         "cathedral hotel museum bridge station home".split())
# The noun must end its phrase: "what court case" asks about a case.
_WHICH_KIND = re.compile(r"\b(?:which|what) (?:[\w-]+ )?(" + "|".join(sorted(_NAMED_KINDS)) + r")(?:s|es)?"
                         r"(?=\s*[?,]|\s*$|\s+(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|"
                         r"in|at|on|to|for|of|from|near|that|where|\w+ed)\b)", re.I)


def named_kind(text: str) -> str | None:
    """The noun a question asks the name of: "what's the project called?" → project, "which hospital
    ...?" → hospital; None for other questions."""
    which = _WHICH_KIND.search(text)
    return which.group(1).lower() if which else called_kind(text)


def called_kind(text: str) -> str | None:
    """The noun a question asks the name of ("what's the project called?" → project), unless it is a
    person's; None for other questions."""
    match = _CALLED_THING.search(text.replace("’", "'"))
    if match is None:
        return None
    kind = next(g for g in match.groups() if g is not None).lower().split()[-1]
    return None if kind in PERSON_NOUNS or kind in ("person", "people", "one", "thing", "name") else kind


@lru_cache(maxsize=256)
def kind_words(text: str) -> frozenset[str]:
    """The words that name the kind of thing a "which/what X" question asks for ("which nursing home" →
    nursing, home): an answer may hold them ("Hebrew Home") and still say what the question does not.
    Cached: the short-answer stage asks it for every candidate span of a question."""
    text = text.replace("’", "'")
    match = _WHICH_NOUN.search(text) or _CALLED_THING.search(text)
    if match is None:
        return frozenset()
    words = next(g for g in match.groups() if g is not None).lower().split()
    # "which unis": the kind as articles spell it ("Universities of Sheffield and Sussex").
    return frozenset(w for word in words for w in SHORT_FORMS.get(word, word).split())


def asks_for_a_persons_name(text: str) -> bool:
    """"the name of the person who died", "the guard's name", "who's the kilmarnock captain?"."""
    return bool(_A_PERSONS_NAME.search(text.replace("’", "'")))


# "which unis are behind it?", "who were the two presenters?": more than one answer may be asked for.
# A wh-phrase in the plural: "which films were ...?", "which countries want to send troops?" (a plural
# kind before its verb), "who were the color analysts?".
_PLURAL_ASKED = (r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}[\w-]+(?<!s)s\s+(?:are|were|have|had|do|did)\b|"
                 r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}(?:countries|cities|towns|states|nations|regions|"
                 r"companies|firms|teams|clubs|players|groups|bands|parties|universities|people|leaders|"
                 r"celebs|celebrities|stars|actors|members)"
                 r"(?:\s+(?!(?:of|is|was|in|on|at|for)\b)[a-z]+|\W*$)|"
                 r"\bwho\s+(?:are|were)\s+the\s+(?:[\w-]+\s+){0,3}[\w-]+(?<!s)s\W*$")
_SEVERAL = re.compile(_PLURAL_ASKED, re.I)
_MANY = re.compile(_PLURAL_ASKED + r"|\bwho\s+(?:are|were)\b|(?<!number )\b(?:two|three|four|both)\b", re.I)


def asks_for_many(text: str) -> bool:
    return bool(_MANY.search(text))


def asks_for_several(text: str) -> bool:
    """Whether the wh-phrase itself is plural ("which countries want ...?"), not only the question's words
    ("What school did both Hank Marvin and Bruce Welch attend?" asks for one school)."""
    return bool(_SEVERAL.search(text))


# "how much of the bee brain have they copied?" may be told in words ("the part which allows it to see").
_PORTION = re.compile(r"\bhow much of\b", re.I)


def asks_for_a_portion(text: str) -> bool:
    return bool(_PORTION.search(text))


# "Which country is not badly hit …?", "what issues were not addressed …?": a question about what is
# not so.
_NEGATED = re.compile(r"\b(?:not|never|no)\b|n't\b", re.I)
# Words that open a clause of its own: a "not" after them is not what the question asks ("When did the NFL
# announce that it would not use Roman numerals?").
_CLAUSE_OPENERS = re.compile(r"\b(?:that|which|who|whom|whose|because|if|when|whenever|after|before|since|as|"
                             r"although|though|while|due|whether|so|even|until|unless|once|despite)\b", re.I)


def asks_negated(text: str) -> bool:
    """Whether the question's own clause is negated: "What is not used to …?", "Who didn't Dinwiddie
    order …?"; not a "not" before its wh-word or inside a clause of its own."""
    text = text.replace("’", "'")
    asked = _ASKS.search(text)
    negated = _NEGATED.search(text, asked.end()) if asked else None
    return negated is not None and not _CLAUSE_OPENERS.search(text, asked.end(), negated.start())


# "what is he charged with?", "what charges does she face?" ask for an offence; "what sentence could he
# get?", "how much jail time could she get?" for a penalty. Both are told in the law's own words
# (index/answer_types.py), and a passage about the case that names none is a near miss: "what is the
# suspect being charged with?" against a shoot-out whose article names no charge (news_qa tuning). Not "what
# was he arrested for?", which is as often answered in plain words ("for sending an email to the city
# councilors", SQuAD).
_LAW_NOUN = (r"\bwhat(?:'s|s| is| was| were| are)?\s+(?:(?:the|a|an|his|her|their|its|max|maximum|likely|"
             r"possible|exact)\s+){{0,2}}(?:{})\b"
             # "what sentence did he get?", not "what sentence structure …?"
             r"(?=\s+(?:could|can|did|does|do|will|would|might|may|is|was|were|are|has|have|had|for|he|she|"
             r"they|against|in)\b|\s*[?.!]|\s*$)")
_OFFENCE_ASKED = re.compile(
    r"\bwhat\b[^?]{0,60}?\b(?:charged|accused|convicted|indicted|prosecuted|guilty)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:with|of|for)\b|" + _LAW_NOUN.format(r"charges?|crimes?|offen[cs]es?"), re.I)
_PENALTY_ASKED = re.compile(
    _LAW_NOUN.format(r"sentences?|punishments?|penalty|penalties|jail term|prison term") + "|"
    r"\bhow (?:long|much (?:jail |prison )?time|many years)\b[^?]{0,60}?\b(?:jail|prison|sentenced?|"
    r"behind bars|locked up)\b|\bhow much (?:jail|prison) time\b", re.I)


# "has the homeless guy been charged with assault?", "did he go to prison?": a yes or no about a criminal
# case, which a passage that names neither an offence nor a penalty cannot answer (dev: "has pama pleaded
# guilty or not guilty" was answered by "Pama, who has no history of violence, …"). Not "was anyone
# arrested?", told as often without the law's words, nor "is he in charge?".
_CASE_ASKED = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay)\W+)?(?:has|have|had|was|were|is|are|did|does|do|will|would|could|can|"
    r"may|might)\b[^?]{0,80}?\b(?:charged|charges|plead\w*|pled|guilty|convicted|indicted|prosecuted|jailed|"
    r"imprisoned|sentenced|prison|jail)\b", re.I)


def asks_of_the_law(text: str) -> str | None:
    """"offence" for a question about what someone is charged with, "penalty" for one about the sentence
    they could get, "case" for a yes or no about either, else None."""
    text = text.replace("’", "'")
    if _OFFENCE_ASKED.search(text):
        return "offence"
    if _PENALTY_ASKED.search(text):
        return "penalty"
    if _CASE_ASKED.search(text):
        return "case"
    return None


def asks_what_it_is_called(text: str) -> bool:
    """"what is the ship called?", "what did Luther call the bread?"."""
    return bool(_CALLED_RE.search(text.replace("’", "'")))


def asks_for_a_things_name(text: str) -> bool:
    """"the name of his sailboat": a name, but no person's."""
    thing = _NAME_OF.search(text)
    return thing is not None and thing.group(1).lower() not in PERSON_NOUNS


# What a chat question may open with before its wh-word: "so what ...", "ok who ...".
OPENER = r"^\W*(?:(?:so|and|but|ok|okay)\W+)?"
# "what movie gave them the idea?": the name of a thing of that kind ("the film 50 First Dates"), if any.
# "In what compound is oxygen part of a ring?" asks the same after a preposition.
_WHAT_NOUN = re.compile(rf"{OPENER}(?:(?:in|on|at|by|from|to|of|for|with|into|during|under)\s+)?"
                        rf"what ({_MODIFIER})\b", re.I)
# "who is Andy Hunder?", "who's zelenskyy": a name and nothing else, so what the person is, not who.
_WHO_IS = re.compile(rf"{OPENER}who(?:'s| is| was)\s+([\w'-]+(?:\s+[\w'-]+){{0,3}})\W*$", re.I)
# Words after "who is" that ask for someone: "who is responsible?", "who is next?".
_FOR_SOMEONE = frozenset("responsible accountable liable guilty involved affected injured hurt killed dead "
                         "missing next first last winning leading ahead behind charge there here it".split())


# "what is lavrov's job?" (or "lavrov's job?") asks what he is: it is read as "who is lavrov?".
_JOB_OF = re.compile(rf"{OPENER}(?:what('s| is| was)\s+)?([\w'-]+(?:\s+[\w'-]+){{0,3}}?)['’]s\s+"
                     r"(?:job|role|title|occupation|profession)\W*$", re.I)


# "what position does lavrov hold?", with nothing after the verb ("… hold in the Central Telegraph Office?"
# asks about one place).
_HELD_BY = re.compile(rf"{OPENER}what (?:position|job|role|title|office|post) (do|does|did)\s+"
                      r"([\w'-]+(?:\s+[\w'-]+){0,3}?)\s+(?:hold|have|occupy)\W*$", re.I)


def _as_who_is(text: str, names: frozenset[str]) -> str:
    """"what is X's job?" or "what position does X hold?" as "who is X?" when X is a name, else the
    question as it is."""
    plain = plain_wh(text)
    if match := _JOB_OF.match(plain):
        asked = f"who {'was' if match.group(1) == ' was' else 'is'} {match.group(2)}?"
    elif match := _HELD_BY.match(plain):
        asked = f"who {'was' if match.group(1).lower() == 'did' else 'is'} {match.group(2)}?"
    else:
        return text
    return asked if _describes(asked, names) else text


def _describes(text: str, names: frozenset[str]) -> bool:
    """Whether "who is X?" asks what X is: X is a name, capitalised or, as chat types it, a word that may
    be a name by the articles' capitals (``names``: "who is andy hunder?")."""
    match = _WHO_IS.match(text)
    if match is None:
        return False
    words = match.group(1).split()
    if any(w.lower() in STOPWORDS or w.lower() in PERSON_NOUNS or w.lower() in _FOR_SOMEONE
           or w.lower().endswith("'s") for w in words):
        return False
    return all(w[0].isupper() or w.lower() in names for w in words) or len(words) == 1


# "was anyone hurt?", "were any cops injured?": yes or no, but the answer people want is who, and how many.
_ANYONE = re.compile(r"\b(any|anyone|anybody|any one)\b", re.I)


_ASKS = re.compile(r"\b(what|which|who|whom|whose|where|how|when)\b", re.I)
_CLAUSE_WHEN = re.compile(r"(?<!\band )\bwhen\b", re.I)


def _one_word_form(match) -> str:
    """A chat short form spelled as the one word articles use ("celeb" → "celebrity"); others as they are."""
    word = match.group(0)
    found = SHORT_FORMS.get(word) if word.islower() else None  # "K" and "US" are names, not chat
    return found if found is not None and " " not in found else word


_EARLIER_WH = re.compile(r"\b(what|which|how|where|when|why)\b", re.I)


def _first_asking(pattern, text: str):
    """The pattern's first match that asks something: "who" after another wh-word opens a relative
    clause ("what's the guy who threw the punch been charged with?" asks what, not who)."""
    for match in pattern.finditer(text):
        before = text[:match.start()]
        if not (match.group(0).lower().startswith("who") and _EARLIER_WH.search(before)
                and not re.search(r"\bname\b", before, re.I)):
            return match  # "Doctor Who" is a name; "the last name of the player who ..." asks for a person
    return None


# A "when" clause before the question proper: "When he died, who took over?" asks who.
_LEADING_WHEN = re.compile(r"^\W*when\b(?!\s+(?:is|are|was|were|do|does|did|will|would|can|could|has|have|"
                           r"had|should)\b)[^,?]*,\s*(?=(?:what|which|who|whom|whose|where|how|why)\b)", re.I)


def answer_type(text: str, names: frozenset[str] = frozenset()) -> str | None:
    """The kind of answer the question's first wh-phrase asks for ("where was he when ..." → place);
    "yes/no" for a question that opens with an auxiliary, or "any" for one that asks whether anyone was hurt,
    arrested, ...; None when nothing says. ``names``: the question's words that may be names
    (Engine.names_in)."""
    folded = plain_wh(text)
    folded = _WORD_RE.sub(_one_word_form, folded)  # "which celeb" asks for a person
    if _YES_NO.match(folded):
        if _CALLED_RE.search(folded):
            return "called"  # "is there another name for the septum ring?" asks for the name
        return "any" if _ANYONE.search(folded) else "yes/no"
    folded = _LEADING_WHEN.sub("", folded)  # "When UPT bought ABC, what was the company called?"
    # "What basin was formed when the Andes rose?": a "when" after the question's own wh-word opens a
    # clause; it asks no date.
    asked = _ASKS.search(folded)
    if asked is not None and asked.group(1).lower() != "when":
        folded = folded[:asked.end()] + _CLAUSE_WHEN.sub("at the time", folded[asked.end():])
    found = [(m.start(), order, kind) for order, (kind, pattern) in enumerate(_WANTS_RE)
             if (m := _first_asking(pattern, folded))]
    if found:
        kind = min(found)[2]
        return "description" if kind == "person" and _describes(folded, names) else kind
    return "thing" if _WHAT_NOUN.match(folded) else None


# Words a chat question carries that say nothing about what it asks ("what exactly is she charged with",
# "who's repping him, like his lawyer?"): a passage that happens to hold them is no closer to the answer.
FILLERS = frozenset(
    "exactly really actually roughly approximately basically literally totally anyway rn lol lmao pls plz "
    "please ok okay like kinda sorta maybe probably".split())


# "what date", "what time": the noun says what kind of answer is wanted, not what the question is about
# ("what date is polling day?" had matched the film "50 First Dates").
_ASKED_KINDS = frozenset("date time year day month".split())


# Idioms whose words say nothing of what they mean: "did he make it?" asks whether he survived.
# "how did the scandal first come out?" asks how it emerged.
# "how long til he gets sent back to utah?" asks when he is returned (extradited, deported).
_IDIOMS = re.compile(r"\b(make it|made it|makes it|pass away|passed away|come out|came out|comes out)"
                     r"(?= ?(?:\?|$|through\b|out\b))"
                     r"|\b(send back|sent back|sending back|sends back|got the boot|get the boot|"
                     r"got the sack|get the sack|roll up|rolled up|turn up|turned up|locked up|lock up|"
                     r"let off|forked out|fork out|shelled out|shell out|stepped down|step down|steps down|"
                     r"owned up|own up|owns up|came up with|come up with|comes up with|"
                     r"tracked down|track down|tracks down|tracking down|"
                     r"say no to|said no to|says no to|saying no to|turned down|turn down|turns down)\b"
                     # "how old was he when he passed?" asks when he died; "did the bill pass?" does not.
                     r"|(?:(?<=\bhe )|(?<=\bshe ))(passed|pass)(?= ?(?:\?|$))"
                     # "what time did it all go down?" asks when it happened; "prices went down" does not.
                     r"|\b(go down|went down|goes down)(?= ?(?:\?|$))", re.I)
_IDIOM_WORDS = {"make it": "survive", "made it": "survived", "makes it": "survives", "pass away": "die",
                "passed away": "died", "come out": "emerge", "came out": "emerged", "comes out": "emerges",
                "send back": "return", "sent back": "returned", "sending back": "returning",
                "sends back": "returns", "got the boot": "was sacked", "get the boot": "be sacked",
                "got the sack": "was sacked", "get the sack": "be sacked", "roll up": "arrive",
                "rolled up": "arrived", "turn up": "arrive", "turned up": "arrived", "locked up": "jailed",
                "lock up": "jail", "let off": "spared", "forked out": "paid", "fork out": "pay",
                "shelled out": "paid", "shell out": "pay", "stepped down": "resigned", "step down": "resign",
                "steps down": "resigns", "owned up": "admitted", "own up": "admit", "owns up": "admits",
                "go down": "happen", "went down": "happened", "goes down": "happens",
                "came up with": "devised", "come up with": "devise", "comes up with": "devises",
                "tracked down": "found", "track down": "find", "tracks down": "finds",
                "tracking down": "finding", "say no to": "reject", "said no to": "rejected",
                "says no to": "rejects", "saying no to": "rejecting", "turned down": "rejected",
                "turn down": "reject", "turns down": "rejects",
                "passed": "died", "pass": "die"}
# "how much will it set them back?" asks what it costs; the words between stay.
_SET_BACK = re.compile(r"\b(?:set|sets|setting) ((?:[\w'’]+ ){1,2})back\b", re.I)


def without_idioms(text: str) -> str:
    """The question with each idiom in plain words: "how did it first come out?" → "... emerge?"; and
    "whos" as "who is", which the tagger reads as no wh-word."""
    text = _IDIOMS.sub(lambda m: _IDIOM_WORDS[m.group(0).lower()], plain_wh(text))
    return _SET_BACK.sub(lambda m: "cost " + m.group(1).rstrip(), text)


def word_groups(text: str, speller=None) -> tuple[tuple[str, ...], ...]:
    """The question in the corpus's words, one group per word: the word (short form expanded, misspelling
    corrected) first, then its synonyms. A passage covers the word when it holds any of its group. Fillers
    and the kind noun of "what date/time/year" are left out."""
    groups = []
    previous = ""
    text = without_idioms(text)
    for word in tokens(text):
        lower = word.lower()
        asked_kind = lower in _ASKED_KINDS and previous in ("what", "which")
        previous = lower
        if lower.endswith("'s"):
            lower = lower[:-2]
        if lower in FILLERS or asked_kind:
            continue
        lower = SHORT_FORMS.get(lower, lower)
        for part in lower.split():
            if speller is not None:
                part = speller(part)
            extra = SYNONYMS.get(part)
            if extra is None and part.endswith("s") and len(part) > 3:
                extra = SYNONYMS.get(part[:-1])  # "cars" as "car"
            group = (part, *extra.split()) if extra else (part,)
            group += tuple(f for f in inflections(part) if f not in group)  # "write": "wrote"
            groups.append(group + tuple(f for f in _other_spelling(part) if f not in group))
    return tuple(groups)


# "criticised" / "criticized": the Snowball stemmer reads "-ize" words as their root ("criticized" and
# "criticism" both "critic") but keeps "-ise" ("criticis"), so either spelling is searched as the other.
_ISE = re.compile(r"^(\w{4,})([iy])([sz])(e|ed|es|ing|ation|ations)$")
_NOT_ISE = frozenset(
    "advertis advis chastis compris compromis despis devis disguis enterpris exercis expertis franchis "
    "improvis merchandis otherwis premis promis repris revis supervis surmis surpris televis".split()
)


def _other_spelling(word: str) -> tuple[str, ...]:
    match = _ISE.match(word)
    if match is None or f"{match.group(1)}{match.group(2)}s" in _NOT_ISE:
        return ()
    other = "z" if match.group(3) == "s" else "s"
    return (f"{match.group(1)}{match.group(2)}{other}{match.group(4)}",)


def refers_back(text: str) -> bool:
    """True for questions that need an earlier turn: a personal pronoun ("how old is he?", "what did he
    call the deployment of European troops?"), a pointer ("where was that?") with at most three content
    words, or no word beyond the kind of answer wanted ("over what time span?"). "The" points nowhere: "Who
    won the 2022 World Cup?" stands on its own."""
    words = [w.lower().replace("’", "'").removesuffix("'s") for w in tokens(text)]
    if not words:
        return False
    if any(w in _PRONOUNS for w in words):
        return True
    # "which famous leaders had one?", "who got the second one": a closing "one" stands for a thing the
    # turn named ("one person" counts).
    pointers = sum(w in _POINTERS for w in words) + (len(words) > 1 and words[-1] in ("one", "ones"))
    content = [w for w in words if w not in _ANAPHORA and w not in _QUESTION_WORDS and w not in STOPWORDS
               and len(w) > 2 and not w.isdigit()]
    if not any(w not in _TYPE_NOUNS and w not in _KIND_OF_ANSWER for w in content):
        return True  # "over what time span?", "how long?": only the kind of answer, nothing it is about
    return pointers > 0 and len(content) <= 3


# Words that say only what kind of answer is wanted ("how old", "how long"), not what it is about.
_KIND_OF_ANSWER = frozenset("old long late far big close soon often".split())


def asks_only_of_the_turn(query: Query) -> bool:
    """A follow-up that names nothing of its own: "where was that?", "how old is he?", "what team's he on?"
    (its search words also hold the turn's subject, so the question's own text is read here)."""
    text = plain_wh(query.text.lower())  # "whats" → "what is": both stopwords, as "what's" would be
    words = {w.split("'")[0] for w in tokens(text)}
    own = words - STOPWORDS - _ANAPHORA - FILLERS - _KIND_OF_ANSWER - kind_words(query.text)
    return query.refers_back and not own


def is_summary_request(text: str) -> bool:
    return bool(_SUMMARY_RE.search(text.strip()))


# A previous answer that counts ("one person", "No serious injuries") names no one that "that" could be:
# "where was that?" after "one person" died asks where it happened, not where the person was.
_COUNTED = re.compile(r"(at least |more than |about |nearly |almost |some )?(no|nobody|none|\d[\d,.]*|one|"
                      r"two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands)\b|[£$€¥]", re.I)
# Nor does a day or a sum: "where was that?" after "February 3, 1959" asks where what happened then
# happened, and "which judge ruled on that?" after "£25,000" asks about the ruling.
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")  # a year a chat question names ("how about in 2019?")
YEAR_DIGITS = r"(?:1[5-9]|20)\d\d"  # any year a question or a quote may name, from 1500 ("the 1646 siege")
_WHEN = re.compile(rf"\b({MONTHS})\.? \d|\b\d{{1,2}} ({MONTHS})\b|\b({DAYS})\b|{YEAR.pattern}", re.I)


# A previous short answer of more words is a clause (a reason: "coaches they laid on for free were delayed
# and missed the kick-off …", 15 words), whose words pull the search back to the passage that gave it; a
# description ("head of the American Chamber of Commerce", 7) still says what "that" is.
_SUBJECT_WORDS = 10


# The words the tables here know ("repping", "indyref", "bestie"): no typo, whatever the dictionaries say.
KNOWN_WORDS = frozenset(SHORT_FORMS) | frozenset(SYNONYMS) | FILLERS | frozenset(YES_NO_OPPOSITES)


# A word with what an apostrophe adds to it: "weren't" is no misspelt "weren", "steawrt's" is one.
_SPELLED_WORD = re.compile(r"([^\W\d_]+)((?:['’][^\W\d_]+)*)")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer, as BM25 stems (index.corpus)

    return Stemmer.Stemmer("english")


def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def respelled(text: str, speller) -> str:
    """The question as asked with each misspelt word corrected in place ("which hosptal …?" → "which
    hospital …?"): the embedding and the short-answer rules read the text itself. With one typo in the
    longest word of each news_qa tuning paraphrase, 17 (a letter dropped) / 16 (two swapped) of its 73
    right answers were lost when only BM25's words were corrected, 10 / 5 with the text too."""
    def fix(match) -> str:
        word, added = match.groups()
        if added and added[1:].lower() != "s":
            return match.group(0)
        plain = fold(word).lower()
        right = speller(plain)
        if right == plain or _stem(right) == _stem(plain):
            return match.group(0)  # "analyzes" for "analyze", "Grammys" for "Grammy": another form, no typo
        return (right.capitalize() if word[0].isupper() else right) + added
    return _SPELLED_WORD.sub(fix, text) if speller is not None else text


# What people wrap a question in ("hey bot, can you tell me how many …? thanks"): it says nothing of what is
# asked, and the embedding reads every word of it. Each news_qa tuning paraphrase asked after "hey bot, "
# had lost 21 of its 73 right answers, after "can you tell me " 16, with "? thanks" after it 8.
_OPENING = re.compile(r"^\s*(?:(?:hey|hi|hello|hiya|yo|oi|ok|okay|so|um+|uh+|well|quick question)\b"
                      r"(?:\s+(?:there|bot|newsbot|guys|all|everyone))?"
                      r"(?:[:;]-?[()/DPp]|[\s,!.:;-])*)+", re.I)
_ASKING = re.compile(r"^\s*(?:(?:please|pls|plz)\s+)?(?:(?:can|could|would|will)\s+(?:you|u)\s+"
                     r"(?:please\s+|pls\s+)?(?:tell|let|show)\s+me|"
                     r"(?:do|does)\s+(?:you|u|anyone|anybody)\s+know|"
                     r"(?:i|i['’]d|id|i['’]m|im)\s+"
                     r"(?:want|wanna|would like|like|need|am wondering|wondering|was wondering)"
                     r"(?:\s+to\s+(?:know|find out|ask))?|any idea|tell me|"
                     # "and how many …?", "btw who …?"; "according to the article, …" (not "according to
                     # brown, …", which says whose claim is asked about).
                     r"and|also|then|btw|by the way|"
                     r"(?:according to|in) (?:the|this|that|these|those) "
                     r"(?:article|articles|story|stories|news|report|piece))[\s,]+"
                     r"(?=(?:what|whats|what['’]s|who|whos|who['’]s|whom|whose|when|where|why|how|which|"
                     r"is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b)", re.I)
_WH_WORD = re.compile(r"\b(?:what|whats|who|whom|whose|when|where|why|how|which)\b", re.I)
_NUMBER_OF = re.compile(r"^(?:the\s+)?(?:#|number)\s*of\s+", re.I)
_AGE_OF = re.compile(r"^(?:the\s+)?age\s+of\s+(.+?)\W*$|^(\w.*?)(?:['’]s)?\s+age\W*$", re.I)
_MARKS = re.compile(r"\s*[?!]*\?[?!]*$")
# Chat decoration: a quote mark or bold/italic/code around the whole question, a smiley or emoji after it.
_MARKDOWN = re.compile(r"^\s*(?:>\s+)?(\*\*|__|\*|_|`)(?P<inside>.+)\1\s*$", re.S)
_SMILEYS = re.compile(r"(?:\s*(?:[:;]-?[()/\\|DPpO]|xD|XD|<3|"
                      r"[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]+))+\s*$")
_QUOTE_MARK = re.compile(r"^\s*>\s+")
_CLOSING = re.compile(r"[\s,.!]*\b(?:thanks|thank you|thx|ty|cheers|please|pls|plz|lol|lmao|haha)\b[\s.!]*$",
                      re.I)


# A sentence before the question that tells nothing of what is asked ("I just read the news.", "Quick
# question:"): every word a stopword or one of these.
_SAYS_NOTHING = frozenset(
    "read reading saw seen watched heard news article articles story stories piece report question "
    "questions quick interesting wow hmm huh sorry confused curious wondering thinking wanted want wanna "
    "know ask asking bot newsbot thanks thank please pls hey hi hello ok okay so well just today "
    "earlier".split())
_LEADING_SENTENCE = re.compile(r"^\s*([^.!?:\n]+)[.!:\n]+\s+(?=\S)")


def unwrapped(text: str) -> str:
    """The question without what it is wrapped in: a lead-in sentence that says nothing, a greeting, a
    request, thanks, a smiley, markdown ("hey bot, can you tell me how many people were hurt? thanks" →
    "how many people were hurt?"); "# of ppl hurt?" asks how many, and "???" is one "?". Peeled until
    nothing more comes off ("who won? :) thanks lol"), so that reading it again changes nothing."""
    for _ in range(4):
        core = _unwrapped_once(text)
        if core == text:
            break
        text = core
    return text


def _unwrapped_once(text: str) -> str:
    core = _SMILEYS.sub("", _QUOTE_MARK.sub("", text, count=1))
    while (lead := _LEADING_SENTENCE.match(core)) and all(
            w in STOPWORDS or w in _SAYS_NOTHING for w in re.findall(r"[a-z]+", lead.group(1).lower())):
        core = core[lead.end():]
    markdown = _MARKDOWN.match(core)
    if markdown:
        core = markdown.group("inside")
    core = _OPENING.sub("", core, count=1)
    for _ in range(3):  # "btw, can you tell me …"
        core, found = _ASKING.subn("", core, count=1)
        if not found:
            break
    core = _CLOSING.sub("", core).strip()
    if not _WH_WORD.search(core):
        core = _NUMBER_OF.sub("how many ", core)  # "# of ppl hurt?" asks how many
        if age := _AGE_OF.match(core):  # "copeland's age?", "age of the suspect?" ask how old
            core = f"how old is {age.group(1) or age.group(2)}?"
    core = _MARKS.sub("?", core)  # "???" and "?!" as the one "?" the scorer was fitted with
    return core or text


def analyse(text: str, *, speller=None, subject: str | None = None,
            names: frozenset[str] = frozenset()) -> Query:
    """``subject``: what the previous turn answered ("Monsour Alshammari"); a question that leans on that
    turn ("how old is he?") is searched with it, since that is what its "he" most likely means. ``names``:
    the question's words that may be names (Engine.names_in), which chat types in lower case."""
    text = _as_who_is(respelled(unwrapped(text), speller), names)
    leans = refers_back(text)
    plain = fold(text)  # "Beyoncé" searched as "beyonce", as people type it
    groups = word_groups(plain, speller)
    wants = answer_type(text, names)
    if wants == "yes/no":
        # "did he win his appeal?" is answered by "lost his case": a yes or no may be told by the opposite.
        groups = tuple(group + tuple(w for w in YES_NO_OPPOSITES.get(group[0], "").split() if w not in group)
                       for group in groups)
    if leans and subject and not _COUNTED.match(subject) and not _WHEN.search(subject) \
            and len(subject.split()) <= _SUBJECT_WORDS:
        groups += word_groups(fold(subject))
    search_text = " ".join(w for group in groups for w in group)
    focus = tuple(g for w in focus_words(plain) for g in word_groups(w, speller))
    return Query(text=text, search_text=search_text, groups=groups, wants=wants,
                 refers_back=leans, summary=is_summary_request(text), focus=focus)


# Function words of the languages people most often mix into an English server. A question in which they
# outnumber English function words is not English; the embedding model reads English only.
_FOREIGN = frozenset(
    "el los las una unos que del por para con cómo como cuál cuáles cuándo cuánto cuántos cuántas dónde "
    "qué quién quiénes porque está están fue según "
    "de la le les des une est sont avec pour dans qui quoi quel quelle quels combien pourquoi où été elle "
    "elles ils lieu hat ist "
    "der die das und ist sind wie viele wer wann warum wurde wurden nicht mit auf für von dem den ein eine "
    "il di che non sono della nel gli chi quanti quante perché dove "
    "não uma são quem quantos quantas onde foi pelo pela".split()
)
# Only words that are no function word of those languages ("a" is French and Portuguese, "was" German).
_ENGLISH = frozenset(
    "the an of in on at to is are were did do does how what who when where why which many much "
    "and or he she it they his her their this that has have had be been will would could can for with "
    "from by about".split()
)


def is_english(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in letters) < 0.5 * len(letters):
        return False  # another script (Cyrillic, Arabic, CJK, ...)
    words = [w.lower() for w in re.findall(r"\w+", text)]
    foreign = sum(w in _FOREIGN for w in words)
    english = sum(w in _ENGLISH for w in words)
    return not (foreign > english)


# Nouns that name the kind of answer rather than what it is about ("which country", "what year"): the
# answer type covers them, so they are no focus.
_TYPE_NOUNS = frozenset(
    "country countries city town place state county region area nation team club company firm group person "
    "people man woman guy name year day date time month hour number amount percentage percent share kind sort "
    "type way thing things one ones body organisation organization position rank ranking college university "
    "school hospital court party exactly really actually roughly approximately just even still else span "
    "period money cash".split()
)
# Only after "how many/much" is the next word reliably the thing asked about; after "which/what" it is as
# often an adjective or a verb ("which nba player", "which group put"), which refused right answers on the
# tuning set.
_WH_HEAD = re.compile(r"\b(how (?:many|much))\s+(.*)", re.I)
_FOCUS_STOP = frozenset(
    "is are was were be been being did does do done has have had will would could can should may might must "
    "to of in on at for with from by about into over after before under than that this these those it its "
    "they he she we you i his her their our your my the a an".split()
)


_COMPARATIVES = frozenset("more less fewer worse better bigger smaller higher lower longer shorter larger "
                          "greater further farther older younger cheaper dearer earlier later faster "
                          "slower".split())
_LEADING = frozenset("the a an his her their its my our your this that these those s".split())


def focus_words(text: str) -> tuple[str, ...]:
    """The thing a "how many" question counts ("how many seats are ..." → seats)."""
    match = _WH_HEAD.search(text.replace("’", "'").lower())
    if not match:
        return ()
    words = []
    for word in re.findall(r"[a-z]+", match.group(2)):
        if word in _LEADING and not words:
            continue
        if word in _FOCUS_STOP or len(words) >= 3:
            break
        words.append(word)
    # The head word only: what follows it is as often a verb ("which group put ...") as a noun. A
    # comparative says how much, not what is counted ("how much worse off are they?").
    # Nor is a word that only qualifies the kind of answer after it ("how much prize money …?").
    qualifies = len(words) > 1 and words[1] in _TYPE_NOUNS
    head = [w for w in words[:1] if w not in _COMPARATIVES and not qualifies]
    return tuple(w for w in head if w not in STOPWORDS and w not in _TYPE_NOUNS and len(w) > 2)
