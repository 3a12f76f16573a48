"""What survives a restart, and a saved state that cannot be used: through the real
Application, stopped and started again against the same fake server."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest
from conftest import StartBot
from telegram_fakes import ADMIN, Call, FakeBotApi

from bot.telegram.memory import ChatMemory
from bot.telegram.persistence import open_persistence

USER = 1001


async def say(api: FakeBotApi, chat_id: int, text: str, **kw: object) -> Call:
    before = len(api.sent(chat_id))
    api.message(chat_id, text, **kw)  # type: ignore[arg-type]
    return (await api.wait_for(before + 1, chat_id))[-1]


async def test_a_restart_mid_conversation_keeps_follow_ups_edits_replies_and_stats(start_bot: StartBot) -> None:
    bot = await start_bot()
    api = bot.api
    question = api.message(USER, "when was eulex launched")
    answer = (await api.wait_for(1, USER))[0]
    await say(api, USER, "what is althea")
    await bot.stop()  # a deploy: the state is saved as the bot shuts down
    assert bot.settings.telegram_state_path.is_file()

    api.message(USER, "when did it end?")  # sent while the bot is down
    bot = await start_bot()
    follow_up = (await api.wait_for(3, USER))[-1]
    assert follow_up.text.startswith("EUFOR Althea is still active.")  # "it" is still Althea

    api.edit(question, "when was althea launched")  # a question asked before the restart
    edit = (await api.wait_for(1, USER, methods=("editMessageText",)))[0]
    assert edit.params["message_id"] == answer.result["message_id"]
    assert edit.text.startswith("EUFOR Althea was launched on 2 December 2004.")
    assert len(api.sent(USER)) == 3  # edited in place, not answered anew

    reply = await say(api, USER, "and eulex?", reply_to=follow_up.result["message_id"])
    assert reply.text.startswith("EULEX is still active")  # continues from the answer replied to

    stats = await say(api, ADMIN, "/stats")
    assert "Questions: 5 typed" in stats.text  # counted before and after the restart


@pytest.mark.parametrize(("name", "content"), [
    ("garbage", b"this is not a pickle at all"),
    ("truncated", pickle.dumps({"bot_data": None, "chat_data": {1: ChatMemory()}})[:20]),
    ("old format", pickle.dumps({"user_data": {}, "chat_data": {}, "bot_data": {"cfsp_bot_state": 1},
                                 "callback_data": None, "conversations": {}})),
    ("empty", b""),
])
async def test_an_unusable_state_file_is_moved_aside_with_one_warning_and_the_bot_starts_afresh(
        start_bot: StartBot, tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str, content: bytes) -> None:
    path = tmp_path / "telegram-state.pickle"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        bot = await start_bot(state_path=path)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "could not be used" in warnings[0] and "starting afresh" in warnings[0]
    moved = list(tmp_path.glob("telegram-state.pickle.unusable-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == content  # kept for a look, not deleted
    assert (await say(bot.api, USER, "when was eulex launched")).text.startswith("EULEX was launched")
    await bot.stop()
    assert open_persistence(path) is not None and not list(tmp_path.glob("*.unusable-*"))[1:]  # the new file is good


async def test_a_state_file_in_the_way_of_a_folder_leaves_the_bot_answering(
        start_bot: StartBot, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with caplog.at_level(logging.WARNING):
        bot = await start_bot(state_path=blocker / "telegram-state.pickle")
    assert any("will not survive a restart" in r.getMessage() for r in caplog.records)
    assert (await say(bot.api, USER, "when was eulex launched")).text.startswith("EULEX was launched")
