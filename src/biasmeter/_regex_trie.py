"""Many literal alternatives as one regex that shares their common prefixes."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["RegexTrie", "word_alternation"]


class RegexTrie:
    """Alternatives that start with literal text, rendered as one regex that shares their common prefixes.

    Python's regex engine tries the alternatives of a group one after the other, at every position. A
    trie of a few hundred names, wire credits and cue words costs one character comparison per first
    character instead, which keeps masking well under a millisecond per article.
    """

    def __init__(self) -> None:
        self.children: dict[str, RegexTrie] = {}
        self.tails: list[str] = []

    def add(self, atoms: Iterable[str], tail: str) -> None:
        node = self
        for atom in atoms:
            node = node.children.setdefault(atom, RegexTrie())
        if tail not in node.tails:
            node.tails.append(tail)

    def render(self) -> str:
        branches = []
        for atom in sorted(self.children):
            child, prefix = self.children[atom], atom
            # Collapse a chain of single children into one literal run.
            while len(child.children) == 1 and not child.tails:
                ((atom, child),) = child.children.items()
                prefix += atom
            branches.append(prefix + child.render())
        # Longer names before the end of a shorter one, so "Fox News" wins over "Fox".
        branches += self.tails
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def word_alternation(words: Iterable[str]) -> str:
    """A group matching any of ``words``, longest first where one word starts another.

    Examples
    --------
    >>> word_alternation(["say", "said", "says", "saying"])
    '(?:sa(?:id|y(?:ing|s|)))'
    """
    trie = RegexTrie()
    for word in words:
        trie.add(map(re.escape, word), "")
    return f"(?:{trie.render()})"
