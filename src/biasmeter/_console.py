"""The ``biasmeter`` command's entry point: it stays light, so that a Ctrl-C while starting is quiet."""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

# The conventional exit status of a program stopped by SIGINT (128 + 2).
_EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; see `biasmeter.cli.main`."""
    try:
        # numpy, scipy and scikit-learn load here, for about a second: an interrupt then is no error.
        from biasmeter.cli import main as run
    except KeyboardInterrupt:
        print("biasmeter: interrupted while starting", file=sys.stderr)
        return _EXIT_INTERRUPTED
    return run(argv)
