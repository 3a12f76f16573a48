"""The engine in use, swapped whole when a new knowledge base validates; the old one keeps serving otherwise.

Handlers read `holder.engine` once per update, so a reload never changes the engine under
a question being answered. Loading runs in a thread, so answering goes on meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bot.cache import load_engine
from bot.engine import Engine
from bot.errors import KnowledgeBaseError
from bot.loader import content_digest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: swapped in a valid base, or kept the old one and why."""

    ok: bool
    summary: str = ""
    problems: tuple[str, ...] = ()
    seconds: float = 0.0


class EngineHolder:
    """The current engine, replaced atomically after a successful load."""

    def __init__(self, engine: Engine, root: Path,
                 *, loader: Callable[[Path], Engine] = load_engine) -> None:
        self.engine = engine
        self.root = root
        self.loader = loader
        self.digest = engine.kb.digest  # of the content last tried, valid or not
        self.loaded_at = time.time()
        self.last_result: ReloadResult | None = None
        self._lock = asyncio.Lock()

    async def reload(self) -> ReloadResult:
        """Load the knowledge base again; swap it in only if it is valid."""
        async with self._lock:  # one reload at a time: /reload and the watcher may coincide
            started = time.monotonic()
            self.digest = await asyncio.to_thread(content_digest, self.root)
            try:
                engine = await asyncio.to_thread(self.loader, self.root)
            except KnowledgeBaseError as error:
                result = ReloadResult(False, problems=tuple(str(p) for p in error.problems))
            except Exception as error:  # an unreadable file must not take the bot down
                log.exception("reloading the knowledge base failed")
                result = ReloadResult(False, problems=(f"{self.root}: {type(error).__name__}: {error}",))
            else:
                self.engine = engine
                self.loaded_at = time.time()
                result = ReloadResult(True, summary=engine.kb.summary())
            result = ReloadResult(result.ok, result.summary, result.problems, time.monotonic() - started)
            self.last_result = result
        if result.ok:
            log.info("knowledge base reloaded in %.2f s: %s", result.seconds, result.summary)
        else:
            log.error("knowledge base rejected (%d problems); still serving the previous one:\n%s",
                      len(result.problems), "\n".join(result.problems))
        return result

    async def changed(self) -> bool:
        """Whether the files differ from what was last loaded (or tried)."""
        return await asyncio.to_thread(content_digest, self.root) != self.digest


async def watch(holder: EngineHolder, interval_s: float,
                on_reload: Callable[[ReloadResult, ReloadResult | None], Awaitable[None]]) -> None:
    """Poll the knowledge base every `interval_s` seconds and reload it when a file changes.

    `on_reload` gets the result and the one before it (from /reload or the watcher).
    Runs until cancelled; no error stops it.
    """
    while True:
        await asyncio.sleep(interval_s)
        try:
            if await holder.changed():
                previous = holder.last_result
                await on_reload(await holder.reload(), previous)
        except Exception:
            log.exception("the knowledge base watcher hit an error; it keeps watching")
