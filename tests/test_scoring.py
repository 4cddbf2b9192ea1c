from __future__ import annotations

import json
import math
import pickle
import sys
import threading
import types
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import biasmeter
from biasmeter import BiasmeterError, Score
from biasmeter.article import _ENGLISH, _MIN_ENGLISH_SHARE, abstention
from biasmeter.features import Features
from biasmeter.model import Contribution
from data_frames import DataFrameLike

NEWS = (
    "The city council voted 7-2 on Tuesday to approve a $4.5 million budget for road repairs, "
    "officials said. "
    'said. "This is long overdue," council member Maria Lopez told reporters after the vote. According to a '
    "city report released in March, nearly a third of the roads need repair. Two members opposed the plan, "
    "arguing that the money should go to public transit instead."
)
FRENCH = (
    "Le conseil municipal a voté mardi un budget de quatre millions d'euros pour la réparation des "
    "routes. Selon un rapport publié en mars, près d'un tiers des routes doivent être réparées, a déclaré "
    "le maire. "
    "Deux membres se sont opposés au projet et ont demandé que l'argent aille aux transports publics."
)


def check_score(score: Score) -> None:
    assert score.status == "scored"
    assert score.reliability is not None
    assert 0 <= score.reliability <= 100
    assert score.slant is not None
    assert -1 <= score.slant <= 1
    assert score.reliability_label == (
        "low" if score.reliability < 40 else "mixed" if score.reliability < 60 else "high"
    )
    assert score.slant_label == (
        "left" if score.slant < -1 / 3 else "right" if score.slant > 1 / 3 else "center"
    )
    for probabilities in score.probabilities.values():
        assert math.isclose(sum(probabilities.values()), 1.0, rel_tol=1e-9)
    json.dumps(score.to_dict(), allow_nan=False)


def test_example_article_is_in_the_low_reliability_band(example_text: str) -> None:
    score = biasmeter.score(example_text)
    check_score(score)
    assert score.reliability_label == "low", score.reliability


def test_a_news_report_is_scored_with_reasons() -> None:
    score = biasmeter.score(NEWS, title="Council approves road repair budget", url="https://example.com/a")
    check_score(score)
    reasons = score.explain(top=5)
    assert set(reasons) == {"reliability", "slant"}
    for items in reasons.values():
        assert 0 < len(items) <= 5
        sizes = [abs(item.contribution) for item in items]
        assert sizes == sorted(sizes, reverse=True)
        assert all(item.feature in score.features or item.feature.startswith("term:") for item in items)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Five words are too few.", "too short"),
        ("", "no letters"),
        ("   \n ", "no letters"),
        ("1234 5678 90 !!! ??? 2024-01-01", "no letters"),
        (FRENCH, "language"),
        (
            "Der Stadtrat hat am Dienstag einen Haushalt für Straßenreparaturen beschlossen, "
            "sagte der Bürgermeister. " * 3,
            "language",
        ),
    ],
)
def test_unusable_text_abstains_with_a_reason(text: str, reason: str) -> None:
    score = biasmeter.score(text)
    assert score.status == "abstained"
    assert score.abstained == reason
    assert score.reliability is None
    assert score.slant is None
    assert score.probabilities == {}


@given(
    st.lists(
        st.sampled_from(
            ["The", "the,", "(of)", "AND", "said.", "i", "Stadtrat", "hat", "am", "x", "“and”", "İ"]
        ),
        min_size=25,
        max_size=60,
    ).map(" ".join)
)
def test_language_check_counts_english_words_however_they_are_written(text: str) -> None:
    words = text.lower().split()
    english = sum(word.strip(".,;:!?\"'()“”‘’") in _ENGLISH for word in words) / len(words)
    features = Features(values={"word_count": 100.0}, evidence=[])
    assert abstention(features, text) == ("language" if english < _MIN_ENGLISH_SHARE else None)


@pytest.mark.parametrize(
    ("value", "message"),
    [(None, "got NoneType"), (b"bytes", "decode it first"), (12, "got int"), ("x" * 1_000_001, "max_chars")],
)
def test_bad_input_raises_a_biasmeter_error(value: Any, message: str) -> None:
    with pytest.raises(BiasmeterError, match=message):
        biasmeter.score(value)


