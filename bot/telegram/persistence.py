"""What survives a restart: python-telegram-bot's PicklePersistence, for `chat_data` (each
chat's conversations and recent answers, bot/telegram/memory.py) and `bot_data` (the
statistics), in one file under the data folder.

The file is written whole every SAVE_INTERVAL_S seconds and at shutdown, to a temporary
file renamed over the old one, so a crash never leaves half a file. A file that cannot be
read, or was written in another format, is moved aside with one warning and the bot starts
afresh: remembering is a convenience, answering is what matters.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import time
from pathlib import Path
from typing import Any

from telegram.ext import Application, PersistenceInput, PicklePersistence

from bot.telegram.memory import ChatMemory
from bot.telegram.state import CONTEXT_TYPES, STATE_FORMAT, BotData

log = logging.getLogger(__name__)

# How often what changed is written to the file; a crash loses at most this much.
SAVE_INTERVAL_S = 30.0


class StatePersistence(PicklePersistence[dict[Any, Any], ChatMemory, BotData]):
    """PicklePersistence of chat_data and bot_data, written atomically when flushed.

    `on_flush`: python-telegram-bot's periodic update only refreshes the copies in memory
    (otherwise it would rewrite the whole file once for every chat that changed); `save`
    writes them out.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, store_data=PersistenceInput(bot_data=True, chat_data=True, user_data=False,
                                                           callback_data=False),
                         on_flush=True, update_interval=SAVE_INTERVAL_S, context_types=CONTEXT_TYPES)
        self._failing = False

    async def flush(self) -> None:
        """Write everything to a temporary file, then rename it over the saved one; never raises."""
        final = self.filepath
        temporary = final.with_name(final.name + ".tmp")
        self.filepath = temporary
        try:
            await super().flush()
            if temporary.exists():
                os.replace(temporary, final)
        except Exception as error:  # a full disk must not stop the bot: it just forgets more
            if not self._failing:
                log.warning("could not save the bot's state to %s (%s); it keeps answering, "
                            "but conversations will not survive a restart until this is fixed", final, error)
            self._failing = True
            with contextlib.suppress(OSError):
                temporary.unlink()
        else:
            self._failing = False
        finally:
            self.filepath = final


def _problem(path: Path) -> str | None:
    """Why the saved file cannot be used, or None if it can (or there is none)."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as file:
            data = pickle.Unpickler(file).load()
    except Exception as error:  # unreadable, truncated, garbage, classes that no longer exist...
        return f"{type(error).__name__}: {error}"
    bot_data = data.get("bot_data") if isinstance(data, dict) else None
    if not isinstance(bot_data, BotData):
        return "it was not written by this version of the bot"
    if bot_data.format != STATE_FORMAT:
        return f"it is in format {bot_data.format!r}, this version writes format {STATE_FORMAT}"
    chat_data = data.get("chat_data")
    if not isinstance(chat_data, dict) or not all(isinstance(m, ChatMemory) for m in chat_data.values()):
        return "its chat data are not in this version's format"
    return None


def open_persistence(path: Path) -> StatePersistence | None:
    """The persistence over `path`; a file that cannot be used is moved aside first.

    None (the bot then remembers nothing across restarts) only if the folder cannot be
    made or a broken file cannot be moved.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.warning("cannot create %s (%s): conversations will not survive a restart", path.parent, error)
        return None
    problem = _problem(path)
    if problem is not None:
        aside = path.with_name(f"{path.name}.unusable-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, aside)
        except OSError as error:
            log.warning("the saved state %s cannot be used (%s) nor moved aside (%s): "
                        "running without saving conversations", path, problem, error)
            return None
        log.warning("the saved state %s could not be used (%s); moved it to %s and starting afresh",
                    path, problem, aside.name)
    return StatePersistence(path)


def prune(app: Application[Any, Any, Any, ChatMemory, Any, Any]) -> None:
    """Forget what is past keeping: expired conversations, old answers, chats with nothing left."""
    for chat_id, memory in list(app.chat_data.items()):
        before = (len(memory.contexts), len(memory.answers))
        memory.prune()
        if memory.is_empty():
            app.drop_chat_data(chat_id)
        elif (len(memory.contexts), len(memory.answers)) != before:
            app.mark_data_for_update_persistence(chat_ids=chat_id)


async def save(app: Application[Any, Any, Any, ChatMemory, Any, Any]) -> None:
    """Prune, hand what changed to the persistence, and write it out."""
    if app.persistence is None:
        return
    prune(app)
    await app.update_persistence()
    await app.persistence.flush()


async def keep_saving(app: Application[Any, Any, Any, ChatMemory, Any, Any],
                      interval_s: float = SAVE_INTERVAL_S) -> None:
    """Save every `interval_s` seconds until cancelled; no error stops it."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            await save(app)
        except Exception:
            log.exception("saving the bot's state failed; trying again in %.0f s", interval_s)
