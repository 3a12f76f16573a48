"""Conversation state: what was last asked about, per conversation, for follow-ups."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace

from bot.knowledge import FactRef

# A follow-up an hour later is a new question, not a continuation.
CONTEXT_TTL_S = 30 * 60
# Bounded so that a flood of one-off chats cannot grow memory without limit.
MAX_CONVERSATIONS = 50_000


@dataclass
class Conversation:
    """The last intent and the entities it was about, in one chat or console session."""

    intent: str | None = None
    entities: dict[str, str] = field(default_factory=dict)  # entity type -> entity id
    focus: str | None = None  # the entity type the last answer was about: what "it" means
    listed: tuple[str, ...] = ()  # the entities the last list answer named ("the one in Kosovo")
    # The fact record(s) the last answer gave, when a fact answered: "who had that job before him?"
    fact: FactRef | None = None
    # The years the last answered question asked ("in 2019"): what "the year before" counts from.
    years: tuple[str, ...] = ()
    updated: float = 0.0

    def remember(self, intent: str | None, entities: dict[str, str], now: float, *, focus: str | None = None,
                 listed: tuple[str, ...] = (), fact: FactRef | None = None) -> None:
        self.intent = intent
        self.listed = listed
        self.fact = fact
        self.entities.update(entities)
        if focus is not None:
            self.focus = focus
        self.updated = now

    def remember_entities(self, entities: dict[str, str], now: float, *, focus: str | None = None) -> None:
        """What a question was about, when the bot could not answer it (it asked which was meant)."""
        self.entities.update(entities)
        self.focus = focus or self.focus
        self.updated = now

    def copy(self) -> Conversation:
        return replace(self, entities=dict(self.entities))

    def restore(self, saved: Conversation) -> None:
        """Back to a state copied earlier (a compound question answered whole after all)."""
        vars(self).update(vars(saved.copy()))

    def clear(self) -> None:
        self.intent, self.entities, self.focus, self.listed, self.fact, self.updated = None, {}, None, (), None, 0.0
        self.years = ()


class ConversationStore:
    """Conversations by key (a chat id, a console session); expired ones start afresh."""

    def __init__(self, *, ttl_s: float = CONTEXT_TTL_S, max_size: int = MAX_CONVERSATIONS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s, self.max_size, self.clock = ttl_s, max_size, clock
        self._items: OrderedDict[Hashable, Conversation] = OrderedDict()

    def get(self, key: Hashable) -> Conversation:
        conversation = self._items.get(key)
        now = self.clock()
        if conversation is None:
            conversation = self._items[key] = Conversation()
        elif conversation.updated and now - conversation.updated > self.ttl_s:
            conversation.clear()
        self._items.move_to_end(key)
        while len(self._items) > self.max_size:
            self._items.popitem(last=False)
        return conversation

    def __len__(self) -> int:
        return len(self._items)
