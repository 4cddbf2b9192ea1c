"""The ``biasmeter`` command's entry point: it stays light, so that a Ctrl-C while starting is quiet."""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from types import FrameType

__all__ = ["EXIT_INTERRUPTED", "main"]

#: The conventional exit status of a program stopped by SIGINT (128 + 2), here and in `biasmeter.cli`.
EXIT_INTERRUPTED = 128 + signal.SIGINT


class _Interrupts:
    """A SIGINT handler that raises KeyboardInterrupt, as Python's own does, and remembers that it did."""

    def __init__(self) -> None:
        self.seen = False

    def __call__(self, number: int, frame: FrameType | None) -> None:
        self.seen = True
        raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; see `biasmeter.cli.main`."""
    interrupts = _Interrupts()
    # A SIGINT that the caller ignores (a job started in the background) stays ignored.
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupts)
    try:
        # numpy, scipy and scikit-learn load here, for about a second. An interrupt then is no error, even
        # where a C extension turns it into an ImportError of its own.
        from biasmeter.cli import main as run
    except BaseException:
        if not interrupts.seen:
            raise
        print("biasmeter: interrupted while starting", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if previous is signal.default_int_handler:
            signal.signal(signal.SIGINT, previous)
    return run(argv)
