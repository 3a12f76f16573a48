"""What the Telegram bot says outside the engine's answers: welcome, help, notices. HTML, escaped."""

from __future__ import annotations

import html
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.engine import Engine
from bot.footnotes import footnotes_for
from bot.knowledge import KnowledgeBase, Source
from bot.telegram.formatting import Block, escape, plain_text, split_blocks

log = logging.getLogger(__name__)

# (command, description) for the command menu (set_my_commands) and /help.
PRIVATE_COMMANDS = (
    ("start", "Welcome and topics"),
    ("topics", "Browse what I know"),
    ("help", "How to ask"),
    ("sources", "Where the answers come from"),
)
GROUP_COMMANDS = (
    ("ask", "Ask a question: /ask When was EULEX launched?"),
    ("topics", "Browse what I know"),
    ("help", "How to ask"),
    ("sources", "Where the answers come from"),
)
ADMIN_COMMANDS = (
    ("reload", "Reload the knowledge base"),
    ("stats", "Questions answered, fallbacks, top unanswered"),
)

TOP_SITES = 10  # websites named in the short /sources reply
EXAMPLES = (
    "When was EULEX launched?",
    "Which EU missions are active?",
    "Is Serbia required to align with the CFSP?",
    "What did Montenegro contribute to EU missions?",
)

MEDIA = "I can read text questions only — please type your question, for example “When was EULEX launched?”"
RATE_LIMITED = ("You're asking faster than I can answer well. Please wait about {wait}, "
                "then ask again — I'll be right here.")
ERROR = "Sorry, something went wrong while answering. Please try again in a moment."
EXPIRED_BUTTON = "This button has expired. Please ask your question again."
UNKNOWN_COMMAND = "I don't know the command /{command}. Try /help, or just type your question."
ASK_USAGE = "Put your question after the command, for example: /ask When was EULEX launched?"
MENU_ROOT = "What would you like to know about? Pick a topic:"
MENU_TOPIC = "What would you like to know about {name}? Pick a question:"


def rate_limited(seconds: int) -> str:
    """The notice for a user over their question allowance: "about 1 second", "about 3 seconds"."""
    seconds = max(1, seconds)
    return RATE_LIMITED.format(wait=f"{seconds} second" + ("" if seconds == 1 else "s"))


def footnoted(markup: str, kb: KnowledgeBase, *also: str) -> str:
    """A fixed HTML text with the footnotes it needs, in italics, as answers show them;
    `also`: further texts shown with it (button labels, menu pages) that may name Kosovo."""
    notes = footnotes_for([plain_text(markup), *also], kb)
    return "\n\n".join([markup, *(f"<i>{escape(n)}</i>" for n in notes)])


def menu_names(kb: KnowledgeBase) -> list[str]:
    """Everything a page of the topics menu can name: its entities."""
    return [e.name for e in kb.entities.values()]


def _names(engine: Engine, type_: str, count: int = 2) -> str:
    names = [e.name for e in engine.kb.entities_of(type_)[:count]]
    return f" ({', '.join(names)}, …)" if names else ""


def welcome(engine: Engine, first_name: str | None) -> str:
    """The /start message: what the bot knows, in a few lines."""
    kb = engine.kb
    hello = f"Hello, {escape(first_name)}!" if first_name else "Hello!"
    missions, partners = len(kb.entities_of("mission")), len(kb.entities_of("partner"))
    topics = len(kb.entities_of("topic"))
    return (
        f"👋 {hello} I answer questions on EU–Western Balkans cooperation in the EU's Common Foreign "
        "and Security Policy (CFSP) and Common Security and Defence Policy (CSDP).\n\n"
        f"I know about {missions} EU missions and operations{escape(_names(engine, 'mission'))}, "
        f"{partners} Western Balkan partners and {topics} topics, and every answer names its source.\n\n"
        f"Ask in your own words — for example <i>{escape(EXAMPLES[0])}</i> — or pick a topic:"
    )


