"""Whether a message is meant for the bot: always in private chats; in groups only when it
mentions the bot, replies to one of its messages, or is one of its commands."""

from __future__ import annotations

import re

from telegram import Chat, Message, MessageEntity, User


def is_private(message: Message) -> bool:
    return message.chat.type == Chat.PRIVATE


def replies_to_bot(message: Message, bot: User) -> bool:
    original = message.reply_to_message
    return bool(original and original.from_user and original.from_user.id == bot.id)


def mention_spans(message: Message, bot: User) -> list[tuple[int, int]]:
    """Where the text or caption names the bot (@username, or a mention of its user), in UTF-16 units."""
    entities = message.entities or message.caption_entities
    username = (bot.username or "").lower()
    spans = []
    for entity in entities:
        if entity.type == MessageEntity.MENTION and username:
            text = message.parse_entity(entity) if message.text else message.parse_caption_entity(entity)
            if text.lower() == f"@{username}":
                spans.append((entity.offset, entity.offset + entity.length))
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            spans.append((entity.offset, entity.offset + entity.length))
    return spans


def without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given UTF-16 spans cut out (entity offsets are in UTF-16 units)."""
    encoded = text.encode("utf-16-le")
    for start, end in sorted(spans, reverse=True):
        encoded = encoded[: start * 2] + " ".encode("utf-16-le") + encoded[end * 2:]
    return " ".join(encoded.decode("utf-16-le").split())


def without_username(text: str, bot: User) -> str | None:
    """The text without "@username" of the bot, or None if it does not name the bot.

    Telegram marks mentions as entities; this covers clients and test servers that do not.
    """
    if not bot.username:
        return None
    pattern = re.compile(rf"(?<![\w@])@{re.escape(bot.username)}(?!\w)", re.IGNORECASE)
    if not pattern.search(text):
        return None
    return " ".join(pattern.sub(" ", text).split())


def addressed_text(message: Message, bot: User) -> str | None:
    """The question a message asks the bot, with any @mention of the bot removed;
    None when the message is group chatter not meant for the bot."""
    text = message.text or message.caption or ""
    if is_private(message):
        return text
    spans = mention_spans(message, bot)
    if spans:
        return without_spans(text, spans)
    named = without_username(text, bot)
    if named is not None:
        return named
    if replies_to_bot(message, bot):
        return text
    return None
