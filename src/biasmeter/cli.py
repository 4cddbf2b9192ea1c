"""The ``biasmeter`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from biasmeter import __version__
from biasmeter.errors import BiasmeterError
from biasmeter.features import extract

__all__ = ["main"]


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BiasmeterError(f"no such file: {path}") from None
    except UnicodeDecodeError as error:
        raise BiasmeterError(f"{path} is not UTF-8 text (byte {error.start}); convert it first") from None
    except IsADirectoryError:
        raise BiasmeterError(f"{path} is a directory; give a text file") from None


def _extract_command(arguments: argparse.Namespace) -> int:
    features = extract(_read_text(arguments.file), arguments.title)
    print(json.dumps(features.to_dict(), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``biasmeter`` command."""
    parser = argparse.ArgumentParser(
        prog="biasmeter",
        description="Score news articles for reliability and slant, with the evidence behind each score.",
    )
    parser.add_argument("--version", action="version", version=f"biasmeter {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract_parser = commands.add_parser(
        "extract",
        help="print the features of one article and the evidence behind them, as JSON",
        description="Print the features of one article and the evidence behind them, as JSON.",
        epilog="example: biasmeter extract article.txt --title 'Putin hosts Syrian leader'",
    )
    extract_parser.add_argument("file", help="a UTF-8 text file with the article, or - for standard input")
    extract_parser.add_argument("--title", help="the headline, if it is not part of the file")
    extract_parser.set_defaults(run=_extract_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    arguments = build_parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except BiasmeterError as error:
        print(f"biasmeter: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
