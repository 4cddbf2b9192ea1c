from __future__ import annotations

import builtins
import functools
import json
import lzma
import re
import socket
from pathlib import Path
from typing import Any

import pytest
import tldextract
from hypothesis import given, settings
from hypothesis import strategies as st

from biasmeter import outlets
from biasmeter._characters import character_classes, codes_of, table_indices
from biasmeter.outlets import (
    mask_self_identification,
    outlet_name_variants,
    outlet_of,
    registrable_domain,
    strip_source_suffix,
)
from conftest import shared_data


@pytest.mark.parametrize(
    ("url_or_host", "expected"),
    [
        ("http://politicalticker.blogs.cnn.com/2012/x", "cnn.com"),
        ("https://www.nytimes.com/2020/01/01/us/x.html?utm=1", "nytimes.com"),
        ("www.BBC.co.uk", "bbc.co.uk"),
        ("bbc.co.uk/news", "bbc.co.uk"),
        # The public suffix list makes go.com the registrable domain of ABC News (a Disney host).
        ("abcnews.go.com", "go.com"),
        ("waiterrant.blogspot.com", "blogspot.com"),
        ("cnn.com:8080/x", "cnn.com"),
        ("user:pw@www.cnn.com", "cnn.com"),
        ("https://user@cnn.com:443/a?b=c#d", "cnn.com"),
        ("//www.foxnews.com/x", "foxnews.com"),
        ("www.cnn.com/path?q=a://b", "cnn.com"),
        ("http://example.com.", "example.com"),
        ("  https://www.npr.org/x  ", "npr.org"),
        ("пример.рф", "пример.рф"),
        ("192.168.0.1", "192.168.0.1"),
        ("http://10.0.0.1:8000/x", "10.0.0.1"),
        ("http://[::1]:80/", "::1"),
        ("", None),
        ("   ", None),
        (None, None),
        (123, None),
        ("not a url", None),
        ("http://exa mple.com", None),
        ("localhost", None),
        ("http://", None),
        ("cnn", None),
        ("com", None),
        (".com", None),
        ("http://a..b.com", None),
        ("http://[::1", None),
    ],
)
def test_registrable_domain(url_or_host: Any, expected: str | None) -> None:
    assert registrable_domain(url_or_host) == expected


def test_registrable_domain_is_offline_and_writes_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("tldextract tried to use the network")

    written: list[str] = []
    real_open = builtins.open

    def spy_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            written.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    for variable in ("TLDEXTRACT_CACHE", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.setenv(variable, str(tmp_path))
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(builtins, "open", spy_open)
    package_cache = Path(str(tldextract.__file__)).parent / ".suffix_cache"
    had_package_cache = package_cache.exists()
    outlets._extractor.cache_clear()  # build a fresh extractor under the patches
    try:
        assert registrable_domain("https://news.bbc.co.uk/x") == "bbc.co.uk"
        assert registrable_domain("politicalticker.blogs.cnn.com") == "cnn.com"
    finally:
        outlets._extractor.cache_clear()
    assert written == []
    assert list(tmp_path.iterdir()) == []
    assert package_cache.exists() == had_package_cache


def test_extractor_is_built_once() -> None:
    assert outlets._extractor() is outlets._extractor()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CNN (Web News)", "CNN"),
        ("Fox News (Online)", "Fox News"),
        ("NPR Online News", "NPR"),
        ("NPR Editorial ", "NPR"),
        ("Fox News Opinion", "Fox News"),
        ("Wall Street Journal - News", "Wall Street Journal"),
        ("CNN - Editorial", "CNN"),
        ("The Week - News", "The Week"),
        ("Politico", "Politico"),
        ("Guest Writer - Left", "Guest Writer - Left"),
        ("News", "News"),
    ],
)
def test_strip_source_suffix(name: str, expected: str) -> None:
    assert strip_source_suffix(name) == expected


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"url": "https://www.cnn.com/2019/x", "domain": "cnn.com", "source": "CNN (Web News)"}, "cnn.com"),
        ({"url": "http://money.cnn.com/x", "source": "CNN - Editorial"}, "cnn.com"),
        ({"url": None, "domain": "m.washingtontimes.com"}, "washingtontimes.com"),
        ({"url": "garbage", "domain": "thehill.com"}, "thehill.com"),
        ({"source": "CNN - Editorial"}, "cnn"),
        ({"source": "  Fox   News (Online) "}, "fox news"),
        ({"source": "TheBlaze.com"}, "theblaze.com"),
        ({"url": "", "domain": None, "source": None}, None),
        ({"source": "   "}, None),
        ({"source": 5, "url": 7}, None),
        ({}, None),
    ],
)
def test_outlet_of(record: dict[str, Any], expected: str | None) -> None:
    assert outlet_of(record) == expected


