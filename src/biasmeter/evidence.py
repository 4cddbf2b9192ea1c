"""Evidence: half-open character spans into the text a user gave."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

__all__ = ["Span"]

Field = Literal["text", "title"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of evidence: ``source[start:end] == text``, where ``source`` is the article text or title.

    That is the text or title as given, or, for an HTML page, the visible text and title that were read,
    which `biasmeter.Score` and `biasmeter.features.Features` carry as ``text`` and ``title``.

    Parameters
    ----------
    start, end : int
        Half-open character offsets, as in ``str`` slicing and spaCy's ``Doc.char_span``.
    kind : str
        What the span shows, e.g. ``"quote"``, ``"loaded_term"``, ``"opinion_disclaimer"``.
    text : str
        The characters of the span, exactly as given.
    detail : str
        A finer label where one exists (the lexicon category of a loaded term, ``"attributed"`` or
        ``"unattributed"`` for a quote, the compound score of a sentence); empty otherwise.
    field : {"text", "title"}
        Which input the offsets point into.

    Examples
    --------
    >>> from biasmeter import Span
    >>> article = 'He said "no".'
    >>> span = Span(8, 12, "quote", article[8:12])
    >>> article[span.start:span.end] == span.text
    True
    """

    start: int
    end: int
    kind: str
    text: str
    detail: str = ""
    field: Field = "text"

    def __reduce__(self) -> tuple[type[Span], tuple[Any, ...]]:
        # Rebuilt by its constructor: half the time of the field-by-field state that a dataclass with slots
        # pickles, which counts when worker processes send back the evidence of every article.
        if type(self) is Span:
            return Span, (self.start, self.end, self.kind, self.text, self.detail, self.field)
        return type(self), tuple(getattr(self, item.name) for item in fields(self))

    def to_dict(self) -> dict[str, str | int]:
        """Return the span as a JSON-safe mapping.

        Examples
        --------
        >>> Span(0, 2, "quote", "hi").to_dict()
        {'start': 0, 'end': 2, 'kind': 'quote', 'text': 'hi', 'detail': '', 'field': 'text'}
        """
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "text": self.text,
            "detail": self.detail,
            "field": self.field,
        }
