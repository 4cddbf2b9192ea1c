"""Count the hyphenation points Pyphen finds in a word, several times faster than Pyphen.

Readability counts the syllables of words missing from the CMU dictionary as Pyphen's hyphenation points
plus one, as textstat does. ``Pyphen.positions`` is Liang's algorithm, but it looks up every substring of
the word up to the longest pattern (28 letters for ``en_US``) and merges each match with ``map(max)`` over
list slices into ``DataInt`` objects; at 20-35 µs a word it was most of readability's cost on new text.
Here the same patterns sit in a trie, so the search from each letter stops as soon as no pattern
continues it, and only the number of odd points within the margins is returned.

The patterns are read from Pyphen's parsed dictionary, so that parsing stays Pyphen's: ``Pyphen.hd`` is
its ``HyphDict`` and ``HyphDict.patterns`` (public, though only described as "Hyphenation patterns") maps
the letters of each pattern to the offset of its first non-zero point and the points from there.
``tests/features/test_syllables.py`` checks that layout and that every count equals
``len(Pyphen.positions(word))``, so a change in Pyphen shows up as a failing test.
"""

from __future__ import annotations

from typing import TypeAlias

import pyphen

__all__ = ["HyphenationPoints"]

# Pyphen's pattern: the offset of the first non-zero point from the pattern's start, and the points.
_Pattern: TypeAlias = tuple[int, tuple[int, ...]]
# A trie node: the nodes for each next letter, and the pattern spelled by the path to this node, if any.
_Node: TypeAlias = tuple[dict[str, "_Node"], "_Pattern | None"]


def _trie(patterns: dict[str, _Pattern]) -> dict[str, _Node]:
    root: dict[str, _Node] = {}
    for letters, pattern in patterns.items():
        children = root
        for letter in letters[:-1]:
            node = children.get(letter)
            if node is None:
                node = children[letter] = ({}, None)
            children = node[0]
        last = children.get(letters[-1])
        children[letters[-1]] = (last[0] if last is not None else {}, pattern)
    return root


class HyphenationPoints:
    """Count the hyphenation points of words as ``len(hyphenator.positions(word))`` does.

    Parameters
    ----------
    hyphenator : pyphen.Pyphen
        Supplies the patterns and the margins (``left``, ``right``): points closer than that to either
        end of the word are not hyphenation points.

    Examples
    --------
    >>> points = HyphenationPoints(pyphen.Pyphen(lang="en_US"))
    >>> points.count("alsharaa"), points.count("extermination")
    (1, 4)
    """

    def __init__(self, hyphenator: pyphen.Pyphen) -> None:
        self._left = hyphenator.left
        self._right = hyphenator.right
        self._root = _trie(hyphenator.hd.patterns)
        self._longest = max(map(len, hyphenator.hd.patterns), default=0)

    def count(self, word: str) -> int:
        """Return the number of hyphenation points in ``word``."""
        # As in Pyphen: the patterns are matched on the lower-cased word between dots marking its ends,
        # but the margins are measured on the word as given (lower-casing can change its length).
        pointed = f".{word.lower()}."
        points = [0] * (len(pointed) + 1)
        root = self._root
        longest = self._longest
        for start in range(len(pointed) - 1):
            children = root
            # No pattern is longer: a slice to the end would copy the rest of a long word at every letter.
            for letter in pointed[start : start + longest]:
                node = children.get(letter)
                if node is None:
                    break
                children, pattern = node
                if pattern is not None:
                    offset, values = pattern
                    for index, value in enumerate(values, start + offset):
                        if value > points[index]:
                            points[index] = value
        # points[i] is the point before letter i of the pointed word, which is position i - 1 in the word.
        first, last = self._left + 1, len(word) - self._right + 1
        return sum(value & 1 for value in points[first : last + 1]) if last >= first else 0
