"""Everything the handlers share: the running bot's state (`get_state`), and what
python-telegram-bot keeps per chat and for the bot (`chat_data`, `bot_data`), which the
persistence saves across restarts."""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.config import Settings
from bot.reply import Reply
from bot.telegram.limits import QuestionLimiter
from bot.telegram.memory import ChatMemory
from bot.telegram.reloading import EngineHolder
from bot.telegram.texts import FixedTexts, load_fixed_texts

log = logging.getLogger(__name__)

# Bumped when what is saved changes shape: a file of another format is set aside, not misread.
STATE_FORMAT = 1


class UnansweredStore(Protocol):
    """What the bot needs of bot.unanswered.UnansweredLog (issue 5)."""

    def record_reply(self, question: str, reply: Reply) -> None: ...

    def groups(self, *, days: float | None = None, limit: int = 10) -> list[Any]: ...


@dataclass
class Stats:
    """Counters since start, for /stats."""

    started: float = field(default_factory=time.time)
    questions: int = 0  # typed questions (and edited ones)
    understood: int = 0
    fallbacks: int = 0
    taps: int = 0  # suggestion buttons tapped
    rate_limited: int = 0
    errors: int = 0

    def count(self, reply: Reply, *, tapped: bool = False) -> None:
        if tapped:
            self.taps += 1
        else:
            self.questions += 1
        if reply.matched:
            self.understood += 1
        else:
            self.fallbacks += 1


@dataclass
class BotState:
    """The engine and the bookkeeping of one running bot (never saved)."""

    settings: Settings
    holder: EngineHolder
    limiter: QuestionLimiter = field(default_factory=lambda: QuestionLimiter(20))
    stats: Stats = field(default_factory=Stats)  # the same object as BotData.stats, once attached
    unanswered: UnansweredStore | None = None
    # When this run started: messages sent before it are a backlog, not a flood.
    started_at: float = field(default_factory=time.time)
    fixed_texts: FixedTexts = field(default_factory=load_fixed_texts)  # texts.yaml
    unreachable_admins: set[int] = field(default_factory=set)  # notifications failed: not retried
    tasks: list[asyncio.Task[None]] = field(default_factory=list)  # the watcher, the periodic save

    def record(self, question: str, reply: Reply) -> None:
        """Hand a typed question to the unanswered-questions log; never fails."""
        if self.unanswered is None:
            return
        try:
            self.unanswered.record_reply(question, reply)
        except Exception:  # recording is a nicety; answering must go on
            log.exception("recording an unanswered question failed")


def open_unanswered(settings: Settings) -> UnansweredStore | None:
    """The unanswered-questions log, or None if it is switched off, missing or broken."""
    if not settings.record_unanswered:
        return None
    try:  # imported by name: the module is optional (and written separately)
        module = importlib.import_module("bot.unanswered")
    except ImportError:
        log.info("bot.unanswered is not available: unanswered questions are not recorded")
        return None
    try:
        store: UnansweredStore = module.UnansweredLog(settings.db_path, enabled=settings.record_unanswered)
    except Exception:
        log.exception("cannot open the unanswered-questions log at %s; not recording", settings.db_path)
        return None
    return store


class BotData:
    """The application's `bot_data`: the statistics, which are saved, and the running
    bot's state, which is not (it holds the engine; see `attach`)."""

    def __init__(self) -> None:
        self.format: object = STATE_FORMAT
        self.stats = Stats()
        self.state: BotState | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"format": self.format, "stats": self.stats}  # also what deepcopy copies

    def __setstate__(self, saved: dict[str, Any]) -> None:
        self.format = saved.get("format")
        self.stats = saved.get("stats") or Stats()
        self.state = None


CONTEXT_TYPES = ContextTypes(bot_data=BotData, chat_data=ChatMemory)
# The handlers' context: chat_data is a ChatMemory, bot_data a BotData.
Context = CallbackContext[ExtBot[Any], dict[Any, Any], ChatMemory, BotData]


class HasBotData(Protocol):
    @property
    def bot_data(self) -> BotData: ...


def attach(holder: HasBotData, state: BotState) -> None:
    """Put the running state into bot_data, counting on the saved statistics. Again after
    `Application.initialize`, which replaces bot_data with the saved one."""
    data = holder.bot_data
    data.state = state
    state.stats = data.stats


def get_state(holder: HasBotData) -> BotState:
    """The shared state (from a context or the application)."""
    state = holder.bot_data.state
    assert state is not None, "attach() was not called"
    return state
