"""A ready engine kept on disk, so that an unchanged knowledge base starts in a blink.

Loading, validating and compiling 100,000 phrasings takes far longer than reading
back the engine they make. `load_engine` keeps the engine of a knowledge base that
passed validation in `ROOT/.cache/` (git-ignored), under a key made of the files'
content (`bot.loader.content_digest`) and of the code (every module of this
package, Python's and rapidfuzz's versions). Any saved change to a YAML file or to
the code gives a new key, so the engine is rebuilt, and validated, from the files.

The file is a pickle: it is only ever read from the knowledge base's own folder,
written there by this module, and anyone able to write there can change the
knowledge base itself.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

import rapidfuzz

from bot import stems, validate
from bot.engine import Engine
from bot.loader import content_digest

CACHE_DIR = ".cache"
PREFIX = "engine-"
SUFFIX = ".pickle"
PACKAGE_DIR = Path(__file__).resolve().parent

log = logging.getLogger(__name__)


# Front ends and tools: they use an engine but take no part in building one, so
# editing them keeps the cache. Every other module counts, new ones included.
NOT_IN_ENGINE = frozenset({
    "__main__.py", "bench.py", "cli.py", "console.py", "coverage.py", "evaluate.py", "report.py",
    "synthetic.py", "unanswered.py",
})


@functools.cache
def code_version() -> str:
    """A hash of everything that shapes a compiled engine besides the YAML."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}|{rapidfuzz.__version__}|{pickle.HIGHEST_PROTOCOL}|{stems.IMPLEMENTATION}".encode())
    for module in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = module.relative_to(PACKAGE_DIR)
        if relative.parts[0] == "telegram" or str(relative) in NOT_IN_ENGINE:
            continue
        digest.update(str(relative).encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


def cache_file(root: Path, digest: str) -> Path:
    """Where the engine for this content of `root` is (or would be) kept."""
    key = hashlib.sha256(f"{digest}|{code_version()}".encode()).hexdigest()[:32]
    return root / CACHE_DIR / f"{PREFIX}{key}{SUFFIX}"


def load_engine(root: Path, *, use_cache: bool = True) -> Engine:
    """The engine for the knowledge base under `root`, from the cache when the files
    and the code are unchanged; else validated and built (KnowledgeBaseError if
    invalid) and saved for next time."""
    if not use_cache:
        return _frozen(validate.load_engine(root))
    path = cache_file(root, content_digest(root))
    engine = _read(path)
    if engine is not None:
        return _frozen(engine)
    engine = validate.load_engine(root)
    # Saved under the digest of what was actually read, in case a file was saved
    # while loading: a stale engine must never be found under the new content's key.
    _write(cache_file(root, engine.kb.digest), engine)
    return _frozen(engine)


def _frozen(engine: Engine) -> Engine:
    """Keep the engine's objects out of the cyclic garbage collector's passes: it never
    changes after loading, and a full pass over the millions of objects of a large base
    would stall the question being answered. (Unused objects are still freed as usual.)"""
    gc.collect()
    gc.freeze()
    return engine


def clear(root: Path) -> None:
    """Forget every saved engine of `root` (the next start builds from the files)."""
    for old in (root / CACHE_DIR).glob(f"{PREFIX}*{SUFFIX}"):
        old.unlink(missing_ok=True)


def _read(path: Path) -> Engine | None:
    try:
        with path.open("rb") as stream:
            engine = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception as error:  # a truncated or foreign file: rebuild, never fail
        log.warning("ignoring the engine cache %s: %s", path, error)
        return None
    return engine if isinstance(engine, Engine) else None


def _write(path: Path, engine: Engine) -> None:
    """Save atomically (readers see the old file or the new one, never half of one)
    and remove the engines of older contents. A read-only folder only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                pickle.dump(engine, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
        log.warning("cannot save the engine cache in %s: %s", path.parent, error)
        return
    for old in path.parent.glob(f"{PREFIX}*{SUFFIX}"):
        if old != path:
            old.unlink(missing_ok=True)
