"""Retries, pacing, per-chat ordering and token redaction, without a server."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from telegram import Chat, Message, Update
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut

from bot.telegram.processing import PerChatUpdateProcessor
from bot.telegram.ratelimiter import RetryingRateLimiter
from bot.telegram.redaction import RedactingFilter, install, secrets_of

TOKEN = "123456:SECRET-part-of-the-token"


def flaky(errors: list[Exception]) -> tuple[Any, list[int]]:
    calls: list[int] = []

    async def callback() -> bool:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return True

    return callback, calls


@pytest.mark.parametrize("error", [NetworkError("Bad Gateway"), TimedOut(), NetworkError("httpx.ConnectError")])
async def test_transient_errors_are_retried(error: Exception) -> None:
    limiter = RetryingRateLimiter(first_backoff_s=0.01)
    callback, calls = flaky([error, error])
    assert await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": 1}, None) is True
    assert len(calls) == 3


@pytest.mark.parametrize("error", [BadRequest("can't parse entities"), Forbidden("bot was blocked")])
async def test_client_errors_are_not_retried(error: Exception) -> None:
    limiter = RetryingRateLimiter(first_backoff_s=0.01)
    callback, calls = flaky([error])
    with pytest.raises(type(error)):
        await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert len(calls) == 1


async def test_retries_end() -> None:
    limiter = RetryingRateLimiter(first_backoff_s=0.001, network_retries=2)
    callback, calls = flaky([NetworkError("x")] * 5)
    with pytest.raises(NetworkError):
        await limiter.process_request(callback, (), {}, "sendMessage", {}, None)
    assert len(calls) == 3


async def test_a_private_chat_is_paced_after_a_burst() -> None:
    limiter = RetryingRateLimiter(chat_burst=2, chat_period_s=0.4)
    callback, _ = flaky([])
    loop = asyncio.get_running_loop()
    started = loop.time()
    for _ in range(3):
        await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": 7}, None)
    assert loop.time() - started >= 0.15  # the third waited for the bucket
    started = loop.time()
    await limiter.process_request(callback, (), {}, "sendMessage", {"chat_id": 8}, None)
    assert loop.time() - started < 0.1  # another chat did not


def update(update_id: int, chat_id: int) -> Update:
    message = Message(update_id, None, Chat(chat_id, Chat.PRIVATE), text="x")  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_updates_of_one_chat_run_in_order_and_chats_concurrently() -> None:
    processor = PerChatUpdateProcessor(workers=8)
    log: list[tuple[str, int, int]] = []

    async def work(upd: Update, seconds: float) -> None:
        assert upd.effective_chat is not None
        log.append(("start", upd.effective_chat.id, upd.update_id))
        await asyncio.sleep(seconds)
        log.append(("end", upd.effective_chat.id, upd.update_id))

    updates = [(update(1, 1), 0.2), (update(2, 1), 0.0), (update(3, 2), 0.0)]
    await asyncio.gather(*(processor.process_update(u, work(u, s)) for u, s in updates))
    assert log.index(("end", 1, 1)) < log.index(("start", 1, 2))  # chat 1 in order
    assert log.index(("end", 2, 3)) < log.index(("end", 1, 1))  # chat 2 did not wait for chat 1
    assert processor._chats == {}  # nothing left behind


def test_the_token_is_redacted_in_messages_and_tracebacks() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "url %s", (f"https://t/bot{TOKEN}/getMe",), None)
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected")
    except RuntimeError as error:
        record.exc_info = (type(error), error, error.__traceback__)
    RedactingFilter(secrets_of(TOKEN)).filter(record)
    text = logging.Formatter().format(record)
    assert "SECRET" not in text and "<redacted>" in text and "rejected" in text


def test_install_covers_the_root_handlers_and_quiets_httpx() -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler()
    root.addHandler(handler)
    try:
        redacting = install(TOKEN)
        assert redacting in handler.filters
        assert logging.getLogger("httpx").level == logging.WARNING
    finally:
        root.removeHandler(handler)
        for other in root.handlers:
            other.removeFilter(redacting)
