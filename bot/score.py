"""How similar a question is to a phrasing: weighted words first, characters second.

Plain character similarity over whole sentences lets a shared "what was" outweigh
the one word that matters ("replaced", "troops"). So words are weighted by how
well they tell intents apart (inverse intent frequency), misspelt words are first
mapped to the known word rapidfuzz finds closest, and the weighted word overlap
(an F1 of the question's and the phrasing's words) is blended with rapidfuzz's
order-insensitive character similarity, which still rewards near-identical wording.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.closest import Choices
from bot.stems import stemmer

# Share of the score that comes from weighted word overlap; the rest is rapidfuzz's
# token_sort_ratio. Word overlap carries the meaning, characters the near-misses.
WORD_SHARE = 0.7
CHAR_SHARE = 1 - WORD_SHARE
# A misspelt word is taken for the closest known word at this rapidfuzz ratio or more
# ("lauched" -> "launched", "allignment" -> "alignment").
TYPO_CUTOFF = 82
TYPO_MIN_CHARS = 4
# Words the bot has never seen weigh this much: enough that "weather" in "what is the
# weather in skopje" pulls the score down, not so much that one chatty word sinks a
# real question.
UNKNOWN_WEIGHT = 4.0
# Chatty padding ("hey", "quick question", knowledge/language.yaml `padding`) carries
# almost no meaning in any intent.
PADDING_WEIGHT = 0.15


class WordWeights:
    """Word stems weighted by inverse intent frequency, and a typo map to known words.

    Words are compared by their Snowball stem, so "commands", "commander" and
    "commanded" meet, as do "contributes" and "contributions".
    """

    def __init__(self, phrasings: Iterable[tuple[str, str]], *, padding: frozenset[str]) -> None:
        self.padding = padding
        self._canonical: dict[str, str] = {}
        self._stems: dict[str, str] = {}
        intents_of: dict[str, set[str]] = defaultdict(set)
        intents: set[str] = set()
        raw_words: set[str] = set()
        for text, intent in phrasings:
            intents.add(intent)
            for word in text.split():
                raw_words.add(word)
                intents_of[self._stem(word)].add(intent)
        total = max(1, len(intents))
        self.weight = {w: math.log(1 + total / len(ids)) for w, ids in intents_of.items()}
        self._raw = raw_words
        # Sorted: extractOne breaks ties by position, and set order changes from run to run.
        self._known = Choices(sorted(w for w in raw_words if len(w) >= TYPO_MIN_CHARS and not w.startswith("{")))

    def _stem(self, word: str) -> str:
        if word.startswith("{") or word in self.padding:
            return word
        stem = self._stems.get(word)
        if stem is None:  # a base repeats its words many times: stem each once
            if len(self._stems) > 200_000:
                self._stems.clear()
            stem = self._stems[word] = stemmer("english").stemWord(word)
        return stem

    def canonical(self, word: str) -> str:
        """The stem of the word, or of the closest known word when it looks misspelt."""
        cached = self._canonical.get(word)
        if cached is not None:
            return cached
        target = word
        if word not in self._raw and len(word) >= TYPO_MIN_CHARS and self._stem(word) not in self.weight:
            best = self._known.best(word, TYPO_CUTOFF)
            if best is not None:
                target = best[0]
        result = self._canonical[word] = self._stem(target)
        if len(self._canonical) > 100_000:  # bounded: questions can bring endless new words
            self._canonical.clear()
        return result

    def is_unknown(self, word: str) -> bool:
        """True for a content word no phrasing uses, even misspelt (not padding, not a number)."""
        return word not in self.padding and not word.isdigit() and self.canonical(word) not in self.weight

    def words(self, text: str) -> list[str]:
        return [self.canonical(w) for w in text.split()]

    def of(self, word: str) -> float:
        if word in self.padding:
            return PADDING_WEIGHT
        return self.weight.get(word, UNKNOWN_WEIGHT)


@dataclass(frozen=True, slots=True)
class Reading:
    """A question form's distinct canonical words with their weights, and its total;
    `text` is the form with its words sorted (see `blended`)."""

    text: str
    weights: Mapping[str, float]
    total: float

    @classmethod
    def of(cls, text: str, words: Sequence[str], weights: WordWeights) -> Reading:
        distinct = {w: weights.of(w) for w in words}
        return cls(token_sorted(text), distinct, sum(distinct.values()))


@dataclass(frozen=True, slots=True)
class Weighed:
    """A phrasing's distinct canonical words and their total weight, worked out at load.
    Only which words it has matters in a comparison (the question's weights are used),
    so a set is kept, not a mapping: a large base holds many of these. `text` is the
    phrasing with its words sorted (see `blended`), once at load, not at every score."""

    text: str
    words: frozenset[str]
    total: float

    @classmethod
    def of(cls, text: str, words: Sequence[str], weights: WordWeights) -> Weighed:
        distinct = frozenset(words)
        return cls(token_sorted(text), distinct, sum(map(weights.of, distinct)))


def weighted_f1(question: Reading, phrasing: Weighed) -> float:
    """F1 of weighted word overlap: with shared weight S, precision S/Q and recall S/P,
    2PR/(P+R) is 2S/(Q+P)."""
    mine = question.weights
    shared = sum(map(mine.__getitem__, phrasing.words.intersection(mine)))
    return 2 * shared / (question.total + phrasing.total) if shared else 0.0


def blended(question: Reading, phrasing: Weighed) -> float:
    """The score in [0, 1] used to rank intents."""
    words = weighted_f1(question, phrasing)
    # rapidfuzz's token_sort_ratio is the ratio of the two texts with their words sorted:
    # both were sorted when read, so each of the many comparisons skips splitting and sorting.
    chars = fuzz.ratio(question.text, phrasing.text) / 100.0
    return WORD_SHARE * words + CHAR_SHARE * chars


def token_sorted(text: str) -> str:
    """The text's words in sorted order, as fuzz.token_sort_ratio compares them (the text
    itself when already sorted: one string, not two, in a large base)."""
    ordered = " ".join(sorted(text.split()))
    return text if ordered == text else ordered
