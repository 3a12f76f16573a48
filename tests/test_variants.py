"""The rewrites `eval --variants` asks questions again in, and what they measure."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.engine import Engine
from bot.evaluate import Case
from bot.validate import load_engine
from bot.variants import _typo, format_variants, measure, rewrites


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(PROJECT_ROOT)


def test_a_typo_swaps_two_letters_of_the_longest_word_the_same_way_every_run() -> None:
    first = _typo("which EU operations had Albania joined?")
    assert first == _typo("which EU operations had Albania joined?")
    assert first is not None and first != "which EU operations had Albania joined?"
    assert sorted(first) == sorted("which EU operations had Albania joined?")  # the same letters
    assert "operations" not in first and "which EU" in first and "Albania joined?" in first  # only the longest word
    assert _typo("who is he?") is None  # no word long enough


def test_each_rewrite_keeps_the_question_and_adds_to_it() -> None:
    for name, rewrite in rewrites().items():
        if name != "two letters swapped":
            rewritten = rewrite("When did EUPM end?")
            assert rewritten is not None and "eupm end" in rewritten.lower(), name


def test_the_rewrites_of_questions_answered_right_are_counted(engine: Engine) -> None:
    cases = [Case("When did EUPM end?", "mission.ended", "eupm"),
             Case("when did the first eu military operation end", "mission.ended", "concordia"),
             Case("What is the capital of Australia?", None, None)]  # out of scope: not rewritten
    results = measure(engine, cases)
    assert {r.name for r in results} == set(rewrites())
    padded = next(r for r in results if r.name == "'I was wondering,' before")
    assert (padded.kept, padded.total) == (2, 2)
    assert "'thanks!' after" in format_variants(results)
