"""Checks on user input: text cleaned one character for one, so evidence offsets point into the input."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from biasmeter import extract
from biasmeter._input import clean_text


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
