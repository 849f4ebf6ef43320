"""A learned chooser for the short answer of a "what" question that no reading rule answers ("What did
European chemists make that could be used in warfare?" → "new explosives"): every noun phrase of the quote
is a candidate, described by a few dozen features (its words' overlap with the question, the question's
words on either side of it, its part of speech and label against the wh-word, the words that open and close
it), and scored by a log-linear model over the quote's candidates. The model is fitted on the SQuAD tuning
half by ``python -m benchmarks.fit_spans`` into ``index/data/span-weights.json``; the best candidate is the
short answer only when the quote holds most of the question's own words (``COVERED_AT``), the model gives it
at least ``SHOW_AT`` of its probability, and the question does not ask what someone said. No parser: the
tagger's parts of speech and entities are all it reads (see ``index/tagger.py``; the parser's dependency
paths as features gained nothing, see the README's Tuning table).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from index.letters import fold
from index.phrases import CLAUSE_VERBS, WORD, opens_phrase, phrase_from, says_more, with_conjuncts
from index.stopwords import STOPWORDS
from index.tagger import question_doc, tagged

WEIGHTS = Path(__file__).parent / "data" / "span-weights.json"
# The best candidate's share of the model's probability at which it is shown, and the share of the question's
# words the quote must hold: the model learnt from SQuAD, whose questions copy the passage's words, and on a
# paraphrase it is sure and wrong ("what does his lawyer reckon is behind all the offending?" → "Liam
# O'Donnell", 0.58, with a quarter of the question's words in the quote). Chosen by article-split
# cross-validation on the SQuAD tuning half and on news_qa tuning (see benchmarks/fit_spans.py, README): 0.6
# and 0.4 did better out of fold, but "what movie gave them the idea?" then took "Adam Sandler" out of "an
# Adam Sandler movie".
SHOW_AT = 0.3
COVERED_AT = 0.7

_WH = re.compile(r"\b(how many|how much|how long|how old|how|what|which|who|whom|whose|when|where|why)\b",
                 re.I)


def wh_word(text: str) -> str:
    found = _WH.search(text)
    return found.group(1).lower() if found else "other"


def candidates(doc) -> list[tuple[int, int]]:
    """(first, stop) token ranges: the noun phrase that starts at each word that can open one, the same
    cut before its "of", with the list it heads, and the tagger's entities."""
    found = set()
    for token in doc:
        if not opens_phrase(token):
            continue
        phrase = phrase_from(doc, token.i)
        if phrase is None:
            continue
        first, stop = phrase
        found.add(phrase)
        of = next((k for k in range(first + 1, stop) if doc[k].lower_ == "of"), None)
        if of is not None and any(doc[j].pos_ in ("NOUN", "PROPN") for j in range(first, of)):
            found.add((first, of))  # "a sequence" of "a sequence of mission types"
        listed = with_conjuncts(doc, first, stop)
        if listed > stop:
            found.add((first, listed))
    found.update((ent.start, ent.end) for ent in doc.ents)
    return sorted(found)


def _bucket(x: float, edges: tuple) -> str:
    return str(next((i for i, edge in enumerate(edges) if x <= edge), len(edges)))


def _kind_noun(text: str) -> str | None:
    """The noun a "what/which" names: "instrument" of "What instrument became ...", "creature" of "What
    type of creature"... (the last of a run of nouns)."""
    words = list(question_doc(text))
    for i, token in enumerate(words):
        if token.lower_ in ("what", "which"):
            j = i + 1
            while j < len(words) and words[j].pos_ == "ADJ":
                j += 1
            if j < len(words) and words[j].pos_ == "NOUN":
                while j + 1 < len(words) and words[j + 1].pos_ == "NOUN":
                    j += 1
                return words[j].lower_
            return None
    return None


