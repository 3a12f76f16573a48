"""Score a question against every intent's phrasings with rapidfuzz.

Two stages: the phrasings that share most words with the question are found first
(in a base of the real size, every phrasing's overlap at once with numpy; in a large
one, through an index of word pairs), and the scorer then scores only those.
`FullScanMatcher` scores every phrasing and is the reference the indexed matcher must
agree with (tests/test_match.py, `bot bench`).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import fsum
from typing import Any

from bot.score import Reading, Weighed, WordWeights, blended

SLOT_PATTERN = re.compile(r"\{(mission|partner|topic)\}")

# How many phrasings the index hands to the exact scorer, which costs some 15 us a
# phrasing. On the synthetic bases and the evaluation set (tests/test_match.py,
# `bot bench`) even 8 gave the full scan's answers to every question; 16 is the margin.
CANDIDATE_LIMIT = 16
# Below this many phrasings the word overlap of every phrasing is worked out at once
# (numpy: some 0.1 ms at the real size). Above it, the postings of the commonest words
# are so long that the pair index below narrows the field first.
SMALL_BASE = 20_000
# In a large base: how many picked phrasings the cheap word-overlap estimate ranks to
# choose those, with the LIGHTEST phrasings of each of the question's words (short
# phrasings share few pairs with a question yet may overlap it best). At 100,000
# phrasings 64 missed the full scan's answer once in 150 questions and 96 never; 128 is
# the margin.
SHORTLIST = 128
LIGHTEST = 4
# Words found in more than this share of intents ("what", "the", "{mission}") join no
# pair and pick nothing on their own, unless nothing else does: they would hand the
# scorer most of a large knowledge base. In a smaller one no posting is that long, and
# "european" or "how", in a fifth of 150 intents, still weigh in the score: a word must
# also be in more than MIN_COMMON_INTENTS intents to count as common. (At 30, three of
# 1,500 evaluation questions got another answer than the full scan's; at 60, none.)
COMMON_WORD_SHARE = 0.15
MIN_COMMON_INTENTS = 100
# A word or pair picks at most this many phrasings, the lightest first: a key found
# in thousands of phrasings says little about any one of them. Pairs are specific,
# so they may pick more; a word alone mainly finds short phrasings ("{mission} budget").
PAIR_POSTING_CAP = 256
WORD_POSTING_CAP = 48
# Transitional: knowledge/language.yaml `padding`, for an engine that does not yet pass
# `padding=kb.language.padding`. Remove (and make `padding` required) once it does.


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One example of an intent, normalised and with entity mentions abstracted (slots:
    no dictionary per phrasing, some 100 bytes each in a base of 100,000)."""

    text: str
    intent: str


@dataclass(frozen=True)
class Candidate:
    """The best phrasing of one intent for a question, and its similarity in [0, 1]."""

    intent: str
    score: float
    phrasing: str


class FullScanMatcher:
    """Scores every phrasing: simple, exact, and slow on large knowledge bases."""

    def __init__(self, phrasings: Sequence[Phrasing], *, padding: frozenset[str]) -> None:
        self.phrasings = list(phrasings)
        exact: dict[str, list[int]] = defaultdict(list)
        for index, phrasing in enumerate(self.phrasings):
            exact[phrasing.text].append(index)
        self.exact = {text: tuple(ids) for text, ids in exact.items()}  # tuples: smaller than lists
        self.weights = WordWeights(((p.text, p.intent) for p in self.phrasings), padding=padding)
        self.weighed = [Weighed.of(p.text, self.weights.words(p.text), self.weights) for p in self.phrasings]

    def candidate_ids(self, forms: Sequence[str]) -> Iterable[int]:
        return range(len(self.phrasings))

    def rank(self, forms: Sequence[str]) -> list[Candidate]:
        """Best candidate per intent, best first. Exact matches score 1.0."""
        best: dict[str, Candidate] = {}
        for form in forms:
            for index in self.exact.get(form, ()):
                phrasing = self.phrasings[index]
                best[phrasing.intent] = Candidate(phrasing.intent, 1.0, phrasing.text)
        if best:
            return sorted(best.values(), key=lambda c: -c.score)
        readings = [Reading.of(form, self.weights.words(form), self.weights) for form in forms]
        only = readings[0] if len(readings) == 1 else None  # most questions: no max over readings
        phrasings, weighed = self.phrasings, self.weighed  # hot loop: no attribute look-ups
        best_of: dict[str, tuple[float, str]] = {}  # intent -> (score, phrasing): a Candidate at the end
        for index in self.candidate_ids(forms):
            phrasing = phrasings[index]
            score = blended(only, weighed[index]) if only is not None else \
                max(blended(reading, weighed[index]) for reading in readings)
            current = best_of.get(phrasing.intent)
            if current is None or score > current[0]:
                best_of[phrasing.intent] = (score, phrasing.text)
        ranked = [Candidate(intent, score, text) for intent, (score, text) in best_of.items()]
        return sorted(ranked, key=lambda c: (-c.score, c.intent))


