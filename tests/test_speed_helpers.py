"""The shortcuts taken for speed give what the plain code gave."""

from __future__ import annotations

import random
from datetime import date

import numpy
from rapidfuzz import fuzz, process

from bot import dates, specifics
from bot import normalize as normalize_module
from bot.closest import Choices
from bot.match import _best_untied
from bot.normalize import normalize
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


def test_today_is_date_today() -> None:
    assert dates.today() == date.today() == dates.today()


def test_an_undated_text_is_the_plain_removal() -> None:
    texts = ["EUFOR had 600 troops (as of 9 November 2012) under Decision 2012/123, OJ L 217.",
             "Resolution 2757 of 21–22 March 2024 renewed it; 1,100 personnel.", "15 police agencies", "",
             "On November 9, 2012 it had 500; in 2013, 600.", "No month here, 4 units and Resolution 1575."]
    for text in texts:
        plain = specifics._OFFICIAL_JOURNAL.sub(" ", specifics._IDENTIFIER.sub(" ", specifics._DATE.sub(" ", text)))
        assert specifics._undated(text) == plain


def test_contractions_skipped_by_their_letters_read_as_all_the_rules_would() -> None:
    texts = ["What's EULEX's mandate? It won't say, they'd've said, can't and shan't, let's see.",
             "i'm sure you're right, we've seen it, they'll come, it's EUFOR's and Serbia's",
             "Don’t, isn’t, who's, there's, O'Neill's l'Union d'Europe", "no apostrophe at all"]
    for text in texts:
        folded = normalize_module._replace_each(normalize_module.fold(text), normalize_module._APOSTROPHES)
        for _letters, pattern, replacement in normalize_module._CONTRACTION_RULES:
            folded = pattern.sub(replacement, folded)
        words = normalize_module._WORD.findall(normalize_module._replace_each(folded, normalize_module._SYMBOLS))
        assert normalize(text) == " ".join(normalize_module._BARE_CONTRACTIONS.get(w, w) for w in words)
