"""Outlets: who published an article, and hiding the outlet's own name from the article text.

Slant and reliability labels in public corpora are mostly given per outlet, so two things matter when
training on them:

* articles must be grouped by outlet (the registrable domain of the URL, ``politicalticker.blogs.cnn.com``
  → ``cnn.com``) so that evaluation is on outlets the model has not seen;
* outlets name themselves in their articles ("(CNN) —", "Fox News' John Roberts", "Copyright 2016 NPR"),
  which lets a model learn the label from the name instead of from the writing.
  :func:`mask_self_identification` replaces such names with a neutral ``OUTLET`` word and strips wire
  credits and footers.

Everything here works offline: the public suffix list is the snapshot bundled with ``tldextract``.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import urllib.parse
from collections.abc import Collection, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import tldextract

from biasmeter._characters import ALPHANUMERIC, SPACE, UNDERSCORE, character_classes, codes_of, table_indices
from biasmeter._regex_trie import RegexTrie

__all__ = [
    "AMBIGUOUS_OUTLET_NAMES",
    "COMMON_OUTLET_NAMES",
    "PLACEHOLDER",
    "host_of",
    "mask_article",
    "mask_self_identification",
    "outlet_name_variants",
    "outlet_of",
    "prepare_masking",
    "registrable_domain",
    "strip_source_suffix",
]

#: The word that replaces an outlet's name, so that the sentence keeps a noun where the name was.
PLACEHOLDER = "OUTLET"

#: Long forms of common English-language news outlets, masked even when a corpus's ``source`` field uses
#: another spelling ("Fox Online News", "NPR Online News").
COMMON_OUTLET_NAMES: tuple[str, ...] = (
    "New York Times",
    "NYT",
    "Washington Post",
    "WaPo",
    "Wall Street Journal",
    "Fox News",
    "Fox News Channel",
    "Fox Business",
    "CNN",
    "MSNBC",
    "NPR",
    "Associated Press",
    "Reuters",
    "Breitbart",
    "Breitbart News",
    "HuffPost",
    "HuffPo",
    "Huffington Post",
    "The Hill",
    "Politico",
    "Vox",
    "Daily Beast",
    "National Review",
    "National Review Online",
    "Townhall",
    "Daily Caller",
    "Washington Examiner",
    "The Blaze",
    "TheBlaze",
    "Newsmax",
    "Daily Wire",
    "Salon",
    "Slate",
    "BBC",
    "ABC News",
    "CBS News",
    "NBC News",
    "USA Today",
    "Bloomberg",
    "Bloomberg News",
    "Guardian",
    "Mother Jones",
    "The Federalist",
    "Washington Times",
    "New York Post",
    "Christian Science Monitor",
    "Time",
    "Newsweek",
    "Reason",
    "American Spectator",
    "Infowars",
)

#: Names that are also ordinary English words or phrases ("time", "reason", "the hill", "vice president",
#: "a hair salon", "Michael Bloomberg"), masked only in a clearly outlet context (see
#: :func:`mask_self_identification`). Keys are lower case; values are the outlet's own spelling.
AMBIGUOUS_OUTLET_NAMES: Mapping[str, str] = MappingProxyType(
    {
        name.lower(): name
        for name in (
            "Time",
            "Reason",
            "The Hill",
            "Vox",
            "Slate",
            "Salon",
            "The Week",
            "The Nation",
            "Vice",
            "The Atlantic",
            "Guardian",
            "The Guardian",
            "Bloomberg",
            "Economist",
            "The Economist",
            "The Intercept",
            "Federalist",
            "The Federalist",
            "The Blaze",
            "Blaze",
            "Hot Air",
            "The Flip Side",
            "Spectator",
            "The Spectator",
            "New Yorker",
            "The New Yorker",
            "Independent",
            "The Independent",
            "The Verge",
            "The Root",
            "The Dispatch",
            "The Conversation",
            "Mic",
        )
    }
)

# Names made of ordinary words that are unambiguous when capitalised ("National Review", "USA Today", "Fox")
# but not in lower case ("a national review of policing", "in the USA today", "a fox"). They are matched
# case-sensitively (as spelled, Title Case or ALL CAPS) anywhere.
_PROPER_OUTLET_NAMES: Mapping[str, str] = MappingProxyType(
    {
        name.lower(): name
        for name in (
            "Fox",
            "National Review",
            "USA Today",
            "American Spectator",
            "Media Matters",
            "Democracy Now",
            "Vanity Fair",
            "Business Insider",
            "Scientific American",
            "Time Magazine",
            "Guest Writer",
            "Daily Signal",
            "The Daily Signal",
            "Daily Mail",
            "Jacobin",
            "Mother Jones",
        )
    }
)

# First labels of registrable domains that say nothing about the outlet (hosting platforms, portals,
# "go.com" of "abcnews.go.com"): masking them would hit ordinary words.
_GENERIC_DOMAIN_LABELS = frozenset(
    "go news blogs blog medium substack wordpress blogspot tumblr msn google youtube twitter facebook "
    "instagram apple amazon co com net org www".split()
)

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
# A host name: labels of letters (any script), digits, hyphens and underscores, separated by dots.
_HOST = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*$")
_SOURCE_SUFFIX = re.compile(
    r"(?:\s*\((?:online\s+news|web\s+news|online|web|news|editorial|opinion)\)"
    r"|\s+[-–—]\s+(?:news|editorial|opinion|online)"
    r"|\s+(?:online\s+news|editorial|opinion))\s*$",
    re.IGNORECASE,
)


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # ``suffix_list_urls=()`` means no download is attempted and ``cache_dir=None`` means no cache file is
    # read or written: tldextract then falls back to the public suffix list snapshot in its wheel, so the
    # result is the same on every machine and with no network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def host_of(url_or_host: object) -> str | None:
    """The lower-case host name of a URL or bare host, without user info, port and trailing dot."""
    if not isinstance(url_or_host, str):
        return None
    text = url_or_host.strip()
    if not text or any(character.isspace() for character in text):
        return None
    # urlsplit only finds the host after "//"; a bare "cnn.com/x" would otherwise be read as a path.
    if not _SCHEME.match(text) and not text.startswith("//"):
        text = "//" + text
    try:
        host = urllib.parse.urlsplit(text).hostname
    except ValueError:  # e.g. an unbalanced "[" of an IPv6 literal
        return None
    if not host:
        return None
    return host.rstrip(".") or None


def registrable_domain(url_or_host: str | None) -> str | None:
    """Return the registrable domain (eTLD+1) of a URL or host name.

    The public suffix list decides where the registrable part starts, so ``bbc.co.uk`` stays whole and
    ``politicalticker.blogs.cnn.com`` becomes ``cnn.com``. Only the ICANN section of the list is used:
    ``abcnews.go.com`` gives ``go.com`` (Disney's domain), and blog hosts such as ``x.blogspot.com`` give
    ``blogspot.com``.

    Parameters
    ----------
    url_or_host : str or None
        A URL with or without a scheme, or a bare host name. User info, ports, paths and queries are
        ignored.

    Returns
    -------
    str or None
        The lower-case registrable domain; the address itself for an IP address; None when the input is
        empty, not a string, or has no recognised public suffix (``localhost``, ``not a url``).

    Examples
    --------
    >>> registrable_domain("http://politicalticker.blogs.cnn.com/2012/x")
    'cnn.com'
    >>> registrable_domain("www.BBC.co.uk/news")
    'bbc.co.uk'
    >>> registrable_domain("https://user:pw@192.168.0.1:8080/")
    '192.168.0.1'
    >>> registrable_domain("not a url") is None
    True
    """
    host = host_of(url_or_host)
    if host is None:
        return None
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if not _HOST.match(host):
        return None
    parts = _extractor()(host)
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}".lower()


def strip_source_suffix(name: str) -> str:
    """Remove edition qualifiers such as " - News" or " (Online News)" from an outlet name.

    Parameters
    ----------
    name : str
        An outlet name as a corpus's ``source`` field gives it.

    Returns
    -------
    str
        The name without trailing qualifiers and surrounding white space, case kept.

    Examples
    --------
    >>> strip_source_suffix("CNN (Web News)")
    'CNN'
    >>> strip_source_suffix("Wall Street Journal - News")
    'Wall Street Journal'
    >>> strip_source_suffix("Fox News Opinion")
    'Fox News'
    """
    stripped = name.strip()
    while True:
        shorter = _SOURCE_SUFFIX.sub("", stripped)
        if shorter == stripped or not shorter:
            return stripped
        stripped = shorter


def outlet_of(record: Mapping[str, Any]) -> str | None:
    """Return the key that groups an article with the other articles of its outlet.

    Parameters
    ----------
    record : Mapping
        An article with any of the fields ``url``, ``domain`` and ``source``.

    Returns
    -------
    str or None
        The registrable domain of ``url``, else of ``domain``, else the ``source`` name in lower case without
        edition qualifiers (a source that is itself a domain, "TheBlaze.com", gives that domain); None when
        none of them is usable.

    Examples
    --------
    >>> outlet_of({"url": "https://www.cnn.com/2019/x", "source": "CNN (Web News)"})
    'cnn.com'
    >>> outlet_of({"url": None, "domain": "money.cnn.com"})
    'cnn.com'
    >>> outlet_of({"source": "CNN - Editorial"})
    'cnn'
    >>> outlet_of({"title": "no outlet"}) is None
    True
    """
    for field in ("url", "domain"):
        domain = registrable_domain(record.get(field))
        if domain is not None:
            return domain
    source = record.get("source")
    if not isinstance(source, str):
        return None
    name = strip_source_suffix(source)
    if not name:
        return None
    if "." in name and not any(character.isspace() for character in name):
        domain = registrable_domain(name)
        if domain is not None:
            return domain
    return " ".join(name.lower().split())


def _squash(name: str) -> str:
    """Letters and digits of a name in lower case, without a leading "the" ("The Hill" → "hill")."""
    squashed = "".join(character for character in name.lower() if character.isalnum())
    return squashed[3:] if squashed.startswith("the") and len(squashed) > 6 else squashed


def _names_host(name: str, labels: Iterable[str]) -> bool:
    """Whether an outlet name plausibly names a host with these labels.

    "Washington Times" ~ washingtontimes, "Christian Science Monitor" ~ csmonitor (initials), "Fox" ~
    foxnews, "ABC News" ~ abcnews(.go.com); "Rand Paul" ~ foxnews is not: that source is a columnist.
    """
    squashed = _squash(name)
    if len(squashed) < 3:
        return False
    initials = "".join(word[0] for word in re.findall(r"\w+", name.lower()) if word != "the")
    for raw_label in labels:
        label = _squash(raw_label)
        if len(label) < 3 or raw_label in _GENERIC_DOMAIN_LABELS:
            continue
        if squashed in label or label in squashed or squashed[:4] == label[:4]:
            return True
        if len(initials) >= 2 and label.startswith(initials):
            return True
    return False


def outlet_name_variants(
    records: Iterable[Mapping[str, Any]],
    *,
    include_common: bool = True,
    keep_all_sources: bool = False,
) -> list[str]:
    """Derive the outlet names to mask from a corpus.

    For every record: its ``source`` name without edition qualifiers, the registrable domain of its ``url``
    or ``domain`` and that domain's first label (``nytimes.com`` → ``nytimes``). A ``source`` that does not
    resemble its record's host name ("Rand Paul" on foxnews.com, "Guest Writer - Left" on cnn.com) names a
    columnist or a section, not the outlet, and is left out unless ``keep_all_sources`` is true: masking it
    would blank out politicians' names in the news.

    Parameters
    ----------
    records : iterable of Mapping
        Articles with any of the fields ``source``, ``url`` and ``domain``.
    include_common : bool, default True
        Add :data:`COMMON_OUTLET_NAMES`.
    keep_all_sources : bool, default False
        Keep every ``source`` name, even those that do not resemble their record's domain.

    Returns
    -------
    list of str
        Distinct names, sorted; names shorter than two characters and generic domain labels ("go" of
        ``go.com``) are left out.

    Examples
    --------
    >>> records = [
    ...     {"source": "NPR Online News", "url": "http://www.npr.org/x"},
    ...     {"source": "Rand Paul", "url": "https://www.foxnews.com/opinion/y"},
    ... ]
    >>> outlet_name_variants(records, include_common=False)
    ['NPR', 'foxnews', 'foxnews.com', 'npr', 'npr.org']
    """
    names: set[str] = set(COMMON_OUTLET_NAMES) if include_common else set()
    for record in records:
        domain = registrable_domain(record.get("url")) or registrable_domain(record.get("domain"))
        hosts = {host_of(record.get("url")), host_of(record.get("domain"))} - {None}
        labels = {label for host in hosts if host for label in host.split(".")}
        label = domain.split(".")[0] if domain else None
        if domain and label and not domain.replace(".", "").isdigit():
            names.add(domain)
            if label not in _GENERIC_DOMAIN_LABELS:
                names.add(label)
        source = record.get("source")
        if isinstance(source, str):
            name = strip_source_suffix(source)
            if keep_all_sources or domain is None or _names_host(name, labels):
                names.add(name)
    return sorted(name for name in names if len(name) >= 2 and name.lower() not in _GENERIC_DOMAIN_LABELS)


# A blank in what a phrase accepts: any run of white space.
_BLANK = " "


# What each character of a name or phrase accepts in a text: a blank any run of white space, an apostrophe
# either apostrophe, and with ``fold_case`` a letter either case.
def _accepted(text: str, *, fold_case: bool) -> tuple[str, ...]:
    accepted = []
    for character in text:
        upper = character.upper()
        if character.isspace():
            accepted.append(_BLANK)
        elif character in "'’":
            accepted.append("'’")
        elif fold_case and len(upper) == 1 and upper != character:
            accepted.append(character + upper)
        else:
            accepted.append(character)
    return tuple(accepted)


# A name as the regex engine should see it: one regex atom per character, for what it accepts. A letter in
# either case is an ``[xX]`` class, which the engine skips after one comparison, unlike a ``(?i)`` group,
# which it enters.
def _atoms(text: str, *, fold_case: bool = False) -> tuple[str, ...]:
    return tuple(
        r"\s+" if accepted == _BLANK else re.escape(accepted) if len(accepted) == 1 else f"[{accepted}]"
        for accepted in _accepted(text, fold_case=fold_case)
    )


def _case_forms(name: str, spelling: str) -> set[str]:
    """The capitalisations of a case-sensitive name: the outlet's spelling, as given, Title Case, ALL CAPS."""
    title = " ".join(word[:1].upper() + word[1:] for word in name.split())
    forms = {spelling, title, spelling.upper()}
    if any(character.isupper() for character in name):
        forms.add(name)
    return forms


def _phrases(heads: str, tails: str) -> list[str]:
    return [f"{head} {tail}" for head in heads.split() for tail in tails.split()]


# Words after which an ambiguous name is the outlet: "told The Hill", "according to Time", "wrote in Slate".
_CUES: tuple[str, ...] = (
    "told",
    "tells",
    "telling",
    "via",
    "according to",
    *_phrases(
        "statement statements comment comments remarks email emails e-mail interview interviews spoke "
        "speaking talking talked said confirmed",
        "to with",
    ),
    *_phrases(
        "writes writing wrote written published publishes reported appeared appearing appears ran",
        "in for on by",
    ),
    *_phrases("obtained reviewed seen cited provided shared", "by to with"),
    *_phrases(
        "editor editors reporter reporters writer writers columnist contributor contributors correspondent "
        "editor-in-chief staffer producer",
        "at for of to with",
    ),
    *_phrases("piece article story op-ed column essay report profile interview", "in for on"),
    *_phrases("interviewed contacted asked conducted commissioned sponsored illustration photo", "by"),
    "views of",
    "contribution to",
    "requests from",
    "request from",
)
# "wrote for Slate", "a fellow at The Atlantic": only in lower case, since "Time For Change" or "At Time Of"
# in a headline are not about the magazine.
_LOWER_CASE_CUES = ("for", "at")
# Words after an ambiguous name that make it the outlet: "Time magazine", "The Hill reported".
_FOLLOWERS = (
    r"magazine|Magazine|reported|reports|first\s+reported|reporter|reporters|editor|editors|editor-in-chief"
    r"|contributor|contributors|columnist|writer|writers|correspondent|podcast|newsletter|article|interview"
    r"|op-ed|staff|senior|executive|deputy|contributing|managing|colleague|colleagues|Plus|Media"
)
# Verbs that make a name the outlet, unless it is also a person's: "Bloomberg asked" is often the mayor.
_FOLLOWING_VERBS = r"wrote|asked|obtained|has\s+explained|has\s+reported|reached\s+out|has\s+reached\s+out"
# Company names that start with an ambiguous outlet name but are not the outlet.
_NOT_AFTER = r"(?!\s+(?:Warner|Inc)\b)"
# Ambiguous names that are also people's names: "Bloomberg's campaign" is Michael Bloomberg's.
_PERSON_NAMES = frozenset({"bloomberg", "independent"})
_END = r"(?!\w)"
# "CNN's", and "Fox News'" for names ending in s; the bare apostrophe needs the s so that a closing quote
# after another name is left alone.
_POSSESSIVE = r"(?:['’]s|(?<=[sS])['’])?" + _END
_POSSESSIVE_SUFFIX = re.compile(r"['’]s?$")
# After a removal at the start of a line, the blank that followed it goes too ("(CNN) President" →
# "President"); inside a line the blank before it goes instead, see ``mask_self_identification``.
_TRAILING = r"(?(nl)[ \t]*)"
_SENTENCE_END = r"[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)" + _TRAILING
# Self-identification that is not a name of the outlet, removed outright, as (first words, rest). The first
# words are matched as :func:`_atoms` says, a blank standing for any run of white space; the more of a match
# they spell out, the fewer places `_MatchStarts` finds to try the pattern at ("a " is rarer than "a").
_GENERIC: tuple[tuple[tuple[str, ...], str], ...] = (
    # Dateline wire credits: "WASHINGTON (AP) —", "(Reuters) -", "(CNN)"; photo credits "(AP Photo/…)".
    (("(",), r"(?:Reuters|AP|AFP|CNN(?:\s+Business)?|CNNMoney|UPI|dpa)\)(?:[ \t]*[-–—]+)?" + _TRAILING),
    (("(",), r"(?:AP|AFP|Reuters)\s+Photo[^)\n]{0,80}\)" + _TRAILING),
    # "Copyright © 2019 The Washington Times, LLC. Click here for reprint permission." to the line end;
    # the year keeps articles about copyright law ("the Copyright Act of 1909") intact.
    (("Copyright", "COPYRIGHT", "©"), r"[ \t]*(?:©|\([cC]\))?[ \t]*(?:19|20)\d\d\b[^\n]*"),
    (("All ",), r"[Rr]ights\s+[Rr]eserved\.?" + _TRAILING),
    # "This article originally appeared on Vox." / "The following column first appeared in ...".
    (
        ("This ", "this ", "The ", "the ", "A ", "a ", "An ", "an "),
        r"(?:following\s+|earlier\s+|longer\s+|shorter\s+)?(?:version\s+of\s+this\s+)?"
        r"(?:article|column|piece|story|post|essay|op-ed|commentary|report|version|interview|review|editorial)"
        r"\b[^\n]{0,60}?\b(?:originally|first)\s+(?:appeared|published|ran|posted)\b" + _SENTENCE_END,
    ),
    (("Originally ", "originally "), r"(?:appeared|published|posted)\s+(?:on|in|at|by)\b" + _SENTENCE_END),
    # "Sign up for the Daily Beast's newsletter", "By signing up you agree to ...".
    (("Sign ", "SIGN "), r"(?:up|UP)\b[^\n]{0,80}?\b[Nn]ewsletters?\b" + _SENTENCE_END),
    (("Subscribe",), r"\b[^\n]{0,80}?\b[Nn]ewsletters?\b" + _SENTENCE_END),
    (("By signing up",), r"\b" + _SENTENCE_END),
    # "CLICK HERE TO GET THE FOX NEWS APP", "Click here for reprint permission."
    (("CLICK HERE",), r"\b" + _SENTENCE_END),
    (("Click here",), r"\b" + _SENTENCE_END),
    # "Follow Jane Doe on Twitter: @jdoe", "Follow us on Facebook", "Follow @politico".
    (
        ("Follow ",),
        r"(?:@\w+|[^\n]{0,80}?\bon\s+(?:Twitter|Facebook|Instagram|Snapchat|Threads|TikTok|X)\b)"
        + _SENTENCE_END,
    ),
)


def _form(text: str) -> str:
    """A matched name with single blanks, one kind of apostrophe and no possessive."""
    return " ".join(_POSSESSIVE_SUFFIX.sub("", text.replace("’", "'")).split())


def _spelled(forms: Iterable[str]) -> str:
    """A look-behind that accepts a name just matched in any case only in one of its ``forms``.

    Being part of the pattern, the check lets the engine fall back to a shorter name when a longer one is
    in the wrong case ("Time magazine" is "Time" + "magazine", not the name "Time Magazine"). All forms of
    a name have the same length, as a look-behind needs; a blank in a name stands for one white space.
    """
    return "(?<=" + "|".join(re.escape(form).replace(r"\ ", r"\s") for form in sorted(forms)) + ")"


class _Alternatives:
    """Regex alternatives that each start with a phrase, and what the characters of those phrases accept.

    ``trie`` holds the alternatives, ``heads`` their phrases as :func:`_accepted` reads them. An alternative
    goes in only with its phrase, so wherever one matches a text, the text there reads as a head.
    """

    def __init__(self) -> None:
        self.trie = RegexTrie()
        self.heads: set[tuple[str, ...]] = set()

    def add(self, phrase: str, tail: str, *, fold_case: bool = False) -> None:
        """Add ``phrase``, matched as :func:`_atoms` says, followed by the regex ``tail``."""
        self.trie.add(_atoms(phrase, fold_case=fold_case), tail)
        self.heads.add(_accepted(phrase, fold_case=fold_case))

    def add_followed(self, phrases: _Alternatives, following: str) -> None:
        """Add every alternative of ``phrases`` followed by the regex ``following``.

        They are written once per first atom of ``phrases``, not once per phrase: with the names after the
        cues as ``following`` that would make the pattern ten times longer and take half a second to
        compile.
        """
        for first, rest in phrases.trie.children.items():
            self.trie.add((first,), rest.render() + following)
        self.heads |= phrases.heads


@functools.cache
def _white_space() -> frozenset[str]:
    r"""What ``\s`` matches: white space, all of it in the Basic Multilingual Plane."""
    return frozenset(map(chr, np.flatnonzero(character_classes() == SPACE).tolist()))


# How many characters after a non-word character `_MatchStarts` reads: a step costs about what trying the
# pattern at 8 places does, and reading 6 characters leaves 110 candidates in an article, 10 leave 90.
_HEAD_DEPTH = 6

# A state of `_MatchStarts`'s automaton: the (head, atoms read) pairs still possible.
_State = frozenset[tuple[int, int]]


class _MatchStarts:
    """Where a match of the pattern can start: at a non-word character followed by a head, found in numpy.

    A regex that found these places would enter a trie of the heads at every non-word character of a text,
    about a thousand an article. Instead every character becomes a symbol by one table look-up for the
    whole text, and the positions of all non-word characters step together through an automaton of the
    heads, reading one character further at each step: a position that has read a whole head, or is still
    reading one after ``depth`` characters, is a candidate.

    A symbol stands for the characters that match the same atoms of the heads (``"t"`` and ``"T"`` match
    ``"tT"``) and are all word characters or all not, as the pattern reads them: there is no lower-casing to
    get wrong. Characters beyond the Basic Multilingual Plane share one symbol that matches every atom and
    may stand before a match.
    """

    DEAD = 0  # no head can match after this position (state numbers are stored times the symbols)
    CANDIDATE = 1  # a head has been read, or ``depth`` characters of one

    def __init__(self, heads: Collection[tuple[str, ...]], depth: int) -> None:
        self.depth = depth
        classes = character_classes()
        beyond = len(classes) - 1  # the entry of all characters beyond the Basic Multilingual Plane
        may_start = (classes != ALPHANUMERIC) & (classes != UNDERSCORE)
        all_atoms = frozenset(atom for head in heads for atom in head)
        atoms_of: dict[int, set[str]] = {}
        for atom in all_atoms:
            for character in _white_space() if atom == _BLANK else atom:
                if ord(character) < beyond:
                    atoms_of.setdefault(ord(character), set()).add(atom)
        # A symbol is known by whether its characters may stand before a match and by the atoms they match.
        # The symbols of characters that may stand there come last, so that one comparison finds them.
        signature_of = {code: (bool(may_start[code]), frozenset(atoms)) for code, atoms in atoms_of.items()}
        signature_of[beyond] = (True, all_atoms)
        signatures = sorted(
            {*signature_of.values(), (False, frozenset()), (True, frozenset())},
            key=lambda signature: (signature[0], sorted(signature[1])),
        )
        symbol_of = {signature: symbol for symbol, signature in enumerate(signatures)}
        self.table = np.where(may_start, symbol_of[True, frozenset()], symbol_of[False, frozenset()]).astype(
            np.min_scalar_type(len(signatures) - 1)
        )
        for code, signature in signature_of.items():
            self.table[code] = symbol_of[signature]
        self.first_start = symbol_of[True, frozenset()]
        # Read past the end of the text: like a word character that no head has, it matches no atom.
        self.end = symbol_of[False, frozenset()]
        self.start, self.transitions = self._automaton(sorted(heads), [atoms for _, atoms in signatures])

    def _automaton(
        self, heads: Sequence[tuple[str, ...]], symbols: Sequence[frozenset[str]]
    ) -> tuple[int, npt.NDArray[np.intp]]:
        """The start state and the transitions of the automaton, both times the number of symbols.

        States are numbered as found, level by level, for ``depth`` levels. Multiplied, a state plus a symbol
        is the index of its transition.
        """
        start: _State = frozenset((head, 0) for head in range(len(heads)))
        numbers = {start: 2}
        rows = [[self.DEAD] * len(symbols), [self.CANDIDATE] * len(symbols)]
        symbols_matching: dict[str, list[int]] = {}
        for symbol, atoms in enumerate(symbols):
            for atom in atoms:
                symbols_matching.setdefault(atom, []).append(symbol)
        level = [start]
        for depth in range(1, self.depth + 1):
            found = []
            for state in level:
                ending, moves = _moves(heads, state)
                row = [self.DEAD] * len(symbols)
                for symbol in sorted({symbol for atom in moves for symbol in symbols_matching[atom]}):
                    atoms = symbols[symbol] & moves.keys()
                    if depth == self.depth or not ending.isdisjoint(atoms):
                        row[symbol] = self.CANDIDATE
                        continue
                    target: _State = frozenset().union(*(moves[atom] for atom in atoms))
                    if target not in numbers:
                        numbers[target] = len(numbers) + 2
                        found.append(target)
                    row[symbol] = numbers[target]
                rows.append(row)
            level = found
        return numbers[start] * len(symbols), np.array(rows, dtype=np.intp).ravel() * len(symbols)

    def candidates(self, text: str) -> list[int]:
        """The positions where a match of the pattern can start, and some where it cannot, in order."""
        symbols = np.full(len(text) + self.depth, self.end, dtype=self.table.dtype)
        self.table.take(table_indices(codes_of(text)), out=symbols[: len(text)])
        positions = (symbols[: len(text)] >= self.first_start).nonzero()[0]
        states = np.full(len(positions), self.start)
        for offset in range(1, self.depth + 1):
            states = self.transitions.take(states + symbols[offset:].take(positions))
        candidates: list[int] = positions[states != self.DEAD].tolist()
        return candidates


def _moves(
    heads: Sequence[tuple[str, ...]], state: _State
) -> tuple[set[str], dict[str, set[tuple[int, int]]]]:
    """The atoms that ``state`` reads next, those among them that end a head, and the pairs each leads to.

    A blank's atom stays, to read more white space.
    """
    ending = set()
    moves: dict[str, set[tuple[int, int]]] = {}
    for head, read in state:
        atom = heads[head][read]
        after = moves.setdefault(atom, set())
        if read + 1 == len(heads[head]):
            ending.add(atom)
            continue
        after.add((head, read + 1))
        if atom == _BLANK:
            after.add((head, read))
    return ending, moves


class _Masker:
    """The compiled pattern for one list of outlet names, and how to tell its kinds of match apart.

    All names sit in one trie matched in either case, so that the longest name wins ("Fox News" over
    "Fox"); names with case rules ("National Review", "Time") then check their spelling in a look-behind.
    The engine would try that trie at every non-word character, slowly, since its branches start with
    ``[xX]`` classes; `_MatchStarts` finds the few places where it can match, and only there is it tried.
    """

    def __init__(self, names: Iterable[str]) -> None:
        alternatives = _Alternatives()
        for first_words, rest in _GENERIC:
            for words in first_words:
                alternatives.add(words, rest)
        self.names: set[str] = set()  # lower-case names, to tell a name from a removed footer
        self.ambiguous: set[str] = set()
        after_cue = RegexTrie()
        for raw in names:
            name = " ".join(raw.replace("’", "'").split())
            key = name.lower()
            if len(name) < 2:
                continue
            self.names.add(key)
            if key in AMBIGUOUS_OUTLET_NAMES:
                self.ambiguous.add(key)
                forms = _case_forms(name, AMBIGUOUS_OUTLET_NAMES[key])
                cased = {form for form in forms if not form.isupper()}
                # A possessive counts, except in "Time's up" and for people's names; so does an outlet
                # noun after the name ("Time magazine", "The Hill reported").
                if key in _PERSON_NAMES:
                    context = rf"(?=\s+(?:{_FOLLOWERS})\b)"
                else:
                    context = (
                        rf"(?:['’]s{_END}(?!\s+[Uu][Pp]\b)|(?<=[sS])['’]{_END}"
                        rf"|(?=\s+(?:{_FOLLOWERS}|{_FOLLOWING_VERBS})\b))"
                    )
                alternatives.add(key, _spelled(cased) + context, fold_case=True)
                upper = name.upper()
                if " " not in upper:
                    # "TIME" is the magazine's logo, but "IT'S TIME TO ACT" is a shouting headline: no
                    # capitals just before or after it.
                    width = len(upper)
                    alternatives.add(
                        key,
                        _spelled([upper])
                        + rf"(?<![A-Z][ \t].{{{width}}})(?<![A-Z][:,][ \t].{{{width}}})"
                        + _POSSESSIVE
                        + r"(?![ \t:,\-]*[A-Z]{2})",
                        fold_case=True,
                    )
                # "told the Hill": after a cue the article may be in lower case.
                the = {"the" + form[3:] for form in forms if form.startswith("The ")}
                after_cue.add(_atoms(key, fold_case=True), _spelled(forms | the) + _POSSESSIVE + _NOT_AFTER)
            elif key in _PROPER_OUTLET_NAMES:
                alternatives.add(
                    key, _spelled(_case_forms(name, _PROPER_OUTLET_NAMES[key])) + _POSSESSIVE, fold_case=True
                )
            else:
                # Domains need no pattern of their own: "www.cnn.com" and "money.cnn.com" end in "cnn.com"
                # after a dot, which is a character before a match like any other ("money.OUTLET").
                alternatives.add(key, _POSSESSIVE, fold_case=True)
        self.cue: re.Pattern[str] | None = None
        if after_cue.children:
            # The white space after a cue is part of its phrase, so that its head is "for " and "former" is
            # not a candidate.
            cues = _Alternatives()
            for cue in _CUES:
                cues.add(cue + " ", "", fold_case=True)
            for cue in _LOWER_CASE_CUES:
                cues.add(cue + " ", "")
            self.cue = re.compile(cues.trie.render())
            alternatives.add_followed(cues, after_cue.render())
        # Every match starts by consuming the one non-word character before it, given back on replacement.
        # ``nl`` records a line break, for ``_TRAILING``; the two branches exclude each other, so a match that
        # fails with ``nl`` set is not tried again without it (an atomic group would say the same, but Python
        # 3.10 has none).
        self.pattern = re.compile(r"(?P<pre>[^\w])(?:(?<=\n)(?P<nl>)|(?<!\n))" + alternatives.trie.render())
        self.starts = _MatchStarts(alternatives.heads, _HEAD_DEPTH)

    def sub(self, text: str, placeholder: str) -> str:
        # Each match needs a character before it, so a name at the very start gets a line break before it,
        # which every match gives back and which is cut off again.
        text = "\n" + text
        pieces: list[str] = []
        done = 0  # text before this is in pieces
        position = 0
        # The first candidate from ``position`` on where the pattern matches is what ``search`` would find,
        # since every place where it can match is a candidate.
        for start in self.starts.candidates(text):
            if start < position:
                continue
            match = self.pattern.match(text, start)
            if match is None:
                continue
            pre: str = match.group("pre")
            # A match may start on the last character of the one before ("(CNN) CNN's", where the credit
            # took the blank after it): that character is already written, or removed, with that match.
            if match.start() < done:
                pre = ""
            pieces.append(text[done : match.start()])
            pieces.append(self._replacement(text, pre, match.start() + 1, match.end(), placeholder))
            done = position = match.end()
            if not text[done - 1].isalnum() and text[done - 1] != "_":
                position -= 1
        pieces.append(text[done:])
        return "".join(pieces)[1:]

    def _replacement(self, text: str, pre: str, start: int, end: int, placeholder: str) -> str:
        found = text[start:end]
        if _form(found).lower() in self.names:
            return pre + placeholder
        cue = self.cue.match(text, start) if self.cue is not None else None
        if cue is not None and _form(found[cue.end() - start :]).lower() in self.ambiguous:
            return pre + cue.group() + placeholder
        # A wire credit, copyright line or footer sentence. Removing "(Reuters) -" from
        # "WASHINGTON (Reuters) - The" leaves one blank, not two.
        return "" if pre in " \t" else pre


@functools.lru_cache(maxsize=32)
def _masker(names: tuple[str, ...]) -> _Masker:
    return _Masker(names)


def mask_self_identification(
    text: str, outlet_names: Iterable[str], *, placeholder: str = PLACEHOLDER
) -> str:
    r"""Replace outlet names in an article with a placeholder and strip wire credits and outlet footers.

    Outlet names, their possessives ("Fox News'", "CNN's") and their domains become ``placeholder``, so
    the sentence keeps a word there. A subdomain stays (``www.foxnews.com`` → ``www.OUTLET``). Names are
    matched on word boundaries, the longest first ("Fox News" before "Fox"):

    * most names in any case ("CNN", "cnn", "Politico", "foxnews.com");
    * names made of ordinary words ("National Review", "USA Today", "Fox") only capitalised, as spelled,
      in Title Case or in ALL CAPS;
    * names that are ordinary words themselves (:data:`AMBIGUOUS_OUTLET_NAMES`: "Time", "Reason", "The
      Hill", "Vox", "Slate") only capitalised and in an outlet context: after a cue ("told The Hill",
      "according to Time", "wrote in Slate"), before a possessive ("Reason's") or an outlet noun ("Time
      magazine", "The Hill reported"), or in capitals with no capitals next to them ("TIME").

    Removed outright: dateline credits "(Reuters) -", "(AP) —", "(AFP)", "(CNN)", photo credits
    "(AP Photo/…)", copyright lines with a year, "All rights reserved", and the sentences "This article
    originally appeared on …", "Sign up for … newsletter", "By signing up …", "Follow … on Twitter" and
    "Click here …".

    Parameters
    ----------
    text : str
        The article.
    outlet_names : iterable of str
        Names to mask, e.g. from :func:`outlet_name_variants`. The compiled pattern is cached per tuple of
        names, so pass the same names in the same order for speed.
    placeholder : str, default "OUTLET"
        The replacement for a name.

    Returns
    -------
    str
        The masked text; the same input always gives the same output.

    Examples
    --------
    >>> names = ["CNN", "Fox News", "Reuters", "The Hill", "Time", "foxnews.com"]
    >>> mask_self_identification("WASHINGTON (Reuters) - Fox News' John Roberts told CNN.", names)
    'WASHINGTON OUTLET John Roberts told OUTLET.'
    >>> mask_self_identification("It is time to go, a senator told The Hill.", names)
    'It is time to go, a senator told OUTLET.'
    >>> mask_self_identification("More at www.foxnews.com.\nCopyright 2016 CNN.", names)
    'More at www.OUTLET.\n'
    """
    return _masker(tuple(outlet_names)).sub(text, placeholder)


def prepare_masking(outlet_names: Iterable[str]) -> None:
    """Compile the pattern that masks these names now (about a quarter of a second), not on first use."""
    _masker(tuple(outlet_names))


def mask_article(cleaned: str, title: str | None, outlet_names: Iterable[str]) -> str:
    r"""The text the n-gram models read: the title, a line break and the body, outlet names masked.

    Training and scoring both build it here, so that a model reads at scoring time what it learned from.
    ``cleaned`` is the body as `biasmeter._input.clean_text` returns it, as `biasmeter.extract` analyses it
    (control characters blanked, Windows and old Mac line breaks made ``\n``): scoring has it already, and
    cleaning it again would be one more pass over every article.

    Examples
    --------
    >>> from biasmeter._input import clean_text
    >>> body = clean_text("Fox News' host said so.\r\nMore.")
    >>> mask_article(body, "CNN exclusive", ["CNN", "Fox News"])
    'OUTLET exclusive\nOUTLET host said so. \nMore.'
    """
    return mask_self_identification(f"{title or ''}\n{cleaned}", outlet_names)