class IndexedMatcher(FullScanMatcher):
    """Narrows the field to the phrasings whose weighted word overlap with the question
    (the F1 the score starts from) is highest; `FullScanMatcher.rank` scores only the best
    `limit` of them.

    The index speaks the scorer's language: it is built on the same canonical words
    (stems, typos mapped), so whatever the question shares with a phrasing in the score,
    it shares in the index. Below SMALL_BASE phrasings the overlap of every phrasing is
    summed at once from each word's postings (numpy). Above it, in three steps, each
    cheaper per phrasing than the next:

    1. pick: phrasings sharing a pair of informative words with the question (word
       order ignored, one word may sit between, so a dropped or swapped word still
       leaves pairs), plus, per word, the few phrasings where that word weighs most
       (which finds short phrasings such as "{mission} budget");
    2. shortlist: the most often picked, and each word's lightest phrasings, ranked
       by their weighted word overlap with the question;
    3. score: the best `limit` of those.
    """

    def __init__(self, phrasings: Sequence[Phrasing], *, limit: int = CANDIDATE_LIMIT,
                 padding: frozenset[str]) -> None:
        super().__init__(phrasings, padding=padding)
        self.limit = limit
        self.small = len(self.phrasings) < SMALL_BASE
        self.phrasing_weight = array("d", (weighed.total for weighed in self.weighed))
        if self.small:
            # numpy only here: a large base never loads it (some 15 MB, near its memory limit)
            import numpy

            self.totals = numpy.array(self.phrasing_weight)
            self.postings = {word: numpy.frombuffer(ids, dtype=numpy.int32) for word, ids in self._postings(
                ((i, w.words) for i, w in enumerate(self.weighed)), len(self.phrasings)).items()}
            # Each posting's word weight, once per phrasing: a question's shared weights are then
            # concatenated, not repeated from lists at every question (some 100 KB).
            self.posting_weights = {word: numpy.full(len(ids), self.weights.of(word))
                                    for word, ids in self.postings.items()}
            return
        # In order, for the pairs; only needed while the index is built.
        words = [self.weights.words(p.text) for p in self.phrasings]
        self.common = self._common_words(words)
        self.by_word = self._postings(((i, w.words) for i, w in enumerate(self.weighed)), WORD_POSTING_CAP)
        self.by_pair = self._postings(((i, _pairs(ws, self.common)) for i, ws in enumerate(words)),
                                      PAIR_POSTING_CAP)

    def _common_words(self, words_of: Sequence[Sequence[str]]) -> frozenset[str]:
        """Words in so many intents that they neither pair nor pick on their own."""
        intents_of: dict[str, set[str]] = defaultdict(set)
        for words, phrasing in zip(words_of, self.phrasings, strict=True):
            for word in words:
                intents_of[word].add(phrasing.intent)
        total = len({p.intent for p in self.phrasings})
        cut = max(MIN_COMMON_INTENTS, COMMON_WORD_SHARE * total)
        return frozenset(w for w, ids in intents_of.items() if len(ids) > cut)

    def _postings(self, keys_of: Iterable[tuple[int, Iterable[str]]], cap: int) -> dict[str, array[int]]:
        """Key -> phrasing ids, lightest phrasings first (there the key weighs most), capped."""
        postings: dict[str, list[int]] = defaultdict(list)
        for index, keys in keys_of:
            for key in keys:
                postings[key].append(index)
        weight = self.phrasing_weight
        return {key: array("i", sorted(ids, key=weight.__getitem__)[:cap])
                for key, ids in postings.items()}

    def candidate_ids(self, forms: Sequence[str]) -> Iterable[int]:
        if len(self.phrasings) <= self.limit:
            return range(len(self.phrasings))
        # Words the knowledge base has never seen cannot be shared; leaving them out
        # lets the words either side of a garbled one still form a pair.
        known = self.postings if self.small else self.by_word
        readings = [[w for w in self.weights.words(form) if w in known] for form in forms]
        weighed = [Reading.of(form, words, self.weights) for form, words in zip(forms, readings, strict=True)]
        if self.small:
            return self._all_by_overlap(weighed)
        picked = self._pick(readings)
        shortlist = set(sorted(picked, key=picked.__getitem__, reverse=True)[:SHORTLIST])
        # The lightest phrasings of each word are picked by few keys yet may overlap the
        # question best ("what is {topic}" for "eu security partnerships what are they").
        for word in {w for reading in readings for w in reading}:
            shortlist.update(self.by_word[word][:LIGHTEST])
        return self._best_by_overlap(sorted(shortlist), weighed)

    def _all_by_overlap(self, readings: Sequence[Reading]) -> list[int]:
        """The `limit` phrasings of highest weighted word F1 against any reading, of all
        those that share a word with it: best first, then by index (the same in every run)."""
        import numpy  # loaded with the base: a lookup in sys.modules

        estimate = None
        for reading in readings:
            words = list(reading.weights)  # each weighs weights.of(word), as in posting_weights
            if not words:
                continue
            # Each phrasing's shared weight, summed in one pass over its words' postings.
            shared = numpy.bincount(numpy.concatenate([self.postings[word] for word in words]),
                                    numpy.concatenate([self.posting_weights[word] for word in words]),
                                    minlength=len(self.phrasings))
            # The F1 is 2 * shared / (reading.total + totals); halved, the order and the ties are the
            # same (halving is exact), so the 2 is left out. In place: no temporary arrays.
            numpy.divide(shared, self.totals + reading.total, out=shared)
            if estimate is None:  # most questions have one reading
                estimate = shared
            else:
                numpy.maximum(estimate, shared, out=estimate)
        if estimate is None:
            return []
        if numpy.count_nonzero(estimate) > self.limit:
            best = _best_untied(estimate, self.limit)
            if best is not None:
                return best
        ids = numpy.flatnonzero(estimate)
        if len(ids) > self.limit:
            ids = ids[numpy.argpartition(-estimate[ids], self.limit)[: self.limit]]
        ordered: list[int] = ids[numpy.lexsort((ids, -estimate[ids]))].tolist()
        return ordered

    def _pick(self, readings: Sequence[Sequence[str]]) -> Counter[int]:
        """How many of the question's pairs and words pick each phrasing."""
        # Sorted, never in set order: the order phrasings are first picked in breaks
        # ties at the shortlist's edge, and set order changes from run to run.
        picked: Counter[int] = Counter()
        words = {w for reading in readings for w in reading}
        for pair in sorted({p for reading in readings for p in _pairs(reading, self.common)}):
            picked.update(self.by_pair.get(pair, ()))
        for word in sorted(words - self.common):
            picked.update(self.by_word[word])
        if len(picked) < SHORTLIST:
            # A question of common words only ("who are you"): let them pick too.
            for word in sorted(words & self.common):
                picked.update(self.by_word[word])
        return picked

    def _best_by_overlap(self, shortlist: Sequence[int], readings: Sequence[Reading]) -> list[int]:
        """The `limit` phrasings with the highest weighted word F1 against any reading:
        the word half of the score, at a fraction of the cost of scoring."""
        estimate = dict.fromkeys(shortlist, 0.0)
        weighed = self.weighed  # hot loop: no attribute lookups
        for reading in readings:
            question_weight, weights = reading.total, reading.weights
            ours = frozenset(weights)
            for index in shortlist:
                phrasing = weighed[index]
                # The shared words found in C; fsum: the same sum whatever order a set gives them in.
                shared = fsum(map(weights.__getitem__, ours & phrasing.words))
                f1 = 2 * shared / ((question_weight + phrasing.total) or 1.0)
                if f1 > estimate[index]:
                    estimate[index] = f1
        return sorted(shortlist, key=estimate.__getitem__, reverse=True)[: self.limit]


