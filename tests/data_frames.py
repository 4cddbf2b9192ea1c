"""A stand-in for a pandas data frame (pandas is not a dependency): what matters is that it has columns
and that iterating it gives their names, which a batch would silently take for articles."""

from __future__ import annotations

from collections.abc import Iterator


class DataFrameLike:
    def __init__(self, *columns: str) -> None:
        self.columns = list(columns)

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)
