"""Build the loaded-terms lexicon shipped as ``src/biasmeter/data/loaded_terms.tsv``.

The lexicon lists short terms that make a news text read as loaded or partisan, each in exactly one of five
categories: ``emotional``, ``name_calling``, ``exaggeration``, ``partisan_left`` and ``partisan_right``.
Mined terms have one to three tokens; a few hand-listed phrases are longer. Three sources are merged, and a
term found in several keeps the category of the first:

1. ``hand``: the reviewed list ``training/lexicon_hand_list.tsv`` (well-known partisan pairs such as
   "illegal aliens" / "undocumented immigrants", absolutes, common pejorative labels). A person chose each
   category, so a hand row always wins.
2. ``allsides``: partisan uni- and bigrams mined from the AllSides corpus (Baly et al., EMNLP 2020). Left-
   and right-rated articles are compared with the log-odds ratio with an informative Dirichlet prior of
   Monroe, Colaresi & Quinn (2008, "Fightin' Words"). The corpus labels outlets, not articles, so naive
   statistics surface outlet names and outlet boilerplate (bylines, newsletter footers, "click here")
   instead of framing. Hence:

   * counts are document frequencies per outlet (registrable domain x rating): a word repeated inside one
     article counts once;
   * an outlet's documents weigh at most ``--outlet-cap`` documents in all, so the four large right-rated
     outlets (Fox News, Washington Times, Townhall, National Review) cannot pass a house style off as the
     vocabulary of a side;
   * a term must be used by at least ``--min-outlets`` different outlets on its side, no single outlet may
     give more than ``--max-top-share`` of its weight, and it must be more frequent on its side than in
     center-rated outlets too;
   * a term must be clearly one-sided: ``|z| >= --min-z`` and an effect size ``|delta| >= --min-delta``;
   * terms that name an outlet or an AllSides author, or contain a word that is nearly always capitalised
     mid-sentence (a person, a place, an organisation), are dropped;
   * the remaining pool was reviewed by eye. Most of it is topics (covid-19, the Russia inquiry) and house
     style, not framing; ``ALLSIDES_EXCLUDE`` records every rejected candidate, so only reviewed terms
     are shipped.

3. ``ptc``: spans of the Propaganda Techniques Corpus (Da San Martino et al., SemEval-2020 task 11)
   annotated as ``Loaded_Language`` (-> ``emotional``, or ``exaggeration`` when the span holds an absolute
   or hyperbole word) or ``Name_Calling,Labeling`` (-> ``name_calling``). Spans of 1-3 tokens (leading
   determiners removed) that recur in at least ``--ptc-min-docs`` documents are kept, unless they are
   stopwords, names, generic (annotated in less than ``--ptc-min-rate`` of the PTC documents containing
   them), common in ordinary news (AllSides document frequency above ``--ptc-max-bg-df``), or one author's
   coinage (a phrase found in fewer than ``--ptc-min-bg-docs`` AllSides documents). ``PTC_EXCLUDE``
   records the review of the rest.

Terms are lower-case tokens of ``TOKEN_RE`` joined by one space, with the apostrophe ``’`` written ``'``;
code that matches them must tokenise and normalise text the same way. The output is deterministic: the
same inputs give a byte-identical file (no build date unless ``--build-date`` is given). It takes about a
minute on one core and about 1.5 GB of memory.

Run from the repository root::

    python training/build_lexicon.py                      # writes src/biasmeter/data/loaded_terms.tsv
    python training/build_lexicon.py --dump-dir /tmp/lex  # also writes the candidate tables for review
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import lzma
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import tldextract

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUTPUT = REPO_ROOT / "src" / "biasmeter" / "data" / "loaded_terms.tsv"
DEFAULT_HAND_LIST = REPO_ROOT / "training" / "lexicon_hand_list.tsv"
PTC_PATH = Path("reliability") / "ptc-2020-propaganda-spans.jsonl.xz"
ALLSIDES_PATH = Path("allsides") / "train.jsonl.xz"

TOKEN_RE = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")

CATEGORIES = ("emotional", "name_calling", "exaggeration", "partisan_left", "partisan_right")
SOURCES = ("hand", "allsides", "ptc")

# PTC technique -> category. Loaded_Language becomes ``exaggeration`` when the term contains a word of
# HYPERBOLE_WORDS (see ``ptc_category``).
PTC_TECHNIQUES = {"Loaded_Language": "emotional", "Name_Calling,Labeling": "name_calling"}


def _words(text: str) -> frozenset[str]:
    """Whitespace-separated words of a constant word list."""
    return frozenset(text.split())


def _term_set(text: str) -> frozenset[str]:
    """Comma-separated terms; a phrase may be wrapped over two lines."""
    return frozenset(" ".join(term.split()) for term in text.split(",") if term.strip())


# English function words. A term may not start or end with one, and may not consist of them only.
STOPWORDS = _words(
    """
    a about above after again against ago all almost along also although am among an and another any
    anyone anything are aren't around as at away back be because been before being below between both
    but by can can't cannot could couldn't did didn't do does doesn't doing don't down dr during each
    either else enough etc even ever every few for from further get gets getting go goes going gone got
    had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
    himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just least
    less let let's like many may me might more most mr mrs ms much must mustn't my myself near neither
    no nor not now of off often on once one only onto or other others ought our ours ourselves out over
    own per perhaps quite rather really s said same say says see seem seems several shall shan't she
    she'd she'll she's should shouldn't since so some such t than that that's the their theirs them
    themselves then there there's these they they'd they'll they're they've this those though through
    thus till to too toward towards under until up upon us very via was wasn't we we'd we'll we're we've
    well were weren't what what's whatever when when's where where's whether which while who who's whom
    whose why why's will with within without won't would wouldn't yet you you'd you'll you're you've
    your yours yourself yourselves
    """
)

# Leading words removed from PTC spans, and particles allowed at the end of a PTC span ("lashed out").
DETERMINERS = _words(
    """
    a an her his its my our some that the their these this those your
    """
)
PARTICLES = _words("away back down off out over up")

# Words that make a Loaded_Language span an absolute or a hyperbole rather than an emotional word.
HYPERBOLE_WORDS = _words(
    """
    absolute absolutely all always astronomical astronomically best biggest colossal complete completely
    countless endless enormous enormously entire entirely epic ever every everybody everyone everything
    extremely forever gigantic greatest historic huge incredible incredibly infinite largest literally
    massive massively monumental most never no-one nobody nothing record record-breaking sheer skyrocket
    skyrocketed skyrocketing staggering total totally tremendous tremendously unbelievable unbelievably
    unprecedented utter utterly worst
    """
)

# Outlet names, and words that only occur as part of one. Terms containing any of these phrases are dropped.
# The AllSides ``source`` names (e.g. "Washington Times", "Rich Lowry") are added at run time.
OUTLET_PHRASES = _words(
    """
    abc abcnews allsides ap axios bloomberg breitbart buzzfeed cbn cbs cnbc cnn dailykos dailymail
    dailywire democracynow fox foxbusiness foxnews hotair huffington huffpost infowars jacobin kos
    marketwatch motherjones msnbc nationalreview nbc newsbusters newsmax npr nypost nyt oann pbs
    politico reuters salon theblaze thinkprogress townhall usatoday vox wapo washingtontimes wsj
    """
) | _term_set(
    """
    associated press, daily beast, daily caller, daily mail, daily wire, fox news, mother jones,
    national review, new york post, new york times, the atlantic, the hill, the intercept, the nation,
    usa today, vanity fair, wall street journal, washington examiner, washington post, washington times
    """
)

# Outlets that share one newsroom, templates and boilerplate are counted as one.
OUTLET_ALIASES = {"foxbusiness.com": "foxnews.com"}
# Not an outlet: AllSides' own pages quote and summarise others.
SKIP_DOMAINS = frozenset({"allsides.com"})

# ---------------------------------------------------------------------------------------------------------
# Review decisions. The candidate tables were printed with ``--dump-dir`` and read term by term; these lists
# record what was rejected, so that the same data and thresholds give the same lexicon. Changing a
# threshold brings in candidates nobody has reviewed: dump and review them before shipping.


# PTC_EXCLUDE: recurring PTC spans that pass the automatic filters but are not loaded on their own:
# neutral or descriptive words and legal terms ("severe", "gross negligence", "racial slur", "sexual
# predators"), fragments of longer spans ("political hit"), a proper name written in lower case ("black
# death", the plague, and "gang of eight"), a headline abbreviation ("dems"), platform-policy wording
# ("hateful conduct"), and labels that are neutral or positive ("moderates", "truth-tellers").
PTC_EXCLUDE = _term_set(
    """
    aggressively, black death, dems, dramatic, elitist boys school, gang of eight, gross negligence,
    grossly negligent, hateful conduct, high alert, jihadist attacks, moderates, political hit, racial slur,
    severe, sexual predators, truth-tellers
    """
)

# ALLSIDES_LOADED_NOT_PARTISAN: insults, headline verbs and profanity that the statistics tie to one side
# (mostly because right-rated opinion outlets, or a few left-rated magazines, use more of them) but that
# do not tell which side is writing. They are loaded, so the hand list and PTC cover the useful ones as
# ``emotional`` or ``name_calling``; here they are kept out of the partisan categories.
ALLSIDES_LOADED_NOT_PARTISAN = _term_set(
    """
    absolutely nothing, arrogance, berated, bleak, bogus, booed, brutally, bullshit, calamity, carnival,
    deflect, delusion, delusional, dismissive, evil, excuses, extremely difficult, fiasco, fiery, fool,
    fuck, fucking, harshest, hugely, incompetent, kidding, lectured, massively, mocking, panned,
    paranoia, pathetic, pussy, recklessly, rot, ruined, scam, scolded, self-inflicted, shambles, shit,
    silly, slammed, slaughter, spit, stupid, vile, visceral
    """
)

# ALLSIDES_EXCLUDE: the other rejected candidates of the reviewed pool (all that pass the automatic filters
# at the default thresholds, 340 left and 242 right). They are not framing choices: topics that one side
# covered more in 2012-2020 (covid-19, the Russia inquiry, impeachment, abortion, guns, policing, India),
# house style and page furniture ("subscribe", "inbox", "podcast", "clip", "d-ny"), neutral reporting words
# ("analysts", "spokesperson", "researcher"), fragments of names or longer phrases ("upstate new",
# "matter movement", "internal revenue") and words of no political colour at all.
ALLSIDES_EXCLUDE = (
    _term_set(
        """
    abetting, accessible, accuser, accusers, air pollution, alleges, aloud, american businesses,
    american democracy, american economy, american interests, american jobs, american leadership,
    american medical, american voters, amplified, amplifying, analysts, anecdotal evidence, apologies,
    applauded, archive, articulated, assembled, assistant professor, assumes, asthma, attentive,
    authorizing, autonomy, awaited, awards, babies, background checks, became increasingly, beholden,
    benefiting, big part, big problem, billed, bipartisan agreement, black communities, black woman,
    black women, blogs, bravery, briefings, brother's, buddy, campaign chair, campaign pledge, captures,
    care bill, cats, censure, charts, chasing, chat, child care, children's hospital, chip,
    civilization, clean water, clearest, clip, clues, co-chair, coded, cognitive, colluded, collusion,
    combining, comedy, comes next, coming forward, commented, communal, communication, compensate,
    concealed, confided, conscience, conspiracies, conspiracy theories, conspiracy theorists, contact
    tracing, convened, coordinator, cop, cope, coronavirus crisis, coronavirus deaths, coronavirus task,
    correction, corroborating, corroborating evidence, couch, countered, covers, d-ny, days leading,
    deaf, decades-long, decidedly, declares, deficits, democratic colleagues, democratic operatives,
    democratic politicians, democrats took, demographics, density, derived, devoid, different states,
    difficult time, dining, dislodge, dismayed, dossier, earners, economic consequences, ecosystems,
    electability, elected official, elevate, endeavors, endorsements, environments, erroneous, espoused,
    eviction, evidently, evolution, exacerbated, excerpt, excessive force, exculpatory, exit polls,
    experimenting, experiments, experts told, exploiting, extensively, extracting, fact check, fade,
    fair share, federal level, feds, feedback, feeds, fellow democrats, fighter jets, figuring, firearm,
    firearms, first presidential, five million, flipped, flock, focuses, followed suit, forcibly, former
    head, former senior, former state, founders, friend's, frustrating, fuel industry, full story,
    functional, galvanized, generational, geopolitical, gerrymandering, global health, good conscience,
    graphics, half-dozen, happens next, happiness, hardliners, harming, hawkish, health conditions, help
    make, high levels, high-tech, highly unusual, honorable, hot spots, humor, immune system, impartial,
    improper, improperly, impulses, incarceration, inconvenient, incremental, indigenous, infect,
    infighting, influences, ingrained, innocent people, inspector, inspector general, installed,
    instructor, intelligence official, intensive, internal revenue, interventions, intimate, invisible,
    islamic state's, isolate, isolating, job approval, key role, kits, knelt, laughs, lawful, lead
    author, lead-up, leaned, lectern, lecture, lesbians, levy, lifelong, local media, locals, lonely,
    loomed, loop, low-income americans, lowered, major party, maker, makeshift, maps, mat, matter
    movement, media's, medical experts, million jobs, mining, minority voters, mishandling, mislead,
    misstated, mobilization, mobilizing, modeled, moderating, mortality, motto, municipalities, myriad,
    national anthem, national election, new administration, new infections, news reported, news
    reporter, news story, nine months, notwithstanding, novel coronavirus, now-defunct, nurses,
    nutrition, oftentimes, older people, onstage, opaque, originate, outlet, outstanding, owners,
    paired, panel discussion, parse, partnerships, patchwork, pave, peace process, people close, people
    saying, people start, people still, personal protective, photographs, pinned, playbook, pocket,
    podcast, policy positions, policy priorities, political career, political climate, political
    reasons, political revolution, political scientists, political system, pollution, poster,
    precarious, preexisting, pregnancies, president told, prestigious, priest, proclaimed,
    professionalism, prominence, prosperous, protective equipment, protective gear, provinces,
    provincial, public gatherings, quarantine, quarterback, questions raised, ram, rapist, real-world,
    rear, reckoning, remembers, researcher, residential, retained, retribution, revenue service, rights
    activist, rights activists, rights laws, rights movement, rivers, seeming, segregation, seizure,
    sells, semi-automatic, senior staff, serious concerns, services secretary, shaky, shooter,
    shortages, siblings, sixty, small business, small fraction, son-in-law, special agent, specialist,
    spent months, spent years, spill, spokespeople, spontaneous, spy, stabbing, staffed, state
    government, state legislature, statehouses, stay-at-home order, stranded, stretched, structural,
    structures, studio, subscribe, sum, surveying, suspect's, swings, tabloid, tackled, tandem, tax
    rates, taxpayers, teleprompter, tempted, tents, terrorist attack, theoretically, therapy, third
    quarter, today show, tolerated, tracing, trans, transgender people, transition team, trenches,
    tricks, tripped, two big, two presidents, two sources, unchanged, underwater, unidentified,
    unnecessarily, unraveling, unverified, unwavering, uprising, upstairs, upstate new, using force,
    validation, verifiable, versa, video clip, vigil, virus's, visual, vulnerabilities, warrants,
    watches, way people, weaknesses, week later, weeks later, went wrong, whistleblowers, whiter,
    withholding, woo, working closely, working conditions, years earlier
        """
    )
    | ALLSIDES_LOADED_NOT_PARTISAN
)


# ---------------------------------------------------------------------------------------------------------
# Text helpers


def tokenize(text: str) -> list[str]:
    """Lower-case tokens of ``TOKEN_RE``, with typographic apostrophes made ASCII."""
    return [t.replace("’", "'") for t in TOKEN_RE.findall(text.lower())]


def normalise_term(text: str) -> str:
    """Lower-case tokens joined by single spaces (the form used in the lexicon)."""
    return " ".join(tokenize(text))


def strip_determiners(tokens: Sequence[str]) -> list[str]:
    """Remove leading determiners and possessives ("the dictator pope" -> "dictator pope")."""
    start = 0
    while start < len(tokens) and tokens[start] in DETERMINERS:
        start += 1
    return list(tokens[start:])


def is_clean_term(tokens: Sequence[str], particles: bool = False) -> bool:
    """Reject empty terms, stopword edges, digits, one-letter tokens and outlet names.

    With ``particles``, a phrasal verb's particle may end the term ("lashed out").
    """
    if not tokens or tokens[0] in STOPWORDS:
        return False
    if tokens[-1] in STOPWORDS and not (particles and len(tokens) > 1 and tokens[-1] in PARTICLES):
        return False
    if any(len(t) < 2 or any(c.isdigit() for c in t) for t in tokens):
        return False
    return not names_outlet(tokens)


def names_outlet(tokens: Sequence[str], phrases: frozenset[str] | set[str] = OUTLET_PHRASES) -> bool:
    """Whether the tokens contain an outlet name (a contiguous sub-sequence that is one of ``phrases``)."""
    n = len(tokens)
    return any(" ".join(tokens[i:j]) in phrases for i in range(n) for j in range(i + 1, n + 1))


def iter_jsonl_xz(path: Path) -> Iterator[dict[str, object]]:
    """Stream the records of an xz-compressed JSON Lines file."""
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def sha256_prefix(path: Path, n: int = 12) -> str:
    """First ``n`` hex digits of the file's SHA-256 (provenance for the header)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:n]


