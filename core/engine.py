"""The dialogue engine: one incoming message in, the right picture or words out.

For each turn it admits the message, stores it and its images (numbered #N), builds the
dialogue in the spec's format and hands it to the DecisionRunner (core.decisions), which
asks the intent model, checks the arguments against the catalog, runs the skill and
answers. Adapters only translate; everything else happens here.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from core.admission import NOT_ENABLED, Admission
from core.answers import Answers, Turn, user_language
from core.captions import UPLOAD_CAPTION
from core.catalog import button_decision
from core.commands import Commands
from core.decisions import DecisionRunner
from core.dialogue import PredictionRequest
from core.languages import DEFAULT as DEFAULT_LANGUAGE
from core.languages import detect_language
from core.messages import ConversationKey, IncomingMessage, Sender
from core.phrasebook import phrase, said
from core.ports import IntentModel, JobQueue, Outbound
from core.reactions import Reactions
from core.safety import REFUSED_UPLOAD, SafetyCheck
from core.settings import Settings
from core.store import JobRow, Store, StoreError
from core.text import clean_text
from core.undo_requests import asks_undo
from core.uploads import CheckedImage, UploadProblem, check_image

log = logging.getLogger(__name__)

Captioner = Callable[[bytes], str]
# How a recovered job finds its chat again: the conversation and the platform id of the
# user's message (to reply to); None when the platform cannot reach that chat now.
OutboundFor = Callable[[ConversationKey, str | None], Outbound | None]

SORRY = phrase("sorry")
NOTHING_ASKED = phrase("nothing_asked")
# A job older than this when the bot comes back is not worth drawing any more.
RECOVER_WITHIN_S = 6 * 3600.0
TOO_OLD = phrase("too_old")


class DialogueEngine:
    """The turn's way through the core. The composition root builds the parts it shares
    with the learning loop (the DecisionRunner, the Commands) and passes them in; without
    them the engine builds its own, with no learning loop."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        intent: IntentModel,
        queue: JobQueue,
        *,
        captioner: Captioner | None = None,
        decisions: DecisionRunner | None = None,
        commands: Commands | None = None,
        safety: SafetyCheck | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.intent = intent
        self.queue = queue
        self.captioner = captioner
        self.admission = Admission(settings, store)
        self.decisions = decisions or DecisionRunner(
            settings, store, intent, queue, Answers(store), safety=safety
        )
        parts = self.decisions
        if parts.store is not store or parts.intent is not intent or parts.queue is not queue:
            raise ValueError("the DecisionRunner must use the engine's store, model and queue")
        if safety is not None and parts.content_filter.check is not safety:
            raise ValueError("the DecisionRunner must use the engine's content filter")
        # One filter for results (the runner's) and uploads (here).
        self.content_filter = parts.content_filter
        self.answers = self.decisions.answers
        self.commands = commands or Commands(
            settings, store, self.answers, content_filter=self.content_filter
        )
        # One turn at a time per conversation: "it" must mean the result of the turn before.
        self._locks: defaultdict[ConversationKey, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.reactions = Reactions(
            settings, store, intent, self.decisions, self.admission, self._locks
        )

    @property
    def run_id(self) -> str:
        """This run of the engine (see DecisionRunner.run_id)."""
        return self.decisions.run_id

    # entry points for adapters

    async def handle(self, msg: IncomingMessage, out: Outbound) -> None:
        language = detect_language(msg.text, app_language=msg.sender.app_language)
        await self._guarded(self._handle(msg, out), out, "turn failed", language)

    async def handle_action(
        self,
        key: ConversationKey,
        sender: Sender,
        action: str,
        image_id: int,
        out: Outbound,
        scopes: tuple[str, ...] = (),
    ) -> None:
        """A button under an image: variation, upscale or undo — by image id, so it
        still works after a restart."""
        language = await self._language_of_image(image_id)
        refusal = self.admission.refusal(key, sender, scopes)
        if refusal is not None:
            if refusal:
                await self._send_quietly(out, said(refusal, language))
            return
        await self._guarded(
            self._handle_action(key, sender, action, image_id, out, language),
            out,
            "button failed",
            language,
        )

    async def record_reaction(
        self,
        key: ConversationKey,
        sender: Sender,
        platform_message_id: str,
        emoji: str,
        added: bool,
        out: Outbound | None = None,
        scopes: tuple[str, ...] = (),
    ) -> int | None:
        """Store a reaction on one of the bot's answers (see core.reactions); returns its
        polarity, or None when it is not taken."""
        return await self.reactions.record(
            key, sender, platform_message_id, emoji, added, out, scopes
        )

    # platform updates, kept from arrival until handled (core.store.inbox says why)

    async def receive_update(self, platform: str, update_id: str, payload: str) -> bool:
        """Keep a platform update before handling it; False when it was seen before."""
        return await self.store.inbox.receive(platform, update_id, payload)

    async def update_handled(self, platform: str, update_id: str) -> None:
        await self.store.inbox.handled(platform, update_id)

    async def unhandled_updates(self, platform: str) -> list[tuple[str, str]]:
        """(update id, payload) of the updates a crash left unhandled, oldest first."""
        return await self.store.inbox.pending(platform)

    # the turn

    async def _handle(self, msg: IncomingMessage, out: Outbound) -> None:
        sender = msg.sender
        if not self.admission.allowed(msg.key, sender, msg.scopes):
            language = detect_language(msg.text, app_language=sender.app_language)
            await out.send_text(NOT_ENABLED.said_in(language))
            return
        text = clean_text(msg.text)
        # Checked before the conversation's lock: waiting behind a slow job must not let a
        # burst through.
        if not self.admission.within_limit(msg.key, sender):
            await self._refuse_flood(msg, text, out)
            return
        # Taken before the first await, so two quick messages of one chat keep their order.
        async with self._locks[msg.key]:
            if await self._seen_before(msg):
                log.info("message %s was handled before; skipped", msg.platform_message_id)
                return
            user_id = await self.store.conversations.ensure_user(
                msg.key.platform, sender.platform_user_id, sender.display_name
            )
            conversation_id = await self.store.conversations.open(msg.key)
            if len(text) > self.settings.max_message_chars:
                await self._refuse_long(msg, text, conversation_id, user_id, out)
                return
            if text.startswith("/") and not msg.attachments:
                await self.commands.run(
                    msg.key, conversation_id, user_id, sender, text, out, msg.reply_to_message_id
                )
                return
            await self._turn(msg, text, conversation_id, user_id, out)

    async def _refuse_long(
        self, msg: IncomingMessage, text: str, conversation_id: int, user_id: int, out: Outbound
    ) -> None:
        await self.admission.keep_refused(msg, text, conversation_id, user_id)
        too_long = phrase("too_long", length=len(text), limit=self.settings.max_message_chars)
        # A long message tells its language from its first lines as well as from all of them.
        language = await user_language(
            self.store, conversation_id, text[:2000], app_language=msg.sender.app_language
        )
        await out.send_text(too_long.said_in(language))

    async def _refuse_flood(self, msg: IncomingMessage, text: str, out: Outbound) -> None:
        """Kept, and told once per flood — at once, not after the conversation's job."""
        if await self._seen_before(msg):
            return
        user_id = await self.store.conversations.ensure_user(
            msg.key.platform, msg.sender.platform_user_id, msg.sender.display_name
        )
        conversation_id = await self.store.conversations.open(msg.key)
        await self.admission.keep_refused(msg, text, conversation_id, user_id)
        warning = self.admission.flood_warning(msg.key, msg.sender)
        if warning is not None:
            language = detect_language(text, app_language=msg.sender.app_language)
            await out.send_text(warning.said_in(language))

    async def _turn(
        self, msg: IncomingMessage, text: str, conversation_id: int, user_id: int, out: Outbound
    ) -> None:
        language = await user_language(
            self.store, conversation_id, text, app_language=msg.sender.app_language
        )
        if not text and not msg.attachments:
            await out.send_text(NOTHING_ASKED.said_in(language))
            return
        checked = await self._checked_uploads(msg, text, conversation_id, user_id, out, language)
        if checked is None:
            return
        message_id = await self.store.messages.add(
            conversation_id,
            "user",
            text,
            user_id=user_id,
            platform_message_id=msg.platform_message_id,
        )
        refs = await self._keep_uploads(checked, conversation_id, message_id)
        turn = Turn(msg.key, conversation_id, user_id, message_id, msg.sender, language)
        if not text:
            # A picture without words asks for nothing yet: say how to refer to it and ask.
            got = "got_one_upload" if len(refs) == 1 else "got_uploads"
            await self.answers.notice(turn, phrase(got, refs=", ".join(refs)), out)
            return
        if not msg.attachments and asks_undo(text):
            # "undo that" means /undo; the model has no such skill to read it as.
            await self.commands.undo(msg.key, conversation_id, user_id, msg.sender, out, turn)
            return
        context = await self.store.messages.dialogue(conversation_id)
        request = PredictionRequest(id=f"{conversation_id}/{message_id}", messages=context)
        await self.decisions.answer_turn(turn, request, out, msg.reply_to_message_id)

    async def _checked_uploads(
        self,
        msg: IncomingMessage,
        text: str,
        conversation_id: int,
        user_id: int,
        out: Outbound,
        language: str,
    ) -> list[CheckedImage] | None:
        """The message's images, checked; None after telling the user why one is refused."""
        checked = []
        for attachment in msg.attachments:
            try:
                checked.append(
                    check_image(
                        attachment,
                        max_pixels=self.settings.max_image_pixels,
                        max_bytes=self.settings.max_upload_bytes,
                    )
                )
            except UploadProblem as problem:
                await self.admission.keep_refused(msg, text, conversation_id, user_id)
                await out.send_text(problem.words.said_in(language))
                return None
        if not await self._uploads_pass_filter(msg.key, checked):
            # Refused like any other refused message: kept outside the dialogue, no image
            # stored, no caption made, nothing for a skill to work on.
            await self.admission.keep_refused(msg, text, conversation_id, user_id)
            await out.send_text(REFUSED_UPLOAD.said_in(language))
            return None
        return checked

    async def _uploads_pass_filter(self, key: ConversationKey, checked: list[CheckedImage]) -> bool:
        if not checked or not self.settings.safety_uploads:
            return True
        for image in checked:
            screening = await self.content_filter.screen(key, image.data)
            if screening is not None and not screening.allowed:
                log.warning("upload refused: %s", screening.reason)
                return False
        return True

    async def _keep_uploads(
        self, checked: list[CheckedImage], conversation_id: int, message_id: int
    ) -> list[str]:
        """Store the turn's uploads with their captions; their refs (#N), in order."""
        refs = []
        for image in checked:
            caption = await self._caption(image.data)
            row = await self.store.images.add(
                conversation_id,
                message_id,
                image.data,
                mime_type=image.mime_type,
                width=image.width,
                height=image.height,
                caption=caption,
                origin="upload",
            )
            refs.append(row.ref)
        return refs

    async def run_decision(
        self, turn: Turn, decision_id: int, skill: str, args: dict[str, Any], out: Outbound
    ) -> None:
        """Run a stored decision and answer with its result (see DecisionRunner.run)."""
        await self.decisions.run(turn, decision_id, skill, args, out)

    # after a restart

    async def recover(self, platform: str, outbound_for: OutboundFor) -> int:
        """Finish what an earlier run of the bot left behind on `platform`: jobs that were
        queued or running are run again (or their results collected), results never
        delivered are delivered, jobs too old to matter are reported. Returns the count."""
        orphans = await self.store.jobs.orphans(platform, self.run_id)
        tasks = []
        for job in orphans:
            key = ConversationKey(job.platform, job.chat_id, job.thread_id)
            out = outbound_for(key, job.platform_message_id)
            if out is None or not await self.store.jobs.claim(job.id, self.run_id):
                continue
            tasks.append(asyncio.create_task(self._recover_job(key, job, out)))
        if tasks:
            log.info("recovering %d job(s) of %s left by an earlier run", len(tasks), platform)
        await asyncio.gather(*tasks)
        return len(tasks)

    async def _recover_job(self, key: ConversationKey, job: JobRow, out: Outbound) -> None:
        sender = Sender(job.platform_user_id, job.display_name)
        try:
            language = await user_language(self.store, job.conversation_id, up_to=job.message_id)
            turn = Turn(key, job.conversation_id, job.user_id, job.message_id, sender, language)
            async with self._locks[key]:
                if job.ended:
                    await self.answers.redeliver(job, out, language)
                elif job.age_s > RECOVER_WITHIN_S:
                    await self.answers.text(
                        turn,
                        TOO_OLD,
                        out,
                        job.decision_id,
                        job_id=job.id,
                        job_error=f"not recovered: {job.age_s / 3600:.1f} h old at restart",
                    )
                else:
                    await self.decisions.run_job(turn, job, out)
        except StoreError as exc:
            log.error("recovering job %s: %s", job.id, exc)
        except Exception:
            log.exception("recovering job %s failed", job.id)

    # helpers

    async def _guarded(self, work: Any, out: Outbound, what: str, language: str) -> None:
        """Run one entry point; whatever fails, the user gets one plain line."""
        try:
            await work
        except StoreError as exc:
            log.error("%s: storage: %s", what, exc)
            await self._send_quietly(out, exc.words.said_in(language))
        except Exception:
            log.exception(what)
            await self._send_quietly(out, SORRY.said_in(language))

    async def _send_quietly(self, out: Outbound, text: str) -> None:
        try:
            await out.send_text(text)
        except Exception:
            log.exception("could not tell the user: %s", text)

    async def _language_of_image(self, image_id: int) -> str:
        """The language of the user turns of an image's conversation; English for an image
        that is gone or a store that cannot be read now (only the wording depends on it)."""
        try:
            image = await self.store.images.get(image_id)
            if image is None:
                return DEFAULT_LANGUAGE
            return await user_language(self.store, image.conversation_id)
        except StoreError:
            return DEFAULT_LANGUAGE

    async def _seen_before(self, msg: IncomingMessage) -> bool:
        """A platform redelivered a message that is stored already (a replayed update)."""
        if not msg.platform_message_id:
            return False
        found = await self.store.messages.find_platform_message(
            msg.key.platform, msg.key.chat_id, msg.platform_message_id
        )
        return found is not None and found.role == "user"

    async def _caption(self, data: bytes) -> str:
        if self.captioner is None:
            return UPLOAD_CAPTION
        try:
            return await asyncio.to_thread(self.captioner, data) or UPLOAD_CAPTION
        except Exception:
            log.warning("captioning an upload failed", exc_info=True)
            return UPLOAD_CAPTION

    async def _handle_action(
        self,
        key: ConversationKey,
        sender: Sender,
        action: str,
        image_id: int,
        out: Outbound,
        language: str,
    ) -> None:
        image = await self.store.images.get(image_id)
        if image is None or await self.store.conversations.key(image.conversation_id) != key:
            await out.send_text(phrase("picture_gone").said_in(language))
            return
        user_id = await self.store.conversations.ensure_user(
            key.platform, sender.platform_user_id, sender.display_name
        )
        async with self._locks[key]:
            if action == "undo":
                await self.commands.undo(key, image.conversation_id, user_id, sender, out)
                return
            pressed = button_decision(action, image.ref)
            if pressed is None:
                await out.send_text(phrase("button_gone").said_in(language))
                return
            skill, args, text = pressed
            message_id = await self.store.messages.add(
                image.conversation_id, "user", text, user_id=user_id
            )
            turn = Turn(key, image.conversation_id, user_id, message_id, sender, language)
            decision_id = await self.store.decisions.add(message_id, skill, args, source="button")
            await self.run_decision(turn, decision_id, skill, args, out)
