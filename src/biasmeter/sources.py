"""Outlets at a glance: scored articles grouped by outlet, with means and 95% confidence intervals.

This reads what ``biasmeter score`` writes (JSON Lines, or its ``--format csv`` output), keeps the scored
records, groups them by outlet and summarises each outlet's reliability and slant. An outlet is the
registrable domain of the record's ``url`` (``edition.cnn.com`` → ``cnn.com``), else of its ``domain``,
else its ``source`` name, else ``"unknown"``; see `biasmeter.outlets.outlet_of`.

Examples
--------
>>> rows = [
...     {"status": "scored", "url": "https://a.com/1", "reliability": 40.0, "slant": -0.2},
...     {"status": "scored", "url": "https://www.a.com/2", "reliability": 60.0, "slant": 0.2},
...     {"status": "abstained", "url": "https://a.com/3", "reliability": None, "slant": None},
... ]
>>> [outlet] = aggregate(rows)
>>> outlet.outlet, outlet.articles, outlet.reliability.mean, outlet.reliability.n
('a.com', 2, 50.0, 2)
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from biasmeter.corpus import iter_records
from biasmeter.errors import BiasmeterError
from biasmeter.outlets import outlet_of

__all__ = [
    "UNKNOWN_OUTLET",
    "Estimate",
    "OutletStats",
    "ScoredFile",
    "aggregate",
    "mean_interval",
    "read_scored",
]

#: The outlet of a record with no usable ``url``, ``domain`` or ``source``.
UNKNOWN_OUTLET = "unknown"
# Each score's scale; a value outside it is not biasmeter output (and a huge one would overflow the mean).
_SCALES = {"reliability": (0.0, 100.0), "slant": (-1.0, 1.0)}
# A probability-weighted score can land a rounding error beyond its scale's end.
_ROUNDING = 1e-9


@dataclass(frozen=True)
class Estimate:
    """The mean of one score over an outlet's articles, with a two-sided confidence interval.

    Attributes
    ----------
    mean : float or None
        The arithmetic mean; None when no article has this score.
    low, high : float or None
        The t-distribution interval around the mean; None when it is undefined (fewer than two values).
        It is not clipped to the score's scale: a wide interval that runs past 0 or 100 says how little
        the articles tell about the outlet.
    n : int
        How many values the estimate rests on.
    """

    mean: float | None
    low: float | None
    high: float | None
    n: int


@dataclass(frozen=True)
class OutletStats:
    """One outlet's scored articles, summarised.

    Attributes
    ----------
    outlet : str
        The grouping key (a registrable domain, a source name, or ``"unknown"``).
    articles : int
        How many scored articles it has.
    reliability, slant : Estimate
        Mean and 95% confidence interval of each score.
    """

    outlet: str
    articles: int
    reliability: Estimate
    slant: Estimate


def mean_interval(values: Iterable[float], confidence: float = 0.95) -> Estimate:
    """The mean of ``values`` with a confidence interval from Student's t-distribution.

    The interval is ``mean ± t(1 - (1 - confidence) / 2, n - 1) · s / √n`` with ``s`` the sample standard
    deviation (``n - 1`` in the denominator). It treats the articles as a random sample of the outlet's
    output, which is what a reader wants to know about; it says nothing about the model's own error.

    Parameters
    ----------
    values : iterable of float
        The scores of one outlet's articles.
    confidence : float, default 0.95
        The coverage of the interval, between 0 and 1.

    Returns
    -------
    Estimate
        ``low`` and ``high`` are None when there are fewer than two values; ``mean`` is None for none.

    Examples
    --------
    >>> estimate = mean_interval([40.0, 50.0, 60.0])
    >>> estimate.mean, round(estimate.low, 3), round(estimate.high, 3)
    (50.0, 25.159, 74.841)
    >>> mean_interval([0.5])
    Estimate(mean=0.5, low=None, high=None, n=1)
    """
    from scipy import stats  # imported here: scipy.stats takes a noticeable time to import

    if not 0 < confidence < 1:
        raise BiasmeterError(f"confidence must be between 0 and 1, got {confidence}")
    data = [float(value) for value in values]
    n = len(data)
    if n == 0:
        return Estimate(None, None, None, 0)
    mean = math.fsum(data) / n
    if n == 1:
        return Estimate(mean, None, None, 1)
    deviation = math.sqrt(math.fsum((value - mean) ** 2 for value in data) / (n - 1))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * deviation / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)


def _scores(record: Mapping[str, Any]) -> dict[str, float | None]:
    """A scored record's reliability and slant as floats; None for a missing one (None or an empty cell).

    Raises
    ------
    ValueError
        If a score is not a number on its scale.
    """
    numbers: dict[str, float | None] = {}
    for metric, (low, high) in _SCALES.items():
        value = record.get(metric)
        if value is None or value == "":
            numbers[metric] = None
            continue
        try:
            # A CSV cell is a string; float() also reads "52.5". A bool is a JSON true, not a score.
            number = float(value) if not isinstance(value, bool) else math.nan
        except (TypeError, ValueError):
            number = math.nan
        slack = _ROUNDING * (high - low)
        if not low - slack <= number <= high + slack:  # NaN fails this too
            raise ValueError(f"{metric} must be a number from {low:g} to {high:g}, got {value!r}")
        numbers[metric] = number
    return numbers


@dataclass
class _Group:
    articles: int = 0
    values: dict[str, list[float]] = field(default_factory=lambda: {metric: [] for metric in _SCALES})


def aggregate(
    records: Iterable[Mapping[str, Any]], *, min_articles: int = 1, confidence: float = 0.95
) -> list[OutletStats]:
    """Group scored records by outlet and summarise each outlet's reliability and slant.

    Parameters
    ----------
    records : iterable of mapping
        Records as ``biasmeter score`` writes them: ``status``, ``reliability``, ``slant`` and any of
        ``url``, ``domain``, ``source``. Records whose status is not ``"scored"`` are left out.
    min_articles : int, default 1
        Leave out outlets with fewer scored articles.
    confidence : float, default 0.95
        The coverage of the intervals.

    Returns
    -------
    list of OutletStats
        Most articles first, then by outlet name.

    Raises
    ------
    BiasmeterError
        If a scored record has a score that is not a number on its scale.
    """
    groups: dict[str, _Group] = {}
    for record in records:
        if record.get("status") != "scored":
            continue
        try:
            numbers = _scores(record)
        except ValueError as error:
            where = record.get("id") or "a record"
            raise BiasmeterError(f"{where}: {error}") from None
        group = groups.setdefault(outlet_of(record) or UNKNOWN_OUTLET, _Group())
        group.articles += 1
        for metric, number in numbers.items():
            if number is not None:
                group.values[metric].append(number)
    result = [
        OutletStats(
            outlet,
            group.articles,
            mean_interval(group.values["reliability"], confidence),
            mean_interval(group.values["slant"], confidence),
        )
        for outlet, group in groups.items()
        if group.articles >= min_articles
    ]
    result.sort(key=lambda stats: (-stats.articles, stats.outlet))
    return result


# What ``biasmeter score`` writes. A plain-text file is an article, whose words would be taken for a status.
_SCORE_OUTPUT = ("jsonl", "csv")
# The fields that make two score output records one and the same result: where the input record was,
# and what it was given. Where alone is not enough: two runs over standard input, or over files of one
# name in two folders, share origins, lines and ids.
_KEY = ("origin", "line", "id", "status", "reliability", "slant")


@dataclass
class ScoredFile:
    """Records read from ``biasmeter score`` output, and the lines that could not be used.

    Iterate over it for the records (each a dict); ``problems`` and ``statuses`` fill up as it is read.

    Attributes
    ----------
    problems : list of str
        One message per unusable line (malformed, without a ``status``, or scored with a score that is
        not a number on its scale), with its file and line.
    statuses : Counter
        How many usable records have each status (``"scored"``, ``"abstained"``, ``"failed"``).
    repeated : int
        How many records were left out because an earlier one was the same result (the same ``origin``,
        ``line``, ``id``, status and scores): one run's output read twice, as JSON Lines and as CSV, say.
    """

    paths: list[str | os.PathLike[str]]
    problems: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    repeated: int = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        # The score output has no text; every record it writes has a non-empty status, so the corpus
        # reader's check for the text field becomes a check that the line is biasmeter output.
        seen: set[tuple[str, ...]] = set()
        for record in iter_records(self.paths, text_field="status", formats=_SCORE_OUTPUT):
            if record.error is not None or record.data is None:
                self.problems.append(record.error or f"{record.origin}:{record.line}: unreadable")
                continue
            if record.data.get("origin") is not None and record.data.get("line") is not None:
                # As text, so that a CSV cell ("3") and a JSON number (3) of one record are one key.
                key = tuple("" if record.data.get(name) is None else str(record.data[name]) for name in _KEY)
                if key in seen:
                    self.repeated += 1
                    continue
                seen.add(key)
            if record.data["status"] == "scored":
                try:
                    _scores(record.data)
                except ValueError as error:
                    # One edited or foreign line is left out like a malformed one, not the whole summary.
                    self.problems.append(f"{record.origin}:{record.line}: {error}")
                    continue
            self.statuses[str(record.data["status"])] += 1
            data = record.data
            extra = data.pop("extra", None)
            if isinstance(extra, str) and extra.strip():
                # The CSV output keeps the input's other columns as one JSON object in "extra".
                try:
                    kept = json.loads(extra)
                except json.JSONDecodeError:
                    self.problems.append(f"{record.origin}:{record.line}: the 'extra' column is not JSON")
                    continue
                if isinstance(kept, dict):
                    for key, value in kept.items():
                        data.setdefault(key, value)
            elif extra is not None:
                data["extra"] = extra  # a JSON Lines record with an input field of that name
            yield data


def read_scored(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    log: Callable[[str], None] | None = None,
) -> ScoredFile:
    """Read the output of ``biasmeter score`` (JSON Lines or CSV, optionally compressed, or ``-``).

    Parameters
    ----------
    paths : str, path-like, or iterable of them
        Files, folders, or ``-`` for standard input (read as JSON Lines).
    log : callable, optional
        Hears a note for each folder that holds files other than score output, which are left out.

    Returns
    -------
    ScoredFile
        An iterable of records; unusable lines are collected in ``problems`` rather than raised.

    Raises
    ------
    BiasmeterError
        If a path does not exist or has an unsupported suffix.
    """
    listed = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    # Resolves the paths now, so that a typo or a file of articles fails here.
    iter_records(listed, text_field="status", formats=_SCORE_OUTPUT, log=log)
    return ScoredFile(listed)
