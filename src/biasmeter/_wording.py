"""Wording shared by messages: counts with the right form of their noun."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, word: str) -> str:
    """``count`` and ``word``, with an "s" unless the count is one.

    Examples
    --------
    >>> plural(1, "record"), plural(1_250, "article")
    ('1 record', '1,250 articles')
    """
    return f"{count:,} {word}" + ("" if count == 1 else "s")
