"""Replies as Telegram HTML: every piece of text escaped, sources as links, split under 4,096.

A message is built from blocks (paragraphs) of plain text, each marked up on its own, so a
split between blocks, lines or words can never cut a tag or an `&entity;` in two.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from bot.knowledge import Source
from bot.reply import Reply

# Telegram's limit on the text of one message. Telegram counts it after parsing the
# markup (the visible text), in UTF-16 code units; so does the splitter.
MAX_MESSAGE = 4096
# Blank lines separate paragraphs in the engine's text; splits prefer those boundaries.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Block:
    """A paragraph of plain text and how to mark it up."""

    text: str
    style: str = ""  # "", "b" or "i"
    link: str | None = None  # the whole block links to this URL
    tight: bool = False  # joined to the block before by a line break, not a blank line


def utf16_len(text: str) -> int:
    """The length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Text that Telegram's HTML parser shows exactly as written."""
    return html.escape(text, quote=False)


def link(title: str, url: str) -> str:
    """An HTML link, or the escaped title alone when the URL is not a web address."""
    if not url.startswith(("http://", "https://")):
        return escape(title)
    return f'<a href="{html.escape(url, quote=True)}">{escape(title)}</a>'


def render_block(block: Block) -> str:
    body = link(block.text, block.link) if block.link else escape(block.text)
    return f"<{block.style}>{body}</{block.style}>" if block.style else body


def paragraphs(text: str, *, style: str = "") -> list[Block]:
    """The paragraphs of a plain text, as blocks."""
    return [Block(p.strip("\n"), style=style) for p in PARAGRAPH_BREAK.split(text) if p.strip()]


def source_blocks(sources: Sequence[Source], *, heading: str | None = None) -> list[Block]:
    """A heading and one linked line per source."""
    if not sources:
        return []
    label = heading or ("Source" if len(sources) == 1 else "Sources")
    blocks = [Block(label, style="b")]
    blocks += [Block(source.title, link=source.url, tight=True) for source in sources]
    return blocks


def reply_blocks(reply: Reply) -> list[Block]:
    """An engine reply as blocks: the answer, its footnotes in italics, its sources as links."""
    blocks = paragraphs(reply.text)
    for footnote in reply.footnotes:
        blocks += paragraphs(footnote, style="i")
    return blocks + source_blocks(reply.sources)


def visible_len(block: Block) -> int:
    """How much of Telegram's 4,096 a block uses: its visible text (a link shows its title),
    in UTF-16 code units. Telegram counts the limit after parsing the markup."""
    return utf16_len(block.text)


def _fit(block: Block, limit: int) -> list[Block]:
    """The block, cut between lines, then words, then characters, into pieces under `limit`."""
    if visible_len(block) <= limit:
        return [block]
    if block.link:
        return _fit(replace(block, link=None), limit)  # a link too long to send: keep its words
    for separator in ("\n", " ", ""):
        parts = block.text.split(separator) if separator else list(block.text)
        if len(parts) < 2:
            continue
        groups: list[str] = []
        current: str | None = None
        for part in parts:
            candidate = part if current is None else current + separator + part
            if current is not None and utf16_len(candidate) > limit:
                groups.append(current)
                current = part
            else:
                current = candidate
        if current is not None:
            groups.append(current)
        pieces: list[Block] = []
        for index, text in enumerate(groups):
            piece = replace(block, text=text, tight=block.tight if index == 0 else True)
            pieces += _fit(piece, limit)
        return pieces
    return [block]  # a single character longer than the limit cannot happen with real limits


def _is_heading(block: Block) -> bool:
    return block.style == "b" and block.link is None


def split_blocks(blocks: Iterable[Block], *, limit: int = MAX_MESSAGE) -> list[str]:
    """HTML messages of at most `limit` visible characters (UTF-16 code units, as Telegram
    counts them after parsing the markup), broken between paragraphs when possible; a
    heading is never left at the end of a message without what it heads."""
    chunks: list[list[Block]] = []
    current: list[Block] = []
    used = 0
    for block in blocks:
        if not block.text.strip():
            continue
        for piece in _fit(block, limit):
            if not current:
                current, used = [piece], visible_len(piece)
                continue
            joined = used + (1 if piece.tight else 2) + visible_len(piece)
            if joined <= limit:
                current.append(piece)
                used = joined
                continue
            carried: list[Block] = []
            if piece.tight and len(current) > 1 and _is_heading(current[-1]):
                carried = [current.pop()]  # "Sources" goes with its first source
            chunks.append(current)
            current = [*carried, piece]
            used = sum(visible_len(b) for b in current) + sum(1 if b.tight else 2 for b in current[1:])
            if used > limit:  # cannot happen with a short heading; keep the limit regardless
                chunks.append(current[:-1])
                current, used = [piece], visible_len(piece)
    if current:
        chunks.append(current)
    return [_render(chunk) for chunk in chunks if chunk]


def _render(blocks: Sequence[Block]) -> str:
    out = ""
    for index, block in enumerate(blocks):
        if index:
            out += "\n" if block.tight else "\n\n"
        out += render_block(block)
    return out


def format_reply(reply: Reply, *, limit: int = MAX_MESSAGE, heading: Sequence[Block] = ()) -> list[str]:
    """The messages that show one reply, in order (never empty); `heading`: blocks before
    the answer (the tapped question)."""
    return split_blocks([*heading, *reply_blocks(reply)], limit=limit) or [escape(reply.text.strip() or "…")]


def plain_text(markup: str) -> str:
    """What a user sees of our HTML (for logs and tests): tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))
