"""Acknowledgements ("ok", "thanks", 👍) get a short reply, never an answer; questions are not mistaken for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.acknowledge import is_acknowledgement
from bot.context import Conversation
from bot.engine import Engine
from bot.reply import ACKNOWLEDGEMENT, SMALLTALK, UNCLEAR
from bot.validate import load_engine

ROOT = Path(__file__).resolve().parent.parent
OK = "👍 Ask me anything else whenever you like."


@pytest.fixture(scope="module")
def engine() -> Engine:
    return load_engine(ROOT)


@pytest.mark.parametrize(("text", "intent"), [
    ("ok", "smalltalk.acknowledgement"),
    ("OK.", "smalltalk.acknowledgement"),
    ("cool", "smalltalk.acknowledgement"),
    ("great!", "smalltalk.acknowledgement"),
    ("ok cool 👍", "smalltalk.acknowledgement"),
    ("got it, makes sense", "smalltalk.acknowledgement"),
    ("very helpful, that answers my question", "smalltalk.acknowledgement"),
    ("thx, that's really useful", "smalltalk.thanks"),
    ("u redu", "smalltalk.acknowledgement"),
    ("во ред", "smalltalk.acknowledgement"),
    ("thanks", "smalltalk.thanks"),
    ("Thank you!", "smalltalk.thanks"),
    ("ok thanks", "smalltalk.thanks"),
    ("cool, thank you 🙏", "smalltalk.thanks"),
    ("hvala", "smalltalk.thanks"),
    ("faleminderit", "smalltalk.thanks"),
    ("благодарам", "smalltalk.thanks"),
    ("fala", "smalltalk.thanks"),
])
def test_acknowledging_words_get_their_short_reply(engine: Engine, text: str, intent: str) -> None:
    conversation = Conversation()
    engine.answer("When was EULEX launched?", conversation)
    before = (conversation.intent, dict(conversation.entities))
    reply = engine.answer(text, conversation)
    assert (reply.kind, reply.intent) == (SMALLTALK, intent)
    assert reply.suggestions == () and reply.sources == ()
    assert len(reply.text) < 120 and is_acknowledgement(reply)
    assert (conversation.intent, conversation.entities) == before  # "and Althea?" still follows on


@pytest.mark.parametrize("text", ["👍", "🙏", "…", "...", "😂😂", "👍👍 !!"])
def test_a_message_without_words_or_question_mark_is_acknowledged_but_not_matched(engine: Engine, text: str) -> None:
    conversation = Conversation()
    engine.answer("When was EULEX launched?", conversation)
    reply = engine.answer(text, conversation)
    assert (reply.kind, reply.text, reply.matched, reply.intent) == (ACKNOWLEDGEMENT, OK, False, None)


@pytest.mark.parametrize("text", ["?", "🤔❓", "🇷🇸❓"])
def test_a_wordless_question_is_not_understood_and_not_an_overview(engine: Engine, text: str) -> None:
    conversation = Conversation()
    engine.answer("When was EULEX launched?", conversation)
    reply = engine.answer(text, conversation)
    assert (reply.kind, reply.intent, reply.sources) == (UNCLEAR, None, ())  # not the EULEX overview


@pytest.mark.parametrize(("text", "intent"), [
    ("ok, when was EULEX launched?", "mission.launched"),
    ("great, and when did it end", "mission.ended"),
    ("thanks, bye", "smalltalk.bye"),
    ("ok bye", "smalltalk.bye"),
])
def test_questions_that_begin_with_an_acknowledgement_are_answered(engine: Engine, text: str, intent: str) -> None:
    conversation = Conversation()
    engine.answer("What is EULEX?", conversation)
    assert engine.answer(text, conversation).intent == intent


@pytest.mark.parametrize("text", ["great britain", "good morning vietnam", "okay google"])
def test_acknowledging_words_are_never_matched_fuzzily(engine: Engine, text: str) -> None:
    assert engine.answer(text, Conversation()).intent != "smalltalk.acknowledgement"
