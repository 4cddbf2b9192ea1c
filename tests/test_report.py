"""The explain report: scores, reasons, and evidence in context."""

from __future__ import annotations

import re

import pytest

import biasmeter
from biasmeter.evidence import Span
from biasmeter.model import Contribution
from biasmeter.report import context, render_report
from biasmeter.scoring import Score

TEXT = (
    "Officials said on Monday that the radical plan was a\n\n“disaster” for the city. "
    "Residents were furious. Critics called it a disgraceful stunt, and many said they would fight it."
)
TITLE = "SHOCKING plan angers city"


def _span(kind: str, needle: str, detail: str = "", source: str = TEXT) -> Span:
    start = source.index(needle)
    field = "title" if source is TITLE else "text"
    return Span(start, start + len(needle), kind, needle, detail, field)  # type: ignore[arg-type]


SCORE = Score(
    reliability=35.25,
    reliability_label="low",
    slant=0.42,
    slant_label="right",
    probabilities={
        "reliability": {"low": 0.6475, "high": 0.3525},
        "slant": {"left": 0.1, "center": 0.38, "right": 0.52},
    },
    evidence=[
        _span("loaded_term", "disgraceful", "emotional"),
        _span("loaded_term", "radical", "name_calling"),
        _span("scare_quote", "“disaster”"),
        _span("shouting", "SHOCKING", source=TITLE),
        _span("loaded_term", "furious", "emotional"),
    ],
    contributions={
        "reliability": [
            Contribution("loaded_emotional_rate", 51.3, -0.61),
            Contribution("term:radical plan", 0.21, -0.2),
            Contribution("quote_count", 0.0, 0.05),
        ],
        "slant": [Contribution("loaded_name_calling_rate", 25.6, 0.33)],
    },
)


def test_report_has_both_scores_with_labels_and_probabilities() -> None:
    lines = render_report(SCORE, TEXT, TITLE).splitlines()
    assert lines[0] == "Reliability  35.2 / 100  low     low 0.65 · high 0.35"
    assert lines[1] == "Slant        +0.42 (-1…+1)  right   left 0.10 · center 0.38 · right 0.52"


def test_report_lists_signed_reasons_with_values() -> None:
    report = render_report(SCORE, TEXT, TITLE, top=2)
    assert "Why this reliability (signed push in log-odds, + is towards reliable):" in report
    assert "  -0.61  loaded_emotional_rate = 51.3\n" in report
    assert '  -0.20  the words "radical plan" (weight 0.21)\n' in report
    assert "quote_count" not in report  # beyond top=2
    assert "  +0.33  loaded_name_calling_rate = 25.6\n" in report


def test_evidence_is_grouped_by_kind_in_order_of_position_with_context() -> None:
    report = render_report(SCORE, TEXT, TITLE, per_kind=2)
    evidence = report[report.index("Evidence (5 spans") :].splitlines()
    assert evidence[1:] == [
        "  loaded_term (3)",
        "    Officials said on Monday that the [[radical]] plan was a “disaster” for the…   (name_calling)",
        "    …“disaster” for the city. Residents were [[furious]]. Critics called it a disgraceful"
        " stunt,…   (emotional)",
        "    … and 1 more",
        "  scare_quote (1)",
        "    …that the radical plan was a [[“disaster”]] for the city. Residents were furious.…",
        "  shouting (1)",
        "    title: [[SHOCKING]] plan angers city",
    ]


def test_colour_highlights_instead_of_markers() -> None:
    report = render_report(SCORE, TEXT, TITLE, color=True)
    assert "\033[1;33mradical\033[0m" in report
    assert "[[" not in report
    assert "\033[1mlow\033[0m" in report


def test_abstention_is_explained_and_evidence_still_shown() -> None:
    short = 'He said "no".'
    score = Score(abstained="too short", evidence=[Span(8, 12, "quote", '"no"', "attributed")])
    report = render_report(score, short)
    assert report.splitlines()[0] == (
        "Not scored (abstained: too short): the text has fewer than 25 words, too few to judge."
    )
    assert '    He said [["no"]].   (attributed)' in report
    assert render_report(Score(abstained="language"), "Hola").endswith("Evidence: none found.")


def test_context_keeps_whole_words_and_marks_cut_text() -> None:
    text = "alpha beta gamma delta epsilon zeta eta theta"
    assert context(text, 17, 22, words=1) == "…gamma [[delta]] epsilon…"
    assert context(text, 19, 22, words=1) == "…gamma de[[lta]] epsilon…"  # the word the span cuts is whole
    assert context(text, 0, 5, words=2) == "[[alpha]] beta gamma…"
    assert context(text, 40, 45, words=2) == "…zeta eta [[theta]]"
    assert context("a\n\n  b\tc", 5, 6) == "a [[b]] c"


def test_long_spans_are_shortened_at_word_boundaries() -> None:
    sentence = " ".join(f"word{i}" for i in range(80))
    shown = context(sentence, 0, len(sentence))
    assert shown.startswith("[[word0 word1")
    assert " … " in shown
    assert shown.endswith("word79]]")
    assert len(shown) < 220
    assert all(part.startswith("word") for part in shown.strip("[]").replace(" … ", " ").split())


@pytest.mark.parametrize(
    "control",
    ["\x1b[31m", "\x9b31m", "\x07", "\r", "\x85", "\x00"],  # ESC and CSI (U+009B) start escape sequences
)
def test_control_characters_do_not_reach_the_terminal(control: str) -> None:
    text = f"He said {control}no to the plan, officials said on Monday in the city."
    title = f"Plan {control}fails"
    score = Score(
        abstained="too short",
        evidence=[Span(0, 7, "attribution", "He said"), Span(0, 4, "clickbait", "Plan", field="title")],
    )
    report = render_report(score, text, title)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", report), report


def test_an_html_page_is_reported_on_its_visible_text_and_title() -> None:
    page = (
        "<html><head><title>SHOCKING!!! You won't believe this</title></head><body><nav>Menu</nav><p>The "
        "radical mob DESTROYED the city, furious residents said on Monday. Officials said repairs would take "
        "several months.</p></body></html>"
    )
    report = render_report(biasmeter.score(page), page)
    assert "title: SHOCKING[[!!!]] You won't believe this" in report
    assert "The radical mob [[DESTROYED]] the city" in report
    assert "<" not in report
