from __future__ import annotations

import pytest

from biasmeter import extract
from biasmeter.lexicon import CATEGORIES, loaded_terms


def test_shipped_lexicon_has_every_category_and_its_provenance() -> None:
    lexicon = loaded_terms()
    categories = {category for entries in lexicon.by_first_token.values() for _, category in entries}
    assert categories == set(CATEGORIES)
    assert "Da San Martino" in lexicon.provenance
    assert "Baly" in lexicon.provenance


@pytest.mark.parametrize(
    ("text", "kind", "detail", "expected"),
    [
        (
            "They called for an end to illegal aliens entering.",
            "partisan_term",
            "partisan_right",
            "illegal aliens",
        ),
        (
            "Help for undocumented immigrants grew.",
            "partisan_term",
            "partisan_left",
            "undocumented immigrants",
        ),
        ("It was an outrageous, disgraceful stunt.", "loaded_term", "emotional", "disgraceful"),
        ("Protesters were called thugs by the mayor.", "loaded_term", "name_calling", "thugs"),
    ],
)
def test_terms_are_found_with_their_category(text: str, kind: str, detail: str, expected: str) -> None:
    found = [(span.text, span.detail) for span in extract(text).evidence if span.kind == kind]
    assert (expected, detail) in found


def test_phrases_do_not_cross_punctuation() -> None:
    found = [span.text.lower() for span in extract("They were radical. Left alone, they fled.").evidence]
    assert "radical. left" not in found
    assert all("." not in text for text in found)


def test_rates_are_per_thousand_words() -> None:
    values = extract("thugs " + "word " * 99).values
    assert values["loaded_name_calling_rate"] == pytest.approx(10.0)


def test_typographic_apostrophes_match_the_lexicon() -> None:
    lexicon = loaded_terms()
    plain = [
        tokens
        for entries in lexicon.by_first_token.values()
        for tokens, _ in entries
        if "'" in " ".join(tokens)
    ]
    if not plain:
        pytest.skip("no lexicon term has an apostrophe")
    term = " ".join(plain[0])
    assert extract(term.replace("'", "’")).evidence