# ---------------------------------------------------------------------------------------------------------
# Source 1: PTC spans


@dataclass
class PtcCandidate:
    """A recurring PTC span with the numbers used to filter it."""

    term: str
    category: str
    docs_annotated: int
    docs_containing: int = 0
    bg_df: float = 0.0
    bg_docs: int = 0

    @property
    def annotation_rate(self) -> float:
        """Share of the PTC documents containing the term in which it is annotated."""
        return self.docs_annotated / max(self.docs_containing, self.docs_annotated, 1)


def ptc_category(tokens: Sequence[str], technique_category: str) -> str:
    """Category of a span: ``exaggeration`` for absolutes and hyperbole in Loaded_Language spans."""
    if technique_category == "emotional" and any(t in HYPERBOLE_WORDS for t in tokens):
        return "exaggeration"
    return technique_category


def collect_ptc(path: Path, min_docs: int) -> dict[str, PtcCandidate]:
    """Recurring 1-3 token spans of the loaded techniques, with their PTC document counts."""
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    texts: list[list[str]] = []
    for record in iter_jsonl_xz(path):
        text = str(record["text"])
        doc_id = str(record["id"])
        texts.append(tokenize(text))
        spans = record["spans"]
        assert isinstance(spans, list)
        for span in spans:
            technique_category = PTC_TECHNIQUES.get(span["technique"])
            if technique_category is None:
                continue
            tokens = strip_determiners(tokenize(text[span["start"] : span["end"]]))
            if 1 <= len(tokens) <= 3 and is_clean_term(tokens, particles=True):
                category = ptc_category(tokens, technique_category)
                docs[(" ".join(tokens), category)].add(doc_id)

    per_term: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for (term, category), ids in docs.items():
        per_term[term][category] = ids
    # A term annotated under both techniques takes the category with more documents; on a tie the
    # stronger label wins (name_calling, then exaggeration, then emotional).
    strength = {"name_calling": 2, "exaggeration": 1, "emotional": 0}
    by_term: dict[str, PtcCandidate] = {}
    for term, cats in per_term.items():
        total = len(set().union(*cats.values()))
        if total >= min_docs:
            category = max(cats, key=lambda c: (len(cats[c]), strength[c]))
            by_term[term] = PtcCandidate(term, category, total)

    # How many PTC documents contain each candidate at all (annotated or not).
    wanted = {tuple(term.split()) for term in by_term}
    containing: Counter[str] = Counter()
    for tokens in texts:
        found = {
            " ".join(tokens[i : i + n])
            for n in (1, 2, 3)
            for i in range(len(tokens) - n + 1)
            if tuple(tokens[i : i + n]) in wanted
        }
        containing.update(found)
    for term, cand in by_term.items():
        cand.docs_containing = containing[term]
    return by_term


def select_ptc(
    candidates: dict[str, PtcCandidate],
    counts: AllSidesCounts,
    min_rate: float,
    max_bg_df: float,
    min_bg_docs: int,
) -> tuple[list[PtcCandidate], list[tuple[PtcCandidate, str]]]:
    """Apply the generic-word filters and the review list; return kept and (rejected, reason).

    A phrase (two or three tokens) must also occur in ``min_bg_docs`` AllSides documents: PTC holds several
    articles by the same authors, whose coinages recur there but nowhere else.
    """
    index = {tok: i for i, tok in enumerate(counts.vocab)}
    kept: list[PtcCandidate] = []
    rejected: list[tuple[PtcCandidate, str]] = []
    for term in sorted(candidates):
        cand = candidates[term]
        proper = capitalised_tokens(term.split(), counts, index)
        if proper:
            rejected.append((cand, f"capitalised: {' '.join(proper)}"))
        elif cand.annotation_rate < min_rate:
            rejected.append((cand, f"annotated in {cand.annotation_rate:.2f} of PTC docs containing it"))
        elif cand.bg_df > max_bg_df:
            rejected.append((cand, f"common in news (AllSides df {cand.bg_df:.3f})"))
        elif " " in term and cand.bg_docs < min_bg_docs:
            rejected.append((cand, f"a coinage: in {cand.bg_docs} AllSides documents"))
        elif term in PTC_EXCLUDE:
            rejected.append((cand, "review"))
        else:
            kept.append(cand)
    return kept, rejected


# ---------------------------------------------------------------------------------------------------------
# Source 2: AllSides partisan vocabulary

OUTLET_SLOTS = 1 << 8  # outlet index is stored in the low bits of a (term, outlet) key
BIGRAM_BASE = 1 << 21  # unigram ids are below this; bigram codes are (first + 1) * BIGRAM_BASE + second
REDUCE_EVERY = 2000  # documents between two reductions of the (term, outlet) key buffer


@dataclass
class AllSidesCounts:
    """Per-outlet document frequencies of uni- and bigrams, and capitalisation counts of unigrams."""

    vocab: list[str]
    outlets: list[tuple[str, str]]
    outlet_docs: np.ndarray
    keys: np.ndarray
    dfs: np.ndarray
    mid_total: np.ndarray
    mid_upper: np.ndarray
    extra_df: Counter[str]
    source_names: set[str] = field(default_factory=set)

    @property
    def n_docs(self) -> int:
        """Number of documents counted."""
        return int(self.outlet_docs.sum())

    def term(self, code: int) -> str:
        """Return the text of a uni- or bigram code."""
        if code < BIGRAM_BASE:
            return self.vocab[code]
        first, second = divmod(code, BIGRAM_BASE)
        return f"{self.vocab[first - 1]} {self.vocab[second]}"

    def upper_ratio(self, token: str, index: dict[str, int]) -> float:
        """Share of mid-sentence occurrences of ``token`` that start with a capital letter."""
        tid = index.get(token)
        if tid is None or self.mid_total[tid] == 0:
            return 0.0
        return float(self.mid_upper[tid] / self.mid_total[tid])