def test_an_html_page_is_scored_on_its_visible_text() -> None:
    page = (
        "<!doctype html><html><head><title>Council approves budget</title><style>p{color:red}</style></head>"
        f"<body><nav>Home | News | Sport</nav><article><p>{NEWS}</p></article>"
        "<script>var tracking = 1;</script><footer>Copyright</footer></body></html>"
    )
    score = biasmeter.score(page)
    check_score(score)
    assert score.text is not None
    assert score.text.startswith("The city council voted")
    assert "tracking" not in score.text
    assert "Home | News" not in score.text
    assert all(
        score.text[span.start : span.end] == span.text for span in score.evidence if span.field == "text"
    )


_PAGE = (
    "<html><head><title>SHOCKING!!! You won't believe this</title></head><body><p>The radical mob DESTROYED "
    "the city, furious residents said on Monday. Officials said repairs would take several months.</p>"
    "</body></html>"
)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([None, "", "Repairs will take months"]), st.text(max_size=40))
@example(None, "")  # the page's title, with a clickbait span in it, stands in for the missing one
@example("", "")  # so it does for an empty one
def test_title_evidence_of_an_html_page_points_into_the_title_scored(title: str | None, words: str) -> None:
    score = biasmeter.score(_PAGE.replace("Officials", f"{words} Officials"), title)
    assert score.title == (None if title else "SHOCKING!!! You won't believe this")
    scored_title = score.title if score.title is not None else title
    title_spans = [span for span in score.evidence if span.field == "title"]
    assert title_spans or title
    assert all(scored_title and scored_title[span.start : span.end] == span.text for span in title_spans)
    assert score.to_dict().get("title") == score.title


@pytest.mark.parametrize("title", [0, False, []])
def test_an_html_page_refuses_a_title_of_the_wrong_type(title: Any) -> None:
    with pytest.raises(BiasmeterError, match="title must be a str"):
        biasmeter.score(_PAGE, title)


def test_score_many_keeps_order_ids_and_errors() -> None:
    records: list[Any] = [
        {"id": "good", "text": NEWS, "source": "kept"},
        {"id": "none", "text": None},
        {"id": "missing"},
        {"id": "bytes", "text": b"raw"},
        NEWS,
        {"id": "short", "text": "Too short."},
        {"id": "good", "text": NEWS},
    ]
    results = list(biasmeter.score_many(iter(records)))
    assert [result.id for result in results] == ["good", "none", "missing", "bytes", None, "short", "good"]
    assert [result.status for result in results] == [
        "scored",
        "failed",
        "failed",
        "failed",
        "scored",
        "abstained",
        "scored",
    ]
    assert results[0].extra == {"source": "kept"}
    assert "got NoneType" in (results[1].error or "")
    assert "no 'text'" in (results[2].error or "")
    assert (results[0].reliability, results[0].slant) == (results[6].reliability, results[6].slant)


def test_a_model_scores_what_its_models_hold_after_a_change() -> None:
    model = biasmeter.Model(dict(biasmeter.default_model().models))
    del model.models["slant"]
    score = model.score(NEWS)
    assert score.slant is None
    assert score.reliability == biasmeter.score(NEWS).reliability


def test_a_score_crosses_processes_with_its_reasons() -> None:
    score = biasmeter.score(NEWS)
    copy = pickle.loads(pickle.dumps(score))
    assert copy == score
    assert copy.explain(top=50) == score.explain(top=50)
    assert all(type(item) is Contribution for items in copy.explain().values() for item in items)


def test_score_many_in_two_processes_gives_the_same_results() -> None:
    records = [{"id": str(i), "text": NEWS + f" Item {i}."} for i in range(70)] + [{"id": "bad", "text": 5}]
    single = [result.to_dict() for result in biasmeter.score_many(records)]
    double = [result.to_dict() for result in biasmeter.score_many(records, n_jobs=2)]
    assert single == double
    every_cpu = [result.to_dict() for result in biasmeter.score_many(records, n_jobs=-1)]
    assert every_cpu == single


@pytest.mark.parametrize(
    ("records", "n_jobs", "message"),
    [
        ("a text", 1, r"single string; wrap it: \[text\]"),
        (b"a text", 1, "single string"),
        ({"text": NEWS}, 1, r"single record; wrap it: \[record\]"),
        (None, 1, "iterable of records, got NoneType"),
        (
            DataFrameLike("text", "url"),
            1,
            r"got a DataFrameLike, whose iteration gives its column names \(text, url\)",
        ),
        (5, 1, "iterable of records, got int"),
        ([NEWS], 0, "n_jobs must be a whole number of at least 1, or -1 for every CPU, got 0"),
        ([NEWS], -2, "n_jobs .* got -2"),
        ([NEWS], "2", "n_jobs .* got '2'"),
        ([NEWS], True, "n_jobs .* got True"),
    ],
)
def test_score_many_refuses_misuse(records: Any, n_jobs: Any, message: str) -> None:
    with pytest.raises(BiasmeterError, match=message):
        list(biasmeter.score_many(records, n_jobs=n_jobs))


