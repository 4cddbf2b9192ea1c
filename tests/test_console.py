from __future__ import annotations

import importlib.abc
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import ModuleType

import pytest

from biasmeter import _console


class _InterruptedImport(importlib.abc.MetaPathFinder):
    """Sends a SIGINT where the command line's module is imported, as a Ctrl-C while starting would.

    numpy's C code can turn the KeyboardInterrupt into an ImportError of its own; ``as_import_error`` does
    the same.
    """

    def __init__(self, as_import_error: bool) -> None:
        self.as_import_error = as_import_error

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if name != "biasmeter.cli":
            return None
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)  # the signal arrives before this ends
        except KeyboardInterrupt:
            if self.as_import_error:
                raise ImportError("PyCapsule_Import could not import module 'datetime'") from None
            raise
        raise AssertionError("no KeyboardInterrupt")


@pytest.mark.parametrize("as_import_error", [False, True])
def test_an_interrupt_while_starting_is_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], as_import_error: bool
) -> None:
    monkeypatch.delitem(sys.modules, "biasmeter.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_InterruptedImport(as_import_error), *sys.meta_path])
    assert _console.main(["--version"]) == 130
    assert capsys.readouterr().err == "biasmeter: interrupted while starting\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_import_error_without_an_interrupt_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "biasmeter.cli", raising=False)
    monkeypatch.setitem(sys.modules, "biasmeter.cli", None)  # importing it raises ImportError
    with pytest.raises(ImportError):
        _console.main(["--version"])


def test_the_console_runs_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert _console.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("biasmeter ")


def test_importing_biasmeter_leaves_the_heavy_libraries_until_they_are_used() -> None:
    # The window in which a Ctrl-C could only give an import traceback is numpy's and scikit-learn's import.
    code = (
        "import sys, biasmeter\n"
        "print(sorted(name for name in ('numpy', 'scipy', 'sklearn') if name in sys.modules))\n"
        "print(biasmeter.extract('Rain fell.').values['word_count'], 'numpy' in sys.modules)\n"
        "print(sorted(set(biasmeter.__all__) - set(dir(biasmeter))))\n"
        # Submodules are attributes, as when the package imported them all.
        "print(biasmeter.features.FEATURE_NAMES[0], biasmeter.corpus.Record.__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "2.0 True", "[]", "word_count Record"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    import biasmeter

    with pytest.raises(AttributeError, match="module 'biasmeter' has no attribute 'scroe'"):
        biasmeter.scroe  # type: ignore[attr-defined]  # noqa: B018
