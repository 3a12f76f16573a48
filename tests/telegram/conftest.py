"""Fixtures: a fake Bot API server on 127.0.0.1 and the real Application running against it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from telegram_fakes import ADMIN, FIXTURE_KB, TOKEN, FakeBotApi, RunningBot

from bot.config import Settings
from bot.telegram.app import build_application, serve
from bot.telegram.reloading import EngineHolder
from bot.telegram.state import open_unanswered
from bot.validate import load_engine


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    """A copy of the tiny fixture knowledge base, free to be edited by a test."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi(TOKEN)
    await server.start()
    yield server
    await server.stop()


StartBot = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
async def start_bot(api: FakeBotApi, kb_root: Path, tmp_path: Path) -> AsyncIterator[StartBot]:
    """Start the bot (settings may be overridden); it is stopped after the test."""
    running: list[tuple[asyncio.Event, asyncio.Task[None]]] = []

    async def start(**overrides: Any) -> RunningBot:
        values: dict[str, Any] = {
            "root": kb_root, "telegram_token": TOKEN, "telegram_api_base_url": api.base_url,
            "admin_ids": frozenset({ADMIN}), "db_path": tmp_path / "unanswered.sqlite3",
            "watch_interval_s": 0.0, **overrides,
        }
        settings = Settings(**values)
        holder = EngineHolder(load_engine(settings.root), settings.root)
        app = build_application(settings, holder=holder, unanswered=open_unanswered(settings))
        stop = asyncio.Event()
        task = asyncio.create_task(serve(app, stop))
        running.append((stop, task))
        polled = asyncio.create_task(api.polling())
        await asyncio.wait([task, polled], timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            polled.cancel()
            task.result()  # raise what stopped it
        assert polled.done(), "the bot did not start polling"

        async def stopper() -> None:
            stop.set()
            await asyncio.wait_for(task, 20)
            api.expect_restart()

        return RunningBot(app, api, settings, stopper)

    yield start
    for stop, _ in running:
        stop.set()
    for _, task in running:
        if not task.done():
            await asyncio.wait_for(task, 20)


@pytest.fixture
async def bot(start_bot: StartBot) -> RunningBot:
    return await start_bot()
