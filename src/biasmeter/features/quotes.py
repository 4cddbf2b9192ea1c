"""Quotes and sourcing: who is quoted, whether they are named, and how concrete the reporting is."""

from __future__ import annotations

import re
from bisect import bisect_left

from biasmeter._regex_trie import word_alternation
from biasmeter.document import Document
from biasmeter.evidence import Span
from biasmeter.features._signal import Signal, count_words, match_at

__all__ = ["CUE_WORDS", "NAMES", "measure"]

NAMES = (
    "quote_count",
    "quote_word_share",
    "attributed_quote_share",
    "scare_quote_rate",
    "attribution_verb_rate",
    "charged_attribution_rate",
    "anonymous_source_rate",
    "vague_attribution_rate",
    "number_rate",
    "date_rate",
)

# A quotation is paired marks within one paragraph; curly quotes are matched as a pair, straight ones too.
# The opening mark comes first as one character class, which the engine scans for in C (an alternation of
# the two kinds would be tried at every position); the look-behind then picks the kind. The repeats are
# greedy: they cannot run past a closing mark, so they end where a lazy one would, without a step per letter.
_QUOTATION = re.compile(r"[“\"](?:(?<=“)[^“”\n]{1,3000}”|(?<=\")[^\"\n]{1,3000}\")")
# Fewer words than this inside quotation marks is a scare quote or a title, not a quotation of speech.
_MIN_QUOTE_WORDS = 3
_ATTRIBUTION_WORDS = frozenset(
    "said says say told tells stated added explained noted asked wrote writes testified announced "
    "confirmed according replied recalled remarked responded commented saying stating adding noting writing "
    "telling".split()
)
_CHARGED_WORDS = frozenset(
    "claimed claims admitted admits insisted insists slammed slams blasted blasts ripped rips lashed "
    "conceded concedes boasted boasts bragged whined ranted raged fumed scoffed sneered railed mocked "
    "gloated alleged alleges".split()
)
# As a trie, so that at each position the engine compares one first letter instead of trying every verb.
_VERB = word_alternation([*((_ATTRIBUTION_WORDS | _CHARGED_WORDS) - {"according"}), "according to"])
# A speaker is a pronoun or up to five capitalised words ("Mayor Jane Smith", "the Secretary of State"):
# matched case-sensitively, so that ordinary words after a quotation do not pass for a speaker. A name may
# start with lower-case particles ("al-Sharaa", "de Blasio", "van der Leyen"), but only before a capital.
# Arabic articles only with their hyphen: "as", "at" and "an" before a capital are English words.
_NAME_PARTICLE = (
    r"(?:(?:al|el|ad|an|ar|as|ash|at|az)-"
    r"|(?:abu|bin|bint|ibn|ben|de|del|della|der|di|da|dos|du|la|le|van|von|ten|ter)(?:-|\s+))"
)
_NAME = rf"{_NAME_PARTICLE}{{0,2}}[A-Z][\w.'’\-]*"
_SPEAKER = (
    rf"(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|(?:[Tt]he\s+)?{_NAME}(?:\s+(?:of\s+|the\s+)?{_NAME}){{0,4}})"
)
# '"…," she said' / '"…," said Smith' / '"…" according to' just after the closing mark.
_ATTRIBUTION_AFTER = re.compile(
    rf"[\s,;:—–\-]*(?:{_SPEAKER}\s+(?:\w+\s+)?(?i:{_VERB})\b|(?i:{_VERB})\s+{_SPEAKER}|(?i:according to)\b)"
)
# 'Smith said: "…"' / 'according to Smith, "…"' just before the opening mark, within the sentence.
_ATTRIBUTION_BEFORE = re.compile(rf"\b(?:{_VERB})\b[^.!?\"“”]{{0,80}}[:,]?\s*\Z", re.IGNORECASE)
_ANONYMOUS_FIRST_WORDS = frozenset(
    "a one two three several multiple many some senior unnamed anonymous source sources people official "
    "officials person persons insider insiders aide aides on under spoke requested asked declined granted "
    "not speaking".split()
)
_SOURCE_NOUN = r"(?:sources?|officials?|insiders?|aides?)"
_SOURCE_KNOWLEDGE = r"\s+(?:familiar with|close to|with (?:direct )?knowledge of|briefed on)"
_ANONYMOUS_SOURCE = re.compile(
    rf"(?:a|one|two|three|several|multiple|many|some|senior|unnamed|anonymous)\s+(?:[\w-]+\s+)?{_SOURCE_NOUN}\b"
    rf"(?:{_SOURCE_KNOWLEDGE})?"
    rf"|(?:{_SOURCE_NOUN}|people|persons?){_SOURCE_KNOWLEDGE}"
    r"|(?:on|under) (?:the )?condition (?:of anonymity|that (?:they|he|she) not be (?:named|identified))"
    r"|spoke on background"
    r"|(?:requested|asked for|granted) anonymity"
    r"|(?:asked|requested|declined) (?:not )?to be (?:named|identified)"
    r"|not authori[sz]ed to (?:speak|comment|discuss)"
    r"|speaking anonymously",
    re.IGNORECASE,
)
_VAGUE_FIRST_WORDS = frozenset(
    "some many critics experts observers people it it's it’s reportedly allegedly rumor rumors rumour "
    "rumours".split()
)
_VAGUE_ATTRIBUTION = re.compile(
    r"(?:some|many|critics|experts|observers|people)\s+(?:say|said|believe|claim|argue|think|fear|warn)\b"
    r"|(?:it is|it['’]s|it has been)\s+(?:said|believed|rumou?red|claimed|reported|alleged)\b"
    r"|reportedly\b|allegedly\b|rumou?rs?\s+(?:has it|say|suggest)",
    re.IGNORECASE,
)
# Figures, including numeric dates such as 10/21/2025, which _count_dates picks out of these matches.
_NUMBER = re.compile(r"\d[\d,./-]*")
_NUMERIC_DATE = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{2,4}")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
CUE_WORDS = (
    _ATTRIBUTION_WORDS | _CHARGED_WORDS | _ANONYMOUS_FIRST_WORDS | _VAGUE_FIRST_WORDS | _MONTHS | _WEEKDAYS
)


