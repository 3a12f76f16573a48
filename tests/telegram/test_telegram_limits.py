"""The per-user question limit."""

from __future__ import annotations

from bot.telegram.limits import QuestionLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_one_question_per_share_of_a_minute_and_a_single_notice() -> None:
    clock = Clock()
    limiter = QuestionLimiter(20, clock=clock)
    assert all(limiter.check("ann").allowed for _ in range(20))
    refused = [limiter.check("ann") for _ in range(3)]
    assert [v.allowed for v in refused] == [False] * 3
    assert [v.notify for v in refused] == [True, False, False]  # told once, then quiet
    assert refused[0].retry_after_s == 3  # 60 s / 20
    assert limiter.check("bob").allowed  # others are not affected
    clock.now += 3
    assert limiter.check("ann").allowed
    again = limiter.check("ann")
    assert not again.allowed and not again.notify  # the same spell: not told again
    clock.now += 60
    assert limiter.check("ann").allowed
    assert all(limiter.check("ann").allowed for _ in range(19))
    assert limiter.check("ann").notify  # a new spell, a minute later: told again


def test_the_wait_is_never_zero() -> None:
    clock = Clock()
    limiter = QuestionLimiter(60, clock=clock)
    assert all(limiter.check("ann").allowed for _ in range(60))
    clock.now += 0.5  # half a question's worth: the wait is half a second, said as 1
    assert limiter.check("ann").retry_after_s == 1


def test_zero_means_no_limit_and_memory_is_bounded() -> None:
    assert all(QuestionLimiter(0).check("ann").allowed for _ in range(1000))
    limiter = QuestionLimiter(5, max_users=100)
    for user in range(1000):
        limiter.check(user)
    assert len(limiter) == 100
