"""The grounding check: a written answer is shown only sentence by sentence as far as its quotes carry it.

A sentence is kept when
- it cites at least one quote with a marker [n] (also [n, m] and [n][m]),
- every marker names a quote that was given to the model, and
- every number and every capitalised word (names, places, months, acronyms) in it appears in one of the
  quotes it cites, after simple normalisation: case, thousands separators, trailing punctuation,
  possessive 's, dots inside acronyms, month abbreviations ("574," = "574", "1,200" = "1200",
  "U.S." = "US", "Feb. 24" = "February 24").
Everything else is dropped. Number words are not read ("five hundred seventy-four" is not a number here),
and a claim made only with lower-case words ("rose", "fell", "denied") is not checked: the check keeps
the facts a reader can verify against the quote, it does not understand the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from index.stopwords import STOPWORDS
from index.types import AnswerSentence, Citation

_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")
# A sentence ends at . ! ? (with any closing quotes or brackets, then any markers) before white space,
# or at a line break: models write lists one item a line.
_END = re.compile(r"""[.!?…]+["'”’)]*(?:\s*\[[\d\s,;–-]+\][.!?]?)*(?=\s)|\n+""")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|No|vs|etc|Inc|Ltd|Co"
    r"|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e|U\.S|U\.K|U\.N))\.$"
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_](?:[\w’']*[^\W_])?(?:\.[^\W\d_])*\.?")
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)
# Words that open a sentence with a capital only because they open it (stopwords are never facts).
_OPENERS = frozenset("""according additionally although despite earlier finally following furthermore
    however instead later meanwhile moreover officials overall several since still though unlike yes
    quote quotes""".split())
# Honorifics carry no fact of their own; the name after them is checked.
_HONORIFICS = frozenset("mr mrs ms dr prof sir".split())
_REFUSALS = (
    "quotes do not answer", "quotes don't answer", "not in the quotes", "not in the articles",
    "i don't know", "i do not know", "cannot answer", "can't answer", "unable to answer",
    "no information", "not enough information", "do not say", "does not say", "don't say",
    "do not mention", "does not mention", "not mentioned", "not specified",
)


def strip_reasoning(text: str) -> str:
    """Drops a <think>…</think> block that reasoning models (served by Ollama, vLLM) put before the answer."""
    return _THINK.sub("", text).strip()


def split_sentences(text: str) -> list[str]:
    pieces, start = [], 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _ABBREVIATION.search(text[start : match.start() + 1]):
            continue
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    sentences: list[str] = []
    for piece in (" ".join(p.split()) for p in pieces):
        if sentences and not re.sub(r"[\W_]|\d", "", _MARKER.sub("", piece)) and _MARKER.search(piece):
            sentences[-1] += " " + piece  # markers that ended up after the sentence's end belong to it
        elif piece:
            sentences.append(piece)
    return sentences


def markers(sentence: str) -> tuple[int, ...]:
    """The quote numbers a sentence cites, in order: [1], [1, 2], [1][2], [1-3]."""
    numbers: list[int] = []
    for match in _MARKER.finditer(sentence):
        for part in re.split(r"[,;]", match.group(1)):
            bounds = [int(x) for x in re.split(r"[–-]", part) if x.strip()]
            if len(bounds) == 2 and 0 < bounds[1] - bounds[0] < 10:
                numbers.extend(range(bounds[0], bounds[1] + 1))
            else:
                numbers.extend(bounds)
    return tuple(dict.fromkeys(numbers))


def _number(token: str) -> str:
    token = token.replace(",", "")
    if token.isdigit():
        return str(int(token))
    return token.rstrip("0").rstrip(".") if "." in token else token


_MONTHS = {m[:3]: m for m in "january february march april may june july august september october november "
           "december".split()} | {"sept": "september"}


def _word(token: str) -> str:
    token = token.replace("’", "'")
    if token.lower().endswith("'s"):
        token = token[:-2]
    word = token.replace(".", "").replace("'", "").casefold()
    return _MONTHS.get(word, word) if token.endswith(".") or len(word) <= 4 else word


@dataclass(frozen=True)
class Facts:
    numbers: frozenset[str]
    words: frozenset[str]


def quote_facts(text: str) -> Facts:
    return Facts(
        frozenset(_number(m.group()) for m in _NUMBER.finditer(text)),
        frozenset(_word(m.group()) for m in _WORD.finditer(text)),
    )


def claimed_facts(sentence: str) -> list[tuple[str, str, str]]:
    """(kind, as written, normalised) for every number and capitalised word the sentence asserts."""
    text = _MARKER.sub(" ", sentence)
    facts = [("number", m.group(), _number(m.group())) for m in _NUMBER.finditer(text)]
    for i, m in enumerate(_WORD.finditer(text)):
        word = m.group().rstrip(".") if not re.search(r"\.\w", m.group()) else m.group()
        if not word[0].isupper():
            continue
        normal = _word(word)
        acronym = len(word) > 1 and word.replace(".", "").isupper()  # "US" is a country, "us" a stopword
        if (normal in STOPWORDS and not acronym) or normal in _HONORIFICS or (i == 0 and normal in _OPENERS):
            continue
        facts.append(("name", word, normal))
    return facts


def check_sentence(sentence: str, quotes: Mapping[int, Facts]) -> AnswerSentence:
    cited = markers(sentence)
    if not cited:
        return AnswerSentence(sentence, (), False, "cites no quote")
    unknown = [n for n in cited if n not in quotes]
    if unknown:
        names = ", ".join(f"[{n}]" for n in unknown)
        verb = "was" if len(unknown) == 1 else "were"
        return AnswerSentence(sentence, cited, False, f"cites {names}, which {verb} not given")
    for kind, written, normal in claimed_facts(sentence):
        if not any(normal in (quotes[n].numbers if kind == "number" else quotes[n].words) for n in cited):
            where = "".join(f"[{n}]" for n in cited)
            return AnswerSentence(sentence, cited, False, f"“{written}” is not in {where}")
    return AnswerSentence(sentence, cited, True, None)


def is_refusal(text: str) -> bool:
    folded = " ".join(_MARKER.sub(" ", text).replace("’", "'").casefold().split())
    return any(phrase in folded for phrase in _REFUSALS)


class Checker:
    """Checks a written answer against the quotes it was given; reusable while the answer streams in."""

    def __init__(self, citations: Iterable[Citation]) -> None:
        self.quotes = {c.n: quote_facts(c.quote) for c in citations}

    def check(self, sentences: Iterable[str]) -> list[AnswerSentence]:
        return [check_sentence(s, self.quotes) for s in sentences]
