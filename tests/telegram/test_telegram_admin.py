"""Admin commands and knowledge base reloading, through the real Application and the fake server."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from conftest import StartBot
from telegram_fakes import ADMIN, FakeBotApi, RunningBot

from bot.telegram import texts

USER = 1001
BROKEN_YAML = "intents:\n  - id: mission.broken\n    title: [unclosed\n"


def write(path: Path, text: str) -> None:
    """Replace a file at once, as an editor's save does, so the watcher never sees half of it."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


async def ask(api: FakeBotApi, chat_id: int, text: str, *, count: int = 1) -> str:
    api.message(chat_id, text)
    return (await api.wait_for(count, chat_id))[-1].text


async def test_reload_by_an_admin_swaps_in_the_new_base(bot: RunningBot, kb_root: Path) -> None:
    base = kb_root / "knowledge" / "base.yaml"
    base.write_text(base.read_text().replace("EULEX was launched in February 2008", "EULEX began in February 2008"))
    old_engine = bot.state.holder.engine
    text = await ask(bot.api, ADMIN, "/reload")
    assert text.startswith("✅ Knowledge base reloaded in") and "2 missions" in text
    assert bot.state.holder.engine is not old_engine
    assert (await ask(bot.api, USER, "when was eulex launched")).startswith("EULEX began in February 2008")


async def test_reload_and_stats_do_not_exist_for_others(bot: RunningBot) -> None:
    engine = bot.state.holder.engine
    assert await ask(bot.api, USER, "/reload") == texts.UNKNOWN_COMMAND.format(command="reload")
    assert await ask(bot.api, USER, "/stats", count=2) == texts.UNKNOWN_COMMAND.format(command="stats")
    assert bot.state.holder.engine is engine


async def test_a_broken_base_is_refused_and_the_last_good_one_keeps_serving(bot: RunningBot, kb_root: Path) -> None:
    (kb_root / "intents" / "broken.yaml").write_text(BROKEN_YAML)
    engine = bot.state.holder.engine
    text = await ask(bot.api, ADMIN, "/reload")
    assert text.startswith("⚠️ The knowledge base has 1 problem; I keep serving the previous one.")
    assert "intents/broken.yaml:4:1: YAML syntax error" in text
    assert bot.state.holder.engine is engine
    assert (await ask(bot.api, USER, "when was eulex launched")).startswith("EULEX was launched")


async def test_the_watcher_reloads_on_change_and_tells_admins_about_a_broken_base(
        start_bot: StartBot, kb_root: Path) -> None:
    bot = await start_bot(watch_interval_s=0.05)
    base = kb_root / "knowledge" / "base.yaml"
    first = bot.state.holder.engine
    write(base, base.read_text().replace("EUFOR Althea is still active.", "EUFOR Althea goes on."))
    async with asyncio.timeout(10):
        while bot.state.holder.engine is first:
            await asyncio.sleep(0.02)
    assert (await ask(bot.api, USER, "is althea still active")).startswith("EUFOR Althea goes on.")
    assert bot.api.sent(ADMIN) == []  # a good reload is only logged
    write(kb_root / "intents" / "broken.yaml", BROKEN_YAML)
    notice = (await bot.api.wait_for(1, ADMIN))[0]
    assert notice.text.startswith("⚠️ The changed knowledge base has 1 problem; I keep serving the previous one.")
    assert (await ask(bot.api, USER, "is althea still active", count=2)).startswith("EUFOR Althea goes on.")
    (kb_root / "intents" / "broken.yaml").unlink()
    fixed = (await bot.api.wait_for(2, ADMIN))[-1]
    assert fixed.text.startswith("✅ The knowledge base changed and was reloaded")


async def test_stats_show_answers_fallbacks_and_top_unanswered(bot: RunningBot) -> None:
    await ask(bot.api, USER, "when was eulex launched")
    await ask(bot.api, USER, "what is the weather in skopje", count=2)
    await ask(bot.api, USER, "what is the weather in skopje", count=3)
    text = await ask(bot.api, ADMIN, "/stats")
    assert "Questions: 3 typed, 0 from buttons" in text
    assert "Answered: 1" in text and "Fallbacks (not understood or out of scope): 2" in text
    assert "2× what is the weather in skopje" in text
