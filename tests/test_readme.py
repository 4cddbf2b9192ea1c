"""The README's tour shows real results: its figures are those of its own call on the example article."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import biasmeter

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_tour_figures_are_those_of_the_example_article(example_text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    call = re.search(r"^s = (biasmeter\.score\(.*\))$", readme, re.MULTILINE)
    assert call is not None, "the tour no longer scores one article"
    parsed = ast.parse(call.group(1), mode="eval").body
    assert isinstance(parsed, ast.Call)
    keywords = {str(keyword.arg): ast.literal_eval(keyword.value) for keyword in parsed.keywords}
    score = biasmeter.score(example_text, **keywords)
    assert f"# e.g. {score.reliability:.1f}, '{score.reliability_label}'" in readme
    assert f"# e.g. {score.slant:.2f}, '{score.slant_label}'" in readme
