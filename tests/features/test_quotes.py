from __future__ import annotations

import pytest

from biasmeter import extract


@pytest.mark.parametrize(
    ("text", "feature", "expected"),
    [
        ('"We will rebuild the city," Mayor Jones said.', "quote_count", 1.0),
        ('"We will rebuild the city," Mayor Jones said.', "attributed_quote_share", 1.0),
        ("“We will rebuild the city,” said Jones.", "attributed_quote_share", 1.0),
        ('Jones told reporters: "We will rebuild the city."', "attributed_quote_share", 1.0),
        ('"We will rebuild the city." The crowd cheered.', "attributed_quote_share", 0.0),
        ('The "experts" were wrong.', "quote_count", 0.0),
        ("No quotes at all in this sentence.", "quote_count", 0.0),
        ('"One two three four" is a title.', "quote_word_share", 4 / 7),
    ],
)
def test_quote_features(text: str, feature: str, expected: float) -> None:
    assert extract(text).values[feature] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Two officials familiar with the talks said so.", "anonymous_source", "Two officials familiar with"),
        ("People close to the talks disagreed.", "anonymous_source", "People close to"),
        ("People disagreed.", "anonymous_source", None),
        ("He spoke on condition of anonymity.", "anonymous_source", "on condition of anonymity"),
        ("Several senior officials disagreed.", "anonymous_source", "Several senior officials"),
        ("Critics say the plan is doomed.", "vague_attribution", "Critics say"),
        ("The senator reportedly resigned.", "vague_attribution", "reportedly"),
        ("The minister claimed victory.", "charged_attribution", "claimed"),
        ("The minister said it was over.", "attribution", "said"),
        ('The "experts" were wrong.', "scare_quote", '"experts"'),
    ],
)
def test_sourcing_evidence(text: str, kind: str, expected: str | None) -> None:
    found = [span.text for span in extract(text).evidence if span.kind == kind]
    assert found == ([] if expected is None else [expected])


@pytest.mark.parametrize(
    ("text", "numbers", "dates"),
    [
        ("On Oct. 15, 2024 the index rose 3.5% to 1,200 points.", 4, 1),
        ("It happened on Monday, 10/21/2025.", 1, 2),
        ("You may go now.", 0, 0),
        ("In May 2019 prices fell.", 1, 1),
    ],
)
def test_concreteness(text: str, numbers: int, dates: int) -> None:
    features = extract(text)
    words = features.values["word_count"]
    assert features.values["number_rate"] == pytest.approx(1000 * numbers / words)
    assert features.values["date_rate"] == pytest.approx(1000 * dates / words)


@pytest.mark.parametrize(
    ("text", "attributed"),
    [
        ('"We will rebuild the whole city," because the plan says so.', 0.0),
        ('"We will rebuild the whole city," and the markets fell said nothing.', 0.0),
        ('"We will rebuild the whole city," the Secretary of State said.', 1.0),
        ("“Part of Syria’s food supply comes from Russia,” al-Sharaa said.", 1.0),
        ('"We will rebuild the whole city," said Mayor Bill de Blasio.', 1.0),
        ('"We will rebuild the whole city," van der Leyen told reporters.', 1.0),
        # English words before a capital are no particles.
        ('"We will rebuild the whole city," as Jonathan Butler put it, said nothing.', 0.0),
        ('"We will rebuild the whole city," an NBC spokeswoman said.', 0.0),
        ('"We will rebuild the whole city," al-qaeda said.', 0.0),
    ],
)
def test_attribution_needs_a_speaker(text: str, attributed: float) -> None:
    assert extract(text).values["attributed_quote_share"] == attributed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He asked not to be named.", "asked not to be named"),
        ("She requested anonymity.", "requested anonymity"),
        ("Aides familiar with the talks disagreed.", "Aides familiar with"),
        ("He was not authorized to speak publicly.", "not authorized to speak"),
    ],
)
def test_more_anonymous_sourcing(text: str, expected: str) -> None:
    assert [span.text for span in extract(text).evidence if span.kind == "anonymous_source"] == [expected]


def test_united_states_is_not_an_attribution() -> None:
    assert extract("The United States joined the talks.").values["attribution_verb_rate"] == 0.0


def test_granted_anonymity_is_anonymous_sourcing() -> None:
    assert [
        span.text
        for span in extract("They were granted anonymity.").evidence
        if span.kind == "anonymous_source"
    ] == ["granted anonymity"]
