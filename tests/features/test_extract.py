from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import biasmeter
from biasmeter import BiasmeterError, extract
from biasmeter.features import FEATURE_NAMES


def test_example_article_shows_its_tells(example_text: str) -> None:
    features = extract(example_text)
    by_kind: dict[str, list[str]] = {}
    details: dict[str, list[str]] = {}
    for span in features.evidence:
        by_kind.setdefault(span.kind, []).append(span.text)
        details.setdefault(span.kind, []).append(span.detail)
    assert by_kind["opinion_disclaimer"] == [
        "This article may contain statements that reflect the opinion of the author"
    ]
    assert by_kind["empty_sources"] == ["Sources include:"]
    assert len(by_kind["quote"]) == 5
    assert by_kind["quote"][1] == "“Part of Syria’s food supply and many power plants depend on Russia,”"
    # Attributed to "al-Sharaa said"; the next one continues his quote in a sentence of its own.
    assert details["quote"] == ["attributed", "attributed", "unattributed", "attributed", "attributed"]
    # The lexicon's finds, category in the detail: absolutes in a quotation and in the Watch line, and
    # partisan terms from the tag list and the footer.
    assert list(zip(by_kind["loaded_term"], details["loaded_term"])) == [
        ("always", "exaggeration"),
        ("never", "exaggeration"),
    ]
    assert list(zip(by_kind["partisan_term"], details["partisan_term"])) == [
        ("big government", "partisan_right"),
        ("Free Speech", "partisan_right"),
    ]
    assert any(text.startswith("Watch") for text in by_kind["call_to_action"])
    assert features.values["opinion_disclaimer"] == 1.0
    assert features.values["empty_sources_section"] == 1.0


def test_values_follow_feature_names(example_text: str) -> None:
    features = extract(example_text, "Putin hosts Syria's new leader")
    assert tuple(features.values) == FEATURE_NAMES
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)
    assert features.to_array().shape == (len(FEATURE_NAMES),)


def test_evidence_is_in_reading_order(example_text: str) -> None:
    starts = [(span.field, span.start) for span in extract(example_text).evidence]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "text must be a str, got NoneType"),
        (b"bytes", "text must be a str, got bytes; decode it first"),
        (bytearray(b"x"), "text must be a str, got bytearray"),
        (42, "text must be a str, got int"),
        (3.5, "text must be a str, got float"),
        (["a list"], "text must be a str, got list"),
        ("x" * 1_000_001, "text is 1,000,001 characters long, more than max_chars=1,000,000"),
    ],
)
def test_bad_text_gets_a_clear_error(value: Any, message: str) -> None:
    with pytest.raises(BiasmeterError, match=message.replace("(", r"\(")):
        extract(value)


def test_bad_title_names_the_title() -> None:
    with pytest.raises(BiasmeterError, match="title must be a str, got int"):
        extract("text", title=7)


@pytest.mark.parametrize("text", ["", " ", "\n\t  \n", "...", "!!!"])
def test_empty_text_gives_zeros_not_an_error(text: str) -> None:
    features = extract(text)
    assert features.values["word_count"] == 0.0
    assert all(math.isfinite(value) for value in features.values.values())
    assert features.evidence == [] or all(span.text for span in features.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "Lone surrogate \ud800 in a \udfff sentence that was said.",
        "Control \x00 characters \x07 in a \x1b said text.",
    ],
)
def test_unencodable_characters_are_replaced_in_place(text: str) -> None:
    features = extract(text)
    assert features.values["word_count"] > 0
    assert all(text[span.start : span.end] == span.text for span in features.evidence)


def test_large_text_within_the_limit_is_measured() -> None:
    text = "The minister said the plan was a disaster. " * 20_000  # 860,000 characters
    features = extract(text)
    assert features.values["word_count"] == 160_000
    assert features.values["attribution_verb_rate"] == pytest.approx(1000 / 8)


