"""Outgoing requests that survive flood limits and network faults (see ../shared/harness/README.md).

python-telegram-bot's AIORateLimiter paces the bot as a whole (30 messages a second) and
each group (20 a minute) and, given `max_retries`, waits out a 429. On its own it retries
nothing else and does not pace a private chat, so this subclass also

- retries 5xx answers, dropped connections and time-outs with exponential back-off, but
  never a 400 (BadRequest) or 403 (Forbidden), which would fail the same way again;
- paces each private chat (Telegram asks for about one message a second per chat).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]

# A 429 is waited out and retried this often; at a 10% 429 rate 3 retries still lost
# 1 reply in 1,000 in the harness, 5 lost none.
RETRY_AFTER_RETRIES = 8
# 5xx, dropped connections and time-outs: attempts after the first, and the back-off
# (doubling from FIRST to at most MAX seconds, with jitter) between them. About 30 s in
# all, longer than a typical Bot API hiccup.
NETWORK_RETRIES = 6
FIRST_BACKOFF_S = 0.5
MAX_BACKOFF_S = 8.0
# Telegram asks for about one message a second per chat and allows short bursts: each
# private chat may send a burst of CHAT_BURST messages, refilled at one a second, so a
# long answer in parts or a few quick questions are not held back.
CHAT_BURST = 10
CHAT_PERIOD_S = 10.0
# Private-chat limiters kept at once; idle ones (full capacity) are dropped first.
MAX_CHAT_LIMITERS = 4096


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter that also retries transient network errors and paces private chats."""

    def __init__(self, *, max_retries: int = RETRY_AFTER_RETRIES, network_retries: int = NETWORK_RETRIES,
                 first_backoff_s: float = FIRST_BACKOFF_S, max_backoff_s: float = MAX_BACKOFF_S,
                 chat_burst: int = CHAT_BURST, chat_period_s: float = CHAT_PERIOD_S) -> None:
        super().__init__(max_retries=max_retries)
        self.network_retries = network_retries
        self.first_backoff_s, self.max_backoff_s = first_backoff_s, max_backoff_s
        self.chat_burst, self.chat_period_s = chat_burst, chat_period_s
        self._chat_limiters: dict[int, AsyncLimiter] = {}

    def _chat_limiter(self, chat_id: object) -> AsyncLimiter | None:
        """The pacing of one private chat (positive id); groups are paced by the parent class."""
        try:
            chat = int(str(chat_id))
        except ValueError:
            return None
        if chat <= 0 or self.chat_burst <= 0:
            return None
        limiter = self._chat_limiters.get(chat)
        if limiter is None:
            if len(self._chat_limiters) >= MAX_CHAT_LIMITERS:
                for key, old in list(self._chat_limiters.items()):
                    if old.has_capacity(old.max_rate):
                        del self._chat_limiters[key]
            limiter = self._chat_limiters[chat] = AsyncLimiter(self.chat_burst, self.chat_period_s)
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        limiter = self._chat_limiter(data.get("chat_id"))
        delay = self.first_backoff_s
        attempt = 0
        while True:
            try:
                async with limiter if limiter is not None else contextlib.nullcontext():
                    return await super().process_request(callback, args, kwargs, endpoint, data,
                                                         rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as error:  # 5xx, a dropped connection, TimedOut
                if attempt >= self.network_retries:
                    log.error("%s failed %d times, giving up: %s", endpoint, attempt + 1, error)
                    raise
                attempt += 1
                pause = delay * random.uniform(0.8, 1.2)
                log.warning("%s failed (%s); retry %d in %.1f s", endpoint, error, attempt, pause)
                await asyncio.sleep(pause)
                delay = min(delay * 2, self.max_backoff_s)
