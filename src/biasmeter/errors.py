"""The one exception type biasmeter raises for bad input, bad models and bad corpora."""

from __future__ import annotations

__all__ = ["BiasmeterError"]


class BiasmeterError(ValueError):
    """Raised when biasmeter is given something it cannot use.

    The message always says what was found and what was expected, so a user can fix the input without
    reading a traceback from inside a dependency.

    Examples
    --------
    >>> import biasmeter
    >>> try:
    ...     biasmeter.extract(b"bytes are not text")
    ... except biasmeter.BiasmeterError as error:
    ...     print(error)
    text must be a str, got bytes; decode it first, e.g. data.decode('utf-8')
    """
