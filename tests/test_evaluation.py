"""The evaluation set is the bot's exam: the suite fails below the agreed marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.evaluate import Results, evaluate, format_results, load_cases, says
from bot.normalize import normalize
from bot.validate import load_engine

HOLDOUT_DIR = Path(__file__).parent / "holdout"
EVAL_DIR = Path(__file__).parent / "eval"
FACTS_TEST_DIR = Path(__file__).parent / "facts" / "test"
BLIND_INTENTS_DIR = Path(__file__).parent / "blind_intents"
# The targets agreed in the issues, on the evaluation set.
MIN_IN_SCOPE_ACCURACY = 0.95
MIN_OUT_OF_SCOPE_REJECTION = 0.95
# The held-out set and the blind fact set's test half are never tuned on: they show how the
# bot does on questions nobody wrote phrasings or thresholds against. Their floors guard
# against regressions a little below what was measured when they were set (README,
# "Quality"); issue 8's targets (93% held out; 95% rejected on the blind test half) are
# above them and not reached yet; its 90% in scope on the blind test half was reached in
# the eighth round (90.0%), and held in the ninth with two harder batches added (90.7%, 82.6%
# rejected): its floors are the target, and half a point below what was measured.
HOLDOUT_IN_SCOPE_FLOOR = 0.91
HOLDOUT_REJECTION_FLOOR = 0.95
FACTS_TEST_IN_SCOPE_FLOOR = 0.90
FACTS_TEST_REJECTION_FLOOR = 0.82
# The blind intent-labelled set's test half: a point or so below what was measured when its
# last batch came in (seventeenth round, four batches: 85.5% in scope, 92.9% declined).
BLIND_INTENTS_IN_SCOPE_FLOOR = 0.84
BLIND_INTENTS_REJECTION_FLOOR = 0.92


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


@pytest.mark.parametrize("folder", [EVAL_DIR, HOLDOUT_DIR, FACTS_TEST_DIR.parent / "dev", FACTS_TEST_DIR,
                                    BLIND_INTENTS_DIR / "dev", BLIND_INTENTS_DIR / "test"],
                         ids=["eval", "holdout", "facts-dev", "facts-test", "intents-dev", "intents-test"])
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


@pytest.mark.parametrize(("folder", "in_scope_floor", "rejection_floor"), [
    (HOLDOUT_DIR, HOLDOUT_IN_SCOPE_FLOOR, HOLDOUT_REJECTION_FLOOR),
    (FACTS_TEST_DIR, FACTS_TEST_IN_SCOPE_FLOOR, FACTS_TEST_REJECTION_FLOOR),
    (BLIND_INTENTS_DIR / "test", BLIND_INTENTS_IN_SCOPE_FLOOR, BLIND_INTENTS_REJECTION_FLOOR),
], ids=["holdout", "facts-test", "intents-test"])
def test_questions_nobody_tuned_on_do_not_regress(engine: Engine, folder: Path, in_scope_floor: float,
                                                   rejection_floor: float) -> None:
    results = evaluate(engine, load_cases(folder))
    # Only the figures: printing the failing questions would invite tuning on them.
    figures = f"{folder.name}: {results.accuracy:.1%} in scope, {results.rejection:.1%} rejected"
    assert results.accuracy >= in_scope_floor, figures
    assert results.rejection >= rejection_floor, figures


def test_the_blind_fact_set_is_big_enough_and_split_once() -> None:
    dev, test = (load_cases(FACTS_TEST_DIR.parent / half) for half in ("dev", "test"))
    for half in (dev, test):
        assert sum(c.in_scope for c in half) >= 200 and sum(not c.in_scope for c in half) >= 50
        assert all(c.contains for c in half if c.in_scope)  # every question says what a right answer says
    # Split once: no stand-alone question is in both halves (a conversation's short turn,
    # "and what came after it?", may recur in another conversation).
    alone = [{c.question for c in half if c.conversation is None} for half in (dev, test)]
    assert not alone[0] & alone[1]


def test_the_blind_intent_set_is_split_once_and_labelled_with_known_ids(engine: Engine) -> None:
    dev, test = (load_cases(BLIND_INTENTS_DIR / half) for half in ("dev", "test"))
    for half in (dev, test):
        assert sum(c.in_scope for c in half) >= 150 and sum(not c.in_scope for c in half) >= 25
        assert all(c.intent in engine.kb.intents for c in half if c.intent is not None)
        assert all(c.entity in engine.kb.entities for c in half if c.entity is not None)
    alone = [{c.question for c in half if c.conversation is None} for half in (dev, test)]
    assert not alone[0] & alone[1]


@pytest.mark.parametrize(("answer", "item", "said"), [
    ("the Kosovo* Police is first and NATO's KFOR third", "Kosovo Police", True),  # the designation's asterisk
    ("EUFOR had 1,100 troops", "1100 | 1,100", True),
    ("EUFOR had 1,100 troops", "1,500", False),
    ("an 8–soldier team", "8-soldier", True),
])
def test_a_label_is_said_as_written_but_for_case_accents_dashes_and_the_asterisk(answer: str, item: str,
                                                                                  said: bool) -> None:
    assert says(answer, item) == said


@pytest.mark.parametrize(("intent", "entity", "correct", "question"), [
    # the intent the bot answers with; another that says the same, word for word; another topic's overview
    ("alignment.overview", None, True, "what is cfsp alignment?"),
    ("topic.overview", "cfsp_alignment", True, "what is cfsp alignment?"),
    ("topic.overview", "cfsp", False, "what is cfsp alignment?"),
    ("partners.must_align", None, False, "what is cfsp alignment?"),
    # after a word on what is missing: "what does EUTM Somalia do?" has no mandate record
    ("mission.overview", "eutm_somalia", True, "what does EUTM Somalia do?"),
    ("mission.mandate", "eutm_somalia", True, "what does EUTM Somalia do?"),
    ("mission.launched", "eutm_somalia", False, "what does EUTM Somalia do?"),
    # the overview alone, which the labelled intent gives after that word (its `otherwise`)
    ("mission.mandate", "eutm_somalia", True, "tell me about EUTM Somalia"),
    ("mission.head", "eutm_somalia", False, "tell me about EUTM Somalia"),
])
def test_an_answer_word_for_word_what_the_label_would_say_is_right(engine: Engine, tmp_path: Path, intent: str,
                                                                    entity: str | None, correct: bool,
                                                                    question: str) -> None:
    labelled = tmp_path / "one.yaml"
    label = f"intent: {intent}, entity: {entity or 'null'}"
    labelled.write_text(f"questions:\n  - {{q: '{question}', {label}}}\n", encoding="utf-8")
    results = evaluate(engine, load_cases(labelled))
    assert results.accuracy == (1.0 if correct else 0.0)


@pytest.mark.parametrize(("mission", "correct"), [("EUFOR Althea", True), ("Atalanta", False)])
def test_a_fact_answer_is_right_when_the_label_of_two_entities_states_its_record(engine: Engine, tmp_path: Path,
                                                                                mission: str, correct: bool) -> None:
    # labelled with the partner alone: the mission is the one the conversation is about, and
    # the answer's record (Albania's troops for EUFOR in 2025) is what the label gives of it
    labelled = tmp_path / "conversations.yaml"
    labelled.write_text("conversations:\n"
                        f"  - - {{q: 'Which partners have sent troops to {mission}?', intent: mission.contributors}}\n"
                        "    - {q: 'and what were the Albanians sent for?', intent: partner.contributes_to_mission,"
                        " entity: albania}\n", encoding="utf-8")
    outcome = evaluate(engine, load_cases(labelled)).outcomes[1]
    assert outcome.reply.fact is not None and outcome.reply.fact.entity == "albania"
    assert outcome.correct == correct
