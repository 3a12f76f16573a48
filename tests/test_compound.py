"""compound: a question that asks several is answered part by part, each answer given."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot import compound
from bot.context import Conversation
from bot.engine import Engine
from bot.reply import ANSWER
from bot.validate import load_engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(ROOT)


def parts(engine: Engine, text: str) -> list[str]:
    return compound.parts(text, engine.understander.question_words, engine.kb.language, engine.understander.is_chatter)


@pytest.mark.parametrize(("text", "expected"), [
    ("When did EUPM start, and when did it end?", ["When did EUPM start", "and when did it end?"]),
    ("Kada je počeo EUPM i kada je završio?", ["Kada je počeo EUPM", "kada je završio?"]),
    ("Who commands EUFOR? Since when?", ["Who commands EUFOR?", "Since when?"]),
    # One question: two words asked together, two places, a statement before the question.
    ("When and where was Serbia's FPA signed?", ["When and where was Serbia's FPA signed?"]),
    ("what did the EU police missions in Bosnia and Macedonia do?",
     ["what did the EU police missions in Bosnia and Macedonia do?"]),
    ("I am a student, when did EUPM start?", ["I am a student, when did EUPM start?"]),
    # Chatty words before the first question are part of it, not a question of their own.
    ("hi, quick question: when did EUPM start, and when did it end?",
     ["hi, quick question: when did EUPM start", "and when did it end?"]),
    ("I was wondering, when did EUPM start, and when did it end?",
     ["I was wondering, when did EUPM start", "and when did it end?"]),
    # A start and an end asked together: the question once for each (after the glossary).
    ("What were the start and end dates of EUPM?", ["what is the start date of eupm", "what is the end date of eupm"]),
    ("when did EUPM begin and end", ["when does eupm start", "when does eupm end"]),
])
def test_the_questions_a_text_asks(engine: Engine, text: str, expected: list[str]) -> None:
    assert parts(engine, text) == expected


def test_a_start_and_an_end_asked_together_are_both_answered(engine: Engine) -> None:
    reply = engine.answer("what were the start and end dates of EUPM?")
    assert "1 January 2003" in reply.text and "30 June 2012" in reply.text, reply.text


def test_a_start_and_an_end_are_each_asked_of_what_the_question_names(engine: Engine) -> None:
    # "end of EUPAT" just after its start is not "and at the end?" of the start; and one answer
    # that gives both (its launch and its end) is the answer.
    reply = engine.answer("start and end of eupat?", Conversation())
    assert "15 December 2005" in reply.text and "14 June 2006" in reply.text, reply.text


def test_each_part_is_answered(engine: Engine) -> None:
    conversation = Conversation()
    reply = engine.answer("When did EUPM start, and when did it end?", conversation)
    assert reply.kind == ANSWER
    assert "1 January 2003" in reply.text and "30 June 2012" in reply.text, reply.text
    # The conversation goes on from the last part.
    assert conversation.entities.get("mission") == "eupm"


@pytest.mark.parametrize(("text", "unanswered"), [
    # read whole, the question gets the first part's answer alone
    ("When did EUPM start, and what is the capital of Mongolia?", "what is the capital of Mongolia?"),
    # read whole, it gets no answer
    ("What is the EUSR in Kosovo and why was that post created?", "why was that post created?"),
])
def test_a_part_with_no_answer_is_named_after_the_answer_to_the_rest(engine: Engine, text: str,
                                                                     unanswered: str) -> None:
    conversation = Conversation()
    first = engine.answer(text[:text.index(unanswered)].rstrip(" ,and"))
    reply = engine.answer(text, conversation)
    assert reply.kind == ANSWER and reply.text == (
        f"{first.text}\n\nI have no sourced answer to this part of your question: “{unanswered}”.")
    assert reply.sources == first.sources and conversation.entities.get("mission") == first.entities[0]


def test_a_part_answered_weakly_or_after_one_with_no_answer_is_not_given_alone(engine: Engine) -> None:
    answered, declined = engine.answer("When was EULEX launched?"), engine.answer("what is the capital of Mongolia?")
    assert answered.kind == ANSWER and declined.kind != ANSWER
    text = "No sourced answer: “{part}”"
    given = compound.partly(["when was EULEX launched", "the capital?"], [answered, declined], text)
    assert given is not None and given.text == f"{answered.text}\n\nNo sourced answer: “the capital?”"
    # "Which court handles it, and who presides over it?": "who presides over it?" read alone
    # may find a record; the question read whole, declined, is wiser
    assert compound.partly(["a", "b"], [declined, answered], text) is None
    weak = replace(answered, confidence=compound.PART_SURE - 0.01)
    assert compound.partly(["a", "b"], [weak, declined], text) is None


def test_parts_with_one_answer_give_the_whole_answer(engine: Engine) -> None:
    same = engine.answer("When was EULEX launched?")
    assert compound.joined([same, same]) is None
    other = engine.answer("Who heads EULEX?")
    together = compound.joined([same, other])
    assert together is not None and together.text == f"{same.text}\n\n{other.text}"
    assert together.intent == max((same, other), key=lambda reply: reply.confidence).intent