def test_max_chars_can_be_raised() -> None:
    assert extract("word " * 300_000, max_chars=2_000_000).values["word_count"] == 300_000


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=60)))
def test_evidence_spans_quote_the_input_exactly(text: str, title: str | None) -> None:
    features = extract(text, title)
    # An HTML page's evidence quotes the text and title that were read.
    read_text = text if features.text is None else features.text
    read_title = title if features.title is None else features.title
    for span in features.evidence:
        source = read_title if span.field == "title" else read_text
        assert source is not None
        assert 0 <= span.start < span.end <= len(source)
        assert source[span.start : span.end] == span.text
    assert all(math.isfinite(value) for value in features.values.values())
    assert extract(text, title) == features


_NEWSY = st.lists(
    st.sampled_from(
        [
            '"We will win,"',
            "she said.",
            "Officials familiar with",
            "the",
            "disgraceful",
            "radical",
            "illegal aliens",
            "Opinion",
            "\n",
            "Sources include:",
            "SHOCKING",
            "NEWS",
            "TODAY",
            "!",
            "reportedly",
            "Oct.",
            "15,",
            "2024",
            "you",
            "might",
            "very",
            "“quoted words here”",
            "according to",
            "Mr.",
            "Smith",
            ".",
        ]
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(_NEWSY, _NEWSY)
def test_evidence_holds_on_news_like_text(body: list[str], title: list[str]) -> None:
    text, headline = " ".join(body), " ".join(title)
    features = extract(text, headline)
    for span in features.evidence:
        source = headline if span.field == "title" else text
        assert source[span.start : span.end] == span.text
        assert span.text.strip()


def test_public_api_is_exported() -> None:
    assert {"extract", "FeatureExtractor", "Features", "Span", "BiasmeterError"} <= set(biasmeter.__all__)


_PAGE = (
    "<!doctype html><html><head><title>Council approves budget</title>"
    "<script>var x = 'said'; var y = \"the officials said\";</script><style>p {color: red}</style></head>"
    "<body><nav>Home | News | Sports | Weather | Contact us</nav>"
    "<p>The city council approved the budget on Monday, officials said.</p>\n"
    "<p>&quot;It is a fair plan,&quot; Mayor Jane Smith told reporters.</p>"
    "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"
)
_PAGE_TEXT = (
    'The city council approved the budget on Monday, officials said.\n"It is a fair plan," Mayor Jane Smith '
    "told reporters."
)
_FRAGMENT = "<p>The senator said &quot;this plan will fail badly&quot; today.</p><p>Critics disagreed.</p>"


@pytest.mark.parametrize(
    ("text", "title", "read_text", "read_title"),
    [
        (_PAGE, None, _PAGE_TEXT, "Council approves budget"),
        (_PAGE, "Budget passes", _PAGE_TEXT, None),  # the title given is kept
        (_FRAGMENT, None, 'The senator said "this plan will fail badly" today.\nCritics disagreed.', None),
        ("Use the <p> tag, she said: a < b and c > d.", "A <b>bold</b> title", None, None),  # prose as given
    ],
)
def test_extract_reads_html_as_score_does(
    text: str, title: str | None, read_text: str | None, read_title: str | None
) -> None:
    features = extract(text, title)
    assert (features.text, features.title) == (read_text, read_title)
    score = biasmeter.score(text, title)
    assert (features.values, features.evidence) == (score.features, score.evidence)
    assert (features.text, features.title) == (score.text, score.title)
    assert features.to_dict() == {
        **({} if read_text is None else {"text": read_text}),
        **({} if read_title is None else {"title": read_title}),
        "values": features.values,
        "evidence": [span.to_dict() for span in features.evidence],
    }
    # The evidence quotes what was read: the visible text and title of a page, the input otherwise.
    source = {"text": read_text or text, "title": read_title or title}
    for span in features.evidence:
        assert source[span.field][span.start : span.end] == span.text  # type: ignore[index]
    matrix = biasmeter.FeatureExtractor().transform([{"text": text, "title": title}])
    assert matrix.tolist() == [features.to_array().tolist()]


def test_a_page_is_measured_without_its_script_navigation_and_footer() -> None:
    features = extract(_PAGE)
    assert features.values == extract(_PAGE_TEXT, "Council approves budget").values
    attributions = [span.text for span in features.evidence if span.kind == "attribution"]
    assert attributions == ["said", "told"]
