"""The ``biasmeter train`` and ``biasmeter evaluate`` commands, over `biasmeter.retrain`.

`register` adds both to the subcommands of the main parser; each sets ``run`` to a function that takes the
parsed arguments and returns the exit code. User errors raise `BiasmeterError`, which the main command line
prints before exiting with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, TextIO

from biasmeter._arguments import (
    add_text_field_option,
    check_output_is_not_input,
    epilog,
    is_terminal,
    jobs,
    positive_number,
    whole_number,
)
from biasmeter.corpus import iter_articles
from biasmeter.errors import BiasmeterError
from biasmeter.retrain import (
    RANDOM_SPLIT_NOTE,
    SPLITS,
    check_output,
    default_jobs,
    evaluate,
    train,
)
from biasmeter.training import TrainingOptions

__all__ = ["register"]

_EXIT_OK = 0
_REDRAW = 0.2  # seconds between redraws of the progress line on a terminal
_LOG_INTERVAL = 10.0  # seconds between progress lines when standard error is not a terminal


class _Progress:
    """Stage counters on standard error: redrawn in place on a terminal, else a line every few seconds."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.terminal = is_terminal(stream)
        self.stage = ""
        self.started = self.last = time.monotonic()
        self.open = False  # a progress line is on screen without its line break

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if stage != self.stage:
            self._end_line()
            self.stage, self.started, self.last = stage, now, 0.0
        final = total > 0 and done >= total
        interval = _REDRAW if self.terminal else _LOG_INTERVAL
        if not final and now - self.last < interval:
            return
        self.last = now
        elapsed = now - self.started
        text = f"{stage}: {done:,}/{total:,}" if total else f"{stage}: {done:,}"
        text += f"  {elapsed:.0f}s"
        if total and 0 < done < total:
            text += f", about {elapsed * (total - done) / done:.0f}s left"
        if self.terminal:
            self.stream.write(f"\r\033[K{text}")
            self.open = True
            if final:
                self._end_line()
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def _end_line(self) -> None:
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False

    def finish(self) -> None:
        """End the progress line, so that what follows starts on a line of its own."""
        self._end_line()

    def message(self, text: str) -> None:
        """Print a note on its own line, after any progress line."""
        self._end_line()
        print(f"biasmeter: {text}", file=self.stream, flush=True)


def _progress(arguments: argparse.Namespace) -> _Progress:
    return _Progress(sys.stderr, bool(arguments.progress) or is_terminal(sys.stderr))


def _names(text: str | None, option: str) -> list[str] | None:
    if text is None:
        return None
    names = [name.strip() for name in text.split(",")]
    if not all(names):
        raise BiasmeterError(f"{option} takes names separated by commas, e.g. low,mixed,high; got {text!r}")
    return names


def _thresholds(text: str | None) -> list[float] | None:
    names = _names(text, "--thresholds")
    if names is None:
        return None
    try:
        return [float(name) for name in names]
    except ValueError:
        raise BiasmeterError(
            f"--thresholds takes numbers separated by commas, e.g. 0.4,0.7; got {text!r}"
        ) from None


def _labelling(arguments: argparse.Namespace) -> dict[str, Any]:
    # Where the labels come from is checked by train and evaluate themselves, before any record is read.
    return {
        "label": arguments.label,
        "classes": _names(arguments.classes, "--classes"),
        "thresholds": _thresholds(arguments.thresholds),
        "ratings": arguments.ratings,
        "ratings_key": arguments.ratings_key,
        "ratings_value": arguments.ratings_value,
    }


def _train_command(arguments: argparse.Namespace) -> int:
    output = check_output(arguments.output)
    check_output_is_not_input(output, arguments.corpus)
    labelling = _labelling(arguments)
    progress = _progress(arguments)
    # Checks every path before anything is read.
    records = iter_articles(arguments.corpus, text_field=arguments.text_field, log=progress.message)
    options = TrainingOptions(
        ngrams=not arguments.no_ngrams,
        min_outlets=arguments.min_outlets,
        regularization=arguments.regularization,
        feature_scale=arguments.feature_scale,
        naive_bayes=arguments.naive_bayes,
    )
    result = train(
        records,
        target=arguments.target,
        groups=arguments.group_by,
        split=arguments.split,
        leave_out=arguments.leave_out,
        article_weights=arguments.weight_column,
        folds=arguments.folds,
        options=options,
        baseline=not arguments.no_baseline,
        jobs=arguments.jobs,
        random_state=arguments.seed,
        skip_bad_lines=arguments.skip_bad_lines,
        inputs=arguments.corpus,
        progress=progress,
        log=progress.message,
        **labelling,
    )
    saved = result.save(output)
    progress.finish()
    print(result.summary())
    print()
    print(f"wrote {saved.model} (SHA-256 {saved.sha256[:16]}…), {saved.metrics} and {saved.card}")
    print(f"took {result.metrics['seconds']['total']:.0f}s")
    return _EXIT_OK