def help_text(*, group: bool, username: str | None = None) -> str:
    """The /help message: how to ask, with examples."""
    examples = "\n".join(f"• <i>{escape(e)}</i>" for e in EXAMPLES)
    me = f" (@{escape(username)})" if username else ""
    where = (
        f"In this group, mention me{me}, reply to one of my messages, or use /ask — "
        "otherwise I stay quiet."
        if group else "Just type your question; you don't need a command."
    )
    menu = GROUP_COMMANDS if group else PRIVATE_COMMANDS
    commands = "\n".join(f"/{name} — {escape(text)}" for name, text in menu)
    return (
        "<b>How to ask</b>\n"
        f"{where} Ask one question at a time, in your own words:\n{examples}\n\n"
        "Follow-ups work: after a question about EULEX, ask <i>and Althea?</i> or "
        "<i>when did it end?</i>. Tap a button under an answer to ask a related question.\n\n"
        f"<b>Commands</b>\n{commands}"
    )


def _site(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


# Source kinds (bot.knowledge.Source.kind), official first; unknown kinds come last.
SOURCE_KINDS = {
    "official-eu": "Official EU",
    "official-other": "Other official",
    "media": "Media and think tanks",
    "secondary": "Secondary copies",
}
MAX_SOURCES_MESSAGES = 3  # /sources never sends more; the full list is a file
SOURCES_FILE = "cfsp-bot-sources.html"


def distinct_sources(kb: KnowledgeBase) -> list[Source]:
    """Every source once (one title and address may be cited under several ids), by title."""
    seen: dict[tuple[str, str], Source] = {}
    for source in sorted(kb.sources.values(), key=lambda s: (s.title.lstrip("\"“‘'( ").lower(), s.id)):
        seen.setdefault((" ".join(source.title.split()).lower(), source.url.strip()), source)
    return list(seen.values())


def sources_by_kind(kb: KnowledgeBase) -> list[tuple[str, list[Source]]]:
    """(label, sources) per kind, official first; kinds without sources left out."""
    groups: dict[str, list[Source]] = {}
    for source in distinct_sources(kb):
        groups.setdefault(source.kind, []).append(source)
    order = [*SOURCE_KINDS, *sorted(k for k in groups if k not in SOURCE_KINDS)]
    return [(SOURCE_KINDS.get(k, k.replace("-", " ").capitalize()), groups[k]) for k in order if k in groups]


def _sources_intro(kb: KnowledgeBase) -> Block:
    sources = distinct_sources(kb)
    sites = {_site(s.url) for s in sources}
    return Block(f"📚 My answers come from {len(sources)} public sources on {len(sites)} websites, and every "
                 "answer links to the ones it uses.")


def sources_messages(engine: Engine) -> list[str]:
    """The /sources reply: every source once, grouped by kind, in at most three messages; if
    the list is longer, how many there are of each kind and the sites used most."""
    kb = engine.kb
    intro, groups = _sources_intro(kb), sources_by_kind(kb)
    listed = [intro]
    for label, sources in groups:
        listed += source_lines(label, sources)
    listed.append(Block("Send /sources all for the list as a file."))
    chunks = split_blocks(listed)
    if len(chunks) <= MAX_SOURCES_MESSAGES:
        return chunks
    blocks = [intro]
    for label, sources in groups:
        blocks.append(Block(f"{label} ({len(sources)})", style="b"))
        sites = Counter(_site(s.url) for s in sources)
        blocks.append(Block(", ".join(f"{site} ({n})" for site, n in sites.most_common(TOP_SITES)), tight=True))
    blocks.append(Block("Send /sources all for the full list with links, as a file."))
    return split_blocks(blocks)[:MAX_SOURCES_MESSAGES]


def source_lines(label: str, sources: Sequence[Source]) -> list[Block]:
    blocks = [Block(f"{label} ({len(sources)})", style="b")]
    return blocks + [Block(f"• {s.title}", link=s.url, tight=True) for s in sources]


def sources_file(engine: Engine) -> bytes:
    """`/sources all`: every source once, grouped by kind, as a small HTML page with links."""
    kb = engine.kb
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>cfsp-bot: sources</title></head><body>",
           f"<h1>Sources</h1><p>{html.escape(_sources_intro(kb).text.removeprefix('📚 '))}</p>"]
    for label, sources in sources_by_kind(kb):
        out.append(f"<h2>{html.escape(label)} ({len(sources)})</h2><ul>")
        for source in sources:
            title = html.escape(source.title)
            if source.url.startswith(("http://", "https://")):
                out.append(f'<li><a href="{html.escape(source.url, quote=True)}">{title}</a></li>')
            else:
                out.append(f"<li>{title}</li>")
        out.append("</ul>")
    out.append("</body></html>")
    return ("\n".join(out) + "\n").encode("utf-8")