def test_outlet_name_variants() -> None:
    records = [
        {"source": "NPR Online News", "url": "http://www.npr.org/x", "domain": "npr.org"},
        {"source": "Washington Times", "url": "https://m.washingtontimes.com/y"},
        {"source": "Christian Science Monitor", "domain": "csmonitor.com"},
        {"source": "Wall Street Journal - News", "url": "https://blogs.wsj.com/z"},
        # Columnists and sections do not name the outlet: masking them would hide a senator.
        {"source": "Rand Paul", "url": "https://www.foxnews.com/opinion/a"},
        {"source": "Guest Writer - Left", "url": "https://www.cnn.com/b"},
        {"source": "ABC News", "url": "https://abcnews.go.com/c"},
        {"source": "Al Jazeera"},
        {"url": "http://10.0.0.1/x"},
    ]
    names = outlet_name_variants(records, include_common=False)
    assert names == sorted(names)
    for expected in ("NPR", "npr", "npr.org", "Washington Times", "washingtontimes", "washingtontimes.com"):
        assert expected in names
    expected = {"Christian Science Monitor", "Wall Street Journal", "wsj", "Al Jazeera", "ABC News", "go.com"}
    assert expected <= set(names)
    assert {"Rand Paul", "Guest Writer - Left", "Guest Writer", "go", "10.0.0.1"}.isdisjoint(names)
    everything = outlet_name_variants(records, include_common=False, keep_all_sources=True)
    assert {"Rand Paul", "Guest Writer - Left"} <= set(everything)
    assert {"New York Times", "Time", "Infowars"} <= set(outlet_name_variants([]))


