"""Typo tolerance: a question word the corpus never uses, and that is no English word, is replaced by the
corpus word one edit away ("missles" → "missiles"), else by the common English word one edit away
("injred" → "injured", which BM25 then stems as the article's "injuring"). SymSpell (symspellpy, MIT) with
the corpus vocabulary as its dictionary; its bundled English frequency list says which words are real
English and left alone, and gives the common words. A four-letter word is corrected only to the article
word it lacks one letter of ("gols" → "goals", "sprs" → "spurs").
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from index.embedding import TOKENIZER_PATH
from index.letters import fold
from index.stopwords import STOPWORDS

_WORD = re.compile(r"[a-z]+")
MIN_LENGTH = 5  # shorter words have too many neighbours one edit away to correct freely
# Four-letter words are corrected only by the letter a typo dropped, and only to an article's word: any one
# edit took "math" to "matt" and "DVDs" to "Dfds" (3 SQuAD tuning-half answers worse). With dropped letters
# only, news_qa tuning / dev paraphrases with one letter dropped: answer@1 0.691 / 0.567 → 0.711 / 0.594
# (right answers lost to the typo 6 / 12 → 4 / 7); as asked, news_qa, dev and all 5,397 SQuAD tuning-half
# answers unchanged.
SHORT_LENGTH = 4
# The English words a typo may have meant: 21,173 words of 4 letters or more, 21 MB, 0.1 s to load. With
# every word counted 100,000 times or more (52,704), more typos found a wrong neighbour (news_qa tuning and
# dev paraphrases with one typo: 25 right answers lost against 22).
COMMON_COUNT = 1_000_000


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Real words, never corrected: symspellpy's list, and the embedding tokenizer's whole words, which
    hold short ones the list lacks ("math", "dvds")."""
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    with path.open(encoding="utf-8") as handle:
        words = frozenset(line.split(" ", 1)[0] for line in handle)
    vocabulary = json.loads(TOKENIZER_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
    return words | frozenset(w for w in vocabulary if w.isalpha() and w.islower())


@lru_cache(maxsize=1)
def common_words():
    """SymSpell over the English words common enough to be what a typo meant (COMMON_COUNT)."""
    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, count = line.split(" ", 1)
            if int(count) >= COMMON_COUNT and len(word) >= SHORT_LENGTH:
                speller.create_dictionary_entry(word, int(count))
    return speller


class Speller:
    def __init__(self, texts: list[str], known: frozenset[str] = frozenset()) -> None:
        from symspellpy import SymSpell

        counts = Counter(w for text in texts for w in _WORD.findall(fold(text).lower())
                         if len(w) >= SHORT_LENGTH)
        self.vocabulary = counts
        self.english = english_words() | known
        self.symspell = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
        for word, count in counts.items():
            self.symspell.create_dictionary_entry(word, count)
        self.cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        if len(word) < SHORT_LENGTH or not word.isalpha() or word in self.vocabulary or word in self.english:
            return word
        found = self.cache.get(word)
        if found is None:
            from symspellpy import Verbosity

            if len(word) < MIN_LENGTH:
                # A word the correction starts with is clipped, not misspelt ("robo" for "robot").
                suggestions = [s for s in self.symspell.lookup(word, Verbosity.CLOSEST, max_edit_distance=1)
                               if len(s.term) == len(word) + 1 and not s.term.startswith(word)]
            else:
                suggestions = self.symspell.lookup(word, Verbosity.CLOSEST, max_edit_distance=1)
                if not any(s.term[0] == word[0] for s in suggestions):
                    suggestions += common_words().lookup(word, Verbosity.CLOSEST, max_edit_distance=1)
            found = self.cache[word] = likeliest(word, suggestions) if suggestions else word
        return found


def likeliest(word: str, suggestions) -> str:
    """Of the words one edit from a typo (SymSpell's suggestions, most frequent first), the one it most
    likely meant: one that keeps its first letter, which typing seldom gets wrong ("puling" is "pulling",
    not "ruling"; "abrad" is "abroad", not "brad"), and a word that says something rather than a stopword
    ("beaing" is "beating", not "being"). Dev paraphrases with one letter dropped: right answers lost to the
    typo 8 → 5 of 115 (answer@1 0.600 → 0.617); news_qa tuning, and every set as asked, unchanged."""
    return min(suggestions, key=lambda s: (s.term[0] != word[0], s.term in STOPWORDS)).term
