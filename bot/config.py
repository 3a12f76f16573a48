"""Settings, read once from the environment and `.env` into a frozen object.

No other module reads `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from bot.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Everything the bot can be told from outside."""

    root: Path = PROJECT_ROOT
    telegram_token: str = field(default="", repr=False)  # never shown, not even in repr
    telegram_api_base_url: str = ""
    telegram_api_file_url: str = ""
    admin_ids: frozenset[int] = frozenset()
    db_path: Path = PROJECT_ROOT / "data" / "unanswered.sqlite3"
    state_path: Path | None = None  # the Telegram bot's saved state; by default next to db_path
    record_unanswered: bool = True
    log_level: str = "INFO"
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str = field(default="", repr=False)
    user_rate_per_minute: int = 20
    watch_interval_s: float = 2.0

    @property
    def telegram_state_path(self) -> Path:
        """Where the Telegram bot keeps what survives a restart (docs/telegram.md §4)."""
        return self.state_path or self.db_path.with_name("telegram-state.pickle")

    @property
    def knowledge_dir(self) -> Path:
        return self.root / "knowledge"

    @property
    def intents_dir(self) -> Path:
        return self.root / "intents"


def _env(environ: Mapping[str, str | None], name: str, default: str = "") -> str:
    value = environ.get(name)
    return default if value is None else value.strip()


def _parse_admin_ids(raw: str) -> frozenset[int]:
    ids: set[int] = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise ConfigError(f"BOT_ADMIN_IDS: {part!r} is not a Telegram user id") from None
    return frozenset(ids)


def _parse_int(environ: Mapping[str, str | None], name: str, default: int) -> int:
    raw = _env(environ, name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}: {raw!r} is not a whole number") from None


def load_settings(
    *, root: Path | None = None, environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = None,
) -> Settings:
    """Read settings: the real environment wins over `.env` in the working directory."""
    dotenv_file = dotenv_path if dotenv_path is not None else Path.cwd() / ".env"
    merged: dict[str, str | None] = {}
    if dotenv_file.is_file():
        merged.update(dotenv_values(dotenv_file))
    merged.update(os.environ if environ is None else environ)
    project_root = (root or PROJECT_ROOT).resolve()
    db_raw = _env(merged, "BOT_DB_PATH")
    state_raw = _env(merged, "BOT_STATE_PATH")
    record = _env(merged, "BOT_RECORD_UNANSWERED", "1").lower() not in {"0", "false", "no", "off"}
    return Settings(
        root=project_root,
        telegram_token=_env(merged, "TELEGRAM_BOT_TOKEN"),
        telegram_api_base_url=_env(merged, "TELEGRAM_API_BASE_URL"),
        telegram_api_file_url=_env(merged, "TELEGRAM_API_FILE_URL"),
        admin_ids=_parse_admin_ids(_env(merged, "BOT_ADMIN_IDS")),
        db_path=Path(db_raw) if db_raw else PROJECT_ROOT / "data" / "unanswered.sqlite3",
        state_path=Path(state_raw) if state_raw else None,
        record_unanswered=record,
        log_level=(_env(merged, "LOG_LEVEL", "INFO") or "INFO").upper(),
        webhook_url=_env(merged, "WEBHOOK_URL"),
        webhook_listen=_env(merged, "WEBHOOK_LISTEN", "127.0.0.1"),
        webhook_port=_parse_int(merged, "WEBHOOK_PORT", 8443),
        webhook_secret=_env(merged, "WEBHOOK_SECRET"),
        user_rate_per_minute=_parse_int(merged, "BOT_USER_RATE_PER_MINUTE", 20),
        watch_interval_s=float(_parse_int(merged, "BOT_WATCH_INTERVAL_S", 2)),
    )