NAMES = [
    *outlets.COMMON_OUTLET_NAMES,
    "foxnews.com",
    "foxnews",
    "cnn.com",
    "nytimes",
    "nytimes.com",
    "The Atlantic",
    "Vice",
    "Time Magazine",
    "Fox",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # wire credits in datelines
        ("WASHINGTON (Reuters) - The Senate voted.", "WASHINGTON The Senate voted."),
        ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON The Senate voted."),
        ("PARIS (AFP) - Talks resumed.", "PARIS Talks resumed."),
        ("(CNN) President Trump spoke.", "President Trump spoke."),
        ("Intro.\n(CNN) -- President Trump spoke.", "Intro.\nPresident Trump spoke."),
        ("A photo (AP Photo/Evan Vucci) shows it.", "A photo shows it."),
        # a name right after a removed credit or footer, which took the blank before the name
        ("(CNN) CNN's Jake Tapper said", "OUTLET Jake Tapper said"),
        ("(Reuters) (AP) — Officials met.", " Officials met."),
        ("All rights reserved. CNN", "OUTLET"),
        # names, possessives, bylines, domains
        ("Fox News' John Roberts reported.", "OUTLET John Roberts reported."),
        ("He told CNN on Sunday.", "He told OUTLET on Sunday."),
        ("He told cnn and MSNBC.", "He told OUTLET and OUTLET."),
        ("CNN's Jake Tapper asked.", "OUTLET Jake Tapper asked."),
        ("Breitbart News reported the claim.", "OUTLET reported the claim."),
        ("By Jane Doe, CNN\nThe body.", "By Jane Doe, OUTLET\nThe body."),
        ("Read it at foxnews.com/politics.", "Read it at OUTLET/politics."),
        ("See https://www.nytimes.com/x", "See https://www.OUTLET/x"),
        ("#FoxNews and @nytimes", "#OUTLET and @OUTLET"),
        ("the New York Times and The Washington Post", "the OUTLET and The OUTLET"),
        ("The Wall  Street\nJournal said", "The OUTLET said"),
        ("FOX NEWS ALERT", "OUTLET ALERT"),
        # names made of ordinary words: only capitalised
        ("National Review editors wrote.", "OUTLET editors wrote."),
        ("a national review of policing", "a national review of policing"),
        ("USA TODAY reported", "OUTLET reported"),
        ("in the USA today, prices rose", "in the USA today, prices rose"),
        ("a fox ran off", "a fox ran off"),
        ("on Fox and Friends", "on OUTLET and Friends"),
        # names that are ordinary words: only in an outlet context
        ("a senator told The Hill.", "a senator told OUTLET."),
        ("a senator told the Hill.", "a senator told OUTLET."),
        ("The Hill reported on Monday.", "OUTLET reported on Monday."),
        ("Democrats on the Hill met.", "Democrats on the Hill met."),
        ("He climbed the hill.", "He climbed the hill."),
        ("according to Time, the cover", "according to OUTLET, the cover"),
        ("She wrote in Time magazine.", "She wrote in OUTLET magazine."),
        ("Time magazine named him.", "OUTLET magazine named him."),
        ("in a TIME interview", "in a OUTLET interview"),
        ("IT IS TIME TO ACT", "IT IS TIME TO ACT"),
        ("It's Time To Go", "It's Time To Go"),
        ("It is time to go.", "It is time to go."),
        ("Time's up for him.", "Time's up for him."),
        ("Time's Person of the Year", "OUTLET Person of the Year"),
        ("Time Warner merged.", "Time Warner merged."),
        ("Reason's editor said", "OUTLET editor said"),
        ("for no reason at all", "for no reason at all"),
        ("The Reason We Vote", "The Reason We Vote"),
        ("Vox's Ezra Klein", "OUTLET Ezra Klein"),
        ("he wrote for Slate", "he wrote for OUTLET"),
        ("a slate of candidates", "a slate of candidates"),
        ("Slate Of Candidates Named", "Slate Of Candidates Named"),
        ("a hair salon", "a hair salon"),
        ("an interview with Salon", "an interview with OUTLET"),
        ("the Vice President", "the Vice President"),
        ("Vice magazine founder", "OUTLET magazine founder"),
        ("Bloomberg's campaign spent", "Bloomberg's campaign spent"),
        ("Bloomberg reported that", "OUTLET reported that"),
        ("Bloomberg News said", "OUTLET said"),
        ("a piece in The Atlantic", "a piece in OUTLET"),
        ("across the Atlantic Ocean", "across the Atlantic Ocean"),
        ("the Guardian's Tom Dart", "the OUTLET Tom Dart"),
        ("a legal guardian", "a legal guardian"),
        # generic self-identification
        ("Body.\nCopyright 2016 NPR. To see more, visit npr.org.\nEnd.", "Body.\n\nEnd."),
        ("Body.\nCopyright © 2019 The Washington Times, LLC.", "Body.\n"),
        ("the Copyright Act of 1909 applies", "the Copyright Act of 1909 applies"),
        ("Body. This article originally appeared on Vox.", "Body."),
        ("Body.\nThe following column first appeared in Fox News Opinion.\nEnd.", "Body.\n\nEnd."),
        (
            "the hero first appeared in Marvel comics in 1974",
            "the hero first appeared in Marvel comics in 1974",
        ),
        ("Sign up for the Daily Beast's newsletter. More text.", "More text."),
        ("Body.\nSign up for Daily Newsletters Manage Newsletters\nEnd.", "Body.\n\nEnd."),
        ("Body. Follow Jane Doe on Twitter: @jdoe\nEnd.", "Body.\nEnd."),
        ("Follow us on Facebook. Then more.", "Then more."),
        ("I follow the news on Twitter.", "I follow the news on Twitter."),
        ("CLICK HERE TO GET THE FOX NEWS APP\nNext.", "\nNext."),
        # where a match can start, which the masker's prefilter must find
        ("CNN", "OUTLET"),
        ("(cnn.com) and www.foxnews.com.", "(OUTLET) and www.OUTLET."),
        ("the New York Times’ editors", "the OUTLET editors"),
        ("Fox News\u2028reported", "OUTLET\u2028reported"),
        ("a senator told the Hill’s reporter", "a senator told OUTLET reporter"),
        ("told  TIME magazine", "told  OUTLET magazine"),
        ("TIME’s cover story", "OUTLET cover story"),
        ("formerly at Slate", "formerly at OUTLET"),
        ("At Slate", "At Slate"),
        ("Copyright2019 The Hill. All rights reserved.", ""),
        ("All  Rights\nReserved. Next", "Next"),
        ("Body. A  version of this story first ran in Slate.\nNext.", "Body.\nNext."),
        ("By  signing\tup you agree.\nNext.", "\nNext."),
        # a letter whose lower case is two characters, before a credit
        ("İstanbul (Reuters) - CNN's report", "İstanbul OUTLET report"),
        # nothing to mask
        ("", ""),
        ("Plain text without outlets.", "Plain text without outlets."),
        ("OUTLET stays OUTLET.", "OUTLET stays OUTLET."),
    ],
)
def test_mask_self_identification(text: str, expected: str) -> None:
    assert mask_self_identification(text, NAMES) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100PERCENTFEDUP.com said", "OUTLET.com said"),
        ("(100percentfedup)", "(OUTLET)"),
        ("a.100percentfedup.com", "a.OUTLET.com"),
        ("x100percentfedup.com", "x100percentfedup.com"),
        ("the O’Reilly  Factor’s host", "the OUTLET host"),
        ("told O'REILLY FACTOR", "told OUTLET"),
        ("µ-NEWS reported", "OUTLET reported"),
        # "Σ" lower-cases to "ς" at the end of a word, but to "σ" before "'S"
        ("ΝΈΟΣ ΚΌΣΜΟΣ'S front page", "OUTLET'S front page"),
        ("νέος κόσμος’s front page", "OUTLET front page"),
    ],
)
def test_masking_names_that_start_with_a_digit_or_hold_other_characters(text: str, expected: str) -> None:
    names = ["100percentfedup", "O'Reilly Factor", "µ-News", "Νέος Κόσμος"]
    assert mask_self_identification(text, names) == expected


