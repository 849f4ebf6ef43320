"""Short answers read off the quote's words rather than the tagger's labels: the clause a reason word opens
("why"), the sort of a thing ("what kind of X"), who something happened to ("was anyone hurt?"), what
something is called, and the phrase where the question's wh-word would stand around its verb ("what did Luther
translate?", "who recovered the fumble?"). Each rule returns (sort key, start, end) in the quote, or None.
"""

from __future__ import annotations

import re

from index.answer_types import AILMENT, ODDS
from index.question import PERSON_NOUNS, SYNONYMS, Query, without_idioms
from index.stopwords import STOPWORDS
from index.tagger import modifies, question_doc, spellings, tagged, tagger

WORD = re.compile(r"[a-z0-9]+")
# A count names a number: "574", "three quarters"; not "millions" or "decades", which say how big, not how
# many.
# Numbers up to ninety in words, the units first ("nine-year-old", "twenty-five").
NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
COUNT = re.compile(rf"\d|\b({NUMBER_WORDS}|hundred|thousand|dozen|half|quarter|quarters|third|thirds)\b",
                   re.I)


WINDOW = 80  # characters either side of a candidate span in which the question's words count as support


def question_support(words_at: list[tuple[int, str]], start: int, end: int) -> tuple[int, int]:
    """(distinct question words within WINDOW characters of the span, negated; characters to the nearest
    one), so that sorting prefers the span surrounded by most of the question, then the closest."""
    near = {w for at, w in words_at if start - WINDOW <= at < end + WINDOW and not start <= at < end}
    # From the nearer edge of each: "Ukrainian President Volodymyr Zelenskyy" is 1 character from the
    # question's "president", not the 10 from where that word starts.
    distance = min((0 if start <= at < end else start - at - len(w) if at < start else at - end
                    for at, w in words_at), default=1000)
    return -len(near), distance


def says_more(text: str, asked: set[str]) -> bool:
    """Whether ``text`` holds a word the question does not (a stopword says nothing)."""
    return bool(set(WORD.findall(text.lower())) - asked - STOPWORDS)


def _nearest(words_at: list[tuple[int, str]], spans) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the span with most of the question's words around it, then the closest;
    ``spans`` are (from, start, end): the question's words are counted around quote[from:end] (from the
    naming verb of "known as X", else the span itself). None when there is none; the first wins a tie."""
    return min(((question_support(words_at, around, end), start, end) for around, start, end in spans),
               key=lambda o: o[0], default=None)


# A reason is the clause a reason word opens: "due to their higher oxygen content", "for fear of betrayal".
# Without the word: SQuAD keeps "due to" in some gold answers and drops "because" in others, and the F1
# without it was 0.417 against 0.414 with it on the SQuAD tuning half's "why" questions.
_REASON = re.compile(r"\b(because of|because|due to|owing to|thanks to|as a result of|as a consequence of|"
                     r"in order to|so that|so as to|in protest (?:at|against|of)|for fear (?:of|that)|after|"
                     r"since|caused by|the result of|for(?= \w+ing\b))\s", re.I)
# A full stop after a short title ("St. Peter's Basilica", "Dr. Kuhar") ends no clause.
_CLAUSE_END = re.compile(r"(?<!\bSt)(?<!\bMt)(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bJr)(?<!\bSr)(?<!\bMrs)[.]|"
                         r"[;,!?]|\s(?:but|while|whereas|which|although|though)\s|\s[-–—]\s")


def _clause_end(quote: str, start: int, ends=_CLAUSE_END) -> int:
    """Where the clause that runs from ``start`` ends: at the first of ``ends`` after it, else the quote's
    end."""
    end = ends.search(quote, start)
    return end.start() if end else len(quote)
_REASON_WORDS = 20  # a longer clause is a sentence, not a reason
_TIME_WORDS = ("after", "since")


def _follows_question_words(words_at: list[tuple[int, str]], at: int) -> tuple | None:
    """Sort key of a clause that opens at ``at``: most of the question's words before it, then the nearest;
    None when none is before it (a reason for something the question does not ask about)."""
    before = [(where, w) for where, w in words_at if at - 2 * WINDOW <= where < at]
    if not before:
        return None
    return -len({w for _, w in before}), at - max(where for where, _ in before)


def reason_clause(quote: str, words_at: list[tuple[int, str]]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the reason clause that follows most of the question's words, nearest
    them; None when no reason word follows any of them."""
    best = None
    for match in _REASON.finditer(quote):
        end = _clause_end(quote, match.end())
        words = WORD.findall(quote[match.end():end].lower())
        if not 0 < len(words) <= _REASON_WORDS:
            continue
        if match.group(1).lower() in _TIME_WORDS and not any(
                t.pos_ in ("VERB", "AUX") for t in tagger()(quote[match.end():end])):
            continue  # "after any settlement" says when; "after several trucks spun out" says why
        key = _follows_question_words(words_at, match.start())
        if key is not None and (best is None or key < best[0]):
            best = (key, match.end(), end)
    return best or _cause_subject(quote, words_at) or _purpose_clause(quote, words_at)


# A cause named as the subject of a verb that says what it brings about: "the team's financial issues means
# they will not have their new car", "Family commitments will keep McCoy away from the Emirates".
_CAUSING = re.compile(r"\s((?:(?:will|would|could|may|might|should) )?(?:means?|meant|forc(?:e|es|ed)|"
                      r"caus(?:e|es|ed)|keeps?|kept|prevent(?:s|ed)?|(?:led|leads?) to|"
                      r"result(?:s|ed)? in)\b)", re.I)
