"""The indexed matcher against the full scan it must agree with, and its index."""

from __future__ import annotations

import random

import pytest
import yaml

from bot import match, synthetic
from bot.config import PROJECT_ROOT
from bot.context import Conversation
from bot.engine import Engine
from bot.evaluate import load_cases
from bot.match import FullScanMatcher, IndexedMatcher, Phrasing
from bot.score import Reading, weighted_f1
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


def test_candidates_are_the_phrasings_of_highest_word_overlap(
        synthetic_engines: tuple[Engine, Engine, list[synthetic.Question]]) -> None:
    indexed, _, questions = synthetic_engines
    matcher = indexed.matcher
    assert isinstance(matcher, IndexedMatcher)
    for question in questions[:40]:
        form = question.text.lower()
        known = [word for word in matcher.weights.words(form) if word in matcher.postings]  # the others match none
        reading = Reading.of(form, known, matcher.weights)
        overlap = [weighted_f1(reading, weighed) for weighed in matcher.weighed]
        expected = sorted(range(len(overlap)), key=lambda i: (-overlap[i], i))[: matcher.limit]
        got = list(matcher.candidate_ids([form]))
        assert [round(overlap[i], 9) for i in got] == [round(overlap[i], 9) for i in expected], question.text


def test_large_base_narrows_by_word_pairs_and_agrees_with_full_scan(
        monkeypatch: pytest.MonkeyPatch, synthetic_engines: tuple[Engine, Engine, list[synthetic.Question]]) -> None:
    indexed, full, questions = synthetic_engines
    monkeypatch.setattr(match, "SMALL_BASE", 0)  # this base, indexed as one of 100,000 phrasings is
    paired = IndexedMatcher(indexed.matcher.phrasings, padding=PADDING)
    assert not paired.small
    for question in (q for q in questions if q.intent is not None):  # unrelated ones are declined anyway
        forms = [question.text.lower()]
        mine, reference = paired.rank(forms), full.matcher.rank(forms)
        assert [c.intent for c in mine[:1]] == [c.intent for c in reference[:1]], question.text