def measure(doc: Document) -> Signal:
    """Measure quotation and sourcing features of ``doc``.

    Examples
    --------
    >>> from biasmeter.features._extract import document
    >>> signal = measure(document('"We will rebuild the city," Mayor Jones said on Monday.'))
    >>> signal.values["quote_count"], signal.values["attributed_quote_share"]
    (1.0, 1.0)
    """
    text = doc.text
    starts = doc.starts
    evidence: list[Span] = []
    quotes = attributed = quoted_words = scare_quotes = 0
    for match in _QUOTATION.finditer(text):
        start, end = match.span()
        # Quotation marks end words, so the document's own words inside the marks are the quotation's.
        n_words = bisect_left(starts, end) - bisect_left(starts, start)
        if n_words < _MIN_QUOTE_WORDS:
            if n_words:
                scare_quotes += 1
                evidence.append(doc.char_span(start, end, "scare_quote"))
            continue
        quotes += 1
        quoted_words += n_words
        sentence_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
        is_attributed = bool(
            _ATTRIBUTION_AFTER.match(text, end, min(len(text), end + 80))
            or _ATTRIBUTION_BEFORE.search(text, max(sentence_start, start - 120), start)
        )
        attributed += is_attributed
        evidence.append(doc.char_span(start, end, "quote", "attributed" if is_attributed else "unattributed"))
    attribution_verbs = count_words(doc, _ATTRIBUTION_WORDS, "attribution", evidence)
    charged = count_words(doc, _CHARGED_WORDS, "charged_attribution", evidence)
    anonymous = match_at(_ANONYMOUS_SOURCE, doc, _ANONYMOUS_FIRST_WORDS, "anonymous_source", evidence)
    vague = match_at(_VAGUE_ATTRIBUTION, doc, _VAGUE_FIRST_WORDS, "vague_attribution", evidence)
    numbers = _NUMBER.findall(text)
    rate = doc.per_thousand_words
    return Signal(
        {
            "quote_count": float(quotes),
            "quote_word_share": quoted_words / doc.n_words if doc.n_words else 0.0,
            "attributed_quote_share": attributed / quotes if quotes else 0.0,
            "scare_quote_rate": rate(scare_quotes),
            "attribution_verb_rate": rate(attribution_verbs),
            "charged_attribution_rate": rate(charged),
            "anonymous_source_rate": rate(anonymous),
            "vague_attribution_rate": rate(vague),
            "number_rate": rate(len(numbers)),
            "date_rate": rate(_count_dates(doc, numbers)),
        },
        evidence,
    )


def _count_dates(doc: Document, numbers: list[str]) -> int:
    """Weekdays, month names followed by a day or year ("Oct. 15", "March 2019"), and numeric dates."""
    lower = doc.lower
    months = [i for i in doc.positions(_MONTHS) if i + 1 < len(lower) and lower[i + 1][:1].isdigit()]
    numeric = [
        number for number in numbers if ("/" in number or "-" in number) and _NUMERIC_DATE.match(number)
    ]
    return len(months) + doc.count(_WEEKDAYS) + len(numeric)
