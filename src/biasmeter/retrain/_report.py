"""The figures as text: the plain-text summary and report tables, and the Markdown model card."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from biasmeter.retrain._common import TOP_GROUPS


def _counts_text(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in counts.items())


def _figure_rows(m: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    rows: list[tuple[str, Mapping[str, Any]]] = [
        ("recipe", m["held_out"]),
        ("recipe, calibrated", m["held_out_calibrated"]),
    ]
    if m.get("baseline") is not None:
        rows.append(("TF-IDF baseline", m["baseline"]))
    return rows


def _number_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


_FIGURE_COLUMNS = (
    ("accuracy", "accuracy"),
    ("macro_f1", "macro-F1"),
    ("auc", "ROC-AUC"),
    ("brier", "Brier"),
    ("ece", "ECE"),
)


def _figures_text(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    width = max(len(name) for name, _ in rows)
    header = " " * width + "".join(f"  {title:>8}" for _, title in _FIGURE_COLUMNS)
    lines = [header]
    for name, figures in rows:
        lines.append(
            name.ljust(width) + "".join(f"  {_number_text(figures[key]):>8}" for key, _ in _FIGURE_COLUMNS)
        )
    return "\n".join(lines)


def _figures_markdown(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    lines = [
        "| predictions | " + " | ".join(title for _, title in _FIGURE_COLUMNS) + " |",
        "| --- |" + " ---: |" * len(_FIGURE_COLUMNS),
    ]
    for name, figures in rows:
        lines.append(
            f"| {name} | " + " | ".join(_number_text(figures[key]) for key, _ in _FIGURE_COLUMNS) + " |"
        )
    return "\n".join(lines)


def _confusion_text(confusion: Mapping[str, Any]) -> str:
    classes = list(confusion["classes"])
    counts = confusion["counts"]
    width = max(len(name) for name in [*classes, "true \\ predicted"])
    cell = max(7, *(len(name) for name in classes), *(len(f"{c:,}") for row in counts for c in row))
    lines = ["true \\ predicted".ljust(width) + "".join(f"  {name:>{cell}}" for name in classes)]
    for name, row in zip(classes, counts):
        lines.append(name.ljust(width) + "".join(f"  {count:>{cell},}" for count in row))
    return "\n".join(lines)


def _confusion_markdown(confusion: Mapping[str, Any]) -> str:
    classes = list(confusion["classes"])
    lines = [
        "| true \\ predicted | " + " | ".join(classes) + " |",
        "| --- |" + " ---: |" * len(classes),
    ]
    for name, row in zip(classes, confusion["counts"]):
        lines.append(f"| {name} | " + " | ".join(f"{count:,}" for count in row) + " |")
    return "\n".join(lines)


def _card(metrics_: Mapping[str, Any], sha256: str | None, model_file: str | None) -> str:
    m = metrics_
    classes = list(m["classes"])
    low, high = classes[0], classes[-1]
    scale = "−1 (left) … +1 (right)" if m["target"] == "slant" else "0 (low) … 100 (high)"
    if "column" in m["labels_from"]:
        source = f"the column `{m['labels_from']['column']}` of each article"
    else:
        source = (
            f"the outlet ratings {m['labels_from']['ratings']}, joined by the host name of each article's "
            "`url` (or `domain`), most specific first (distant labels: every article inherits its "
            "outlet's rating)"
        )
    mapping = m["label_mapping"]
    if "thresholds" in mapping:
        cuts = mapping["thresholds"]
        bins = [f"below {cuts[0]:g} → `{classes[0]}`"]
        bins += [f"{a:g} to below {b:g} → `{name}`" for a, b, name in zip(cuts, cuts[1:], classes[1:])]
        bins.append(f"{cuts[-1]:g} and above → `{classes[-1]}`")
        mapped = "numeric values binned: " + "; ".join(bins)
    else:
        mapped = "classes in scale order: " + ", ".join(f"`{name}`" for name in classes)
    positions = ", ".join(f"`{name}` at {position:g}" for name, position in zip(classes, m["positions"]))
    excluded = [
        f"* {m['records']:,} records read; {m['skipped_lines']:,} unusable lines skipped; "
        f"{m['unlabelled']:,} without a label; {m['unrated']:,} whose outlet has no rating."
    ]
    if m["unrated_outlets"]:
        excluded.append(
            "* Most frequent unrated outlets: "
            + ", ".join(f"{name} ({count:,})" for name, count in m["unrated_outlets"][:10])
            + "."
        )
    group_lines = [f"| {group_by} | articles | " + " | ".join(classes) + " |" for group_by in [m["group_by"]]]
    group_lines.append("| --- | ---: |" + " ---: |" * len(classes))
    for item in m["groups"]:
        group_lines.append(
            f"| {item['group']} | {item['articles']:,} | "
            + " | ".join(f"{item['classes'][name]:,}" for name in classes)
            + " |"
        )
    class_lines = ["| class | articles |", "| --- | ---: |"]
    class_lines += [f"| {name} | {count:,} |" for name, count in m["class_counts"].items()]
    folds = ["| fold | training articles | test articles | test groups | accuracy | macro-F1 |"]
    folds.append("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for number, item in enumerate(m["per_fold"], start=1):
        folds.append(
            f"| {number} | {item['train_articles']:,} | {item['test_articles']:,} | "
            f"{item['test_groups']:,} | {item['accuracy']:.3f} | {item['macro_f1']:.3f} |"
        )
    weights = m["top_features"]
    top = [f"| towards {low} | weight | towards {high} | weight |", "| --- | ---: | --- | ---: |"]
    for (name_low, weight_low), (name_high, weight_high) in zip(weights[low], weights[high]):
        top.append(f"| `{name_low}` | {weight_low:.3f} | `{name_high}` | {weight_high:.3f} |")
    raw, calibrated = m["held_out"], m["held_out_calibrated"]
    if m["split"] == "grouped":
        evaluation = (
            f"Grouped cross-validation: {m['split_description']}. Every article is predicted by a model that "
            f"saw no article of its {m['group_by']}, so the figures estimate performance on new outlets."
        )
    elif m["split"] == "random":
        evaluation = (
            f"**Not grouped.** {m['split_description']}. Use the default grouped split for figures that "
            "hold for new outlets."
        )
    else:
        evaluation = f"Held-out evaluation: {m['split_description']}."
    baseline = (
        "The baseline is TF-IDF of words and word pairs with a class-balanced logistic regression, on the "
        "same folds and the same masked texts."
        if m["baseline"] is not None
        else "The TF-IDF baseline was not run (`--no-baseline`)."
    )
    notes = "\n".join(f"* {note}" for note in m["notes"]) or "* none"
    identity = ""
    if model_file is not None:
        identity = f"File `{model_file}`" + (f", SHA-256 `{sha256}`" if sha256 else "") + ". "
    inputs = ", ".join(f"`{name}`" for name in m["inputs"]) or "records passed from Python"
    options = ", ".join(f"{key}={value}" for key, value in sorted(m["options"].items()))
    return f"""# Model card: {m["target"]} model trained with `biasmeter train`

