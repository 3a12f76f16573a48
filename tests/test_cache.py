"""The engine cache: used while files and code are unchanged, rebuilt when they change."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import cache, synthetic, validate
from bot.context import Conversation
from bot.engine import Engine
from bot.errors import KnowledgeBaseError


@pytest.fixture
def root(tmp_path: Path) -> Path:
    synthetic.write_base(tmp_path, 120)
    return tmp_path


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records every build from the files (a cache miss)."""
    seen: list[Path] = []
    real = validate.load_engine

    def counting(root: Path) -> Engine:
        seen.append(root)
        return real(root)

    monkeypatch.setattr(validate, "load_engine", counting)
    return seen


def saved(root: Path) -> list[Path]:
    return sorted((root / cache.CACHE_DIR).glob(f"{cache.PREFIX}*"))


def test_second_start_comes_from_the_cache(root: Path, builds: list[Path]) -> None:
    first = cache.load_engine(root)
    second = cache.load_engine(root)
    assert builds == [root]
    assert len(saved(root)) == 1
    question = first.kb.intents[next(iter(first.kb.intents))].examples[0]
    assert second.answer(question, Conversation()) == first.answer(question, Conversation())


def test_changed_file_rebuilds_and_replaces_the_cache(root: Path, builds: list[Path]) -> None:
    cache.load_engine(root)
    before = saved(root)
    intents = root / "intents" / "synthetic_000.yaml"
    intents.write_text(intents.read_text(encoding="utf-8").replace(
        "    examples:\n", "    examples:\n      - \"a brand new way to ask this\"\n", 1), encoding="utf-8")
    engine = cache.load_engine(root)
    assert builds == [root, root]
    assert "a brand new way to ask this" in {p.text for p in engine.phrasings}
    assert saved(root) != before and len(saved(root)) == 1


def test_new_file_rebuilds(root: Path, builds: list[Path]) -> None:
    cache.load_engine(root)
    (root / "knowledge" / "more.yaml").write_text(
        "sources:\n  - id: another\n    title: Another\n    url: https://example.org/2\n    kind: media\n",
        encoding="utf-8")
    engine = cache.load_engine(root)
    assert len(builds) == 2 and "another" in engine.kb.sources


def test_invalid_change_is_refused_not_served_from_cache(root: Path) -> None:
    cache.load_engine(root)
    (root / "intents" / "fallbacks.yaml").write_text("fallbacks: [not, a, block]\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError):
        cache.load_engine(root)


def test_damaged_cache_file_is_rebuilt(root: Path, builds: list[Path]) -> None:
    cache.load_engine(root)
    saved(root)[0].write_bytes(b"not a pickle")
    engine = cache.load_engine(root)
    assert len(builds) == 2 and engine.phrasings


def test_code_change_changes_the_key(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digest = "same content"
    before = cache.cache_file(root, digest)
    monkeypatch.setattr(cache, "code_version", lambda: "edited code")
    assert cache.cache_file(root, digest) != before


def test_read_only_folder_still_gives_an_engine(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert cache.load_engine(root).phrasings
    assert saved(root) == []


def test_clear_forgets_saved_engines(root: Path, builds: list[Path]) -> None:
    cache.load_engine(root)
    cache.clear(root)
    cache.load_engine(root)
    assert len(builds) == 2


def test_the_real_base_starts_from_its_cache(tmp_path: Path, builds: list[Path],
                                              caplog: pytest.LogCaptureFixture) -> None:
    # Validation renders every answer, including those with a missing fact: what the
    # renderer remembers of them must never make the saved engine unreadable.
    import shutil

    from bot.config import PROJECT_ROOT

    for folder in ("knowledge", "intents"):
        shutil.copytree(PROJECT_ROOT / folder, tmp_path / folder)
    first = cache.load_engine(tmp_path)
    second = cache.load_engine(tmp_path)
    assert builds == [tmp_path]
    assert not [r for r in caplog.records if "ignoring the engine cache" in r.getMessage()]
    question = "what does EUPAT stand for?"
    assert second.answer(question, Conversation()).text == first.answer(question, Conversation()).text
