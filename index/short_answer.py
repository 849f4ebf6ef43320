"""Short answers: the span of the first quote that answers the question ("574 drones and 40 missiles",
"Judy Clarke"), chosen from the quote's entities, numbers and dates by the kind of answer the question
wants, nearest the question's own words and first where its wh-word would stand; free-form answers (a
reason, a sort, a description...) come from ``index/phrases.py``; a "what" that no rule reads, from the
learned chooser in ``index/span_scorer.py``. Where no span is confident, there is none and the quote alone
is the answer. The tagger is in ``index/tagger.py``.
"""

from __future__ import annotations

import re

from index.answer_types import TOLD_AGE
from index.countries import is_country
from index.inflections import inflections, regular_forms
from index.letters import fold
from index.phrases import (
    COLOUR_ASKED,
    COUNT,
    FINITE_TAGS,
    HOW_OFTEN_ASKED,
    NUMBER_WORDS,
    POSSESSOR_BEFORE,
    SERVICE_RANK_ASKED,
    STRIKE_VERBS,
    WORD,
    acronym_of_question,
    acronym_phrase,
    affected_phrase,
    after_question_verb,
    ailment_phrase,
    called_phrase,
    colour_phrase,
    comparison_phrase,
    deed_phrase,
    frequency_phrase,
    gloss_phrase,
    kind_phrase,
    manner_phrase,
    negated_phrase,
    numbered_phrase,
    odds_phrase,
    offence_phrase,
    opens_sentence,
    other_name,
    phrase_at,
    question_support,
    quoted_phrase,
    reason_clause,
    role_phrase,
    role_starts,
    says_more,
    service_rank,
    sort_phrase,
    stranded_object,
    title_phrase,
    token_at,
    yes_no_clause,
)
from index.question import (
    DAYS as _DAYS,
)
from index.question import (
    FREE_FORM,
    OPENER,
    PATTERN_KINDS,
    PERSON_NOUNS,
    SYNONYMS,
    YEAR_DIGITS,
    Query,
    asks_for_a_persons_name,
    asks_for_a_things_name,
    asks_for_many,
    asks_for_several,
    asks_of_the_law,
    asks_what_it_is_called,
    kind_words,
    plain_wh,
    without_idioms,
)
from index.question import (
    MONTHS as _MONTHS,
)
from index.sentences import split_sentences
from index.span_scorer import scored_phrase
from index.stopwords import STOPWORDS
from index.tagger import ModelCheckFailed, question_doc, spellings, tagged
from index.types import Citation, Span

__all__ = ["ModelCheckFailed", "short_answer"]

# Entity labels that can answer each kind of question, best first.
LABELS = {
    "number": ("CARDINAL", "MONEY", "QUANTITY", "PERCENT", "DATE", "TIME"),
    "duration": ("DATE", "TIME", "QUANTITY", "CARDINAL"),
    "rank": ("ORDINAL", "CARDINAL"),
    "age": ("DATE", "CARDINAL"),
    "date": ("DATE", "TIME"),
    "person": ("PERSON", "ORG", "NORP"),
    # No nationality: "where were Tetzel's teachings ...?" is not answered "Catholic" (SQuAD tuning: 11 wrong
    # short answers gone, none right lost); "where's he from?" still is ("Australian", see _labels).
    "place": ("GPE", "FAC", "LOC", "ORG"),
    "org": ("ORG", "NORP", "FAC", "PERSON", "GPE", "PRODUCT"),
    "name": ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "GPE", "LOC", "LAW", "NORP"),
}
LABELS["thing"] = tuple(label for label in LABELS["name"] if label != "NORP")  # "Portuguese" is no thing
_UNLABELLED = FREE_FORM | PATTERN_KINDS  # the kinds no tagger label answers
_AGE_LIKE = re.compile(r"\d[- ]year[- ]old|\byears? old\b", re.I)
_CURRENCY_BEFORE = "£$€¥"
_MAGNITUDE_AFTER = re.compile(r"^(\s?(million|billion|trillion|m|bn|k)\b)", re.I)
_RATE_AFTER = re.compile(r" (?:an?|per|each|every) (hour|day|night|week|month|year|game|match|season|head)\b")
_FOR_A_TIME = re.compile(r"\b(?:within|in|for|over|lasting)\s+$", re.I)
_AGE_NUMBER = re.compile(rf"\d|\b(?:{NUMBER_WORDS})\b", re.I)  # "the quarter-final stage" gives no age
_AGE_WORDS = rf"(?:{NUMBER_WORDS})(?:-(?:{'|'.join(NUMBER_WORDS.split('|')[:9])}))?"
# "55", "aged 55", "Leon Yeaman, 55,", "(55)", "at the age of 55", "died at 55", "He was 55.", and in words:
# "nine-year-old Frankie".
_AGE = re.compile(rf"\b(\d{{1,3}}|{_AGE_WORDS})[- ]year[- ]old\b|"
                  r"\baged (\d{1,3}(?:(?: to |-|–)\d{1,3})?)\b|, (\d{1,3}),|"
                  rf"\((\d{{1,3}})\)|{TOLD_AGE}", re.I)
_AGE_GROUPS = range(1, _AGE.groups + 1)


_TIME_UNITS = r"seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies)"
_TIME_UNIT = re.compile(rf"\b({_TIME_UNITS}|long|time|times)\b", re.I)
_SHARE_ASKED = re.compile(r"%|\bper ?cent|\bpercentage\b|\bproportion\b|\bshare of\b|\bwhat fraction\b", re.I)
_SHARE_IN_WORDS = re.compile(rf"\b(?:\d[\d,.]*|{NUMBER_WORDS})\s*(?:%|per ?cent\b)", re.I)
_SHARE = re.compile(r"%|\bper ?cent\b|\bhalf\b|\bquarters?\b|\bthirds?\b|\bone in\b", re.I)
_AMOUNT_ASKED = re.compile(r"\bhow much\b(?! of\b)", re.I)
_COUNT_ASKED = re.compile(r"\bhow many\b", re.I)
_OF_ASKED = re.compile(r"\bhow many of\b", re.I)
# A "how much" about pay, prices or takings asks for a sum of money, not any number.
_MONEY_ASKED = re.compile(
    r"\b(paid|pay|pays|paying|cost|costs|costing|charge|charged|charges|charging|earn|earns|earned|earning|"
    r"earnings|spend|spends|spent|spending|worth|price|prices|fee|fees|salary|wages?|money|cash|funding|owe|"
    r"owes|owed|budget|donate|donated|invest|invested|raise|raised|sell for|sold for|bring in|brought in|"
    r"make|made)\b", re.I)
_CURRENCIES = r"pounds?|dollars?|euros?|cents?|pence|francs?|yen|rupees?"
_CURRENCY = re.compile(rf"({_CURRENCIES}|p\b|quid|bucks)\b", re.I)
_CURRENCY_SIGN = re.compile(rf"[{_CURRENCY_BEFORE}]\s?$")
_UNIT = re.compile(rf"\b({_CURRENCIES}|tonnes?|tons?|gallons?|litres?|"
                   r"liters?|barrels?|miles?|kilometres?|kilometers?|km|inches|inch|feet|foot|metres?|meters?|"
                   r"acres?|hectares?|kilos?|kilograms?|kg|grams?|per ?cent|percent)\b", re.I)
# Units of measure, each spelling to one name: "how many miles" is answered by "8.5 mi".
_UNIT_NAMES = {spelling: unit for unit, spellings in (
    ("mi", "mile miles mi"), ("km", "kilometre kilometres kilometer kilometers km"), ("ft", "foot feet ft"),
    ("yd", "yard yards yd"), ("m", "metre metres meter meters"), ("in", "inch inches"),
    ("t", "ton tons tonne tonnes"), ("lb", "pound pounds lb lbs"),
    ("kg", "kg kgs kilogram kilograms kilo kilos"),
    ("gal", "gallon gallons"), ("acre", "acre acres"), ("ha", "hectare hectares"),
    ("l", "litre litres liter liters")) for spelling in spellings.split()}


_NEXT_WORD = re.compile(r"\s*([A-Za-z]*(?:\s+[A-Za-z]+)?)")  # "nautical miles" after "265.7"