SOURCES_CAPTION = "📚 Every source of my answers, grouped by kind, with links."


# -- texts read from texts.yaml ----------------------------------------------------------
TEXTS_FILE = Path(__file__).with_name("texts.yaml")
DESCRIPTION_LIMIT, SHORT_DESCRIPTION_LIMIT = 512, 120  # Telegram's limits


@dataclass(frozen=True)
class FixedTexts:
    """The texts of texts.yaml (plain text); these defaults apply if the file is broken."""

    description: str = ("I answer questions on EU–Western Balkans cooperation in the EU's CFSP and CSDP. "
                        "Every answer names its public sources.")
    short_description: str = "Sourced answers on EU–Western Balkans cooperation in CFSP and CSDP."
    group_intro: str = ("👋 Hello! I answer questions on EU–Western Balkans cooperation in CFSP and CSDP. "
                        "Mention me ({username}), reply to me, or use /ask. /help says more.")
    inline_hint: str = "Ask a question, e.g. When was EULEX launched?"
    inline_private: str = "Ask me in a private chat"


def load_fixed_texts(path: Path = TEXTS_FILE) -> FixedTexts:
    """texts.yaml; on any problem one warning (`path:line:column: message`) and the defaults."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else f"{path}:1:1"
        log.warning("%s: YAML syntax error: %s; using the built-in texts", where, error.problem or error)
        return FixedTexts()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        log.warning("%s:1:1: cannot read the bot's texts (%s); using the built-in texts", path, error)
        return FixedTexts()
    if not isinstance(data, dict):
        log.warning("%s:1:1: expected a mapping of texts; using the built-in texts", path)
        return FixedTexts()
    known = {f.name for f in fields(FixedTexts)}
    values = {k: " ".join(str(v).split()) for k, v in data.items() if k in known and isinstance(v, str) and v.strip()}
    for key in sorted(set(data) - known):
        log.warning("%s:1:1: unknown text %r is ignored", path, key)
    return FixedTexts(**values)


def descriptions(kb: KnowledgeBase, fixed: FixedTexts) -> tuple[str, str]:
    """(description, short description) as set at start-up: with the footnote where one is
    named, and within Telegram's limits (a text too long for its footnote is left out)."""
    out = []
    for text, limit in ((fixed.description, DESCRIPTION_LIMIT),
                        (fixed.short_description, SHORT_DESCRIPTION_LIMIT)):
        full = "\n\n".join([text, *footnotes_for([text], kb)])
        if len(full) > limit:
            log.warning("a bot description is over Telegram's %d characters with its footnote; "
                        "it is not set (shorten it in %s)", limit, TEXTS_FILE.name)
            full = ""
        out.append(full)
    return out[0], out[1]


def problems_text(problems: Sequence[str], *, budget: int = 3000) -> str:
    """Knowledge base problems for an admin, as many as fit in one message, in a code block."""
    shown: list[str] = []
    used = 0
    for problem in problems:
        line = problem if len(problem) <= 300 else problem[:299] + "…"
        size = len(escape(line)) + 1
        if shown and used + size > budget:
            break
        shown.append(line)
        used += size
    rest = len(problems) - len(shown)
    more = f"\n… and {rest} more (see the bot's log)" if rest else ""
    return f"<pre>{escape(chr(10).join(shown))}</pre>{escape(more)}"
