"""Errors whose messages are safe to show to a user as they are (no paths to secrets, no tracebacks)."""


class EngineError(Exception):
    """Base class: ``str(error)`` is one short sentence meant for the person who asked."""


class IndexMissing(EngineError):
    """There is no index yet, or it is empty."""


class ModelMismatch(EngineError):
    """The store was built with another embedding model than the one configured now."""


class StoreUnavailable(EngineError):
    """The vector store cannot be opened or reached. Its subclasses name the fault and the way out."""


class StoreUnreachable(StoreUnavailable):
    """The Chroma server (CHROMA_HOST) does not answer."""


class StoreCorrupt(StoreUnavailable):
    """The store's database is damaged; `python -m index build --repair` rebuilds it."""


class StoreReadOnly(StoreUnavailable):
    """The store folder cannot be written (Chroma writes to it even to answer)."""


class DiskFull(StoreUnavailable):
    """A write to the store failed for lack of space; the previous index was kept."""


class BadQuestion(EngineError):
    """The question is empty or too long."""


class UnknownArticle(EngineError):
    """No indexed article matches what was asked for."""


class NoArticles(EngineError):
    """The seeds folder holds no readable article."""


class LlmOff(EngineError):
    """A written answer was asked for, but no LLM is configured."""
