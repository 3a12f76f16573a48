"""Admin commands (/reload, /stats) for the users in BOT_ADMIN_IDS, and messages to admins.

Only admins reach these handlers (`filters.User` in bot/telegram/app.py); for anyone else
the commands do not exist."""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.telegram import sending, texts
from bot.telegram.formatting import escape
from bot.telegram.reloading import ReloadResult
from bot.telegram.state import BotState, Context, get_state

log = logging.getLogger(__name__)

TOP_UNANSWERED = 5


def reload_text(result: ReloadResult, *, automatic: bool = False) -> str:
    if result.ok:
        how = "The knowledge base changed and was reloaded" if automatic else "Knowledge base reloaded"
        return f"✅ {how} in {result.seconds:.1f} s: {escape(result.summary)}."
    what = "The changed knowledge base" if automatic else "The knowledge base"
    count = len(result.problems)
    return (f"⚠️ {what} has {count} problem{'s' if count != 1 else ''}; "
            f"I keep serving the previous one.\n{texts.problems_text(result.problems)}")


async def reload_command(update: Update, context: Context) -> None:
    """Reload the knowledge base now; a broken one is refused and the old one kept."""
    message = update.effective_message
    if message is None:
        return
    result = await get_state(context).holder.reload()
    await sending.reply(message, [reload_text(result)])


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
        lines.append(f"⚠️ the last reload was refused ({len(holder.last_result.problems)} problems)")
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
        groups = state.unanswered.groups(limit=TOP_UNANSWERED)
        return [(str(g.example), int(g.count)) for g in groups]
    except Exception:
        log.exception("reading the unanswered questions failed")
        return None


async def stats_command(update: Update, context: Context) -> None:
    """Show questions answered, fallbacks and the top unanswered questions."""
    message = update.effective_message
    if message is None:
        return
    state = get_state(context)
    unanswered = await asyncio.to_thread(_top_unanswered, state)
    chats = sum(1 for memory in context.application.chat_data.values() if not memory.is_empty())
    await sending.reply(message, [stats_text(state, unanswered, chats=chats)])


async def notify_admins(bot: Bot, state: BotState, text: str) -> None:
    """Send a message to every admin who can be reached; the others are skipped (and logged)."""
    for admin_id in sorted(state.settings.admin_ids):
        try:
            await bot.send_message(admin_id, text)
        except TelegramError as error:  # the admin never opened a chat with the bot, or blocked it
            log.warning("could not notify admin %s: %s", admin_id, error)
