"""A report for a person: both scores, the reasons behind them, and the evidence shown in its context.

This is what ``biasmeter explain`` prints. The report is plain text; when ``color`` is on, labels and
evidence spans are set off with ANSI bold and colour, otherwise each span is marked as ``[[span]]``.

Examples
--------
>>> from biasmeter.evidence import Span
>>> from biasmeter.model import Contribution
>>> from biasmeter.scoring import Score
>>> text = 'Officials said the plan was a "disaster" for the city, according to a report.'
>>> score = Score(
...     reliability=71.5, reliability_label="high", slant=-0.1, slant_label="center",
...     probabilities={"reliability": {"low": 0.25, "high": 0.75},
...                    "slant": {"left": 0.3, "center": 0.5, "right": 0.2}},
...     evidence=[Span(30, 40, "scare_quote", '"disaster"')],
...     contributions={"reliability": [Contribution("quote_count", 1.0, 0.25)], "slant": []},
... )
>>> report = render_report(score, text)
>>> print(report.splitlines()[0])
Reliability  71.5 / 100  high    low 0.25 · high 0.75
>>> print(report.splitlines()[-1])
    Officials said the plan was a [["disaster"]] for the city, according to a…
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from biasmeter._input import clean_text
from biasmeter.article import MIN_WORDS
from biasmeter.evidence import Span
from biasmeter.model import Contribution
from biasmeter.scoring import Score

__all__ = ["context", "render_report"]

_BOLD = "\033[1m"
_HIGHLIGHT = "\033[1;33m"  # bold yellow: readable on dark and light terminals
_RESET = "\033[0m"
_WHITESPACE = re.compile(r"\s+")
# C1 control characters, which `clean_text` keeps for the features' sake: a terminal may act on them (U+009B
# starts an escape sequence, as ESC [ does).
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_LONGEST_SPAN = 200  # characters of a span shown in full; longer ones (whole sentences) are shortened
_DIRECTION = {"reliability": "towards reliable", "slant": "towards right"}
_ABSTENTIONS = {
    "too short": f"the text has fewer than {MIN_WORDS} words, too few to judge",
    "language": "the text does not look like English, the only language the models know",
    "no letters": "the text has no letters",
}


def _squash(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def _displayable(text: str) -> str:
    """``text`` with every control character replaced one for one, so that none reaches the terminal."""
    # The text was scored, so whatever limit on its length the scoring used, it is within it.
    return _C1_CONTROLS.sub(" ", clean_text(text, max_chars=max(1, len(text))))


def _shorten(text: str) -> str:
    if len(text) <= _LONGEST_SPAN:
        return text
    # Cut at blanks, so that no word is shown in part.
    half = _LONGEST_SPAN // 2
    head, tail = text[:half], text[-half:]
    head = head.rsplit(" ", 1)[0] if " " in head else head
    tail = tail.split(" ", 1)[1] if " " in tail else tail
    return f"{head} … {tail}"


def context(source: str, start: int, end: int, *, words: int = 6, color: bool = False) -> str:
    """The span ``source[start:end]`` with up to ``words`` words either side, on one line.

    Parameters
    ----------
    source : str
        The text the span points into.
    start, end : int
        Half-open character offsets of the span.
    words : int, default 6
        Whole words of context on each side; a word the span cuts through is shown whole.
    color : bool, default False
        Highlight the span with ANSI bold yellow instead of ``[[…]]`` markers.

    Returns
    -------
    str
        White space collapsed to single blanks, with ``…`` where the text goes on.

    Examples
    --------
    >>> context("One two three four five six seven eight nine.", 14, 18, words=2)
    '…two three [[four]] five six…'
    >>> context("Hello world", 0, 5)
    '[[Hello]] world'
    """
    before = source[max(0, start - 40 * (words + 1)) : start]
    after = source[end : end + 40 * (words + 1)]
    # The last ``words`` whole words before the span, plus any part of a word the span starts inside.
    left_match = re.search(rf"(?:\S+\s+){{0,{words}}}\S*\Z", before)
    right_match = re.match(rf"\S*(?:\s+\S+){{0,{words}}}", after)
    left = left_match.group() if left_match else ""
    right = right_match.group() if right_match else ""
    left_more = start - len(left) > 0 and source[: start - len(left)].strip() != ""
    right_more = end + len(right) < len(source) and source[end + len(right) :].strip() != ""
    span = _shorten(_squash(source[start:end]).strip())
    marked = f"{_HIGHLIGHT}{span}{_RESET}" if color else f"[[{span}]]"
    left_text = _squash(left).lstrip()
    right_text = _squash(right).rstrip()
    return ("…" if left_more else "") + left_text + marked + right_text + ("…" if right_more else "")


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() and abs(value) < 1e6 else f"{value:.3g}"


def _reason(item: Contribution) -> str:
    value = item.value
    if item.feature.startswith("term:"):
        what = f'the words "{item.feature[5:]}" (weight {_number(value)})'
    else:
        what = f"{item.feature} = {_number(value)}"
    return f"{item.contribution:+.2f}  {what}"


def _probabilities(values: dict[str, float]) -> str:
    return " · ".join(f"{name} {probability:.2f}" for name, probability in values.items())


def _headline(name: str, score: Score, color: bool) -> str:
    value = getattr(score, name)
    label = getattr(score, f"{name}_label") or ""
    shown = f"{value:.1f} / 100" if name == "reliability" else f"{value:+.2f} (-1…+1)"
    label_text = f"{_BOLD}{label}{_RESET}" if color else label
    pad = " " * max(1, 8 - len(label))
    probabilities = _probabilities(score.probabilities.get(name, {}))
    return f"{name.capitalize():<12} {shown}  {label_text}{pad}{probabilities}".rstrip()


def _evidence(
    spans: Sequence[Span], text: str, title: str, *, per_kind: int, words: int, color: bool
) -> list[str]:
    by_kind: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        by_kind[span.kind].append(span)
    lines = [f"Evidence ({len(spans)} spans, grouped by kind; {per_kind} shown per kind):"]
    for kind in sorted(by_kind):
        found = sorted(by_kind[kind], key=lambda span: (span.field != "title", span.start, span.end))
        lines.append(f"  {kind} ({len(found)})")
        for span in found[:per_kind]:
            source = title if span.field == "title" else text
            where = "title: " if span.field == "title" else ""
            detail = f"   ({span.detail})" if span.detail else ""
            lines.append(
                f"    {where}{context(source, span.start, span.end, words=words, color=color)}{detail}"
            )
        if len(found) > per_kind:
            lines.append(f"    … and {len(found) - per_kind} more")
    return lines


def render_report(
    score: Score,
    text: str,
    title: str | None = None,
    *,
    color: bool = False,
    top: int = 8,
    per_kind: int = 5,
    words: int = 6,
) -> str:
    r"""Render a scored article as a report a person reads.

    Parameters
    ----------
    score : Score
        The result of scoring ``text`` (and ``title``).
    text : str
        The article text that was scored; evidence offsets point into it, or into ``score.text`` when the
        text was an HTML page.
    title : str, optional
        The headline that was scored with it, if any; ``score.title`` when the page's own title was used.
    color : bool, default False
        Use ANSI bold and colour (for a terminal); otherwise mark spans as ``[[…]]``.
    top : int, default 8
        Reasons shown per score.
    per_kind : int, default 5
        Evidence spans shown per kind, in order of position.
    words : int, default 6
        Words of context either side of a span.

    Returns
    -------
    str
        The report, lines separated by ``\n``, without a final line break.
    """
    lines: list[str] = []
    if score.error:
        lines.append(f"Not scored: {score.error}")
    elif score.abstained:
        reason = _ABSTENTIONS.get(score.abstained, score.abstained)
        lines.append(f"Not scored (abstained: {score.abstained}): {reason}.")
    else:
        for name in ("reliability", "slant"):
            if getattr(score, name) is not None:
                lines.append(_headline(name, score, color))
        for name, items in score.explain(top).items():
            lines.append("")
            lines.append(f"Why this {name} (signed push in log-odds, + is {_DIRECTION.get(name, 'up')}):")
            lines.extend(f"  {_reason(item)}" for item in items)
            if not items:
                lines.append("  (no feature moved this score)")
    if score.evidence:
        lines.append("")
        lines.extend(
            _evidence(
                score.evidence,
                _displayable(score.text if score.text is not None else text),
                _displayable(score.title if score.title is not None else title or ""),
                per_kind=per_kind,
                words=words,
                color=color,
            )
        )
    elif not score.error:
        lines.append("")
        lines.append("Evidence: none found.")
    return "\n".join(lines)