def _units(text: str) -> set[str]:
    return {_UNIT_NAMES[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _UNIT_NAMES}


# A "when" wants a point in time: "nearly a month" or "a few minutes" says how long, not when.
_SPAN_OF_TIME = re.compile(r"^(?:(nearly|about|almost|around|roughly|more than|less than|over|under|just|only|"
                           r"some|up to|at least)\s+)?((a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
                           r"hundred|thousand|\d+|a few|few|several|many|the past|the last)[\s-]*)*(seconds?|"
                           r"minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries)$", re.I)
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.I)
_YEAR_ASKED = re.compile(r"\b(what|which) year\b", re.I)
_TIME_ASKED = re.compile(r"\b(what|which) (time|hours?)\b", re.I)
# "What month are the elections held in?" asks for the month alone ("May" of "the first Thursday in May");
# "what month and year", "what month, day and year" for more.
_MONTH_ASKED = re.compile(r"\b(?:what|which) month\b(?!\s*(?:,\s*(?:day|date|year)|and\b|or\b))", re.I)
_WHERE = re.compile(r"\bwhere\b", re.I)
# "where did the missiles hit?" is answered by what they struck ("western regions"), even when a place is
# named elsewhere in the quote ("Ukraine's military"). For other verbs that phrase did not beat the names:
# on the SQuAD tuning half's "where" questions, 8 better, 6 worse, and 11 more refused for want of a span.
_STRUCK_WHERE = re.compile(rf"\bwhere\b.*\b(?:{'|'.join(sorted(STRIKE_VERBS))})\b", re.I)
_WHO_IS = re.compile(r"\W*who(?:'s|s|\s+is|\s+was|\s+are|\s+were)\b", re.I)
# "in regard to", "in front of": a bare noun that is part of a preposition is no place.
_PART_OF_PREPOSITION = re.compile(r"[a-z]+\s+(?:to|of)\b")
_MONTH_WORD = re.compile(rf"\b(?:{_MONTHS})\b", re.I)
_MONTH_AFTER = re.compile(rf"\s+(?:in|of)\s+((?:{_MONTHS})\b)", re.I)  # "the first Thursday in May"
_RANGE_OPEN = re.compile(r"\b(and|to)\s*$")  # a date or time cut after its first half
# "When was John Gallagher born?", "When did Ronald Robinson die?": the years in brackets after a name
# ("Ronald Robinson (1920–1999)") are when the person was born and died.
_BORN_OR_DIED = re.compile(r"\b(born|birth)\b|\b(die|died|dies|death)\b", re.I)
_LIFESPAN = re.compile(r"([A-Z][\w'’-]+)\s*\(\s*(?:c\.\s*)?(\d{3,4})\s*[–-]\s*(?:c\.\s*)?(\d{3,4})\s*\)")
_YEAR = re.compile(r"\b\d{3,4}s?\b")
_WEEKDAY = re.compile(rf"(on )?({_DAYS})", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTHS})\s+\d{{1,2}}\b|\b\d{{1,2}}\s+({_MONTHS})\b", re.I)
_PLACE_OF = re.compile(r"\b(?:city|town|village|county|borough|province|state|region|district) of "
                       r"([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2})")
_LOCATED = re.compile(r"\b(in|at|near|outside|inside|into|(city|town|village) of)\s+(the\s+)?$", re.I)
_PART_OF = re.compile(r" of (?:the|these|those|its|his|her|their) (\w+)")
# "15-year" of "a 15-year ban": a length of time that describes a thing.
_TIME_ADJECTIVE = re.compile(r"-(year|month|week|day|hour|minute|second)$", re.I)
_OF_A_UNIT = re.compile(r" of an? (second|minute|hour|day|inch|foot|mile|metre|meter|kilometre|kilometer|"
                        r"percentage point|point|goal|degree)\b", re.I)
_FIGURE = re.compile(r"\D*?\d[\d.,]*(?:\s?(?:million|billion|trillion|thousand|hundred)\b)?")
# Words that make a number a bound rather than a figure.
_BOUND = re.compile(r"\b(up to|at least|at most|more than|less than|fewer than|as many as|as much as|"
                    r"in the region of|in excess of|upwards of|no more than|no less than|no fewer than)"
                    r" [£$€¥]?$", re.I)


def _bounded_from(quote: str, start: int) -> int:
    """Where a figure starting at ``start`` starts with the words that bound it ("more than", "up to")."""
    bound = _BOUND.search(quote, max(start - 20, 0), start)
    return bound.start() if bound is not None else start


_GLUED_NUMBER = re.compile(r"\b((about|approximately|around|roughly|nearly|almost|some|over|more than|"
                           r"up to) )?\d[\d.,]*(million|billion|trillion|bn|m)\b", re.I)


# A country the question names in one spelling is given in all of them: "where do most us immigrants come
# from?" is not answered by "the United States".
_SAME_COUNTRY = (frozenset({"us", "usa", "america", "american", "americans", "united", "states", "u"}),
                 frozenset({"uk", "britain", "british", "britons", "united", "kingdom", "england"}))


def question_words(query: Query) -> set[str]:
    said = set(WORD.findall(query.text.lower()))
    # Another form of the question's verb finds the passage, but is no sign of where in it the answer
    # stands ("where did britain come …?": "the UK came 11th" beside the "27th" for health).
    forms = {f for w in said for f in inflections(w)} - said
    words = said | (set(WORD.findall(query.search_text.lower())) - forms)
    for country in _SAME_COUNTRY:
        if words & (country - {"united", "states", "kingdom", "u"}):
            words |= country
    return words


def _caption_label(doc, ent) -> bool:
    """Whether a one-word name is a photo caption's label ("Cuffed: Pero Antic", "Injured: Chris
    Copeland"): a participle or adjective before a colon, which the small model often tags a person."""
    if len(ent) != 1 or ent.end >= len(doc) or doc[ent.end].text != ":":
        return False
    word = ent[0]
    return word.pos_ in ("VERB", "ADJ") or (len(word.text) > 5 and word.lower_.endswith("ed"))


def _opens_label(doc, i: int) -> bool:
    """Whether token ``i`` starts a fact box's next label: "Runs" of "Highest score: 190 Runs: 8,463"."""
    if not doc[i].text[:1].isupper():
        return False
    for token in doc[i + 1:i + 4]:
        if token.text == ":":
            return True
        if not token.is_alpha:
            return False
    return False


def _grow_number(doc, ent) -> tuple[int, int]:
    """A number with what it counts: "574" → "574 drones", "574 drones and 40 missiles", "39-vehicle pileup".
    The count alone is the answer when the question names the thing counted (see short_answer())."""
    end = ent.end
    while end < len(doc) and end - ent.end < 4 and (
            doc[end].pos_ in ("NOUN", "ADJ", "PROPN")
            or (doc[end].text == "-" and end + 1 < len(doc) and not doc[end].whitespace_)
            or (doc[end].like_num and doc[end - 1].text == "-")) and \
            doc[end].text not in (",", ".") and not _opens_label(doc, end) and not (
                doc[end].pos_ == "PROPN" and doc[end - 1].tag_ == "NNS" and doc[end - 1].text.islower()):
        # "39-vehicle pileup"; "5-1", a score, whole; not "5 goals Rayo Vallecano": a name after the plural
        # noun counted starts something else (a table's next row), unlike "Six-time Grammy winner".
        end += 1
    if end > ent.end and end + 2 < len(doc) and doc[end].lower_ == "and" and doc[end + 1].like_num:
        tail = end + 2
        while tail < len(doc) and tail - end < 5 and doc[tail].pos_ in ("NOUN", "ADJ", "PROPN"):
            tail += 1
        if tail > end + 2:
            end = tail
    # Trailing adjectives without a noun ("15 injured") read better without them only when nothing follows.
    return doc[ent.start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _merge_place(doc, ent, entities) -> tuple[int, int]:
    """"Elderslie Village Hall" + " in " + "Renfrewshire" is one place, as is "the Lindo Wing" + " of " +
    "St Mary's Hospital"; "in Alaska, U.S. officials said" is not "Alaska, U.S.": a place before a noun
    describes it."""
    start, end = ent.start_char, ent.end_char
    for other in entities:
        if other.start != ent.end + 1:
            continue
        joined = doc[ent.end].lower_ in ("in", ",") and other.label_ in ("GPE", "LOC", "FAC") or (
            doc[ent.end].lower_ == "of" and ent.label_ == "FAC" and other.label_ in ("FAC", "ORG"))
        if joined and not (other.end < len(doc) and doc[other.end].pos_ == "NOUN"):
            end = other.end_char
    return start, end


def _merge_pair(doc, ent, entities, given: set[str]) -> tuple[int, int]:
    """"Adam Sandler" + " and " + "Drew Barrymore" answer "who starred in it?" together; not with a name
    the question gives ("who worked alongside Raul Allegre?")."""
    for other in entities:
        if other.start == ent.end + 1 and doc[ent.end].lower_ == "and" and other.label_ == ent.label_ \
                and not set(WORD.findall(other.text.lower())) <= given:
            return ent.start_char, other.end_char
    return ent.start_char, ent.end_char


def _is_age(quote: str, start: int, end: int) -> bool:
    """Whether quote[start:end] is the number of an age ("48-year-old", "aged 48", ", 48,", "(48)"), or
    part of a range of ages ("aged 40 to 44")."""
    return any(match.start(group) <= start and end <= match.end(group)
               for match in _AGE.finditer(quote, max(start - 16, 0), end + 10)
               for group in _AGE_GROUPS if match.group(group))


_SCORE_ASKED = re.compile(r"\bwhat(?:'s| is| was| were)? the (?:final |full-time |half-time )?score\b", re.I)
_SCORELINE = re.compile(r"\b\d{1,2} ?[-–] ?\d{1,2}\b")
# A count of time: a number and its unit ("ten days", "three-year"), not a year or a century.
_COUNTED_TIME = re.compile(rf"(?<![\w.,])(\d[\d,.]*|{NUMBER_WORDS}|a|an|a few|several|many)"
                           rf"(?:\s+(?:hundred|thousand|million|billion))?[\s-]+({_TIME_UNITS})\b", re.I)
# What a number hyphen-joined before a noun measures, not counts: "a 27-yard goal", "a 16-page manuscript".
_MEASURES = frozenset("yard metre meter mile foot inch page minute second hour day week month year "
                      "storey story acre".split())


def _fits_count(query: Query, label: str, ent, quote: str) -> bool:
    """Whether a number entity can answer a "how many / how much / what %" question at all."""
    text = ent.text
    if not COUNT.search(text) and label not in ("MONEY", "PERCENT"):
        return False  # "millions", "decades"
    if label in ("DATE", "TIME") and not _TIME_UNIT.search(query.text):
        return False  # "two weeks ago" counts no soldiers
    if label in ("DATE", "TIME") and not _COUNTED_TIME.search(text):
        return False  # "2008" and "the early 18th century" count no days or years
    if _SHARE_ASKED.search(query.text):
        return label == "PERCENT" or bool(_SHARE.search(text))
    if label == "CARDINAL" and _is_age(quote, ent.start_char, ent.end_char) or _AGE_LIKE.search(text):
        return False  # "Barry Beavis, 48," and "the 27-year-old Dundee midfielder" are ages, no score
    if _AMOUNT_ASKED.search(query.text) and label == "CARDINAL":
        # "How much did she charge?" is not answered by "10 men": an amount is money, a share or a measure.
        following = quote[ent.end_char:ent.end_char + 24]
        if _MONEY_ASKED.search(query.text):
            # "how much is he getting paid?" is not answered by the "1." of a numbered list: a sum of money.
            sign = _CURRENCY_SIGN.search(quote, 0, ent.start_char)
            return bool(_CURRENCY.match(following.lstrip()) or sign)
        return bool(_UNIT.match(following.lstrip())) or not re.match(r"\s*-?[A-Za-z]", following)
    if label == "MONEY" and _COUNT_ASKED.search(query.text) and not _UNIT.search(query.text):
        return False  # "how many houses …?" counts houses, not the "£5 billion" fund for them
    if text.lower() == "one" and quote.startswith(" of ", ent.end_char) and not _OF_ASKED.search(query.text):
        return False  # "one of Bournemouth or Middlesbrough" picks one of them, it counts no points
    if re.search(r"fold\b", text, re.I) and not re.search(r"\btimes\b", query.text, re.I):
        return False  # "a three-fold rise" multiplies, it counts no call-outs
    if _COUNT_ASKED.search(query.text):
        measured = _MEASURES - {w.rstrip("s") for w in WORD.findall(query.text.lower())}  # not asked about
        inside = re.search(r"\w-([a-z]+)$", text)
        if inside and inside.group(1) in measured:
            return False  # "a two-mile trail" counts no seats
        joined = re.match(r"-(\d+|[a-z]+)\b", quote[ent.end_char:ent.end_char + 12])
        if joined and (joined.group(1).isdigit() or joined.group(1) in measured):
            return False  # "how many goals?": not the "2-1" of a scoreline, nor a "27-yard" goal
    return True


# "may" is left out: as often the verb as the month.
_CALENDAR = re.compile(rf"\b({_DAYS}|{_MONTHS.replace('may|', '')})\b", re.I)


_AGE_BEFORE = frozenset({"age", "aged", "at", "turned", "turns", "turning", ":", "is", "was"})
_BARE_UNITS = re.compile(r"\b(the|his|her|their|its|those|these|seconds|minutes|hours|days|nights|weeks|months|"
                         r"years|decades|centuries)\b", re.I)


def _counts_later(doc, end: int, asked: set[str]) -> bool:
    """Whether the noun phrase a number opens ends, within four more words joined by "of", on the thing
    the question counts: "eight possession of child pornography counts" counts counts ("one representative
    from each of the parties" counts no parties, "438,000 species of plants of interest" no plants)."""
    after = doc[token_at(doc, end):][:5]
    for i, token in enumerate(after[:4]):
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "DET") and token.lower_ != "of":
            return False
        following = after[i + 1] if i + 1 < len(after) else None
        ends = following is None or (following.pos_ not in ("NOUN", "PROPN") and following.lower_ != "of")
        if token.pos_ == "NOUN" and ends and spellings(token.lower_) & asked:
            return True
    return False


