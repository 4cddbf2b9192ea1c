"""The media-landscape chart: outlets placed by mean slant (x) and mean reliability (y).

matplotlib is an optional dependency (the ``plot`` extra); it is imported only when a chart
is drawn, so that scoring never pays for it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from biasmeter._input import check_output_file
from biasmeter.errors import BiasmeterError
from biasmeter.model import Target
from biasmeter.sources import OutletStats

__all__ = ["CHART_FORMATS", "check_chart_path", "landscape_chart", "require_matplotlib"]

#: File suffixes a chart can be written as.
CHART_FORMATS = (".png", ".svg", ".pdf")
_MIN_MARKER, _MAX_MARKER = 20.0, 500.0  # marker areas in points², for the smallest and the largest outlet


def check_chart_path(path: str | os.PathLike[str]) -> Path:
    """Refuse a chart file name with an unsupported suffix, or one that cannot be written, before any work.

    Examples
    --------
    >>> check_chart_path("landscape.svg").suffix
    '.svg'
    """
    target = Path(path)
    if target.suffix.lower() not in CHART_FORMATS:
        raise BiasmeterError(
            f"{target}: the chart file must end in {', '.join(CHART_FORMATS)}, "
            f"got {target.suffix or 'no suffix'}"
        )
    return check_output_file(target, example="landscape.svg")


def require_matplotlib() -> Any:
    """Return matplotlib's ``Figure`` class, or raise `BiasmeterError` saying how to install it.

    Raises
    ------
    BiasmeterError
        If matplotlib is not installed.
    """
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise BiasmeterError("drawing a chart needs matplotlib: python -m pip install matplotlib") from None
    return Figure


def landscape_chart(
    stats: Sequence[OutletStats], path: str | os.PathLike[str], *, title: str | None = None
) -> Path:
    """Draw outlets by mean slant and mean reliability and write the chart to ``path``.

    Each outlet is one point, its area proportional to its number of scored articles, labelled with its
    name; thin bars show the 95% confidence intervals where they are defined.

    Parameters
    ----------
    stats : sequence of OutletStats
        From `biasmeter.sources.aggregate`. Outlets without both means are left out.
    path : str or PathLike
        The file to write; the suffix (``.png``, ``.svg`` or ``.pdf``) picks the format.
    title : str, optional
        A title above the chart.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    BiasmeterError
        If matplotlib is not installed, the suffix is not supported, or the file cannot be written.
    """
    target = check_chart_path(path)
    figure_class = require_matplotlib()
    # A Figure without pyplot needs no GUI backend and keeps no global state between calls.
    figure = figure_class(figsize=(9, 6.5), layout="constrained")
    axes = figure.add_subplot()
    shown = [item for item in stats if item.slant.mean is not None and item.reliability.mean is not None]
    largest = max((item.articles for item in shown), default=1)
    for item in shown:
        x, y = item.slant.mean, item.reliability.mean
        assert x is not None  # filtered above; for the type checker
        assert y is not None
        size = _MIN_MARKER + (_MAX_MARKER - _MIN_MARKER) * item.articles / largest
        axes.scatter(
            [x], [y], s=size, alpha=0.6, color="tab:blue", edgecolors="black", linewidths=0.5, zorder=3
        )
        if item.slant.low is not None and item.slant.high is not None:
            axes.plot([item.slant.low, item.slant.high], [y, y], color="grey", linewidth=0.8, zorder=2)
        if item.reliability.low is not None and item.reliability.high is not None:
            axes.plot(
                [x, x], [item.reliability.low, item.reliability.high], color="grey", linewidth=0.8, zorder=2
            )
        axes.annotate(
            f"{item.outlet} ({item.articles})",
            (x, y),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=8,
            zorder=4,
        )
    axes.axvline(0, color="lightgrey", linewidth=1, zorder=1)
    # The label bands of both scales, where the labels change.
    for edge in Target.default("slant").cut_points:
        axes.axvline(edge, color="lightgrey", linewidth=1, linestyle=":", zorder=1)
    for level in Target.default("reliability").cut_points:
        axes.axhline(level, color="lightgrey", linewidth=1, linestyle=":", zorder=1)
    for level, band in ((20, "low"), (50, "mixed"), (80, "high")):
        axes.text(0.98, level, band, color="grey", fontsize=8, ha="right", va="center")
    axes.set_xlim(-1, 1)
    axes.set_ylim(0, 100)
    axes.set_xlabel("slant: ← left     center     right →")
    axes.set_ylabel("reliability (0–100)")
    axes.set_title(title or f"Media landscape: {len(shown)} outlets (point area ∝ scored articles)")
    axes.grid(True, alpha=0.2)
    try:
        figure.savefig(target, dpi=150)
    except OSError as error:
        raise BiasmeterError(f"{target}: cannot write the chart: {error.strerror or error}") from None
    return target