def features(text: str, asked: set[str], quote: str) -> list[tuple[tuple[int, int], dict[str, float]]]:
    """((start, end) characters, features) of every candidate in ``quote`` for the question ``text``
    whose words are ``asked``."""
    doc = tagged(quote)
    wh = wh_word(text)
    kind = _kind_noun(text)
    kinds = {kind, kind.rstrip("s")} if kind else set()
    said = [t for t in question_doc(text) if not t.is_punct]
    ends_on = said[-1].lower_ if said and said[-1].pos_ == "ADP" else None  # "... the start of?"
    ends_what = bool(said) and said[-1].lower_ == "what"  # "... an international what?"
    lower = [fold(t.text).lower() for t in doc]
    is_asked = [w in asked and w not in STOPWORDS for w in lower]
    asked_at = [i for i, a in enumerate(is_asked) if a]
    label = {i: ent.label_ for ent in doc.ents for i in range(ent.start, ent.end)}
    spans = candidates(doc)
    out = []
    for s, e in spans:
        if not says_more(doc[s:e].text, asked):
            continue  # "Many other crops" for "What crops were introduced?": the question's own words
        f: dict[str, float] = {}
        head, prev, after = doc[e - 1], doc[s - 1] if s else None, doc[e] if e < len(doc) else None
        content = [i for i in range(s, e) if not doc[i].is_stop and not doc[i].is_punct]
        overlap = sum(is_asked[i] for i in content) / max(len(content), 1)
        f["ov=" + _bucket(overlap, (0, 0.34, 0.67, 0.99))] = 1
        f[wh + "|ov=" + _bucket(overlap, (0, 0.5, 0.99))] = 1
        f[wh + "|hpos=" + head.pos_] = 1
        f[wh + "|htag=" + head.tag_] = 1
        f[wh + "|ent=" + label.get(e - 1, "none")] = 1
        f["ent=" + label.get(e - 1, "none")] = 1
        f[wh + "|len=" + _bucket(e - s, (1, 2, 3, 5, 8))] = 1
        f["len=" + _bucket(e - s, (1, 2, 3, 5, 8))] = 1
        near = {lower[i] for i in asked_at if s - 10 <= i < s or e <= i < e + 10}
        f["near=" + _bucket(len(near), (0, 1, 2, 3, 4, 6))] = 1
        left = min((s - i for i in asked_at if i < s), default=99)
        right = min((i - e + 1 for i in asked_at if i >= e), default=99)
        f["dl=" + _bucket(left, (1, 2, 3, 5, 8, 15))] = 1
        f["dr=" + _bucket(right, (1, 2, 3, 5, 8, 15))] = 1
        f["dmin=" + _bucket(min(left, right), (1, 2, 3, 5, 8, 15))] = 1
        f["nleft=" + _bucket(len({lower[i] for i in asked_at if i < s}), (0, 1, 2, 4))] = 1
        f["nright=" + _bucket(len({lower[i] for i in asked_at if i >= e}), (0, 1, 2, 4))] = 1
        if prev is None:
            f["prev=<s>"] = 1
        else:
            f["prev=" + (prev.lower_ if prev.is_stop or prev.is_punct else prev.pos_)] = 1
            if is_asked[s - 1]:
                f["prev_asked"] = 1
                f["prev_asked_" + prev.pos_] = 1
            if prev.lower_ == ends_on:
                f["prev=qprep"] = 1
        if after is None:
            f["next=</s>"] = 1
        else:
            f["next=" + (after.lower_ if after.is_stop or after.is_punct else after.pos_)] = 1
            if is_asked[e]:
                f["next_asked"] = 1
                f["next_asked_" + after.pos_] = 1
        if kinds:
            f["haskind"] = 1
            if any(lower[i] in kinds or lower[i].rstrip("s") in kinds for i in range(s, e)):
                f["kind_in"] = 1
            if any(0 <= i < len(doc) and lower[i].rstrip("s") in kinds for i in (s - 1, s - 2, e, e + 1)):
                f["kind_adj"] = 1
            f["kind|hpos=" + head.pos_] = 1
        if ends_what:
            f["endswhat|prev=" + (prev.lower_ if prev is not None and prev.is_stop else "x")] = 1
        capitalised = all(t.text[:1].isupper() for t in doc[s:e] if t.pos_ in ("NOUN", "PROPN", "ADJ"))
        f[wh + "|cap=" + str(capitalised)] = 1
        if any(t.like_num for t in doc[s:e]):
            f[wh + "|num"] = 1
        if s == 0:
            f["first"] = 1
        if prev is not None and prev.text == "(":
            f["inparen"] = 1
        if prev is not None and prev.text in ('"', "“", "'"):
            f["inquote"] = 1
        if any(t.text == "," for t in doc[s:e]):
            f["comma"] = 1
        if prev is not None and prev.pos_ in ("VERB", "AUX"):
            f[wh + "|after_verb"] = 1
            if is_asked[s - 1]:
                f["after_asked_verb"] = 1
        if after is not None and after.pos_ in ("VERB", "AUX"):
            f[wh + "|before_verb"] = 1
        # The question's words around the span, by part of speech and side: "chemists made [explosives]".
        for i in asked_at:
            if s - 12 <= i < s:
                f[f"m_{doc[i].pos_}_L"] = 1
            elif e <= i < e + 12:
                f[f"m_{doc[i].pos_}_R"] = 1
        nearest = min((i for i in asked_at if not s <= i < e), key=lambda i: s - i if i < s else i - e + 1,
                      default=None)
        if nearest is not None:
            f[f"nearest={doc[nearest].pos_}_{'L' if nearest < s else 'R'}"] = 1
            between = doc[nearest:s] if nearest < s else doc[e:nearest]
            f["commas=" + _bucket(sum(t.text in ",;:" for t in between), (0, 1))] = 1
            verbs = sum(t.pos_ == "VERB" and not is_asked[t.i] for t in between)
            f["verbs_between=" + _bucket(verbs, (0, 1))] = 1
        maximal = not any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans)
        f["maximal=" + str(maximal)] = 1
        f[wh + "|maximal=" + str(maximal)] = 1
        out.append(((doc[s:e].start_char, doc[s:e].end_char), f))
    return out


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


