"""The language of a text that does not state its own: py3langid's model (shipped in its
package, offline), on the opening of the text, and only when it is sure."""

from __future__ import annotations

from functools import cache
from typing import Any

DETECT_CHARS = 1500  # the opening says the language as surely as the whole, and is quick
MIN_WORDS = 12  # fewer (a headline, a caption) and the guess is a guess
MIN_PROBABILITY = 0.9


@cache
def _identifier() -> Any:
    # loaded on first use (about half a second): a build of files that all state their
    # language, or a command that reads none, never pays for it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language ("de"), or "" when it is too short to tell
    or the model is not sure."""
    opening = text[:DETECT_CHARS]
    if len(opening.split()) < MIN_WORDS:
        return ""
    language, probability = _identifier().classify(opening)
    if probability < MIN_PROBABILITY or not language.isalpha() or len(language) != 2:
        return ""
    return str(language)
