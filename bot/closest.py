"""The closest of many words to a (misspelt) word, as rapidfuzz's extractOne finds it, sooner.

A question's unknown word is compared with every known word (some 1,000 to 2,000 on the
real base, 100 us a look-up), yet most cannot reach the cut-off on length alone:
fuzz.ratio is 100 * (1 - Indel distance / (a + b)) for lengths a and b, and the Indel
distance is at least |a - b|. So the choices are kept grouped by length and only the
groups within reach are scored. Within them, a choice is only scored when it may reach the
cut-off by the letters it has (`_letters`, with numpy when the process has it loaded). The
result is extractOne's own: the best score, ties broken towards the earliest choice in the
original order.
"""

from __future__ import annotations

import math
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

# Floating-point slack in the length bound: a group on the edge is scored rather than skipped.
SLACK = 1e-6
# Below this many choices within reach, rapidfuzz scores them all sooner than numpy filters them.
FILTER_MIN_CHOICES = 64


class Choices:
    """Strings to find the closest of by fuzz.ratio, in the order that breaks ties."""

    def __init__(self, choices: Iterable[str]) -> None:
        self.choices = list(choices)
        # The choices shortest first (in their order within a length), so that those
        # within reach of a query are one slice; and each one's position among all.
        order = sorted(range(len(self.choices)), key=lambda p: len(self.choices[p]))
        self._by_length = [self.choices[p] for p in order]
        self._positions = array("i", order)
        self._lengths = array("i", (len(choice) for choice in self._by_length))
        self._letters = array("Q", map(_letters, self._by_length))

    def __len__(self) -> int:
        return len(self.choices)

    def best(self, query: str, score_cutoff: float) -> tuple[str, float, int] | None:
        """Like process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=...):
        (choice, score, position) of the best choice scoring at least the cut-off, or None."""
        shortest, longest = _reach(len(query), score_cutoff)
        start = bisect_left(self._lengths, shortest)
        end = bisect_right(self._lengths, longest)
        if start >= end:
            return None
        within = self._within_letters(query, score_cutoff, start, end)
        hits = process.extract(query, [self._by_length[i] for i in within], scorer=fuzz.ratio,
                               score_cutoff=score_cutoff, limit=None)
        if not hits:
            return None
        # The best score; of the choices that have it, the first in the original order.
        score = max(hit[1] for hit in hits)
        position = min(self._positions[within[hit[2]]] for hit in hits if hit[1] == score)
        return self.choices[position], score, position

    def _within_letters(self, query: str, score_cutoff: float, start: int, end: int) -> Sequence[int]:
        """Of the choices start..end (in `_by_length`), those whose letters leave them in reach.

        Each letter one string has and the other lacks costs at least one insertion or
        deletion, so a choice with more such letters than the cut-off allows its length (the
        longest's allowance, for all: one comparison) cannot reach it. All the choices are
        tested at once with numpy, which the real base's matcher has loaded; a large base
        never loads it (bot/match.py), and there every choice within reach is scored."""
        numpy = sys.modules.get("numpy")
        if numpy is None or end - start < FILTER_MIN_CHOICES or not hasattr(numpy, "bitwise_count"):
            return range(start, end)  # (bitwise_count: numpy 2.0 and later)
        # At most this many letters may differ (a whole number: the counts are not cast to float).
        allowed = math.floor((self._lengths[end - 1] + len(query)) * (100.0 - score_cutoff + SLACK) / 100.0)
        letters = numpy.frombuffer(self._letters, dtype=numpy.uint64)[start:end]
        differing = numpy.bitwise_count(letters ^ numpy.uint64(_letters(query)))
        within: list[int] = (numpy.flatnonzero(differing <= allowed) + start).tolist()
        return within


def _letters(text: str) -> int:
    """The letters of a text as a set of 64 bits (letters that share a bit count as one, which
    only makes two texts look more alike: `_within_letters` stays a lower bound)."""
    bits = 0
    for letter in text:
        bits |= 1 << (ord(letter) & 63)
    return bits


def _reach(length: int, score_cutoff: float) -> tuple[int, int]:
    """The shortest and longest strings that may score the cut-off against one of
    `length` characters: fuzz.ratio is at most 100 * (1 - |a - b| / (a + b))."""
    ratio = max(0.0, 1.0 - (score_cutoff - SLACK) / 100.0)  # |a - b| / (a + b) at most this
    if ratio >= 1.0:
        return 0, sys.maxsize
    # b >= a (1 - r) / (1 + r) and b <= a (1 + r) / (1 - r), rounded outwards.
    shortest = math.floor(length * (1.0 - ratio) / (1.0 + ratio) - SLACK)
    longest = math.ceil(length * (1.0 + ratio) / (1.0 - ratio) + SLACK)
    return max(0, shortest), longest
