"""Opinion disclaimers and genre cues.

Labels, sponsorship, empty sourcing, calls to action, shouting and clickbait headlines.
"""

from __future__ import annotations

import re

from biasmeter._characters import Codes, run_bounds
from biasmeter.document import Document
from biasmeter.evidence import Span
from biasmeter.features._signal import Signal, line_pattern, line_spans, match_at, match_near

__all__ = ["CUE_WORDS", "NAMES", "measure"]

NAMES = (
    "opinion_disclaimer",
    "opinion_label",
    "sponsored",
    "sources_section",
    "empty_sources_section",
    "link_rate",
    "call_to_action_rate",
    "shouting_rate",
    "exclamation_rate",
    "question_rate",
    "clickbait_title",
)

_DISCLAIMER = re.compile(
    r"this (?:article|post|piece|content) (?:may )?contains? (?:statements|views|opinions) that (?:may )?"
    r"reflect the (?:opinions?|views?) of the author"
    r"|the (?:views|opinions)(?: and (?:views|opinions))? expressed (?:in|here|herein|by|on)\b[^.\n]{0,120}?"
    r"(?:are|do not|does not|don't)\b[^.\n]{0,80}"
    r"|(?:does|do) not necessarily (?:reflect|represent) the (?:views|opinions|position)"
    r"|this is an opinion (?:piece|column|article)",
    re.IGNORECASE,
)
_DISCLAIMER_TRIGGERS = frozenset({"views", "opinions", "opinion", "necessarily", "statements"})
_GENRES = r"opinion|op-ed|op ed|commentary|analysis|editorial|column|perspective|viewpoint|essay|satire"
# A genre label heads the piece or stands on a line of its own; mid-sentence "analysis" is just a word.
_GENRE_LINE = line_pattern(rf"[ \t]*(?:{_GENRES})[ \t]*(?:[:|—–\-][^\n]*)?$", re.IGNORECASE)
_GENRE_TITLE = re.compile(rf"^\s*(?:{_GENRES})\s*[:|—–\-]|[:|—–\-]\s*(?:{_GENRES})\s*$", re.IGNORECASE)
_SPONSORED = re.compile(
    r"\b(?:sponsored (?:content|post|story|article|by)|paid (?:content|post|partnership|for by)|advertorial"
    r"|promoted (?:content|stories))\b",
    re.IGNORECASE,
)
_SPONSORED_TRIGGERS = frozenset({"sponsored", "paid", "advertorial", "promoted"})
# A bare "Sponsored" label counts where it marks the piece: in the headline, or on a line of its own among
# the first lines, before the first paragraph. Further down it is mostly the marker of an advertising slot,
# as "Advertisement" is. "State-sponsored" at the end of a headline is no label: a separator needs a space.
_SPONSORED_LINE = line_pattern(r"[ \t]*sponsored[ \t]*(?:[:|—–\-][^\n]*)?$", re.IGNORECASE)
_SPONSORED_TITLE = re.compile(
    r"^\s*sponsored\s*(?:[:|—–\-]|$)|(?<=\s)[:|—–\-]\s*sponsored\s*$|\(sponsored\)", re.IGNORECASE
)
# The lines a label may stand on: a headline, a byline or section line, and the label.
_HEAD_LINES = 3
# A line of this many words is a paragraph of the article itself, not a heading, byline or label.
_PARAGRAPH_WORDS = 20
_SOURCES_HEADER = line_pattern(
    r"[ \t]*(?:sources?(?: include| used)?|references|citations|read more at)[ \t]*:[ \t]*$", re.IGNORECASE
)
# What a listed source looks like: a URL, a domain, or a bracketed citation.
_SOURCE_ITEM = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|gov|edu|co\.uk|news|info)\b|\[\d+\]")
_LINK = re.compile(r"(?:https?://|www\.)\S+")
_CALL_TO_ACTION_TRIGGERS = frozenset(
    "watch share like please spread click subscribe sign donate call follow must".split()
)
# "Watch" is a call to action when it points at something to watch ("Watch the video below.", "WATCH:");
# "the watchdog will watch the vote" is not.
_CALL_TO_ACTION = re.compile(
    r"watch\b(?::|[^.\n]{0,160}\b(?:below|here|now|video|clip|footage)\b)|share (?:this|if|on|with)\b"
    r"|like and share\b|please share\b"
    r"|spread the word\b|click (?:here|below|the link)\b|subscribe (?:to|now|today)\b"
    r"|sign up (?:for|now|today|here)\b|donate (?:now|today|here)\b"
    r"|call your (?:senator|representative|congressman)\b|follow us\b|must[ -](?:see|watch|read)\b",
    re.IGNORECASE,
)
# Three or more all-capital words in a row, or one long one: acronyms like NATO or FBI are not shouting.
_CAPITAL_A, _CAPITAL_Z = ord("A"), ord("Z")
_SHOUTING_RUN = 3
_SHOUTING_WORD = 7
_CLICKBAIT = re.compile(
    r"^\s*\d+\s+(?:\w+\s+){0,3}(?:things|ways|reasons|facts|signs|times|photos|secrets|tips)\b"
    r"|you won['’]?t believe|will (?:blow your mind|shock you|make you)|what happened next|this is why"
    r"|here['’]?s (?:why|what|how)|(?:the )?reason (?:why )?will|\bshocking\b|\bjaw-?dropping\b|\bbreaking\b"
    r"|\b(?:must|gotta) see\b|\bwatch:|\bexposed\b|\bdestroys?\b|\bslams?\b|[!?]{2,}|!\s*$",
    re.IGNORECASE,
)
# Runs of capitals are clickbait only in capitals, so this one is matched case-sensitively.
_TITLE_CAPITALS = re.compile(r"\b[A-Z]{3,}\b(?:\s+\b[A-Z]{3,}\b)+")
CUE_WORDS = _DISCLAIMER_TRIGGERS | _SPONSORED_TRIGGERS | _CALL_TO_ACTION_TRIGGERS


