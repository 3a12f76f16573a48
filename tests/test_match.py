"""The indexed matcher against the full scan it must agree with, and its index."""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot import synthetic
from bot.config import PROJECT_ROOT
from bot.context import Conversation
from bot.engine import Engine
from bot.evaluate import load_cases
from bot.match import FullScanMatcher, IndexedMatcher, Phrasing, _pairs
from bot.validate import check, load_engine

PADDING = frozenset(yaml.safe_load((PROJECT_ROOT / "knowledge" / "language.yaml").read_text(encoding="utf-8"))
                    ["language"]["padding"])

# Large enough that the index hands the scorer about 2% of the phrasings.
SYNTHETIC_PHRASINGS = 1_500
SYNTHETIC_QUESTIONS = 250


@pytest.fixture(scope="module")
def synthetic_engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Engine, list[synthetic.Question]]:
    root = tmp_path_factory.mktemp("synthetic")
    base = synthetic.write_base(root, SYNTHETIC_PHRASINGS)
    indexed = load_engine(root)
    return indexed, Engine(indexed.kb, full_scan=True), synthetic.questions(base, SYNTHETIC_QUESTIONS)


def disagreements(indexed: Engine, full: Engine, questions: list[str]) -> list[str]:
    """Questions on which the two engines reply differently (kind or intent)."""
    out = []
    for question in questions:
        mine = indexed.answer(question, Conversation())
        reference = full.answer(question, Conversation())
        if (mine.kind, mine.intent) != (reference.kind, reference.intent):
            out.append(f"{question!r}: indexed {mine.kind} {mine.intent}, "
                       f"full scan {reference.kind} {reference.intent}")
    return out


def test_indexed_matcher_agrees_with_full_scan_on_synthetic_base(
        synthetic_engines: tuple[Engine, Engine, list[synthetic.Question]]) -> None:
    indexed, full, questions = synthetic_engines
    assert isinstance(indexed.matcher, IndexedMatcher)
    assert len(indexed.phrasings) > 40 * indexed.matcher.limit  # the index really narrows
    assert disagreements(indexed, full, [q.text for q in questions]) == []


def test_indexed_matcher_agrees_with_full_scan_on_real_base() -> None:
    result, problems = check(PROJECT_ROOT)
    if problems or result.kb is None:
        pytest.skip("the real knowledge base does not validate yet")
    cases = load_cases(PROJECT_ROOT / "tests" / "eval")
    questions = [c.question for c in cases]
    indexed, full = Engine(result.kb), Engine(result.kb, full_scan=True)
    assert disagreements(indexed, full, questions) == []


def test_perturbed_phrasing_keeps_its_phrasing_among_candidates(
        synthetic_engines: tuple[Engine, Engine, list[synthetic.Question]]) -> None:
    indexed, _, _ = synthetic_engines
    matcher = indexed.matcher
    rng = random.Random(5)
    for index in rng.sample(range(len(matcher.phrasings)), 50):
        phrasing = matcher.phrasings[index]
        words = phrasing.text.split()
        words[0], words[1] = words[1], words[0]  # a swapped pair of words
        del words[-2]  # and a dropped one
        assert index in set(matcher.candidate_ids([" ".join(words)])), phrasing.text


def test_small_base_is_scored_whole() -> None:
    phrasings = [Phrasing(f"question number {i}", f"intent.{i}") for i in range(5)]
    assert list(IndexedMatcher(phrasings, padding=PADDING).candidate_ids(["anything at all"])) == list(range(5))


def test_question_of_common_words_still_finds_candidates() -> None:
    phrasings = [Phrasing(text, f"intent.{i % 40}") for i, text in enumerate(
        [f"what is the {w} of the mission" for w in ("budget", "size", "head", "seat")] * 20
        + ["who are you", "what is this"] + [f"tell me about topic {i}" for i in range(40)])]
    matcher = IndexedMatcher(phrasings, limit=8, padding=PADDING)
    ranked = matcher.rank(["who are you then"])
    assert ranked and ranked[0].phrasing == "who are you"
    assert ranked[0].intent == FullScanMatcher(phrasings, padding=PADDING).rank(["who are you then"])[0].intent


def test_pairs_ignore_order_and_bridge_one_word() -> None:
    assert _pairs(["a", "b", "c"], frozenset()) == {"a b", "b c", "a c"}
    assert _pairs(["the", "b", "a"], frozenset({"the"})) == {"a b"}


@given(st.lists(st.sampled_from("budget head seat launch eulex mandate the of".split()), max_size=8))
def test_pairs_are_the_same_read_backwards(words: list[str]) -> None:
    common = frozenset({"the", "of"})
    assert _pairs(words, common) == _pairs(words[::-1], common)

