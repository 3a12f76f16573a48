"""A per-user limit on questions, so one user cannot flood the bot (or Telegram on its behalf)."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

# After a notice, further refusals stay quiet for this long: one notice per limited spell,
# not one per burst (a steady asker just over the rate would otherwise get one every few questions).
SPELL_S = 60.0
# Users remembered at once; the least recently seen are forgotten first (a forgotten
# user simply starts again with a full allowance).
MAX_USERS = 100_000


@dataclass(frozen=True)
class Verdict:
    """Whether a question may be answered, and whether to tell the user why not."""

    allowed: bool
    notify: bool = False  # the first refusal of a spell: say so once, then stay quiet
    retry_after_s: int = 0  # whole seconds until the next question is allowed (at least 1)


@dataclass
class _Bucket:
    tokens: float
    updated: float
    refused: bool = False
    notified: float | None = None  # when the user was last told to wait


class QuestionLimiter:
    """A token bucket per user: `per_minute` questions at once, then one every 60/per_minute s.

    `per_minute` 0 (or less) turns the limit off.
    """

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic,
                 max_users: int = MAX_USERS) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.max_users = max_users
        self._buckets: OrderedDict[Hashable, _Bucket] = OrderedDict()

    def check(self, user: Hashable) -> Verdict:
        """Take one question from the user's allowance."""
        if self.per_minute <= 0:
            return Verdict(True)
        now = self.clock()
        rate = self.per_minute / 60.0
        bucket = self._buckets.get(user)
        if bucket is None:
            bucket = self._buckets[user] = _Bucket(float(self.per_minute), now)
            while len(self._buckets) > self.max_users:
                self._buckets.popitem(last=False)
        else:
            bucket.tokens = min(float(self.per_minute), bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            self._buckets.move_to_end(user)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.refused = False
            return Verdict(True)
        notify = not bucket.refused and (bucket.notified is None or now - bucket.notified >= SPELL_S)
        bucket.refused = True
        if notify:
            bucket.notified = now
        return Verdict(False, notify, max(1, math.ceil((1.0 - bucket.tokens) / rate)))

    def __len__(self) -> int:
        return len(self._buckets)
