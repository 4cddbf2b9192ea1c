"""A fitted model for one target (slant or reliability): a linear model over features and n-grams.

A `TargetModel` is deliberately simple: standardised hand-built features and TF-IDF n-grams of the
outlet-masked text, then one linear layer. Every score is therefore a sum of per-feature contributions,
which is what `biasmeter.Score.explain` shows. Files are written with skops and read back with an explicit
list of trusted types, so that loading a model never runs code from the file.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from numbers import Integral
from pathlib import Path
from typing import Any, NamedTuple, overload

import numpy as np
import numpy.typing as npt
from scipy import sparse

from biasmeter.errors import BiasmeterError
from biasmeter.ngrams import NgramWeights

__all__ = [
    "MODEL_FORMAT",
    "TRUSTED_TYPES",
    "Contribution",
    "Contributions",
    "Target",
    "TargetModel",
    "file_sha256",
    "read_model_file",
    "softmax",
]

# Bumped whenever the stored state changes meaning; files of another format are refused with a message.
MODEL_FORMAT = 1
# Far above any trained model's weights (a logit of 1e6 already means certainty), far below overflow.
_LARGEST_LOGIT = 1e12

# Everything a model file may contain besides plain containers and numbers. Loading refuses anything else.
TRUSTED_TYPES = ("numpy.dtype", "numpy.float64", "numpy.int64", "numpy.ndarray")
# The plain types of `TargetModel.to_state`. skops would build other types that it trusts by default (a
# scikit-learn estimator, say), which a biasmeter model never holds.
_PLAIN_TYPES = frozenset(f"builtins.{name}" for name in ("dict", "list", "str", "int", "float"))


def softmax(logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Row-wise softmax: class probabilities from per-class logits (rows sum to 1)."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True), dtype=np.float64)


@dataclass(frozen=True)
class Target:
    """What a model predicts: ordered classes, their places on the score scale, and label bands.

    Parameters
    ----------
    name : {"slant", "reliability"}
        The score the model produces.
    classes : tuple of str
        Class names in scale order (e.g. left, center, right).
    positions : tuple of float
        Where each class sits on the score scale; the score is the probability-weighted mean position.
    cut_points : tuple of float
        Boundaries between label bands on the score scale.
    labels : tuple of str
        The label of each band, one more than ``cut_points``.

    Examples
    --------
    >>> Target.default("slant").label(0.6)
    'right'
    >>> Target.default("reliability", ("low", "high")).score([0.25, 0.75])
    75.0
    """

    name: str
    classes: tuple[str, ...]
    positions: tuple[float, ...]
    cut_points: tuple[float, ...]
    labels: tuple[str, ...]

    @classmethod
    def default(cls, name: str, classes: Sequence[str] | None = None) -> Target:
        """The target ``name`` with the given classes spread evenly over its scale.

        Slant runs from -1 (left) to 1 (right) with bands left < -1/3 <= center < 1/3 <= right.
        Reliability runs from 0 to 100 with bands low < 40 <= mixed < 60 <= high.
        """
        if name == "slant":
            low, high = -1.0, 1.0
            classes = tuple(classes or ("left", "center", "right"))
            cut_points, labels = (-1 / 3, 1 / 3), ("left", "center", "right")
        elif name == "reliability":
            low, high = 0.0, 100.0
            classes = tuple(classes or ("low", "high"))
            cut_points, labels = (40.0, 60.0), ("low", "mixed", "high")
        else:
            raise BiasmeterError(f"target must be 'slant' or 'reliability', got {name!r}")
        if len(classes) < 2 or len(set(classes)) != len(classes):
            raise BiasmeterError(f"a target needs at least two distinct classes, got {list(classes)}")
        step = (high - low) / (len(classes) - 1)
        positions = tuple(low + step * i for i in range(len(classes)))
        return cls(name, classes, positions, cut_points, labels)

    def score(self, probabilities: Sequence[float]) -> float:
        """The probability-weighted mean class position, within the range of the positions."""
        mean = float(sum(p * position for p, position in zip(probabilities, self.positions)))
        # Probabilities that sum to a hair over one would otherwise give 100.00000000000001.
        return min(max(mean, min(self.positions)), max(self.positions))

    def label(self, score: float) -> str:
        """The label band that ``score`` falls in."""
        for cut, label in zip(self.cut_points, self.labels):
            if score < cut:
                return label
        return self.labels[-1]

    def to_state(self) -> dict[str, Any]:
        """Plain data for the model file."""
        return {
            "name": self.name,
            "classes": list(self.classes),
            "positions": list(self.positions),
            "cut_points": list(self.cut_points),
            "labels": list(self.labels),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Target:
        """Rebuild from `to_state` output."""
        return cls(
            str(state["name"]),
            tuple(map(str, state["classes"])),
            tuple(map(float, state["positions"])),
            tuple(map(float, state["cut_points"])),
            tuple(map(str, state["labels"])),
        )


class Contribution(NamedTuple):
    """How much one feature moved a score, in log-odds towards the higher end of the scale.

    A named tuple rather than a dataclass: explanations make many of them, and a tuple is several times
    cheaper to create.

    Contributions are measured from an average training article: a hand-built feature at its training
    mean contributes nothing, so a feature at 0 where most articles have more (e.g. no clickbait in a
    title that is usually scored) can still push the score. Contributions plus the model's intercept add
    up to the log-odds between the two ends of the scale.

    Attributes
    ----------
    feature : str
        A hand-built feature name, or ``"term:<n-gram>"`` for a word or phrase of the text.
    value : float
        The feature's value in this article (for terms, the TF-IDF weight).
    contribution : float
        Signed push on the log-odds: positive towards right (slant) or towards reliable (reliability).
    """

    feature: str
    value: float
    contribution: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe mapping."""
        return {"feature": self.feature, "value": self.value, "contribution": self.contribution}


