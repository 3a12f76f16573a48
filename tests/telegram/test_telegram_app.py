"""The real Application against the fake Bot API server: what a user sees, and what survives faults."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import sys
from pathlib import Path

import pytest
from conftest import StartBot
from telegram_fakes import BOT_USERNAME, TOKEN, FakeBotApi, RunningBot

from bot.config import PROJECT_ROOT, Settings
from bot.engine import Engine
from bot.telegram import texts
from bot.telegram.app import run_telegram, webhook_path
from bot.validate import check

USER, OTHER, GROUP = 1001, 1002, -100500


async def ask(api: FakeBotApi, chat_id: int, text: str, *, count: int = 1, **kw: object) -> str:
    """Send a message and return the text of the newest reply once `count` replies arrived in all."""
    api.message(chat_id, text, **kw)  # type: ignore[arg-type]
    calls = await api.wait_for(count, chat_id)
    return calls[-1].text


async def settle(api: FakeBotApi, seconds: float = 0.3) -> None:
    """Give the bot time to send anything more it would (wrongly) send."""
    await asyncio.sleep(seconds)


async def test_start_welcomes_with_topic_buttons_and_sets_the_command_menu(bot: RunningBot) -> None:
    text = await ask(bot.api, USER, "/start")
    reply = bot.api.sent(USER)[0]
    assert "Hello, User1001!" in text and "2 EU missions" in text
    assert [label for label, _ in reply.buttons] == [
        "EU missions and operations", "Western Balkan partners", "Topics and policies", "General questions"]
    commands = {scope: [c["command"] for c in menu] for scope, menu in bot.api.commands.items()}
    assert commands["all_private_chats"] == ["start", "topics", "help", "sources"]
    assert commands["all_group_chats"] == ["ask", "topics", "help", "sources"]
    assert "reload" in commands["chat"]  # the admin's own menu


async def test_help(bot: RunningBot) -> None:
    assert "Follow-ups work" in await ask(bot.api, USER, "/help")


async def test_a_question_gets_its_answer_source_link_and_related_buttons(bot: RunningBot) -> None:
    text = await ask(bot.api, USER, "When was EULEX launched?")
    reply = bot.api.sent(USER)[0]
    assert text.startswith("EULEX was launched in February 2008")
    assert "This designation is without prejudice" in text
    assert reply.params["parse_mode"] == "HTML"
    assert '<a href="https://www.eulex-kosovo.eu/">EULEX Kosovo</a>' in reply.params["text"]
    assert reply.buttons == [("When did EULEX Kosovo end?", "a|mission.ended|eulex"),
                             ("Tell me about EULEX Kosovo", "a|mission.overview|eulex")]
    assert "reply_parameters" not in reply.params  # no quoting in a private chat


async def test_text_that_looks_like_markup_is_shown_as_written(bot: RunningBot) -> None:
    text = await ask(bot.api, USER, "serbia")
    assert "1 < 2 and a > b stay plain text" in text  # the fake server parsed the HTML: it was valid
    assert "1 &lt; 2 and a &gt; b" in bot.api.sent(USER)[0].params["text"]
    await ask(bot.api, USER, "1 < 2 > 0 & <b>bold</b> <br> _x_ *y* [z](w) `c` ~s~", count=2)
    assert all(call.status != 400 for call in bot.api.calls)


async def test_follow_ups_use_the_chat_context_and_chats_do_not_share_it(bot: RunningBot) -> None:
    await ask(bot.api, USER, "when was eulex launched")
    follow_up = await ask(bot.api, USER, "and althea?", count=2)
    assert follow_up.startswith("EUFOR Althea was launched on 2 December 2004.")
    other = await ask(bot.api, OTHER, "and althea?")
    assert "launched on 2 December 2004" not in other  # the other chat asked nothing before


async def test_tapping_a_suggestion_answers_it_and_acknowledges_the_tap(bot: RunningBot) -> None:
    await ask(bot.api, USER, "when was eulex launched")
    first = bot.api.sent(USER)[0]
    bot.api.tap(USER, first.result["message_id"], "a|mission.ended|eulex")
    answer = (await bot.api.wait_for(2, USER))[-1]
    assert answer.text.startswith("When did EULEX Kosovo end?\n\n"  # the tapped question, then its answer
                                  "EULEX is still active; its mandate runs until June 2027. (as of 2025)")
    acks = await bot.api.wait_for(1, methods=("answerCallbackQuery",))
    assert len(acks) == 1
    follow_up = await ask(bot.api, USER, "and althea?", count=3)
    assert follow_up.startswith("EUFOR Althea is still active.")  # the tap moved the context


async def test_tapping_a_fact_offered_as_a_choice_answers_that_fact(bot: RunningBot) -> None:
    # What Engine.fact_suggestion offers, e.g. beside an intent in "did you mean": a fact of the base.
    api = bot.api
    await ask(api, USER, "tell me about serbia")
    api.tap(USER, api.sent(USER)[0].result["message_id"], "a|fact:eulex.launched|eulex")
    answer = (await api.wait_for(2, USER))[-1]
    assert answer.text.startswith("EULEX Kosovo: launched\n\n"  # the fact's title, then the fact
                                  "EULEX was launched in February 2008 and became operational on 9 December 2008.")
    assert "This designation is without prejudice" in answer.text  # Kosovo's footnote, as for any answer
    acks = await api.wait_for(1, methods=("answerCallbackQuery",))
    assert acks[0].params.get("text") != texts.EXPIRED_BUTTON
    follow_up = await ask(api, USER, "and althea?", count=3)
    assert follow_up.startswith("EUFOR Althea was launched on 2 December 2004.")  # the fact is the context now


async def test_ok_and_emoji_after_an_answer_get_a_short_acknowledgement_not_an_answer(bot: RunningBot) -> None:
    api = bot.api
    await ask(api, USER, "when was eulex launched")
    for count, text in enumerate(["ok", "👍", "🙏", "…"], start=2):
        assert await ask(api, USER, text, count=count) == "👍 Ask me anything else whenever you like."
        assert api.sent(USER)[-1].buttons == []
    assert await ask(api, USER, "thanks!", count=6) == "You're welcome!"
    follow_up = await ask(api, USER, "and althea?", count=7)
    assert follow_up.startswith("EUFOR Althea was launched on 2 December 2004.")  # the context was kept


async def test_in_groups_an_acknowledgement_gets_a_reaction_not_a_message(bot: RunningBot) -> None:
    api = bot.api
    await ask(api, GROUP, f"@{BOT_USERNAME} when was eulex launched", user_id=USER)
    answer = api.sent(GROUP)[0].result["message_id"]
    thanks = api.message(GROUP, "thanks 👍", user_id=USER, reply_to=answer)
    reaction = (await api.wait_for(1, GROUP, methods=("setMessageReaction",)))[0]
    assert reaction.params["message_id"] == thanks["message_id"]
    assert reaction.params["reaction"] == [{"type": "emoji", "emoji": "👍"}]
    await settle(api)
    assert len(api.sent(GROUP)) == 1  # no message for the whole group to read


async def test_a_tap_too_old_to_acknowledge_still_gets_its_answer(bot: RunningBot) -> None:
    api = bot.api
    await ask(api, USER, "when was eulex launched")
    api.fail("answerCallbackQuery", 400,
             description="Bad Request: query is too old and response timeout expired or query ID is invalid")
    api.tap(USER, api.sent(USER)[0].result["message_id"], "a|mission.ended|eulex")
    answer = (await api.wait_for(2, USER))[-1]
    assert answer.text.startswith("When did EULEX Kosovo end?\n\nEULEX is still active")  # heading, then answer
    await settle(api)
    assert texts.ERROR not in [call.text for call in api.sent(USER)] and bot.state.stats.errors == 0


async def test_a_menu_tap_too_old_to_acknowledge_still_turns_the_page(bot: RunningBot) -> None:
    api = bot.api
    await ask(api, USER, "/topics")
    api.fail("answerCallbackQuery", 400, description="Bad Request: query is too old")
    api.tap(USER, api.sent(USER)[0].result["message_id"], "m|t:mission")
    page = (await api.wait_for(1, USER, methods=("editMessageReplyMarkup",)))[0]
    assert page.buttons[0] == ("EULEX Kosovo", "m|e:eulex")


async def test_unknown_and_expired_buttons_are_acknowledged_politely(bot: RunningBot) -> None:
    await ask(bot.api, USER, "hi")
    message_id = bot.api.sent(USER)[0].result["message_id"]
    for data in ("h|0123456789abcdef", "nonsense"):
        bot.api.tap(USER, message_id, data)
    acks = await bot.api.wait_for(2, methods=("answerCallbackQuery",))
    assert all(ack.params.get("text") == texts.EXPIRED_BUTTON for ack in acks)
    await settle(bot.api)
    assert len(bot.api.sent(USER)) == 1


async def test_the_topics_menu_opens_category_entity_and_its_questions(bot: RunningBot) -> None:
    await ask(bot.api, USER, "/topics")
    menu = bot.api.sent(USER)[0].result["message_id"]
    bot.api.tap(USER, menu, "m|t:mission")
    page = (await bot.api.wait_for(1, USER, methods=("editMessageReplyMarkup",)))[-1]
    assert page.buttons == [("EULEX Kosovo", "m|e:eulex"), ("EUFOR Althea", "m|e:althea"), ("« Back", "m|")]
    bot.api.tap(USER, menu, "m|e:althea")
    page = (await bot.api.wait_for(2, USER, methods=("editMessageReplyMarkup",)))[-1]
    assert [label for label, _ in page.buttons] == [
        "Tell me about EUFOR Althea", "When was EUFOR Althea launched?", "When did EUFOR Althea end?", "« Back"]
    bot.api.tap(USER, menu, page.buttons[1][1])
    answer = (await bot.api.wait_for(2, USER))[-1]
    assert answer.text.startswith("When was EUFOR Althea launched?\n\nEUFOR Althea was launched on 2 December 2004.")
    bot.api.tap(USER, menu, "m|t:general")
    page = (await bot.api.wait_for(3, USER, methods=("editMessageReplyMarkup",)))[-1]
    assert page.buttons[0] == ("Which EU missions are active?", "a|missions.active|")
    await bot.api.wait_for(4, methods=("answerCallbackQuery",))


async def test_in_groups_the_bot_answers_only_when_addressed(bot: RunningBot) -> None:
    api = bot.api
    api.message(GROUP, "when was eulex launched", user_id=USER)
    await settle(api)
    assert api.sent(GROUP) == []  # chatter is left alone
    text = await ask(api, GROUP, f"@{BOT_USERNAME} when was eulex launched", user_id=USER)
    assert text.startswith("EULEX was launched")
    first = api.sent(GROUP)[0]
    assert first.params["reply_parameters"]["message_id"] > 0  # the answer quotes the asker
    text = await ask(api, GROUP, "and althea?", user_id=OTHER, reply_to=first.result["message_id"], count=2)
    assert text.startswith("EUFOR Althea was launched on 2 December 2004.")  # a reply to the bot, in context
    assert (await ask(api, GROUP, "/ask what is cfsp", user_id=USER, count=3)).startswith("The Common Foreign")
    assert "mention me" in await ask(api, GROUP, f"/help@{BOT_USERNAME}", user_id=USER, count=4)
    api.message(GROUP, "/weather@some_other_bot", user_id=USER)
    api.message(GROUP, "a sticker for you all", user_id=USER, sticker={"file_id": "s", "file_unique_id": "s",
                "width": 1, "height": 1, "is_animated": False, "is_video": False, "type": "regular"})
    await settle(api)
    assert len(api.sent(GROUP)) == 4


async def test_media_get_a_friendly_note_and_channel_posts_are_ignored(bot: RunningBot) -> None:
    api = bot.api
    sticker = {"file_id": "s", "file_unique_id": "s", "width": 512, "height": 512, "is_animated": False,
               "is_video": False, "type": "regular"}
    api.message(USER, None, sticker=sticker)
    api.message(USER, None, location={"latitude": 42.66, "longitude": 21.16})
    api.message(USER, None, photo=[{"file_id": "p", "file_unique_id": "p", "width": 9, "height": 9}])
    api.message(USER, None, voice={"file_id": "v", "file_unique_id": "v", "duration": 2})
    replies = await api.wait_for(4, USER)
    assert all(reply.text == texts.MEDIA for reply in replies)
    api.channel_post(-100777, "a channel post")
    await settle(api)
    assert api.sent(-100777) == [] and bot.state.stats.errors == 0


async def test_an_edited_question_edits_the_earlier_answer(bot: RunningBot) -> None:
    api = bot.api
    question = api.message(USER, "when was eulex launched")
    await api.wait_for(1, USER)
    api.edit(question, "when was althea launched")
    edit = (await api.wait_for(1, USER, methods=("editMessageText",)))[0]
    assert edit.text.startswith("EUFOR Althea was launched on 2 December 2004.")
    assert edit.params["message_id"] == api.sent(USER)[0].result["message_id"]
    assert [label for label, _ in edit.buttons] == ["When did EUFOR Althea end?", "Tell me about EUFOR Althea"]
    api.edit(question, "When was Althea launched?")  # the same answer: nothing to change
    await settle(api)
    assert len(api.sent(USER)) == 1 and len(api.sent(USER, methods=("editMessageText",))) == 1
    assert all(call.status == 200 for call in api.calls)


async def test_an_edited_ask_is_answered_again_in_place(bot: RunningBot) -> None:
    api = bot.api
    question = api.message(GROUP, "/ask when was eulex launched", user_id=USER)
    answer = (await api.wait_for(1, GROUP))[0]
    api.edit(question, "/ask when was althea launched")
    edit = (await api.wait_for(1, GROUP, methods=("editMessageText",)))[0]
    assert edit.params["message_id"] == answer.result["message_id"]
    assert edit.text.startswith("EUFOR Althea was launched on 2 December 2004.")


async def test_a_question_edited_into_a_command_loses_its_answer_and_the_command_runs(bot: RunningBot) -> None:
    api = bot.api
    question = api.message(USER, "when was eulex launched")
    answer = (await api.wait_for(1, USER))[0]
    api.edit(question, "/help")
    deleted = (await api.wait_for(1, USER, methods=("deleteMessage",)))[0]
    assert deleted.params["message_id"] == answer.result["message_id"]
    assert "Follow-ups work" in (await api.wait_for(2, USER))[-1].text


async def test_a_429_is_waited_out_and_the_answer_delivered_exactly_once(bot: RunningBot) -> None:
    bot.api.fail("sendMessage", 429, retry_after=1)
    await ask(bot.api, USER, "when was eulex launched")
    await settle(bot.api)
    attempts = [c for c in bot.api.calls if c.method == "sendMessage"]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # retry_after was honoured


async def test_a_500_is_retried_with_back_off_and_delivered_exactly_once(bot: RunningBot) -> None:
    bot.api.fail("sendMessage", 500, times=2)
    text = await ask(bot.api, USER, "when was eulex launched")
    await settle(bot.api)
    assert text.startswith("EULEX was launched")
    assert [c.status for c in bot.api.calls if c.method == "sendMessage"] == [500, 500, 200]


async def test_one_slow_chat_does_not_hold_up_the_others(bot: RunningBot) -> None:
    bot.api.fail("sendMessage", 500, times=2, chat_id=USER)  # about 1.5 s of back-off for this chat
    bot.api.message(USER, "when was eulex launched")
    await asyncio.sleep(0.1)
    fast = (await bot.api.wait_for(1, OTHER)) if bot.api.message(OTHER, "hi") else []
    slow = await bot.api.wait_for(1, USER)
    assert fast[0].at < slow[0].at - 0.5


async def test_the_per_user_limit_answers_politely_once(start_bot: StartBot) -> None:
    bot = await start_bot(user_rate_per_minute=3)
    for number in range(6):
        bot.api.message(USER, f"when was eulex launched {number}")
    replies = await bot.api.wait_for(4, USER)
    await settle(bot.api)
    assert len(bot.api.sent(USER)) == 4
    assert replies[3].text.startswith("You're asking faster than I can answer well. Please wait about 20 seconds")
    assert (await ask(bot.api, OTHER, "hi")).startswith("Hello!")  # other users are not affected


def fail_once(engine: Engine) -> None:
    """Make the engine's next answer fail ("boom"), and the ones after it work again."""
    answer = engine.answer

    def broken(*args: object, **kwargs: object) -> object:
        engine.answer = answer  # type: ignore[method-assign]
        raise RuntimeError("boom")

    engine.answer = broken  # type: ignore[method-assign]


