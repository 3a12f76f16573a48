"""The answer template language: `{field}` or `{qualifier.field}`, nothing more.

Deliberately not `str.format`: fact texts and user input may contain braces,
and a template must never evaluate anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\.([a-z_][a-z0-9_]*))?\}")


def placeholders(template: str) -> list[tuple[str | None, str]]:
    """Return the (qualifier, field) pairs a template names, in order."""
    found = []
    for match in PLACEHOLDER.finditer(template):
        qualifier, name = (match.group(1), match.group(2)) if match.group(2) else (None, match.group(1))
        found.append((qualifier, name))
    return found


def fill(template: str, resolve: Callable[[str | None, str], str]) -> str:
    """Replace every placeholder with what `resolve(qualifier, field)` returns."""

    def replace(match: re.Match[str]) -> str:
        if match.group(2):
            return resolve(match.group(1), match.group(2))
        return resolve(None, match.group(1))

    return PLACEHOLDER.sub(replace, template)
