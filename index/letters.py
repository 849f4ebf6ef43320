"""Letters as every part of the engine reads them: people type "beyonce" for "Beyoncé" and "mongke" for
"Möngke", so an accented letter counts as its plain letter wherever words are matched. The quotes shown keep
their accents."""

from __future__ import annotations

import unicodedata


class _Plain(dict):
    """str.translate's table, filled on first sight of each character: "é" → "e"; a character whose
    plain form is not one ASCII letter and marks ("ø", "ß", "ﬁ") stays as it is, so offsets still hold."""

    def __missing__(self, code: int):
        parts = unicodedata.normalize("NFD", chr(code))
        plain = parts[0] if len(parts) > 1 and parts[0].isascii() and all(
            unicodedata.combining(c) for c in parts[1:]) else chr(code)
        self[code] = plain
        return plain


_PLAIN = _Plain()


def fold(text: str) -> str:
    """``text`` with its accented letters plain, one character for one."""
    return text if text.isascii() else text.translate(_PLAIN)
