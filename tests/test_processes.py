from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

import biasmeter
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
@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("pass", "fork"),
        ('multiprocessing.set_start_method("spawn")', "spawn"),
        # Where fork is not used, the platform's default is asked for by name, not taken as the default.
        ('sys.platform = "darwin"', "spawn"),
    ],
)
def test_fork_unless_the_program_chose_a_start_method(tmp_path: Path, setup: str, expected: str) -> None:
    # In a fresh process: the default context is process-wide state. Asking for ours must leave the
    # program free to set its own afterwards ("context has already been set" otherwise).
    result = run_file(
        tmp_path,
        f"""
        import multiprocessing, sys
        from biasmeter._processes import start_method
        {setup}
        print(start_method().get_start_method())
        multiprocessing.set_start_method("forkserver", force={"set_start_method" in setup})
        """,
    )
    assert result.stdout.strip() == expected, result.stderr
    assert result.returncode == 0, result.stderr


class _DyingModel(Model):
    """Scores in this process as usual; a worker process dies on its first chunk, as if killed."""

    parent = os.getpid()

    def _score_records(self, records: list[Any], max_chars: int) -> list[Score]:
        if os.getpid() != self.parent:
            os._exit(9)
        return super()._score_records(records, max_chars)


@fork_only
def test_a_loaded_model_and_its_forked_workers_build_nothing_more(tmp_path: Path) -> None:
    # Loading builds the lexicons, the outlet-name pattern and the n-gram index; from then on, building any
    # of them again, in this process or in a worker, fails the script.
    result = run_file(
        tmp_path,
        f"""
        import json

        import biasmeter
        from biasmeter.features._syllables import SyllableCounter
        from biasmeter.features._vader import SentenceScorer
        from biasmeter.ngrams import SharedNgrams
        from biasmeter.outlets import _Masker

        model = biasmeter.default_model()

        def built_again(*args, **kwargs):
            raise AssertionError("built again after loading")

        for built in (SyllableCounter, SentenceScorer, SharedNgrams, _Masker):
            built.__init__ = built_again
        if __name__ == "__main__":
            for n_jobs in (1, 2):
                scores = list(model.score_many([{ARTICLE!r}] * 3, n_jobs=n_jobs))
                print(json.dumps([score.error or score.reliability_label for score in scores]))
        """,
    )
    assert result.returncode == 0, result.stderr
    labels = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(labels) == 2
    assert all(label in ("high", "mixed", "low") for line in labels for label in line), labels


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
            records = [{{"id": str(i), "text": {ARTICLE!r} * (1 + i % 3)}} for i in range(150)]
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


def _refuse_to_be_rebuilt() -> None:
    raise RuntimeError("this object cannot be rebuilt in another process")


class _OneWayObject:
    """Pickles, but cannot be unpickled: as an object of a class that only the calling script defines."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_refuse_to_be_rebuilt, ())


def test_records_a_worker_cannot_rebuild_score_as_in_one_process() -> None:
    records = [{"text": ARTICLE, "id": i, "kept": _OneWayObject()} for i in range(3)]
    one = [(result.id, result.status, result.reliability) for result in biasmeter.score_many(records)]
    two = [
        (result.id, result.status, result.reliability) for result in biasmeter.score_many(records, n_jobs=2)
    ]
    assert one == two
    assert [status for _, status, _ in one] == ["scored"] * 3


def test_a_broken_pipe_of_the_caller_is_not_taken_for_a_dead_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    # A progress callback writing to a closed pipe (stderr piped into `head`) raises BrokenPipeError
    # while the workers are fine; it must reach the caller as it is.
    from synthetic_news import news

    monkeypatch.setattr(biasmeter.retrain._fits, "_PARALLEL_MIN", 0)

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "model fits" and done:
            raise BrokenPipeError(32, "Broken pipe")

    with pytest.raises(BrokenPipeError):
        biasmeter.train(news(), target="reliability", label="quality", folds=3, jobs=2, progress=progress)


def _running(pid: int) -> bool:
    # A process that has exited but is not yet reaped by its new parent is a zombie: it runs no more.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_workers_exit_when_their_parent_is_killed(tmp_path: Path, method: str) -> None:
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import multiprocessing, time
            import biasmeter
            if __name__ == "__main__":
                multiprocessing.set_start_method({method!r})
                results = biasmeter.score_many([{ARTICLE!r}] * 2000, n_jobs=2)
                next(results)
                print(" ".join(str(child.pid) for child in multiprocessing.active_children()), flush=True)
                time.sleep(120)
            """
        )
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2
    finally:
        parent.kill()  # SIGKILL: no chance to shut the workers down, as with the out-of-memory killer
        parent.wait()
    deadline = time.monotonic() + 15
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    survivors = [pid for pid in workers if _running(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "workers outlived their parent"
