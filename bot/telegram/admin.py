"""Admin commands (/reload, /stats) for the users in BOT_ADMIN_IDS, and messages to admins.

Only admins reach these handlers (`filters.User` in bot/telegram/app.py); for anyone else
the commands do not exist."""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.telegram import sending, texts
from bot.telegram.addressing import is_private
from bot.telegram.formatting import escape
from bot.telegram.reloading import ReloadResult
from bot.telegram.state import BotState, Context, get_state

log = logging.getLogger(__name__)

TOP_UNANSWERED = 5
# Problems that make a whole file unreadable. Everything else reported with them is a knock-on
# ("unknown mission 'althea'" because missions.yaml could not be read), so they are shown alone.
FILE_LEVEL = ("YAML syntax error", "YAML error:", "cannot read the file", "not valid UTF-8",
              "tab used for indentation")


def root_problems(problems: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """The problems to show (unreadable files, if any, else all) and how many were left out."""
    files = tuple(p for p in problems if any(marker in p for marker in FILE_LEVEL))
    shown = files or problems
    return shown, len(problems) - len(shown)


def reload_text(result: ReloadResult, *, automatic: bool = False) -> str:
    if result.ok:
        how = "The knowledge base changed and was reloaded" if automatic else "Knowledge base reloaded"
        return f"✅ {how} in {result.seconds:.1f} s: {escape(result.summary)}."
    what = "The changed knowledge base" if automatic else "The knowledge base"
    shown, hidden = root_problems(result.problems)
    count = len(shown)
    more = (f" ({hidden} more may follow from {'it' if count == 1 else 'them'}; they are checked once "
            f"{'it is' if count == 1 else 'these are'} fixed)") if hidden else ""
    return (f"⚠️ {what} has {count} problem{'s' if count != 1 else ''}{more}; "
            f"I keep serving the previous one.\n{texts.problems_text(shown)}")


def reload_summary(result: ReloadResult) -> str:
    """A refused reload in a group: no file paths and problem lists for every member to read."""
    shown, _ = root_problems(result.problems)
    count = len(shown)
    return (f"⚠️ The knowledge base has {count} problem{'s' if count != 1 else ''}; "
            "I keep serving the previous one. ")


async def reload_command(update: Update, context: Context) -> None:
    """Reload the knowledge base now; a broken one is refused and the old one kept."""
    message = update.effective_message
    assert message is not None
    state = get_state(context)
    state.unreachable_admins.discard(update.effective_user.id if update.effective_user else 0)
    result = await state.holder.reload()
    if result.ok or is_private(message):
        await sending.reply(message, [reload_text(result)], quote=not is_private(message))
        return
    where = "The details are in our private chat."
    try:  # the details go to the admin alone
        await context.bot.send_message(message.from_user.id if message.from_user else 0, reload_text(result),
                                       parse_mode=ParseMode.HTML)
    except TelegramError:
        where = "Send /reload in a private chat with me for the details."
    await sending.reply(message, [escape(reload_summary(result) + where)], quote=True)


def stats_text(state: BotState, unanswered: list[tuple[str, int]] | None, *, chats: int = 0) -> str:
    stats, holder = state.stats, state.holder
    hours = (time.time() - stats.started) / 3600
    lines = [
        f"<b>Since {time.strftime('%Y-%m-%d %H:%M', time.localtime(stats.started))}</b> "
        f"({hours:.1f} h ago; kept across restarts)",
        f"Questions: {stats.questions} typed, {stats.taps} from buttons",
        f"Answered: {stats.understood}",
        f"Fallbacks (not understood or out of scope): {stats.fallbacks}",
        f"Held back by the per-user limit: {stats.rate_limited}",
        f"Errors: {stats.errors}",
        f"Chats remembered (conversations, recent answers): {chats}",
        "",
        f"<b>Knowledge base</b>: {escape(holder.engine.kb.summary())}",
        f"loaded {time.strftime('%Y-%m-%d %H:%M', time.localtime(holder.loaded_at))}",
    ]
    if holder.last_result is not None and not holder.last_result.ok:
        count = len(root_problems(holder.last_result.problems)[0])
        lines.append(f"⚠️ the last reload was refused ({count} problem{'s' if count != 1 else ''})")
    lines += ["", "<b>Top unanswered questions</b>"]
    if unanswered is None:
        lines.append("(not recorded)")
    elif not unanswered:
        lines.append("(none yet)")
    else:
        lines += [f"{count}× {escape(_short(example))}" for example, count in unanswered]
    return "\n".join(lines)


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _top_unanswered(state: BotState) -> list[tuple[str, int]] | None:
    if state.unanswered is None:
        return None
    try:
        groups = state.unanswered.groups(limit=TOP_UNANSWERED * 4)
        # Emoji-only messages and a bare "?" are no gap in the knowledge base: not shown.
        found = [(str(g.example), int(g.count)) for g in groups if any(c.isalpha() for c in str(g.example))]
        return found[:TOP_UNANSWERED]
    except Exception:
        log.exception("reading the unanswered questions failed")
        return None


async def stats_command(update: Update, context: Context) -> None:
    """Show questions answered, fallbacks and the top unanswered questions."""
    message = update.effective_message
    if message is None:
        return
    state = get_state(context)
    state.unreachable_admins.discard(update.effective_user.id if update.effective_user else 0)
    unanswered = await asyncio.to_thread(_top_unanswered, state)
    chats = sum(1 for memory in context.application.chat_data.values() if not memory.is_empty())
    await sending.reply(message, [stats_text(state, unanswered, chats=chats)])


async def notify_admins(bot: Bot, state: BotState, text: str) -> None:
    """Send a message to every admin who can be reached. One who cannot (never pressed Start,
    or blocked the bot) is logged once and skipped until they use an admin command."""
    for admin_id in sorted(state.settings.admin_ids):
        if admin_id in state.unreachable_admins:
            continue
        try:
            await bot.send_message(admin_id, text, parse_mode=ParseMode.HTML)
        except (BadRequest, Forbidden) as error:  # no chat with the bot: the same next time
            state.unreachable_admins.add(admin_id)
            log.warning("could not notify admin %s (%s); not trying again until they send /stats or /reload",
                        admin_id, error)
        except TelegramError as error:  # a network problem: try again next time
            log.warning("could not notify admin %s: %s", admin_id, error)
