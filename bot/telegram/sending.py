"""Sending an answer (one or more messages, buttons under the last), and replacing it when
the question is edited."""

from __future__ import annotations

import contextlib
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

log = logging.getLogger(__name__)

# Answers remembered for editing when their question is edited; older ones get a new reply.
MAX_REMEMBERED = 20_000
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # source links would each unfold a preview


@dataclass(frozen=True)
class Sent:
    """The messages that answered one question, and what they said."""

    message_ids: tuple[int, ...]
    texts: tuple[str, ...]
    markup: InlineKeyboardMarkup | None


class SentReplies:
    """Which messages answered which question, per chat: (chat id, question id) -> Sent."""

    def __init__(self, *, max_size: int = MAX_REMEMBERED) -> None:
        self.max_size = max_size
        self._items: OrderedDict[tuple[int, int], Sent] = OrderedDict()

    def remember(self, chat_id: int, question_id: int, sent: Sent) -> None:
        self._items[(chat_id, question_id)] = sent
        self._items.move_to_end((chat_id, question_id))
        while len(self._items) > self.max_size:
            self._items.popitem(last=False)

    def get(self, chat_id: int, question_id: int) -> Sent | None:
        return self._items.get((chat_id, question_id))

    def __len__(self) -> int:
        return len(self._items)


async def reply(message: Message, chunks: Sequence[str], *, markup: InlineKeyboardMarkup | None = None,
                quote: bool = False) -> Sent:
    """Send the chunks in order as replies to `message`; the keyboard goes under the last one."""
    ids: list[int] = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        sent = await message.reply_text(
            chunk, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
            reply_markup=markup if last else None,
            do_quote=quote and index == 0, allow_sending_without_reply=True,
        )
        ids.append(sent.message_id)
    return Sent(tuple(ids), tuple(chunks), markup)


def _not_modified(error: BadRequest) -> bool:
    return "not modified" in error.message.lower()


async def replace(message: Message, old: Sent, chunks: Sequence[str], *,
                  markup: InlineKeyboardMarkup | None) -> Sent | None:
    """Edit an earlier answer in place to say `chunks`; None if it can no longer be edited.

    Messages beyond the new answer's length are deleted, missing ones sent.
    """
    bot, chat_id = message.get_bot(), message.chat_id
    ids: list[int] = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        keyboard = markup if last else None
        if index < len(old.message_ids):
            message_id = old.message_ids[index]
            old_keyboard = old.markup if index == len(old.message_ids) - 1 else None
            if chunk != old.texts[index] or keyboard != old_keyboard:
                try:
                    await bot.edit_message_text(chunk, chat_id=chat_id, message_id=message_id,
                                                parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                                                reply_markup=keyboard)
                except BadRequest as error:
                    if not _not_modified(error):
                        if index == 0:
                            log.info("cannot edit the earlier answer (%s); answering anew", error.message)
                            return None
                        raise
            ids.append(message_id)
        else:
            sent = await message.reply_text(chunk, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                                            reply_markup=keyboard, do_quote=False)
            ids.append(sent.message_id)
    for surplus in old.message_ids[len(chunks):]:
        with contextlib.suppress(TelegramError):  # a leftover part is untidy, not wrong
            await bot.delete_message(chat_id, surplus)
    return Sent(tuple(ids), tuple(chunks), markup)