class Contributions(Sequence[Contribution]):
    """One article's contributions to one score, largest first, made into `Contribution` tuples when read.

    Scoring keeps dozens of them per article and score, and most are never read: three tuples of fields
    cost far less to make, and to collect as garbage, than a named tuple each.

    Parameters
    ----------
    features, values, contributions : sequence
        The fields of the contributions, in order.

    Examples
    --------
    >>> items = Contributions(["quote_count", "term:plan"], [3.0, 0.2], [0.5, -0.1])
    >>> len(items), items[0]
    (2, Contribution(feature='quote_count', value=3.0, contribution=0.5))
    >>> items[1:] == [Contribution("term:plan", 0.2, -0.1)]
    True
    """

    __slots__ = ("_contributions", "_features", "_values")

    def __init__(
        self, features: Sequence[str], values: Sequence[float], contributions: Sequence[float]
    ) -> None:
        self._features = tuple(features)
        self._values = tuple(values)
        self._contributions = tuple(contributions)

    def __len__(self) -> int:
        return len(self._features)

    @overload
    def __getitem__(self, index: int) -> Contribution: ...

    @overload
    def __getitem__(self, index: slice) -> list[Contribution]: ...

    def __getitem__(self, index: int | slice) -> Contribution | list[Contribution]:
        if isinstance(index, slice):
            fields = zip(self._features[index], self._values[index], self._contributions[index])
            return list(map(Contribution._make, fields))
        return Contribution(self._features[index], self._values[index], self._contributions[index])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


