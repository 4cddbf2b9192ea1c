"""Scoring articles: `Score` results and the `Model` that makes them, for one article or a stream."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from biasmeter._input import DEFAULT_MAX_CHARS, check_count, check_jobs, check_not_a_table, missing, record_id
from biasmeter._processes import WorkerPool, worker_pool
from biasmeter.article import ReadArticle, abstention, read_article
from biasmeter.corpus import input_field_names
from biasmeter.errors import BiasmeterError
from biasmeter.evidence import Span
from biasmeter.features._extract import prepare as prepare_features
from biasmeter.features._transformer import article_fields
from biasmeter.model import Contribution, TargetModel, read_model_file
from biasmeter.ngrams import NgramWeights, SharedNgrams, shared_ngrams
from biasmeter.outlets import mask_article, prepare_masking

__all__ = ["TARGETS", "Model", "Score", "default_model", "load_model"]

TARGETS = ("reliability", "slant")
_CHUNK = 64
# Reasons kept per score: an article touches hundreds of n-grams, and results crossing between processes
# carry every kept reason.
EXPLAINED_FEATURES = 50


@dataclass(frozen=True)
class Score:
    """The result of scoring one article.

    Attributes
    ----------
    reliability : float or None
        0 (unreliable) to 100 (reliable): the expected position of the article on the reliability scale.
    reliability_label : str or None
        ``"low"`` below 40, ``"mixed"`` below 60, else ``"high"``.
    slant : float or None
        -1 (left) to 1 (right): probability of right minus probability of left for three classes.
    slant_label : str or None
        ``"left"`` below -1/3, ``"right"`` from 1/3, else ``"center"``.
    probabilities : dict
        Class probabilities per target, e.g. ``{"slant": {"left": 0.2, ...}, "reliability": {...}}``.
    features : dict
        Feature name to value.
    evidence : list of Span
        Spans of the text (or title) that back the features.
    id : str or None
        The record's id, when it had one.
    abstained : str or None
        Why no scores were given (``"too short"``, ``"language"``, ``"no letters"``), else None.
    text : str or None
        The text that was analysed, when it differs from the input: for an HTML page, its visible text.
        Evidence offsets point into this text then, and into the input otherwise.
    title : str or None
        The title that was analysed, when it differs from the input: the ``<title>`` of an HTML page given
        without a title. Evidence in the title (``field == "title"``) points into it then.
    error : str or None
        Why the record could not be read, else None. A result has scores, an abstention or an error.
    extra : dict
        Keys of the input record other than text, title and id (``url`` included), kept as given; in
        `to_dict`, one named like a result field is renamed ``input_<name>`` (see `input_field_names`).
    """

    reliability: float | None = None
    reliability_label: str | None = None
    slant: float | None = None
    slant_label: str | None = None
    probabilities: dict[str, dict[str, float]] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)
    evidence: list[Span] = field(default_factory=list)
    id: str | None = None
    abstained: str | None = None
    text: str | None = None
    title: str | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    contributions: dict[str, Sequence[Contribution]] = field(default_factory=dict, repr=False)

    @property
    def status(self) -> str:
        """``"scored"``, ``"abstained"`` or ``"failed"``."""
        return "failed" if self.error else "abstained" if self.abstained else "scored"

    def explain(self, top: int | None = 10) -> dict[str, list[Contribution]]:
        """The features that moved each score most, signed, largest first (up to 50 are kept; None: all).

        A positive contribution pushes reliability up or slant to the right, in log-odds.

        Examples
        --------
        >>> import biasmeter
        >>> text = (
        ...     "The radical mob DESTROYED the city, furious residents said on Monday. "
        ...     '"This is a disgrace," Mayor Jane Smith told reporters. Officials said repairs would cost '
        ...     "$3 million and take several months, according to a city report released on Tuesday."
        ... )
        >>> reasons = biasmeter.score(text).explain(top=3)
        >>> sorted(reasons), len(reasons["reliability"])
        (['reliability', 'slant'], 3)
        """
        count = None if top is None else check_count(top, "top", 0)
        return {target: list(items[:count]) for target, items in self.contributions.items()}

    def to_dict(self, *, explain: int | None = 10) -> dict[str, Any]:
        """A JSON-safe mapping of the result, with the top ``explain`` reasons per score."""
        result: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.error:
            result["error"] = self.error
        if self.abstained:
            result["abstained"] = self.abstained
        if self.text is not None:
            result["text"] = self.text
        if self.title is not None:
            result["title"] = self.title
        result.update(
            {
                "reliability": self.reliability,
                "reliability_label": self.reliability_label,
                "slant": self.slant,
                "slant_label": self.slant_label,
                "probabilities": self.probabilities,
                "features": self.features,
                "evidence": [span.to_dict() for span in self.evidence],
                "explanation": {
                    target: [item.to_dict() for item in items]
                    for target, items in self.explain(explain).items()
                },
            }
        )
        names = input_field_names(self.extra, RESULT_FIELDS)
        result.update((names[key], value) for key, value in self.extra.items())
        return result


# Every key `Score.to_dict` may give, whether or not a given result has it, so that an input field's name
# in the output does not depend on the result's status.
RESULT_FIELDS = frozenset(
    "id status error abstained text title reliability reliability_label slant slant_label probabilities "
    "features evidence explanation".split()
)


@dataclass(frozen=True)
class _Prepared:
    article: ReadArticle
    id: str | None
    extra: dict[str, Any]


def _prepare(
    text: Any, title: Any, identifier: str | None, extra: dict[str, Any], max_chars: int
) -> _Prepared:
    """Validate, turn an HTML page into its text, and extract features."""
    return _Prepared(read_article(text, None if missing(title) else title, max_chars), identifier, extra)


class Model:
    """A reliability model and a slant model used together.

    Parameters
    ----------
    models : mapping of str to TargetModel
        Keys ``"reliability"`` and/or ``"slant"``; a missing target is left unscored.

    Examples
    --------
    >>> import biasmeter
    >>> model = biasmeter.default_model()
    >>> score = model.score("Too short to judge.")
    >>> score.abstained, score.reliability
    ('too short', None)
    """

    def __init__(self, models: Mapping[str, TargetModel]) -> None:
        unknown = set(models) - set(TARGETS)
        if unknown:
            raise BiasmeterError(f"unknown targets {sorted(unknown)}; expected {', '.join(TARGETS)}")
        for name, model in models.items():
            if not isinstance(model, TargetModel):
                raise BiasmeterError(f"models[{name!r}] must be a TargetModel, got {type(model).__name__}")
            if model.target.name != name:
                raise BiasmeterError(f"models[{name!r}] is a {model.target.name} model, not a {name} one")
        self.models = dict(models)

    def _ngram_groups(self) -> dict[tuple[str, ...], list[tuple[str, NgramWeights]]]:
        # Models that mask the same outlet names (both shipped ones do) share one masking and one n-gram
        # analysis of each text. Worked out on each use: ``models`` is the caller's to change.
        groups: dict[tuple[str, ...], list[tuple[str, NgramWeights]]] = {}
        for name, model in self.models.items():
            if model.vectorizer is not None:
                groups.setdefault(model.outlet_names, []).append((name, model.vectorizer))
        return groups

    def prepare(self) -> None:
        """Build, once per process, what scoring reads: lexicons, outlet-name patterns, n-gram indexes.

        Each is built on first use anyway; `default_model` and `load_model` call this so that loading takes
        the time (about half a second) instead of the first article, and `score_many` calls it before it
        starts workers, which then begin with everything built instead of each building it again.
        """
        prepare_features()
        for names, group in self._ngram_groups().items():
            prepare_masking(names)
            _shared_ngrams(group)

    def score(
        self,
        text: Any,
        title: Any = None,
        url: Any = None,
        *,
        id: str | int | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> Score:
        """Score one article; bad input raises `BiasmeterError`, unusable text abstains."""
        _check_url(url)
        extra = {} if url is None else {"url": url}
        return self._score_features([_prepare(text, title, record_id(id), extra, max_chars)])[0]

    def score_many(
        self, records: Iterable[Any], n_jobs: int = 1, *, max_chars: int = DEFAULT_MAX_CHARS
    ) -> Iterator[Score]:
        """Score a stream of records, yielding one result per record, in order.

        Parameters
        ----------
        records : iterable
            Each a ``str`` (the text) or a mapping with ``text`` and optionally ``title``, ``url`` and
            ``id``; other keys are kept in `Score.extra`. A bare string is refused: pass ``[text]``.
        n_jobs : int
            Worker processes; 1 scores in this process, -1 uses one per CPU.
        max_chars : int
            Longest text (and title) scored, in characters; a longer record fails with a message.

        Yields
        ------
        Score
            A record that cannot be read yields a result with its ``id`` and an ``error`` instead of
            stopping the stream. Memory stays flat: records are read and scored in small chunks.
        """
        if isinstance(records, (str, bytes)):
            raise BiasmeterError(
                "score_many expects an iterable of records, got a single string; wrap it: [text]"
            )
        if isinstance(records, Mapping):
            raise BiasmeterError(
                "score_many expects an iterable of records, got a single record; wrap it: [record]"
            )
        check_not_a_table(records, "score_many expects an iterable of records")
        if not isinstance(records, Iterable):
            raise BiasmeterError(f"score_many expects an iterable of records, got {type(records).__name__}")
        n_jobs = check_jobs(n_jobs)
        max_chars = check_count(max_chars, "max_chars")
        chunks = _chunks(records)
        self.prepare()
        if n_jobs == 1:
            for chunk in chunks:
                yield from self._score_records(chunk, max_chars)
            return
        with worker_pool("scoring", n_jobs, _set_worker_model, (self,)) as pool:
            pending: list[tuple[Future[bytes | None] | None, list[Any]]] = []
            for chunk in chunks:
                pending.append((_send(pool, chunk, max_chars), chunk))
                if len(pending) >= 2 * n_jobs:
                    yield from self._results(*pending.pop(0), max_chars)
            for future, chunk in pending:
                yield from self._results(future, chunk, max_chars)

    def _results(self, future: Future[bytes | None] | None, chunk: list[Any], max_chars: int) -> list[Score]:
        payload = None if future is None else future.result()
        if payload is None:
            # The chunk could not travel to a worker or back (a record holding a lock, or an object of a
            # class the worker cannot import): it is scored here, as it would be with one job.
            return self._score_records(chunk, max_chars)
        results: list[Score] = pickle.loads(payload)
        return results

    def _score_records(self, records: list[Any], max_chars: int) -> list[Score]:
        prepared: list[_Prepared | Score] = []
        for record in records:
            identifier, extra = None, {}
            try:
                if isinstance(record, Mapping):
                    extra = {
                        key: value for key, value in record.items() if key not in ("text", "title", "id")
                    }
                    identifier = record_id(record.get("id"))
                    _check_url(record.get("url"))
                text, title = article_fields(record)
                prepared.append(_prepare(text, title, identifier, extra, max_chars))
            except BiasmeterError as error:
                prepared.append(Score(id=identifier, error=str(error), extra=extra))
        ready = [item for item in prepared if not isinstance(item, Score)]
        scored = iter(self._score_features(ready))
        return [item if isinstance(item, Score) else next(scored) for item in prepared]

    def _score_features(self, items: list[_Prepared]) -> list[Score]:
        reasons = [abstention(item.article.features, item.article.text) for item in items]
        usable = [i for i, reason in enumerate(reasons) if reason is None]
        row_of = {item: row for row, item in enumerate(usable)}
        targets: dict[str, Any] = {}
        if usable:
            hand = np.vstack([items[i].article.features.to_array() for i in usable])
            designs: dict[str, sparse.csr_matrix] = {
                name: model.design_weighted(hand, None)
                for name, model in self.models.items()
                if model.vectorizer is None
            }
            for names, group in self._ngram_groups().items():
                masked = [mask_article(items[i].article.text, items[i].article.title, names) for i in usable]
                weights = _shared_ngrams(group).transform(masked)
                for (name, _), matrix in zip(group, weights):
                    designs[name] = self.models[name].design_weighted(hand, matrix)
            for name, model in self.models.items():
                design = designs[name]
                explained = model.explain_rows(design, EXPLAINED_FEATURES, hand=hand)
                targets[name] = (model, model.probabilities(design).tolist(), explained)
        results = []
        for i, item in enumerate(items):
            common: dict[str, Any] = {
                "features": item.article.features.values,
                "evidence": item.article.features.evidence,
                "id": item.id,
                "extra": item.extra,
                # What was read, when it is not the input: a page's visible text and <title>.
                "text": item.article.features.text,
                "title": item.article.features.title,
            }
            if reasons[i] is not None:
                results.append(Score(abstained=reasons[i], **common))
                continue
            row = row_of[i]
            values: dict[str, Any] = {}
            probabilities: dict[str, dict[str, float]] = {}
            contributions: dict[str, Sequence[Contribution]] = {}
            for name, (model, probability, explained) in targets.items():
                target = model.target
                score = target.score(probability[row])
                values[name] = score
                values[f"{name}_label"] = target.label(score)
                probabilities[name] = dict(zip(target.classes, probability[row]))
                contributions[name] = explained[row]
            results.append(
                Score(**values, probabilities=probabilities, contributions=contributions, **common)
            )
        return results


def _shared_ngrams(group: list[tuple[str, NgramWeights]]) -> SharedNgrams:
    """The one n-gram index of a group of models that mask the same outlet names."""
    return shared_ngrams(tuple(vectorizer for _, vectorizer in group))


def _check_url(url: Any) -> None:
    if not missing(url) and not isinstance(url, str):
        raise BiasmeterError(f"url must be a str, got {type(url).__name__}")


def _chunks(records: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


_worker_model: Model | None = None


def _set_worker_model(model: Model) -> None:
    global _worker_model
    _worker_model = model


def _send(pool: WorkerPool, chunk: list[Any], max_chars: int) -> Future[bytes | None] | None:
    """Give ``chunk`` to a worker, pickled here: ``None`` when it cannot be pickled."""
    try:
        payload = pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)
    except Exception:  # pickle raises TypeError, PicklingError, AttributeError… by the kind of object
        return None
    return pool.submit(_score_in_worker, payload, max_chars)


def _score_in_worker(payload: bytes, max_chars: int) -> bytes | None:
    """Score a pickled chunk and return its results pickled, or ``None`` when either cannot be done here.

    Unpickling and pickling happen here, not in the pool's own machinery, where a record that cannot be
    rebuilt in a worker would kill the worker before any of this code runs.
    """
    assert _worker_model is not None
    try:
        chunk = pickle.loads(payload)
    except Exception:  # a class that only the calling script defines, say
        return None
    results = _worker_model._score_records(chunk, max_chars)
    try:
        return pickle.dumps(results, pickle.HIGHEST_PROTOCOL)
    except Exception:  # a kept field that cannot be pickled
        return None


def _models_directory() -> Any:
    return resources.files("biasmeter") / "data" / "models"


@cache
def default_model() -> Model:
    """The shipped reliability and slant models, loaded once, their hashes checked.

    Raises
    ------
    BiasmeterError
        If the shipped files are missing or do not match their recorded hashes.
    """
    directory = _models_directory()
    manifest_file = directory / "manifest.json"
    if not manifest_file.is_file():
        raise BiasmeterError(
            "the default models are missing from this installation; rebuild them with "
            "python training/build_default_models.py"
        )
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    models = {}
    for target in TARGETS:
        entry = manifest["models"][target]
        with resources.as_file(directory / entry["file"]) as path:
            models[target] = read_model_file(path, expected_sha256=entry["sha256"])
    model = Model(models)
    model.prepare()
    return model


def load_model(path: str | os.PathLike[str], *, defaults: bool = True) -> Model:
    """Load a model file written by ``biasmeter train`` (or `TargetModel.save`).

    Parameters
    ----------
    path : str or PathLike
        The skops model file.
    defaults : bool
        Score the other target with the shipped default model (the file holds one target).

    Raises
    ------
    BiasmeterError
        If the file cannot be loaded safely; see `biasmeter.model.read_model_file`.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise BiasmeterError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    model = read_model_file(Path(path))
    models = dict(default_model().models) if defaults else {}
    models[model.target.name] = model
    loaded = Model(models)
    loaded.prepare()
    return loaded
