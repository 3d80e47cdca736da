"""The Discord client: gateway events and interactions in, engine calls out.

Where a conversation lives: a mention (or /draw) in a server channel opens a thread and
that thread is the conversation; inside the bot's threads every message is a turn; each
DM is one conversation.
"""

from __future__ import annotations

import contextlib
import logging
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import discord
from discord import app_commands

from bot.discord_bot.outbound import DiscordOutbound
from bot.discord_bot.slash import PhrasebookTranslator, add_commands, sync_if_changed
from bot.discord_bot.translate import (
    PLATFORM,
    conversation_key,
    download,
    incoming,
    sender_of,
    strip_mention,
    thread_name,
    upload_problem,
)
from bot.discord_bot.views import ImageActionButton
from core.engine import DialogueEngine
from core.languages import detect_language
from core.messages import Attachment, ConversationKey, IncomingMessage, Sender
from core.settings import Settings
from core.uploads import download_failed

log = logging.getLogger(__name__)

COMMANDS_STATE_FILE = "discord-commands.sha256"
TURN_MESSAGE_TYPES = (discord.MessageType.default, discord.MessageType.reply)
Conversation = discord.Thread | discord.DMChannel


def intents() -> discord.Intents:
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    wanted.message_content = True  # privileged: enable it in the developer portal too
    wanted.reactions = True  # guild and DM reactions
    return wanted


