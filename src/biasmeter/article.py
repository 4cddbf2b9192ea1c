"""An article as biasmeter reads it, the same way for scoring, training and evaluation.

The text is cleaned, a web page becomes its visible text (and its ``<title>`` the headline when none is
given), the features are extracted, and `abstention` says whether the article can be scored at all.
Training and evaluation read their corpora through `read_article` too, so that a model learns from, and is
measured on, the text that scoring will give it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import methodcaller
from typing import Any

from biasmeter.features import Features
from biasmeter.features._extract import read

__all__ = ["MIN_WORDS", "ReadArticle", "abstention", "read_article"]

# Below this many words the features are mostly noise: the result abstains instead of guessing.
MIN_WORDS = 25
# Share of English function words among the words of a text; English news sits near 0.4, other languages
# written in Latin script well under 0.1.
_MIN_ENGLISH_SHARE = 0.12
_ENGLISH = frozenset(
    "the of and to a in that is for it on was with he as his be by at are this from but not have they had "
    "has an were which or their said she we her been will would who its there more one all also after than "
    "about into when can no up out if so what new over two us our they you i".split()
)
_STRIP_PUNCTUATION = methodcaller("strip", ".,;:!?\"'()“”‘’")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class ReadArticle:
    """An article read for scoring.

    Attributes
    ----------
    features : Features
        Its features; the evidence quotes the input as given, or the page's text (`Features.text`) and
        title (`Features.title`) for a web page.
    text : str
        The cleaned text, or the visible text of a web page.
    title : Any
        The title as given, or the page's ``<title>`` when none was given.
    """

    features: Features
    text: str
    title: Any

    @property
    def converted(self) -> bool:
        """Whether the input was a web page."""
        return self.features.text is not None


def read_article(text: Any, title: Any, max_chars: int) -> ReadArticle:
    """Validate ``text`` and ``title``, turn a web page into its visible text, and extract the features.

    The features are those of `biasmeter.extract`, which reads the text the same way; the article adds the
    text that was read (cleaned, or a page's visible text) and the title it was read with.

    Raises
    ------
    BiasmeterError
        As `biasmeter.extract` does: for a text or title that is no ``str`` or is longer than ``max_chars``.

    Examples
    --------
    >>> page = "<html><head><title>Budget passes</title></head><body><p>The council voted.</p></body></html>"
    >>> article = read_article(page, None, max_chars=10_000)
    >>> article.text.strip(), article.title, article.converted
    ('The council voted.', 'Budget passes', True)
    """
    features, read_text = read(text, title, max_chars)
    return ReadArticle(features, read_text, title if features.title is None else features.title)


def abstention(features: Features, text: str) -> str | None:
    """Why an article should not be scored, or None when it can be.

    Examples
    --------
    >>> from biasmeter import extract
    >>> abstention(extract("Too short to judge."), "Too short to judge.")
    'too short'
    """
    if not _LETTER.search(text):
        return "no letters"
    words = features.values["word_count"]
    if words < MIN_WORDS:
        return "too short"
    tokens = text.split()

    def english(candidates: Iterable[str]) -> bool:
        return sum(map(_ENGLISH.__contains__, candidates)) / max(1, len(tokens)) >= _MIN_ENGLISH_SHARE

    # The tokens already in lower case without punctuation, a part of the English ones, are usually
    # enough (lower-casing keeps every blank where it is: the tokens are the same, in another case).
    if english(tokens) or english(map(_STRIP_PUNCTUATION, text.lower().split())):
        return None
    return "language"
