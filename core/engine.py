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
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from core.admission import NOT_ENABLED, Admission
from core.answers import Answers, Turn
from core.captions import result_caption, summary_line
from core.catalog import CATALOG, ArgumentProblem, validate_args
from core.commands import Commands
from core.dialogue import IntentResult, Interpretation, PredictionRequest
from core.feedback import polarity
from core.jobs import SKILL_FAILED_MESSAGE, JobRequest, JobResult, Progress
from core.messages import ConversationKey, IncomingMessage, Sender
from core.ports import IntentModel, JobQueue, Outbound, QueueUnavailable
from core.settings import Settings
from core.store import ImageRow, JobRow, Store, StoreError
from core.text import clean_text
from core.uploads import UploadProblem, check_image

log = logging.getLogger(__name__)

UPLOAD_CAPTION = "an image the user uploaded"
Captioner = Callable[[bytes], str]
# How a recovered job finds its chat again: the conversation and the platform id of the
# user's message (to reply to); None when the platform cannot reach that chat now.
OutboundFor = Callable[[ConversationKey, str | None], Outbound | None]

SORRY = "Sorry, something went wrong on my side. Please try again."
QUEUE_DOWN = (
    "My image workers can't be reached right now. "
    "Please try again in a minute — your conversation is saved."
)
# A job older than this when the bot comes back is not worth drawing any more.
RECOVER_WITHIN_S = 6 * 3600.0
TOO_OLD = "Sorry, I was restarted and lost a picture you asked for a while ago. Please ask again."


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
        self.admission = Admission(settings, store)
        self.commands = Commands(self)
        self.answers = Answers(store)
        # This run of the engine: jobs it follows carry it, so a restart can tell the jobs
        # an earlier run left behind from its own.
        self.run_id = uuid.uuid4().hex[:16]
        # One turn at a time per conversation: "it" must mean the result of the turn before.
        self._locks: defaultdict[ConversationKey, asyncio.Lock] = defaultdict(asyncio.Lock)

    # entry points for adapters

    async def handle(self, msg: IncomingMessage, out: Outbound) -> None:
        await self._guarded(self._handle(msg, out), out, "turn failed")

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
        refusal = self.admission.refusal(key, sender, scopes)
        if refusal is not None:
            if refusal:
                await self._send_quietly(out, refusal)
            return
        await self._guarded(
            self._handle_action(key, sender, action, image_id, out), out, "button failed"
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
        """Store a reaction on one of the bot's answers; returns its polarity, or None when
        it is not taken (not an answer of the bot, a user the bot is not enabled for). With
        `out`, a 👎 gets the model's next-best reading run as an alternative (the learning
        loop's main source of pairs) — once per answer and user, and within the rate limit."""
        if not self.admission.allowed(key, sender, scopes):
            return None
        message = await self.store.find_platform_message(
            key.platform, key.chat_id, platform_message_id
        )
        if message is None or message.role != "assistant":
            return None
        user_id = await self.store.ensure_user(
            key.platform, sender.platform_user_id, sender.display_name
        )
        value = polarity(emoji, self.settings.positive_emoji, self.settings.negative_emoji)
        earlier = await self.store.feedback_of_message(message.id, user_id)
        await self.store.add_feedback(
            message.id, message.decision_id, user_id, emoji, value, "added" if added else "removed"
        )
        offered_before = any(f["polarity"] < 0 and f["action"] == "added" for f in earlier)
        if value > 0 and added and message.decision_id is not None:
            try:
                await self._complete_runner_up(message.decision_id)
            except Exception:
                log.exception("decoding the runner-up failed")
        if (
            value < 0
            and added
            and out is not None
            and message.decision_id is not None
            and not offered_before
            and self.admission.within_limit(key, sender)
        ):
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
            reading = await self._decoded(request, alternative)
            if reading is None:
                continue
            try:
                args = validate_args(reading.skill, reading.args, refs)
            except ArgumentProblem:
                continue
            skill, valid = reading.skill, args.model_dump(exclude_none=True)
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

    async def _decoded(
        self, request: PredictionRequest, alternative: dict[str, Any]
    ) -> Interpretation | None:
        """A stored runner-up as a full reading: its arguments as stored, or decoded now from
        the decision's context (runner-ups are kept as skills only; see `_alternatives`)."""
        if "args" in alternative:
            return Interpretation(skill=alternative["skill"], args=alternative["args"])
        try:
            return await asyncio.to_thread(self.intent.alternative, request, alternative["skill"])
        except Exception:
            log.exception("decoding the alternative %s failed", alternative["skill"])
            return None

    async def _complete_runner_up(self, decision_id: int) -> None:
        """A 👍 on a model decision makes a pair with its different-skill runner-up (the
        learning loop's `runner_up` rule), which needs the runner-up's arguments."""
        decision = await self.store.decision(decision_id)
        if decision is None or decision.source != "model" or not decision.context:
            return
        alternatives = list(decision.alternatives)
        index = next(
            (i for i, a in enumerate(alternatives) if a.get("skill") != decision.skill), None
        )
        if index is None or "args" in alternatives[index]:
            return
        request = PredictionRequest.model_validate({"id": "", "messages": decision.context})
        reading = await self._decoded(request, alternatives[index])
        if reading is None:
            return
        alternatives[index] = {**alternatives[index], "args": reading.args}
        await self.store.set_decision_alternatives(decision.id, alternatives)

    # the turn

    async def _handle(self, msg: IncomingMessage, out: Outbound) -> None:
        sender = msg.sender
        if not self.admission.allowed(msg.key, sender, msg.scopes):
            await out.send_text(NOT_ENABLED)
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
            user_id = await self.store.ensure_user(
                msg.key.platform, sender.platform_user_id, sender.display_name
            )
            conversation_id = await self.store.open_conversation(msg.key)
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
        limit = self.settings.max_message_chars
        await out.send_text(
            f"That message is too long ({len(text):,} characters; the limit is {limit:,}). "
            "Please send a shorter one."
        )

    async def _refuse_flood(self, msg: IncomingMessage, text: str, out: Outbound) -> None:
        """Kept, and told once per flood — at once, not after the conversation's job."""
        if await self._seen_before(msg):
            return
        user_id = await self.store.ensure_user(
            msg.key.platform, msg.sender.platform_user_id, msg.sender.display_name
        )
        conversation_id = await self.store.open_conversation(msg.key)
        await self.admission.keep_refused(msg, text, conversation_id, user_id)
        warning = self.admission.flood_warning(msg.key, msg.sender)
        if warning is not None:
            await out.send_text(warning)

    async def _turn(
        self, msg: IncomingMessage, text: str, conversation_id: int, user_id: int, out: Outbound
    ) -> None:
        if not text and not msg.attachments:
            await out.send_text("Tell me what to draw or edit, or send me a picture.")
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
                await self.admission.keep_refused(msg, text, conversation_id, user_id)
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
            # One reading decoded: runner-ups are ranked for free and decoded when asked for.
            result = await asyncio.to_thread(self.intent.predict, request, 1)
        except Exception:
            log.exception("intent model failed")
            # A turn answer: the request was answered (with a failure), so it is not glued
            # onto the next one.
            await self.answers.text(
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
            alternatives=self._alternatives(result),
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

    def _alternatives(self, result: IntentResult) -> list[dict[str, Any]]:
        """The runner-ups kept with a decision: skills with their scores, and the arguments
        of those the model has decoded already."""
        kept = max(0, self.settings.intent_n_best - 1)
        decoded = {a.skill: a.model_dump() for a in result.alternatives}
        if not result.runner_ups:
            return list(decoded.values())[:kept]
        return [decoded.get(r.skill, r.model_dump()) for r in result.runner_ups[:kept]]

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
        active = await self.store.jobs.live_of_user(turn.user_id, self.run_id)
        if active >= self.settings.max_queued_per_user:
            # Refused, and said so as the answer of this turn: the request stays on its own.
            await self.answers.text(
                turn,
                f"You already have {active} pictures in progress. Please wait for them to finish.",
                out,
                decision_id,
            )
            return
        seed = random.SystemRandom().randrange(2**31)
        job_id = await self.store.jobs.add(
            decision_id, skill, args, seed, owner=self.run_id, task_id=uuid.uuid4().hex
        )
        job = await self.store.jobs.get(job_id)
        assert job is not None
        await self._run_job(turn, job, out)

    async def _run_job(self, turn: Turn, job: JobRow, out: Outbound) -> None:
        """Run a stored job (new, or left behind by a restart), then answer with its result."""
        images: dict[str, bytes] = {}
        parent: ImageRow | None = None
        for name in CATALOG[job.skill].ref_args:
            if name in job.args:
                image = await self.store.image_by_ref(turn.conversation_id, job.args[name])
                assert image is not None  # validate_args checked the ref exists
                images[name] = await self.store.read_image(image)
                parent = parent or image
        request = JobRequest(job.id, job.skill, job.args, images, job.seed, job.task_id or "")
        await self._status(out, Progress("queued").describe())
        await self.store.jobs.started(job.id, self.run_id)
        try:
            result = await self.queue.run(request, self._progress_reporter(out))
        except QueueUnavailable as exc:
            log.warning("queue unavailable: %s", exc)
            result = JobResult(error=QUEUE_DOWN, detail=f"queue unavailable: {exc}")
        except Exception as exc:
            log.exception("job %s failed", job.id)
            result = JobResult(error=SKILL_FAILED_MESSAGE, detail=f"{type(exc).__name__}: {exc}")
        await self._clear_status(out)
        await self._answer_job(turn, job, result, parent, out)

    async def _answer_job(
        self, turn: Turn, job: JobRow, result: JobResult, parent: ImageRow | None, out: Outbound
    ) -> None:
        if not result.ok or result.image is None:
            text = (result.error or "That didn't work.") if not result.ok else (result.text or "")
            # A failure is this turn's answer in the dialogue the model reads: the request
            # was answered, and must not merge into the next one.
            await self.answers.text(
                turn,
                text,
                out,
                job.decision_id,
                job_id=job.id,
                job_error=(result.detail or result.error) if not result.ok else None,
            )
            return
        caption = result_caption(job.skill, job.args, parent.caption if parent else "")
        await self.answers.image(
            turn,
            job.decision_id,
            job.id,
            result,
            caption,
            job.skill,
            job.args,
            job.seed,
            parent,
            out,
        )

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
        turn = Turn(key, job.conversation_id, job.user_id, job.message_id, sender)
        try:
            async with self._locks[key]:
                if job.ended:
                    await self.answers.redeliver(job, out)
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
                    await self._run_job(turn, job, out)
        except StoreError as exc:
            log.error("recovering job %s: %s", job.id, exc)
        except Exception:
            log.exception("recovering job %s failed", job.id)

    # helpers

    async def _guarded(self, work: Any, out: Outbound, what: str) -> None:
        """Run one entry point; whatever fails, the user gets one plain line."""
        try:
            await work
        except StoreError as exc:
            log.error("%s: storage: %s", what, exc)
            await self._send_quietly(out, exc.user_message)
        except Exception:
            log.exception(what)
            await self._send_quietly(out, SORRY)

    async def _send_quietly(self, out: Outbound, text: str) -> None:
        try:
            await out.send_text(text)
        except Exception:
            log.exception("could not tell the user: %s", text)

    async def _seen_before(self, msg: IncomingMessage) -> bool:
        """A platform redelivered a message that is stored already (a replayed update)."""
        if not msg.platform_message_id:
            return False
        found = await self.store.find_platform_message(
            msg.key.platform, msg.key.chat_id, msg.platform_message_id
        )
        return found is not None and found.role == "user"

    async def _status(self, out: Outbound, text: str) -> None:
        # Status is cosmetic: a failing edit must never cost the result.
        try:
            await out.show_status(text)
        except Exception:
            log.warning("status update failed", exc_info=True)

    async def _clear_status(self, out: Outbound) -> None:
        try:
            await out.clear_status()
        except Exception:
            log.warning("clearing the status failed", exc_info=True)

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
            loop.call_soon_threadsafe(lambda: loop.create_task(self._status(out, text)))

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