async def test_an_error_is_logged_and_the_user_told_and_the_bot_goes_on(
        bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    fail_once(bot.state.holder.engine)
    assert await ask(bot.api, USER, "when was eulex launched") == texts.ERROR
    assert (await ask(bot.api, USER, "when was eulex launched", count=2)).startswith("EULEX was launched")
    errors = [r for r in caplog.records if r.levelname == "ERROR" and r.exc_info]
    assert errors and "boom" in str(errors[0].exc_info[1])  # type: ignore[index]


async def test_in_a_forum_topic_the_error_message_goes_to_that_topic(bot: RunningBot) -> None:
    fail_once(bot.state.holder.engine)
    question = bot.api.message(GROUP, f"@{BOT_USERNAME} when was eulex launched", user_id=USER, topic=7)
    error = (await bot.api.wait_for(1, GROUP))[0]
    assert error.text == texts.ERROR
    assert error.params["message_thread_id"] == 7  # not in General, where nobody in topic 7 sees it
    assert error.params["reply_parameters"]["message_id"] == question["message_id"]


async def test_unknown_commands_point_to_help(bot: RunningBot) -> None:
    assert await ask(bot.api, USER, "/weather") == texts.UNKNOWN_COMMAND.format(command="weather")


@pytest.mark.parametrize(("url", "path"), [
    ("https://bots.example.org/cfsp-bot/webhook", "cfsp-bot/webhook"),
    ("https://bots.example.org/", ""),
    ("https://bots.example.org:8443/hook?x=1", "hook"),
])
def test_the_webhook_listens_on_the_path_of_its_url(url: str, path: str) -> None:
    assert webhook_path(url) == path


def test_webhook_mode_without_its_extra_is_one_line_and_exit_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    settings = Settings(telegram_token=TOKEN, webhook_url="https://bots.example.org/hook")
    assert run_telegram(settings) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "webhooks" in err[0] and TOKEN not in err[0]


def test_no_token_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_telegram(Settings()) == 1
    assert capsys.readouterr().err.startswith("error: TELEGRAM_BOT_TOKEN is not set")


def _env(api: FakeBotApi, token: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_", "WEBHOOK_"))}
    env.update({"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": api.base_url, "NO_PROXY": "127.0.0.1",
                "no_proxy": "127.0.0.1", "BOT_RECORD_UNANSWERED": "0", **extra})
    return env


async def test_a_wrong_token_gives_one_line_and_exit_1(api: FakeBotApi, kb_root: Path, tmp_path: Path) -> None:
    wrong = "424242:AAThisIsTheWrongTokenForTheTestsXYZ"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "telegram", "--root", str(kb_root), cwd=tmp_path,
        env=_env(api, wrong), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 30)
    lines = err.decode().strip().splitlines()
    assert process.returncode == 1
    assert lines == ["error: Telegram rejected the bot token (TELEGRAM_BOT_TOKEN); check it with @BotFather"]
    assert out == b""


async def test_the_cli_bot_answers_stops_cleanly_and_never_logs_the_token(
        api: FakeBotApi, kb_root: Path, tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "telegram", "--root", str(kb_root), cwd=tmp_path,
        env=_env(api, TOKEN, LOG_LEVEL="DEBUG"), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await api.polling(timeout=30)
        api.fail("sendMessage", 500)  # so an error is logged too
        api.message(USER, "when was eulex launched")
        await api.wait_for(1, USER, timeout=20)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    log = err.decode()
    assert process.returncode == 0, log[-2000:]
    assert "sendMessage failed" in log  # the DEBUG log is really there...
    assert TOKEN not in log and TOKEN.partition(":")[2] not in log  # ...but never the token
    assert "Traceback" not in log


@pytest.mark.skipif(bool(check(PROJECT_ROOT)[1]), reason="the project's knowledge base does not validate yet")
async def test_the_real_knowledge_base_through_telegram(start_bot: StartBot) -> None:
    bot = await start_bot(root=PROJECT_ROOT)
    api = bot.api
    await ask(api, USER, "/start")
    parts = len(texts.sources_messages(bot.state.holder.engine))
    assert 1 <= parts <= texts.MAX_SOURCES_MESSAGES
    await ask(api, USER, "/sources", count=1 + parts)
    text = await ask(api, USER, "When was EULEX launched?", count=2 + parts)
    answer = api.sent(USER)[-1]
    assert "EULEX" in text and "<a href=" in answer.params["text"] and answer.buttons
    api.tap(USER, answer.result["message_id"], answer.buttons[0][1])
    await api.wait_for(3 + parts, USER)
    api.tap(USER, api.sent(USER)[0].result["message_id"], "m|t:mission")
    page = (await api.wait_for(1, USER, methods=("editMessageReplyMarkup",)))[0]
    assert len(page.buttons) == len(bot.state.holder.engine.kb.entities_of("mission")) + 1
    assert all(call.status == 200 for call in api.calls)