def probabilities(described: list[dict[str, float]], model: dict[str, float]) -> list[float]:
    """The model's probability for each of a quote's candidates, described by their features (a softmax
    over the quote): what serving and benchmarks.fit_spans's cross-validation both read."""
    scores = [sum(model.get(k, 0.0) * v for k, v in f.items()) for f in described]
    top = max(scores)
    shares = [math.exp(score - top) for score in scores]
    total = sum(shares)
    return [share / total for share in shares]


def scored(text: str, asked: set[str], quote: str) -> list[tuple[float, int, int]]:
    """[(probability, start, end)] of every candidate, best first."""
    found = features(text, asked, quote)
    if not found:
        return []
    shares = probabilities([f for _, f in found], weights())
    return sorted(((p, *span) for p, (span, _) in zip(shares, found, strict=True)), reverse=True)


def covered(text: str, quote: str) -> float:
    """The share of the question's own words (no stopwords, no word of two letters) that the quote holds
    as the question spells them. Counting other forms too ("plan" in "plans") let "what's this about
    greece having a backup currency plan?" through, to a wrong "domestic bills" (news_qa tuning), for
    +0.2 SQuAD points."""
    said = {w for w in WORD.findall(fold(text).lower()) if w not in STOPWORDS and len(w) > 2}
    held = set(WORD.findall(fold(quote).lower()))
    return len(said & held) / len(said) if said else 0.0


def asks_for_a_clause(text: str) -> bool:
    """"what did the American Chamber of Commerce say?": what is said or thought is a clause, which no noun
    phrase answers (the model took "Ukraine" out of the seed article's sentence)."""
    return bool(set(WORD.findall(text.lower())) & CLAUSE_VERBS)


def scored_phrase(text: str, asked: set[str], quote: str) -> tuple[tuple, int, int] | None:
    """(sort key, start, end) of the model's best candidate when the quote holds at least COVERED_AT of
    the question's words and the candidate at least SHOW_AT of the probability; None otherwise, and for a
    question about what was said."""
    if asks_for_a_clause(text) or covered(text, quote) < COVERED_AT:
        return None
    ranked = scored(text, asked, quote)
    if not ranked or ranked[0][0] < SHOW_AT:
        return None
    probability, start, end = ranked[0]
    return (-probability,), start, end