class DialogDrawClient(discord.Client):
    def __init__(
        self, settings: Settings, engine: DialogueEngine, *, guild_ready_timeout: float = 2.0
    ) -> None:
        super().__init__(
            intents=intents(),
            # Echoed user text must never ping @everyone or anybody else.
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
        )
        self.settings = settings
        self.engine = engine
        self.tree: app_commands.CommandTree[DialogDrawClient] = app_commands.CommandTree(self)
        add_commands(self.tree, self)
        self._recovered = False

    async def on_ready(self) -> None:
        # READY comes again after each reconnect: recover once, in the background.
        if not self._recovered:
            self._recovered = True
            self.loop.create_task(self.engine.recover(PLATFORM, self.outbound_for))

    def outbound_for(self, key: ConversationKey, reply_to: str | None) -> DiscordOutbound | None:
        """Where a recovered job's answer goes: the thread or DM of its conversation."""
        if key.platform != PLATFORM or not key.chat_id.isdigit():
            return None
        return DiscordOutbound.to_channel(self.get_partial_messageable(int(key.chat_id)))

    def _scopes(self, guild_id: int | None, channel_id: int | None) -> tuple[str, ...]:
        """What ALLOWED_CHATS may name around a channel: its server and a thread's channel."""
        scopes = [str(guild_id)] if guild_id else []
        channel = self.get_channel(channel_id) if channel_id else None
        parent = getattr(channel, "parent_id", None)
        if parent:
            scopes.append(str(parent))
        return tuple(scopes)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(ImageActionButton)
        # Before the digest: the localised descriptions are part of what is synced.
        await self.tree.set_translator(PhrasebookTranslator())
        state_file = Path(self.settings.data_dir) / COMMANDS_STATE_FILE
        await sync_if_changed(self.tree, state_file, self.application_id)

    # messages

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.type not in TURN_MESSAGE_TYPES or self.user is None:
            return
        # message.mentions comes from Discord's own list, not from parsing the text.
        mentioned = any(m.id == self.user.id for m in message.mentions)
        text = strip_mention(message.content, self.user.id)
        place = await self._conversation_of(message, mentioned, text)
        if place is not None:
            await self._turn(message, place, text)

    async def _conversation_of(
        self, message: discord.Message, mentioned: bool, text: str
    ) -> Conversation | None:
        channel = message.channel
        if isinstance(channel, discord.PartialMessageable) and channel.guild_id is not None:
            # A thread made before a restart and not in the cache: ask what it is.
            fetched = await self.fetch_channel(channel.id)
            channel = fetched if isinstance(fetched, discord.Thread) else channel
        if isinstance(channel, discord.DMChannel):
            return channel
        if isinstance(channel, discord.PartialMessageable) and channel.guild_id is None:
            return await self.create_dm(message.author)
        if isinstance(channel, discord.Thread):
            return channel if mentioned or channel.owner_id == getattr(self.user, "id", 0) else None
        if isinstance(channel, discord.TextChannel) and mentioned:
            return await message.create_thread(name=thread_name(text))
        return None

    async def _turn(self, message: discord.Message, place: Conversation, text: str) -> None:
        out = DiscordOutbound.to_channel(place)
        attachments = await self._attachments(message.attachments, out, detect_language(text))
        if attachments is None:
            return
        async with place.typing():
            msg = incoming(message, conversation_key(place.id), text, attachments)
            await self.engine.handle(msg, out)

    async def _attachments(
        self, found: list[discord.Attachment], out: DiscordOutbound, language: str
    ) -> tuple[Attachment, ...] | None:
        """Downloaded uploads, or None after telling the user (in `language`) why they
        can't be used."""
        for attachment in found:
            problem = upload_problem(attachment, self.settings.max_upload_bytes)
            if problem is not None:
                await out.send_text(problem.said_in(language))
                return None
        try:
            return tuple([await download(a) for a in found])
        except discord.HTTPException:
            log.warning("downloading an attachment failed", exc_info=True)
            await out.send_text(download_failed("Discord").said_in(language))
            return None

    # reactions: raw events, so that reactions on messages not in the cache count too

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self._reaction(payload, added=True)

    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        await self._reaction(payload, added=False)

    async def _reaction(self, payload: discord.RawReactionActionEvent, added: bool) -> None:
        if self.user is not None and payload.user_id == self.user.id:
            return
        emoji = payload.emoji
        if emoji.is_custom_emoji() or not emoji.name:
            return  # server emoji mean nothing to the preference data
        name = payload.member.display_name if payload.member else ""
        await self.engine.record_reaction(
            conversation_key(payload.channel_id),
            Sender(str(payload.user_id), name),
            str(payload.message_id),
            emoji.name,
            added,
            # A 👎 may get a "did you mean" answer in the same channel or thread.
            DiscordOutbound.to_channel(self.get_partial_messageable(payload.channel_id)),
            self._scopes(payload.guild_id, payload.channel_id),
        )

    # interactions: acknowledged at once (Discord allows 3 s), answered by followups

    async def on_draw(
        self, interaction: discord.Interaction, request: str, image: discord.Attachment | None
    ) -> None:
        await interaction.response.defer(thinking=True)
        channel = interaction.channel
        if isinstance(channel, discord.TextChannel):
            # As with a mention: the request opens a thread, and the thread is the conversation.
            header = await interaction.followup.send(f"🎨 {request}", wait=True)
            thread = await channel.create_thread(name=thread_name(request), message=header)
            key, out = conversation_key(thread.id), DiscordOutbound.to_channel(thread)
            working: AbstractAsyncContextManager[object] = thread.typing()
        else:
            # In a thread or a DM the deferred "thinking…" is the typing indicator.
            key = conversation_key(interaction.channel_id or 0)
            out = DiscordOutbound.to_interaction(interaction)
            working = contextlib.nullcontext()
        attachments = await self._attachments(
            [image] if image else [], out, detect_language(request)
        )
        if attachments is None:
            return
        async with working:
            msg = IncomingMessage(
                key,
                sender_of(interaction.user, str(interaction.locale)),
                request,
                attachments,
                scopes=self._scopes(interaction.guild_id, interaction.channel_id),
            )
            await self.engine.handle(msg, out)

    async def on_text_command(self, interaction: discord.Interaction, name: str) -> None:
        await interaction.response.defer(thinking=True)
        msg = IncomingMessage(
            conversation_key(interaction.channel_id or 0),
            sender_of(interaction.user, str(interaction.locale)),
            f"/{name}",
            platform_message_id=str(interaction.id),
            scopes=self._scopes(interaction.guild_id, interaction.channel_id),
        )
        await self.engine.handle(msg, DiscordOutbound.to_interaction(interaction))

    async def on_image_action(
        self, interaction: discord.Interaction, action: str, image_id: int
    ) -> None:
        await interaction.response.defer(thinking=True)
        await self.engine.handle_action(
            conversation_key(interaction.channel_id or 0),
            sender_of(interaction.user, str(interaction.locale)),
            action,
            image_id,
            DiscordOutbound.to_interaction(interaction),
            self._scopes(interaction.guild_id, interaction.channel_id),
        )
