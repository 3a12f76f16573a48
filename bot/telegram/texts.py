"""What the Telegram bot says outside the engine's answers: welcome, help, notices. HTML, escaped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.engine import Engine
from bot.telegram.formatting import Block, escape, source_blocks, split_blocks

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
RATE_LIMITED = ("You're asking faster than I can answer well. Please wait about {seconds} seconds, "
                "then ask again — I'll be right here.")
ERROR = "Sorry, something went wrong while answering. Please try again in a moment."
EXPIRED_BUTTON = "This button has expired. Please ask your question again."
UNKNOWN_COMMAND = "I don't know the command /{command}. Try /help, or just type your question."
ASK_USAGE = "Put your question after the command, for example: /ask When was EULEX launched?"
MENU_ROOT = "What would you like to know about? Pick a topic:"


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


def sources_messages(engine: Engine, *, full: bool = False) -> list[str]:
    """The /sources reply: how many sources and which sites are used most; `full`: every source."""
    sources = sorted(engine.kb.sources.values(), key=lambda s: s.title.lower())
    sites = Counter(_site(s.url) for s in sources)
    intro = Block(f"📚 My answers come from {len(sources)} public sources on {len(sites)} websites, and every "
                  "answer links to the ones it uses.")
    if full:
        return split_blocks([intro, *source_blocks(sources, heading="All sources")])
    blocks = [intro, Block("Most used", style="b")]
    blocks += [Block(f"• {site} ({count})", tight=True) for site, count in sites.most_common(TOP_SITES)]
    blocks.append(Block("Send /sources all for the full list with links."))
    return split_blocks(blocks)


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