def _evaluate_command(arguments: argparse.Namespace) -> int:
    labelling = _labelling(arguments)
    progress = _progress(arguments)
    records = iter_articles(arguments.corpus, text_field=arguments.text_field, log=progress.message)
    result = evaluate(
        arguments.model,
        records,
        jobs=arguments.jobs,
        skip_bad_lines=arguments.skip_bad_lines,
        progress=progress,
        log=progress.message,
        **labelling,
    )
    progress.finish()
    if arguments.json:
        print(json.dumps(result.metrics, indent=2, sort_keys=True, allow_nan=False))
    else:
        print(result.report())
    return _EXIT_OK


def _add_labelling(parser: argparse.ArgumentParser, corpus_help: str) -> None:
    parser.add_argument("corpus", nargs="+", metavar="CORPUS", help=corpus_help)
    add_text_field_option(parser)
    labels = parser.add_argument_group("labels (give --label or --ratings)")
    labels.add_argument(
        "--label", metavar="COLUMN", help="the column (JSON field) holding each article's label"
    )
    labels.add_argument(
        "--classes",
        metavar="A,B,…",
        help="the label values in scale order, left to right or low to high, e.g. low,mixed,high or "
        "left,center,right (matched ignoring case; default: the target's own classes); with --thresholds, "
        "names for the bins",
    )
    labels.add_argument(
        "--thresholds",
        metavar="X,Y,…",
        help="bin numeric labels: 0.4,0.7 makes three classes: below 0.4, 0.4 to below 0.7, 0.7 and above",
    )
    labels.add_argument(
        "--ratings",
        metavar="TABLE",
        help="distant labels: a CSV/TSV table of outlet ratings joined to each article by the domain of its "
        "'url' (or 'domain' column); articles of unrated outlets are left out and counted",
    )
    labels.add_argument(
        "--ratings-key",
        default="domain",
        metavar="COLUMN",
        help="the domain column of TABLE (default: domain)",
    )
    labels.add_argument("--ratings-value", metavar="COLUMN", help="the rating column of TABLE, e.g. pc1")


def _add_run_options(parser: argparse.ArgumentParser, work: str) -> None:
    parser.add_argument(
        "--jobs",
        type=jobs,
        default=default_jobs(),
        metavar="N",
        help=f"worker processes for {work}; -1 for one per CPU (default: {default_jobs()})",
    )
    parser.add_argument(
        "--skip-bad-lines",
        action="store_true",
        help="leave out lines that cannot be used (malformed, no text) and report their count, instead of "
        "stopping at them",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show progress on standard error even when it is not a terminal",
    )


_TRAIN_EPILOG = epilog(
    "Corpora: JSON Lines (.jsonl) or CSV/TSV with a header row, plain or compressed (.gz, .xz, .bz2), with "
    "a 'text' field, optionally 'title', 'url', 'domain' and 'source', and the label column.",
    "Evaluation is cross-validation grouped by outlet (--group-by domain: the registrable domain of 'url', "
    "else 'domain', else 'source'), so figures hold for outlets the model has not seen. --split random "
    f'mixes outlets across folds; every report then says: "{RANDOM_SPLIT_NOTE}".',
    "Writes MODEL (skops; use it with 'biasmeter score --model MODEL'), <stem>.metrics.json and a model "
    "card <stem>.md next to it. The TF-IDF baseline roughly doubles the time on large corpora; skip it "
    "with --no-baseline. See docs/training.md.",
    examples=[
        "biasmeter train articles.jsonl --target slant --label slant --classes left,center,right \\\n"
        "      -o slant.skops",
        "biasmeter train labelled.csv.gz --target reliability --label rating --classes low,mixed,high \\\n"
        "      -o rel.skops",
        "biasmeter train articles.jsonl.xz --target reliability \\\n"
        "      --ratings lin-2023-domain-quality-pc1.csv --ratings-value pc1 --thresholds 0.5 -o rel.skops",
    ],
)

