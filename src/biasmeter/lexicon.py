"""The loaded-terms lexicon shipped as package data, read once on first use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from biasmeter.errors import BiasmeterError

__all__ = ["CATEGORIES", "Lexicon", "loaded_terms"]

CATEGORIES = ("emotional", "name_calling", "exaggeration", "partisan_left", "partisan_right")


@dataclass(frozen=True)
class Lexicon:
    """Terms indexed by their first token, longest phrase first, for matching over a token list.

    Parameters
    ----------
    by_first_token : Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
        For each first token, the phrases (as token tuples) starting with it and their categories.
    provenance : str
        The header of the lexicon file: how it was built and from what.
    """

    by_first_token: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    provenance: str

    @classmethod
    def from_tsv(cls, content: str, origin: str = "<string>") -> Lexicon:
        r"""Parse the lexicon format: ``# `` header lines, a column header, then ``term, category, source``.

        Examples
        --------
        >>> content = "# demo\nterm\tcategory\tsource\nillegal aliens\tpartisan_right\thand\n"
        >>> lexicon = Lexicon.from_tsv(content)
        >>> lexicon.by_first_token["illegal"]
        ((('illegal', 'aliens'), 'partisan_right'),)
        """
        header: list[str] = []
        phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        rows = iter(content.splitlines())
        for number, line in enumerate(rows, start=1):
            if line.startswith("#"):
                header.append(line.lstrip("# ").rstrip())
                continue
            if line.split("\t")[:2] == ["term", "category"]:
                continue
            fields = line.split("\t")
            if len(fields) < 2 or fields[1] not in CATEGORIES:
                raise BiasmeterError(
                    f"{origin}, line {number}: expected 'term<TAB>category<TAB>source' with a category in "
                    f"{', '.join(CATEGORIES)}; got {line[:80]!r}"
                )
            # Articles use typographic and typewriter apostrophes alike; the file writes the latter.
            for term in {fields[0], fields[0].replace("'", "’")}:
                tokens = tuple(term.split())
                phrases.setdefault(tokens[0], []).append((tokens, fields[1]))
        index = {
            first: tuple(sorted(entries, key=lambda entry: -len(entry[0])))
            for first, entries in phrases.items()
        }
        return cls(index, "\n".join(header))


@cache
def loaded_terms() -> Lexicon:
    """Return the shipped loaded-terms lexicon (``biasmeter/data/loaded_terms.tsv``)."""
    source = resources.files("biasmeter") / "data" / "loaded_terms.tsv"
    return Lexicon.from_tsv(source.read_text(encoding="utf-8"), origin="biasmeter/data/loaded_terms.tsv")
