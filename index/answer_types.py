"""Answer types in text, found cheaply (regular expressions and capitalisation), for ranking: does a passage
hold the kind of thing the question wants ("how many" → a number, "who" → a name) that the question does
not already say? The short answer (index/short_answer.py) uses a real tagger on the one chosen quote.
"""

from __future__ import annotations

import re

from index.countries import is_country
from index.letters import fold
from index.question import FREE_FORM

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|"
    "thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|half|quarter|twice|"
    "double|triple|single|several|score"
)
NUMBER = re.compile(rf"\d|\b({_NUMBER_WORDS})\b", re.I)
# An obituary's "He was 88." and "dies at 88", and "at the age of 88", tell an age as well (each number a
# group, for the short answer's own age pattern).
TOLD_AGE = (r"\bage of (\d{1,3})\b|\b(?:died|dies|dead) at (\d{1,3})\b|"
            r"\b(?:he|she) (?:was|is) (\d{1,3})(?=\s*[.;]|\s+when\b)")
AGE = re.compile(r"\b\d{1,3}[- ]year[- ]old\b|\baged? \d{1,3}\b|\b\d{1,3} years old\b|, \d{1,3},|"
                 rf"{TOLD_AGE}|"
                 r"\(\d{1,3}\)|\b(teen|teenager|toddler|baby|infant|pensioner|octogenarian|"
                 r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-something)\b", re.I)
RANK = re.compile(r"\b\d+(st|nd|rd|th)\b|\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                  r"eleventh|twelfth|last|top|bottom|pole)\b", re.I)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
DATE = re.compile(
    rf"\b({_MONTHS})\.? \d|\b\d{{1,2}} ({_MONTHS})\b|\b({_DAYS})\b|\b(1[89]|20)\d\d\b|"
    r"\b(yesterday|today|tonight|tomorrow|last (week|month|year|night|summer|winter|spring|autumn|fall)|"
    r"next (week|month|year)|this (week|month|year|morning|afternoon|evening)|ago|morning|afternoon|"
    r"evening|midnight|noon|overnight|\d{1,2}(:\d\d)? ?(a\.?m|p\.?m)\.?|\d{1,2}:\d\d|"
    r"(early|late|mid)[- ](\d{4}s?|january|february|march|april|may|june|july|august|september|october|"
    r"november|december)|weeks?|months?|years?|decades?|days?|hours?|minutes?)\b",
    re.I,
)
# A bookmaker's odds: "20/1", "9-2 shot", "evens", "odds-on" (not "24/7" or "9/11").
ODDS = re.compile(r"(?<![\d/])(?!24/7\b)(?!9/11\b)\d{1,3}/\d{1,3}\b(?!/)|"
                  r"\b\d{1,3}-\d{1,3} (?:on|against|shot|favourites?|fav|chance|outsider)\b|"
                  r"\bevens\b|\beven money\b|\bodds-on\b", re.I)
# An injury or an illness by its name: "a torn ACL", "hamstring", "plantar fasciitis", "lung cancer" (not
# "injury" or "illness" alone, which names none).
AILMENT = re.compile(
    r"\b(?:fractur\w*|broken|break(?:s|ing)?|torn|tears?|ruptur\w*|sprain\w*|strain(?:s|ed)?|concussion|"
    r"dislocat\w*|bruis\w*|hamstring|groin|calf|knee|ankle|acl|cruciate|ligaments?|cartilage|menisc\w*|"
    r"achilles|shoulder|wrist|elbow|hip|neck|spine|spinal|skull|ribs?|collarbone|foot|toe|thigh|quad|"
    r"metatarsal|arms?|legs?|hand|finger|thumb|jaw|cheekbone|whiplash|wounds?|burns|laceration\w*|gash|"
    r"cancer|tumou?rs?|leuka?emia|lymphoma|melanoma|"
    r"stroke|heart attack|heart failure|cardiac arrest|dementia|alzheimer'?s|parkinson'?s|diabetes|"
    r"pneumonia|flu|influenza|virus|infections?|sepsis|hiv|aids|ebola|tuberculosis|malaria|measles|asthma|"
    r"epilepsy|depression|anxiety|autism|syndrome|disorder|disease|toxicity|seizures?|plague|smallpox|"
    r"typhus|cholera|polio|covid(?:-19)?|coronavirus|obesity|addiction|alcoholism|anorexia|schizophrenia|"
    r"bipolar|paralysis|palsy|sclerosis|meningitis|hepatitis|fever|migraine|abscess|\w+itis|\w+osis)\b",
    re.I)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z'’]+|[A-Z]{2,}|[A-Z]\.)(\s+([A-Z][a-z'’]+|[A-Z]{2,}|"
                          r"of|de|van|von|al|bin))*")
_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Sir|Lady|Lord|Prof|Professor|President|Senator|Sen|Rep|Judge|"
                    r"Justice|Officer|Sgt|Sergeant|Detective|Captain|Chief|Minister|Secretary|King|Queen|"
                    r"Prince|Princess|Pope|Rev|Father|Sister)\.? [A-Z]")
_PLACE_CUE = re.compile(r"\b(in|at|from|near|to|outside|inside|across|into|towards)\s+(the\s+)?[A-Z][a-z]")
_ORG_CUE = re.compile(r"\b[A-Z]{2,}\b|\b(Council|Committee|Party|Association|University|College|School|"
                      r"Company|Corporation|Inc|Ltd|Group|Agency|Department|Ministry|Office|Court|Club|"
                      r"United|City|Bank|Fund|Foundation|Institute|Centre|Center|Union|Federation|Board|"
                      r"Commission|Service|Police|Army|Force|Hospital|Times|News|Post|Journal)\b")