def told_as_age(citation: Citation, span: Span) -> bool:
    """Whether the short answer is an age as the quote writes one ("Pat, 69,", "the 26-year-old"), not a
    length of time the tagger offered instead ("48 days")."""
    at = span.start - citation.start
    return any(m.start() <= at < m.end() for m in _AGE.finditer(citation.quote))


# "her 49-year-old son": the age of someone the possessive relates to, not of its owner.
_RELATIVE_AFTER = re.compile(r"\s+([\w-]+)")


def _someone_elses_age(quote: str, match, asked: set[str]) -> bool:
    """Whether an "N-year-old" is the age of a person noun after it that a possessive relates to the one
    asked about ("how old is pat?": "her 49-year-old son"), unless the question asks about that noun."""
    if not match.group(1) or not POSSESSOR_BEFORE.search(quote, max(match.start() - 8, 0), match.start()):
        return False
    noun = _RELATIVE_AFTER.match(quote, match.end())
    return bool(noun) and noun.group(1).lower() in PERSON_NOUNS and noun.group(1).lower() not in asked


_BARE_YEAR = re.compile(YEAR_DIGITS)


def _counts_things(doc, ent) -> bool:
    """Whether a plural noun follows the number ("2022 drones")."""
    return ent.end < len(doc) and doc[ent.end].tag_ in ("NNS", "NNPS")


_INITIALS = re.compile(r"(?:^|\W)(?:[A-Za-z]\.)+[A-Za-z]$")  # a span ending in "U.S" lost the stop of "U.S."
_BETWEEN_VERB_AND_COUNT = frozenset({"ADP", "ADV", "ADJ", "DET", "PART"})  # "killing at least one person"
_BETWEEN_COUNT_AND_VERB = frozenset({"AUX", "ADV", "PART"})  # "15 were also injured"


def _counted_by_asked_verb(query: Query, doc, ent, end: int) -> bool:
    """Whether the verb a figure is the object of ("injuring 15") or the subject of ("15 were injured") is
    one the question asks with, in any inflection or synonym ("how many were killed?", "how many died?")."""
    asked = {w for group in query.groups[1:] for w in group}
    verbs = []
    i = ent.start - 1
    while i >= 0 and ent.start - i <= 4 and doc[i].pos_ in _BETWEEN_VERB_AND_COUNT:
        i -= 1
    if i >= 0 and ent.start - i <= 4:
        verbs.append(doc[i])
    i = token_at(doc, end)
    while i < len(doc) and doc[i].pos_ in _BETWEEN_COUNT_AND_VERB:
        i += 1
    if i < len(doc):
        verbs.append(doc[i])
    return any(verb.pos_ == "VERB" and regular_forms(verb.lower_) & asked for verb in verbs)


def _fits_duration(label: str, ent, quote: str) -> bool:
    """Whether an entity can say how long: "66 days", "56 minutes", "a three-year deal"; not a calendar
    date ("April 15, 2013") or an age ("Louis Jordan, 37,")."""
    if _AGE_LIKE.search(ent.text):
        return False  # "the 44-year-old from Oldham" is no length of a holiday
    if label == "TIME":
        # "10 hours", "within seconds"; not "Wednesday night" or "extend its hours".
        before = quote[max(ent.start_char - 12, 0):ent.start_char]
        return bool(_COUNTED_TIME.search(ent.text)
                    or _BARE_UNITS.fullmatch(ent.text) and _FOR_A_TIME.search(before))
    if _is_age(quote, ent.start_char, ent.end_char) or _CALENDAR.search(ent.text):
        return False  # "Friday - exactly eight weeks" starts on a day: it says when, not how long
    if re.match(r"\s*ago\b", quote[ent.end_char:]) or re.search(r"\bago$", ent.text):
        return False  # "12 years ago" says when, not how long she cared for him
    text = ent.text.replace("-", " ")
    if not _BARE_UNITS.sub("", text).strip():
        return False  # "during his years as a professional" says no length
    return bool(_TIME_UNIT.search(text)) or bool(re.search(r"\b(twice|once)\b", text, re.I))


def _is_label_number(doc, ent) -> bool:
    """A number that is part of a name, not a count: "U.S. Highway 36", "Flight 370", "Apollo 11", "Formula
    One"; not one in lower-case words ("would move Villa five points clear")."""
    before = doc[ent.start - 1] if ent.start > 0 else None
    return (before is not None and before.pos_ == "PROPN" and before.text[:1].isupper()
            and ent.end - ent.start == 1 and ent[0].like_num and not ent[0].text[:1].islower())


def _untagged_names(doc) -> list:
    """Runs of two or more capitalised proper nouns the tagger left without an entity, read as a person's
    name: the small model misses unfamiliar names, most often at the start of a sentence ("Gaioz
    Nigalidze, the current Georgian champion, ...")."""
    tagged = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    people = {ent.start for ent in doc.ents if ent.label_ == "PERSON"}
    found, run = [], []
    for token in [*doc, None]:
        if (token is not None and token.i not in tagged and token.pos_ == "PROPN"
                and token.text[:1].isupper() and token.text.isalpha()):
            run.append(token.i)
            continue
        # A name after an article is a thing's ("the Trojan Horse scandal", "an Oldsmobile Bravada"); a
        # run right before a person's name is a title ("Managing Director Paul Downton", "Mr Justice Warby").
        if len(run) >= 2 and (run[0] == 0 or doc[run[0] - 1].pos_ != "DET") \
                and (token is None or token.i not in people):
            found.append(_entity(doc, run[0], run[-1] + 1, "PERSON"))
        run = []
    return found


_COUNTRY_KINDS = frozenset({"country", "countries", "nation", "nations"})
_ORIGIN = re.compile(r"\bwhere\b.*\bfrom\W*$", re.I)
_ORG_KINDS = frozenset("team teams club clubs company companies firm firms band party newspaper paper channel "
                       "network charity bank airline university college school".split())
_PLACE_KINDS = frozenset(
    "city town village county state country region river street road island lake mountain park stadium "
    "hospital prison airport building place area district property community site venue estate "
    "settlement".split())
