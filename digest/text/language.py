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


# English, the language most articles are in, is told by its function words without the
# model (whose loading takes longer than a build of one new file): they are a quarter of
# an English text's words, and few of them are words of other languages.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in that is was for it with as on he said by at from his have has be are "
    "were which this an they but not who had their been its".split()
)
ENGLISH_SHARE = 0.2
ENGLISH_DISTINCT = 6


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language ("de"), or "" when it is too short to tell
    or the model is not sure."""
    opening = text[:DETECT_CHARS]
    words = opening.lower().split()
    if len(words) < MIN_WORDS:
        return ""
    function_words = [w for w in words if w in ENGLISH_FUNCTION_WORDS]
    if (
        len(function_words) >= ENGLISH_SHARE * len(words)
        and len(set(function_words)) >= ENGLISH_DISTINCT
    ):
        return "en"
    language, probability = _identifier().classify(opening)
    if probability < MIN_PROBABILITY or not language.isalpha() or len(language) != 2:
        return ""
    return str(language)
