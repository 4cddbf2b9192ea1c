"""Worker processes: how they start, how they get their data, and what a user reads when one fails."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from biasmeter.errors import BiasmeterError

__all__ = ["WorkerPool", "start_method", "worker_pool"]

_UNGUARDED = (
    "this worker process is importing the calling script, and the script starts workers again: with the "
    "spawn and forkserver start methods every worker imports the script, so the code that asks for more "
    'than one job must run under `if __name__ == "__main__":` (or use one job: n_jobs=1)'
)


def start_method() -> BaseContext:
    """The multiprocessing context for our workers.

    A start method that the program set (``multiprocessing.set_start_method``, or by using
    multiprocessing's default context before) is used as set. Otherwise fork, where the platform has it
    and it is safe (not macOS, whose system libraries break in a forked child): a forked worker inherits
    the loaded models and needs no ``if __name__ == "__main__":`` guard in the calling script. Python
    3.14 made forkserver the default on Linux, which would cost each worker an import of biasmeter and a
    copy of the models, and break such scripts. The context is asked for by name, which leaves the
    program's own default unset.

    Examples
    --------
    >>> start_method().get_start_method() in {"fork", "forkserver", "spawn"}
    True
    """
    method = multiprocessing.get_start_method(allow_none=True)
    if method is None:
        available = multiprocessing.get_all_start_methods()  # the platform's default first
        method = "fork" if sys.platform != "darwin" and "fork" in available else available[0]
    return multiprocessing.get_context(method)


class WorkerPool:
    """The `concurrent.futures.ProcessPoolExecutor` of `worker_pool`, seen through ``submit`` alone."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self._pool = pool

    def submit(self, function: Callable[..., Any], /, *args: Any) -> Future[Any]:
        """Schedule ``function(*args)`` in a worker and return its future."""
        try:
            return self._pool.submit(function, *args)
        except BrokenPipeError as error:
            # Starting a worker writes its set-up into a pipe; a worker that died while starting breaks it.
            raise BrokenProcessPool(f"a worker died while starting ({error})") from error


@contextmanager
def worker_pool(
    job: str,
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[WorkerPool]:
    """A pool of ``workers`` processes, each set up by ``initializer(*initargs)``, shut down on leaving.

    Parameters
    ----------
    job : str
        What the workers do, for messages, e.g. ``"scoring"``.
    workers : int
        Number of worker processes.
    initializer : callable, optional
        A module-level function, called once in each worker with ``initargs``.
    initargs : tuple
        Its arguments: inherited by forked workers, read from a private temporary file by others.

    Raises
    ------
    BiasmeterError
        If a worker dies, or when called in a worker that is still importing the calling script (under
        spawn or forkserver), which means the script starts workers without an ``if __name__ ==
        "__main__":`` guard.
    """
    # The flag that CPython's own check reads (multiprocessing.spawn._check_not_importing_main). Its error
    # comes too late: the half-started pool of the worker waits for ever, and so does the parent.
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise BiasmeterError(_UNGUARDED)
    context = start_method()
    with ExitStack() as stack:
        initargs_file = None
        if initializer is not None and context.get_start_method() != "fork":
            # Spawned workers receive their set-up through a pipe that the parent fills before the worker
            # reads it; with megabytes of models in it, a worker that dies while starting leaves the parent
            # blocked on the pipe for ever. A file name is small enough never to block.
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="biasmeter-")))
            initargs_file = str(folder / "initargs.pickle")
            Path(initargs_file).write_bytes(pickle.dumps(initargs, pickle.HIGHEST_PROTOCOL))
            initargs = ()
        pool = ProcessPoolExecutor(
            workers, context, _start_worker, (initializer, initargs, initargs_file, os.getpid())
        )
        try:
            yield WorkerPool(pool)
        except BrokenProcessPool as error:
            pool.shutdown(cancel_futures=True)
            raise BiasmeterError(_died(job, context.get_start_method(), error)) from error
        except BaseException:
            # Stopped from outside (Ctrl-C, or SIGTERM sent to the whole process group) or left early:
            # the pool's manager thread waits for ever on a result that a killed worker left half
            # written, so the caller does not wait for the pool. Workers that are alive finish their
            # chunk and exit.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        else:
            pool.shutdown(cancel_futures=True)


# How often a worker checks that the process that started it is still there.
_PARENT_CHECK_SECONDS = 1.0


def _start_worker(
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    initargs_file: str | None,
    owner: int,
) -> None:
    # A worker ends on SIGTERM, whatever handler it inherited from the parent by fork (the command line's
    # handler stops the parent, which leaves its workers to notice below).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(
        target=_exit_with_parent, args=(os.getppid(), owner), name="biasmeter-parent-watch", daemon=True
    ).start()
    if initargs_file is not None:
        # The file was written by the parent, just now, into a directory only this user can read.
        initargs = pickle.loads(Path(initargs_file).read_bytes())
    if initializer is not None:
        initializer(*initargs)


def _exit_with_parent(parent: int, owner: int) -> None:
    # Workers of a parent that was killed (SIGKILL, the out-of-memory killer, SIGTERM to a library user's
    # program) would otherwise wait for ever: each holds the other's end of the result pipe open, so
    # neither sees the pipe break, and they keep the caller's standard error open as well. Under
    # forkserver the parent is the fork server, which outlives the process that owns the pool (its
    # children hold its pipe open), so that process is watched too, where a process can be asked
    # whether it exists (signal 0; on Windows, os.kill would stop it instead).
    while os.getppid() == parent and (owner == parent or os.name != "posix" or _exists(owner)):
        time.sleep(_PARENT_CHECK_SECONDS)
    os._exit(1)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # another user's process has the number now: the owner, run by this user, is gone
    return True


def _died(job: str, method: str, error: BaseException) -> str:
    if method == "fork":
        cause, remedy = "It may have been killed (out of memory?)", "Try"
    else:
        cause = (
            "It may have been killed (out of memory?), or it ran a script that starts workers without an "
            f'`if __name__ == "__main__":` guard ({method} starts each worker by importing the script)'
        )
        remedy = "Guard the script, or try"
    return (
        f"a worker process stopped before {job} was done ({error.__class__.__name__}). {cause}. "
        f"{remedy} fewer jobs: n_jobs=1 (--jobs 1) works in this process"
    )