_EVALUATE_EPILOG = epilog(
    "Prints accuracy, macro-F1, ROC-AUC, Brier score, expected calibration error, counts and the confusion "
    "matrix of MODEL on a labelled corpus; nothing is trained. Labels are mapped onto the model's classes "
    "as in 'biasmeter train' (--classes names them in the model's order). When the corpus shares outlets "
    "with the model's training data, the figures are also given for the other outlets alone. A note says "
    "when figures rest on too few articles to mean much.",
    examples=[
        "biasmeter evaluate slant.skops held-out.jsonl --label slant",
        "biasmeter evaluate rel.skops news.csv --ratings mbfc-2018-2020.tsv \\\n"
        "      --ratings-value factuality --classes low,mixed,high --json",
    ],
)


def register(subparsers: Any) -> None:
    """Add the ``train`` and ``evaluate`` commands to ``subparsers`` (from ``add_subparsers``)."""
    train_parser = subparsers.add_parser(
        "train",
        help="train a reliability or slant model on labelled articles; evaluate it on unseen outlets",
        description="Train a reliability or slant model on your labelled articles, with grouped\n"
        "cross-validation, calibration, a TF-IDF baseline and a model card.",
        epilog=_TRAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_labelling(train_parser, "labelled articles: files or folders (.jsonl, .csv, .tsv; .gz, .xz, .bz2)")
    train_parser.add_argument("--target", required=True, choices=("reliability", "slant"), help="the scale")
    train_parser.add_argument(
        "-o", "--output", required=True, metavar="MODEL", help="the model file to write"
    )
    evaluation = train_parser.add_argument_group("evaluation")
    evaluation.add_argument(
        "--group-by",
        default="domain",
        metavar="domain|source|COLUMN",
        help="what an outlet is, for grouped folds and outlet weighting (default: domain)",
    )
    evaluation.add_argument(
        "--split",
        choices=SPLITS,
        default="grouped",
        help="grouped (default): no outlet on both sides of a fold; random: outlets mixed, figures overstate",
    )
    evaluation.add_argument(
        "--leave-out",
        metavar="COLUMN",
        help="instead of --folds and --split, hold out each value of COLUMN in turn (e.g. corpus)",
    )
    evaluation.add_argument(
        "--folds", type=whole_number(2), default=5, metavar="N", help="cross-validation folds (default: 5)"
    )
    evaluation.add_argument(
        "--no-baseline",
        action="store_true",
        help="skip the TF-IDF baseline (about half the time on big corpora)",
    )
    evaluation.add_argument("--seed", type=int, default=0, metavar="N", help="seed of the folds (default: 0)")
    recipe = train_parser.add_argument_group("recipe")
    defaults = TrainingOptions()
    for flag, metavar, parse, default, meaning, shipped in (
        (
            "--min-outlets",
            "N",
            whole_number(1),
            defaults.min_outlets,
            "an n-gram must be used by articles of N outlets (groups) to enter the vocabulary",
            "",
        ),
        (
            "--regularization",
            "C",
            positive_number,
            defaults.regularization,
            "inverse strength of the L2 penalty of the logistic regression; larger fits the training data "
            "more closely",
            "; the shipped slant model uses 0.1",
        ),
        (
            "--feature-scale",
            "S",
            positive_number,
            defaults.feature_scale,
            "standard deviation the hand-built features are scaled to, relative to the n-gram weights; "
            "smaller lets the n-grams carry more",
            "; the shipped slant model uses 0.01",
        ),
    ):
        recipe.add_argument(
            flag,
            type=parse,
            default=default,
            metavar=metavar,
            help=f"{meaning} (default: {default:g}{shipped})",
        )
    recipe.add_argument(
        "--naive-bayes",
        type=positive_number,
        metavar="A",
        help="NB-LR: n-grams by presence, each scaled by its naive-Bayes log-count ratio per class, counts "
        "smoothed by A (default: off, TF-IDF n-grams; the shipped slant model uses 20)",
    )
    recipe.add_argument("--no-ngrams", action="store_true", help="use the hand-built features only")
    recipe.add_argument(
        "--weight-column",
        metavar="COLUMN",
        help="a positive weight per article in COLUMN, multiplied into the weighting by outlet size and "
        "class (e.g. to give articles labelled by their outlet's rating a set share of the fit)",
    )
    _add_run_options(train_parser, "feature extraction and model fits")
    train_parser.set_defaults(run=_train_command)

    evaluate_parser = subparsers.add_parser(
        "evaluate",
        help="figures of a saved model on a labelled corpus (no training)",
        description="Score a labelled corpus with a saved model and print its figures.",
        epilog=_EVALUATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate_parser.add_argument("model", metavar="MODEL", help="a model file made by 'biasmeter train'")
    _add_labelling(evaluate_parser, "labelled articles: files or folders")
    evaluate_parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    _add_run_options(evaluate_parser, "feature extraction")
    evaluate_parser.set_defaults(run=_evaluate_command)
