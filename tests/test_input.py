"""Checks on user input: text cleaned one character for one, so evidence offsets point into the input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from biasmeter import BiasmeterError, extract
from biasmeter._input import available_cpus, check_jobs, clean_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b\x1bc", "a b c"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("Windows\r\nlines\r\n", "Windows \nlines \n"),
        ("old Mac\rlines\r", "old Mac\nlines\n"),
        ("\r\r\n\n\r", "\n \n\n\n"),
        ("page\x0cbreak", "page\nbreak"),
        ("line\u2028separator\u2029paragraph", "line\nseparator\nparagraph"),
        ("mojibake\x85ellipsis", "mojibake\x85ellipsis"),
        ("tab\tand\nnewline kept", "tab\tand\nnewline kept"),
        ("\ufeffheadline", " headline"),
        (
            "no-break\u00a0thin\u2009narrow\u202fideographic\u3000spaces",
            "no-break thin narrow ideographic spaces",
        ),
        ("zero\u200bwidth", "zero width"),
        ("coun\u00adcil", "coun-cil"),
        ("emoji \U0001f468\u200d\U0001f467 joiner kept", "emoji \U0001f468\u200d\U0001f467 joiner kept"),
    ],
)
def test_clean_text_replaces_one_for_one(text: str, expected: str) -> None:
    assert clean_text(text) == expected
    assert len(clean_text(text)) == len(text)


_LINES = st.lists(
    st.sampled_from(
        [
            "Opinion",
            "Sources include:",
            "Tagged Under: Syria, Russia",
            "“We will win,” she said.",
            "Copyright 2019 Example News",
            "The views expressed here are the author's own.",
            "Officials said the plan was a disaster",
            "",
        ]
    ),
    max_size=12,
)


@settings(max_examples=100, deadline=None)
@given(_LINES, st.sampled_from(["\r\n", "\r", "\x0c", "\u2028", "\u2029"]))
@example(["Big news.", "Sources include:", "Tagged Under: Syria"], "\r\n")  # lost the empty sources heading
@example(["Opinion", "The plan fails"], "\r")  # two lines read as one sentence, without the genre label
def test_line_endings_do_not_change_the_features(lines: list[str], line_break: str) -> None:
    text = "\n".join(lines)
    other = text.replace("\n", line_break)
    features = extract(other)
    assert features.values == extract(text).values
    assert all(other[span.start : span.end] == span.text for span in features.evidence)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), (3, 3), (np.int64(2), 2), (-1, "all")],
)
def test_check_jobs_takes_counts_and_minus_one_for_every_cpu(value: object, expected: object) -> None:
    wanted = available_cpus() if expected == "all" else expected
    assert check_jobs(value) == wanted
    assert type(check_jobs(value)) is int


def test_check_jobs_refuses_an_absurd_count() -> None:
    with pytest.raises(BiasmeterError, match="n_jobs asks for 10,000 processes; at most 4,096 are started"):
        check_jobs(10_000)


@pytest.mark.parametrize("value", [0, -2, 2.5, "2", None, True])
def test_check_jobs_refuses_what_is_no_count(value: object) -> None:
    with pytest.raises(
        BiasmeterError, match="jobs must be a whole number of at least 1, or -1 for every CPU"
    ):
        check_jobs(value, "jobs")


@settings(max_examples=60, deadline=None)
@given(_LINES, st.sampled_from(["\u00a0", "\u2009", "\u202f", " \u200b", "\u200b "]))
def test_unicode_spaces_do_not_change_the_features(lines: list[str], space: str) -> None:
    # Scraped text: a quote attributed across a no-break space was missed, zero-width spaces made English
    # text abstain as another language, a byte-order mark changed the headline's sentiment.
    text = "\n".join(lines)
    other = text.replace(" ", space)
    features = extract(other, "\ufeff" + "Bomb suspect held")
    assert features.values == extract(text.replace(" ", " " * len(space)), "Bomb suspect held").values
    sources = {"text": other, "title": "\ufeffBomb suspect held"}
    assert all(sources[span.field][span.start : span.end] == span.text for span in features.evidence)
