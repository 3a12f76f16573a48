"""The evaluation set is the bot's exam: the suite fails below the agreed marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.evaluate import Results, evaluate, format_results, load_cases
from bot.normalize import normalize
from bot.validate import load_engine

HOLDOUT_DIR = Path(__file__).parent / "holdout"
EVAL_DIR = Path(__file__).parent / "eval"
# The targets agreed in the issues, on the evaluation set.
MIN_IN_SCOPE_ACCURACY = 0.95
MIN_OUT_OF_SCOPE_REJECTION = 0.90
# The held-out set is never tuned on, so it shows how the bot does on questions nobody
# wrote phrasings against (89.0% in scope, 95.6% rejected when these were set): floors
# against regressions a little below that, not targets.
HOLDOUT_IN_SCOPE_FLOOR = 0.87
HOLDOUT_REJECTION_FLOOR = 0.90


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(Path(__file__).resolve().parent.parent)


@pytest.fixture(scope="module")
def results(engine: Engine) -> Results:
    return evaluate(engine, load_cases(EVAL_DIR))


def test_evaluation_set_is_big_enough() -> None:
    cases = load_cases(EVAL_DIR)
    in_scope = [c for c in cases if c.intent is not None]
    out_of_scope = [c for c in cases if c.intent is None]
    assert len(cases) >= 500 and len(out_of_scope) >= 100
    assert len(in_scope) >= 250


def test_every_intent_and_entity_is_asked_at_least_twice(engine: Engine) -> None:
    cases = load_cases(EVAL_DIR)
    for intent in engine.kb.intents.values():
        if not intent.decline:  # declining intents are asked by the out-of-scope questions
            assert sum(c.intent == intent.id for c in cases) >= 2, intent.id
    for entity in engine.kb.entities:
        assert sum(c.entity == entity for c in cases) >= 2, entity


@pytest.mark.parametrize("folder", [EVAL_DIR, HOLDOUT_DIR], ids=["eval", "holdout"])
def test_no_evaluation_question_is_a_phrasing(engine: Engine, folder: Path) -> None:
    # Short generic forms ("who contributes to Althea?") may coincide with a phrasing once
    # names are abstracted; a question of five words or more copied word for word may not.
    examples = {normalize(e) for i in engine.kb.intents.values() for e in i.examples}
    copied = [c.question for c in load_cases(folder)
              if len(normalize(c.question).split()) >= 5 and normalize(c.question) in examples]
    assert copied == []


def test_in_scope_accuracy(results: Results) -> None:
    assert results.accuracy >= MIN_IN_SCOPE_ACCURACY, format_results(results, verbose=True)


def test_out_of_scope_rejection(results: Results) -> None:
    assert results.rejection >= MIN_OUT_OF_SCOPE_REJECTION, format_results(results, verbose=True)


def test_held_out_questions_do_not_regress(engine: Engine) -> None:
    held_out = evaluate(engine, load_cases(HOLDOUT_DIR))
    # Only the figures: printing the failing questions would invite tuning on them.
    figures = f"held out: {held_out.accuracy:.1%} in scope, {held_out.rejection:.1%} rejected"
    assert held_out.accuracy >= HOLDOUT_IN_SCOPE_FLOOR, figures
    assert held_out.rejection >= HOLDOUT_REJECTION_FLOOR, figures
