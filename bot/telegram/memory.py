"""What the bot remembers of each chat: one conversation per person (and forum topic), and
what each answer it sent was about — for follow-ups, replies to an answer and edited questions.

It lives in python-telegram-bot's `chat_data` (one `ChatMemory` per chat), which the
persistence saves across restarts (bot/telegram/persistence.py). Nothing else is kept: no
message text (only a digest of each answer part, to tell whether an edit changes it),
no names, and nothing older than the limits below.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup, Message

from bot.context import CONTEXT_TTL_S, Conversation

# The answers remembered per chat, for replies to them and edits of their questions. Kept
# small: python-telegram-bot copies a chat's data whole each time it saves it (1,000 chats
# with 30 answers each make a 2.6 MB file, written in about 0.1 s).
MAX_ANSWERS = 30
# A reply to an answer (or an edit of its question) two days later starts afresh.
ANSWER_TTL_S = 2 * 24 * 3600

# (forum topic or None, person): whose conversation, where. A person is a user, or the
# chat an anonymous admin or a linked channel writes as.
ContextKey = tuple[int | None, int | None]


def digest(text: str, markup: InlineKeyboardMarkup | None) -> str:
    """A short fingerprint of one message part (text and buttons): equal when nothing changed."""
    buttons = repr([[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]) if markup else ""
    return hashlib.blake2b(f"{text}\x00{buttons}".encode(), digest_size=8).hexdigest()


def revived(saved: Conversation) -> Conversation:
    """A working copy of a saved conversation. Saved by an older version, it gets the fields
    added since at their defaults and loses those removed (whatever the fields are)."""
    fresh = Conversation()
    known = {f.name for f in dataclasses.fields(Conversation)}
    fresh.__dict__.update({k: copy.deepcopy(v) for k, v in vars(saved).items() if k in known})
    return fresh


@dataclass
class Answer:
    """The messages that answered one question (or tap), and what the answer was about."""

    message_ids: tuple[int, ...]
    digests: tuple[str, ...]  # one per message, see `digest`
    question_id: int | None = None  # the question's message; None for a button tap
    conversation: Conversation | None = None  # the conversation as this answer left it
    at: float = field(default_factory=time.time)


@dataclass
class ChatMemory:
    """One chat's `chat_data`: conversations by person and topic, and the recent answers."""

    contexts: dict[ContextKey, tuple[Conversation, float]] = field(default_factory=dict)
    answers: OrderedDict[int, Answer] = field(default_factory=OrderedDict)  # by first message id

    def conversation(self, key: ContextKey, *, now: float | None = None) -> Conversation:
        """A working copy of this person's conversation here; a fresh one if it is old or new."""
        now = time.time() if now is None else now
        saved = self.contexts.get(key)
        if saved is None or now - saved[1] > CONTEXT_TTL_S:
            return Conversation()
        return revived(saved[0])

    def keep(self, key: ContextKey, conversation: Conversation, *, now: float | None = None) -> None:
        """Save the person's conversation as the last answer left it."""
        self.contexts[key] = (copy.deepcopy(conversation), time.time() if now is None else now)

    def answer_in(self, message_id: int) -> Answer | None:
        """The answer one of whose messages has this id."""
        return next((a for a in self.answers.values() if message_id in a.message_ids), None)

    def continuing(self, message_id: int, *, now: float | None = None) -> Conversation | None:
        """A working copy of the conversation as the answer in this message left it, if remembered."""
        answer = self.answer_in(message_id)
        now = time.time() if now is None else now
        if answer is None or answer.conversation is None or now - answer.at > ANSWER_TTL_S:
            return None
        return revived(answer.conversation)

    def answer_to(self, question_id: int) -> Answer | None:
        """The answer to the question with this message id."""
        return next((a for a in self.answers.values() if a.question_id == question_id), None)

    def remember(self, answer: Answer, *, replacing: Answer | None = None) -> None:
        """Keep what an answer was about (a copy), in place of an earlier answer it replaces."""
        if replacing is not None:
            self.answers.pop(replacing.message_ids[0], None)
        stored = Answer(answer.message_ids, answer.digests, answer.question_id,
                        copy.deepcopy(answer.conversation), answer.at)
        self.answers[answer.message_ids[0]] = stored
        self.answers.move_to_end(answer.message_ids[0])
        self.prune(now=answer.at)

    def forget(self, answer: Answer) -> None:
        self.answers.pop(answer.message_ids[0], None)

    def prune(self, *, now: float | None = None) -> None:
        """Forget expired conversations and old answers."""
        now = time.time() if now is None else now
        for key in [k for k, (_, at) in self.contexts.items() if now - at > CONTEXT_TTL_S]:
            del self.contexts[key]
        for first in [k for k, a in self.answers.items() if now - a.at > ANSWER_TTL_S]:
            del self.answers[first]
        while len(self.answers) > MAX_ANSWERS:
            self.answers.popitem(last=False)

    def last_used(self) -> float:
        """When anything here was last saved (0 if nothing is)."""
        return max([at for _, at in self.contexts.values()] + [a.at for a in self.answers.values()], default=0.0)

    def is_empty(self) -> bool:
        return not self.contexts and not self.answers


def context_key(message: Message, person: int | None = None) -> ContextKey:
    """Whose conversation a message continues: per forum topic, per person within a chat.

    `person` overrides the sender (a tap is by whoever tapped, not by the bot that wrote
    the message carrying the button).
    """
    topic = message.message_thread_id if message.is_topic_message else None
    if person is None:
        if message.sender_chat is not None:  # an anonymous admin, a linked channel
            person = message.sender_chat.id
        elif message.from_user is not None:
            person = message.from_user.id
    return topic, person


def starting_point(memory: ChatMemory, message: Message, key: ContextKey, *, bot_id: int) -> Conversation:
    """The conversation a message continues: that of the bot's answer it replies to, if it
    replies to one still remembered, else the person's own."""
    original = message.reply_to_message
    if original is not None and original.from_user is not None and original.from_user.id == bot_id:
        continued = memory.continuing(original.message_id)
        if continued is not None:
            return continued
    return memory.conversation(key)
