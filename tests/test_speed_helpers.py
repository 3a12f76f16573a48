"""The shortcuts taken for speed give what the plain code gave."""

from __future__ import annotations

import random

import numpy
from rapidfuzz import fuzz, process

from bot.closest import Choices
from bot.match import _best_untied
from bot.specifics import Asked, _made


def _plain_best(estimate: numpy.ndarray, limit: int) -> list[int]:
    """The `limit` best by numpy.argpartition, best first then by index (IndexedMatcher's own way)."""
    ids = numpy.flatnonzero(estimate)
    if len(ids) > limit:
        ids = ids[numpy.argpartition(-estimate[ids], limit)[:limit]]
    return [int(i) for i in ids[numpy.lexsort((ids, -estimate[ids]))]]


def test_the_best_untied_are_argpartitions_best_or_left_to_it() -> None:
    draw = random.Random(7)
    answered = 0
    for _ in range(2_000):
        size = draw.randint(17, 300)
        # few distinct values, so that ties at the edge are common
        values = [draw.choice((0.0, 0.0, 0.1, 0.25, 0.5, 0.5, 0.75, 1.0)) * draw.choice((1.0, draw.random()))
                  for _ in range(size)]
        estimate = numpy.array(values)
        if numpy.count_nonzero(estimate) <= 16:
            continue
        best = _best_untied(estimate, 16)
        if best is not None:
            answered += 1
            assert best == _plain_best(estimate, 16)
    assert answered > 100


def test_an_asked_made_at_once_is_the_same_value() -> None:
    for values in ({}, {"years": ("2012",), "person": True}, {"which_many": ("5", "chapters"), "office": "head"}):
        made, plain = _made(**values), Asked(**values)
        assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
        assert bool(made) == bool(plain) and made.by_words == plain.by_words


def test_what_asks_and_what_asks_by_words() -> None:
    assert not Asked() and not Asked(months=("June",), office="head")  # these say of what, not what
    assert Asked(which_many=("5", "chapters")) and not Asked(which_many=("", ""))
    assert Asked(people=("orav",)).by_words and Asked(details=("salary",), bodies=("osce",)).by_words
    assert not Asked(people=("orav",), years=("2012",)).by_words and not Asked().by_words


def _misspelt(word: str, draw: random.Random) -> str:
    """The word with a letter dropped, doubled, swapped or changed (or, at times, as it is)."""
    at = draw.randrange(len(word))
    slip = draw.choice(("drop", "double", "swap", "change", "none"))
    if slip == "drop":
        return word[:at] + word[at + 1:]
    if slip == "double":
        return word[:at] + word[at] + word[at:]
    if slip == "swap" and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if slip == "change":
        return word[:at] + draw.choice("aeiouklmnrstčš") + word[at + 1:]
    return word


def test_the_closest_choice_is_extract_ones() -> None:
    draw = random.Random(11)
    # Few letters, so that many words look alike and the letter filter is put to the test.
    words = sorted({"".join(draw.choice("aeiklmnorst") for _ in range(draw.randint(3, 12))) for _ in range(3_000)})
    choices = Choices(words)
    found = 0
    for _ in range(1_500):
        query = _misspelt(draw.choice(words), draw) if draw.random() < 0.8 else \
            "".join(draw.choice("aeiklmnorstuvz") for _ in range(draw.randint(2, 14)))
        cutoff = draw.choice((60, 72, 80, 82, 84))
        expected = process.extractOne(query, words, scorer=fuzz.ratio, score_cutoff=cutoff)
        assert choices.best(query, cutoff) == (None if expected is None else tuple(expected))
        found += expected is not None
    assert found > 500
