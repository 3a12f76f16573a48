"""bot/memo.py: a bounded memo makes each value once, and empties itself past its limit."""

from __future__ import annotations

from bot.memo import remembered


def test_a_value_is_made_once_and_then_remembered() -> None:
    made: list[str] = []

    def make(word: str) -> str:
        made.append(word)
        return word.upper()

    memo: dict[str, str] = {}
    assert remembered(memo, "eulex", make) == "EULEX"
    assert remembered(memo, "eulex", make) == "EULEX"
    assert made == ["eulex"]


def test_a_falsy_value_is_remembered_too() -> None:
    calls: list[str] = []
    memo: dict[str, int] = {}
    for _ in range(2):
        assert remembered(memo, "word", lambda w: calls.append(w) or 0) == 0
    assert calls == ["word"]


def test_the_memo_is_emptied_past_its_limit() -> None:
    memo: dict[int, int] = {}
    for key in range(5):
        remembered(memo, key, lambda k: k * 2, limit=3)
    assert len(memo) <= 4 and memo[4] == 8
