"""Sending an answer (one or more messages, buttons under the last), and replacing it when
the question is edited. Parse mode, link previews and quoting come from the application's
`Defaults` (bot/telegram/app.py)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest, TelegramError

from bot.telegram.memory import digest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    """The messages that answered one question, and a digest of each (text and buttons)."""

    message_ids: tuple[int, ...]
    digests: tuple[str, ...]


def _digests(chunks: Sequence[str], markup: InlineKeyboardMarkup | None) -> tuple[str, ...]:
    return tuple(digest(chunk, markup if i == len(chunks) - 1 else None) for i, chunk in enumerate(chunks))


async def reply(message: Message, chunks: Sequence[str], *, markup: InlineKeyboardMarkup | None = None,
                quote: bool | None = None) -> Sent:
    """Send the chunks in order as replies to `message`; the keyboard goes under the last one.

    The first chunk quotes `message` if `quote`; by default (None) in groups only.
    """
    ids: list[int] = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        sent = await message.reply_text(chunk, reply_markup=markup if last else None,
                                        do_quote=quote if index == 0 else False)
        ids.append(sent.message_id)
    return Sent(tuple(ids), _digests(chunks, markup))


def _not_modified(error: BadRequest) -> bool:
    return "not modified" in error.message.lower()


async def replace(message: Message, old: Sent, chunks: Sequence[str], *,
                  markup: InlineKeyboardMarkup | None) -> Sent | None:
    """Edit an earlier answer in place to say `chunks`; None if it can no longer be edited.

    Messages beyond the new answer's length are deleted, missing ones sent.
    """
    bot, chat_id = message.get_bot(), message.chat_id
    digests = _digests(chunks, markup)
    ids: list[int] = []
    for index, chunk in enumerate(chunks):
        keyboard = markup if index == len(chunks) - 1 else None
        if index < len(old.message_ids):
            message_id = old.message_ids[index]
            unchanged = index < len(old.digests) and old.digests[index] == digests[index]
            if not unchanged:
                try:
                    await bot.edit_message_text(chunk, chat_id=chat_id, message_id=message_id,
                                                reply_markup=keyboard)
                except BadRequest as error:
                    if not _not_modified(error):
                        if index == 0:
                            log.info("cannot edit the earlier answer (%s); answering anew", error.message)
                            return None
                        raise
            ids.append(message_id)
        else:
            sent = await message.reply_text(chunk, reply_markup=keyboard, do_quote=False)
            ids.append(sent.message_id)
    for surplus in old.message_ids[len(chunks):]:
        with contextlib.suppress(TelegramError):  # a leftover part is untidy, not wrong
            await bot.delete_message(chat_id, surplus)
    return Sent(tuple(ids), digests)
