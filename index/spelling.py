"""Typo tolerance: a question word the corpus never uses, and that is no English word, is replaced by the
corpus word one edit away ("missles" → "missiles"), else by the common English word one edit away
("injred" → "injured", which BM25 then stems as the article's "injuring"). SymSpell (symspellpy, MIT) with
the corpus vocabulary as its dictionary; its bundled English frequency list says which words are real
English and left alone, and gives the common words.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from index.letters import fold

_WORD = re.compile(r"[a-z]+")
MIN_LENGTH = 5  # shorter words have too many neighbours one edit away to correct safely
# The English words a typo may have meant: 21,173 words of 4 letters or more, 21 MB, 0.1 s to load. With
# every word counted 100,000 times or more (52,704), more typos found a wrong neighbour (news_qa tuning and
# dev paraphrases with one typo: 25 right answers lost against 22).
COMMON_COUNT = 1_000_000


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    with path.open(encoding="utf-8") as handle:
        return frozenset(line.split(" ", 1)[0] for line in handle)


@lru_cache(maxsize=1)
def common_words():
    """SymSpell over the English words common enough to be what a typo meant (COMMON_COUNT)."""
    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split(" ", 1)
            if int(count) >= COMMON_COUNT and len(word) >= MIN_LENGTH - 1:
                speller.create_dictionary_entry(word, int(count))
    return speller


class Speller:
    def __init__(self, texts: list[str], known: frozenset[str] = frozenset()) -> None:
        from symspellpy import SymSpell

        counts = Counter(w for text in texts for w in _WORD.findall(fold(text).lower())
                         if len(w) >= MIN_LENGTH - 1)
        self.vocabulary = counts
        self.english = english_words() | known
        self.symspell = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
        for word, count in counts.items():
            self.symspell.create_dictionary_entry(word, count)
        self.cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.vocabulary or word in self.english:
            return word
        found = self.cache.get(word)
        if found is None:
            from symspellpy import Verbosity

            suggestions = self.symspell.lookup(word, Verbosity.TOP, max_edit_distance=1)
            if not suggestions:
                suggestions = common_words().lookup(word, Verbosity.TOP, max_edit_distance=1)
            found = self.cache[word] = suggestions[0].term if suggestions else word
        return found
