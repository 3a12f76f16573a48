"""Everything the handlers share, injected once into `bot_data` and read through `get_state`."""

from __future__ import annotations

import importlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram.ext import ContextTypes

from bot.config import Settings
from bot.context import ConversationStore
from bot.reply import Reply
from bot.telegram.keyboards import CallbackTable
from bot.telegram.limits import QuestionLimiter
from bot.telegram.reloading import EngineHolder
from bot.telegram.sending import SentReplies
from bot.telegram.texts import FixedTexts, load_fixed_texts

log = logging.getLogger(__name__)

STATE_KEY = "cfsp_bot_state"

# The handlers' context, as python-telegram-bot types it by default.
Context = ContextTypes.DEFAULT_TYPE


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
    """The engine, per-chat context and the bookkeeping of one running bot."""

    settings: Settings
    holder: EngineHolder
    conversations: ConversationStore = field(default_factory=ConversationStore)
    limiter: QuestionLimiter = field(default_factory=lambda: QuestionLimiter(20))
    callbacks: CallbackTable = field(default_factory=CallbackTable)
    sent: SentReplies = field(default_factory=SentReplies)
    stats: Stats = field(default_factory=Stats)
    unanswered: UnansweredStore | None = None
    # When this run started: messages sent before it are a backlog, not a flood.
    started_at: float = field(default_factory=time.time)
    fixed_texts: FixedTexts = field(default_factory=load_fixed_texts)  # texts.yaml
    unreachable_admins: set[int] = field(default_factory=set)  # notifications failed: not retried

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


class HasBotData(Protocol):
    @property
    def bot_data(self) -> dict[Any, Any]: ...


def get_state(holder: HasBotData) -> BotState:
    """The shared state, put into bot_data by build_application (from a context or the application)."""
    state = holder.bot_data[STATE_KEY]
    assert isinstance(state, BotState)
    return state
