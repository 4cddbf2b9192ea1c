from __future__ import annotations

import importlib.abc
import subprocess
import sys
from collections.abc import Sequence
from types import ModuleType

import pytest

from biasmeter import _console


class _InterruptedImport(importlib.abc.MetaPathFinder):
    """Raises KeyboardInterrupt where the command line's module is imported, as a Ctrl-C then would."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if name == "biasmeter.cli":
            raise KeyboardInterrupt
        return None


def test_an_interrupt_while_starting_is_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "biasmeter.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_InterruptedImport(), *sys.meta_path])
    assert _console.main(["--version"]) == 130
    assert capsys.readouterr().err == "biasmeter: interrupted while starting\n"


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
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "2.0 True", "[]"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    import biasmeter

    with pytest.raises(AttributeError, match="module 'biasmeter' has no attribute 'scroe'"):
        biasmeter.scroe  # type: ignore[attr-defined]  # noqa: B018
