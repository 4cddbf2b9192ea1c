"""One article in, all features and their evidence out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from biasmeter._characters import character_classes
from biasmeter._input import DEFAULT_MAX_CHARS, clean_text
from biasmeter.document import Document
from biasmeter.evidence import Span
from biasmeter.features import genre, loaded_terms, quotes, readability, sentiment, style
from biasmeter.features._signal import Signal

__all__ = ["FEATURE_NAMES", "Features", "document", "extract"]

_SIGNALS: tuple[tuple[tuple[str, ...], Callable[[Document], Signal]], ...] = tuple(
    (module.NAMES, module.measure) for module in (quotes, sentiment, loaded_terms, genre, readability, style)
)


@cache
def _cue_words() -> frozenset[str]:
    return frozenset().union(quotes.CUE_WORDS, genre.CUE_WORDS, style.CUE_WORDS, loaded_terms.cue_words())


FEATURE_NAMES: tuple[str, ...] = (
    "word_count",
    "sentence_count",
    *(name for names, _ in _SIGNALS for name in names),
)


def prepare() -> None:
    """Load every lexicon and table that feature extraction reads, once per process.

    Each loads on first use anyway; a model calls this when it is loaded, so that loading takes the time
    instead of the first article, and worker processes forked afterwards start with everything in memory.
    """
    _cue_words()
    sentiment.scorer()
    readability.syllable_counter()
    character_classes()


def document(text: str, title: str = "") -> Document:
    """Tokenise cleaned ``text`` and ``title`` once, indexing every cue word that a feature looks up."""
    return Document(text, title, _cue_words())


@dataclass(frozen=True)
class Features:
    """The features of one article.

    Attributes
    ----------
    values : dict[str, float]
        Feature name to value, in the order of `FEATURE_NAMES`.
    evidence : list[Span]
        Spans that back the values: those of the text in reading order, then those of the title.
    """

    values: dict[str, float]
    evidence: list[Span]

    def to_array(self) -> npt.NDArray[np.float64]:
        """Return the values as a 1-D array in the order of `FEATURE_NAMES`."""
        return np.fromiter(self.values.values(), dtype=np.float64, count=len(self.values))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe mapping of the values and the evidence."""
        return {"values": dict(self.values), "evidence": [span.to_dict() for span in self.evidence]}


def extract(text: Any, title: Any = None, *, max_chars: int = DEFAULT_MAX_CHARS) -> Features:
    """Measure every feature of an article.

    Parameters
    ----------
    text : str
        The article body as a user would paste it (headline, byline and footer may be included).
    title : str, optional
        The headline, when it is known separately; title features are 0 without one.
    max_chars : int
        Longest text accepted; longer input raises `BiasmeterError`.

    Returns
    -------
    Features
        Values by name and evidence spans. Empty or white-space text gives all-zero body values and no
        body evidence; the title's features are still measured.

    Raises
    ------
    BiasmeterError
        If ``text`` or ``title`` is not a ``str`` (``None`` is allowed for the title), or is too long.

    Examples
    --------
    >>> from biasmeter import extract
    >>> text = 'Critics slammed the "disastrous" plan. "It will fail," Smith said.'
    >>> features = extract(text)
    >>> features.values["quote_count"], features.values["scare_quote_rate"] > 0
    (1.0, True)
    >>> [(span.kind, span.text) for span in features.evidence if span.kind == "quote"]
    [('quote', '"It will fail,"')]
    """
    body = clean_text(text, max_chars=max_chars)
    headline = "" if title is None else clean_text(title, name="title", max_chars=max_chars)
    return extract_cleaned(body, headline, text, title)


def extract_cleaned(body: str, headline: str, text: str, title: str | None) -> Features:
    """`extract` of a text and title that `clean_text` has already given as ``body`` and ``headline``.

    For a caller that has cleaned the text itself (`biasmeter.article.read_article` does, to look for
    HTML): the evidence still quotes ``text`` and ``title`` as given.
    """
    doc = document(body, headline)
    values = {"word_count": float(doc.n_words), "sentence_count": float(len(doc.sentences))}
    evidence: list[Span] = []
    for _, measure in _SIGNALS:
        signal = measure(doc)
        values.update(signal.values)
        evidence.extend(signal.evidence)
    if body != text or (title is not None and headline != title):
        evidence = [_original(span, text, title) for span in evidence]
    evidence.sort(key=lambda span: (span.field, span.start, span.end, span.kind))
    return Features(values, evidence)


def _original(span: Span, text: str, title: str | None) -> Span:
    # Spans were cut from the cleaned text; evidence must quote what the user gave, character for character.
    source = title if span.field == "title" else text
    if source is None:
        return span
    return Span(span.start, span.end, span.kind, source[span.start : span.end], span.detail, span.field)