def measure(doc: Document) -> Signal:
    r"""Measure genre and presentation cues of ``doc``.

    ``sources_section`` is 1 when a "Sources:" heading is followed by something that looks like a source;
    ``empty_sources_section`` is 1 when such a heading is followed by nothing of the kind.

    Examples
    --------
    >>> from biasmeter.features._extract import document
    >>> text = "Big news.\nSources include:\nTagged Under:\nThe views expressed here are the author's own."
    >>> values = measure(document(text)).values
    >>> values["opinion_disclaimer"], values["empty_sources_section"]
    (1.0, 1.0)
    """
    text = doc.text
    evidence: list[Span] = []
    disclaimers = match_near(
        _DISCLAIMER, doc, _DISCLAIMER_TRIGGERS, "opinion_disclaimer", evidence, before=120
    )
    labels = _labels(doc, text, _GENRE_LINE, _GENRE_TITLE, "genre_label", evidence)
    sponsored = match_near(_SPONSORED, doc, _SPONSORED_TRIGGERS, "sponsored", evidence, before=20, after=60)
    # Only the head of the piece is read for a bare label, and only when the word is there at all.
    head = _head(text) if "sponsored" in doc.cues else ""
    sponsored += _labels(doc, head, _SPONSORED_LINE, _SPONSORED_TITLE, "sponsored", evidence)
    with_sources = without_sources = 0
    for start, end in line_spans(_SOURCES_HEADER, text):
        if _SOURCE_ITEM.search(_section_after(text, end)):
            with_sources += 1
        else:
            without_sources += 1
            evidence.append(doc.char_span(start, end, "empty_sources"))
    calls = match_at(_CALL_TO_ACTION, doc, _CALL_TO_ACTION_TRIGGERS, "call_to_action", evidence)
    shouting = _count_shouting(doc, evidence)
    exclamations = text.count("!")
    questions = text.count("?")
    clickbait = 0
    for pattern in (_CLICKBAIT, _TITLE_CAPITALS):
        for match in pattern.finditer(doc.title):
            clickbait += 1
            evidence.append(doc.char_span(*match.span(), "clickbait", field="title"))
    rate = doc.per_thousand_words
    return Signal(
        {
            "opinion_disclaimer": float(disclaimers > 0),
            "opinion_label": float(labels > 0),
            "sponsored": float(sponsored > 0),
            "sources_section": float(with_sources > 0),
            "empty_sources_section": float(without_sources > 0),
            "link_rate": rate(len(_LINK.findall(text)) if "://" in text or "www." in text else 0),
            "call_to_action_rate": rate(calls),
            "shouting_rate": rate(shouting),
            "exclamation_rate": rate(exclamations),
            "question_rate": rate(questions),
            "clickbait_title": float(clickbait),
        },
        evidence,
    )


def _labels(
    doc: Document, body: str, line: re.Pattern[str], title: re.Pattern[str], kind: str, evidence: list[Span]
) -> int:
    """Count the lines of ``body`` (the text, or its start) that ``line`` matches and a label in the headline.

    Each label found becomes evidence of ``kind``.
    """
    spans = line_spans(line, body)
    evidence.extend(doc.char_span(start, end, kind) for start, end in spans)
    title_label = title.search(doc.title)
    if title_label:
        evidence.append(doc.char_span(*title_label.span(), kind, field="title"))
    return len(spans) + bool(title_label)


def _head(text: str) -> str:
    """The first lines of ``text`` that hold anything, `_HEAD_LINES` at most, up to its first paragraph."""
    end = filled = 0
    for line in text.split("\n", _HEAD_LINES * 4):
        if filled == _HEAD_LINES or len(line.split()) >= _PARAGRAPH_WORDS:
            break
        end += len(line) + 1
        filled += bool(line.strip())
    return text[:end]


def _section_after(text: str, position: int) -> str:
    """The lines after a heading, up to a blank line or the next heading (a line ending in a colon)."""
    lines = []
    for line in text[position : position + 2000].split("\n")[1:]:
        if not line.strip() or line.rstrip().endswith(":"):
            break
        lines.append(line)
    return "\n".join(lines)


def _capital_runs(codes: Codes) -> list[tuple[int, int]]:
    """Start and end of every run of two or more capitals A-Z, as regex ``[A-Z]{2,}`` finds them."""
    starts, ends = run_bounds((codes >= _CAPITAL_A) & (codes <= _CAPITAL_Z))
    long = ends - starts >= 2
    return list(zip(starts[long].tolist(), ends[long].tolist()))


def _count_shouting(doc: Document, evidence: list[Span]) -> int:
    text = doc.text
    runs: list[list[int]] = []  # start, end, words, longest word
    for start, end in _capital_runs(doc.codes):
        if (start and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
            continue  # capitals inside a word, as in "McDONALD" or "iPHONE"
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1][1:] = [end, runs[-1][2] + 1, max(runs[-1][3], end - start)]
        else:
            runs.append([start, end, 1, end - start])
    shouted = [
        (start, end)
        for start, end, words, longest in runs
        if words >= _SHOUTING_RUN or longest >= _SHOUTING_WORD
    ]
    evidence.extend(doc.char_span(start, end, "shouting") for start, end in shouted)
    return len(shouted)