KIND_NOUNS = PERSON_NOUNS | _ORG_KINDS | frozenset(
    "hospital prison jail stadium venue court island city town village county state country airport "
    "street".split())


_GROUP_ASKED = re.compile(r"\b(?:what|which)(?: [\w-]+)? (nationality|nationalities|ethnicity|religions?|"
                          r"faith|languages?)\b", re.I)


_SPECIFIC_DATE = re.compile(rf"\d|\b(?:{_MONTHS}|{_DAYS}|century|centuries)", re.I)


def _labels(query: Query) -> tuple[str, ...]:
    """The entity labels that can answer the question, best first."""
    labels = LABELS.get(query.wants or "", ())
    if query.wants in (None, "thing") and (group := _GROUP_ASKED.search(query.text)):
        # "What nationality is Hoesung Lee?" → "Korean"; "what language …?" → "Latin".
        return ("LANGUAGE", "NORP") if group.group(1).lower().startswith("language") else ("NORP",)
    if query.wants == "person" and asks_for_a_persons_name(query.text):
        # "the name of the person who died" is no road; "the kilmarnock captain" no league.
        return ("PERSON",)
    if query.wants == "place":
        kinds = kind_words(query.text)
        if kinds & _COUNTRY_KINDS:
            return ("GPE", "NORP")  # "which country ...?" is no census office and no stadium
        if kinds & {"city", "cities", "town", "towns", "village", "county", "state", "region", "province"}:
            return ("GPE", "LOC")
        if _ORIGIN.search(query.text):
            return ("GPE", "NORP", "LOC")  # "where's he from?" asks where he comes from, not where he played
    if query.wants == "org" and kind_words(query.text) & _ORG_KINDS:
        return ("ORG",)  # "what team's he on?" is no city
    if query.wants == "name" and asks_for_a_things_name(query.text):
        # "the name of his sailboat": no person's, and no place's unless it names a kind of place.
        places = re.search(r"\bname of (?:the|his|her|their|its|this|that) (?:[\w-]+ ){0,2}("
                           + "|".join(_PLACE_KINDS) + r")\b", query.text, re.I)
        return tuple(label for label in labels if label != "PERSON"
                     and (places or label not in ("GPE", "LOC", "FAC")))
    return labels


def _entity(doc, start: int, end: int, label: str):
    """A span of ``doc`` the tagger missed, labelled as it should have been."""
    from spacy.tokens import Span as Entity

    return Entity(doc, start, end, label=label)


# A full stop inside a run of capitalised words ends a sentence ("... in 50 AD. The Latin"), unless it
# abbreviates ("St. Johns River").
_SENTENCE_END = re.compile(r"(?<!\bSt)(?<!\bMt)(?<!\bFt)(?<!\bDr)\.\s")


def _run_on(doc, ent) -> list:
    """A name cut where a capital "The" inside it starts the next sentence: a photo caption runs into the
    text without a full stop ("... in front of the Arc de Triomphe The Togo international ..."). A title
    keeps its "The" ("Doctor Who: The Movie")."""
    if ent.label_ != "WORK_OF_ART":
        for token in ent[1:]:
            if token.text == "The" and doc[token.i - 1].is_alpha:
                label = ent.label_
                return [_entity(doc, ent.start, token.i, label), _entity(doc, token.i, ent.end, label)]
    return [ent]


def _candidates(query: Query, doc, labels: tuple[str, ...]) -> list:
    """The tagger's entities, plus what the small model misses: an ordinal inside a phrase ("the 27th best
    country"), an unfamiliar name, and a name that ends in the kind asked for ("... Football Club")."""
    entities = [part for ent in doc.ents for part in _run_on(doc, ent)]
    if query.wants == "rank" and not any(e.label_ == "ORDINAL" for e in entities):
        entities += [_entity(doc, t.i, t.i + 1, "ORDINAL") for t in doc if _ORDINAL.match(t.text)]
    if "PERSON" in labels:
        entities += _untagged_names(doc)
    if "GPE" in labels:
        # "In Aurora, near Denver": the small model reads some towns as people; after "in" a name is a place.
        entities = [_entity(doc, e.start, e.end, "GPE") if e.label_ == "PERSON" and e.start > 0
                    and doc[e.start - 1].lower_ == "in" else e for e in entities]
        # "the rural southern Oklahoma city of Duncan": the same, named by what it is.
        # The state before it ("Oklahoma") only says where the town is.
        for match in _PLACE_OF.finditer(doc.text):
            found = doc.char_span(match.start(1), match.end(1), label="GPE", alignment_mode="expand")
            if found is not None:
                entities = [e for e in entities if not doc.text[e.end_char:match.start()].isspace()
                            and e.start_char != found.start_char] + [found]
    if query.wants in ("org", "place", "name", "thing"):
        # "an academy player with Dagenham and Redbridge Football Club": a name that ends in the kind asked
        # for ("what club ...?"), which the small model left untagged or cut.
        for kind in kind_words(query.text) - _VAGUE_KINDS:
            if any(re.search(rf"\b{re.escape(kind)}", e.text, re.I) for e in entities):
                continue  # the tagger found the name already ("the St. Johns River")
            named = re.compile(rf"(?<![\w'’-])((?!(?:The|A|An)\b)[A-Z][\w'’.-]*(?:\s+(?:(?:and|of|&|de)\s+)?"
                               rf"[A-Z][\w'’.-]*)*\s+{re.escape(kind.capitalize())}(?:s|es)?)\b")
            for match in named.finditer(doc.text):
                found = doc.char_span(match.start(1), match.end(1), label=labels[0], alignment_mode="expand")
                if found is not None and not _SENTENCE_END.search(match.group(1)) and not any(
                        e.start_char <= found.start_char and found.end_char <= e.end_char for e in entities):
                    entities.append(found)
    if query.wants == "date":
        # "a return to a 2022 proposal": the small model tags some years as plain numbers; one that counts
        # no things after it ("2022 drones") is a year.
        entities = [_entity(doc, e.start, e.end, "DATE") if e.label_ == "CARDINAL"
                    and _BARE_YEAR.fullmatch(e.text) and not _counts_things(doc, e) else e for e in entities]
    if query.wants == "number":
        # "approximately 12million": a number glued to its magnitude is left untagged.
        taken = {i for ent in entities for i in range(ent.start_char, ent.end_char)}
        # "nearly five per cent of them": a share in words, too.
        untagged = [(m, "CARDINAL") for m in _GLUED_NUMBER.finditer(doc.text)]
        untagged += [(m, "PERCENT") for m in _SHARE_IN_WORDS.finditer(doc.text)]
        for match, label in untagged:
            if not taken & set(range(match.start(), match.end())):
                found = doc.char_span(match.start(), match.end(), label=label, alignment_mode="expand")
                if found is not None:
                    entities.append(found)
    return entities


# Words that make an office another one: a deputy finance minister is not the finance minister.
_SECOND_IN = re.compile(r"\b(deputy|vice|assistant|acting|interim|shadow|junior)[- ]((?:[\w.'’-]+ ){0,3})$",
                        re.I)


def _other_office(query: Query, before: str, given: set[str]) -> bool:
    """Whether the words right before a name give it the question's office with a qualifier the question
    does not ("Deputy finance minister Dimitris Mardas" for "who is Greece's finance minister?")."""
    match = _SECOND_IN.search(before)
    if match is None or match.group(1).lower() in query.text.lower():
        return False
    return bool(set(WORD.findall(match.group(2).lower())) & given)


# "when did he die?", "when did o'toole pass away?" (read as "die"): a date that a death is told with. The
# Black Death is a plague, no one's death.
_DEATH_ASKED = re.compile(r"\b(?:die|died|dies|(?<!black )death)\b", re.I)
# A death told in words, or a lifespan in brackets ("Chopin (1 March 1810 – 17 October 1849)").
_DEATH = re.compile(r"\b(?:die[ds]?|dying|death|dead|deceased|passed away|killed|murdered|funeral)\b|"
                    r"\([^()]*\d{3,4}\s*[-–]\s*[^()]*\d{3,4}\s*\)", re.I)


def _sentence_around(quote: str, start: int) -> str:
    """The sentence of the quote that the span starting at ``start`` stands in, as the index splits them."""
    return next((quote[s:e] for s, e in split_sentences(quote) if s <= start < e), quote)


_POSSESSIVE_INSIDE = re.compile(r"\w['’]s\s+\w")
_FACILITIES = frozenset("ground grounds stadium arena centre center complex building hotel airport station "
                        "racecourse course circuit venue theatre museum".split())


