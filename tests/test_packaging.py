"""An installed biasmeter has all its data: the lexicons and the shipped models.

The test command runs on an editable install, which reads ``src/`` directly, so a data file that the
wheel leaves out goes unnoticed there: a normal ``pip install`` then has no models. (``data/*`` did
that: it does not reach ``data/models/``.)
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "biasmeter"


def _package_data_patterns() -> list[str]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: list[str] = config["tool"]["setuptools"]["package-data"]["biasmeter"]
    return patterns


def test_package_data_takes_every_data_file() -> None:
    # The patterns are matched as setuptools matches them: globbed under the package folder, files only.
    taken = {
        Path(name)
        for pattern in _package_data_patterns()
        for name in glob.glob(os.path.join(PACKAGE, pattern), recursive=True)
        if Path(name).is_file()
    }
    data = {path for path in (PACKAGE / "data").rglob("*") if path.is_file()}
    assert {path.relative_to(PACKAGE).as_posix() for path in data - taken} == set()
    assert PACKAGE / "py.typed" in taken


@pytest.mark.slow
def test_the_wheel_holds_the_models(tmp_path: Path) -> None:
    # Built from a copy, so that setuptools' build folder stays out of the working tree.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    # Builds the wheel as pip does for a user, which fetches the build requirements from the registry.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(project)],
        check=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("biasmeter-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {
        "biasmeter/" + path.relative_to(PACKAGE).as_posix()
        for path in (PACKAGE / "data").rglob("*")
        if path.is_file()
    }
    assert data - names == set()
    assert {"biasmeter/data/models/slant.skops", "biasmeter/data/models/reliability.skops"} <= names
