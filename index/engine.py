"""The engine clients use: open the current index once, then ask questions and request summaries."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from difflib import SequenceMatcher

from index.answer_types import names_the_law, says_negation
from index.config import MAX_QUESTION_CHARS, EngineConfig
from index.corpus import Corpus
from index.errors import BadQuestion, IndexMissing, LlmOff, UnknownArticle
from index.extractive import compose_answer, compose_refusal
from index.followup import Turn, carried_over, goes_on, previous_turn
from index.letters import fold
from index.question import (
    FREE_FORM,
    KNOWN_WORDS,
    PERSON_NOUNS,
    YEAR_DIGITS,
    Query,
    analyse,
    asks_for_a_portion,
    asks_negated,
    asks_of_the_law,
    asks_only_of_the_turn,
    is_english,
    unwrapped,
)
from index.ranking import (
    Candidates,
    Embedder,
    Ranked,
    Settings,
    answerable,
    close_passages,
    find_candidates,
    leaves_the_turn,
    prefer_turn_article,
    realign,
    score_passages,
    strays_from,
    turn_article,
)
from index.recency import prefer_newer
from index.short_answer import short_answer, told_as_age
from index.spelling import Speller, common_words
from index.stopwords import STOPWORDS
from index.store import connect, open_current
from index.tagger import question_doc, tagger, tagger_loaded
from index.types import Answer, ArticleInfo, Citation, Summary

log = logging.getLogger(__name__)

NOT_IN_ARTICLES = "That is not in the articles."
# Passages, best first, among which a typed question looks for one that holds its kind of answer.
SPAN_SEARCH = 3
# "who is Lavrov?": every passage that names him covers the question, so which comes first is chance
# (on the seed article, "Lavrov also repeated …" before "Russia's Foreign Minister Sergei Lavrov …", 5th).
# The first of this many that is evidence on its own and says what he is answers.
DESCRIPTION_SEARCH = 10
# A passage that opens with a pronoun names its subject in the sentence before.
_OPENS_WITH_PRONOUN = re.compile(r"^\W*(he|she|they|his|her|their)\b", re.I)
_YEAR = re.compile(rf"\b({YEAR_DIGITS})\b")  # a year a question names ("the 2018 world cup")
_QUESTION_WORD = re.compile(r"[a-z]+")
# Words before a surname that are no first name ("Mr Clinton", "President Clinton").
_NOT_NAMES = frozenset("mr mrs ms miss dr prof sir lady lord dame rev st saint".split()) | PERSON_NOUNS
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_FULL_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\b")  # two capitalised words: "Gordon Brown"
_INNER_WORD = re.compile(r"(?<=[a-z,;] )[A-Za-z][a-z]+\b")  # a word inside a sentence, after a lower-case one
ENGLISH_ONLY = "Sorry, I can only answer questions in English."
LLM_OFF = "Written answers are off: set NEWSBOT_LLM_BASE_URL and NEWSBOT_LLM_MODEL to turn them on."


def refused(context: str | Answer) -> bool:
    """Whether a previous turn (its Answer, or the bot's "question\nanswer" text, also as rebuilt from
    Discord after a restart) was a refusal."""
    if isinstance(context, Answer):
        return not context.answered
    return context.strip().partition("\n")[2].startswith((NOT_IN_ARTICLES, ENGLISH_ONLY))


def _composer(config: EngineConfig):
    if not config.llm_enabled:
        return None  # no LLM import, no client: quotes only, as without the setting
    from index.composer import LlmComposer

    return LlmComposer.from_config(config)


def check_question(question: str) -> str:
    question = (question or "").strip()
    if not question:
        raise BadQuestion("Ask a question: the text was empty.")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestion(f"That question is {len(question):,} characters long; the limit is {MAX_QUESTION_CHARS:,}.")
    return question


class Engine:
    """Open the current index once, then :meth:`rank`, :meth:`ask` and :meth:`summary`."""

    def __init__(self, config: EngineConfig, corpus: Corpus, embedder: Embedder, collection=None,
                 settings: Settings | None = None, composer=None) -> None:
        self.config = config
        self.corpus = corpus
        self.embedder = embedder
        self.collection = collection
        self.settings = settings or Settings()
        self._speller = None
        self._names: frozenset[str] | None = None
        self._capitalised: frozenset[str] = frozenset()  # lower-cased, never written in lower case
        # Two capitalised words in a row ("Gordon Brown"), lower-cased.
        self._full_names: frozenset[tuple[str, str]] = frozenset()
        self.composer = composer  # an LlmComposer when an LLM is configured (index/composer.py)

    @classmethod
    def open(cls, config: EngineConfig | None = None, *, model: Embedder | None = None,
             settings: Settings | None = None) -> Engine:
        from index.embedding import load_model

        config = config or EngineConfig.from_env()
        began = time.perf_counter()
        client = connect(config)
        collection = open_current(client, config)
        corpus = Corpus(collection)
        if not len(corpus):
            raise IndexMissing("The index is empty: add articles to the seeds folder and rebuild it.")
        engine = cls(config, corpus, model or load_model(), collection, settings, _composer(config))
        log.info("index opened: %d articles, %d sentences in %.2f s", len(corpus.articles), len(corpus),
                 time.perf_counter() - began)
        return engine

    def warm(self) -> float:
        """Builds now what the first question would otherwise wait for: the speller's vocabulary and the
        name lists, read from every sentence, the tagger, and every stage's first call. On the
        5,216-sentence SQuAD store here: 0.81 s, after which the first answer takes 21 ms instead of 0.92 s
        (the tagger's load is 0.56 s; the word lists grow with the store). The bot warms an engine before
        it answers with it. Returns the seconds taken."""
        began = time.perf_counter()
        self.speller()
        common_words()  # what a typo no article word is one edit from falls back on: 0.1 s, 21 MB
        self.names()
        tagger()
        self.ask("Who said it, and when?", llm=False)  # the first call of every other stage
        return time.perf_counter() - began

    @property
    def warmed(self) -> bool:
        return self._speller is not None and self._names is not None and tagger_loaded()

    # -- ranking ---------------------------------------------------------------------------------

    def speller(self):
        if self._speller is None:
            self._speller = Speller(self.corpus.texts, known=KNOWN_WORDS)
        return self._speller

    def names(self) -> frozenset[str]:
        """The words the articles write only as names (capitalised inside a sentence, never lower-case),
        lower-cased: what "what about floyd?" may swap in a previous question."""
        if self._names is None:
            capitalised, lower = set(), set()
            for text in self.corpus.texts:
                for match in _INNER_WORD.finditer(text):
                    word = match.group(0)
                    (capitalised if word[0].isupper() else lower).add(word.lower())
            self._names = frozenset(capitalised - lower)
            self._capitalised = frozenset(w.lower() for text in self.corpus.texts
                                          for w in _CAPITALISED.findall(text)) - lower
            self._full_names = frozenset((m.group(1).lower(), m.group(2).lower())
                                         for text in self.corpus.texts for m in _FULL_NAME.finditer(text))
        return self._names

    def names_in(self, question: str) -> frozenset[str]:
        """The question's words that may be names: those the articles write only as names, and those they
        write capitalised anywhere and never in lower case ("josh" of "who is josh hatfield?", where "Josh"
        opens a quotation's attribution, so it is never read inside a sentence)."""
        names = self.names()
        words = _QUESTION_WORD.findall(question.lower())
        # "gordon brown": "brown" is a colour elsewhere, but the articles write "Gordon Brown".
        named = {w for pair in zip(words, words[1:], strict=False) if pair in self._full_names for w in pair}
        return frozenset(w for w in words if w in names or w in self._capitalised or w in named)

    def analyse(self, question: str, turn: Turn | None = None) -> Query:
        """The question read for ranking. After a turn, "what about X?" is read as the turn's question
        asked of X (see followup.carried_over)."""
        if turn is not None:
            # "ok and what about floyd?" asks what the turn asked of Floyd; analyse() unwraps the rest.
            question = carried_over(unwrapped(question), turn.question, self.names()) or question
        return analyse(question, speller=self.speller().correct, subject=turn.subject if turn else None,
                       names=self.names_in(question))

    def previous_turn(self, context: str | Answer | None) -> Turn | None:
        """The turn a follow-up may lean on. A refusal is one only when its question was close to an
        article (it offered closest passages): after "Who won the 2022 World Cup?" was refused, "where was
        that?" and "how many were there?" had been answered inside the article nearest that question
        ("U.S.", "15"); now they are asked alone, and refused. After "How much was Whitcombe paid?" was
        refused beside the passage about him, "how old is he?" is still his age. news_qa tuning and dev
        follow-ups unchanged (their refused turns were close); without the closeness test, 2 dev follow-ups
        changed (wrong before and after)."""
        turn = previous_turn(context)
        if turn is None or not refused(context):
            return turn
        if isinstance(context, Answer):
            return turn if context.related else None
        return turn if close_passages(self._rank(self.analyse(turn.question), None, {})[1]) else None

    def rank(self, question: str, context: str | Answer | None = None, *,
             timings: dict | None = None) -> list[Ranked]:
        """Passages of the index, best first, each with the probability that it answers the question.

        ``context`` is the previous turn (its Answer, or its "question\nanswer" text) for a follow-up."""
        turn = self.previous_turn(context)
        return self._converse(question, self.analyse(question, turn), turn,
                              {} if timings is None else timings)[3]

    def _converse(self, question: str, query: Query, turn: Turn | None, timings: dict):
        """(query, turn, candidates, ranking, ranking as scored): _rank(), except that after a turn, a
        question which leans on it but is about another article (leaves_the_turn) is ranked as if asked
        alone (its query and turn are then the alone ones, turn None), and one that stands on its own puts
        a close passage of the turn's article first (prefer_turn_article)."""
        candidates, ranked, scored = self._rank(query, turn, timings)
        article = candidates.context_article
        if article is None and turn is not None:
            near = prefer_turn_article(self.corpus, ranked, turn_article(self.corpus, self.embedder, turn))
            return query, turn, candidates, near, scored
        if article is None or goes_on(question):
            return query, turn, candidates, ranked, scored
        alone = self.analyse(question, None)
        if strays_from(self.corpus, alone, article):
            began = time.perf_counter()
            elsewhere = self._rank(alone, None, {})
            timings["alone"] = (time.perf_counter() - began) * 1000
            if leaves_the_turn(self.corpus, article, ranked, elsewhere[1]):
                return (alone, None, *elsewhere)
        return query, turn, candidates, ranked, scored

    def _rank(self, query: Query, turn: Turn | None,
              timings: dict) -> tuple[Candidates, list[Ranked], list[Ranked]]:
        """(candidates, the ranking, the ranking as scored before realign() re-ordered its close passages)."""
        candidates = find_candidates(self.corpus, self.collection, self.embedder, query, turn,
                                     self.settings, timings)
        began = time.perf_counter()
        scored = score_passages(self.corpus, query, candidates, self.settings)
        timings["score"] = (time.perf_counter() - began) * 1000
        began = time.perf_counter()
        ranked = realign(self.corpus, self.embedder, query, scored)
        timings["align"] = (time.perf_counter() - began) * 1000
        return candidates, ranked, scored

    # -- answers ---------------------------------------------------------------------------------

    def citation(self, n: int, rows: tuple[int, ...], score: float | None) -> Citation:
        corpus = self.corpus
        first, last = rows[0], rows[-1]
        quote = "".join(corpus.texts[r] + (corpus.gaps[r] if r != last else "") for r in range(first, last + 1))
        article = corpus.articles[corpus.article_ids[corpus.article_of_row[first]]]
        return Citation(
            n=n,
            article=article.id,
            title=article.title,
            quote=quote,
            start=int(corpus.starts[first]),
            end=int(corpus.ends[last]),
            score=None if score is None else round(score, 4),
            section=corpus.sections[first],
            url=article.url,
            published=article.published,
            source=article.source,
        )

    def ask(self, question: str, context: str | Answer | None = None, top_k: int | None = None, *,
            llm: bool | None = None, on_text=None) -> Answer:
        """``context``: the previous turn, for a follow-up. ``llm``: None writes the answer with the
        configured LLM if there is one; False keeps quotes. ``on_text`` receives the checked written text
        as it streams in (see LlmComposer.compose)."""
        question = check_question(question)
        began = time.perf_counter()
        timings: dict[str, float] = {}
        if not is_english(question):
            return Answer(question, False, ENGLISH_ONLY, (), (), {"total": 0.0})
        turn = self.previous_turn(context)
        query = self.analyse(question, turn)
        if query.summary:
            return self._summary_answer(question, turn, began)
        # Newer first among close passages when the question asks for the latest (issue 11).
        query, turn, candidates, ranked, scored = self._converse(question, query, turn, timings)
        realigned = ranked[0] is not scored[0] if ranked else False
        ranked = prefer_newer(query.text, ranked, self.corpus)
        k = top_k or self.config.top_k
        # A follow-up that leans on its turn is asked inside that turn's article (see answerable()).
        follow_up = candidates.context_article is not None
        typed = query.wants is not None and query.wants not in FREE_FORM
        span = first = None
        if ranked:
            began_span = time.perf_counter()
            found = None
            # A bare "why?" asks why of what the turn quoted, which may say so without a word of reason.
            if follow_up and (typed or query.wants == "reason") and turn is not None \
                    and asks_only_of_the_turn(query):
                found = self._turn_passage_first(query, ranked, turn, candidates.context_article)
            ranked, first, span = found or self._first_with_span(query, ranked, typed, follow_up)
            if span is None and typed and found is None and realigned:
                # realign() put first a passage with no answer of the kind wanted, where the scorer's first
                # may hold one ("who's the QPR manager?": "the boss believes ..." over "QPR boss Chris
                # Ramsey"). Without this, dev paraphrases answer@1 0.628 -> 0.617 (2 right answers refused),
                # follow-ups 0.630 -> 0.611, SQuAD tuning half 0.7571 -> 0.7565; it answers one dev near
                # miss that was answered before realign() too.
                again = self._first_with_span(query, prefer_newer(query.text, scored, self.corpus), typed,
                                              follow_up)
                if again[2] is not None:
                    ranked, first, span = again
            timings["short_answer"] = (time.perf_counter() - began_span) * 1000
        # A portion may be told in words, so a passage without a figure is no near miss for it.
        span_missing = typed and span is None and not asks_for_a_portion(query.text)
        # "who won the 2018 world cup?" is not answered by an article about the 2014 one.
        other_year = bool(ranked) and self._year_missing(query.text, ranked[0].row)
        # "how many followers does bill clinton have?" is not answered by an article about Hillary Clinton.
        other_person = bool(ranked) and not follow_up and self._someone_else(query.text, ranked[0].row)
        # "What issues were not addressed in the treaty?" is not answered by a passage that says what was.
        # Asked yes or no, or why not, a passage may answer without saying "not".
        negation_missing = first is not None and query.wants not in ("yes/no", "reason", "any") \
            and asks_negated(query.text) and not says_negation(first.quote)
        # "what is the suspect being charged with?" is not answered by a passage that names no charge.
        law = asks_of_the_law(query.text)
        law_missing = first is not None and law is not None and not names_the_law(law, first.quote)
        # Odds are a figure as a count is: "20/1" from a passage that says little else the question asks is
        # another runner's ("what odds are the bookies giving on shutthefrontdoor?" → a royal baby's name).
        counts = query.wants in ("number", "odds")
        if not answerable(ranked, follow_up=follow_up, span_missing=span_missing,
                          counts=counts, other_year=other_year, other_person=other_person,
                          negation_missing=negation_missing, law_missing=law_missing):
            related = tuple(self.citation(n, r.rows, r.score) for n, r in enumerate(close_passages(ranked), 1))
            answer = compose_refusal(question, NOT_IN_ARTICLES, related)
        else:
            # Later passages are cited only when they too are evidence, never as filler.
            later = [r for r in ranked[1:k] if answerable([r], counts=counts)]
            citations = (first, *(self.citation(n, r.rows, r.score) for n, r in enumerate(later, 2)))
            answer = compose_answer(question, citations, span)
        timings["total"] = (time.perf_counter() - began) * 1000
        answer = replace(answer, timings_ms=timings)
        if not answer.answered:
            return answer  # an engine refusal is never overturned by the LLM
        return self.compose(answer, llm, context, on_text)

    def _turn_passage_first(self, query: Query, ranked: list[Ranked], turn: Turn, article: int):
        """"where was that?", "how old is he?": a follow-up that names nothing of its own asks about what
        the previous answer quoted. Like _first_with_span's result (the ranking with that passage first, its
        citation and short answer) when that passage holds the kind of answer wanted; else None."""
        rows = self._turn_rows(turn, article)
        held = set(rows)
        for i, passage in enumerate(ranked):
            if held & set(passage.rows):
                # The turn's own sentences, with the score and evidence of the passage that holds them.
                own = replace(passage, rows=rows, row=passage.row if passage.row in held else rows[0])
                citation = self.citation(1, own.rows, own.score)
                span = short_answer(query, citation)
                if span is None and query.wants != "reason":
                    return None
                return [own, *ranked[:i], *ranked[i + 1:]], citation, span
        return None

    def _turn_rows(self, turn: Turn, article: int) -> tuple[int, ...]:
        """The run of the article's sentences that the turn's first quote holds (the turn carries its quotes
        verbatim); () when none is found."""
        corpus = self.corpus
        info = corpus.articles[corpus.article_ids[article]]
        found = {r: turn.text.find(corpus.texts[r]) for r in range(info.first, info.stop)
                 if len(corpus.texts[r]) >= 20 and corpus.texts[r] in turn.text}
        if not found:
            return ()
        first = last = min(found, key=found.get)
        while first - 1 in found:
            first -= 1
        while last + 1 in found:
            last += 1
        return tuple(range(first, last + 1))

    def _someone_else(self, question: str, row: int) -> bool:
        """Whether the question names a person by first and last name, and the article of the passage at
        ``row`` never writes that first name but puts another before the last name ("Hillary Clinton" for
        "bill clinton")."""
        names = self.names_in(question)
        words = _QUESTION_WORD.findall(fold(question).lower())
        if not any(last in names and first not in STOPWORDS and first not in _NOT_NAMES
                   for first, last in zip(words, words[1:], strict=False)):
            return False  # no first and last name to ask by: the tagger's 3 ms are spared
        asked = [_QUESTION_WORD.findall(fold(ent.text).lower()) for ent in question_doc(question).ents
                 if ent.label_ == "PERSON"]
        asked = [(set(words[:-1]) - _NOT_NAMES, words[-1]) for words in asked if len(words) >= 2]
        asked = [(given, last) for given, last in asked if given and last in names]  # not "nick name"
        if not asked:
            return False
        text = fold(self._article_text(row))
        said = set(_QUESTION_WORD.findall(text.lower()))
        for given, last in asked:
            if given & said:
                continue
            before = {m.group(1).lower()
                      for m in re.finditer(rf"\b([A-Z][a-z]+) (?i:{re.escape(last)})\b", text)}
            # "Hilary Clinton" is a typo for the article's "Hillary Clinton", no other person.
            typo = any(SequenceMatcher(None, name, other).ratio() >= 0.8
                       for name in given for other in before)
            if before - _NOT_NAMES and not typo:
                return True
        return False

    def _year_missing(self, question: str, row: int) -> bool:
        """Whether the question names a year that the article of its best passage never does."""
        years = _YEAR.findall(question)
        if not years:
            return False
        text = self._article_text(row)
        return any(year not in text for year in years)

    def _article_text(self, row: int) -> str:
        """The whole text of the article that holds sentence ``row``, its sentences joined by spaces."""
        corpus = self.corpus
        article = corpus.articles[corpus.article_ids[corpus.article_of_row[row]]]
        return " ".join(corpus.texts[article.first:article.stop])

    def _first_with_span(self, query: Query, ranked: list[Ranked], typed: bool, follow_up: bool):
        """The first citation and its short answer. A follow-up that wants a kind of answer ("when did it
        happen?", asked inside the turn's article) is answered by the best of the first SPAN_SEARCH passages
        that holds one: a runner-up naming the day beats a best passage that names none. Any typed question
        whose best passage opens with "he" and holds no answer takes it from the runner-up just before it.
        Returns the ranking with that passage first."""
        first = self.citation(1, ranked[0].rows, ranked[0].score)
        span = short_answer(query, first)
        if span is None and typed and _OPENS_WITH_PRONOUN.match(first.quote):
            # "He wrote: ..." names no one: who "he" is, the sentence before says, when it is a close
            # runner-up ("Sen. Jeff Sessions ... said in a letter"; "He wrote: 'It defies reason ...'").
            before = ranked[0].rows[0] - 1
            found = self._runner_up_with_span(query, ranked, lambda other: other.rows[-1] == before)
            if found is not None:
                return found
        if span is None and query.wants == "age":
            # "how old is pat?": an age is told beside the name ("Pat Ingles, 69,"), often in a passage that
            # says little else the question asks ("her 49-year-old son" is not hers).
            found = self._runner_up_with_span(query, ranked, lambda other: answerable([other]),
                                              accept=told_as_age)
            if found is not None:
                return found
        if span is None and query.wants == "description":
            found = self._runner_up_with_span(query, ranked, lambda other: answerable([other]),
                                              DESCRIPTION_SEARCH)
            if found is not None:
                return found
        if span is not None or not typed or not follow_up:
            # Alone, a question keeps its best passage: trying runners-up (those within 0.1 of it) gained 2
            # paraphrases on news_qa tuning but answered 3 more near misses.
            return ranked, first, span
        return self._runner_up_with_span(query, ranked) or (ranked, first, None)

    def _runner_up_with_span(self, query: Query, ranked: list[Ranked], eligible=lambda other: True,
                             search: int = SPAN_SEARCH, accept=lambda citation, span: True):
        """The first of the ``search`` best passages after the best that is ``eligible`` and holds a short
        answer it can ``accept``, as _first_with_span returns it (moved first, its citation, its span); None
        when none does."""
        for i, other in enumerate(ranked[1:search], 1):
            if not eligible(other):
                continue
            citation = self.citation(1, other.rows, other.score)
            found = short_answer(query, citation)
            if found is not None and accept(citation, found):
                return [other, *ranked[:i], *ranked[i + 1:]], citation, found
        return None

    def _summary_answer(self, question: str, turn: Turn | None, began: float) -> Answer:
        """"What is this about?": the summary of the one article, or of the article the turn was about."""
        article = None
        if turn is not None:
            article = self.corpus.article_ids[turn_article(self.corpus, self.embedder, turn)]
        elif len(self.corpus.articles) > 1:
            names = ", ".join(f"“{a.title}”" for a in self.articles()[:5])
            more = "" if len(self.corpus.articles) <= 5 else f" and {len(self.corpus.articles) - 5} more"
            text = (f"{len(self.corpus.articles)} articles are indexed ({names}{more}). "
                    "Ask for the summary of one, or ask about something in them.")
            return Answer(question, False, text, (), (), {"total": (time.perf_counter() - began) * 1000})
        summary = self.summary(article)
        return Answer(question, True, summary.summary, summary.citations, (),
                      {"total": (time.perf_counter() - began) * 1000})

    def compose(self, answer: Answer, llm: bool | None = None, context: str | Answer | None = None,
                on_text=None) -> Answer:
        """The written-answer composer stage, last in ask(): never called on an unanswered Answer."""
        if llm is False or (llm is None and self.composer is None):
            return answer
        if self.composer is None:
            raise LlmOff(LLM_OFF)
        turn = previous_turn(context)
        return self.composer.compose(answer, context=turn.text if turn else None, on_text=on_text)

    # -- articles --------------------------------------------------------------------------------

    def articles(self) -> list[ArticleInfo]:
        return [
            ArticleInfo(a.id, a.title, a.stop - a.first, a.indexed_at, a.url, a.published, a.source)
            for a in sorted(self.corpus.articles.values(), key=lambda a: a.title.lower())
        ]

    def resolve_article(self, article: str | None) -> str:
        """An article id from an id, a title, or a unique part of a title."""
        articles = self.corpus.articles
        if not article or not article.strip():
            if len(articles) == 1:
                return next(iter(articles))
            raise UnknownArticle(f"Name an article: {len(articles)} are indexed (see /sources).")
        wanted = article.strip()
        if wanted in articles:
            return wanted
        folded = re.sub(r"\s+", " ", wanted).casefold()
        exact = [a.id for a in articles.values() if a.title.casefold() == folded]
        if exact:
            return exact[0]
        partial = [a.id for a in articles.values() if folded in a.title.casefold() or folded in a.id.casefold()]
        if len(partial) == 1:
            return partial[0]
        if partial:
            raise UnknownArticle(f"“{wanted}” matches {len(partial)} articles; give more of the title.")
        raise UnknownArticle(f"No indexed article matches “{wanted}”.")

    def summary(self, article: str | None = None, sentences: int = 3) -> Summary:
        from index.summarize import pick_sentences

        if sentences < 1 or sentences > 10:
            raise BadQuestion("A summary has between 1 and 10 sentences.")
        article_id = self.resolve_article(article)
        rows = self.corpus.articles[article_id]
        picked = pick_sentences(self.corpus, rows.first, rows.stop, sentences)
        citations = tuple(self.citation(n, (row,), None) for n, (row, _) in enumerate(picked, 1))
        text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
        return Summary(article_id, rows.title, text, citations, rows.url)