@pytest.mark.parametrize("max_chars", [0, 2.5, "100", None, True])
def test_a_max_chars_that_is_no_count_is_refused(max_chars: Any) -> None:
    message = "max_chars must be a whole number of at least 1"
    with pytest.raises(BiasmeterError, match=message):
        list(biasmeter.score_many([NEWS], max_chars=max_chars))
    with pytest.raises(BiasmeterError, match=message):
        biasmeter.score(NEWS, max_chars=max_chars)
    with pytest.raises(BiasmeterError, match=message):
        biasmeter.extract(NEWS, max_chars=max_chars)
    with pytest.raises(BiasmeterError, match=message):
        biasmeter.FeatureExtractor(max_chars=max_chars).fit_transform([NEWS])


@pytest.mark.parametrize(("top", "expected"), [(0, 0), (2, 2), (np.int64(1), 1), (None, 50)])
def test_explain_takes_a_count_or_none_for_all(top: Any, expected: int) -> None:
    score = biasmeter.score(NEWS)
    assert {len(items) for items in score.explain(top).values()} == {expected}
    assert {len(items) for items in score.to_dict(explain=top)["explanation"].values()} == {expected}


@pytest.mark.parametrize("top", [-1, 2.5, "3", True])
def test_explain_refuses_a_top_that_is_no_count(top: Any) -> None:
    score = biasmeter.score(NEWS)
    with pytest.raises(BiasmeterError, match="top must be a whole number of at least 0"):
        score.explain(top)
    with pytest.raises(BiasmeterError, match="top must be a whole number of at least 0"):
        score.to_dict(explain=top)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_max_chars_sets_the_longest_record_scored(n_jobs: int) -> None:
    short, long = biasmeter.score_many([NEWS, NEWS * 3], n_jobs=n_jobs, max_chars=len(NEWS))
    assert short.status == "scored"
    assert long.status == "failed"
    assert f"more than max_chars={len(NEWS):,}" in (long.error or "")
    assert biasmeter.score(NEWS * 3, max_chars=len(NEWS) * 3).status == "scored"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": NEWS, "url": 5}, "url must be a str, got int"),
        ({"text": NEWS, "id": {"nested": 1}}, "id must be a str or a number, got dict"),
        ({"text": NEWS, "id": True}, "id must be a str or a number, got bool"),
    ],
)
def test_a_record_with_a_bad_url_or_id_fails_alone(record: dict[str, Any], message: str) -> None:
    failed, scored = biasmeter.score_many([record, {"text": NEWS, "id": 7}])
    assert failed.status == "failed"
    assert message in (failed.error or "")
    assert failed.id is None
    assert (scored.status, scored.id) == ("scored", "7")


def test_score_gives_its_id_as_text_and_refuses_a_bad_one() -> None:
    assert biasmeter.score(NEWS, id=7).id == "7"
    with pytest.raises(BiasmeterError, match="id must be a str or a number, got list"):
        biasmeter.score(NEWS, id=[7])  # type: ignore[arg-type]


def test_a_failed_record_keeps_its_good_id() -> None:
    (failed,) = biasmeter.score_many([{"text": NEWS, "url": 5, "id": 3}])
    assert (failed.status, failed.id) == ("failed", "3")


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        (np.int64(3), "3"),
        (np.float32(3), "3"),
        (3.0, "3"),  # an integer column with a missing value is a float column
        (np.float64(2.5), "2.5"),
        (float("nan"), None),
        ("a-1", "a-1"),
        (None, None),
    ],
)
def test_ids_from_a_data_frame_row_read_as_plain_ones(identifier: Any, expected: str | None) -> None:
    # Rows of a pandas frame carry numpy numbers, and NaN where a value is missing.
    (result,) = biasmeter.score_many([{"text": NEWS, "id": identifier}])
    assert (result.status, result.id) == ("scored", expected)