def _fits(query: Query, ent, doc, quote: str, labels: tuple[str, ...], given: set[str],
          kinds: frozenset[str]) -> bool:
    """Whether an entity can answer the question at all."""
    label = ent.label_
    if label not in labels:
        return False
    if query.wants in ("person", "org", "name") and _caption_label(doc, ent):
        return False  # "Cuffed: Pero Antic, who plays for ...": a photo caption's label, no name
    if query.wants == "person" and (_POSSESSIVE_INSIDE.search(ent.text) or any(
            t.lower_ in _FACILITIES for t in doc[ent.end:ent.end + 2] if t.text.islower())):
        # "Becher's Brook", "Martha's Vineyard": a place named after someone; "the club's Ciutat Esportiva
        # training ground": a place the small model tags as a name. Neither answers "who".
        return False
    if query.wants == "person" and label == "NORP" and ent[-1].pos_ == "ADJ" \
            and (kinds or not _people_of(doc, ent, given)):
        return False  # "who ...?" is not answered by the adjective of "Islamic teachers" alone
    if query.wants == "person" and ent.end < len(doc) and doc[ent.end].lower_ in kinds \
            and spellings(doc[ent.end].lower_) & PERSON_NOUNS:
        # "Pro Bowl linebacker Von Miller", "the Shawnee leaders Tecumseh and Tenskwatawa": a name before
        # the people asked for describes them.
        return False
    if query.wants == "place" and (ent[-1].text in kinds & _PLACE_KINDS or (
            ent.end < len(doc) and doc[ent.end].text in kinds & _PLACE_KINDS)):
        return False  # "The Midlands city" is a city in the Midlands: the name describes the city asked for
    words = set(WORD.findall(fold(ent.text).lower()))
    figures = {w for w in words if COUNT.search(w)}
    if query.wants in ("number", "duration") and figures - given:
        words = figures  # "19 yards" says "19" to "how many yards?"
    if not words or len(words & given) * 2 >= len(words) or acronym_of_question(ent.text, query.text):
        return False  # the question already says it (mostly), or as an acronym
    if query.wants in ("person", "org") and _other_office(
            query, quote[max(ent.start_char - 60, 0):ent.start_char], given):
        return False  # "Deputy finance minister Dimitris Mardas" is not the finance minister
    if query.wants == "date" and _MONTH_WORD.fullmatch(ent.text) and (
            ent.start > 0 and doc[ent.start - 1].pos_ == "PROPN" and doc[ent.start - 1].text[:1].isupper()
            or ent.end < len(doc) and doc[ent.end].tag_ == "POS"):
        return False  # "Mama June's daughter": a name, no month
    if query.wants == "date" and _DEATH_ASKED.search(without_idioms(query.text)) and not _DEATH.search(
            _sentence_around(quote, ent.start_char)):
        return False  # "when did o'toole pass away?" is not answered by the year of a film he made
    if query.wants == "date" and (_AGE_LIKE.search(ent.text) or _SPAN_OF_TIME.match(ent.text)
                                  or _is_age(quote, ent.start_char, ent.end_char)):
        return False  # "22-year-old" and "Whitcombe, 34," are ages, "nearly a month" a length of time
    if query.wants == "number" and not _fits_count(query, label, ent, quote):
        return False
    if query.wants == "age" and (not _AGE_NUMBER.search(ent.text) or _CALENDAR.search(ent.text)
                                 or re.search(r"\d{4}|\bago\b", ent.text)):
        return False  # "on Thursday", "a 2022 proposal", "five years ago": no one's age
    if query.wants == "age" and label == "CARDINAL" and not (
            ent.start > 0 and doc[ent.start - 1].lower_ in _AGE_BEFORE
            or ent.end < len(doc) and doc[ent.end].lower_ in ("years", "year")):
        return False  # "29 games", "one of the lowest budgets": a bare number is an age only "at 27"
    if query.wants in ("number", "duration") and label == "CARDINAL" and _is_label_number(doc, ent):
        return False
    return not (query.wants == "duration" and not _fits_duration(label, ent, quote))


def _placed(query: Query, ent, doc, quote: str, entities: list, labels: tuple[str, ...], words_at,
            given: set[str], wants_country: bool) -> tuple[tuple, int, int]:
    """(sort key, start, end) of the span an entity gives: smaller keys answer better."""
    label = ent.label_
    if query.wants == "number" and label in ("CARDINAL", "QUANTITY"):
        start, end = _grow_number(doc, ent)
        start = _bounded_from(quote, start)  # "up to 11 inches" is not "11 inches"
        fraction = _OF_A_UNIT.match(quote, end)
        if fraction is not None:
            end = fraction.end()  # "four-hundredths of a second"
    elif query.wants == "number" and label in ("MONEY", "PERCENT"):
        start, end = _bounded_from(quote, ent.start_char), ent.end_char  # "in the region of £12,000"
    elif query.wants == "duration" and _TIME_ADJECTIVE.search(ent.text) and ent.end < len(doc) \
            and doc[ent.end].pos_ == "NOUN" and not spellings(doc[ent.end].lower_) & given:
        # "how long's his contract?" → "three-year deal"; "how long was the commercial?" → "30-second".
        start, end = ent.start_char, doc[ent.end].idx + len(doc[ent.end].text)
    elif query.wants == "place":
        start, end = _merge_place(doc, ent, entities)
    elif query.wants == "person" and label == "NORP" and (people := _people_of(doc, ent, given)):
        start, end = ent.start_char, people.idx + len(people.text)  # "European leaders"
    elif query.wants in ("person", "org"):
        start, end = _merge_pair(doc, ent, entities, given)
    else:
        start, end = ent.start_char, ent.end_char
    rank, (support, distance) = labels.index(label), question_support(words_at, ent.start_char, ent.end_char)
    # Counts and names come in many labels: the one among the question's words wins. A person or a date
    # prefers its own label first.
    if query.wants == "number":
        # "How many drones?" wants "574 drones"; "how many people were injured?" wants "injuring 15", not
        # "574 drones": a number that counts something the question names comes first, one that counts
        # something else last. The question's own words here, not their synonyms: "how many people were
        # injured?" wants "injuring 15", not "one person" (killed).
        # A unit is not something else counted ("7.2 billion euros" for "how much aid"); "one of the
        # marriages" counts marriages.
        literal = {group[0] for group in query.groups}
        counted = {w for w in WORD.findall(quote[ent.end_char:end].lower())
                   if not _UNIT.fullmatch(w) and w != "and"}
        # "how many situps?" counts "1000 sit-ups".
        counted |= {w.replace("-", "") for w in re.findall(r"\w+(?:-\w+)+", quote[ent.end_char:end].lower())}
        part_of = _PART_OF.match(quote, ent.end_char)
        if not counted and part_of:
            counted = {part_of.group(1).lower()}
        # "how many interceptions?" counts "one interception": what is counted, in either number.
        focus = {s for group in query.focus for s in spellings(group[0])}
        same = counted & literal or {s for w in counted for s in spellings(w)} & focus
        tier = 1 if not counted else (0 if same else 2)
        if tier == 2 and _counts_later(doc, end, literal | focus):
            tier, end = 0, ent.end_char  # "eight possession of child pornography counts" → "eight"
        grown = quote[ent.end_char:end].lower()
        first_part = set(WORD.findall(grown.split(" and ")[0])) - {"and"}
        asked_all = all(any(s in literal | focus for s in spellings(w)) for w in counted if not w.isdigit())
        counted_end = end  # the verb of "40 missiles struck" comes after what is counted
        if tier == 0 and (" and " not in grown or (first_part & (literal | focus) and not asked_all)):
            # The question already says what is counted: "how many missiles?" → "40", as people answer
            # (SQuAD tuning half: EM 0.180 → 0.200); "how many drones?" → "574" out of "574 drones and 40
            # missiles", which stays whole for "how many drones and missiles?".
            end = ent.end_char
        unit = re.search(r"\s+([A-Za-z]+)$", quote[start:end])
        figure = _FIGURE.match(quote, start, end)
        if label == "QUANTITY" and unit and figure and spellings(unit.group(1).lower()) & (literal | focus):
            # "how many yards?" → "19" out of "19 yards"; "265.7" out of "265.7 nautical miles".
            end = figure.end()
        # "killing at least one person and injuring 15": the figure whose verb the question asks with comes
        # first among those that count nothing else the question names.
        verb = any(_counted_by_asked_verb(query, doc, ent, at) for at in {end, counted_end})
        return (min(tier, 1) if verb else tier, support, not verb, rank, distance), start, end
    named = not _carries_kind(query, quote, ent.start_char, ent.end_char)
    if query.wants in ("name", "org", "place", "thing"):
        key = (named, support, rank, distance)  # for these, several labels fit equally well
        if query.wants == "place":
            # Among as many of the question's words, a place "in/at/near" something answers "where" before a
            # place named as a subject (all 287 SQuAD tuning-half place questions: 11 changed, +2.5 F1 points).
            located = bool(_LOCATED.search(quote[max(start - 12, 0):start]))
            key = (named, support, not located, rank, distance)
        if wants_country:
            key = (not is_country(ent.text), *key)  # "Russia", not "Istanbul"
        return key, start, end
    return (rank, named, support, distance), start, end


_VAGUE_KINDS = frozenset("people person one ones thing things type kind sort".split())


def _thing_kind(query: Query) -> list[set[str]]:
    """The nouns of "what movie ...?", "what radio network ...?", each with its synonyms ("film"); empty
    when "what" is followed by no noun ("what happened", "what caused")."""
    tokens = [t for t in question_doc(query.text) if t.is_alpha]
    at = next((i for i, t in enumerate(tokens) if t.lower_ in ("what", "which")), None)
    kind = []
    for token in tokens[at + 1:at + 4] if at is not None else ():
        if token.pos_ != "NOUN":
            break
        kind.append({token.lower_, *SYNONYMS.get(token.lower_, "").split()})
    return kind


