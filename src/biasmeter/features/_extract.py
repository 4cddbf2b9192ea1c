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
from biasmeter.html import html_to_text, looks_like_html

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
        Spans that back the values: those of the text in reading order, then those of the title. They
        point into the text and title as given, or into `text` and `title` when those are set.
    text : str or None
        The text that was analysed, when it differs from the input: for an HTML page, its visible text.
    title : str or None
        The title that was analysed, when it differs from the input: the ``<title>`` of an HTML page given
        without a title.
    """

    values: dict[str, float]
    evidence: list[Span]
    text: str | None = None
    title: str | None = None

    def to_array(self) -> npt.NDArray[np.float64]:
        """Return the values as a 1-D array in the order of `FEATURE_NAMES`."""
        return np.fromiter(self.values.values(), dtype=np.float64, count=len(self.values))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe mapping of the values and the evidence, with `text` and `title` when set."""
        result: dict[str, Any] = {}
        if self.text is not None:
            result["text"] = self.text
        if self.title is not None:
            result["title"] = self.title
        result["values"] = dict(self.values)
        result["evidence"] = [span.to_dict() for span in self.evidence]
        return result


def extract(text: Any, title: Any = None, *, max_chars: int = DEFAULT_MAX_CHARS) -> Features:
    r"""Measure every feature of an article, read as `biasmeter.score` reads it.

    Parameters
    ----------
    text : str
        The article body as a user would paste it (headline, byline and footer may be included), or an
        HTML page or fragment of one: then its visible text is measured (see `biasmeter.html`).
    title : str, optional
        The headline, when it is known separately; title features are 0 without one. For an HTML page
        given without one, the page's ``<title>``.
    max_chars : int
        Longest text accepted; longer input raises `BiasmeterError`.

    Returns
    -------
    Features
        Values by name and evidence spans. Empty or white-space text gives all-zero body values and no
        body evidence; the title's features are still measured. For an HTML page, `Features.text` holds
        the visible text that was measured (and `Features.title` the page's ``<title>`` when it became the
        title), and the evidence points into them, as the evidence of a `biasmeter.Score` does.

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
    >>> page = extract("<p>&quot;It will fail,&quot; Smith said.</p><p>Critics agreed.</p>")
    >>> page.text, page.values["quote_count"]
    ('"It will fail," Smith said.\nCritics agreed.', 1.0)
    """
    return read(text, title, max_chars)[0]


def read(text: Any, title: Any, max_chars: int) -> tuple[Features, str]:
    """`extract`, and the cleaned text that was measured: the visible text of an HTML page.

    `biasmeter.article.read_article` reads every article that is scored, trained on or evaluated through
    this, so that `extract` measures what they do.
    """
    body = clean_text(text, max_chars=max_chars)
    page = looks_like_html(body)
    page_title = None
    if page:
        # Evidence quotes the page's text and title, which the result then carries.
        text, found = html_to_text(body)
        body = clean_text(text, max_chars=max_chars)
        # A title of the wrong type is left for clean_text to refuse, as it would be without the page.
        if (title is None or (isinstance(title, str) and not title)) and found:
            title = page_title = found
    # Otherwise evidence quotes the input as given: the text is cleaned already, one character for one.
    headline = "" if title is None else clean_text(title, name="title", max_chars=max_chars)
    features = extract_cleaned(body, headline, text, title)
    if not page:
        return features, body
    return Features(features.values, features.evidence, text, page_title), text


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
