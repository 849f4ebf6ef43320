"""Sentence boundaries with character offsets, so every quote can be cut verbatim from the article."""

from __future__ import annotations

import re

# Lower-cased tokens (without their final dot) after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep pres rev hon
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vol pp fig approx est dept univ inc corp
    ltd co bros vs e.g i.e cf al""".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


def _ends_sentence(text: str, dot_pos: int) -> bool:
    if text[dot_pos] != ".":
        return True
    # Only the word before the dot matters; searching from 0 made parsing quadratic in article length.
    match = _TOKEN_BEFORE.search(text, max(0, dot_pos - 64), dot_pos)
    if not match:
        return True
    token = match.group(1).lstrip("\"'“‘([").lower()
    if token in ABBREVIATIONS:
        return False
    # Initials and dotted acronyms: "J. Smith", "U.S. officials" (but "the U.S." at the end of a
    # sentence is then not split: a missed split only makes a quote longer, never wrong).
    if len(token) == 1 and token.isalpha():
        return False
    return not re.fullmatch(r"(?:[a-z]\.)+[a-z]", token)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Returns (start, end) spans of the sentences in ``text[start:end]``, trimmed of white space."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if not _ends_sentence(text, match.start()):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed
