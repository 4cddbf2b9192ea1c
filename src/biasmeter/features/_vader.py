"""VADER sentence scores, computed only where the lexicon has something to say.

``vaderSentiment`` 3.3.2 walks every word of a sentence through several helper calls, each of which
lower-cases the whole sentence again, and rebuilds the sentence character by character to translate
emoji. That makes it the slowest part of feature extraction by far. The rules below are VADER's own,
applied in the same order to the same tokens, but only at the positions of lexicon words: all other words
contribute a neutral zero, exactly as in VADER. Most sentences need no rule at all, which one remembered
look-up per token tells: their lexicon words keep their valences. Emoji are put into words as VADER does,
and the ``but`` rule keeps VADER's order-dependent quirks; both take time in proportion to the sentence
(VADER's own take time in proportion to its square: a long line of text with an emoji in it took minutes).
``tests/features/test_vader.py`` checks that every score equals
``SentimentIntensityAnalyzer().polarity_scores`` on real sentences and on generated ones.
"""

from __future__ import annotations

import math
import string
from functools import cache
from heapq import heappop, heappush
from itertools import compress
from typing import Any

from vaderSentiment import vaderSentiment as _vs

from biasmeter.features._memo import Memo

__all__ = ["SentenceScorer"]

_PUNCTUATION = string.punctuation
_NEGATIONS = frozenset(_vs.NEGATE)
# VADER's multi-word idioms and boosters can only match where all their words are present, so each is
# recognised by its uncommon words: a lexicon word with none of them nearby cannot be part of one. The
# common words ("the", "of", "to"...) are next to nearly every lexicon word and would rule nothing out.
_COMMON_IDIOM_WORDS = frozenset({"the", "of", "to", "for", "just", "right", "bad", "stop"})
_IDIOMS = [phrase.split() for phrase in [*_vs.SPECIAL_CASES, *_vs.BOOSTER_DICT] if " " in phrase]
_IDIOM_WORDS = frozenset(word for words in _IDIOMS for word in words if word not in _COMMON_IDIOM_WORDS)
# Every word that any of VADER's context rules looks for. A lexicon word with none of these within three
# words before or two after it, not itself in capitals, in a sentence without "n't", keeps its lexicon
# valence unchanged. ("at" and "or" matter only next to "least" and "no", which are in the set.)
_CONTEXT_WORDS = (
    _IDIOM_WORDS
    | _NEGATIONS
    | frozenset(_vs.BOOSTER_DICT)
    | frozenset({"no", "never", "without", "doubt", "so", "this", "least", "very", "nor"})
)
# A sentence with none of these words, no "n't", no emoji and no lexicon word in capitals needs no rule at
# all: every lexicon word keeps its valence. ("but" rescales the whole sentence; "kind of" is a booster.)
_RULE_WORDS = _CONTEXT_WORDS | {"but", "kind"}
# What the remembered valence of a token is when its sentence may need the rules. Lexicon valences are
# finite, so an infinite one cannot be mistaken for one of them.
_NEEDS_RULES = math.inf
# VADER rounds its scores, and equality with it includes the rounding: shares to 3 digits, compound to 4.
_SHARE_DIGITS = 3
_COMPOUND_DIGITS = 4
# Raw tokens repeat heavily across news text; bounding the cache keeps memory flat on endless streams.
_TOKEN_CACHE_LIMIT = 200_000


def _is_negation(word_lower: str) -> bool:
    return word_lower in _NEGATIONS or "n't" in word_lower


def _strip_punctuation_if_word(token: str) -> str:
    stripped = token.strip(_PUNCTUATION)
    return token if len(stripped) <= 2 else stripped


def _lowered_word(token: str) -> str:
    return _strip_punctuation_if_word(token).lower()


@cache
def _analyzer() -> Any:
    return _vs.SentimentIntensityAnalyzer()


class SentenceScorer:
    """Score sentences exactly as ``SentimentIntensityAnalyzer().polarity_scores`` does, faster.

    Examples
    --------
    >>> scorer = SentenceScorer()
    >>> scorer.polarity_scores("The plan is a disaster, critics said.")
    {'neg': 0.558, 'neu': 0.442, 'pos': 0.0, 'compound': -0.743}
    """

    def __init__(self) -> None:
        analyzer = _analyzer()
        self._lexicon: dict[str, float] = analyzer.lexicon
        # VADER replaces each emoji (a single character; it never reads longer keys) by its description.
        self._emoji_descriptions: dict[str, str] = {
            key: description for key, description in analyzer.emojis.items() if len(key) == 1
        }
        self._emoji = frozenset(self._emoji_descriptions)
        self._lowered_tokens = Memo(_lowered_word, _TOKEN_CACHE_LIMIT)
        self._plain_valences = Memo(self._plain_valence, _TOKEN_CACHE_LIMIT)

    def polarity_scores(self, sentence: str) -> dict[str, float]:
        """Return VADER's ``neg``, ``neu``, ``pos`` and ``compound`` for one sentence, rounded like VADER."""
        tokens = sentence.split()
        nonzero = self._nonzero_sentiments(sentence, tokens)
        if nonzero is None:
            sentence, tokens, nonzero = self._emoji_in_words(sentence)
        if not tokens:
            # VADER gives a sentence without words 0 throughout, not the 1.0 "neu" of a neutral one.
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        negative, neutral, positive, compound = _unrounded_scores(nonzero, len(tokens), sentence)
        return {
            "neg": round(negative, _SHARE_DIGITS),
            "neu": round(neutral, _SHARE_DIGITS),
            "pos": round(positive, _SHARE_DIGITS),
            "compound": round(compound, _COMPOUND_DIGITS),
        }

    def compounds_and_negatives(self, sentences: list[str]) -> tuple[list[float], list[float]]:
        """Return ``compound`` and ``neg`` of every sentence as `polarity_scores` gives them.

        Neither the other two scores nor a dict per sentence is made: an article's sentences need only these.

        Examples
        --------
        >>> SentenceScorer().compounds_and_negatives(["The plan is a disaster, critics said.", "It rained."])
        ([-0.743, 0.0], [0.558, 0.0])
        """
        compounds = []
        negatives = []
        for sentence in sentences:
            tokens = sentence.split()
            nonzero = self._nonzero_sentiments(sentence, tokens)
            if nonzero is None:
                sentence, tokens, nonzero = self._emoji_in_words(sentence)
            if nonzero:
                negative, _, _, compound = _unrounded_scores(nonzero, len(tokens), sentence)
                compound, negative = round(compound, _COMPOUND_DIGITS), round(negative, _SHARE_DIGITS)
            else:
                # A third of news sentences have no valence: neutral (or empty) to VADER, 0 in both scores.
                compound = negative = 0.0
            compounds.append(compound)
            negatives.append(negative)
        return compounds, negatives

    def _plain_valence(self, token: str) -> float:
        # What `_plain_valences` remembers of a token: its lexicon valence (0 outside the lexicon), or
        # _NEEDS_RULES if it may bring a rule into play in its sentence.
        word = _lowered_word(token)
        # VADER's emoji are all outside ASCII, and a str knows whether it is ASCII without a scan.
        if word in _RULE_WORDS or "n't" in word or not (token.isascii() or self._emoji.isdisjoint(token)):
            return _NEEDS_RULES
        valence = self._lexicon.get(word, 0.0)
        return _NEEDS_RULES if valence and token.isupper() else valence

    def _emoji_in_words(self, sentence: str) -> tuple[str, list[str], list[float]]:
        # The sentence as VADER scores one with emoji, each replaced by its description (apart from the
        # word before it unless a plain space comes first) and white space stripped; its tokens, and their
        # non-zero sentiments.
        descriptions = self._emoji_descriptions
        parts = []
        after_space = True
        for character in sentence:
            description = descriptions.get(character)
            if description is None:
                parts.append(character)
                after_space = character == " "
            else:
                if not after_space:
                    parts.append(" ")
                parts.append(description)
                after_space = False
        in_words = "".join(parts).strip()
        tokens = in_words.split()
        nonzero = self._nonzero_sentiments(in_words, tokens)
        # Descriptions are words: nothing is left to put into words.
        assert nonzero is not None
        return in_words, tokens, nonzero

    def _nonzero_sentiments(self, sentence: str, tokens: list[str]) -> list[float] | None:
        # VADER's non-zero word sentiments in order, or None for a sentence with emoji (which VADER puts into
        # words before scoring). Zeros would change no sum and only count as neutral words.
        valences = list(filter(None, map(self._plain_valences.__getitem__, tokens)))
        if _NEEDS_RULES not in valences:
            return valences
        # VADER's emoji are all outside ASCII, and a str knows whether it is ASCII without a scan.
        if not sentence.isascii() and not self._emoji.isdisjoint(sentence):
            return None
        lowered = self._lowered_tokens.lookup_all(tokens)
        hits = list(compress(range(len(lowered)), map(self._lexicon.__contains__, lowered)))
        # Only lexicon words can carry a valence, and the "but" rule only rescales them.
        return self._rule_sentiments(tokens, lowered, hits) if hits else []

    def _rule_sentiments(self, tokens: list[str], lowered: list[str], hits: list[int]) -> list[float]:
        valences: list[float] = []
        boosters = _vs.BOOSTER_DICT
        lexicon = self._lexicon
        last = len(tokens) - 1
        # "n't" negates like "not" in any case ("MAYN'T" too), as VADER looks for it in lower-cased words
        # (the spaces that join them cannot make one); capital emphasis matters only for an upper-case word
        # in a sentence that is not all capitals, so the count of capitals waits until such a word turns up.
        negated = "n't" in " ".join(lowered)
        cap_differential: bool | None = None
        for i in hits:
            word = lowered[i]
            if word in boosters or (word == "kind" and i < last and lowered[i + 1] == "of"):
                valences.append(0.0)
            elif (
                not negated
                and not tokens[i].isupper()
                and _CONTEXT_WORDS.isdisjoint(lowered[max(0, i - 3) : i + 3])
            ):
                valences.append(lexicon[word])
            else:
                if cap_differential is None:
                    n_upper = sum(map(str.isupper, tokens))
                    cap_differential = 0 < len(tokens) - n_upper < len(tokens)
                valences.append(self._valence(tokens, lowered, i, cap_differential))
        if "but" in lowered:
            _but_rule(valences, hits, lowered.index("but"))
        return [value for value in valences if value]

    def _valence(self, tokens: list[str], lowered: list[str], i: int, cap_differential: bool) -> float:
        # VADER's sentiment_valence, reading the lower-cased words once instead of rebuilding them per rule.
        lexicon = self._lexicon
        word = lowered[i]
        valence = lexicon[word]
        if word == "no" and i != len(tokens) - 1 and lowered[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lowered[i - 1] == "no")
            or (i > 1 and lowered[i - 2] == "no")
            or (i > 2 and lowered[i - 3] == "no" and lowered[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[word] * _vs.N_SCALAR
        if cap_differential and tokens[i].isupper():
            valence = valence + _vs.C_INCR if valence > 0 else valence - _vs.C_INCR
        for start_i in range(3):
            if i > start_i and lowered[i - (start_i + 1)] not in lexicon:
                preceding = i - (start_i + 1)
                scalar = self._booster_scalar(
                    tokens[preceding], lowered[preceding], valence, cap_differential
                )
                if start_i == 1 and scalar != 0:
                    scalar = scalar * 0.95
                if start_i == 2 and scalar != 0:
                    scalar = scalar * 0.9
                valence = valence + scalar
                valence = _negation(valence, lowered, start_i, i)
                if start_i == 2 and not _IDIOM_WORDS.isdisjoint(lowered[i - 3 : i + 3]):
                    valence = _special_idioms(valence, lowered, i)
        return _least(valence, lowered, i, lexicon)

    @staticmethod
    def _booster_scalar(token: str, lower: str, valence: float, cap_differential: bool) -> float:
        scalar = _vs.BOOSTER_DICT.get(lower)
        if scalar is None:
            return 0.0
        if valence < 0:
            scalar *= -1
        if cap_differential and _strip_punctuation_if_word(token).isupper():
            scalar = scalar + _vs.C_INCR if valence > 0 else scalar - _vs.C_INCR
        return float(scalar)


def _negation(valence: float, lowered: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _is_negation(lowered[i - 1]):
            valence = valence * _vs.N_SCALAR
    elif start_i == 1:
        if lowered[i - 2] == "never" and lowered[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lowered[i - 2] == "without" and lowered[i - 1] == "doubt":
            pass
        elif _is_negation(lowered[i - 2]):
            valence = valence * _vs.N_SCALAR
    else:
        if (lowered[i - 3] == "never" and lowered[i - 2] in ("so", "this")) or lowered[i - 1] in (
            "so",
            "this",
        ):
            valence = valence * 1.25
        elif lowered[i - 3] == "without" and "doubt" in (lowered[i - 2], lowered[i - 1]):
            pass
        elif _is_negation(lowered[i - 3]):
            valence = valence * _vs.N_SCALAR
    return valence


def _special_idioms(valence: float, lowered: list[str], i: int) -> float:
    special = _vs.SPECIAL_CASES
    one_zero = f"{lowered[i - 1]} {lowered[i]}"
    two_one_zero = f"{lowered[i - 2]} {lowered[i - 1]} {lowered[i]}"
    two_one = f"{lowered[i - 2]} {lowered[i - 1]}"
    three_two_one = f"{lowered[i - 3]} {lowered[i - 2]} {lowered[i - 1]}"
    three_two = f"{lowered[i - 3]} {lowered[i - 2]}"
    for sequence in (one_zero, two_one_zero, two_one, three_two_one, three_two):
        if sequence in special:
            valence = special[sequence]
            break
    if len(lowered) - 1 > i:
        zero_one = f"{lowered[i]} {lowered[i + 1]}"
        if zero_one in special:
            valence = special[zero_one]
    if len(lowered) - 1 > i + 1:
        zero_one_two = f"{lowered[i]} {lowered[i + 1]} {lowered[i + 2]}"
        if zero_one_two in special:
            valence = special[zero_one_two]
    for n_gram in (three_two_one, three_two, two_one):
        if n_gram in _vs.BOOSTER_DICT:
            valence = valence + _vs.BOOSTER_DICT[n_gram]
    return valence


def _least(valence: float, lowered: list[str], i: int, lexicon: dict[str, float]) -> float:
    if i > 1 and lowered[i - 1] not in lexicon and lowered[i - 1] == "least":
        if lowered[i - 2] not in ("at", "very"):
            valence = valence * _vs.N_SCALAR
    elif i > 0 and lowered[i - 1] not in lexicon and lowered[i - 1] == "least":
        valence = valence * _vs.N_SCALAR
    return valence


def _but_rule(valences: list[float], positions: list[int], but_position: int) -> None:
    # VADER's _but_check, on the words at ``positions`` only: all other words have sentiment 0, which it can
    # only rescale to 0, and a non-zero sentiment never equals a zero one. Sentiments before the first "but"
    # are halved and those after it gain half, in place; VADER finds each one by value (list.index), so one
    # equal to an earlier sentiment (as rescaled so far) rescales that earlier one instead, as here. A
    # list.index per sentiment takes time in the square of their number, so the first place of each value
    # comes from a heap of the places that have held it, those that no longer do dropped as they surface.
    places: dict[float, list[int]] = {}
    for place, valence in enumerate(valences):
        places.setdefault(valence, []).append(place)
    for valence in valences:
        held = places[valence]
        while valences[held[0]] != valence:
            heappop(held)
        first = held[0]
        if positions[first] < but_position:
            rescaled = valence * 0.5
        elif positions[first] > but_position:
            rescaled = valence * 1.5
        else:
            continue
        valences[first] = rescaled
        heappush(places.setdefault(rescaled, []), first)


def _unrounded_scores(nonzero: list[float], n_tokens: int, text: str) -> tuple[float, float, float, float]:
    # VADER's score_valence before rounding (neg, neu, pos, compound), given only the non-zero sentiments
    # of a sentence with words, in order: adding zeros changes no float sum, and the non-zero terms are
    # added in the same order, so every result is identical.
    total_sentiment = float(sum(nonzero))
    questions = text.count("?")
    emphasis = min(text.count("!"), 4) * 0.292 + (
        0 if questions <= 1 else questions * 0.18 if questions <= 3 else 0.96
    )
    if total_sentiment > 0:
        total_sentiment += emphasis
    elif total_sentiment < 0:
        total_sentiment -= emphasis
    compound = _vs.normalize(total_sentiment)
    positive = negative = 0.0
    for value in nonzero:
        if value > 0:
            positive += float(value) + 1
        else:
            negative += float(value) - 1
    if positive > math.fabs(negative):
        positive += emphasis
    elif positive < math.fabs(negative):
        negative -= emphasis
    neutral = n_tokens - len(nonzero)
    total = positive + math.fabs(negative) + neutral
    return math.fabs(negative / total), math.fabs(neutral / total), math.fabs(positive / total), compound
