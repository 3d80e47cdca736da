"""Slash commands typed in any chat: help, reset, undo, feedback and admin commands.

Which commands exist, who may run them and where they are listed is core.command_table;
this module holds what they do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, cast

from core.answers import Answers, Turn, user_language
from core.command_table import BY_NAME, LEARNING, menu_commands
from core.content_filter import ContentFilter
from core.feedback import polarity
from core.jobs import JobResult
from core.messages import ConversationKey, Sender
from core.phrasebook import Words, phrase
from core.ports import Outbound
from core.safety import THRESHOLDS, SafetyLevel
from core.settings import Settings
from core.store import Store


def help_text(language: str = "en") -> str:
    """/help in `language`: what the bot does, with example requests, and its commands."""
    described = {c.name: phrase(f"command_{c.name}").said_in(language) for c in menu_commands()}
    listed = ", ".join(f"/{name} ({what})" for name, what in described.items())
    intro = phrase("help_intro").said_in(language)
    commands = phrase("help_commands", listed=listed).said_in(language)
    return f"{intro}\n{commands}"


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
    def __init__(
        self,
        settings: Settings,
        store: Store,
        answers: Answers,
        learning: LearningLoop | None = None,
        *,
        content_filter: ContentFilter | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.answers = answers
        self.learning = learning
        # The runner's filter, for /safety and /stats (without one: no check on this host).
        self.content_filter = content_filter or ContentFilter(settings, store, None)
        # By the table's handler names (core.command_table.CommandSpec.handler).
        self._handlers: dict[str, Handler] = {
            "help": self._help,
            "reset": self._reset,
            "undo": self._undo,
            "good": self._good,
            "bad": self._bad,
            "stats": self._stats,
            "safety": self._safety,
        }
        missing = {c.handler for c in BY_NAME.values()} - {*self._handlers, LEARNING}
        assert not missing, f"commands without a handler: {sorted(missing)}"

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
        spec = BY_NAME.get(name[1:])
        await self.store.messages.add(
            conversation_id, "user", text, user_id=user_id, kind="command"
        )
        if spec is None:
            language = await self._language(conversation_id, sender)
            await out.send_text(phrase("unknown_command", name=name).said_in(language))
            return
        if spec.admin_only and not self.settings.is_admin(sender.platform_user_id):
            language = await self._language(conversation_id, sender)
            await out.send_text(phrase("admins_only", name=name).said_in(language))
            return
        if spec.handler == LEARNING:
            await self._learning_command(name, argument.strip(), key, sender, out, reply_to)
            return
        handler = self._handlers[spec.handler]
        await handler(key, conversation_id, user_id, sender, argument.strip(), out)

    async def _help(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        await out.send_text(help_text(await self._language(conv, sender)))

    async def _reset(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        language = await self._language(conv, sender)
        await self.store.conversations.close(key)
        await out.send_text(phrase("fresh_start").said_in(language))

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
        asked: Turn | None = None,
    ) -> None:
        """Make the previous picture the newest again by posting it anew; nothing is deleted.

        `asked`: the user asked in words (core.undo_requests), and that turn, their message
        already stored, is answered like any other. Without it (/undo, the ↩️ button) the
        request is stored as the words the model reads for it, "go back to #N"."""
        store = self.store
        language = asked.language if asked else await self._language(conversation_id, sender)
        images = await store.images.of_conversation(conversation_id)
        if not images:
            await self._say(asked, phrase("nothing_to_undo"), language, out)
            return
        newest = images[-1]
        if newest.parent_image_id is not None:
            target = await store.images.get(newest.parent_image_id)
        else:
            target = images[-2] if len(images) > 1 else None
        if target is None:
            await self._say(asked, phrase("first_picture", ref=newest.ref), language, out)
            return
        turn = asked
        if turn is None:
            message_id = await store.messages.add(
                conversation_id, "user", f"go back to {target.ref}", user_id=user_id
            )
            turn = Turn(key, conversation_id, user_id, message_id, sender, language)
        # Not the model's decision (source "button", as for /undo): no preference pair
        # is ever made from it.
        decision_id = await store.decisions.add(
            turn.message_id, "undo", {"image": target.ref}, source="button"
        )
        data = await store.images.read(target)
        await self.answers.image(
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

    async def _say(self, asked: Turn | None, words: Words, language: str, out: Outbound) -> None:
        """A reply to an undo: part of the dialogue when asked in words, else a notice."""
        if asked is None:
            await out.send_text(words.said_in(language))
        else:
            await self.answers.text(asked, words, out)

    async def _good(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        await self._feedback(conv, user, sender, "👍", out)

    async def _bad(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        await self._feedback(conv, user, sender, "👎", out)

    async def _feedback(
        self, conversation_id: int, user_id: int, sender: Sender, emoji: str, out: Outbound
    ) -> None:
        """What a reaction does, for clients without reactions (the console)."""
        language = await self._language(conversation_id, sender)
        answer = await self.store.messages.last_answer(conversation_id)
        if answer is None:
            await out.send_text(phrase("nothing_to_rate").said_in(language))
            return
        settings = self.settings
        value = polarity(emoji, settings.positive_emoji, settings.negative_emoji)
        await self.store.feedback.add(answer.id, answer.decision_id, user_id, emoji, value, "added")
        await out.send_text(phrase("rated_good" if value > 0 else "rated_bad").said_in(language))

    async def _language(self, conversation_id: int, sender: Sender) -> str:
        """The language of the user's turns here (commands tell none), else their app's."""
        return await user_language(self.store, conversation_id, app_language=sender.app_language)

    async def _stats(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        s = await self.store.stats()
        lines = [
            f"📊 {s.conversations} conversations, {s.turns} turns, {s.images} images, "
            f"{s.feedback} reactions, {s.pairs} preference pairs; model version: {s.model_version}"
        ]
        # Admins get the operator's reading of what failed (missing models, settings).
        failures = await self.store.jobs.recent_failures()
        if failures:
            lines.append("Failed jobs in the last 24 h:")
            lines += [f"• {n}× {error}" for error, n in failures]
        lines.append(await self.content_filter.status())
        await out.send_text("\n".join(lines))

    async def _safety(
        self, key: ConversationKey, conv: int, user: int, sender: Sender, arg: str, out: Outbound
    ) -> None:
        """/safety [strict|relaxed|off|default]: set or show this chat's filter level."""
        choice = arg.lower()
        if choice and choice not in (*THRESHOLDS, "default"):
            await out.send_text(
                "Usage: /safety strict|relaxed|off, or /safety default to follow the"
                f" bot's setting ({self.settings.safety})."
            )
            return
        chats = self.store.chat_settings
        if choice:
            level = None if choice == "default" else cast(SafetyLevel, choice)
            await chats.set_safety(key.platform, key.chat_id, level, by=sender.platform_user_id)
        own = await chats.safety(key.platform, key.chat_id)
        await out.send_text(self._safety_text(own))

    def _safety_text(self, own: SafetyLevel | None) -> str:
        default = self.settings.safety
        level = own or default
        threshold = THRESHOLDS[level]
        what = "nothing is checked" if threshold is None else f"refused from a score of {threshold}"
        whose = "this chat's own level" if own else "the bot's default"
        text = f"Content filter here: {level} ({whose}; {what}). The bot's default is {default}."
        if self.content_filter.check is None:
            text += " Its model isn't installed here (run `make setup`): nothing is checked."
        return text

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
