from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biasmeter import extract
from biasmeter._characters import codes_of
from biasmeter.features.genre import _capital_runs


@pytest.mark.parametrize(
    ("text", "title", "feature", "expected"),
    [
        (
            "Text.\nThis article may contain statements that reflect the opinion of the author",
            None,
            "opinion_disclaimer",
            1.0,
        ),
        (
            "The views expressed in this column are those of the writer and do not reflect ours.",
            None,
            "opinion_disclaimer",
            1.0,
        ),
        ("Her views on taxes were expressed loudly.", None, "opinion_disclaimer", 0.0),
        ("Opinion\nWhy the plan fails.", None, "opinion_label", 1.0),
        ("Why the plan fails.", "Opinion: the plan fails", "opinion_label", 1.0),
        ("The analysis showed growth.", None, "opinion_label", 0.0),
        ("This is sponsored content from a partner.", None, "sponsored", 1.0),
        ("Sponsored\nBuy the new phone.", None, "sponsored", 1.0),
        ("Ten tips for travellers\nSPONSORED: Acme Travel\nPack light.", None, "sponsored", 1.0),
        ("Pack light.", "Sponsored: ten tips for travellers", "sponsored", 1.0),
        ("Pack light.", "Ten tips for travellers (Sponsored)", "sponsored", 1.0),
        # Below the first paragraph, a bare label marks an advertising slot, not the piece.
        (
            "A judge ordered the release of an immigrant who is among 47 people challenging the order "
            "to deport them, his lawyer said.\n\nSPONSORED\n\nHe was arrested in August.",
            None,
            "sponsored",
            0.0,
        ),
        ("She sponsored the bill.", "Senator who sponsored bill speaks", "sponsored", 0.0),
        ("Pack light.", "Ten tips for travellers - Sponsored", "sponsored", 1.0),
        ("Pack light.", "Iran accused of attacks that were state-sponsored", "sponsored", 0.0),
        # Past the first three lines, in copy of short paragraphs, a label marks an advertising slot.
        ("One.\nTwo.\nThree.\nSponsored\nFour.", None, "sponsored", 0.0),
        ("Headline\n\n\nSponsored\nBody.", None, "sponsored", 1.0),
        ("Story.\nSources include:\nTagged Under:\nRussia", None, "empty_sources_section", 1.0),
        ("Story.\nSources include:\nTagged Under:\nRussia", None, "sources_section", 0.0),
        ("Story.\nSources:\nhttps://example.org/report\n", None, "sources_section", 1.0),
        ("Story.\nSources:\nhttps://example.org/report\n", None, "empty_sources_section", 0.0),
        ("Big news.\nWatch the video below.", None, "call_to_action_rate", 1000 / 6),
        ("The watchdog will watch the vote.", None, "call_to_action_rate", 0.0),
        ("Please share this with everyone you know.", None, "call_to_action_rate", 1000 / 7),
        ("THIS IS AN OUTRAGE and NATO agrees.", None, "shouting_rate", 1000 / 7),
        ("NATO and the FBI met the EU.", None, "shouting_rate", 0.0),
        ("Wow! Really! Amazing.", None, "exclamation_rate", 2000 / 3),
        ("A calm report.", "You won't believe what happened next!", "clickbait_title", 3.0),
        ("A calm report.", "Senate passes budget bill", "clickbait_title", 0.0),
        ("A calm report.", "10 things you need to know", "clickbait_title", 1.0),
    ],
)
def test_genre_cues(text: str, title: str | None, feature: str, expected: float) -> None:
    assert extract(text, title).values[feature] == pytest.approx(expected)


def test_title_evidence_points_into_the_title() -> None:
    title = "SHOCKING: senator EXPOSED"
    spans = [span for span in extract("Body text.", title).evidence if span.field == "title"]
    assert spans
    assert all(title[span.start : span.end] == span.text for span in spans)


@given(st.text(st.sampled_from([*"ABZaz [`@ÄÀ1'\n"])) | st.text())
def test_capital_runs_are_the_regexs(text: str) -> None:
    expected = [match.span() for match in re.finditer(r"[A-Z]{2,}", text)]
    assert _capital_runs(codes_of(text)) == expected
