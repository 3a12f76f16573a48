"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A private copy of the real knowledge base that a test may change or break (modules
    that need another base define their own `root`)."""
    for folder in ("knowledge", "intents"):
        shutil.copytree(PROJECT_ROOT / folder, tmp_path / folder)
    return tmp_path
