"""The dialogue engine: one incoming message in, the right picture or words out.

For each turn it stores the message and its images (numbered #N), builds the
dialogue in the spec's format, asks the intent model, checks the arguments
against the catalog, runs the skill through the job queue and stores the result
with its lineage. Adapters only translate; everything else happens here.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from core.answers import Answers, Turn
from core.captions import result_caption, summary_line
from core.catalog import CATALOG, ArgumentProblem, validate_args
from core.commands import Commands
from core.dialogue import IntentResult, Interpretation, PredictionRequest
from core.feedback import polarity
from core.jobs import JobRequest, JobResult, Progress
from core.limits import RateLimiter
from core.messages import ConversationKey, IncomingMessage, Sender
from core.ports import IntentModel, JobQueue, Outbound, QueueUnavailable
from core.settings import Settings
from core.store import ImageRow, Store
from core.uploads import UploadProblem, check_image

log = logging.getLogger(__name__)

UPLOAD_CAPTION = "an image the user uploaded"
Captioner = Callable[[bytes], str]


class DialogueEngine:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        intent: IntentModel,
        queue: JobQueue,
        *,
        captioner: Captioner | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.intent = intent
        self.queue = queue
        self.captioner = captioner
        self.rate_limiter = RateLimiter(settings.rate_limit_per_minute)
        self.commands = Commands(self)
        self.answers = Answers(store)
        # One turn at a time per conversation: "it" must mean the result of the turn before.
        self._locks: defaultdict[ConversationKey, asyncio.Lock] = defaultdict(asyncio.Lock)

    # entry points for adapters

    async def handle(self, msg: IncomingMessage, out: Outbound) -> None:
        try:
            await self._handle(msg, out)
        except Exception:
            log.exception("turn failed")
            await out.send_text("Sorry, something went wrong on my side. Please try again.")

    async def handle_action(
        self, key: ConversationKey, sender: Sender, action: str, image_id: int, out: Outbound
    ) -> None:
        """A button under an image: variation, upscale or undo — by image id, so it
        still works after a restart."""
        try:
            await self._handle_action(key, sender, action, image_id, out)
        except Exception:
            log.exception("button failed")
            await out.send_text("Sorry, something went wrong on my side. Please try again.")

    async def record_reaction(
        self,
        key: ConversationKey,
        sender: Sender,
        platform_message_id: str,
        emoji: str,
        added: bool,
        out: Outbound | None = None,
    ) -> int | None:
        """Store a reaction on one of the bot's answers; returns its polarity, or None when
        the message is not an answer of the bot. With `out`, a 👎 gets the model's next-best
        reading run as an alternative (the learning loop's main source of pairs)."""
        message = await self.store.find_platform_message(
            key.platform, key.chat_id, platform_message_id
        )
        if message is None or message.role != "assistant":
            return None
        user_id = await self.store.ensure_user(
            key.platform, sender.platform_user_id, sender.display_name
        )
        value = polarity(emoji, self.settings.positive_emoji, self.settings.negative_emoji)
        await self.store.add_feedback(
            message.id, message.decision_id, user_id, emoji, value, "added" if added else "removed"
        )
        if value < 0 and added and out is not None and message.decision_id is not None:
            try:
                await self._offer_alternative(
                    message.decision_id, message.conversation_id, user_id, sender, out
                )
            except Exception:
                log.exception("offering an alternative failed")
        return value

    async def _offer_alternative(
        self, decision_id: int, conversation_id: int, user_id: int, sender: Sender, out: Outbound
    ) -> None:
        """Run the best reading of the model's n-best not tried yet ("Did you mean …?").

        Alternatives hang off the model's decision (parent_decision_id), so a 👎 on an
        alternative offers the next runner-up of the same turn, never the same one twice.
        """
        decision = await self.store.decision(decision_id)
        if decision is not None and decision.source == "alternative":
            parent = decision.parent_decision_id
            decision = await self.store.decision(parent) if parent is not None else None
        if decision is None or decision.source != "model" or not decision.context:
            return
        tried = [decision.skill] + [
            d.skill for d in await self.store.decisions_with_parent(decision.id)
        ]
        request = PredictionRequest.model_validate({"id": "", "messages": decision.context})
        refs = set(request.existing_refs())
        for alternative in decision.alternatives:
            if alternative["skill"] in tried:
                continue
            try:
                args = validate_args(alternative["skill"], alternative["args"], refs)
            except ArgumentProblem:
                continue
            skill, valid = alternative["skill"], args.model_dump(exclude_none=True)
            break
        else:
            await out.send_text("Sorry I got that wrong. Could you say it in other words?")
            return
        key = await self.store.conversation_key(conversation_id)
        async with self._locks[key]:
            new_id = await self.store.add_decision(
                decision.message_id,
                skill,
                valid,
                context=decision.context,
                model_version=decision.model_version,
                source="alternative",
                parent_decision_id=decision.id,
            )
            turn = Turn(key, conversation_id, user_id, decision.message_id, sender)
            await self.answers.notice(turn, f"Did you mean: {summary_line(skill, valid)}?", out)
            await self.run_decision(turn, new_id, skill, valid, out)

    # the turn

    async def _handle(self, msg: IncomingMessage, out: Outbound) -> None:
        sender = msg.sender
        if not self._allowed(msg):
            await out.send_text("Sorry, I'm not enabled for you here.")
            return
        text = msg.text.strip()
        # Taken before the first await, so two quick messages of one chat keep their order.
        async with self._locks[msg.key]:
            user_id = await self.store.ensure_user(
                msg.key.platform, sender.platform_user_id, sender.display_name
            )
            conversation_id = await self.store.open_conversation(msg.key)
            if text.startswith("/") and not msg.attachments:
                await self.commands.run(
                    msg.key, conversation_id, user_id, sender, text, out, msg.reply_to_message_id
                )
                return
            who = f"{msg.key.platform}:{sender.platform_user_id}"
            if not self.rate_limiter.allow(who):
                wait = self.rate_limiter.retry_after(who)
                await out.send_text(
                    f"You're sending requests faster than I can draw. Please wait {wait:.0f} s."
                )
                return
            await self._turn(msg, text, conversation_id, user_id, out)

    async def _turn(
        self, msg: IncomingMessage, text: str, conversation_id: int, user_id: int, out: Outbound
    ) -> None:
        if not text and not msg.attachments:
            await out.send_text("Tell me what to draw or edit, or send me a picture.")
            return
        limit = self.settings.max_message_chars
        if len(text) > limit:
            # Keep what was sent, outside the dialogue the model reads.
            await self.store.add_message(
                conversation_id, "user", text, user_id=user_id, kind="notice"
            )
            await out.send_text(
                f"That message is too long ({len(text):,} characters; the limit is {limit:,}). "
                "Please send a shorter one."
            )
            return
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
                await self.store.add_message(
                    conversation_id, "user", text, user_id=user_id, kind="notice"
                )
                await out.send_text(problem.user_message)
                return

        message_id = await self.store.add_message(
            conversation_id,
            "user",
            text,
            user_id=user_id,
            platform_message_id=msg.platform_message_id,
        )
        refs = []
        for image in checked:
            caption = await self._caption(image.data)
            row = await self.store.add_image(
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
        turn = Turn(msg.key, conversation_id, user_id, message_id, msg.sender)
        if not text:
            # A picture without words asks for nothing yet: say how to refer to it and ask.
            it = "it" if len(refs) == 1 else "them"
            await self.answers.notice(
                turn, f"Got it — that's {', '.join(refs)}. What should I do with {it}?", out
            )
            return
        context = await self.store.dialogue(conversation_id)
        request = PredictionRequest(id=f"{conversation_id}/{message_id}", messages=context)
        try:
            result = await asyncio.to_thread(
                self.intent.predict, request, self.settings.intent_n_best
            )
        except Exception:
            log.exception("intent model failed")
            await self.answers.notice(
                turn,
                "Sorry, I couldn't work out what you meant just now. Please try again in a moment.",
                out,
            )
            return
        best = await self._apply_reply_target(msg, conversation_id, result.best)
        await self._decide_and_run(turn, request, result, best, out)

    async def _decide_and_run(
        self,
        turn: Turn,
        request: PredictionRequest,
        result: IntentResult,
        best: Interpretation,
        out: Outbound,
        source: str = "model",
    ) -> None:
        refs = set(request.existing_refs())
        context = [m.model_dump() for m in request.messages]
        try:
            args = validate_args(best.skill, best.args, refs).model_dump(exclude_none=True)
            problem = None
        except ArgumentProblem as exc:
            args, problem = best.args, exc.question
        decision_id = await self.store.add_decision(
            turn.message_id,
            best.skill,
            args,
            raw=result.raw,
            alternatives=[a.model_dump() for a in result.alternatives],
            context=context,
            model_version=result.model_version,
            latency_ms=result.latency_ms,
            source=source,
            valid=problem is None,
            problem=problem,
        )
        if problem is not None:
            # A clarifying question is part of the dialogue: the answer depends on it.
            await self.answers.text(turn, problem, out, decision_id)
            return
        await self.run_decision(turn, decision_id, best.skill, args, out)

    async def run_decision(
        self, turn: Turn, decision_id: int, skill: str, args: dict[str, Any], out: Outbound
    ) -> None:
        if skill == "chat":
            context = await self.store.dialogue(turn.conversation_id)
            try:
                answer = await asyncio.to_thread(self.intent.respond, context)
            except Exception:
                log.exception("chat answer failed")
                answer = "Sorry, I lost my words for a moment. Could you say that again?"
            await self.answers.text(turn, answer or "🙂", out, decision_id)
            return
        active = await self.store.active_jobs_of_user(turn.user_id)
        if active >= self.settings.max_queued_per_user:
            await self.answers.notice(
                turn,
                f"You already have {active} pictures in progress. Please wait for them to finish.",
                out,
                decision_id,
            )
            return
        images: dict[str, bytes] = {}
        parent: ImageRow | None = None
        for name in CATALOG[skill].ref_args:
            if name in args:
                image = await self.store.image_by_ref(turn.conversation_id, args[name])
                assert image is not None  # validate_args checked the ref exists
                images[name] = await self.store.read_image(image)
                parent = parent or image
        seed = random.SystemRandom().randrange(2**31)
        job_id = await self.store.add_job(decision_id, skill, args, seed)
        await out.show_status(Progress("queued").describe())
        await self.store.job_started(job_id)
        try:
            job = await self.queue.run(
                JobRequest(job_id, skill, args, images, seed), self._progress_reporter(out)
            )
        except QueueUnavailable as exc:
            log.warning("queue unavailable: %s", exc)
            job = JobResult(
                error="My image workers can't be reached right now. "
                "Please try again in a minute — your conversation is saved."
            )
        except Exception as exc:
            log.exception("job %s failed", job_id)
            job = JobResult(
                error=f"Sorry, {skill} failed ({type(exc).__name__}). "
                "Your conversation and images are safe."
            )
        await out.clear_status()
        if not job.ok:
            await self.store.job_finished(job_id, error=job.error)
            await self.answers.notice(turn, job.error or "That didn't work.", out, decision_id)
            return
        if job.image is None:
            await self.store.job_finished(job_id)
            await self.answers.text(turn, job.text or "", out, decision_id)
            return
        caption = result_caption(skill, args, parent.caption if parent else "")
        await self.answers.image(
            turn, decision_id, job_id, job, caption, skill, args, seed, parent, out
        )

    # helpers

    def _allowed(self, msg: IncomingMessage) -> bool:
        s = self.settings
        if s.is_admin(msg.sender.platform_user_id):
            return True
        if s.allowed_users and msg.sender.platform_user_id not in s.allowed_users:
            return False
        places = {msg.key.chat_id, *msg.scopes}
        return not s.allowed_chats or bool(places & set(s.allowed_chats))

    async def _caption(self, data: bytes) -> str:
        if self.captioner is None:
            return UPLOAD_CAPTION
        try:
            return await asyncio.to_thread(self.captioner, data) or UPLOAD_CAPTION
        except Exception:
            log.warning("captioning an upload failed", exc_info=True)
            return UPLOAD_CAPTION

    async def _apply_reply_target(
        self, msg: IncomingMessage, conversation_id: int, best: Interpretation
    ) -> Interpretation:
        """A reply to one of the bot's images makes that image the one the turn edits."""
        if not msg.reply_to_message_id:
            return best
        target = await self.store.find_platform_message(
            msg.key.platform, msg.key.chat_id, msg.reply_to_message_id
        )
        if target is None or target.conversation_id != conversation_id:
            return best
        images = await self.store.images_of_message(target.id)
        spec = CATALOG.get(best.skill)
        if not images or spec is None or "image" not in spec.ref_args:
            return best
        return best.model_copy(update={"args": {**best.args, "image": images[-1].ref}})

    def _progress_reporter(self, out: Outbound) -> Callable[[Progress], None]:
        """Edit the status message as the job moves, without flooding the platform."""
        loop = asyncio.get_running_loop()
        last: dict[str, Any] = {"text": "", "at": 0.0}

        def report(progress: Progress) -> None:
            text = progress.describe()
            now = time.monotonic()
            final = progress.total and progress.step == progress.total
            if text == last["text"] or (now - last["at"] < 1.0 and not final and last["text"]):
                return
            last.update(text=text, at=now)
            loop.call_soon_threadsafe(lambda: loop.create_task(out.show_status(text)))

        return report

    async def _handle_action(
        self, key: ConversationKey, sender: Sender, action: str, image_id: int, out: Outbound
    ) -> None:
        image = await self.store.image(image_id)
        if image is None or await self.store.conversation_key(image.conversation_id) != key:
            await out.send_text("I can't find that picture any more.")
            return
        user_id = await self.store.ensure_user(
            key.platform, sender.platform_user_id, sender.display_name
        )
        async with self._locks[key]:
            if action == "undo":
                await self.commands.undo(key, image.conversation_id, user_id, sender, out)
                return
            skill, args, text = {
                "variation": (
                    "image_variation",
                    {"image": image.ref},
                    f"a variation of {image.ref}",
                ),
                "upscale": ("upscale", {"image": image.ref, "factor": "2"}, f"upscale {image.ref}"),
            }.get(action, (None, {}, ""))
            if skill is None:
                await out.send_text("That button doesn't do anything any more.")
                return
            message_id = await self.store.add_message(
                image.conversation_id, "user", text, user_id=user_id
            )
            turn = Turn(key, image.conversation_id, user_id, message_id, sender)
            decision_id = await self.store.add_decision(message_id, skill, args, source="button")
            await self.run_decision(turn, decision_id, skill, args, out)
