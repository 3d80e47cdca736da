"""Slash commands typed in any chat: help, reset, undo, feedback and admin commands."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from core.answers import Turn
from core.feedback import polarity
from core.jobs import JobResult
from core.messages import ConversationKey, Sender
from core.ports import Outbound

if TYPE_CHECKING:
    from core.engine import DialogueEngine

HELP = """I draw and edit pictures through conversation. Try:
• "draw a cat on a beach at sunset"
• send a photo and say "make it anime", "remove the background", "put it in Paris"
• "put sunglasses on it", "zoom out", "make it bigger", "write 'hello' on top"
• "what breed is it?" — I answer questions about pictures
Commands: /help, /reset (new conversation), /undo (back to the previous picture)."""


class LearningLoop(Protocol):
    """Admin commands of the learning loop (retraining, rollback, corrections)."""

    async def command(
        self,
        name: str,
        argument: str,
        key: ConversationKey,
        sender: Sender,
        out: Outbound,
        reply_to: str | None = None,
    ) -> str:
        """Run an admin command; `reply_to` is the platform id of the message it replies to
        (the answer a /fix corrects). Returns the text to send back."""
        ...


Handler = Callable[[ConversationKey, int, int, Sender, str, Outbound], Awaitable[None]]


class Commands:
    ADMIN_ONLY = frozenset({"/stats", "/retrain", "/rollback", "/fix"})
    LEARNING = frozenset({"/retrain", "/rollback", "/fix"})

    def __init__(self, engine: DialogueEngine) -> None:
        self.engine = engine
        self.learning: LearningLoop | None = None
        self._handlers: dict[str, Handler] = {
            "/start": self._help,
            "/help": self._help,
            "/reset": self._reset,
            "/undo": self._undo,
            "/good": self._good,
            "/bad": self._bad,
            "/stats": self._stats,
        }

    async def run(
        self,
        key: ConversationKey,
        conversation_id: int,
        user_id: int,
        sender: Sender,
        text: str,
        out: Outbound,
        reply_to: str | None = None,
    ) -> None:
        name, _, argument = text.partition(" ")
        name = name.split("@", 1)[0].lower()  # "/help@DialogDrawBot" in Telegram groups
        handler = self._handlers.get(name)
        store = self.engine.store
        await store.add_message(conversation_id, "user", text, user_id=user_id, kind="command")
        if handler is None and name not in self.LEARNING:
            await out.send_text(
                f"I don't know the command {name}. Send /help to see what I can do."
            )
            return
        if name in self.ADMIN_ONLY and not self.engine.settings.is_admin(sender.platform_user_id):
            await out.send_text(f"Sorry, {name} is only for admins of this bot.")
            return
        if name in self.LEARNING:
            await self._learning_command(name, argument.strip(), key, sender, out, reply_to)
            return
        assert handler is not None
        await handler(key, conversation_id, user_id, sender, argument.strip(), out)

    async def _help(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        await out.send_text(HELP)

    async def _reset(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        await self.engine.store.close_conversation(key)
        await out.send_text("Fresh start! I've forgotten our earlier pictures for this chat.")

    async def _undo(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        await self.undo(key, conv, user, sender, out)

    async def undo(
        self,
        key: ConversationKey,
        conversation_id: int,
        user_id: int,
        sender: Sender,
        out: Outbound,
    ) -> None:
        """Make the previous picture the newest again by posting it anew; nothing is deleted."""
        store = self.engine.store
        images = await store.images(conversation_id)
        if not images:
            await out.send_text("There is nothing to undo yet.")
            return
        newest = images[-1]
        if newest.parent_image_id is not None:
            target = await store.image(newest.parent_image_id)
        else:
            target = images[-2] if len(images) > 1 else None
        if target is None:
            await out.send_text(
                f"{newest.ref} is the first picture here; there is nothing before it."
            )
            return
        message_id = await store.add_message(
            conversation_id, "user", f"go back to {target.ref}", user_id=user_id
        )
        decision_id = await store.add_decision(
            message_id, "undo", {"image": target.ref}, source="button"
        )
        turn = Turn(key, conversation_id, user_id, message_id, sender)
        data = await store.read_image(target)
        await self.engine.answers.image(
            turn,
            decision_id,
            None,
            JobResult(image=data, mime_type=target.mime_type, model=target.model or ""),
            target.caption,
            "undo",
            {"image": target.ref},
            target.seed,
            target,
            out,
        )

    async def _good(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        await self._feedback(conv, user, "👍", out)

    async def _bad(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        await self._feedback(conv, user, "👎", out)

    async def _feedback(
        self, conversation_id: int, user_id: int, emoji: str, out: Outbound
    ) -> None:
        """What a reaction does, for clients without reactions (the console)."""
        store = self.engine.store
        answer = await store.last_answer(conversation_id)
        if answer is None:
            await out.send_text("There is no answer of mine to rate yet.")
            return
        settings = self.engine.settings
        value = polarity(emoji, settings.positive_emoji, settings.negative_emoji)
        await store.add_feedback(answer.id, answer.decision_id, user_id, emoji, value, "added")
        await out.send_text(
            "Thanks for the feedback!" if value > 0 else "Noted — thanks for telling me."
        )

    async def _stats(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        store = self.engine.store
        stats = await store.stats()
        lines = [
            "📊 {conversations} conversations, {turns} turns, {images} images, "
            "{feedback} reactions, {pairs} preference pairs; model version: {model_version}".format(
                **stats
            )
        ]
        # Admins get the operator's reading of what failed (missing models, settings).
        failures = await store.jobs.recent_failures()
        if failures:
            lines.append("Failed jobs in the last 24 h:")
            lines += [f"• {n}× {error}" for error, n in failures]
        await out.send_text("\n".join(lines))

    async def _learning_command(
        self,
        name: str,
        arg: str,
        key: ConversationKey,
        sender: Sender,
        out: Outbound,
        reply_to: str | None,
    ) -> None:
        if self.learning is None:
            await out.send_text(f"{name} needs the learning loop, which is not set up here.")
            return
        # Only passed when there is one: hooks written before `reply_to` keep working.
        extra = {"reply_to": reply_to} if reply_to else {}
        await out.send_text(await self.learning.command(name, arg, key, sender, out, **extra))
