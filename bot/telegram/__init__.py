"""The Telegram front end: a thin adapter over the engine (see docs/telegram.md)."""

from __future__ import annotations

from bot.telegram.app import build_application, run_telegram, serve
from bot.telegram.reloading import EngineHolder

__all__ = ["EngineHolder", "build_application", "run_telegram", "serve"]
