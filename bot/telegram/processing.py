"""Updates from different chats handled concurrently, updates of one chat strictly in order.

In order within a chat, because a follow-up ("and Althea?") needs the answer before it to
have set the chat's context, and replies must not overtake each other. Concurrent across
chats, so one chat waiting out a flood limit does not hold up the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates in progress or waiting for their chat. Those waiting hold no worker, so this
# only bounds memory; python-telegram-bot fetches at most 100 updates per request anyway.
MAX_PENDING_UPDATES = 4096
# Updates being worked on at once (each one answering, or waiting out a flood limit).
WORKERS = 64


def chat_key(update: object) -> Hashable | None:
    """The chat an update belongs to, or None for updates that belong to none."""
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within one."""

    def __init__(self, *, workers: int = WORKERS, max_pending: int = MAX_PENDING_UPDATES) -> None:
        super().__init__(max_pending)
        self._workers = asyncio.BoundedSemaphore(workers)
        self._chats: dict[Hashable, tuple[asyncio.Lock, int]] = {}  # lock, updates using it

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            async with self._workers:
                await coroutine
            return
        lock, users = self._chats.get(key, (asyncio.Lock(), 0))
        self._chats[key] = (lock, users + 1)
        try:
            async with lock, self._workers:
                await coroutine
        finally:
            lock, users = self._chats[key]
            if users <= 1:
                del self._chats[key]  # no update of this chat left: forget its lock
            else:
                self._chats[key] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: the application waits for running updates before shutting down."""