def outlet_of(domain: str, extract: tldextract.TLDExtract) -> str:
    """Registrable domain of a host (``politicalticker.blogs.cnn.com`` -> ``cnn.com``), with aliases."""
    parts = extract(domain)
    registrable = f"{parts.domain}.{parts.suffix}" if parts.suffix else parts.domain
    return OUTLET_ALIASES.get(registrable, registrable)


def _reduce(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniq, inverse = np.unique(keys, return_inverse=True)
    return uniq, np.bincount(inverse, weights=counts).astype(np.int64)


def count_allsides(path: Path, wanted: Iterable[str]) -> AllSidesCounts:
    """Stream the AllSides file once and count what the statistics need.

    ``wanted`` are extra terms (the PTC candidates, up to three tokens) whose corpus-wide document frequency
    is counted as well, as token sequences regardless of punctuation.
    """
    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # bundled list, no network
    wanted_tuples = {tuple(t.split()) for t in wanted}
    wanted_first = {t[0] for t in wanted_tuples}
    index: dict[str, int] = {}
    vocab: list[str] = []
    outlet_index: dict[tuple[str, str], int] = {}
    outlet_docs: Counter[int] = Counter()
    mid_total: Counter[int] = Counter()
    mid_upper: Counter[int] = Counter()
    extra_df: Counter[str] = Counter()
    source_names: set[str] = set()
    buffer: list[np.ndarray] = []
    reduced_keys: list[np.ndarray] = []
    reduced_counts: list[np.ndarray] = []

    for record in iter_jsonl_xz(path):
        domain = str(record.get("domain") or "")
        if not domain or domain in SKIP_DOMAINS:
            continue
        outlet = outlet_index.setdefault(
            (outlet_of(domain, extract), str(record["slant"])), len(outlet_index)
        )
        if outlet >= OUTLET_SLOTS:
            raise RuntimeError("too many outlets for OUTLET_SLOTS")
        outlet_docs[outlet] += 1
        if record.get("source"):
            source_names.add(str(record["source"]))

        text = str(record["text"]).replace("’", "'")
        codes: list[int] = []
        tokens: list[str] = []
        prev_id = -1
        prev_end = 0
        for match in TOKEN_RE.finditer(text):
            word = match.group()
            low = word.lower()
            tid = index.get(low)
            if tid is None:
                tid = index[low] = len(vocab)
                vocab.append(low)
            codes.append(tid)
            tokens.append(low)
            gap = text[prev_end : match.start()]
            # Adjacent tokens inside a sentence: only spaces between them (no punctuation, no line break).
            if prev_id >= 0 and (gap == " " or (gap.isspace() and "\n" not in gap)):
                codes.append((prev_id + 1) * BIGRAM_BASE + tid)
                mid_total[tid] += 1
                if word[0].isupper():
                    mid_upper[tid] += 1
            prev_id = tid
            prev_end = match.end()
        if len(vocab) >= BIGRAM_BASE:
            raise RuntimeError("vocabulary too large for BIGRAM_BASE")
        buffer.append(np.unique(np.asarray(codes, dtype=np.int64)) * OUTLET_SLOTS + outlet)

        found = set()
        for i, tok in enumerate(tokens):
            if tok in wanted_first:
                for n in (1, 2, 3):
                    gram = tuple(tokens[i : i + n])
                    if len(gram) == n and gram in wanted_tuples:
                        found.add(" ".join(gram))
        extra_df.update(found)

        if len(buffer) >= REDUCE_EVERY:
            keys = np.concatenate(buffer)
            k, c = _reduce(keys, np.ones(len(keys)))
            reduced_keys.append(k)
            reduced_counts.append(c)
            buffer = []
    if buffer:
        keys = np.concatenate(buffer)
        k, c = _reduce(keys, np.ones(len(keys)))
        reduced_keys.append(k)
        reduced_counts.append(c)
    keys, dfs = _reduce(np.concatenate(reduced_keys), np.concatenate(reduced_counts).astype(np.float64))

    def to_array(counter: Counter[int]) -> np.ndarray:
        arr = np.zeros(len(vocab), dtype=np.int64)
        for k, v in counter.items():
            arr[k] = v
        return arr

    outlets = sorted(outlet_index, key=outlet_index.__getitem__)
    return AllSidesCounts(
        vocab=vocab,
        outlets=outlets,
        outlet_docs=np.array([outlet_docs[i] for i in range(len(outlets))], dtype=np.int64),
        keys=keys,
        dfs=dfs,
        mid_total=to_array(mid_total),
        mid_upper=to_array(mid_upper),
        extra_df=extra_df,
        source_names=source_names,
    )


# Capitalised words that are not names of people, places or outlets (parties, religions, nationalities,
# coined political nouns). Other words capitalised mid-sentence in more than ``PROPER_RATIO`` of their
# occurrences make a term a name and drop it.
PROPER_RATIO = 0.6
CAPITALISED_OK = _words(
    """
    american americans christian christians democrat democratic democrats gop islam islamic islamist
    islamists jihad jihadist jihadists muslim muslims obamacare republican republicans
    """
)


def capitalised_tokens(tokens: Sequence[str], counts: AllSidesCounts, index: dict[str, int]) -> list[str]:
    """Tokens of a term that read as names: capitalised mid-sentence in most AllSides occurrences."""
    return [t for t in tokens if t not in CAPITALISED_OK and counts.upper_ratio(t, index) > PROPER_RATIO]


@dataclass
class PartisanCandidate:
    """A uni- or bigram with its Fightin' Words statistics."""

    term: str
    category: str
    z: float
    delta: float
    delta_center: float
    df: int
    y_left: float
    y_center: float
    y_right: float
    outlets_left: int
    outlets_right: int
    top_share: float
    reason: str = ""


def fightin_words(
    counts: AllSidesCounts,
    outlet_cap: float,
    prior_strength: float,
    min_df: int,
) -> list[PartisanCandidate]:
    """Log-odds ratio with an informative Dirichlet prior, left vs right, on capped per-outlet df.

    ``y[side, t]`` is the sum over the side's outlets of the document frequency of ``t`` in that outlet,
    times ``min(1, outlet_cap / documents of the outlet)``. The prior is the pooled weighted frequency of
    all three ratings, ``alpha_t = prior_strength * y[all, t]``. Monroe et al. (2008), eq. 16 and 20::

        delta_t = log((y_L + a_t) / (n_L + a_0 - y_L - a_t)) - log((y_R + a_t) / (n_R + a_0 - y_R - a_t))
        z_t = delta_t / sqrt(1 / (y_L + a_t) + 1 / (y_R + a_t))
    """
    slants = np.array([slant for _, slant in counts.outlets])
    weights = np.minimum(1.0, outlet_cap / counts.outlet_docs.astype(np.float64))
    codes = counts.keys // OUTLET_SLOTS
    outlet = counts.keys % OUTLET_SLOTS
    uniq, inverse = np.unique(codes, return_inverse=True)
    weighted = counts.dfs * weights[outlet]
    y = {}
    n_outlets = {}
    top = {}
    for side in ("left", "center", "right"):
        on_side = slants[outlet] == side
        y[side] = np.bincount(inverse, weights=weighted * on_side, minlength=len(uniq))
        n_outlets[side] = np.bincount(inverse, weights=on_side, minlength=len(uniq)).astype(np.int64)
        top[side] = np.zeros(len(uniq))
        np.maximum.at(top[side], inverse, weighted * on_side)
    raw_df = np.bincount(inverse, weights=counts.dfs, minlength=len(uniq)).astype(np.int64)

    background = y["left"] + y["center"] + y["right"]
    alpha = prior_strength * background
    alpha0 = float(alpha.sum())
    log_odds = {
        side: np.log((y[side] + alpha) / (float(y[side].sum()) + alpha0 - y[side] - alpha)) for side in y
    }
    yl, yr = y["left"], y["right"]
    delta = log_odds["left"] - log_odds["right"]
    z = delta / np.sqrt(1.0 / (yl + alpha) + 1.0 / (yr + alpha))

    result = []
    for i in np.flatnonzero(raw_df >= min_df):
        left = bool(z[i] > 0)
        side = "left" if left else "right"
        result.append(
            PartisanCandidate(
                term=counts.term(int(uniq[i])),
                category="partisan_left" if left else "partisan_right",
                z=float(z[i]),
                delta=float(delta[i]),
                delta_center=float(log_odds[side][i] - log_odds["center"][i]),
                df=int(raw_df[i]),
                y_left=float(yl[i]),
                y_center=float(y["center"][i]),
                y_right=float(yr[i]),
                outlets_left=int(n_outlets["left"][i]),
                outlets_right=int(n_outlets["right"][i]),
                top_share=float(top[side][i] / max(y[side][i], 1e-9)),
            )
        )
    return result


def select_partisan(
    candidates: list[PartisanCandidate],
    counts: AllSidesCounts,
    min_z: float,
    min_delta: float,
    min_center_delta: float,
    min_outlets: int,
    max_top_share: float,
    max_per_side: int,
) -> tuple[list[PartisanCandidate], list[PartisanCandidate]]:
    """Filter the Fightin' Words candidates; return (kept, rejected with reasons), each sorted by |z|."""
    index = {tok: i for i, tok in enumerate(counts.vocab)}
    # AllSides source names, without qualifiers: "CNN (Web News)" -> "cnn", "The Week - News" -> "the week".
    source_phrases = {normalise_term(re.sub(r"\(.*?\)| - .*$", "", name)) for name in counts.source_names}
    source_phrases.discard("")
    kept: list[PartisanCandidate] = []
    rejected: list[PartisanCandidate] = []
    pool: Counter[str] = Counter()  # candidates per side that passed the automatic filters
    for cand in sorted(candidates, key=lambda c: (-abs(c.z), c.term)):
        if abs(cand.z) < min_z or abs(cand.delta) < min_delta:
            continue
        tokens = cand.term.split()
        side_outlets = cand.outlets_left if cand.category == "partisan_left" else cand.outlets_right
        proper = capitalised_tokens(tokens, counts, index)
        if not is_clean_term(tokens) or (len(tokens) > 1 and any(t in STOPWORDS for t in tokens)):
            cand.reason = "stopword, digit, short token or outlet name"
        elif names_outlet(tokens, source_phrases):
            cand.reason = "names an outlet or author"
        elif proper:
            cand.reason = f"capitalised: {' '.join(proper)}"
        elif cand.delta_center < min_center_delta:
            cand.reason = f"no more frequent than in center-rated outlets ({cand.delta_center:.2f})"
        elif side_outlets < min_outlets:
            cand.reason = f"only {side_outlets} outlets on its side"
        elif cand.top_share > max_top_share:
            cand.reason = f"one outlet gives {cand.top_share:.2f} of its weight"
        elif pool[cand.category] >= max_per_side:
            cand.reason = "beyond the reviewed pool (--max-per-side)"
        else:
            pool[cand.category] += 1
            if cand.term in ALLSIDES_EXCLUDE:
                cand.reason = "review"
        if cand.reason:
            rejected.append(cand)
        else:
            kept.append(cand)
    return kept, rejected


# ---------------------------------------------------------------------------------------------------------
# Source 3: the hand list, merging and output


@dataclass(frozen=True)
class Entry:
    """One row of the lexicon."""

    term: str
    category: str
    source: str


def read_hand_list(path: Path) -> list[Entry]:
    """Read and check ``term<TAB>category<TAB>note`` rows (``#`` lines are comments)."""
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.reader(fh, delimiter="\t") if row and not row[0].startswith("#")]
    if not rows or rows[0][:2] != ["term", "category"]:
        raise ValueError(f"{path}: expected a 'term<TAB>category<TAB>note' header")
    for lineno, row in enumerate(rows[1:], start=2):
        term, category = row[0], row[1]
        if normalise_term(term) != term:
            raise ValueError(f"{path}: row {lineno}: {term!r} is not normalised ({normalise_term(term)!r})")
        if category not in CATEGORIES:
            raise ValueError(f"{path}: row {lineno}: unknown category {category!r}")
        if term in seen:
            raise ValueError(f"{path}: row {lineno}: {term!r} repeats row {seen[term]}")
        seen[term] = lineno
        entries.append(Entry(term, category, "hand"))
    return entries


def merge(*groups: Iterable[Entry]) -> list[Entry]:
    """Merge entry groups; a term keeps the first group's category. Sorted by category, then term."""
    chosen: dict[str, Entry] = {}
    for group in groups:
        for entry in group:
            chosen.setdefault(entry.term, entry)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(chosen.values(), key=lambda e: (order[e.category], e.term))


def render(entries: Sequence[Entry], header: Sequence[str]) -> str:
    """Return the TSV text: ``# `` header lines, the column header, one row per entry."""
    lines = [f"# {line}" if line else "#" for line in header]
    lines.append("term\tcategory\tsource")
    lines.extend(f"{e.term}\t{e.category}\t{e.source}" for e in entries)
    return "\n".join(lines) + "\n"


def header_lines(
    entries: Sequence[Entry], args: argparse.Namespace, inputs: dict[str, Path], hand_rel: str
) -> list[str]:
    """Provenance, thresholds and counts for the file header."""
    by_cat = Counter(e.category for e in entries)
    by_src = Counter(e.source for e in entries)
    lines = [
        "biasmeter loaded-terms lexicon: terms that make a news text read as loaded or partisan.",
        "Built by training/build_lexicon.py (deterministic: the same inputs give this file byte for byte).",
        f"Build date: {args.build_date}"
        if args.build_date
        else "Build date: not recorded (reproducible build).",
        "Columns: term, category (" + ", ".join(CATEGORIES) + "), source (" + ", ".join(SOURCES) + ").",
        "Terms: lower-case tokens of the regex [^\\W_]+(?:['’.-][^\\W_]+)* joined by one space;",
        "  the apostrophe ’ is written '. Match after the same tokenisation and normalisation.",
        "Sources (a term listed by several keeps the first: hand, then allsides, then ptc):",
        f"  hand: {hand_rel}, a reviewed list of well-known terms per category.",
        "  allsides: AllSides corpus, train split (Baly et al., 'We Can Detect Your Bias: Predicting the",
        "    Political Ideology of News Articles', EMNLP 2020; Apache-2.0), left- vs right-rated articles,",
        "    weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn,",
        "    'Fightin' Words', Political Analysis 2008) on per-outlet document frequencies, then reviewed.",
        "  ptc: Propaganda Techniques Corpus (Da San Martino et al., 'SemEval-2020 Task 11: Detection of",
        "    Propaganda Techniques in News Articles', SemEval 2020), spans Loaded_Language -> emotional or",
        "    exaggeration, Name_Calling,Labeling -> name_calling, then reviewed by hand.",
        "Input files (sha256 prefix): "
        + ", ".join(f"{name} {sha256_prefix(path)}" for name, path in sorted(inputs.items())),
        f"Thresholds: allsides outlet_cap={args.outlet_cap:g} min_outlets={args.min_outlets}"
        f" min_z={args.min_z:g} min_delta={args.min_delta:g} min_center_delta={args.min_center_delta:g}"
        f" prior_strength={args.prior_strength:g} min_df={args.min_df}"
        f" max_top_share={args.max_top_share:g} max_per_side={args.max_per_side};"
        f" ptc min_docs={args.ptc_min_docs} min_rate={args.ptc_min_rate:g} max_bg_df={args.ptc_max_bg_df:g}"
        f" min_bg_docs={args.ptc_min_bg_docs};"
        f" proper-noun capitalisation ratio > {PROPER_RATIO:g}.",
        "Counts: "
        + ", ".join(f"{c} {by_cat[c]}" for c in CATEGORIES)
        + f"; total {len(entries)}; by source: "
        + ", ".join(f"{s} {by_src[s]}" for s in SOURCES)
        + ".",
    ]
    return lines