def _names_kind(quote: str, start: int, end: int, kind: list[set[str]]) -> bool:
    """Whether the name quote[start:end] is said to be of the kind asked for, closely: its last noun in the
    name ("the Blaine Amendments"), right before it ("the film 50 First Dates") or in an apposition right
    after it ("Westwood One, the national radio network"); its other nouns there or just before. A name
    before its kind only describes it ("the Adam Sandler movie"), one near it may be anything ("after the
    prize ceremony in Oslo")."""
    def stems(text: str) -> set[str]:
        return {w.rstrip("s") for w in WORD.findall(text.lower())}

    def holds(noun: set[str], words: set[str]) -> bool:
        return any(w.rstrip("s") in words for w in noun)

    before = re.split(r"[.!?,;:]\s", quote[max(start - 40, 0):start])[-1].split()
    # "Westwood One, the national radio network"; "the League of Augsburg as a coalition".
    after = re.match(r",? (?:as )?(?:a|an|the|its|his|her|their) ((?:[\w-]+ ){0,2}[\w-]+)",
                     quote[end:end + 60])
    close = stems(" ".join((quote[start:end], *before[-1:], after.group(1) if after else "")))
    near = close | stems(" ".join(before[-3:]))
    return holds(kind[-1], close) and all(holds(noun, near) for noun in kind[:-1])


def _carries_kind(query: Query, quote: str, start: int, end: int) -> bool:
    """Whether the kind a "which X" question names stands in or beside the span, in the same sentence:
    "Chris Copeland, a player for the Pacers" answers "which player", "Bellevue Hospital" "which hospital"."""
    # Any word of "which X" for a name or an organisation ("which journal" → "Science", the journal; SQuAD
    # tuning half: 32 of 339 name questions changed, +10.3 F1 points, 3 of 132 organisation questions,
    # +1.4); for people and places, only nouns that name one.
    nouns = {w for w in kind_words(query.text) if w in KIND_NOUNS or w.rstrip("s") in KIND_NOUNS
             or (query.wants in ("name", "org") and w not in STOPWORDS and len(w) > 3)}
    if not nouns:
        return False
    before = re.split(r"[.!?]\s", quote[max(start - 30, 0):start])[-1]
    after = re.split(r"[.!?]\s", quote[end:end + 40])[0]
    words = set(WORD.findall(f"{before} {quote[start:end]} {after}".lower()))
    return any(n in words or n + "s" in words or n.rstrip("s") in words for n in nouns)


_NAMES = frozenset({"FAC", "PRODUCT", "WORK_OF_ART"})  # labels the small model gives bands and people


def _people_of(doc, ent, given: set[str]):
    """The plural person noun a nationality describes ("European leaders", "Ukrainian officials"), which
    answers a plain "who" as a group; None when none follows, or when the question names those people
    ("who heads up the body that bans teachers?" is not answered by "British teachers"), or when they are
    counted ("Up to 100 Islamic teachers could be banned" tells how many, not who)."""
    if ent.end >= len(doc) or (ent.start > 0 and doc[ent.start - 1].like_num):
        return None
    noun = doc[ent.end]
    kinds = spellings(noun.lower_)
    return noun if noun.tag_ == "NNS" and kinds & PERSON_NOUNS and not kinds & given else None


def _acting_country(doc, ent, asked: set[str]) -> bool:
    """Whether a country that the question does not name, and that opens its sentence or is the subject
    of a finite verb or "would", may be who did what the question asks: "Russia has thrown a wrench into
    …, rejecting the idea of European troops" for "who rejected european troops?". Elsewhere a country
    where "who" would stand is most often part of a longer answer ("the UK government", "conquered England
    killing King Harold II"): on the SQuAD tuning half, taking any such country was 3 better, 5 worse.
    Only for a plain "who": "what Han Chinese leader …?" asks for a kind no country is."""
    if ent.label_ != "GPE" or {t.lower_ for t in ent} & asked:
        return False
    # "where Russia and China would play a role": the subject of a verb that says when, or of "would".
    after = ent.end
    while after + 1 < len(doc) and doc[after].lower_ == "and" and doc[after + 1].pos_ == "PROPN":
        after += 2
        while after < len(doc) and doc[after].pos_ == "PROPN":
            after += 1
    finite = after < len(doc) and doc[after].tag_ in FINITE_TAGS
    return finite or opens_sentence(doc, ent.start)


def _role_name(doc, ent, roles: set[int], label: str):
    """The capitalised run of ``ent`` that holds a role position, labelled ``label``; None when it holds
    none."""
    at = next((t.i for t in ent if t.idx in roles), None)
    if at is None or not doc[at].text[:1].isupper():
        return None
    first = last = at
    while first > ent.start and doc[first - 1].text[:1].isupper():
        first -= 1
    while last + 1 < ent.end and doc[last + 1].text[:1].isupper():
        last += 1
    return _entity(doc, first, last + 1, label)


_FUTURE = re.compile(r"\b(next|upcoming|going to|gonna|supposed to|expected to|due in|due back)\b", re.I)


def _asks_future(query: Query) -> bool:
    """"when's the next storm?", "when will he be sentenced?" ("will" the verb, not "the Will" of a title)."""
    # "was going to pay" is a plan in the past.
    planned = any(not re.search(r"\b(was|were|had)\s+(\w+\s+)?$", query.text[:m.start()], re.I)
                  for m in _FUTURE.finditer(query.text))
    return planned or any(t.tag_ == "MD" and t.lower_ in ("will", "shall", "'ll")
                          for t in question_doc(query.text))


def _told_in_past(doc, start: int) -> bool:
    """Whether the verb the span at character ``start`` belongs to is in the past ("brought ... on
    Thursday", "was arrested in March"), read back to the start of its clause."""
    for token in reversed(doc[:token_at(doc, start)]):
        if token.text in (".", ";", "!", "?"):
            return False
        if token.pos_ in ("VERB", "AUX"):
            if token.lower_ in ("will", "is", "are", "am", "'s", "'re", "be", "shall") or token.tag_ == "MD":
                return False  # "said Labour would build 125,000 new homes": a modal's plan is still to come
            if token.tag_ == "VBD":
                return True
            if token.tag_ == "VBN":
                # "has expressed his interest … following the sacking on Wednesday": done, as "was" tells.
                return any(t.lower_ in ("was", "were", "had", "has", "have")
                           for t in doc[max(token.i - 3, 0):token.i])
    return False


def _starts_at(quote: str, at: int, start: int, end: int) -> bool:
    """Whether the role that starts at ``at`` is filled by quote[start:end]: it starts there, or right after
    an article ("pulled into the Bleeker Street station")."""
    return start <= at < end or (at < start and bool(_ARTICLE.fullmatch(quote[at:start])))


_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.I)
# "how far clear / ahead / behind …?": the side of a lead or a gap, which the quote writes after its figure.
_SIDE_ASKED = re.compile(r"\bhow (?:far|much|many [\w-]+) (clear|ahead|behind|adrift|short|taller|older|"
                         r"younger|bigger|smaller|higher|lower|longer|shorter|faster|slower|richer|cheaper)\b",
                         re.I)


def _phrase_in_role(doc, quote: str, roles: set[int], words_at, asked: set[str], *, whole_name: bool = False,
                    keep=lambda start, end: True) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the noun phrase at one of the ``roles`` that says something the question
    does not (and that ``keep`` accepts), among the question's words; None when there is none."""
    found = [(question_support(words_at, *span), *span) for at in sorted(roles)
             if (span := phrase_at(doc, at, whole_name=whole_name)) and keep(*span)
             and says_more(quote[span[0]:span[1]], asked)]
    return _best(found)


def _whole_range(quote: str, entities: list, best: tuple) -> tuple:
    """A date or time range the tagger cut in two, whole: "between the hours of 7pm and" + "7am"."""
    key, start, end = best
    times = [e for e in entities if e.label_ in ("DATE", "TIME")]
    after = next((e for e in times if e.start_char > end and not quote[end:e.start_char].strip()), None)
    if after is not None and _RANGE_OPEN.search(quote[start:end]):
        return key, start, after.end_char
    before = next((e for e in times if e.end_char < start and not quote[e.end_char:start].strip()
                   and _RANGE_OPEN.search(e.text)), None)
    return (key, before.start_char, end) if before is not None else best