# Cut-offs, as shares of the best estimate, under which _best_untied looks for the best few:
# the first that keeps more than `limit` will do, and on the bench's questions half the best
# does two times in three (a quarter nearly always).
UNTIED_CUTS = (0.5, 0.25)


def _best_untied(estimate: Any, limit: int) -> list[int] | None:
    """The `limit` highest estimates' indexes, best first, then by index: found among the few
    above a cut-off, without partitioning every phrasing (numpy's partition costs some 30 us
    at the real size). None when the last of them ties with the next: which of those tied
    ones numpy.argpartition keeps is its own choice, so the caller asks it."""
    import numpy

    top = float(estimate.max())
    for cut in UNTIED_CUTS:
        ids = numpy.flatnonzero(estimate >= top * cut)
        if len(ids) > limit:
            break
    else:
        return None
    values = estimate[ids]
    # The best limit + 1, best first, then by index (ids ascend: a stable sort keeps that order);
    # as Python numbers at once, not one numpy scalar at a time.
    first = numpy.argsort(-values, kind="stable")[: limit + 1]
    best: list[int] = ids[first[:limit]].tolist()
    scores: list[float] = values[first[limit - 1:]].tolist()
    return None if scores[0] == scores[1] else best


def _pairs(words: Sequence[str], common: frozenset[str]) -> set[str]:
    """Unordered pairs of informative words next to each other or one apart."""
    content = [w for w in words if w not in common]
    pairs = set()
    for gap in (1, 2):
        for first, second in zip(content, content[gap:], strict=False):
            if first != second:
                pairs.add(f"{first} {second}" if first < second else f"{second} {first}")
    return pairs