def test_pandas_na_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    # pandas is not a dependency: its NA is recognised only in a program that imported it.
    class FakePandas(types.ModuleType):
        # Libraries that look for pandas in sys.modules (narwhals, via scikit-learn) find types that
        # nothing is an instance of.
        def __getattr__(self, name: str) -> type:
            return type(name, (), {})

    fake_pandas = FakePandas("pandas")
    fake_pandas.NA = object()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pandas", fake_pandas)
    (result,) = biasmeter.score_many([{"text": NEWS, "id": fake_pandas.NA, "title": fake_pandas.NA}])
    assert (result.status, result.id, result.title) == ("scored", None, None)


def test_a_missing_title_or_url_written_as_nan_is_missing() -> None:
    (result,) = biasmeter.score_many([{"text": NEWS, "title": float("nan"), "url": float("nan")}])
    assert result.status == "scored"
    assert "title" not in result.to_dict()
    assert math.isnan(result.extra["url"])
    assert result.reliability == biasmeter.score(NEWS).reliability


def test_records_a_worker_cannot_take_score_as_in_one_process() -> None:
    # A lock cannot be pickled to a worker; the stream must not end with a TypeError.
    records = [{"text": NEWS, "id": i, "lock": threading.Lock()} for i in range(3)]
    one = [(result.id, result.status, result.reliability) for result in biasmeter.score_many(records)]
    two = [
        (result.id, result.status, result.reliability) for result in biasmeter.score_many(records, n_jobs=2)
    ]
    assert one == two
    assert [status for _, status, _ in two] == ["scored"] * 3


@pytest.mark.parametrize(
    ("models", "message"),
    [
        ({"slant": "reliability"}, r"models\['slant'\] must be a TargetModel, got str"),
        ("crossed", r"models\['slant'\] is a reliability model, not a slant one"),
    ],
)
def test_a_model_must_score_the_target_it_is_filed_under(models: Any, message: str) -> None:
    if models == "crossed":
        models = {"slant": biasmeter.default_model().models["reliability"]}
    with pytest.raises(BiasmeterError, match=message):
        biasmeter.Model(models)


@pytest.mark.parametrize("path", [5, None, b"model.skops"])
def test_load_model_refuses_a_path_that_is_no_path(path: Any) -> None:
    with pytest.raises(BiasmeterError, match=r"path must be a str or os\.PathLike"):
        biasmeter.load_model(path)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=600))
@example("0\x1fL")  # a control character inside a sentence that is evidence
def test_any_text_gives_a_result_in_range_and_the_same_twice(text: str) -> None:
    first = biasmeter.score(text)
    assert first.status in ("scored", "abstained")
    if first.status == "scored":
        check_score(first)
    assert all(text[span.start : span.end] == span.text for span in first.evidence if span.field == "text")
    assert biasmeter.score(text).to_dict() == first.to_dict()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.sampled_from([*NEWS.split(), "disgraceful", "radical", "SHOCKING!!!", "\n", "“", "”"]), min_size=30
    )
)
def test_news_like_text_always_scores_in_range(words: list[str]) -> None:
    score = biasmeter.score(" ".join(words))
    if score.status == "scored":
        check_score(score)


@pytest.mark.parametrize("line_break", ["\r\n", "\r"])
def test_an_article_saved_with_other_line_endings_gets_the_same_scores(
    example_text: str, line_break: str
) -> None:
    # With "\r\n" the example's empty "Sources include:" heading went unseen, and reliability rose from 2.5
    # to 73.
    expected = biasmeter.score(example_text)
    score = biasmeter.score(example_text.replace("\n", line_break))
    assert score.features == expected.features
    assert (score.reliability, score.slant) == (expected.reliability, expected.slant)


def test_explanations_report_feature_values_in_article_units(example_text: str) -> None:
    for text in (NEWS, example_text):
        score = biasmeter.score(text, url="https://example.com/a")
        for items in score.explain(top=50).values():
            for item in items:
                if not item.feature.startswith("term:"):
                    # Exactly the article's value: 1.0 for a flag, not 0.9999999999999999.
                    assert item.value == score.features[item.feature]
        assert score.extra["url"] == "https://example.com/a"


def test_input_fields_named_like_results_are_kept_beside_them() -> None:
    (result,) = biasmeter.score_many(
        [{"id": "x", "text": NEWS, "slant": "left", "outlet": "a", "error": "none", "input_slant": "L"}]
    )
    data = result.to_dict()
    assert data["input_input_slant"] == "left"
    assert data["input_slant"] == "L"
    assert data["outlet"] == "a"
    assert data["slant"] == result.slant
    # A result field the result does not have (a scored record has no error) is reserved all the same,
    # so that `select(.error)` finds failed records only.
    assert "error" not in data
    assert data["input_error"] == "none"
