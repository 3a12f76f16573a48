"""Context follows the conversation a person sees: per person and forum topic, and from the
answer a message replies to — through the real Application and the fake server."""

from __future__ import annotations

from typing import Any

from telegram_fakes import BOT_USERNAME, Call, FakeBotApi, RunningBot

from bot.context import CONTEXT_TTL_S, Conversation
from bot.telegram.memory import ANSWER_TTL_S, MAX_ANSWERS, Answer, ChatMemory, revived

USER, OTHER, GROUP = 1001, 1002, -100500
LAUNCH_EULEX = "EULEX was launched in February 2008"
LAUNCH_ALTHEA = "EUFOR Althea was launched on 2 December 2004."
OVERVIEW_ALTHEA = "EUFOR Althea is the EU's military operation"


async def say(api: FakeBotApi, chat_id: int, text: str, **kw: Any) -> Call:
    """Send a message and return the bot's reply to it (the next sendMessage in that chat)."""
    before = len(api.sent(chat_id))
    api.message(chat_id, text, **kw)
    return (await api.wait_for(before + 1, chat_id))[-1]


def mention(text: str) -> str:
    return f"@{BOT_USERNAME} {text}"


async def test_a_reply_to_an_earlier_answer_continues_from_that_answer(bot: RunningBot) -> None:
    api = bot.api
    launched = await say(api, USER, "when was eulex launched")
    await say(api, USER, "tell me about serbia")  # the conversation moves on to Serbia
    reply = await say(api, USER, "and althea?", reply_to=launched.result["message_id"])
    assert reply.text.startswith(LAUNCH_ALTHEA)  # the launch question, from the answer replied to
    assert (await say(api, USER, "and eulex?")).text.startswith(LAUNCH_EULEX)  # and on from there


async def test_in_groups_each_person_has_their_own_conversation(bot: RunningBot) -> None:
    api = bot.api
    first = await say(api, GROUP, mention("when was eulex launched"), user_id=USER)
    assert first.text.startswith(LAUNCH_EULEX)
    assert (await say(api, GROUP, mention("what is althea"), user_id=OTHER)).text.startswith(OVERVIEW_ALTHEA)
    mine = await say(api, GROUP, mention("and althea?"), user_id=USER)
    assert mine.text.startswith(LAUNCH_ALTHEA)  # USER's own question, not OTHER's overview
    theirs = await say(api, GROUP, mention("when did it end?"), user_id=OTHER)
    assert theirs.text.startswith("EUFOR Althea is still active.")
    assert theirs.params["reply_parameters"]["message_id"] > mine.params["reply_parameters"]["message_id"]


async def test_a_reply_to_the_answer_to_someone_else_continues_from_that_answer(bot: RunningBot) -> None:
    api = bot.api
    answer = await say(api, GROUP, mention("when was eulex launched"), user_id=USER)
    await say(api, GROUP, mention("tell me about serbia"), user_id=OTHER)  # OTHER's own conversation
    reply = await say(api, GROUP, "and althea?", user_id=OTHER, reply_to=answer.result["message_id"])
    assert reply.text.startswith(LAUNCH_ALTHEA)
    question = api.calls[-1].params["reply_parameters"]["message_id"]
    assert question > answer.result["message_id"]  # it quotes OTHER's reply, under USER's answer


async def test_forum_topics_keep_separate_conversations(bot: RunningBot) -> None:
    api = bot.api
    in_seven = await say(api, GROUP, mention("when was eulex launched"), user_id=USER, topic=7)
    assert in_seven.params["message_thread_id"] == 7
    await say(api, GROUP, mention("what is althea"), user_id=USER, topic=9)
    follow_up = await say(api, GROUP, mention("when did it end?"), user_id=USER, topic=7)
    assert follow_up.params["message_thread_id"] == 7
    assert follow_up.text.startswith("EULEX is still active")  # topic 7 was about EULEX
    other_topic = await say(api, GROUP, mention("when did it end?"), user_id=USER, topic=9)
    assert other_topic.text.startswith("EUFOR Althea is still active.")


async def test_a_tap_continues_from_the_answer_that_offered_it(bot: RunningBot) -> None:
    api = bot.api
    eulex = await say(api, USER, "when was eulex launched")
    await say(api, USER, "what is althea")
    api.tap(USER, eulex.result["message_id"], "a|mission.ended|eulex")  # a button under the older answer
    tapped = (await api.wait_for(3, USER))[-1]
    assert tapped.text.startswith("When did EULEX Kosovo end?\n\nEULEX is still active")  # heading, then answer
    await say(api, USER, "tell me about serbia")
    # The tap's answer is remembered too: a reply to it continues from it.
    reply = await say(api, USER, "and althea?", reply_to=tapped.result["message_id"])
    assert reply.text.startswith("EUFOR Althea is still active.")


async def test_a_group_keeps_its_conversations_when_it_becomes_a_supergroup(bot: RunningBot) -> None:
    api = bot.api
    old, new = -500, -100600500
    await say(api, old, mention("when was eulex launched"), user_id=USER)
    api.enqueue("message", {"message_id": 90, "date": 0, "chat": api._chat(old), "from": api.user(USER),
                            "migrate_to_chat_id": new})
    api.enqueue("message", {"message_id": 1, "date": 0, "chat": api._chat(new, "supergroup"),
                            "from": api.user(USER), "migrate_from_chat_id": old})
    reply = await say(api, new, mention("and althea?"), user_id=USER)
    assert reply.text.startswith(LAUNCH_ALTHEA)  # not Althea's overview: the context moved along
    assert bot.app.chat_data.get(old) is None or bot.app.chat_data[old].is_empty()


# -- the memory itself ----------------------------------------------------------------------
def test_old_conversations_and_answers_are_forgotten_and_a_chat_keeps_at_most_its_share() -> None:
    memory, now = ChatMemory(), 1_000_000.0
    conversation = Conversation(intent="mission.launched", entities={"mission": "eulex"})
    memory.keep((None, USER), conversation, now=now)
    for number in range(MAX_ANSWERS + 5):
        memory.remember(Answer((number,), ("d",), number + 1000, conversation, at=now))
    assert len(memory.answers) == MAX_ANSWERS and memory.answer_in(0) is None  # the oldest went first
    assert memory.conversation((None, USER), now=now + CONTEXT_TTL_S - 1).intent == "mission.launched"
    assert memory.conversation((None, USER), now=now + CONTEXT_TTL_S + 1).intent is None
    assert memory.continuing(MAX_ANSWERS + 4, now=now + ANSWER_TTL_S + 1) is None
    memory.prune(now=now + ANSWER_TTL_S + 1)
    assert memory.is_empty()


def test_a_working_copy_never_changes_what_is_remembered() -> None:
    memory = ChatMemory()
    memory.keep((None, USER), Conversation(intent="mission.launched", entities={"mission": "eulex"}))
    copy = memory.conversation((None, USER))
    copy.entities["mission"] = "althea"
    assert memory.conversation((None, USER)).entities == {"mission": "eulex"}


def test_a_conversation_saved_by_another_version_is_revived_with_todays_fields() -> None:
    saved = Conversation(intent="mission.launched", entities={"mission": "eulex"})
    del saved.__dict__["listed"]  # a field added since it was saved
    saved.__dict__["gone"] = "x"  # a field removed since
    revived_one = revived(saved)
    assert revived_one.intent == "mission.launched" and revived_one.listed == ()
    assert "gone" not in vars(revived_one)