# Where `outlets._MatchStarts`, which finds where to try the pattern, could go wrong.
_PREFILTER_NAMES = [*NAMES, "𝕏 News", "Washington Examiner", "Kelvin Daily"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # characters beyond the Basic Multilingual Plane, one symbol that may be anything
        ("😀CNN's anchor", "😀OUTLET anchor"),
        ("CNN😀", "OUTLET😀"),
        ("𝐀CNN", "𝐀CNN"),
        ("x😀(Reuters) - Hi", "x😀 Hi"),
        ("told 𝕏 NEWS", "told OUTLET"),
        # white space other than a blank, in a name and after a cue, and more than it reads
        ("Fox\u3000News reported", "OUTLET reported"),
        ("told\u2003The Hill", "told\u2003OUTLET"),
        ("Washington \n\t Examiner's editor", "OUTLET editor"),
        ("Washington Examine", "Washington Examine"),
        # a head cut off by the end of the text
        ("said CNN", "said OUTLET"),
        ("said CN", "said CN"),
        ("C", "C"),
        ("(", "("),
        # characters as the pattern reads them, without lower-casing: "İ" is a letter, the Kelvin sign no "k"
        ("İCNN", "İCNN"),
        ("İ CNN", "İ OUTLET"),
        ("\u212aelvin Daily", "\u212aelvin Daily"),
        ("Kelvin  DAILY", "OUTLET"),
        # lone surrogates are characters of their own
        ("\ud800CNN", "\ud800OUTLET"),
        ("CNN\udc00", "OUTLET\udc00"),
    ],
)
def test_masking_where_the_prefilter_could_go_wrong(text: str, expected: str) -> None:
    assert mask_self_identification(text, _PREFILTER_NAMES) == expected


_START_PIECES = [
    *("CNN", "cnn", "Cnn's", "FOX NEWS", "fox  news", "Fox\nNews’", "foxnews.com", "www.", "the", "The Hill"),
    *("Hill", "told", "TOLD", "according to", "for", "For", "at", "Time", "TIME", "time", "magazine"),
    *("reported", "'s", "’", "(", "(Reuters)", "(AP Photo/X)", "Copyright", "2019", "©", "All", "rights"),
    *("reserved", "a", "A", "version", "of this", "story", "first ran", "By", "signing up", "Click here"),
    *("Follow", "@x", "İ", "µ", "\u212a", "ΝΈΟΣ", "νέος", "Σ", "ς", " ", "  ", "\n", "\t", "\u00a0", "."),
    *(",", "-", "“", "_", "x", "1", "😀", "𝕏", "𝐀", "\u3000", "\u2028", "\ud800", "Washington", "Examiner"),
]


