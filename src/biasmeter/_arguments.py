"""What the commands of `biasmeter.cli` and `biasmeter.cli_train` share about their arguments.

Value types for options (each raises `argparse.ArgumentTypeError`, so argparse reports the option, the
value and what was expected), help texts, the check that an output is not an input, and whether a stream
is a terminal.

Examples
--------
>>> whole_number(2)("5"), positive_number("0.01"), jobs("-1")
(5, 0.01, -1)
"""

from __future__ import annotations

import argparse
import math
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from biasmeter.errors import BiasmeterError

__all__ = [
    "add_text_field_option",
    "check_output_is_not_input",
    "epilog",
    "is_terminal",
    "jobs",
    "positive_number",
    "whole_number",
]

# Help texts are wrapped for an 80-column terminal, less the indent argparse adds.
_HELP_WIDTH = 78


def epilog(*paragraphs: str, examples: Sequence[str]) -> str:
    """Help text after the options: prose wrapped for an 80-column terminal, then examples as written."""
    prose = [textwrap.fill(" ".join(paragraph.split()), width=_HELP_WIDTH) for paragraph in paragraphs]
    return "\n\n".join([*prose, "examples:\n" + "\n".join(f"  {example}" for example in examples)])


def whole_number(minimum: int) -> Callable[[str], int]:
    """A parser of whole numbers of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def jobs(text: str) -> int:
    """Parse a number of worker processes: at least 1, or -1 for one per CPU (as ``n_jobs`` takes it)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1 and value != -1:
        raise argparse.ArgumentTypeError(f"must be at least 1, or -1 for one per CPU, got {value}")
    return value


def positive_number(text: str) -> float:
    """Parse a finite number greater than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal (a stream without ``isatty`` is not)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def check_output_is_not_input(output: Path, inputs: Sequence[str]) -> None:
    """Refuse to write over an input, or into a folder being read (the output would be read back)."""
    target = output.resolve()
    for name in inputs:
        if name == "-":
            continue
        source = Path(name).resolve()
        if target == source or (source.is_dir() and target.is_relative_to(source)):
            place = "an input" if target == source else f"inside the input folder {name}"
            raise BiasmeterError(f"the output {output} is {place}; write it somewhere else")


def add_text_field_option(parser: argparse.ArgumentParser) -> None:
    """``--text-field NAME``: the column or JSON field that holds each article's text."""
    parser.add_argument(
        "--text-field",
        default="text",
        metavar="NAME",
        help="the column (JSON field) that holds the article text, e.g. body or content (default: text); "
        "a field named text besides it is kept as input_text",
    )
