"""The project's exceptions: one root, a few specific kinds."""

from __future__ import annotations

from dataclasses import dataclass


class BotError(Exception):
    """Root of every error this package raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the knowledge base, with its place in a file."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class KnowledgeBaseError(BotError):
    """The knowledge base is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(BotError):
    """A setting is missing or malformed."""