@functools.cache
def _masker_reading(depth: int) -> outlets._Masker:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outlets, "_HEAD_DEPTH", depth)
        return outlets._Masker((*_PREFILTER_NAMES, "Slate", "The Hill", "Νέος"))


@pytest.mark.parametrize("depth", [1, 2, outlets._HEAD_DEPTH, 12])
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_START_PIECES), max_size=16).map("".join))
def test_every_match_start_is_a_candidate(depth: int, text: str) -> None:
    # The pattern is tried only at candidates: a start missed there would be a name left in the text.
    masker = _masker_reading(depth)
    text = "\n" + text
    candidates = set(masker.starts.candidates(text))
    assert all(start in candidates for start in range(len(text)) if masker.pattern.match(text, start))


def test_candidates_start_where_the_pattern_can() -> None:
    # The pattern starts at a non-word character, ``[^\w]``: the prefilter's table says the same of every
    # character of the Basic Multilingual Plane, and takes any character beyond it for one.
    starts = outlets._masker(tuple(NAMES)).starts
    for code in range(len(starts.table) - 1):
        may_start = bool(starts.table[code] >= starts.first_start)
        assert may_start == bool(re.match(r"[^\w]", chr(code))), hex(code)
    assert starts.table[-1] >= starts.first_start


def test_white_space_is_what_the_pattern_takes_for_it() -> None:
    everything = "".join(map(chr, range(0x110000)))
    assert outlets._white_space() == set(re.findall(r"\s", everything))


@pytest.mark.parametrize("text", ["", "abc", "a😀b", "\ud800x\udc00", "\U0010ffff", "’" * 3])
def test_code_points_and_table_indices(text: str) -> None:
    codes = codes_of(text)
    assert codes.tolist() == [ord(character) for character in text]
    expected = [min(ord(character), len(character_classes()) - 1) for character in text]
    assert table_indices(codes).tolist() == expected


# Plain names, credits and footers. Names that are ordinary words ("The Hill", "Time") are left out: they
# are masked only in an outlet context ("told The Hill", "Time magazine"), and a credit removed between
# the name and its context brings them together for a second pass to find.
_MASKING_PIECES = [
    *("CNN", "CNN's", "(CNN)", "(Reuters)", "(AP)", " — ", "-", "Fox News", "Fox News'", "said", "by"),
    *("All rights reserved.", "Copyright 2019 X", "Click here", "Follow us on Twitter.", "\n", " ", "  "),
    *("This article originally appeared on OUTLET.", ".", ",", "foxnews.com", "www.", "National Review"),
    *("Sign up for our newsletter.", "Breitbart", "AP"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MASKING_PIECES), max_size=12).map("".join))
def test_masking_twice_changes_nothing(text: str) -> None:
    # A name right after a removed credit ("(CNN) CNN's") was left for a second pass to find.
    once = mask_self_identification(text, NAMES)
    assert mask_self_identification(once, NAMES) == once


def test_mask_placeholder_and_purity() -> None:
    text = "WASHINGTON (AP) — Fox News' Chad Pergram told Reuters."
    first = mask_self_identification(text, NAMES, placeholder="[MEDIA]")
    assert first == "WASHINGTON [MEDIA] Chad Pergram told [MEDIA]."
    assert mask_self_identification(text, NAMES, placeholder="[MEDIA]") == first
    # The order of the names does not change the result.
    assert mask_self_identification(text, list(reversed(NAMES)), placeholder="[MEDIA]") == first
    assert mask_self_identification(text, []) == "WASHINGTON Fox News' Chad Pergram told Reuters."


def test_masking_on_a_sample_of_allsides() -> None:
    with lzma.open(shared_data("allsides/valid.jsonl.xz"), "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(40), lines)]
    names = outlet_name_variants(records)
    before = after = 0
    for record in records:
        own = [name for name in outlet_name_variants([record], include_common=False) if len(name) > 3]
        if not own:
            continue
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, own)) + r")(?!\w)")
        before += bool(pattern.search(record["text"]))
        after += bool(pattern.search(mask_self_identification(record["text"], names)))
    assert after <= before // 4
