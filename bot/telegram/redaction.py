"""Keep the bot token out of every log line and error message."""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "<redacted>"


def secrets_of(token: str) -> tuple[str, ...]:
    """What to hide: the whole token and its secret half (the part after the colon), longest first."""
    parts = {token, token.partition(":")[2]} if token else set()
    return tuple(sorted((p for p in parts if len(p) >= 8), key=len, reverse=True))


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    """A handler filter that removes secrets from the message and the traceback of every record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        clean = redact(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def install(token: str, *extra: str) -> RedactingFilter:
    """Redact the token in everything the root logger's handlers write; quiet httpx's URL logging."""
    secrets = tuple(s for s in (*secrets_of(token), *extra) if len(s) >= 8)
    redacting = RedactingFilter(sorted(set(secrets), key=len, reverse=True))
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        handler.addFilter(redacting)
    for name in ("httpx", "httpcore"):  # they log request URLs, which contain the token
        logging.getLogger(name).setLevel(logging.WARNING)
    return redacting
