"""Snowball stemmers, one per language, shared and never pickled.

snowballstemmer runs the Snowball algorithms in pure Python, or through PyStemmer's C
library when that is installed (the same algorithms, some twenty times faster); the C
stemmers cannot be pickled, so the engine keeps none of them and asks here instead.
"""

from __future__ import annotations

import functools
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

# Part of the engine cache's key: stems from two implementations must never be mixed.
IMPLEMENTATION = getattr(snowballstemmer.stemmer, "__module__", "snowballstemmer")


@functools.cache
def stemmer(language: str) -> Any:
    """The stemmer for a language ("english", "serbian"), with its `stemWord` method."""
    return snowballstemmer.stemmer(language)