def _entity_span(query: Query, quote: str, labels: tuple[str, ...], words_at: list[tuple[int, str]],
                 asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the entity, number or date that answers best; None when none fits."""
    doc = tagged(quote)
    if query.wants == "age":
        # The question's words are counted around the whole age phrase: the "old" of "28-year-old" is no
        # sign that 28 is the age asked about.
        told = list(_AGE.finditer(quote))
        ages = [(m.start(g), m.end(g), m.start(), m.end()) for m in told for g in _AGE_GROUPS
                if m.group(g) and not _someone_elses_age(quote, m, asked)]
        if told and not ages:
            return None  # "a man in his 40s who was younger than her 49-year-old son": no age of hers
        if ages:
            return min((((0, *question_support(words_at, around, after)), a, b)
                        for a, b, around, after in ages), key=lambda o: o[0])
    if query.wants == "date" and (asked_life := _BORN_OR_DIED.search(query.text)):
        for match in _LIFESPAN.finditer(quote):
            if match.group(1).lower() in asked:
                year = 2 if asked_life.group(1) else 3
                return (0,), match.start(year), match.end(year)
    kinds = kind_words(query.text)
    entities = _candidates(query, doc, labels)
    roles = role_starts(query, doc) if query.wants in ("person", "org", "place", "name") else set()
    if roles:
        # A name where the question's wh-word stands is read as the kind asked for, whatever the small
        # model called it ("headlined by ... Coldplay", tagged a building), cut to its capitalised words
        # ("Locke when Ross County", tagged a work of art, is "Ross County").
        # A person's name asked for ("who was the executive producer?") may be tagged an organisation
        # ("executive producer Russell T Davies").
        misread = _NAMES | ({"ORG"} if labels == ("PERSON",) else set())
        entities = [_role_name(doc, e, roles, labels[-1]) if e.label_ not in labels and (
                    e.label_ in misread or (not kinds and _acting_country(doc, e, asked))) else e
                    for e in entities]
        entities = [e for e in entities if e is not None]
    given = asked - kinds  # "Bellevue Hospital" answers "which hospital ...?"
    wants_country = query.wants == "place" and bool(kinds & _COUNTRY_KINDS)
    options = [_placed(query, ent, doc, quote, entities, labels, words_at, given, wants_country)
               for ent in entities if _fits(query, ent, doc, quote, labels, given, kinds)]
    if query.wants == "thing":
        kind = _thing_kind(query)
        # "50 First Dates": the tagger leaves a title's opening number out of the name.
        opening = [re.search(r"\b\d{1,3} $", quote[:start]) for _, start, _ in options]
        options = [(key, start - len(m.group(0)) if m else start, end)
                   for (key, start, end), m in zip(options, opening, strict=True)]
        kinds_named = [o for o in options if kind and _names_kind(quote, o[1], o[2], kind)]
        # "Korean" says a nationality without the word: for a nationality, religion or language asked, a
        # name of that kind said to be one first ("American Sign Language"), else any.
        options = kinds_named or (options if _GROUP_ASKED.search(query.text) else [])
    if query.wants == "place" or (query.wants == "number" and not any(o[0][0] == 0 for o in options)):
        # "Elderslie Village Hall in Renfrewshire" says more than "Renfrewshire" alone; "how big was the
        # attack?", which names nothing counted, is "574 drones and 40 missiles", not "40 missiles".
        options = [o for o in options
                   if not any(p[1] <= o[1] and o[2] <= p[2] and p[1:] != o[1:] for p in options)]
    if query.wants == "number" and _SCORE_ASKED.search(query.text):
        # "what was the score when they played?" is answered by a scoreline ("2-0"), not "the bottom three".
        options = [o for o in options if _SCORELINE.search(quote, max(o[1] - 3, 0), o[2] + 4)]
    if query.wants in ("date", "number") and _asks_future(query):
        # "when's the next storm supposed to hit?" is not answered by the day the last one hit.
        options = [o for o in options if not _told_in_past(doc, o[1])]
    if roles:
        options = [((not any(_starts_at(quote, a, s, e) for a in roles), *key), s, e)
                   for key, s, e in options]
        if query.wants in ("person", "org"):
            # "Russia and China would play a role": both names in the role answer, not the nearer one.
            options = [o for o in options if not any(
                p[1] <= o[1] and o[2] <= p[2] and p[1:] != o[1:] and not p[0][0] and not o[0][0]
                for p in options)]
    if query.wants in ("person", "org") and roles and not options and not _WHO_IS.match(query.text):
        # "Who objected to Tetzel's collections?" → "Luther", a name the tagger did not read: with no name
        # of any kind asked for, the phrase where the question's "who" would stand (not "who is X?").
        return _phrase_in_role(doc, quote, roles, words_at, asked, whole_name=True)
    if query.wants == "place" and roles and _WHERE.search(query.text) and (not options or (
            _STRUCK_WHERE.search(query.text) and all(o[0][0] for o in options))):
        # "Where do plenary meetings take place?" → "the debating chamber": with no name of a place in the
        # quote, the phrase after the verb's preposition answers, unless it tells a time ("on Tuesday") or
        # is part of a preposition ("in regard to").
        timed = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]

        def keep(start: int, end: int) -> bool:
            return not any(first < end and start < last for first, last in timed) \
                and not _PART_OF_PREPOSITION.match(quote, start)

        return _phrase_in_role(doc, quote, roles, words_at, asked, keep=keep)
    if query.wants == "date" and (near := after_question_verb(query, doc)):
        # "What year did Charles Avison die?": "born … in 1709 and died there in 1770" tells it after
        # "died"; among as many of the question's words around (rank, named, support, distance).
        options = [((*key[:3], token_at(doc, s) not in near, *key[3:]), s, e) for key, s, e in options]
    best = _best(options)
    # Preferences: the best option that has it, else the best.
    if query.wants == "number" and (asked_units := _units(query.text)):
        # "how many miles ...?" is answered in miles: "1,600 miles", not the "(2,600 km)" after it.
        best = _best([o for o in options if _units(
            quote[o[1]:o[2]] + " " + _NEXT_WORD.match(quote, o[2]).group(1)) & asked_units], best)
    if query.wants == "number" and (side := _SIDE_ASKED.search(query.text)):
        # "how far clear of the drop zone would a win put them?" is answered by "five points clear", not
        # the "three" of "three points behind": the figure that the question's own word follows, with it.
        beside = [(key, start, end + found.end()) for key, start, end in options
                  if (found := re.match(rf"(?:\s+[\w-]+){{0,2}}\s+{side.group(1)}\b", quote[end:], re.I))]
        best = _best(beside, best)
    if query.wants == "date":
        # "When was Martin Luther born?" is answered by "10 November 1483", not "the feast day": a date
        # that names a year, century, month or day first.
        best = _best([o for o in options if _SPECIFIC_DATE.search(quote[o[1]:o[2]])], best)
    if query.wants == "date" and _YEAR_ASKED.search(query.text):
        # "in what year ...?" is answered by a year: "2005", not "one hundred years" or "Saturday".
        best = _best([o for o in options if _YEAR.search(quote[o[1]:o[2]])], best)
    if query.wants == "date" and _TIME_ASKED.search(query.text):
        # "what hours does he have to stay home?" is answered by a time of day, not "16-week".
        times = {(e.start_char, e.end_char) for e in entities if e.label_ == "TIME"}
        best = _best([o for o in options if (o[1], o[2]) in times], best)
    if query.wants in ("number", "date", "age", "duration", "rank"):
        # A fact box ("Test matches: 133 Highest score: 190") gives each figure after its label and a colon
        # (a name after one is most often a gloss: "Mongolian: Yehe Yuan Ulus").
        best = _best([o for o in options if _labelled(quote, o[1], asked)], best)
    if query.wants in ("person", "org", "place", "name") and asks_for_several(query.text):
        # "which countries want to send troops?" is answered by the list ("France, Britain, and Estonia"),
        # not by the one name nearest the question's words ("Ukraine").
        best = _best([o for o in options if _in_a_list(quote, o, options)], best)
    if query.wants == "date" and best is not None:
        best = _whole_range(quote, entities, best)
    if query.wants == "date" and best is not None and _MONTH_ASKED.search(query.text):
        month = _MONTH_WORD.search(quote, best[1], best[2])
        after = None if month else _MONTH_AFTER.match(quote, best[2])
        if month or after:
            best = (best[0], *(month.span() if month else after.span(1)))
    if query.wants == "date" and best is not None and _WEEKDAY.fullmatch(quote[best[1]:best[2]]) \
            and not re.search(r"\bday\b", query.text, re.I):
        # "Saturday" says less than "April 9" beside it: the day of the month names the date ("what day of
        # the week?" asks for the weekday).
        best = _best([o for o in options if _MONTH_DAY.search(quote[o[1]:o[2]])], best)
    return best


_GROUPS = frozenset("council authority team committee board government parliament police army court jury "
                    "congress senate church".split())


def _people(doc, start: int, end: int, asked: set[str]) -> bool:
    """Whether quote[start:end] names people: its noun is a plural ("the upper classes", "MSPs"), a person
    ("the protesters") or a group of people ("the town council"); not a place's name ("Carolina"), nor the
    question's own noun ("the film" of "who starred in the film?")."""
    head = doc.char_span(start, end, alignment_mode="expand")
    if head is None or any(e.start_char <= start and end <= e.end_char + 1
                           and e.label_ in ("GPE", "LOC", "NORP") for e in doc.ents):
        return False
    noun = head[-1]
    return noun.lower_ not in asked and (
        noun.tag_ in ("NNS", "NNPS") or noun.lower_ in PERSON_NOUNS | _GROUPS)


_LABEL = re.compile(r"(?:^|\b)((?:[A-Za-z]+ ){0,2}[A-Za-z]+): ?$")


def _labelled(quote: str, start: int, asked: set[str]) -> bool:
    """Whether the span at ``start`` follows a label of the question's words and a colon ("Highest score:
    190" to "what's his highest score?")."""
    label = _LABEL.search(quote, max(start - 40, 0), start)
    return label is not None and bool(set(WORD.findall(label.group(1).lower())) & asked - STOPWORDS)


def _best(options: list, default=None):
    """The option with the smallest sort key (the first of equals); ``default`` when there is none."""
    return min(options, key=lambda o: o[0], default=default)


_NAME = r"(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’.&-]*)*"
_NAME_LIST = re.compile(rf"(?:,\s+{_NAME})*,?\s+(?:and|&)\s+{_NAME}")
_NAME_LIST_BEFORE = re.compile(rf"(?<![\w'’.&-]){_NAME}(?:,\s+{_NAME})*,?\s+(?:and|&)\s+$")


def _before_a_name(query: Query, quote: str, words_at, asked: set[str], best):
    """What comes before the name (or no name) ``best`` found: for "which theorem ...?", the phrase headed
    by "theorem" that says which one ("Vinogradov's theorem") when no name is said to be a theorem; for
    "who ...?", people where the question's verb puts "who" ("Who did the peasants think Luther would
    support an attack on?" → "the upper classes"), not for "who is the coach?"."""
    kind = _thing_kind(query) if query.wants == "name" else []
    if kind and not kind[-1] & _VAGUE_KINDS and (
            best is None or not _names_kind(quote, best[1], best[2], kind)):
        return kind_phrase(quote, words_at, asked, kind) or best
    if query.wants == "person" and best is not None and not asks_for_a_persons_name(query.text):
        role = role_phrase(query, quote, words_at, asked, copula=False)
        if role is not None and not (role[1] < best[2] and best[1] < role[2]) \
                and _people(tagged(quote), role[1], role[2], asked):
            return role
    return best


def _in_a_list(quote: str, option, options: list) -> bool:
    """Whether the option is one of a list of names that holds another option of the kind asked ("France,
    Britain, and Estonia"; not "In India, and Bangladesh" for a person)."""
    _, start, end = option
    first, last = _listed(quote, start, end)
    return any(first <= s and e <= last and (s, e) != (start, end) for _, s, e in options)


def _listed(quote: str, start: int, end: int) -> tuple[int, int]:
    """quote[start:end] with the rest of the list of names it is in: "the Universities of Sheffield and
    Sussex", "WZZM and WOTV" (from "Sussex" too)."""
    after = _NAME_LIST.match(quote, end)
    if after:
        cut = _SENTENCE_END.search(quote, end, after.end())  # "Waterford and Youghal. Smaller settlements"
        return start, cut.start() if cut else after.end()
    before = _NAME_LIST_BEFORE.search(quote[:start])
    return (before.start() if before else start), end


# "what did Luther translate?": a question for the phrase where "what" would stand, when no name answers.
_HOW = re.compile(rf"{OPENER}how\b", re.I)
_WHAT = re.compile(rf"{OPENER}what\b|.*\bwhat\b", re.I)


def _names_with_s(quote: str, end: int, text: str) -> bool:
    """Whether the span's closing "'s" is part of a name ("Christie's sold", "at Sotheby's."), not a
    possessive ("Obama's idea"): no noun phrase follows it."""
    if not re.search(r"['’]s$", text):
        return False
    after = next((t for t in tagged(quote) if t.idx >= end and not t.is_space), None)
    return after is None or after.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ")


def _kind_then_name(quote: str, kinds: frozenset[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the name in apposition after the kind of thing asked about: "his own ad
    agency, Freberg Ltd" for "what was his ad agency called?"; None when the quote has none."""
    for kind in sorted(kinds - _VAGUE_KINDS):
        match = re.search(rf"\b{re.escape(kind)}(?:s|es)?, ((?:[A-Z][\w'’&.-]*)(?: [A-Z][\w'’&.-]*)*)", quote)
        if match:
            cut = _SENTENCE_END.search(match.group(1))  # "Freberg Ltd. His slogan": the next sentence
            return (0,), match.start(1), match.start(1) + cut.start() if cut else match.end(1)
        # "in Business Connect, the Super Bowl program for local businesses": the kind in apposition after.
        match = re.search(rf"(?<![\w'’-])((?!(?:The|A|An|In|On|At|For|And|But)\b)[A-Z][\w'’&.-]*"
                          rf"(?: [A-Z][\w'’&.-]*)*), (?:the|a|an|its|his|her|their) (?:[\w-]+ ){{0,3}}"
                          rf"{re.escape(kind)}\b", quote)
        if match:
            return (0,), match.start(1), match.end(1)
    return None


# "the Associated Press that Beyoncé ...", "Henry III of Castile": words the tagger ran a name into.
_TRAILING_SMALL_WORDS = re.compile(r"(?<=\w)(?:\s+(?:that|which|who|whom|whose|on|at|of|in|for|to|by|with|"
                                   r"from|the|a|an|and|or))+$")


def short_answer(query: Query, citation: Citation) -> Span | None:
    labels = _labels(query)
    plain = plain_wh(query.text)  # "wat were they on their way to see?" asks what, as "whats" does
    what = query.wants in (None, "thing") and bool(_WHAT.match(plain))
    how = query.wants is None and bool(_HOW.match(plain))
    quote = citation.quote
    # "what does AFC stand for?", "what does Pax Mongolica mean?"
    expanded = acronym_phrase(query.text, quote) or gloss_phrase(query.text, quote)
    if not labels and query.wants not in _UNLABELLED and not what and not how and expanded is None:
        return None
    asked = question_words(query)
    # Plain letters, as the question's words are ("Ogedei" is the quote's "Ögedei"); same offsets.
    words_at = [(m.start(), word) for m in WORD.finditer(fold(quote).lower()) if (word := m.group(0)) in asked
                and (len(word) > 2 or word.isdigit()) and word not in STOPWORDS]
    if expanded is not None:
        best = expanded
    elif query.wants == "description":
        # "who is Andy Hunder?" wants what he is ("head of the American Chamber of Commerce"), never a name;
        # else the title before his name ("Russia's Foreign Minister Sergei Lavrov").
        best = role_phrase(query, quote, words_at, asked) or title_phrase(query, quote)
    elif (title := title_phrase(query, quote)) is not None:
        best = title  # "what position does Von Miller play?" → "linebacker"
    elif (numbered := numbered_phrase(query.text, quote, words_at)) is not None:
        best = numbered  # "which Super Bowl ...?" → "Super Bowl XXXIII"
    elif HOW_OFTEN_ASKED.search(query.text):
        best = frequency_phrase(quote, words_at, asked)  # "how often?" → "half-hourly", "about 20 times"
    elif COLOUR_ASKED.search(query.text) and query.wants in (None, "thing", "name", "sort"):
        best = colour_phrase(quote, words_at, asked)  # "what colour were they painted?" → "bright yellow"
    elif SERVICE_RANK_ASKED.search(query.text) and query.wants in (None, "thing"):
        best = service_rank(quote, words_at)  # "what rank does he hold in the army?" → "Lt Colonel"
    elif query.wants == "yes/no":
        best = negated_phrase(query, quote, words_at) or comparison_phrase(query, quote, asked) \
            or yes_no_clause(query, quote, asked)
    elif query.wants == "ailment":
        best = ailment_phrase(quote, words_at)  # "what injury did Manning suffer?" → "plantar fasciitis"
    elif query.wants == "odds":
        best = odds_phrase(quote, words_at)  # "what odds are ladbrokes giving on sam?" → "20/1"
    elif asks_of_the_law(query.text) == "offence":
        best = offence_phrase(query.text, quote)  # "what's he accused of?" → "rape, a first-degree felony"
    elif query.wants == "reason":
        best = reason_clause(quote, words_at)
    elif query.wants == "sort":
        best = sort_phrase(query, quote, words_at, asked)
    elif query.wants == "any":
        best = affected_phrase(query, quote, words_at, asked)
    elif query.wants == "called":
        best = called_phrase(quote, words_at, asked) or other_name(query.text, quote) \
            or _kind_then_name(quote, kind_words(query.text)) \
            or quoted_phrase(quote, words_at, asked)  # "denounced as a "racket""
    else:
        # "what is the ship called?" wants a name: what the quote calls it first, else a name ("TARDIS").
        called = query.wants == "name" and asks_what_it_is_called(query.text)
        best = (called_phrase(quote, words_at, asked) if called else None) or (_entity_span(
            query, quote, labels, words_at, asked) if labels else None)
        best = _before_a_name(query, quote, words_at, asked, best)
    if best is None and what:  # "a proud history of theatre"
        best = deed_phrase(query, quote, words_at, asked) or role_phrase(query, quote, words_at, asked) \
            or stranded_object(query, quote, words_at, asked)
    if best is None and how:
        best = manner_phrase(query, quote, words_at, asked)
    if best is None and query.wants == "thing":
        best = kind_phrase(quote, words_at, asked, _thing_kind(query))
    if best is None and what:  # no rule reads it: the learned chooser, on a question that copies the quote
        best = scored_phrase(query.text, asked, quote)
    if best is None:
        return None
    _, start, end = best
    if labels and asks_for_many(query.text):
        start, end = _listed(quote, start, end)
    if start > 0 and quote[start - 1] in _CURRENCY_BEFORE:
        start -= 1  # "£85", not "85"
    grown = _MAGNITUDE_AFTER.match(quote[end:])
    if grown and query.wants in ("number", "duration"):
        end += len(grown.group(1))
    rate = _RATE_AFTER.match(quote, end)
    if rate and query.wants == "number" and not re.search(rf"\b{rate.group(1)}\b", query.text, re.I):
        end = rate.end()  # "£7 an hour": what she earns is a rate, unless the question says per what
    for opening, closing in ("()", "[]"):
        # "the Gaussian integers Z[i]", not "Z[i"; "the National Football Conference", not "... Conference (".
        if quote[start:end].count(opening) > quote[start:end].count(closing):
            if quote[end:end + 1] == closing:
                end += 1
            else:
                end = start + quote[start:end].rindex(opening)
    # "Nicola Sturgeon", not "Nicola Sturgeon's"; but "Christie's sold ...": an "'s" that no noun follows
    # ends a name.
    text = quote[start:end]
    if not _names_with_s(quote, end, text):
        text = re.sub(r"['’]s$", "", text)
    text = text.strip(" ,.;:'\"“”‘’")
    text = _TRAILING_SMALL_WORDS.sub("", text)
    if not text:
        return None
    start = quote.index(text, start)
    if _INITIALS.search(text) and quote[start + len(text):start + len(text) + 1] == ".":
        text += "."  # "U.S.", not "U.S"
    return Span(text, citation.start + start, citation.start + start + len(text))
