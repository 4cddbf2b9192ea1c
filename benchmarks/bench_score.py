"""End-to-end scoring speed and memory: ``score_many`` with features and both default models.

Run on demand (not a test)::

    python benchmarks/bench_score.py [--articles 2000] [--memory-records 500] [--part all|speed|memory|stages]

1. Articles per second for ``score_many`` over AllSides articles (``valid`` first, then ``train`` when
   more are asked for), in one process and with ``n_jobs=2``, and the ratio of the two. Model loading
   (which also builds the lexicons, outlet-name pattern and n-gram index that scoring reads) is timed on
   its own and not counted; starting the worker processes is counted, as a user would pay it. The
   articles are new to the process, so per-word caches start empty, as in a user's first batch.
2. Peak memory (maximum resident set size) of a fresh process that streams N and then 10 × N records
   from a generator through ``score_many`` without keeping the results. If the stream is really
   streamed, the peak does not grow with the number of records.
3. With ``--part stages`` only: where one process spends its time, per article, in a first and a second
   pass over the same articles (the first also pays the one-off costs, such as compiling the outlet-name
   pattern): the scoring steps are timed where ``biasmeter.scoring`` and ``biasmeter.features._extract``
   call them, and "other" is the rest of ``score_many`` (reading records, making results).
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import json
import lzma
import os
import platform
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import cycle, islice
from pathlib import Path
from typing import Any

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides"
FIELDS = ("id", "url", "title", "text")


def load_articles(limit: int) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = []
    for name in ("valid.jsonl.xz", "train.jsonl.xz"):
        with lzma.open(CORPORA / name, "rt", encoding="utf-8") as lines:
            for line in islice(lines, limit - len(articles)):
                record = json.loads(line)
                articles.append({field: record.get(field) for field in FIELDS})
        if len(articles) >= limit:
            break
    return articles


def timed_run(model: Any, articles: list[dict[str, Any]], n_jobs: int) -> tuple[float, Counter[str]]:
    statuses: Counter[str] = Counter()
    started = time.perf_counter()
    for result in model.score_many(articles, n_jobs=n_jobs):
        statuses[result.status] += 1
    return time.perf_counter() - started, statuses


def _status_mib(field: str) -> float | None:
    """A memory figure (VmRSS, VmHWM) of this process from /proc, in MiB; None where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak() -> bool:
    """Start the peak RSS (VmHWM) afresh, so that loading the models and the texts does not mask scoring.

    Writing 5 to clear_refs does that on Linux 4.0 and later.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_mib() -> float:
    hwm = _status_mib("VmHWM")
    if hwm is not None:
        return hwm
    # ru_maxrss is in kibibytes on Linux and in bytes on macOS; it cannot be reset.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def memory_child(count: int) -> None:
    """Stream ``count`` records through score_many in this process and print peak memory as JSON."""
    import biasmeter

    model = biasmeter.default_model()
    texts = load_articles(200)
    gc.collect()
    reset = reset_peak()
    before = _status_mib("VmRSS") or peak_mib()

    def stream() -> Iterator[dict[str, Any]]:
        # A fresh dict per record, as a reader of a large file would make.
        for number, article in enumerate(islice(cycle(texts), count)):
            yield {**article, "id": f"m{number}"}

    scored = sum(1 for _ in model.score_many(stream()))
    print(json.dumps({"records": scored, "before_mib": before, "peak_mib": peak_mib(), "peak_reset": reset}))


def measure_memory(count: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000, help="articles for the speed runs")
    parser.add_argument("--memory-records", type=int, default=500, help="N for the memory runs")
    parser.add_argument(
        "--part", choices=("all", "speed", "memory", "stages"), default="all", help="what to measure"
    )
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.memory_child is not None:
        memory_child(arguments.memory_child)
        return

    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    if arguments.part in ("all", "speed"):
        measure_speed(arguments.articles)
    if arguments.part == "stages":
        measure_stages(arguments.articles)
    if arguments.part in ("all", "memory"):
        for count in (arguments.memory_records, 10 * arguments.memory_records):
            memory = measure_memory(count)
            since = "while scoring" if memory["peak_reset"] else "since start (peak could not be reset)"
            print(
                f"memory, {int(memory['records']):>6,} records streamed: RSS {memory['before_mib']:.0f} MiB "
                f"with the models loaded, peak {memory['peak_mib']:.0f} MiB {since} "
                f"(+{memory['peak_mib'] - memory['before_mib']:.0f} MiB)"
            )


def measure_speed(count: int) -> None:
    import biasmeter

    articles = load_articles(count)
    characters = sum(len(article["text"] or "") for article in articles)
    print(f"{len(articles):,} AllSides articles, {characters / len(articles):,.0f} characters on average")

    started = time.perf_counter()
    # `import biasmeter` leaves numpy, scipy and scikit-learn until they are needed; they load here.
    importlib.import_module("biasmeter.scoring")
    libraries = time.perf_counter() - started
    started = time.perf_counter()
    model = biasmeter.default_model()
    print(
        f"importing numpy, scipy and scikit-learn: {libraries:.2f} s; loading the default models and what "
        "scoring reads: "
        f"{time.perf_counter() - started:.2f} s (neither counted below)"
    )

    one, statuses = timed_run(model, articles, n_jobs=1)
    print(f"n_jobs=1: {len(articles) / one:7.1f} articles/s  ({one:.1f} s; {dict(statuses)})")
    two, _ = timed_run(model, articles, n_jobs=2)
    print(f"n_jobs=2: {len(articles) / two:7.1f} articles/s  ({two:.1f} s; speed-up ×{one / two:.2f})")


def measure_stages(count: int) -> None:
    import biasmeter
    from biasmeter import scoring
    from biasmeter.features import _extract
    from biasmeter.model import TargetModel
    from biasmeter.ngrams import SharedNgrams

    articles = load_articles(count)
    model = biasmeter.default_model()
    spent: defaultdict[str, float] = defaultdict(float)

    def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - started

        return wrapper

    stages = [
        (_extract, "extract_cleaned", "features (extract)"),  # of the text, or of an HTML page's text
        (scoring, "abstention", "language check"),
        (scoring, "mask_article", "masking outlet names"),
        (SharedNgrams, "transform", "n-gram weights"),
        (TargetModel, "design_weighted", "model inputs"),
        (TargetModel, "probabilities", "probabilities"),
        (TargetModel, "explain_rows", "explanations"),
    ]
    for owner, name, stage in stages:
        setattr(owner, name, timed(stage, getattr(owner, name)))
    for run in ("first pass", "second pass"):
        spent.clear()
        total, _ = timed_run(model, articles, n_jobs=1)
        spent["other"] = total - sum(spent.values())
        print(f"{run}: {total / len(articles) * 1e3:.3f} ms/article")
        for stage in [*dict.fromkeys(stage for _, _, stage in stages), "other"]:
            share = spent[stage] / total
            print(f"  {stage:<22} {spent[stage] / len(articles) * 1e3:6.3f} ms  {share:6.1%}")


if __name__ == "__main__":
    main()
