"""Who may use the bot and how fast: allow-lists and the rate limit, for every way in
(messages, commands, buttons, reactions), and what a refused message leaves behind."""

from __future__ import annotations

from core.limits import RateLimiter
from core.messages import ConversationKey, IncomingMessage, Sender
from core.phrasebook import Words, phrase
from core.settings import Settings
from core.store import Store

NOT_ENABLED = phrase("not_enabled")


class Admission:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.rate_limiter = RateLimiter(settings.rate_limit_per_minute)

    def allowed(self, key: ConversationKey, sender: Sender, scopes: tuple[str, ...]) -> bool:
        s = self.settings
        if s.is_admin(sender.platform_user_id):
            return True
        if s.allowed_users and sender.platform_user_id not in s.allowed_users:
            return False
        places = {key.chat_id, *scopes}
        return not s.allowed_chats or bool(places & set(s.allowed_chats))

    def within_limit(self, key: ConversationKey, sender: Sender) -> bool:
        """Count one request of the sender; False when the last minute had the limit."""
        return self.rate_limiter.allow(self._who(key, sender))

    def flood_warning(self, key: ConversationKey, sender: Sender) -> Words | None:
        """The words for a refused request, or None when this flood was told already."""
        who = self._who(key, sender)
        if not self.rate_limiter.first_refusal(who):
            return None
        wait = self.rate_limiter.retry_after(who)
        return phrase("flood", wait=wait)

    def refusal(
        self, key: ConversationKey, sender: Sender, scopes: tuple[str, ...]
    ) -> Words | str | None:
        """Why a button press is not taken: the allow-list's or the rate limit's words,
        "" to ignore it silently (a flood already told), None to take it."""
        if not self.allowed(key, sender, scopes):
            return NOT_ENABLED
        if self.within_limit(key, sender):
            return None
        return self.flood_warning(key, sender) or ""

    async def keep_refused(
        self, msg: IncomingMessage, text: str, conversation_id: int, user_id: int
    ) -> None:
        """A refused message is kept, outside the dialogue the model reads."""
        await self.store.messages.add(
            conversation_id,
            "user",
            text,
            user_id=user_id,
            kind="notice",
            platform_message_id=msg.platform_message_id,
        )

    @staticmethod
    def _who(key: ConversationKey, sender: Sender) -> str:
        return f"{key.platform}:{sender.platform_user_id}"
