"""bot/chatter.py: what a question asks among the chatty words around it."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.context import Conversation
from bot.engine import Engine
from bot.validate import load_engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(PROJECT_ROOT)


@pytest.mark.parametrize(("text", "asked"), [
    ("hi, quick question: when did EUPM end, please?", "when does eupm end"),
    ("I was wondering, when did EUPM end? thanks!", "when does eupm end"),
    ("can you tell me when EUPM ended", "when eupm ended"),
    ("can you explain what EUPM did?", "can you explain what eupm does"),  # "can" starts this question
    ("Zanima me kada je završio EUPM?", "when did end eupm"),
    ("thanks, and when did EUPM end?", "and when does eupm end"),  # thanks before a question
    ("thank you that helped", "thank you that helped"),  # thanks, and no question
    ("can you remind me when EUPM ended?", "when eupm ended"),  # "remind" was read as a misspelt "remain"
])
def test_what_a_question_asks_is_found_among_its_chatty_words(engine: Engine, text: str, asked: str) -> None:
    assert " ".join(engine.understander.question_words(text)) == asked


@pytest.mark.parametrize("text", ["hi", "hi, I have a question", "I was wondering"])
def test_chatty_words_alone_ask_nothing_and_are_kept(engine: Engine, text: str) -> None:
    understander = engine.understander
    assert understander.is_chatter(text)
    assert understander.question_words(text) == understander.words(text)


@pytest.mark.parametrize("text", [
    "hi, I have a question", "can I ask you something?", "quick question", "zdravo, imam pitanje",
    "здраво, имам прашање", "përshëndetje, kam një pyetje",
])
def test_a_message_that_only_announces_a_question_is_greeted(engine: Engine, text: str) -> None:
    reply = engine.answer(text)
    assert reply.intent == "smalltalk.greet"
    assert "What would you like to know?" in reply.text


@pytest.mark.parametrize("text", ["hello, my name is Ana and I study in Tirana.", "Zdravo, pišem rad o EULEX-u."])
def test_a_greeting_then_words_that_ask_nothing_is_greeted(engine: Engine, text: str) -> None:
    assert engine.answer(text).intent == "smalltalk.greet"


@pytest.mark.parametrize("text", ["hi, what is the capital of France", "hello, and the capital of France?"])
def test_a_greeting_then_a_question_on_another_subject_is_declined(engine: Engine, text: str) -> None:
    assert engine.answer(text).kind == "out_of_scope"


def test_pitanje_is_a_question_not_a_misspelt_interference(engine: Engine) -> None:
    assert "interference" not in engine.understander.words("imam pitanje o EUFOR-u")
    assert engine.answer("imam pitanje: kada je počeo EUFOR Althea?").intent == "mission.launched"


@pytest.mark.parametrize(("text", "wanted"), [
    ("thanks, eufor 2021 renewal resolution number", "2604"),  # a fragment: no question start after the thanks
    ("Thank you very much! when did Montenegro apply to join the EU, and when did it become a candidate?",
     "17 December 2010"),  # both parts answered
    ("hvala, broj rezolucije za obnovu EUFOR-a 2021", "2604"),
])
def test_what_follows_thanks_is_answered(engine: Engine, text: str, wanted: str) -> None:
    reply = engine.answer(text)
    assert wanted in reply.text, reply.text


def test_thanks_with_no_question_after_it_stays_thanks_and_keeps_the_conversation(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer("who leads EULEX?", conversation)
    assert engine.answer("thanks, that helped a lot", conversation).intent == "smalltalk.thanks"
    assert "Barbano" in engine.answer("who leads it?", conversation).text  # "it" is still EULEX
