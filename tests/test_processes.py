from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import biasmeter
from biasmeter._processes import start_method
from biasmeter.scoring import Model, Score

fork_only = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin",
    reason="the default start method is fork only where the platform offers it safely",
)

ARTICLE = "The council met on Monday and agreed the budget after a long debate. " * 8


def run_file(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    # A file, not "-c": spawn starts each worker by running the calling script again.
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source))
    workspace = tmp_path / "temporary"
    workspace.mkdir()
    environment = {**os.environ, "TMPDIR": str(workspace)}
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=180, env=environment
    )
    assert not list(workspace.iterdir()), "the hand-over file of the workers was left behind"
    return result


@fork_only
def test_fork_unless_the_program_chose_a_start_method(tmp_path: Path) -> None:
    assert start_method().get_start_method() == "fork"
    chosen = run_file(
        tmp_path,
        """
        import multiprocessing
        multiprocessing.set_start_method("spawn")
        from biasmeter._processes import start_method
        print(start_method().get_start_method())
        """,
    )
    assert chosen.stdout.strip() == "spawn", chosen.stderr


class _DyingModel(Model):
    """Scores in this process as usual; a worker process dies on its first chunk, as if killed."""

    parent = os.getpid()

    def _score_records(self, records: list[Any], max_chars: int) -> list[Score]:
        if os.getpid() != self.parent:
            os._exit(9)
        return super()._score_records(records, max_chars)


@fork_only
def test_a_worker_that_dies_gives_a_message_not_a_broken_pool() -> None:
    model = _DyingModel(biasmeter.default_model().models)
    with pytest.raises(biasmeter.BiasmeterError, match=r"worker process stopped before scoring.*n_jobs=1"):
        list(model.score_many([ARTICLE] * 3, n_jobs=2))


def test_spawned_workers_score_as_this_process_does(tmp_path: Path) -> None:
    result = run_file(
        tmp_path,
        f"""
        import json, multiprocessing
        import biasmeter
        if __name__ == "__main__":
            multiprocessing.set_start_method("spawn")
            records = [{{"id": str(i), "text": {ARTICLE!r} * (i + 1)}} for i in range(3)]
            one = [s.to_dict() for s in biasmeter.score_many(records)]
            two = [s.to_dict() for s in biasmeter.score_many(records, n_jobs=2)]
            print(json.dumps(one == two))
        """,
    )
    assert result.stdout.strip() == "true", result.stderr


def test_an_unguarded_script_under_spawn_is_told_to_guard_itself(tmp_path: Path) -> None:
    result = run_file(
        tmp_path,
        f"""
        import multiprocessing
        import biasmeter
        multiprocessing.set_start_method("spawn", force=True)
        list(biasmeter.score_many([{ARTICLE!r}] * 3, n_jobs=2))
        """,
    )
    assert result.returncode != 0
    # The worker says what it found; the parent, which only sees the worker die, says what may be wrong.
    worker, parent = [line for line in result.stderr.splitlines() if line.startswith("biasmeter.errors")]
    assert "this worker process is importing the calling script" in worker
    assert "worker process stopped before scoring was done" in parent
    assert 'if __name__ == "__main__":' in parent
