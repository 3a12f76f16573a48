"""Source policy: which hosts are never shown, and which are weak copies to be labelled.

The lists are the fact sheet's: `../shared/reference/never-cite.txt` and
`weak-sources.txt` next to the project root when that folder exists, else the copies
committed in `knowledge/policy/` (of the knowledge base's root, else of this project).
One domain a line; `#` starts a comment. A listed domain covers its subdomains.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

NEVER_CITE, WEAK = "never-cite.txt", "weak-sources.txt"
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Source kinds, best first: answers list their sources in this order.
SOURCE_KINDS = ("official-eu", "official-other", "media", "secondary")
OFFICIAL_KINDS = frozenset({"official-eu", "official-other"})
WEAK_LABELS = ("(copy)", "(secondary)")
# How a front end names each kind to users.
KIND_LABELS = {"official-eu": "official EU", "official-other": "official", "media": "media",
               "secondary": "secondary copy"}


def kind_rank(kind: str) -> int:
    return SOURCE_KINDS.index(kind) if kind in SOURCE_KINDS else len(SOURCE_KINDS)


def list_file(root: Path, name: str) -> Path | None:
    """Where a policy list is read from: the shared reference, else the committed copy."""
    for folder in (root.resolve().parent / "shared" / "reference", root / "knowledge" / "policy",
                   PROJECT_ROOT / "knowledge" / "policy"):
        if (folder / name).is_file():
            return folder / name
    return None


def read_domains(file: Path | None) -> frozenset[str]:
    if file is None:
        return frozenset()
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    # A trailing dot is kept as written: never-cite.txt bans "multimedia.europarl.europa.eu."
    # (an address written with the dot), while the fact sheet cites the host without it.
    domains = (line.split("#", 1)[0].strip().lstrip(".").lower() for line in text.splitlines())
    return frozenset(d for d in domains if d)


def host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lstrip(".").lower()
    except ValueError:
        return ""


def listed_domain(url: str, domains: frozenset[str]) -> str | None:
    """The listed domain that the url's host is, or is a subdomain of; else None."""
    parts = host(url).split(".")
    for index in range(len(parts) - 1):
        candidate = ".".join(parts[index:])
        if candidate in domains:
            return candidate
    return None


@dataclass(frozen=True)
class Policy:
    never_cite: frozenset[str]
    weak: frozenset[str]

    @classmethod
    def for_root(cls, root: Path) -> Policy:
        return cls(read_domains(list_file(root, NEVER_CITE)), read_domains(list_file(root, WEAK)))

    def digest_text(self) -> str:
        return "\n".join(sorted(self.never_cite)) + "\n--\n" + "\n".join(sorted(self.weak))