_CAUSE_TAGS = frozenset({"DT", "PRP$", "POS", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD", "HYPH"})


def _cause_subject(quote: str, words_at: list[tuple[int, str]]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the noun phrase that a verb of causing follows when the question's words
    come after that verb in its clause (what it brought about); most of them wins, then the nearest. A
    pronoun ("this means") or a relative ("which meant") names no cause, nor does the object of a
    preposition, only the end of the subject: None then."""
    doc = tagged(quote)
    ends = {t.idx + len(t.text): t.i for t in doc}
    best = None
    for match in _CAUSING.finditer(quote):
        last = ends.get(match.start())
        end = _clause_end(quote, match.end())
        effect = {w for at, w in words_at if match.end() <= at < end}
        if last is None or not effect or doc[last].tag_ not in ("NN", "NNS", "NNP", "NNPS"):
            continue
        first = last
        while first > 0 and doc[first - 1].tag_ in _CAUSE_TAGS:
            first -= 1
        if first > 0 and doc[first - 1].pos_ == "ADP" and doc[first - 1].lower_ not in _OPENS_A_CLAUSE:
            continue  # "the limitations of working in the rainforest mean": not the subject's head
        key = (-len(effect), min(at for at, _ in words_at if at >= match.end()) - match.end())
        if best is None or key < best[0]:
            best = (key, doc[first].idx, match.start())
    return best


# Verbs whose object "to" and a verb follow as what is made, let or asked to happen, no purpose.
_CONTROL_VERBS = re.compile(r"(?:caus|allow|forc|enabl|ask|tell|told|want|expect|urg|persuad|encourag|"
                            r"requir|order|permit|lead|led|help|get|got|invit|inspir|prompt|compel|oblig|"
                            r"convinc|instruct|need)\w*")


def _purpose_clause(quote: str, words_at: list[tuple[int, str]]) -> tuple[tuple, int, int] | None:
    """"wear it to show they are married", "used the piercing to try and flatten their nose": with no
    reason word near the question's words, the purpose that "to" and a verb open right after the thing or
    the person something is done to (a noun or a pronoun; "wants to leave" has neither). SQuAD tuning half:
    8 "why" questions better, 1 worse (F1 0.4375 -> 0.4380)."""
    doc = tagged(quote)
    best = None
    for token in doc[1:-1]:
        if token.lower_ != "to" or doc[token.i + 1].tag_ != "VB" \
                or doc[token.i - 1].pos_ not in ("NOUN", "PRON"):
            continue
        # "his decision to marry" is no purpose; "caused the fire to spread", "asked him to leave" tell what
        # was made to happen.
        if doc[token.i - 2].tag_ in ("PRP$", "POS") or any(
                _CONTROL_VERBS.fullmatch(t.lower_) for t in doc[max(token.i - 4, 0):token.i - 1]):
            continue
        start = token.idx
        end = _clause_end(quote, start)
        if not 0 < len(WORD.findall(quote[start:end])) - 1 <= _REASON_WORDS:
            continue
        key = _follows_question_words(words_at, start)
        if key is not None and (best is None or key < best[0]):
            best = (key, start, end)
    return best


_TO = re.compile(r"\s+to\s+")


def odds_phrase(quote: str, words_at: list[tuple[int, str]]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the odds ("20/1") with most of the question's words around them; None when
    the quote gives none. Odds cut "from 66/1 to 20/1" are 20/1 now."""
    found = [m for m in ODDS.finditer(quote)
             if not ((to := _TO.match(quote, m.end())) and ODDS.match(quote, to.end()))]
    return _nearest(words_at, [(m.start(), m.start(), m.end()) for m in found])


def ailment_phrase(quote: str, words_at: list[tuple[int, str]]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the injury or illness nearest the question's words, with the words that
    say which ("his right arm", "a torn ACL", "plantar fasciitis", "typhus, smallpox and respiratory
    infections"); None when the quote names none."""
    doc = tagged(quote)
    spans = []
    for match in AILMENT.finditer(quote):
        first = token_at(doc, match.start())
        if first >= len(doc) or (spans and match.start() < spans[-1][2]):
            continue
        last = first
        while first > 0 and (doc[first - 1].pos_ in ("ADJ", "NOUN", "PROPN", "NUM") or doc[first - 1].tag_ ==
                "PRP$" or doc[first - 1].text == "-" or AILMENT.fullmatch(doc[first - 1].text)):
            first -= 1  # "breaking his right arm", "a torn ACL": what says which
        while last + 1 < len(doc) and doc[last + 1].pos_ in ("NOUN", "PROPN") and not doc[last + 1].is_stop:
            last += 1  # "hamstring injury", "ACL tears"
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        spans = [span for span in spans if not start <= span[1]]  # "breaking" inside "breaking his right arm"
        if spans and re.fullmatch(r",?\s*(?:(?:and|or)\s+)?", quote[spans[-1][2]:start]):
            start = spans.pop()[1]  # a list: "typhus, smallpox and respiratory infections"
        spans.append((start, start, end))
    return _nearest(words_at, spans)


# What opens the offence someone is charged with: "was charged on April 3 with rape, …", "accused of fraud",
# "pleaded guilty to manslaughter", "on charges of …", "two counts of …".
_CHARGED = re.compile(r"\b(charged|accused|convicted|indicted|guilty|prosecuted)\b"
                      r"(?:\s+(?:on|in|at|last|this|earlier|later|yesterday|today)\b[^,.;]{0,30}?)?"
                      r"\s+(?:with|of|to|for)\s+|\b(?:charges?|counts?)\s+of\s+", re.I)
# Where the offence ends: a new clause, or when and where it was charged.
_OFFENCE_END = re.compile(r"[.;!?]|\s(?:but|while|after|following|when|because|before|in connection with|"
                          r"over|and (?:was|is|has|had|will|faces|pleaded|could)|according)\s|\s[-–—]\s|"
                          r",\s(?:according|police|prosecutors|officials)\b|\s(?:on|in) (?:[A-Z]|\d)")
_OFFENCE_WORDS = 16  # longer is a sentence, not a charge


def offence_phrase(question: str, quote: str) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the offence a quote says someone is charged with, for "what is he charged
    with?": after the question's own verb first ("accused of" for "accused"), else after the first verb of
    charging, else after "charges of"; None when the quote says no such thing."""
    asked = set(WORD.findall(question.lower()))
    best = None
    for match in _CHARGED.finditer(quote):
        end = _clause_end(quote, match.end(), _OFFENCE_END)
        words = WORD.findall(quote[match.end():end])
        if not 0 < len(words) <= _OFFENCE_WORDS:
            continue
        verb = (match.group(1) or "").lower()
        key = (verb not in asked, not verb, match.start())
        if best is None or key < best[0]:
            best = (key, match.end(), end)
    return best


# "what kind of patients", "which type of Turing machine": the noun phrase after "of" names the thing.
_SORT_OF = re.compile(r"\b(?:what|which) (?:kinds?|types?|sorts?|variety|varieties|forms?) of\b", re.I)


# Words that stand before a noun without saying which sort it is ("several patients", "various problems").
_VAGUE = frozenset("several various certain different similar numerous particular specific many".split())
_SORT_WORDS = 4  # modifiers kept before the noun


def _sort_head(query: Query) -> frozenset[str]:
    """The spellings of the noun a "what kind of X" question asks about ("patients" → patients, patient);
    empty when the tagger finds no noun after "of"."""
    doc = question_doc(query.text)
    match = _SORT_OF.search(doc.text)
    if match is None:
        return frozenset()
    head = None
    for token in (t for t in doc if t.idx >= match.end()):
        if not modifies(token):
            break
        if token.pos_ in ("NOUN", "PROPN"):
            head = token.lower_
    return spellings(head) if head else frozenset()


def sort_phrase(query: Query, quote: str, words_at: list[tuple[int, str]],
          asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the noun a "what kind of X" question asks about together with the words
    before it that tell its sort ("dementia patients", "a non-deterministic Turing machine"), nearest the
    question's words; None when X never comes with a word the question does not give."""
    heads = _sort_head(query)
    if not heads:
        return None
    doc = tagged(quote)
    spans = []
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or not heads & spellings(token.lower_):
            continue
        first = token.i
        while first > 0 and token.i - first < _SORT_WORDS and modifies(doc[first - 1]):
            first -= 1
        while first < token.i and (doc[first].text == "-" or doc[first].lower_ in _VAGUE | STOPWORDS):
            first += 1  # "several patients" says no sort
        words = {t.lower_ for t in doc[first:token.i] if t.is_alpha}
        if not words - asked - STOPWORDS - _VAGUE:
            continue  # "Turing machine" for "what type of Turing machine", "700 preparations": no sort
        phrase = doc[first:token.i + 1]
        spans.append((phrase.start_char, phrase.start_char, phrase.end_char))
    return _nearest(words_at, spans)


# "was anyone hurt?": who it happened to, counted, or that no one was: "two police officers were wounded",
# "one person died", "No U.S. personnel were hurt", "No serious injuries were reported", "injuring 15".
_NO_ONE = frozenset({"nobody", "none", "noone"})
_ROUGHLY = re.compile(r"\b(at least|at most|more than|less than|fewer than|about|nearly|almost|around|over|"
                      r"some|up to|as many as)\s+$", re.I)


def _counted_phrase(doc, first: int, stop: int):
    """The phrase doc[first:stop] trimmed to start at its count or its "no" ("the two officers" → "two
    officers"); None when it has neither."""
    while first < stop and doc[first].pos_ == "DET" and doc[first].lower_ != "no":
        first += 1
    if first >= stop:
        return None
    if doc[first].lower_ == "no" or (stop - first == 1 and doc[first].lower_ in _NO_ONE):
        return first, stop
    return (first, stop) if doc[first].pos_ == "NUM" and COUNT.search(doc[first].text) else None


def _with_verb(doc, phrase):
    """A counted subject with the passive verb after it: "No serious injuries were reported"."""
    if phrase is None:
        return None
    first, stop = phrase
    verb = stop
    while verb < len(doc) and doc[verb].pos_ in ("AUX", "ADV", "PART"):
        verb += 1
    return (first, verb + 1) if verb > stop and verb < len(doc) and doc[verb].tag_ == "VBN" else phrase


def affected_phrase(query: Query, quote: str, words_at: list[tuple[int, str]],
              asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of who or what the question's verb or noun happened to, with a count or
    "no" (the subject before "were wounded", the object after "injuring", "No serious injuries"), nearest
    the question's words; None when the quote counts no one."""
    doc = tagged(quote)
    phrases = []
    for token in doc:
        if token.lower_ not in asked or token.lower_ in STOPWORDS or token.pos_ not in ("VERB", "NOUN"):
            continue
        if token.pos_ == "NOUN":  # "No serious injuries were reported"
            if token.i + 1 < len(doc) and doc[token.i + 1].pos_ in ("NOUN", "PROPN"):
                continue  # "police" in "two police officers" is not what is counted
            first = token.i
            while first > 0 and doc[first - 1].pos_ in ("DET", "NUM", "ADJ"):
                first -= 1
            phrases.append(_with_verb(doc, _counted_phrase(doc, first, token.i + 1)))
            continue
        before = token.i  # the subject: "two police officers were also wounded", "nobody was hurt"
        while before > 0 and doc[before - 1].pos_ in ("AUX", "ADV", "PART"):
            before -= 1
        if not any(t.lower_ in ("not", "n't", "never") for t in doc[before:token.i]):
            first = before
            while first > 0 and doc[first - 1].pos_ in ("DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON"):
                first -= 1
                if doc[first].pos_ == "PRON":
                    break
            counted = _counted_phrase(doc, first, before)
            phrases.append((counted[0], token.i + 1) if counted else None)  # "one person died"
        if token.tag_ != "VBN":  # the object: "killing at least one person", "injuring 15 others"
            first = stop = token.i + 1
            while stop < len(doc) and doc[stop].pos_ == "ADV":
                first = stop = stop + 1
            while stop < len(doc) and doc[stop].pos_ in ("DET", "NUM", "ADJ", "NOUN", "PROPN"):
                stop += 1
            phrases.append(_counted_phrase(doc, first, stop))
    spans = []
    for first, stop in filter(None, phrases):
        start, end = doc[first:stop].start_char, doc[first:stop].end_char
        roughly = _ROUGHLY.search(quote[:start])
        start = roughly.start() if roughly else start
        spans.append((start, start, end))
    return _nearest(words_at, spans)


# "what was it called?": the words a naming verb puts after it, quoted or a noun phrase.
# Spaces as \s: articles write "known\xa0as".
_NAMING = re.compile(r"\b(?:called|known\s+as|named|dubbed|termed|nicknamed|referred\s+to\s+as|titled|"
                     r"entitled|renamed|retitled|re-?branded|(?:going|goes|went)\s+by\s+the\s+name\s+of|"
                     # "The regional nickname … for people from Newcastle … is Geordie"
                     r"(?:name|nickname|term|title|designation|moniker)\b[^.;:!?]{0,120}?"
                     r"\s(?:is|was|will\s+be))\s+"
                     r"(?:as\s+)?", re.I)  # "re-branded as Super Bowl Opening Night"
_QUOTED = re.compile(r"[\"“‘']([^\"”’']{1,80})[\"”’']")
_NAME_WORDS = 8
# Small words a name runs on through between its capitalised words: "ABC on Demand", "Arts & Entertainment".
_NAME_JOINS = frozenset({"of", "and", "de", "the", "on", "for", "in", "&"})
# Not "her", which as often owns what is named ("named her daughter Alice").
_NAMED_ONE = re.compile(r"(?:(?:him|it|them|us|me|himself|herself|itself|themselves)\s+)?", re.I)
_ARTICLE_BEFORE = re.compile(r"(?:(?:the|a|an)\s+)?", re.I)


_COLOURS = ("red|orange|yellow|green|blue|purple|violet|pink|brown|black|white|grey|gray|gold|silver|"
            "navy|teal|turquoise|maroon|crimson|scarlet|beige|cream|bronze|indigo")
# "bright yellow", "black-and-yellow", "blue and white": a colour with its shade and the colours it comes
# with.
_COLOUR = re.compile(rf"\b(?:(?:bright|dark|light|pale|deep|vivid|royal|navy)[- ])?(?:{_COLOURS})"
                     rf"(?:(?:-and-|-| and | or |/)(?:{_COLOURS}))*\b", re.I)
# "whats the most common colour in paintings", "what was the theme color for the Super Bowl?" too.
COLOUR_ASKED = re.compile(r"\b(?:what|wat|which) colou?rs?\b|\bcolou?rs? of\b|"
                          r"\bwhat(?:'s|s| is| was| are| were) (?:the|its|their|his|her) "
                          r"(?:[\w-]+ ){0,3}colou?rs?\b", re.I)


def colour_phrase(quote: str, words_at: list[tuple[int, str]],
                  asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the colour nearest the question's words ("what colour were they
    painted?" → "bright yellow"), not one the question gives ("Normally silver, what color …?")."""
    spans = [(m.start(), m.start(), m.end()) for m in _COLOUR.finditer(quote)
             if says_more(m.group(0), asked)]
    return _nearest(words_at, spans)


# "what rank does he hold in the army?", "what's her rank?": a title in the armed forces or the police.
# "what rank is he?" and "where does Warsaw rank?" ask a place in a ranking, which the answer type says.
SERVICE_RANK_ASKED = re.compile(r"\brank\b", re.I)
_SERVICE_RANK = re.compile(
    r"\b(?:(?:Lt\.?|Lieutenant|Brig\.?|Brigadier|Major|Maj\.?|Vice|Rear|Staff|Master|First|Chief|Petty|"
    r"Detective|Flight|Squadron|Wing|Group|Field|Air|Deputy|Assistant)[ -])?(?:General|Gen\.|Colonel|Col\.|"
    r"Major|Captain|Capt\.|Lieutenant|Commander|Admiral|Sergeant|Sgt\.?|Corporal|Cpl\.?|Private|Marshal|"
    r"Brigadier|Commodore|Ensign|Constable|Inspector|Superintendent|Officer)\b"
)


def service_rank(quote: str, words_at: list[tuple[int, str]]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the rank in the armed forces or the police nearest the question's words
    ("Manny is a Lt Colonel in the reserve force" → "Lt Colonel"), a title no tagger labels."""
    return _nearest(words_at, [(m.start(), m.start(), m.end()) for m in _SERVICE_RANK.finditer(quote)])


# "how often?" asks a frequency: "about 20 times", "twice a week", "every four years", "biennial".
HOW_OFTEN_ASKED = re.compile(r"\bhow (?:often|frequently)\b", re.I)
_FREQUENCY = re.compile(
    rf"\b(?:(?:about|around|roughly|nearly|almost|more than|at least|up to|some|over) )?"
    rf"(?:\d[\d,]*|{NUMBER_WORDS}|several|many|a few|a dozen|dozens of|hundreds of) times\b"
    r"(?: (?:a|an|per|each|every) \w+)?|"
    r"\b(?:once|twice|thrice)(?: (?:a|an|per|each|every) \w+)?\b|"
    r"\bevery (?:(?:other|\d+|two|three|four|five|six|seven|eight|nine|ten|few) )?"
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|morning|evening|summer|"
    r"winter|spring|autumn|weekend)\b|"
    r"\b(?:half-)?(?:hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|yearly|annually|annual|"
    r"biennial|biannual|bi-annual|biennially|triennial)\b|"
    r"\b(?:rarely|seldom|occasionally|regularly|frequently|routinely|constantly|always|never)\b", re.I)


def frequency_phrase(quote: str, words_at: list[tuple[int, str]],
                     asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of how often, nearest the question's words ("how often do trains run?" →
    "half-hourly"), not a frequency the question gives."""
    spans = [(m.start(), m.start(), m.end()) for m in _FREQUENCY.finditer(quote)
             if says_more(m.group(0), asked)]
    return _nearest(words_at, spans)


# "what does AFC stand for?", "what is the AFC short for?", "what did the LMP acronym stand for?".
STANDS_FOR_ASKED = re.compile(r"\b(?:stands?|stood) for\b|\bshort for\b|\babbreviation\b|\bacronym\b", re.I)
_SPELT_WORD = re.compile(r"[A-Za-z][\w'’]*")
# Words an expansion may hold without a letter of their own: "Time and Relative Dimension in Space".
_SMALL = frozenset("of and in the for on to de a an at".split())
# An acronym as a question writes it: "NFL", "FCC".
_CAPITALS = re.compile(r"\b[A-Z]{2,8}\b")


def _parts(word: str) -> list[str]:
    return [part for part in re.split(r"[/-]", word) if part]


def _spelt_words(text: str) -> list[str]:
    """The words whose initials can spell an acronym ("Command/Service Module" is three)."""
    return [part for word in _SPELT_WORD.findall(text) for part in _parts(word)]


def _spells(words: list[str], letters: str) -> bool:
    """Whether the initials of ``words`` spell ``letters`` in order, from the first word on, small words
    skipped when they do not give the next letter ("Time and Relative Dimension in Space" → TARDIS), and
    one other word too ("England and Wales Cricket Board" → ECB)."""
    at, skipped = 0, 0
    for word in words:
        if at < len(letters) and word[0].lower() == letters[at].lower():
            at += 1
        elif word.lower() in _SMALL and at > 0:
            continue
        elif at > 0 and not skipped:
            skipped += 1
        else:
            return False
    return at == len(letters)


def acronym_phrase(question: str, quote: str) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of what an acronym the question names stands for, as the quote spells it out
    beside the acronym in brackets: "American Football Conference (AFC)", "the LEM (Lunar Excursion
    Module)"; None when the question asks no such thing or the quote does not spell it out."""
    if not STANDS_FOR_ASKED.search(question):
        return None
    for letters in dict.fromkeys(w.strip("'\"") for w in question.split()):
        letters = letters.rstrip("?.,!'\"")
        if not (2 <= len(letters) <= 8 and letters.isalpha()) or letters.lower() in _SMALL | STOPWORDS:
            continue
        for bracket in re.finditer(rf"\(\s*{re.escape(letters)}\s*\)", quote, re.I):
            # The words right before the brackets, as many as spell the letters ("Command/Service" is two).
            before = _SPELT_WORD.finditer(quote, max(bracket.start() - 120, 0), bracket.start())
            words = [(m.start(), m.end(), part) for m in before for part in _parts(m.group(0))]
            for first in range(len(words) - 1, max(len(words) - 3 * len(letters), 0) - 1, -1):
                if words[first][2][0].isupper() and _spells([w for _, _, w in words[first:]], letters):
                    return (0,), words[first][0], words[-1][1]
        after = re.search(rf"\b{re.escape(letters)}\s*\(([^()]{{3,80}})\)", quote, re.I)
        if after and _spells(_spelt_words(after.group(1)), letters):
            return (0,), after.start(1), after.end(1)
    return None


def acronym_of_question(text: str, question: str) -> bool:
    """Whether ``text`` is the question's own name, one of them an acronym of the other: "the National
    Football League" for the question's "NFL" ("which NFL team won?"), or "NFL" for its "National Football
    League" ("who is the commissioner of the National Football League?")."""
    words = _spelt_words(text)
    while words and words[0].lower() in _SMALL:
        words.pop(0)  # "the"
    if not words:
        return False
    if any(_spells(words, letters) for letters in set(_CAPITALS.findall(question))):
        return True
    if len(words) != 1 or not _CAPITALS.fullmatch(words[0]):
        return False
    letters, asked = words[0], _spelt_words(question)
    return any(asked[i][0].isupper() and _spells(asked[i:j], letters) for i in range(len(asked))
               for j in range(i + 2, min(len(asked), i + 2 * len(letters)) + 1))


# "which Super Bowl ...?", "what Apollo mission ...?": a name the question gives, numbered in the quote.
_NAMED_KIND = re.compile(r"\b(?i:which|what)\s+((?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)")
_NUMBERED = r"\s+(?:[IVXLC]+|\d{1,4})\b(?![-–.,]\d)"


def numbered_phrase(question: str, quote: str, words_at) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the name a "which/what <Name> ...?" question asks for, as the quote
    numbers it: "Super Bowl XXXIII", "Apollo 17", "Thesis 86"; the one with most of the question around
    it. None when the question names no such kind or the quote numbers none."""
    asked = _NAMED_KIND.search(question)
    if asked is None:
        return None
    numbered = re.finditer(rf"\b{re.escape(asked.group(1))}{_NUMBERED}", quote)
    given = question.split()  # "which Super Bowl came after Super Bowl 50?" is not answered "Super Bowl 50"
    spans = [(m.start(), m.start(), m.end()) for m in numbered if m.group(0).split()[-1] not in given]
    return _nearest(words_at, spans)


# "what position does Von Miller play?", "what's her job?": the role a person noun names.
_WORD_IN_QUESTION = re.compile(r"[A-Za-z][\w'’-]+")
_ROLE_ASKED = re.compile(r"\b(?:what|which) (?:position|job|role|occupation|profession)\b|"
                        r"\b(?:position|job|occupation|profession)\W*$", re.I)
# Capitalised words in a row; initials are one word ("U.S. President Donald Trump").
_NAME_RUN = re.compile(r"\b(?:(?:[A-Z]\.){2,}|[A-Z][\w'’-]*)(?:\s+(?:(?:[A-Z]\.){2,}|[A-Z][\w'’-]*))*")
_POSSESSIVE = re.compile(r"['’]s$")
# "her 49-year-old son", "Her granddaughter, Paris": whose relative the noun after it is.
POSSESSOR_BEFORE = re.compile(r"\b(?:his|her|their|its)\s+$", re.I)


def title_phrase(query: Query, quote: str) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the person noun the quote puts before a name the question gives ("Pro Bowl
    linebacker Von Miller", "Linebacker DeMarcus Ware"; "Russia's Foreign Minister Sergei Lavrov" → "Foreign
    Minister") for "what position does Von Miller play?" (or "... von miller ...", as chat types it), with
    whose title it is for "who is Lavrov?" ("Russia's Foreign Minister"); None when the question asks
    neither (the answer type says "what position did he finish in?" asks a rank) or the quote gives none."""
    describes = query.wants == "description"  # "who is lavrov?" → "Russia's Foreign Minister"
    if not describes and (query.wants == "rank" or not _ROLE_ASKED.search(query.text)):
        return None
    asked = {w.lower() for w in _WORD_IN_QUESTION.findall(query.text)} - STOPWORDS
    for run in _NAME_RUN.finditer(quote):
        words = [(m.start() + run.start(), m.group(0)) for m in re.finditer(r"\S+", run.group(0))]
        # "Donald Trump’s peace plan" names Trump.
        named = next((i for i, (_, w) in enumerate(words) if _POSSESSIVE.sub("", w.lower()) in asked), None)
        if named is None:
            continue
        first = named
        while first > 0 and not _POSSESSIVE.search(words[first - 1][1]):
            first -= 1  # "Russia's Foreign Minister Sergei Lavrov": the title after the possessive
        titled = [i for i in range(first, named) if words[i][1].lower() in PERSON_NOUNS]
        if titled:  # "Linebacker DeMarcus Ware", "Foreign Minister Sergei Lavrov"
            at, last = words[first - 1 if describes and first else first][0], words[titled[-1]]
            return (0,), _with_tenure(quote, at), last[0] + len(last[1])
        # "Pro Bowl linebacker Von Miller"; for "who is Paris?" also in apposition, with whose it is ("Her
        # granddaughter, Paris, 20").
        before = re.search(r"(\w+)(,?)\s+$", quote[max(run.start() - 30, 0):run.start()])
        if before and before.group(1).lower() in PERSON_NOUNS and (describes or not before.group(2)):
            start = run.start() - len(before.group(0))
            owner = POSSESSOR_BEFORE.search(quote, max(start - 8, 0), start) if describes else None
            return (0,), owner.start() if owner else _with_tenure(quote, start), start + len(before.group(1))
    return None


# "former President Joe Biden" was president: the word says when the title held.
_TENURE = re.compile(r"\b(?:former|late|then|acting|interim|outgoing|incoming|current|ex)[\s-]+$", re.I)


# Words that make one title of the person noun after them: "prime minister", "shadow foreign secretary".
_TITLE_WORDS = re.compile(r"\b(?:prime|deputy|vice|foreign|home|shadow|chief|senior|assistant|defen[cs]e|"
                          r"finance|health|justice|interior|executive|managing|general)\s+$", re.I)


def _with_tenure(quote: str, start: int) -> int:
    """``start``, moved back over the words that make one title with it ("prime minister") and a word that
    says when the title held ("former President", "former prime minister")."""
    while title := _TITLE_WORDS.search(quote, max(start - 14, 0), start):
        start = title.start()
    tenure = _TENURE.search(quote, max(start - 12, 0), start)
    return tenure.start() if tenure else start


# "what does Pax Mongolica mean?", "what is the English translation of Kunskapsskolan?": a term's gloss.
# "what does it mean for a disease to be enzootic?", "what is terra preta called?" (glossed in brackets).
_MEANING_ASKED = re.compile(r"\bwhat (?:does|did|do) (?!it\b)(?:the (?:name|word|phrase|term|motto) )?"
                            r"(?P<a>.+?) mean\b|\btranslation of (?P<b>.+?)\W*$|"
                            r"\bwhat does it mean (?:for|when|if) .+? (?P<c>[\w-]+)\W*$|"
                            r"^\W*what (?:is|are|was|were) (?P<d>\w+(?: \w+)?) (?:also )?called\W*$", re.I)
# After the term: "(“The Knowledge School”)", "("Triumphing by a brave defence")", ", meaning "ash tree"".
_GLOSS = re.compile(r"""[\s"'“”‘’]*(?:\(\s*(?:i\.e\.,?\s*|meaning\s+|lit(?:erally|\.)?,?\s*|"""
                    r"""(?:also\s+)?(?:known\s+as|called)\s+)?"""
                    r"""["'“‘]?(?P<a>[^()"'“”‘’:]{2,80}?)["'”’]?\s*\)|"""
                    r""",?\s+(?:meaning|means|which means)\s+"""
                    r"""["'“‘](?P<b>[^"'“”‘’]{2,80})["'”’])""")


def gloss_phrase(question: str, quote: str) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of what a term the question names means, as the quote glosses it right
    after the term: in brackets ("Kunskapsskolan (“The Knowledge School”)") or after "meaning"; None
    otherwise."""
    asked = _MEANING_ASKED.search(question.replace("’", "'"))
    if asked is None:
        return None
    term = next(t for t in asked.groups() if t).strip(" '\"“”‘’")
    term = re.sub(r"\s+in (?:english|spanish|french|latin|german)$", "", term, flags=re.I)
    if len(term) < 3:
        return None
    for found in re.finditer(re.escape(term), quote, re.I):
        gloss = _GLOSS.match(quote, found.end())
        group = gloss and ("a" if gloss.group("a") else "b")
        # "(Mongolian script)": the bracket names how it is written, not what it means.
        if gloss and not re.search(r"\b(?:script|language|alphabet)$", gloss.group(group), re.I):
            return (0,), gloss.start(group), gloss.end(group)
    return None


def called_phrase(quote: str, words_at: list[tuple[int, str]],
                  asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of what the quote calls something ("known as "Super Bowl L"", "named the
    Golden Super Bowl"), nearest the question's words; None when no naming verb names anything new."""
    doc = None
    spans = []
    for match in _NAMING.finditer(quote):
        # "dubbed him the "Che Guevara of advertising"": the one named may come between verb and name.
        named = _NAMED_ONE.match(quote, match.end()).end()
        quoted = _QUOTED.match(quote, _ARTICLE_BEFORE.match(quote, named).end())
        if quoted:
            start, end = quoted.start(1), quoted.end(1)
        else:
            doc = doc or tagged(quote)
            first = token_at(doc, named)
            if first == len(doc):
                continue
            while first < len(doc) and doc[first].pos_ == "DET":
                first += 1
            stop = first
            while stop < len(doc) and stop - first < _NAME_WORDS and _name_goes_on(doc, first, stop):
                stop += 1
            if stop == first:
                continue
            start, end = doc[first:stop].start_char, doc[first:stop].end_char
        if not says_more(quote[start:end], asked):
            continue  # it names what the question already says
        spans.append((match.start(), start, end))
    return _nearest(words_at, spans)


def _name_goes_on(doc, first: int, at: int) -> bool:
    """Whether the token at ``at`` is still part of the name that starts at ``first``: a word that
    modifies, a capitalised word, a hyphen inside a word ("free-to-view"), or a small word between
    capitalised ones ("ABC on Demand", "the War of the Two Capitals")."""
    token = doc[at]
    if modifies(token):
        return True
    if at == first:
        return False
    if token.text[:1].isupper():
        return True
    if token.text == "-" and not doc[at - 1].whitespace_ and at + 1 < len(doc):
        return True
    if at > first + 1 and doc[at - 1].text == "-" and not doc[at - 2].whitespace_:
        return True
    return token.lower_ in _NAME_JOINS and (doc[at - 1].pos_ == "PROPN" or doc[at - 1].lower_ == "of") \
        and at + 1 < len(doc) and (doc[at + 1].pos_ in ("PROPN", "DET") or doc[at + 1].text[:1].isupper())


# Double quotation marks only: a single one is as often an apostrophe ("God's counsel').
_SHORT_QUOTED = re.compile(r"[\"“]([^\"”“]{2,60})[\"”]")
_QUOTED_WORDS = 8


def quoted_phrase(quote: str, words_at: list[tuple[int, str]],
                  asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of a short phrase in quotation marks nearest the question's words, for "what
    did Butler call US foreign policy?" when no naming verb says it ("denounced as a "racket""); None when
    none says more than the question. A longer quotation is someone speaking, not a name."""
    spans = []
    for match in _SHORT_QUOTED.finditer(quote):
        text = match.group(1).strip(" ,.")
        if not text or len(text.split()) > _QUOTED_WORDS or not says_more(text, asked):
            continue
        start = match.start(1) + match.group(1).index(text)
        spans.append((start, start, start + len(text)))
    return _nearest(words_at, spans)


# "What is another name for State Route 168?", "what else is the Yosemite Freeway known as?": the thing
# the question names, whose other name the quote gives beside it.
_OTHER_NAME_OF = re.compile(r"\b(?:another|other|alternative|different)\s+names?\s+(?:for|of)\s+(?:the\s+)?"
                            r"(.+?)\W*$|\bwhat\s+else\s+(?:is|was|are|were)\s+(?:the\s+)?(.+?)\s+"
                            r"(?:called|known\s+as)\W*$", re.I)
_OTHER_NAME_WORDS = 8


def other_name(question: str, quote: str) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the other name the quote gives in apposition to the thing a question asks
    another name for: "State Route 168, the Sierra Freeway," or "State Route 41 (Yosemite Freeway/…)" for
    "the Yosemite Freeway"; None when the quote names that thing with nothing beside it."""
    asked = _OTHER_NAME_OF.search(question)
    if asked is None:
        return None
    thing = next(g for g in asked.groups() if g)
    for found in re.finditer(re.escape(thing), quote, re.I):
        # A name, not the years in brackets after "the French and Indian War".
        after = re.match(r",\s+((?:the\s+)?[A-Z][^,;.()]*?)\s*[,;.(]|\s+\(([A-Z][^()/]*?)[)/]",
                         quote[found.end():])
        if after is not None:
            name = next(g for g in after.groups() if g)
            if len(name.split()) <= _OTHER_NAME_WORDS:
                start = found.end() + after.start(1 if after.group(1) else 2)
                return (0,), start, start + len(name)
        before = re.search(r"((?:[A-Z][\w.'’-]*|\d+)(?:\s+(?:[A-Z][\w.'’-]*|\d+))*)\s+\([^()]*$",
                           quote[:found.start()])
        if before is not None and ")" in quote[found.end():found.end() + 60]:
            return (1,), before.start(1), before.end(1)
    return None


BE = frozenset("is are was were be been being get gets got".split())
_WHERE_TO = frozenset("to toward towards in into at on near inside outside from".split())
# A question's last word the tagger may not read as a preposition ("vote upon?"), and the everyday
# preposition a quote uses for it.
_STRANDED = frozenset({"upon", "about", "with", "as"})
_SAME_PREPOSITION = {"upon": "on", "unto": "to"}


def _same_verb(a, b) -> bool:
    """"recovered" and "recover", "headlined" and "headline": one verb, without a lemmatizer; or one the
    question's verb has as a synonym ("accused", "charged")."""
    x, y = a.lower_, b.lower_
    n = min(len(x), len(y))
    return x == y or (n >= 4 and x[:n - 1] == y[:n - 1] and abs(len(x) - len(y)) <= 3) \
        or _stem(x) == _stem(y) or x in SYNONYMS.get(y, "").split()


def _stem(word: str) -> str:
    """"rejected", "rejecting", "rejects" → "reject": one ending off, no lemmatizer."""
    for ending in ("ing", "ed", "es", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


def _ends_in_infinitive(doc, at: int) -> bool:
    """Whether the verb at ``at`` is followed by "to <verb>" that ends the question ("seek to restore?",
    "meant to establish?"): the wh-word is the infinitive's object. With an object of its own, the
    infinitive is a purpose ("devise to teach Christianity")."""
    after = at + 3
    return (at >= 0 and (doc[at].pos_ == "VERB" or doc[at].lower_ in _MODAL_TO) and after - 1 < len(doc)
            and doc[at + 1].lower_ == "to" and doc[at + 2].pos_ == "VERB"
            and (after == len(doc) or doc[after].is_punct))


# "what do you have to sign?" asks what you must sign: the tagger reads this "have" as an auxiliary.
_MODAL_TO = frozenset("have has had need needs needed got ought".split())


# A clause the question ends on to say when, why or like whom ("… when it kicked off?", "did she use
# prosthetics like jolie did?"): its verb is not the one asked with, and its words find the passage, not the
# answer in it.
_ASKED_WHEN = re.compile(r"\s(?:when|after|before|while|because|since|if|like|until|once)\s.*$", re.I)


def _asked_role(query: Query):
    """The question's verb and the role its wh-word plays: "agent" ("who recovered the fumble?"),
    "patient" ("who was sacked?", "who did the Panthers beat?"), the preposition it is the object of
    ("what do they connect to?" → "to"), "place" for "where", or "copula" with the noun of "what is the
    X?"; None without a verb or such a noun. One case per shape of question, tried in this order. An idiom
    is read in plain words ("who got the boot?" as "who was sacked?")."""
    text = without_idioms(query.text)
    doc = question_doc(_ASKED_WHEN.sub("", text) or text)
    wh = next((t.i for t in doc if t.lower_ in ("who", "whom", "which", "what", "where")), None)
    if wh is None:
        return None
    if doc[wh].lower_ == "where":
        verb = next((t for t in doc[wh + 1:] if t.pos_ == "VERB"), None)
        return (verb, "place") if verb is not None else None
    if doc[wh].lower_ == "what" and any(t.pos_ == "VERB" for t in doc[:wh]):
        return _role_in_place(doc, wh)
    if wh > 0 and doc[wh - 1].pos_ == "ADP" and doc[wh].lower_ in ("what", "which"):
        # "In what series was the Master reintroduced?": the object of "in".
        verb = next((t for t in doc[wh + 1:] if t.pos_ == "VERB"), None)
        return (verb, _preposition(doc[wh - 1])) if verb else None
    return _stranded_role(doc, wh) or _role_around_verb(doc, wh)


def _preposition(token) -> str:
    return _SAME_PREPOSITION.get(token.lower_, token.lower_)


def _role_in_place(doc, wh: int):
    """"what" where the answer stands: "Turing machines are employed to define what?" (the object of
    "define"), "Granite is made up largely of what chemical compound?" (the object of "of")."""
    if doc[wh - 1].pos_ == "ADP":
        verb = next((t for t in reversed(doc[:wh - 1]) if t.pos_ == "VERB"), None)
        return (verb, _preposition(doc[wh - 1])) if verb else None
    return (doc[wh - 1], "patient") if doc[wh - 1].pos_ == "VERB" else None


def _stranded_role(doc, wh: int):
    """A question that ends on a preposition asks for its object: "what do the boxes connect to?"; the
    verb is the last before it ("disturbed" of "what did Fritschel say the man's sleep was disturbed
    by?"). None for other questions."""
    words = [t for t in doc if not t.is_punct and not t.is_space]
    if not words or words[-1].i <= wh + 1 or not (words[-1].pos_ == "ADP" or words[-1].lower_ in _STRANDED):
        return None
    verb = next((t for t in reversed(doc[wh + 1:words[-1].i]) if t.pos_ == "VERB"), None)
    return (verb, _preposition(words[-1])) if verb is not None else None


def _role_around_verb(doc, wh: int):
    """The role of the wh-word around the first verb after it, from what stands between them; the noun of
    "what is the X?" when no verb follows."""
    between = []
    for token in doc[wh + 1:]:
        if _ends_in_infinitive(doc, token.i) or (
                token.lower_ == "to" and _ends_in_infinitive(doc, token.i - 1)):
            continue  # "what did Luther seek to restore?": the object of "restore"
        if token.lower_ in ("meant", "supposed") and all(t.is_punct for t in doc[token.i + 3:]) \
                and [t.lower_ for t in doc[token.i + 1:token.i + 3]] == ["to", "be"]:
            break  # "who's the jester meant to be?" asks who the jester is
        if token.pos_ == "VERB" and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "NOUN" \
                and between and between[0].lower_ in BE | {"'s"} \
                and any(t.pos_ in ("DET", "NOUN", "PROPN") for t in between[1:]):
            between.append(token)  # "what is Norman art's most well known piece?": a participle describes
            continue
        if token.pos_ == "VERB":
            be = next((i for i, t in enumerate(between) if t.lower_ in BE | {"'s"}), None)
            if token.tag_ == "VBN" and be is not None:
                following = doc[token.i + 1] if token.i + 1 < len(doc) else None
                if following is not None and following.pos_ == "ADP" and following.lower_ != "by" and any(
                        t.pos_ in ("PRON", "NOUN", "PROPN") for t in between[be + 1:]):
                    return token, following.lower_  # "what's he accused of?": he is; "what" is of's object
                return token, "patient"
            # "what were they on their way to see?": a verb that ends the question after "to" leaves its
            # object to the wh-word too.
            last = all(t.is_punct for t in doc[token.i + 1:])
            if between and between[0].pos_ == "AUX" and (between[-1].lower_ != "to" or last) and any(
                    t.pos_ in ("PRON", "NOUN", "PROPN") for t in between[1:]):
                return token, "patient"  # "who did the Panthers beat?", "what was he driving?"
            return token, "agent"
        if token.pos_ in ("PUNCT",):
            break
        between.append(token)
    misread = _misread_verb(between)
    if misread is not None:
        return misread, "patient"
    if between and between[0].lower_ in BE | {"'s"}:
        head = _copula_head(doc, between)
    else:
        head = _kind_copula_subject(doc, between)
    return (head, "copula") if head is not None else None


def _misread_verb(between: list):
    """The verb the small tagger read as a noun after "did" and its subject: "what did Queen Elizabeth II
    open in 1981?", "what does the original manuscript show?" (the noun right after the subject's noun, at
    the end of the question or before a preposition); None otherwise."""
    if len(between) < 3 or between[0].lower_ not in ("do", "does", "did"):
        return None
    for i, token in enumerate(between[2:], 2):
        if token.pos_ == "ADP":
            break
        if token.pos_ == "NOUN" and between[i - 1].pos_ in ("NOUN", "PROPN") \
                and (i + 1 == len(between) or between[i + 1].pos_ == "ADP"):
            return token
    return None


def _kind_copula_subject(doc, between: list):
    """"what card was he?", "what nationality is the band Coldplay?": the kind asked for, then "is", then
    the subject whose other side of "is" answers; None for other questions."""
    be = next((i for i, t in enumerate(between) if t.lower_ in BE), None)
    if not be or between[0].pos_ != "NOUN" or any(
            t.pos_ not in ("NOUN", "ADJ", "ADP", "DET", "PROPN") for t in between[:be]):
        return None
    rest = between[be:]
    # Only a pronoun: with a name ("what health company was a Super Bowl sponsor?") the other side of "is"
    # was right for 3 of 10 SQuAD tuning-half questions.
    return rest[1] if len(rest) > 1 and rest[1].lower_ in _PERSONAL else None


def _copula_head(doc, between: list):
    """"what was the theme of the game?": the noun on the question's side of "is", the first after it,
    read on to the phrase's own noun ("weakness" of "the Daleks' main weakness", "station" of "the
    television station")."""
    head = next((t for t in between[1:] if t.pos_ in ("NOUN", "PROPN")), None)
    while head is not None and head.i + 1 < len(doc) and (
            doc[head.i + 1].tag_ == "POS" or doc[head.i + 1].pos_ in ("NOUN", "PROPN")):
        following = doc[head.i + 1]
        if following.tag_ == "POS":
            head = next((t for t in doc[head.i + 2:head.i + 5] if t.pos_ in ("NOUN", "PROPN")), None)
        else:
            head = following
    return head


_PERSONAL = frozenset({"he", "she", "they", "it"})


def _copula_starts(head, doc) -> set[int]:
    """Where the other side of "<head> is ..." stands in the quote: after "is" when the head's phrase is
    its subject ("The theme of the game was gold"), the subject when the head comes after "is" ("Gold was
    the theme")."""
    starts = set()
    for token in doc:
        if head.lower_ in _PERSONAL:
            # "what card was he?": whoever the quote says is something ("Al-Douri was the King of Clubs").
            if (token.pos_ == "PROPN" or token.lower_ in _PERSONAL) and token.i + 2 < len(doc) \
                    and doc[token.i + 1].lower_ in BE:
                starts.add(doc[token.i + 2].idx)
            continue
        if token.pos_ not in ("NOUN", "PROPN") or not spellings(token.lower_) & spellings(head.lower_):
            continue
        after = token.i + 1
        if after < len(doc) and doc[after].pos_ == "PROPN" and token.pos_ == "NOUN":
            starts.add(doc[after].idx)  # "executive producer Russell T Davies": the name the title is
        while after < len(doc) and doc[after].pos_ == "PROPN":
            after += 1  # the rest of a name: "Andy" of "Andy Hunder"
        if after + 1 < len(doc) and doc[after].text == "," and (
                doc[after + 1].pos_ in ("DET", "ADJ", "NOUN")
                or token.pos_ == "NOUN" and doc[after + 1].pos_ == "PROPN"):
            # "Andy Hunder, head of the American Chamber of Commerce"; "its central interest, Europe itself".
            starts.add(doc[after + 1].idx)
        if after < len(doc) and doc[after].lower_ == "of":  # "the theme of the game was"
            after += 1
            while after < len(doc) and after - token.i <= 6 and (
                    modifies(doc[after]) or doc[after].pos_ in ("DET", "NUM")):
                after += 1
        while after < len(doc) and doc[after].pos_ == "ADV":
            after += 1
        if after < len(doc) and (doc[after].lower_ == "to" or doc[after].pos_ == "ADP"):
            # "The first station to begin broadcasting was KMJ-TV", "An important decision for civil
            # disobedients is whether ...": a short infinitive or prepositional phrase before "is".
            skipped = after + 1
            while skipped < len(doc) and skipped - after <= 6 and not doc[skipped].is_punct \
                    and doc[skipped].lower_ not in BE and doc[skipped].tag_ not in ("VBD", "VBZ", "VBP"):
                skipped += 1
            if skipped + 1 < len(doc) and doc[skipped].is_quote and doc[skipped + 1].lower_ in BE:
                skipped += 1  # the "jester on the sidelines in a cast" is Bob Dylan
            if skipped < len(doc) and doc[skipped].lower_ in BE:
                after = skipped
        if after + 1 < len(doc) and doc[after].lower_ in BE:
            starts.add(doc[after + 1].idx)
        first = token.i
        while first > 0 and (modifies(doc[first - 1]) or doc[first - 1].pos_ in ("DET", "NUM")):
            first -= 1
        if first > 1 and doc[first - 1].lower_ in BE:
            starts.add(doc[first - 2].idx)
        if first > 1 and doc[first - 1].text == "," and doc[first - 2].pos_ == "PROPN" \
                and doc[first].pos_ == "DET":
            name = first - 2  # "the Achtliederbuch, the first Lutheran hymnal": a name in apposition
            while name > 0 and doc[name - 1].pos_ == "PROPN":
                name -= 1
            starts.add(doc[name].idx)
    return starts


_VERB_REACH = 6  # tokens after the question's verb in which its date or place is told


def after_question_verb(query: Query, doc) -> set[int]:
    """The quote's tokens right after a use of the question's verb, up to the next verb: "died there in
    1770" tells when he died, "was born in Newcastle upon Tyne in 1709" when he was born."""
    asked = question_doc(without_idioms(query.text))
    verb = next((t for t in asked if t.pos_ == "VERB"), None)
    if verb is None:
        return set()
    near = set()
    for token in doc:
        if token.pos_ != "VERB" or not _same_verb(token, verb):
            continue
        for after in doc[token.i + 1:token.i + 1 + _VERB_REACH]:
            if after.pos_ == "VERB":
                break
            near.add(after.i)
    return near


def role_starts(query: Query, doc) -> set[int]:
    """Where the question's wh-word would stand in the quote (the first character of that word): right
    before the question's verb ("Trevathan recovered it"), after "by" ("commissioned by Odo"), or right
    after the verb as its object ("beat the Arizona Cardinals")."""
    asked = _asked_role(query)
    if asked is None:
        return set()
    verb, role = asked
    names = query.wants in ("person", "org", "place", "name")
    if role == "copula":
        return _copula_starts(verb, doc)
    starts = set()
    for token in doc:
        if role == "patient" and token.pos_ == "NOUN" and _same_verb(token, verb):
            # "the sacking on Wednesday of Managing Director Paul Downton": the verb's noun, and the one it
            # happened to after "of".
            of = next((t.i for t in doc[token.i + 1:token.i + 4] if t.lower_ == "of"), None)
            # Only "of" right after it or after a short phrase of time or place ("on Wednesday"): "the film
            # Lawrence of Arabia" is no filming of Arabia.
            if of is not None and (of == token.i + 1 or doc[token.i + 1].pos_ == "ADP"):
                after = of + 1
                while names and after < len(doc) and doc[after].pos_ in ("DET", "ADJ", "NOUN") \
                        and after - of <= 5:
                    after += 1
                if after < len(doc):
                    starts.add(doc[after].idx)
                # "of Managing Director Paul Downton": a name after its title.
                starts.update(e.start_char for e in doc.ents if of < e.start <= of + 4)
            continue
        if token.pos_ != "VERB" or not _same_verb(token, verb):
            continue
        by = token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "by"
        # "was commissioned", "the expedition led by": passive.
        be = any(t.lower_ in BE for t in doc[max(token.i - 2, 0):token.i])
        passive = token.tag_ == "VBN" and (by or be)
        if role == "place":  # "fled to the north", "relocated to the Old Town Hall"
            after = next((t.i for t in doc[token.i + 1:token.i + 7] if t.lower_ in _WHERE_TO), None)
            if verb.lower_ in STRIKE_VERBS and token.i + 1 < len(doc) and doc[token.i + 1].pos_ in (
                    "DET", "ADJ", "NOUN", "PROPN"):
                starts.add(doc[token.i + 1].idx)  # "where did they hit?": "struck western regions"
            elif after is not None and after + 1 < len(doc):
                starts.add(doc[after + 1].idx)
            continue
        if role not in ("agent", "patient"):  # a preposition: "connect to the Sky Q Silver"
            after = token.i + 1
            while after < len(doc) and doc[after].pos_ == "ADV":
                after += 1
            # "began their lives as parish churches": a short object may stand before the preposition.
            at = after
            while at < len(doc) and at - after < 5 and doc[at].lower_ != role and doc[at].lower_ not in BE \
                    and doc[at].pos_ in ("DET", "PRON", "ADJ", "NOUN", "PROPN", "CCONJ"):
                at += 1
            if at + 1 < len(doc) and (doc[at].lower_ == role or (
                    role == "for" and doc[at].lower_ == "to" and doc[at + 1].tag_ == "VB")):
                starts.add(doc[at + 1].idx)  # "used for?" → "used to pollinate crops": a purpose
            continue
        # An active quote names the agent as its subject and the patient as its object; a passive one the
        # other way round, the agent after "by". "'…,' said beauty blogger Amber Katz": after a quotation,
        # the one who said it comes after the verb, and what was said is the quotation.
        if _attributes_quotation(doc, token):
            if role == "agent":
                starts.add(doc[token.i + 1].idx)
            continue
        if (role == "agent") != passive:
            before = token.i
            while before > 0 and doc[before - 1].pos_ in ("AUX", "ADV", "PART"):
                before -= 1
            if before > 3 and doc[before - 1].text == "," and doc[before - 2].like_num \
                    and doc[before - 3].text == ",":
                before -= 3  # "Leon Yeaman, 55, was killed": past the age to the name
            if before > 1 and doc[before - 1].text == "," and token.tag_ == "VBG":
                # "Russia has thrown a wrench into … Trump’s peace plan, rejecting the idea …": a participle
                # after a comma tells what the clause's subject did, and that subject opens the sentence.
                first = before - 1
                while not opens_sentence(doc, first):
                    first -= 1
                if doc[first].pos_ == "PROPN":  # a name: "The empire …, ending" is too loose to read so
                    starts.add(doc[first].idx)
            elif before > 0:
                starts.add(doc[before - 1].idx)
                pair = doc[before - 3:before] if before > 2 else ()
                if pair and pair[1].lower_ == "and" and pair[0].pos_ == pair[2].pos_ == "PROPN" \
                        and pair[0].ent_type_ == pair[2].ent_type_:
                    starts.add(pair[0].idx)  # "where Russia and China would play a role": both
        else:
            if passive and not by:
                continue
            after = token.i + 1 + by
            # "by the British rock group Coldplay": a name comes after its description; a thing is the
            # whole phrase ("provided propulsion, electrical power and life support").
            while names and after < len(doc) and doc[after].pos_ in ("DET", "ADJ", "NOUN") \
                    and after - token.i <= 5:
                after += 1
            if after < len(doc):
                starts.add(doc[after].idx)
    return starts


_SAYING = frozenset("said says say added adds explained explains wrote writes asked asks claimed claims "
                    "insisted insists told tells".split())


# Verbs whose object is where it happened: "where did the missiles hit?" → "struck western regions".
STRIKE_VERBS = frozenset(
    "hit strike struck target targeted attack attacked bomb bombed shell shelled".split())
# The tags of a verb that says when, and of "would": what a clause's subject stands before.
FINITE_TAGS = frozenset({"MD", "VBD", "VBZ", "VBP"})


def opens_sentence(doc, i: int) -> bool:
    """Whether token ``i`` opens its sentence (the tagger marks no sentences)."""
    return i == 0 or doc[i - 1].text in (".", "!", "?", "\n")


def _attributes_quotation(doc, verb) -> bool:
    """Whether a verb of saying follows a quotation and comes before its speaker ("…,' said Katz")."""
    return verb.lower_ in _SAYING and verb.i > 0 and doc[verb.i - 1].is_punct and verb.i + 1 < len(doc) \
        and doc[verb.i + 1].pos_ in ("PROPN", "DET", "NOUN", "PRON", "ADJ")


_PHRASE_WORDS = 8


def phrase_from(doc, first: int) -> tuple[int, int] | None:
    """The noun phrase that starts at token ``first`` (an article and a preposition's object may be
    part of it: "the first Super Bowl of the century"), as token indices; None when none starts there."""
    stop = first
    while stop < len(doc) and stop - first < _PHRASE_WORDS:
        token = doc[stop]
        if (token.pos_ == "DET" or token.tag_ == "PRP$") and (stop == first or doc[stop - 1].lower_ == "of") \
                or modifies(token) or token.pos_ == "NUM":
            stop += 1
        elif token.lower_ == "of" and stop > first and stop + 1 < len(doc) and (
                modifies(doc[stop + 1]) or doc[stop + 1].pos_ == "DET" or doc[stop + 1].tag_ == "PRP$"):
            stop += 1
        elif token.tag_ == "POS" and stop > first and stop + 1 < len(doc) and modifies(doc[stop + 1]):
            stop += 1  # "the Church's General Assembly"
        else:
            break
    while stop > first and doc[stop - 1].pos_ not in ("NOUN", "PROPN") and not (
            stop - 1 > first and doc[stop - 1].text.isdigit() and doc[stop - 2].pos_ in ("NOUN", "PROPN")
            and doc[stop - 2].text[:1].isupper()):
        stop -= 1  # a phrase ends on its noun, or on the number a name ends on ("Stage 2", "Apollo 11")
    return (first, stop) if stop > first else None


def token_at(doc, char: int) -> int:
    """The index of the first token that starts at or after character ``char`` (len(doc) when none)."""
    return next((t.i for t in doc if t.idx >= char), len(doc))


def phrase_at(doc, char: int, *, whole_name: bool = False) -> tuple[int, int] | None:
    """(start, end) characters of the noun phrase that starts at character ``char``; None when none does.
    ``whole_name``: a capitalised phrase takes the capitalised words before it too ("Virgin Media" where
    the role starts at "Media", the word before the verb)."""
    first = token_at(doc, char)
    span = None if first == len(doc) else _phrase_span(doc, first, listed=False)
    if span is None or not whole_name:
        return span
    start = first
    while start > 0 and doc[start].text[:1].isupper() and doc[start - 1].text[:1].isupper() \
            and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ"):
        start -= 1
    return doc[start].idx, span[1]


_LIST_WORDS = 16
_OPENS = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM"})  # what a noun phrase may open with


def with_conjuncts(doc, first: int, stop: int) -> int:
    """Where a noun phrase's list ends: "propulsion, electrical power and life support", "constant factors
    and smaller terms". Only a list closed by "and"/"or" counts: "X, the Y" alone is an apposition."""
    at = stop
    while at < len(doc) and at - first < _LIST_WORDS:
        if doc[at].text == "," and at + 1 < len(doc) and doc[at + 1].lower_ in ("and", "or"):
            at += 1  # the serial comma
        if doc[at].lower_ in ("and", "or"):
            last = at + 1
            while last < len(doc) and doc[last].pos_ == "ADV":
                last += 1  # "sorcery or even poison"
            phrase = phrase_from(doc, last) if last < len(doc) and doc[last].pos_ in _OPENS else None
            if phrase is None or phrase[1] - first > _LIST_WORDS or (
                    phrase[1] < len(doc) and doc[phrase[1]].pos_ in ("AUX", "VERB")):
                return stop  # "MPEG-4 and most of the HD material is ...": a new clause's subject
            return phrase[1]
        if doc[at].text != ",":
            return stop
        phrase = phrase_from(doc, at + 1) if at + 1 < len(doc) and doc[at + 1].pos_ in _OPENS else None
        if phrase is None:
            return stop
        at = phrase[1]
    return stop


def role_phrase(query: Query, quote: str, words_at, asked: set[str],
                copula: bool = True) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the noun phrase where the wh-word of "what did Luther write?" would
    stand in the quote: the object of the question's verb, or its subject for "what destroyed the
    town?"; None when the quote does not use the question's verb. ``copula=False``: None for "what/who
    is X?" too, which asks for the other side of "is", not for a role around a verb."""
    doc = tagged(quote)
    spans = []
    verb, role = _asked_role(query) or (None, None)
    if not copula and role == "copula":
        return None
    # "what did Lavrov imply?": the object of a verb of saying or thinking may be a whole clause.
    clause = role == "patient" and verb.lower_ in CLAUSE_VERBS
    for at in role_starts(query, doc):
        first = next(t.i for t in doc if t.idx == at)
        if doc[first].lower_ == "to" and first + 1 < len(doc) and doc[first + 1].tag_ == "VB":
            first += 1  # "The goal of the congress was to formalize a unified front"
            at = doc[first].idx
        if doc[first].tag_ == "VB" and first > 0 and doc[first - 1].lower_ == "to":
            # A purpose: the verb phrase up to the clause's end ("pollinate crops or even assist on ...").
            end = _clause_end(quote, at)
            words = WORD.findall(quote[at:end].lower())
            own = set(words) - STOPWORDS
            # Not the question's own words again ("host a larger population").
            if 0 < len(words) <= _PHRASE_WORDS + 4 and len(own - asked) * 2 >= len(own):
                spans.append((at, at, end))
            continue
        if not opens_phrase(doc[first]):
            continue  # "their eyestalk" opens with a possessive
        if doc[first].pos_ in ("NOUN", "PROPN", "ADJ"):  # a subject: back to where its phrase starts
            while first > 0 and (modifies(doc[first - 1]) or doc[first - 1].pos_ in ("DET", "NUM")):
                first -= 1
                if doc[first].pos_ == "DET":
                    break  # "In 2014 the Victorian architecture": the article opens the phrase
        span = _phrase_span(doc, first, listed=query.wants != "description")
        if span is None or not says_more(quote[span[0]:span[1]], asked):
            continue
        if clause and _opens_a_clause(doc, span[1]):
            span = span[0], _clause_end(quote, span[1])  # "implied Putin would only meet Zelenskyy …"
        spans.append((span[0], *span))
    return _nearest(words_at, spans)


# Verbs whose object may be a whole clause: "what did Lavrov imply?" is answered by "Putin would only meet
# Zelenskyy to push for Ukraine’s surrender", not by "Putin".
CLAUSE_VERBS = frozenset("imply implied implies suggest suggested suggests say said says claim claimed "
                         "claims think thought thinks believe believed believes warn warned warns argue "
                         "argued argues insist insisted insists admit admitted admits".split())


def _opens_a_clause(doc, end: int) -> bool:
    """Whether the phrase that ends at character ``end`` is the subject of a clause: a finite verb or a
    modal follows it."""
    after = next((t for t in doc if t.idx >= end and not t.is_space), None)
    return after is not None and after.tag_ in FINITE_TAGS


def opens_phrase(token) -> bool:
    return token.pos_ in _OPENS or token.tag_ == "PRP$"


def _phrase_span(doc, first: int, listed: bool = True) -> tuple[int, int] | None:
    """(start, end) characters of the noun phrase at token ``first``, with the list it heads when
    ``listed``; None when no phrase starts there."""
    phrase = phrase_from(doc, first)
    if phrase is None:
        return None
    stop = with_conjuncts(doc, *phrase) if listed else phrase[1]
    return doc[phrase[0]:stop].start_char, doc[phrase[0]:stop].end_char


# The prepositions a "what" question may end on and still ask for the phrase after them in the quote.
_STRANDED_OBJECT = frozenset("of to in on for with by from about as at into between".split())


def stranded_object(query: Query, quote: str, words_at, asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the noun phrase after the preposition a "what" question ends on, where
    the question's word before it stands before it in the quote too: "What does Newcastle have a proud
    history of?" → "theatre" ("The city has a proud history of theatre"), whose verb role_phrase cannot
    match. None when no such phrase says more than the question."""
    words = [t for t in question_doc(query.text) if not t.is_punct and not t.is_space]
    if len(words) < 2 or words[-1].lower_ not in _STRANDED_OBJECT or words[-2].is_stop:
        return None
    preposition, before = words[-1].lower_, words[-2]
    doc = tagged(quote)
    spans = []
    for token in doc:
        if token.lower_ != preposition or token.i + 1 >= len(doc):
            continue
        if token.i == 0 or not _same_verb(doc[token.i - 1], before):
            continue
        span = _phrase_span(doc, token.i + 1) if opens_phrase(doc[token.i + 1]) else None
        if span is not None and says_more(quote[span[0]:span[1]], asked):
            spans.append((token.idx, *span))
    return _nearest(words_at, spans)


_NEGATION = frozenset({"not", "n't", "no", "never"})


def negated_phrase(query: Query, quote: str,
                   words_at: list[tuple[int, str]]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the question's last content word negated in the quote: "did she plead
    guilty?" → "not guilty". A yes/no question is only answered this way, when the quote says no in the
    question's own words; None otherwise."""
    asked = [t for t in question_doc(query.text) if t.pos_ in ("ADJ", "NOUN", "VERB") and t.is_alpha]
    if not asked:
        return None
    last = asked[-1]
    doc = tagged(quote)
    spans = []
    for token in doc:
        if token.lower_ != last.lower_ or token.i == 0:
            continue
        negation = next((t for t in doc[max(token.i - 2, 0):token.i] if t.lower_ in _NEGATION), None)
        if negation is not None:
            spans.append((negation.idx, negation.idx, token.idx + len(token.text)))
    return _nearest(words_at, spans)


# "is the uk doing better than america?" is answered by the comparison the quote makes ("more socially
# advanced than the US"), degree and all ("almost four times faster than native-born population"): what
# people answer with. A comparative is "more", "less", "better", "worse" or a word in "-er" right before
# "than" or two words from it; not the "-er" words that compare nothing ("other than", "rather than").
_COMPARATIVE = (r"(?:more|less|fewer|better|worse|(?!(?:other|rather|over|under|never|ever|either|neither|"
                r"whether|after|later|number|order|former|latter|another|sooner)\b)[a-z]{2,}er)")
_COMPARED_ASKED = re.compile(rf"\b{_COMPARATIVE}\s+than\b", re.I)
_DEGREE = (r"(?:(?:almost|nearly|about|around|roughly|far|much|even|still|slightly|significantly|"
           r"considerably|twice|(?:[\w-]+\s+)?times|a lot|a little|a bit)\s+)")
_COMPARISON = re.compile(rf"\b{_DEGREE}*{_COMPARATIVE}(?:\s+[a-z-]+){{0,2}}?\s+than\s+"
                         r"(?:(?:that|those) of\s+)?(?:(?:the|a|an)\s+)?", re.I)
_COMPARED_WORD = re.compile(r"\s*([\w'’-]+)")


def comparison_phrase(query: Query, quote: str, asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the comparison that answers a yes or no question asking one ("quicker
    than"), with up to three words of what it is compared with, up to a stopword ("the US" is a name);
    the one holding a word of the question first. None when the question compares nothing or the quote
    makes no comparison."""
    if not _COMPARED_ASKED.search(query.text):
        return None
    found = []
    for match in _COMPARISON.finditer(quote):
        start, end = match.start(), None
        for _ in range(3):
            word = _COMPARED_WORD.match(quote, end or match.end())
            if word is None or (word.group(1).lower() in STOPWORDS and word.group(1).islower()):
                break
            end = word.end()
        if end is None:
            continue  # "faster than in 2010": no thing compared with
        words = set(WORD.findall(quote[start:end].lower())) - STOPWORDS
        found.append(((not words & asked, start), start, end))
    return min(found, default=None)


# A yes or no is told by the clause that says it, in the quote's own words ("did pama get out on bail?" →
# "he was granted conditional bail on Friday"; "did he own up to it?" → "he denied owning the device"),
# as people answer one. The quote is cut at punctuation and before a word that opens another clause; of
# the pieces with a verb, the one that holds the most of the question's words answers, the shortest among
# as many. The words of a clause the question adds to say when or why ("did he get hurt when his boat went
# over?") do not count: they find the passage, not the answer in it. Short-answer F1 (until now the quote):
# news_qa tuning paraphrases 0.584 → 0.605, follow-ups 0.679 → 0.687 (5 better, none worse); dev
# paraphrases 0.460 → 0.465, follow-ups 0.426 → 0.423 (3 better, 4 worse: "Paul McGowan avoided a prison
# sentence" scores 0 against "spared jail …"); SQuAD tuning half F1 0.4381 → 0.4385 (10 better, 8 worse).
# No answer or refusal changes: a yes or no is free-form, so the span never picks the passage.
_CLAUSE_WORDS = "when|where|while|after|before|because|but|and|who|which|since|although|though|if|until|as"
# "He also said that Labour will hold an economic summit": what is said answers, not who said it.
_REPORTED = (r"\s(?:said|says|say|told|tells|claimed|claims|admitted|admits|revealed|reveals|added|adds|"
             r"explained|insisted|insists|warned|warns|announced|announces|confirmed|confirms) that\s")
_CLAUSE_CUT = re.compile(rf"[,;:!?.]\s+|\s[-–—]\s|[()\"“”]|\s(?=(?:{_CLAUSE_WORDS})\s)|{_REPORTED}", re.I)
_CLAUSE_OPENING = re.compile(rf"\s*(?:(?:{_CLAUSE_WORDS})\s+)?", re.I)  # the word that opens a piece
# "as the team's issues mean …": a word that opens a clause, not a preposition (_cause_subject).
_OPENS_A_CLAUSE = frozenset(_CLAUSE_WORDS.split("|"))
_YES_NO_WORDS = 16  # a longer piece is a sentence, not the clause that says yes or no


def yes_no_clause(query: Query, quote: str, asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the clause of the quote that answers a yes or no question; None when
    no clause with a verb holds a word of the question, or the question asks two things ("can you get
    jailed for it? how long?")."""
    if "?" in query.text.rstrip("?! "):
        return None
    when = _ASKED_WHEN.search(query.text)
    said = set(WORD.findall(when.group(0).lower())) if when else set()
    said = {w for group in query.groups if group[0] in said for w in group}
    verbs = [t.idx for t in tagged(quote) if t.pos_ in ("VERB", "AUX")]
    best = None
    first = 0
    for cut in [*_CLAUSE_CUT.finditer(quote), None]:
        start, end = first, cut.start() if cut is not None else len(quote)
        first = cut.end() if cut is not None else first
        start += _CLAUSE_OPENING.match(quote, start).end() - start
        words = re.findall(r"[A-Za-z0-9]+", quote[start:end])
        if not 2 <= len(words) <= _YES_NO_WORDS or not any(start <= v < end for v in verbs):
            continue
        hits = {w for w in words if (plain := w.lower()) in asked and plain not in said
                and plain not in STOPWORDS and len(plain) > 2}
        # A name the question gives says whom it is about, as most of the quote does; what it asks of them
        # comes first ("Pama covered his face" against "he was granted conditional bail").
        named = {w for w in hits if w[0].isupper()}
        key = (-len(hits - named), -len(named), len(words))
        if hits and (best is None or key < best[0]):
            best = (key, start, end)
    return best


def _says_which(doc, first: int, stop: int, known: set[str]) -> bool:
    """Whether doc[first:stop] has a noun or a name of its own (not in ``known``): "Selznick", "wine". An
    adjective ("other", "large") says too little, a person's full name only who made it ("an Adam Sandler
    movie"), a common noun's possessive only whose it is ("the network's library"; "Legendre's conjecture"
    is a name)."""
    def full_name(t) -> bool:
        return t.ent_type_ == "PERSON" and (
            t.ent_iob_ == "I" or t.i + 1 < len(doc) and doc[t.i + 1].ent_iob_ == "I")

    def owner(t) -> bool:
        return t.pos_ == "NOUN" and t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS"

    return any(t.pos_ in ("NOUN", "PROPN") and len(t.text) > 2 and t.lower_ not in known
               and t.lower_.rstrip("s") not in known and t.lower_ not in STOPWORDS
               and not full_name(t) and not owner(t) for t in doc[first:stop])


def kind_phrase(quote: str, words_at, asked: set[str], kind: list[set[str]]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of a noun phrase headed by the noun of "what library ...?" that says which
    one with a word of its own ("the Selznick library", "the Book of Exodus", "the Irish linen industry"),
    or the name in apposition to it ("the most popular half marathon, the Great North Run"); None when
    none."""
    if not kind:
        return None
    head = {w.rstrip("s") for w in kind[-1]}
    known = asked | head | {w for noun in kind for w in noun}
    doc = tagged(quote)
    spans = []
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.lower_.rstrip("s") not in head:
            continue
        stop = token.i + 1
        if stop < len(doc) and doc[stop].pos_ == "PROPN" and doc[stop].text[:1].isupper() \
                and token.i > 0 and doc[token.i - 1].pos_ == "DET":
            named = phrase_from(doc, stop)  # "The movie Troy": the name after its kind
            if named is not None:
                spans.append((doc[named[0]].idx, doc[named[0]].idx, doc[named[1] - 1].idx
                              + len(doc[named[1] - 1].text)))
            continue
        if stop < len(doc) and doc[stop].pos_ in ("NOUN", "PROPN"):
            continue  # "library catalog": the kind only describes another noun
        first = token.i
        while first > 0 and (modifies(doc[first - 1]) or doc[first - 1].pos_ in ("DET", "NUM")
                             or doc[first - 1].tag_ == "POS"):
            first -= 1
            if doc[first].pos_ == "DET":
                break
        if stop + 1 < len(doc) and doc[stop].lower_ == "of" and doc[stop + 1].pos_ in ("PROPN", "DET"):
            named = phrase_from(doc, stop + 1)  # "the Book of Exodus"
            if named is not None and any(t.pos_ == "PROPN" for t in doc[named[0]:named[1]]):
                stop = named[1]
        if not _says_which(doc, first, stop, known) and stop + 1 < len(doc) and doc[stop].text == "," \
                and doc[stop + 1].pos_ in ("DET", "PROPN"):
            named = phrase_from(doc, stop + 1)  # an apposition names it
            if named is not None and any(t.pos_ == "PROPN" for t in doc[named[0]:named[1]]):
                first, stop = named
        if _says_which(doc, first, stop, known):
            start, end = doc[first:stop].start_char, doc[first:stop].end_char
            spans.append((start, start, end))
    return _nearest(words_at, spans)


# How a thing was done: "by inserting ...", "through Kingdom of Qocho", "with an anonymous letter",
# "separately from physicians", "as triplet oxygen".
_MANNER = frozenset("by through via with using as in from".split())
_MANNER_WORDS = 12
_NOT_MANNER = frozenset({"also", "then", "now"})  # adverbs that say when or what else, not how


def manner_phrase(query: Query, quote: str, words_at, asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of what follows the question's verb in the quote when it says how: an
    adverb ("separately from physicians") or a phrase opened by "by", "through", "with" ... ("started
    with an anonymous letter"), up to the clause's end; None when the quote does not use the verb so."""
    doc = question_doc(without_idioms(query.text))  # "how did it come out?" asks how it emerged
    how = next((t.i for t in doc if t.lower_ == "how"), None)
    verb = next((t for t in doc[how + 1:] if t.pos_ == "VERB"), None) if how is not None else None
    if verb is None:
        return None
    quoted = tagged(quote)
    spans = []
    for token in quoted:
        if token.pos_ != "VERB" or not _same_verb(token, verb):
            continue
        at = token.i + 1
        while at < len(quoted) and (quoted[at].pos_ == "PART" or quoted[at].tag_ == "RP"):
            at += 1  # "made up", "carried out"
        if at >= len(quoted) or not (quoted[at].pos_ == "ADV" and quoted[at].lower_ not in _NOT_MANNER
                                     or quoted[at].lower_ in _MANNER):
            continue
        word = quoted[at].lower_
        if word in _MANNER and at + 1 < len(quoted) and quoted[at + 1].tag_ != "VBG":
            # "with an anonymous letter in March last year describing ...": the phrase after the
            # preposition, with "in"/"from" ("in herring barrels"), without "by", "through", "as".
            phrase = phrase_from(quoted, at + 1)
            if phrase is not None:
                first = at if word in ("in", "from") else at + 1
                last = with_conjuncts(quoted, *phrase)
                start, end = quoted[first:last].start_char, quoted[first:last].end_char
                if says_more(quote[start:end], asked):  # not "pass through Parliament" again
                    spans.append((start, start, end))
            continue
        start = quoted[at + (word in _MANNER)].idx  # an adverb, or "by inserting ...": to the clause's end
        end = _clause_end(quote, start)
        if 0 < len(WORD.findall(quote[start:end])) <= _MANNER_WORDS:
            spans.append((start, start, end))
    return _nearest(words_at, spans)


# "What did Luther do at the end of his speech?": what the subject did, not a thing.
# Not "what did Luther refuse to do?": what he refused, a thing.
_DID_WHAT = re.compile(r"\bwhat (?:did|does|do|would|will|could|can) "
                       r"((?:(?!to\b)[\w'’.-]+ ){0,5}?(?!to\b)[\w'’.-]+) (?:do|end up doing)\b", re.I)
_DEED_WORDS = 10
_DEED_END = re.compile(r"[.;,!?\"“”(]|\s(?:but|while|whereas|which|although|though|and)\s|\s[-–—]\s")


def deed_phrase(query: Query, quote: str, words_at, asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of what the question's subject did, for "what did Luther do …?": the verb
    phrase right after the subject's last word, up to the clause's end ("Luther raised his arm"), not a
    passive one ("the agreement was approved by …"); None for other questions, or when the quote has no
    such phrase."""
    match = _DID_WHAT.search(query.text)
    if match is None:
        return None
    subject = [w for w in WORD.findall(match.group(1).lower()) if w not in STOPWORDS]
    if not subject:
        return None
    doc = tagged(quote)
    spans = []
    for token in doc:
        if token.lower_ != subject[-1]:
            continue
        at = token.i + 1
        while at < len(doc) and doc[at].pos_ in ("ADV", "AUX", "PART") and at - token.i <= 3:
            at += 1
        if at >= len(doc) or doc[at].pos_ != "VERB" or doc[at].tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
            continue
        if doc[at].tag_ == "VBN" and any(t.lower_ in BE for t in doc[token.i + 1:at]):
            continue  # passive: done to it
        start = doc[at].idx
        # "raised his arm "in the traditional salute …"": not the quotation after it.
        end = _clause_end(quote, start, _DEED_END)
        words = WORD.findall(quote[start:end].lower())
        if 0 < len(words) <= _DEED_WORDS:
            spans.append((start, start, end))
    return _nearest(words_at, spans)
