"""Errors whose messages are safe to show to a user as they are (no paths to secrets, no tracebacks)."""


class EngineError(Exception):
    """Base class: ``str(error)`` is one short sentence meant for the person who asked."""


class IndexMissing(EngineError):
    """There is no index yet, or it is empty."""


class ModelMismatch(EngineError):
    """The store was built with another embedding model than the one configured now."""


class StoreUnavailable(EngineError):
    """The vector store cannot be opened or reached."""


class BadQuestion(EngineError):
    """The question is empty or too long."""


class UnknownArticle(EngineError):
    """No indexed article matches what was asked for."""


class NoArticles(EngineError):
    """The seeds folder holds no readable article."""


class LlmOff(EngineError):
    """A written answer was asked for, but no LLM is configured."""