def write_dumps(
    dump_dir: Path,
    ptc_kept: Sequence[PtcCandidate],
    ptc_rejected: Sequence[tuple[PtcCandidate, str]],
    partisan_kept: Sequence[PartisanCandidate],
    partisan_rejected: Sequence[PartisanCandidate],
) -> None:
    """Write the candidate tables used for the review (not shipped)."""
    dump_dir.mkdir(parents=True, exist_ok=True)
    with (dump_dir / "ptc_candidates.tsv").open("w", encoding="utf-8") as fh:
        fh.write("term\tcategory\tdocs_annotated\tdocs_containing\trate\tbg_df\tstatus\n")
        rows = [(c, "kept") for c in ptc_kept] + list(ptc_rejected)
        for cand, status in sorted(rows, key=lambda r: (r[0].category, r[0].term)):
            fh.write(
                f"{cand.term}\t{cand.category}\t{cand.docs_annotated}\t{cand.docs_containing}\t"
                f"{cand.annotation_rate:.2f}\t{cand.bg_df:.4f}\t{status}\n"
            )
    with (dump_dir / "allsides_candidates.tsv").open("w", encoding="utf-8") as fh:
        fh.write(
            "term\tcategory\tz\tdelta\tdf\ty_left\ty_center\ty_right\toutlets_l\toutlets_r\ttop\tstatus\n"
        )
        cands = sorted([*partisan_kept, *partisan_rejected], key=lambda c: (c.category, -abs(c.z), c.term))
        for c in cands:
            fh.write(
                f"{c.term}\t{c.category}\t{c.z:.2f}\t{c.delta:.2f}\t{c.df}\t{c.y_left:.1f}\t{c.y_center:.1f}\t"
                f"{c.y_right:.1f}\t{c.outlets_left}\t{c.outlets_right}\t{c.top_share:.2f}\t"
                f"{c.reason or 'kept'}\n"
            )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="the shared data folder")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the lexicon TSV to write")
    parser.add_argument("--hand-list", type=Path, default=DEFAULT_HAND_LIST, help="the reviewed hand list")
    parser.add_argument("--build-date", default=None, help="date to record in the header (default: none)")
    parser.add_argument("--dump-dir", type=Path, default=None, help="write candidate tables for review here")
    parser.add_argument("--outlet-cap", type=float, default=300.0, help="max effective documents per outlet")
    parser.add_argument("--min-outlets", type=int, default=8, help="outlets on its side that use a term")
    parser.add_argument("--min-z", type=float, default=1.5, help="min |z| of the log-odds ratio")
    parser.add_argument("--min-delta", type=float, default=0.5, help="min |log-odds ratio| (effect size)")
    parser.add_argument(
        "--min-center-delta", type=float, default=0.0, help="min log-odds ratio of its side vs center"
    )
    parser.add_argument("--prior-strength", type=float, default=0.1, help="Dirichlet prior scale")
    parser.add_argument("--min-df", type=int, default=30, help="min documents using an AllSides term")
    parser.add_argument("--max-top-share", type=float, default=0.5, help="max weight share of one outlet")
    parser.add_argument("--max-per-side", type=int, default=400, help="reviewed candidates per side")
    parser.add_argument("--ptc-min-docs", type=int, default=2, help="min PTC documents annotating a span")
    parser.add_argument("--ptc-min-rate", type=float, default=0.25, help="min annotated share in PTC")
    parser.add_argument("--ptc-max-bg-df", type=float, default=0.05, help="max AllSides document frequency")
    parser.add_argument("--ptc-min-bg-docs", type=int, default=3, help="min AllSides documents of a phrase")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    ptc_path = args.data_dir / PTC_PATH
    allsides_path = args.data_dir / ALLSIDES_PATH

    ptc_candidates = collect_ptc(ptc_path, args.ptc_min_docs)
    print(f"ptc: {len(ptc_candidates)} recurring spans", file=sys.stderr)

    counts = count_allsides(allsides_path, ptc_candidates)
    print(
        f"allsides: {counts.n_docs} documents, {len(counts.outlets)} outlet x rating units, "
        f"{len(counts.vocab)} word types ({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )
    for term, cand in ptc_candidates.items():
        cand.bg_docs = counts.extra_df[term]
        cand.bg_df = cand.bg_docs / counts.n_docs
    ptc_kept, ptc_rejected = select_ptc(
        ptc_candidates, counts, args.ptc_min_rate, args.ptc_max_bg_df, args.ptc_min_bg_docs
    )

    candidates = fightin_words(counts, args.outlet_cap, args.prior_strength, args.min_df)
    partisan_kept, partisan_rejected = select_partisan(
        candidates,
        counts,
        args.min_z,
        args.min_delta,
        args.min_center_delta,
        args.min_outlets,
        args.max_top_share,
        args.max_per_side,
    )
    if args.dump_dir is not None:
        write_dumps(args.dump_dir, ptc_kept, ptc_rejected, partisan_kept, partisan_rejected)

    hand = read_hand_list(args.hand_list)
    entries = merge(
        hand,
        (Entry(c.term, c.category, "allsides") for c in partisan_kept),
        (Entry(c.term, c.category, "ptc") for c in ptc_kept),
    )
    try:
        hand_rel = str(args.hand_list.resolve().relative_to(REPO_ROOT))
    except ValueError:
        hand_rel = args.hand_list.name
    inputs = {
        "allsides/train.jsonl.xz": allsides_path,
        "reliability/ptc-2020-propaganda-spans.jsonl.xz": ptc_path,
        hand_rel: args.hand_list,
    }
    text = render(entries, header_lines(entries, args, inputs, hand_rel))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(text.encode("utf-8"))

    table: dict[str, Counter[str]] = defaultdict(Counter)
    for e in entries:
        table[e.category][e.source] += 1
    print(f"wrote {args.output} ({len(entries)} terms, {len(text.encode('utf-8'))} bytes)")
    print(f"{'category':<16}" + "".join(f"{s:>10}" for s in SOURCES) + f"{'total':>10}")
    for c in CATEGORIES:
        print(f"{c:<16}" + "".join(f"{table[c][s]:>10}" for s in SOURCES) + f"{sum(table[c].values()):>10}")
    print(f"elapsed {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
