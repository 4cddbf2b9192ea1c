"""What every feature module returns, and the matching helpers they share."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from biasmeter.document import Document
from biasmeter.evidence import Span

__all__ = ["Signal", "count_words", "line_pattern", "line_spans", "match_at", "match_near"]


@dataclass(frozen=True, slots=True)
class Signal:
    """Named feature values measured by one module, with the evidence spans that back them."""

    values: dict[str, float]
    evidence: list[Span] = field(default_factory=list)


def line_pattern(body: str, flags: int = 0) -> re.Pattern[str]:
    """Compile ``body`` to match only at the start of a line (``$`` ends a line), for `line_spans`.

    A pattern that starts with ``^`` is tried at every position of the text; one that starts with a line
    break is found by a scan for that one character in C, several times faster.
    """
    return re.compile("\n(?:" + body + ")", flags | re.MULTILINE)


def line_spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The spans in ``text`` of the matches of a `line_pattern`, without the line break before each."""
    # A line break put before the text makes its first line start like any other; that one character
    # shifts every offset by one, which the line break each match begins with takes back.
    return [(match.start(), match.end() - 1) for match in pattern.finditer("\n" + text)]


def count_words(doc: Document, words: Collection[str], kind: str, evidence: list[Span]) -> int:
    """Append a span of ``kind`` for each occurrence of the cue ``words``; return the count."""
    positions = doc.positions(words)
    evidence.extend(doc.word_span(i, i, kind) for i in positions)
    return len(positions)


def match_near(
    pattern: re.Pattern[str],
    doc: Document,
    triggers: Collection[str],
    kind: str,
    evidence: list[Span],
    *,
    before: int = 60,
    after: int = 160,
) -> int:
    """Count matches of ``pattern`` found in a window around each occurrence of a trigger word.

    Searching only near words that every match must contain is what keeps phrase patterns cheap: a
    pattern with many alternatives is slow to scan over a whole article with Python's ``re``. Matches
    that overlap one already counted are skipped. ``before`` and ``after`` bound how far from the trigger
    a match may start and end.
    """
    text = doc.text
    found: list[tuple[int, int]] = []
    for i in doc.positions(triggers):
        start = doc.starts[i]
        window_start = max(start - before, found[-1][1] if found else 0)
        match = pattern.search(text, window_start, min(len(text), start + after))
        if match:
            found.append(match.span())
    evidence.extend(doc.char_span(start, end, kind) for start, end in found)
    return len(found)


def match_at(
    pattern: re.Pattern[str],
    doc: Document,
    first_words: Collection[str],
    kind: str,
    evidence: list[Span],
    *,
    reach: int = 200,
) -> int:
    """Count matches of ``pattern`` that start at an occurrence of one of ``first_words``.

    For patterns whose every alternative begins with one of ``first_words``: trying an anchored match at
    those words only is far cheaper than scanning the article. Matches overlapping a counted one are skipped.
    """
    text = doc.text
    end_of_last = 0
    count = 0
    for i in doc.positions(first_words):
        start = doc.starts[i]
        if start < end_of_last:
            continue
        match = pattern.match(text, start, start + reach)
        if match:
            evidence.append(doc.char_span(start, match.end(), kind))
            end_of_last = match.end()
            count += 1
    return count