def _names(text: str, question_words: set[str]) -> list[str]:
    """Capitalised runs that are not just words of the question (a name the question already gives is
    no answer to it)."""
    found = []
    for match in _CAPITALISED.finditer(text):
        words = [w.lower().strip("'’.") for w in match.group(0).split()]
        if any(w not in question_words and len(w) > 1 for w in words):
            found.append(match.group(0))
    return found


def type_evidence(wants: str | None, text: str, question_words: set[str]) -> tuple[float, float]:
    """(found, missing): 1.0 in ``found`` when the passage holds the wanted type, 1.0 in ``missing``
    when the question wants a type the passage lacks; (0, 0) when the question wants no type."""
    if wants is None or wants in FREE_FORM:
        return 0.0, 0.0
    text = fold(text)  # "Beyoncé" is the question's "beyonce"
    if wants == "number":
        ok = bool(NUMBER.search(text))
    elif wants == "rank":
        ok = bool(RANK.search(text))
    elif wants == "duration":
        ok = bool(NUMBER.search(text)) or bool(DATE.search(text))
    elif wants == "age":
        ok = bool(AGE.search(text))
    elif wants == "odds":
        ok = bool(ODDS.search(text))
    elif wants == "ailment":
        ok = bool(AILMENT.search(text))
    elif wants == "date":
        ok = bool(DATE.search(text))
    elif wants == "person":
        ok = bool(_TITLE.search(text)) or any(len(n.split()) >= 2 or n.isupper() for n in _names(text, question_words))
        ok = ok or bool(_names(text, question_words))
    elif wants == "place":
        names = _names(text, question_words)
        # "Norway followed by Sweden": a country is a place without "in" or "at" before it.
        ok = bool(names) and (bool(_PLACE_CUE.search(text)) or any(is_country(n) for n in names))
    elif wants == "org":
        ok = bool(_ORG_CUE.search(text)) or bool(_names(text, question_words))
    else:  # "name": any proper name the question does not give
        ok = bool(_names(text, question_words))
    return (1.0, 0.0) if ok else (0.0, 1.0)


# What says that something is not so, or is kept from being so: "did not", "without", "refused", "instead".
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|nowhere|neither|nor|without|cannot|lack(?:s|ed|ing)?|"
    r"fail(?:s|ed|ing|ure)?|refus\w*|den(?:y|ies|ied|ial)|unable|absen(?:t|ce)|ban(?:s|ned)?|barred|"
    r"prevent\w*|avoid\w*|instead|rather|except|only|neglect\w*|ignor\w*|reject\w*|exclud\w*|omit\w*|"
    r"miss(?:ed|es|ing)?|away|unlike|besides|other than|disagree\w*|disapprov\w*|dislik\w*|dispute\w*|"
    r"oppos\w*|against|reluctan\w*|forb[ia]d\w*|prohibit\w*|halt\w*|ceas\w*|stop\w*|cancel\w*|"
    r"lost|loses?|losing|little|few|hardly|rarely|seldom|out|zero)\b|n't\b", re.I)


def says_negation(text: str) -> bool:
    """Whether a passage says that something is not so: only such a passage can answer a question about what
    is not ("Which country is not badly hit by the embargo?")."""
    return bool(_NEGATION.search(text.replace("’", "'")))


# An offence as charges and courts name it, and a penalty as a court gives it. Not "arrested", "shot" or
# "killed": a passage that tells what happened names no charge.
_OFFENCE = re.compile(
    r"\b(?:charge[ds]?|accused|accusations?|allegations?|convicted|convictions?|guilty|indicted|indictments?|"
    r"counts? of|offen[cs]es?|crimes?|criminal|murder\w*|manslaughter|homicide|rape[ds]?|raping|assault\w*|"
    r"battery|robbery|robberies|theft|thefts|stealing|burglary|fraud\w*|felon\w*|misdemeanou?rs?|kidnap\w*|"
    r"abduct\w*|traffick\w*|possession|smuggl\w*|arson|vandalism|harass\w*|stalking|terrorism|terrorist "
    r"offen[cs]es|conspiracy|conspiring|obstruct\w*|perjury|brib\w*|embezzl\w*|laundering|extortion|"
    r"blackmail|contempt|endangerment|abuse|molest\w*|pornography|indecen\w*|wounding|affray|treason|"
    r"espionage|forgery|trespass\w*|shoplifting|looting|loitering|false instrument|drink[- ]driving|"
    r"drunk[- ]driving|dangerous driving|careless driving|perverting|wasting police time)\b", re.I)
_PENALTY = re.compile(
    r"\b(?:sentence[ds]?|sentencing|jail\w*|prison\w*|imprison\w*|custody|custodial|behind bars|probation|"
    r"fined?|fines|penalt(?:y|ies)|punish\w*|death row|community service|parole|locked up|life term|"
    r"life in prison|(?:years?|months?) inside)\b", re.I)


def names_the_law(kind: str, text: str) -> bool:
    """Whether a passage names an offence (``kind`` "offence"), a penalty ("penalty") or either ("case"), for
    a question that asks of one (index.question.asks_of_the_law)."""
    if kind == "case":
        return bool(_OFFENCE.search(text) or _PENALTY.search(text))
    return bool((_OFFENCE if kind == "offence" else _PENALTY).search(text))