{identity}Trained with biasmeter {m["biasmeter"]} on {inputs}. Use it with
`biasmeter score --model {model_file or "MODEL"} …` or `biasmeter.load_model(path)`.

## What it predicts

{m["target"].capitalize()} on the scale {scale}: {len(classes)} classes placed at {positions}. The score is
the probability-weighted mean position. Labels came from {source}; {mapped}.

## Data

{m["articles"]:,} articles from {m["outlets"]:,} groups (grouped by {m["group_by"]}).

{chr(10).join(class_lines)}

Left out before training:

{chr(10).join(excluded)}

Largest groups (top {min(TOP_GROUPS, len(m["groups"]))} of {m["outlets"]:,}):

{chr(10).join(group_lines)}

## Evaluation

{evaluation} {baseline}

{_figures_markdown(_figure_rows(m))}

Accuracy and macro-F1 count the most probable class; ROC-AUC ranks articles by score against membership
of the top class (`{high}`); Brier is the mean squared error of the class probabilities (0 is perfect);
ECE is the expected calibration error of the top probability (10 bins).

Confusion matrix of the calibrated held-out predictions:

{_confusion_markdown(m["confusion_matrix"])}

Per fold (calibrated):

{chr(10).join(folds)}

## Calibration

Temperature {m["calibration_factor"]:.3f}, fitted on the out-of-fold logits to minimise log loss and stored
in the model. Held out, before → after calibration: Brier {raw["brier"]:.3f} → {calibrated["brier"]:.3f},
ECE {raw["ece"]:.3f} → {calibrated["ece"]:.3f}.

## Most influential features

Weights towards each end of the scale, per standardised unit for hand-built features and per TF-IDF unit
for terms (`term:`). Outlet names are masked before training; `OUTLET` is the mask itself.
Vocabulary: {m["vocabulary"]:,} n-grams.

{chr(10).join(top)}

## Recipe

Options: {options}. Seed {m["random_state"]}.

## Notes

{notes}
"""