@dataclass(frozen=True, eq=False)
class TargetModel:
    """A fitted linear model for one target.

    Attributes
    ----------
    target : Target
        The classes and the scale.
    feature_names : tuple of str
        Hand-built feature names, in the order the model expects them.
    center, scale : ndarray
        Standardisation of the hand-built features learned in training.
    vectorizer : NgramWeights or None
        The n-gram vocabulary and weights, or None for a features-only model.
    coef : ndarray of shape (n_classes, n_features)
        One row of weights per class; a softmax over the rows gives the class probabilities.
    intercept : ndarray of shape (n_classes,)
        One bias per class.
    calibration : float
        Temperature scaling: logits are multiplied by this factor before the softmax, a factor fitted on
        held-out folds so that probabilities match observed frequencies.
    outlet_names : tuple of str
        Outlet names masked out of texts before n-grams are counted, as in training.
    metadata : dict
        How the model was trained and what it scored in evaluation.
    """

    target: Target
    feature_names: tuple[str, ...]
    center: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    vectorizer: NgramWeights | None
    coef: npt.NDArray[np.float64]
    intercept: npt.NDArray[np.float64]
    calibration: float = 1.0
    outlet_names: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def term_names(self) -> tuple[str, ...]:
        """The n-gram vocabulary in column order (empty for a features-only model)."""
        if self.vectorizer is None:
            return ()
        return tuple(f"term:{term}" for term in self.vectorizer.get_feature_names_out())

    @cached_property
    def _column_names(self) -> tuple[str, ...]:
        return self.feature_names + self.term_names

    @cached_property
    def _direction(self) -> npt.NDArray[np.float64]:
        # Computed once: explaining an article must not cost a pass over the whole vocabulary.
        return np.asarray((self.coef[-1] - self.coef[0]) * self.calibration, dtype=np.float64)

    def design(self, hand: npt.NDArray[np.float64], masked_texts: Sequence[str]) -> sparse.csr_matrix:
        """The model's input matrix: standardised hand features, then n-gram weights."""
        weights = None if self.vectorizer is None else self.vectorizer.transform(masked_texts)
        return self.design_weighted(hand, weights)

    def design_weighted(
        self, hand: npt.NDArray[np.float64], weights: sparse.csr_matrix | None
    ) -> sparse.csr_matrix:
        """`design` with the n-gram weights of the texts already computed (None for a features-only model).

        Models that mask the same outlet names can share one analysis of each text, through
        `biasmeter.ngrams.SharedNgrams`.
        """
        scaled = sparse.csr_matrix((hand - self.center) / self.scale)
        if weights is None:
            return scaled
        return sparse.hstack([scaled, weights], format="csr")

    def logits(self, design: sparse.csr_matrix) -> npt.NDArray[np.float64]:
        """Calibrated per-class logits for each row of ``design``."""
        raw = np.asarray(design @ self.coef.T) + self.intercept
        return np.asarray(raw * self.calibration, dtype=np.float64)

    def probabilities(self, design: sparse.csr_matrix) -> npt.NDArray[np.float64]:
        """Class probabilities for each row of ``design`` (rows sum to 1)."""
        return softmax(self.logits(design))

    def contributions(
        self,
        design: sparse.csr_matrix,
        row: int = 0,
        limit: int | None = None,
        *,
        hand: npt.NDArray[np.float64] | None = None,
    ) -> list[Contribution]:
        """Per-feature pushes of one row of ``design`` on the log-odds between the two ends of the scale.

        Largest first; ``limit`` keeps only that many of them. All of them add up to the log-odds less the
        intercept. The direction is the difference of the weights of the last and the first class (right
        minus left, high minus low), times the calibration: the same quantity the score grows with.

        ``hand`` is the article's own hand-built feature values (one row); given, they are reported as
        they are, otherwise they are recovered from the standardised design, which can differ in the last
        digit (1 comes back as 0.9999999999999999).
        """
        # The row's entries are read straight from the CSR arrays: slicing a row out of a sparse matrix
        # costs more than the whole explanation.
        first, last = design.indptr[row], design.indptr[row + 1]
        (items,) = self._explain(
            np.array([0, last - first]),
            design.indices[first:last],
            design.data[first:last],
            limit,
            None if hand is None else np.asarray(hand, dtype=np.float64).reshape(1, -1),
        )
        return list(items)

    def explain_rows(
        self,
        design: sparse.csr_matrix,
        limit: int | None = None,
        *,
        hand: npt.NDArray[np.float64] | None = None,
    ) -> list[Contributions]:
        """`contributions` of every row of ``design``, at once; ``hand`` has one row per row of ``design``."""
        return self._explain(design.indptr, design.indices, design.data, limit, hand)

    def _explain(
        self,
        indptr: npt.NDArray[np.int_],
        columns: npt.NDArray[np.int_],
        values: npt.NDArray[np.float64],
        limit: int | None,
        hand: npt.NDArray[np.float64] | None,
    ) -> list[Contributions]:
        """Contributions of each row of a CSR matrix given by its arrays, the rows handled together."""
        n_rows = len(indptr) - 1
        pushes = values * self._direction[columns]
        kept = np.flatnonzero(pushes != 0)
        rows = np.repeat(np.arange(n_rows), np.diff(indptr))[kept]
        sizes = np.abs(pushes[kept])
        starts = np.searchsorted(rows, np.arange(n_rows + 1))
        width = int(np.diff(starts).max(initial=0))
        if limit is not None and 0 < limit < width:
            # Only pushes at least as large as a row's limit-th largest can be among its first `limit`;
            # finding that one by a partition leaves little to sort.
            least = np.full(n_rows, -1.0)
            for row, (start, end) in enumerate(pairwise(starts.tolist())):
                if end - start > limit:
                    least[row] = np.partition(sizes[start:end], end - start - limit)[end - start - limit]
            candidates = np.flatnonzero(sizes >= least[rows])
            kept, rows, sizes = kept[candidates], rows[candidates], sizes[candidates]
        # Row by row, largest push first; lexsort is stable, so equal pushes stay in column order.
        order = np.lexsort((-sizes, rows))
        kept, rows = kept[order], rows[order]
        starts = np.searchsorted(rows, np.arange(n_rows + 1))
        if limit is not None:
            # As many as ``row[:limit]`` would keep, for any limit.
            counts = [len(range(count)[:limit]) for count in np.diff(starts).tolist()]
            within = np.flatnonzero(np.arange(len(kept)) - starts[rows] < np.array(counts)[rows])
            kept, rows = kept[within], rows[within]
            starts = np.searchsorted(rows, np.arange(n_rows + 1))
        columns, values, pushes = columns[kept], values[kept], pushes[kept]
        # Hand-built features are reported in the article's own units, not standardised ones.
        is_hand = columns < len(self.feature_names)
        hand_columns = columns[is_hand]
        if hand is None:
            values[is_hand] = values[is_hand] * self.scale[hand_columns] + self.center[hand_columns]
        else:
            values[is_hand] = hand[rows[is_hand], hand_columns]
        names = tuple(map(self._column_names.__getitem__, columns.tolist()))
        measured, pushed = tuple(values.tolist()), tuple(pushes.tolist())
        return [
            Contributions(names[start:end], measured[start:end], pushed[start:end])
            for start, end in pairwise(starts.tolist())
        ]

    def top_weights(self, count: int = 20) -> dict[str, list[tuple[str, float]]]:
        """The features with the largest weights towards each end of the scale."""
        direction = self.coef[-1] - self.coef[0]
        names = self.feature_names + self.term_names
        order = np.argsort(direction)
        return {
            self.target.classes[0]: [(names[i], float(direction[i])) for i in order[:count]],
            self.target.classes[-1]: [(names[i], float(direction[i])) for i in order[::-1][:count]],
        }

    def to_state(self) -> dict[str, Any]:
        """Everything needed to rebuild the model, as skops-serialisable data."""
        return {
            "format": MODEL_FORMAT,
            "target": self.target.to_state(),
            "feature_names": list(self.feature_names),
            "center": self.center,
            "scale": self.scale,
            "terms": np.array([], dtype=str)
            if self.vectorizer is None
            else np.asarray(self.vectorizer.get_feature_names_out(), dtype=str),
            "idf": np.zeros(0) if self.vectorizer is None else np.asarray(self.vectorizer.idf_),
            "ngram_weighting": "tfidf" if self.vectorizer is None else self.vectorizer.weighting,
            "coef": self.coef,
            "intercept": self.intercept,
            "calibration": float(self.calibration),
            "outlet_names": list(self.outlet_names),
            "metadata": json.dumps(self.metadata, sort_keys=True),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], origin: str = "<model>") -> TargetModel:
        """Rebuild a model from `to_state` output, checking that it fits this version of biasmeter."""
        from biasmeter.features import FEATURE_NAMES

        if not isinstance(state, Mapping) or "format" not in state:
            raise BiasmeterError(f"{origin} is not a biasmeter model file (no format field)")
        if not isinstance(state["format"], Integral) or isinstance(state["format"], bool):
            raise BiasmeterError(
                f"{origin} is damaged: its format field is {state['format']!r}, not a whole number"
            )
        if state["format"] != MODEL_FORMAT:
            raise BiasmeterError(
                f"{origin} is a biasmeter model of format {state['format']!r}; this version reads format "
                f"{MODEL_FORMAT}. Retrain it with this version (biasmeter train) or use the version that "
                "made it."
            )
        feature_names = tuple(map(str, state["feature_names"]))
        if feature_names != FEATURE_NAMES:
            missing = sorted(set(FEATURE_NAMES) ^ set(feature_names))
            raise BiasmeterError(
                f"{origin} was trained on other features than this version extracts (differing: "
                f"{', '.join(missing[:8]) or 'their order'}); retrain it with this version"
            )
        try:
            model = cls(
                target=Target.from_state(state["target"]),
                feature_names=feature_names,
                center=np.asarray(state["center"], dtype=np.float64),
                scale=np.asarray(state["scale"], dtype=np.float64),
                # Files written before presence weighting existed hold TF-IDF models.
                vectorizer=NgramWeights(
                    [str(term) for term in state["terms"]],
                    state["idf"],
                    state.get("ngram_weighting", "tfidf"),
                )
                if len(state["terms"])
                else None,
                coef=np.asarray(state["coef"], dtype=np.float64),
                intercept=np.asarray(state["intercept"], dtype=np.float64),
                calibration=float(state["calibration"]),
                outlet_names=tuple(map(str, state["outlet_names"])),
                metadata=json.loads(state["metadata"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise BiasmeterError(f"{origin} is damaged: {error}") from None
        problem = model._inconsistency()
        if problem:
            raise BiasmeterError(f"{origin} is damaged: {problem}")
        return model

    def _inconsistency(self) -> str | None:
        """What makes this model unusable (arrays that do not fit together, numbers that are not finite)."""
        target = self.target
        n_classes, n_hand = len(target.classes), len(self.feature_names)
        n_columns = n_hand + len(self.term_names)
        idf = np.zeros(0) if self.vectorizer is None else np.asarray(self.vectorizer.idf_)
        shapes = {
            "weights": (self.coef.shape, (n_classes, n_columns)),
            "intercepts": (self.intercept.shape, (n_classes,)),
            "feature centres": (self.center.shape, (n_hand,)),
            "feature scales": (self.scale.shape, (n_hand,)),
            "term weights (idf)": (idf.shape, (len(self.term_names),)),
        }
        for name, (shape, expected) in shapes.items():
            if shape != expected:
                return f"{name} of shape {shape}, not {expected} ({n_classes} classes, {n_columns} inputs)"
        numbers = {
            "weights": self.coef,
            "intercepts": self.intercept,
            "feature centres": self.center,
            "term weights (idf)": idf,
            "class positions": np.asarray(target.positions),
            "cut points": np.asarray(target.cut_points),
            "calibration": np.asarray([self.calibration]),
        }
        for name, values in numbers.items():
            if not np.all(np.isfinite(values)):
                return f"not every number in its {name} is finite"
        # An infinite scale is how training leaves a feature out (`TrainingOptions.excluded_features`).
        if not np.all(self.scale > 0) or np.any(idf <= 0) or self.calibration <= 0:
            return "a feature scale, term weight or the calibration is not a positive number"
        if len(target.positions) != n_classes:
            return f"{len(target.positions)} class positions for {n_classes} classes"
        if len(set(target.positions)) != n_classes:
            return f"its class positions {list(target.positions)} are not all different"
        cuts = list(target.cut_points)
        inside = all(min(target.positions) < cut < max(target.positions) for cut in cuts)
        if len(target.labels) != len(cuts) + 1 or cuts != sorted(set(cuts)) or not inside:
            return f"cut points {cuts} do not divide the scale into the labels {list(target.labels)}"
        # Finite numbers can still overflow once combined: a tiny scale makes a standardised input infinite.
        with np.errstate(over="ignore", divide="ignore"):
            effective = self.coef[:, :n_hand] / self.scale
            largest = np.abs(self.coef).sum(axis=1).max(initial=0.0) * self.calibration
        if not np.all(np.isfinite(effective)) or not np.isfinite(largest) or largest > _LARGEST_LOGIT:
            return "its weights are too large to give finite scores"
        return None

    def save(self, path: str | Path) -> str:
        """Write the model as a skops file and return its SHA-256."""
        import skops.io

        target = Path(path)
        target.write_bytes(_canonical_archive(skops.io.dumps(self.to_state())))
        return file_sha256(target)


def _canonical_archive(archive: bytes) -> bytes:
    """The same skops archive written reproducibly, so that equal models give byte-identical files.

    skops names objects by their memory address (``id()``) and stamps zip entries with the current time;
    here addresses become sequence numbers in order of appearance and every entry is dated 1980-01-01.
    """
    source = zipfile.ZipFile(io.BytesIO(archive))
    schema = json.loads(source.read("schema.json"))
    renumbered: dict[int, int] = {}

    def renumber(node: Any) -> Any:
        if isinstance(node, dict):
            result = {}
            for key, value in node.items():
                if key == "__id__" and isinstance(value, int):
                    value = renumbered.setdefault(value, len(renumbered) + 1)
                elif key == "file" and isinstance(value, str):
                    stem, dot, suffix = value.partition(".")
                    if stem.isdigit():
                        value = f"{renumbered.setdefault(int(stem), len(renumbered) + 1)}{dot}{suffix}"
                result[key] = renumber(value)
            return result
        if isinstance(node, list):
            return [renumber(item) for item in node]
        return node

    canonical = renumber(schema)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        entries = {"schema.json": json.dumps(canonical, indent=2, sort_keys=True).encode()}
        for entry in source.infolist():
            if entry.filename != "schema.json":
                stem, dot, suffix = entry.filename.partition(".")
                name = f"{renumbered[int(stem)]}{dot}{suffix}" if stem.isdigit() else entry.filename
                entries[name] = source.read(entry.filename)
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, entries[name])
    return output.getvalue()


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_model_file(path: str | Path, expected_sha256: str | None = None) -> TargetModel:
    """Load a model file safely: skops with only `TRUSTED_TYPES`, never pickle.

    Parameters
    ----------
    path : str or Path
        A file written by `TargetModel.save` or ``biasmeter train``.
    expected_sha256 : str, optional
        Refuse the file unless its hash matches (used for the shipped models).

    Raises
    ------
    BiasmeterError
        If the file is missing, is not a skops file (a pickle, say), asks for a type outside the trusted
        list, is truncated or damaged, has the wrong hash, or was made by an incompatible version.
    """
    import skops.io

    origin = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise BiasmeterError(f"no model file at {origin}") from None
    except IsADirectoryError:
        raise BiasmeterError(f"{origin} is a directory, not a model file") from None
    except OSError as error:  # no permission, a name too long, a device that cannot be read
        raise BiasmeterError(f"{origin}: cannot read the model file: {error.strerror or error}") from None
    if expected_sha256 is not None:
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected_sha256:
            raise BiasmeterError(
                f"{origin} has SHA-256 {actual[:16]}…, not the recorded {expected_sha256[:16]}…: the file "
                "was "
                "changed or damaged after it was built; reinstall biasmeter or rebuild the models"
            )
    if not data.startswith(b"PK"):
        kind = "a pickle file" if data[:1] == b"\x80" else "not a skops file"
        raise BiasmeterError(
            f"{origin} is {kind}; biasmeter only loads skops model files, which cannot run code when loaded"
        )
    try:
        untrusted = skops.io.get_untrusted_types(data=data)
        schema = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("schema.json"))
    except Exception as error:  # skops raises zipfile, JSON and key errors for damaged files
        raise BiasmeterError(
            f"{origin} is not a readable skops file ({type(error).__name__}: {error})"
        ) from None
    types = set(untrusted) | _types_in_schema(schema)
    refused = sorted(types - set(TRUSTED_TYPES) - _PLAIN_TYPES)
    if refused:
        raise BiasmeterError(
            f"{origin} asks to load types biasmeter does not trust: {', '.join(refused)}; refusing to load it"
        )
    try:
        state = skops.io.loads(data, trusted=list(untrusted))
    except Exception as error:  # the file passed the type check but its content is broken
        raise BiasmeterError(f"{origin} is damaged ({type(error).__name__}: {error})") from None
    return TargetModel.from_state(state, origin)


def _types_in_schema(node: Any) -> set[str]:
    """Every ``module.class`` that a skops schema asks to build."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "__class__" in item:
                found.add(f"{item.get('__module__')}.{item['__class__']}")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
