"""One path for a turn: the intent model's reading, checked against the catalog, stored
as a decision, run (a chat answer, or a job on the queue) and answered.

Every way a decision comes about runs through `DecisionRunner`: a user's message, a
button under a picture, the alternative a 👎 offers, an admin's /fix and a job an
earlier run of the bot left behind.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from typing import Any

from core.answers import Answers, Turn
from core.captions import result_caption
from core.catalog import CATALOG, ArgumentProblem, validate_args
from core.chat_replies import chat_reply
from core.content_filter import ContentFilter
from core.dialogue import DialogueMessage, IntentResult, Interpretation, PredictionRequest
from core.jobs import JobRequest, JobResult, Progress
from core.phrasebook import phrase
from core.ports import IntentModel, JobQueue, Outbound, QueueUnavailable
from core.progress_feed import ProgressFeed
from core.safety import REFUSED_RESULT, SafetyCheck
from core.settings import Settings
from core.store import ImageRow, JobRow, Store

log = logging.getLogger(__name__)

QUEUE_DOWN = phrase("queue_down")
NOT_UNDERSTOOD = phrase("not_understood")
LOST_WORDS = phrase("lost_words")
NO_PICTURE_YET = phrase("no_picture_yet")


class DecisionRunner:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        intent: IntentModel,
        queue: JobQueue,
        answers: Answers,
        *,
        run_id: str | None = None,
        safety: SafetyCheck | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.intent = intent
        self.queue = queue
        self.answers = answers
        # Every result picture passes it before it is stored as an image and sent.
        self.content_filter = ContentFilter(settings, store, safety)
        # This run of the bot: jobs it follows carry it, so a restart can tell the jobs
        # an earlier run left behind from its own.
        self.run_id = run_id or uuid.uuid4().hex[:16]

    async def answer_turn(
        self, turn: Turn, request: PredictionRequest, out: Outbound, reply_to: str | None
    ) -> None:
        """Ask the intent model about a stored user turn and act on its best reading;
        `reply_to` is the platform id of the message the user replied to, if any."""
        try:
            # One reading decoded: runner-ups are ranked for free and decoded when asked for.
            result = await asyncio.to_thread(self.intent.predict, request, 1)
        except Exception:
            log.exception("intent model failed")
            # A turn answer: the request was answered (with a failure), so it is not glued
            # onto the next one.
            await self.answers.text(turn, NOT_UNDERSTOOD, out)
            return
        best = await self._apply_reply_target(turn, reply_to, result.best)
        await self.decide_and_run(turn, request, result, best, out)

    async def decide_and_run(
        self,
        turn: Turn,
        request: PredictionRequest,
        result: IntentResult,
        best: Interpretation,
        out: Outbound,
        source: str = "model",
    ) -> None:
        """Store the reading as a decision; run it, or ask back when it does not fit."""
        refs = set(request.existing_refs())
        context = [m.model_dump() for m in request.messages]
        try:
            args = validate_args(best.skill, best.args, refs).model_dump(exclude_none=True)
            problem, detail = None, None
        except ArgumentProblem as exc:
            # The user is asked in plain words; the record keeps the operator's reading
            # (which argument, what the validator said) where there is one.
            args, problem, detail = best.args, exc.words, exc.detail
        decision_id = await self.store.decisions.add(
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
            problem=detail or (str(problem) if problem is not None else None),
        )
        if result.wants_picture and not refs:
            # An edit asked for with nothing to edit: the reading the grammar left the model
            # (a chat answer about nothing, a picture nobody asked for) is not run. It is
            # the turn's answer, not a failure: the decision stands as the model made it.
            await self.answers.text(turn, NO_PICTURE_YET, out, decision_id)
            return
        if problem is not None:
            # A clarifying question is part of the dialogue: the answer depends on it.
            await self.answers.text(turn, problem, out, decision_id)
            return
        await self.run(turn, decision_id, best.skill, args, out)

    def _alternatives(self, result: IntentResult) -> list[dict[str, Any]]:
        """The runner-ups kept with a decision: skills with their scores, and the arguments
        of those the model has decoded already."""
        kept = max(0, self.settings.intent_n_best - 1)
        decoded = {a.skill: a.model_dump() for a in result.alternatives}
        if not result.runner_ups:
            return list(decoded.values())[:kept]
        return [decoded.get(r.skill, r.model_dump()) for r in result.runner_ups[:kept]]

    async def _apply_reply_target(
        self, turn: Turn, reply_to: str | None, best: Interpretation
    ) -> Interpretation:
        """A reply to one of the bot's images makes that image the one the turn edits."""
        if not reply_to:
            return best
        target = await self.store.messages.find_platform_message(
            turn.key.platform, turn.key.chat_id, reply_to
        )
        if target is None or target.conversation_id != turn.conversation_id:
            return best
        images = await self.store.images.of_message(target.id)
        spec = CATALOG.get(best.skill)
        if not images or spec is None or "image" not in spec.ref_args:
            return best
        return best.model_copy(update={"args": {**best.args, "image": images[-1].ref}})

    async def run(
        self, turn: Turn, decision_id: int, skill: str, args: dict[str, Any], out: Outbound
    ) -> None:
        """Run a stored, valid decision and answer the turn with what it gave."""
        if skill == "chat":
            await self._chat(turn, decision_id, out)
            return
        active = await self.store.jobs.live_of_user(turn.user_id, self.run_id)
        if active >= self.settings.max_queued_per_user:
            # Refused, and said so as the answer of this turn: the request stays on its own.
            await self.answers.text(turn, phrase("in_progress", count=active), out, decision_id)
            return
        seed = random.SystemRandom().randrange(2**31)
        job_id = await self.store.jobs.add(
            decision_id, skill, args, seed, owner=self.run_id, task_id=uuid.uuid4().hex
        )
        job = await self.store.jobs.get(job_id)
        assert job is not None
        await self.run_job(turn, job, out)

    async def _chat(self, turn: Turn, decision_id: int, out: Outbound) -> None:
        context = await self.store.messages.dialogue(turn.conversation_id)
        *earlier, message = context or [DialogueMessage(role="user")]
        try:
            answer = await asyncio.to_thread(
                chat_reply, message, earlier, self.intent.respond, turn.conversation_id
            )
        except Exception:
            log.exception("chat answer failed")
            answer = LOST_WORDS.said_in(turn.language)
        await self.answers.text(turn, answer or "🙂", out, decision_id)

    async def run_job(self, turn: Turn, job: JobRow, out: Outbound) -> None:
        """Run a stored job (new, or left behind by a restart), then answer with its result."""
        images: dict[str, bytes] = {}
        parent: ImageRow | None = None
        for name in CATALOG[job.skill].ref_args:
            if name in job.args:
                image = await self.store.images.by_ref(turn.conversation_id, job.args[name])
                assert image is not None  # validate_args checked the ref exists
                images[name] = await self.store.images.read(image)
                parent = parent or image
        request = JobRequest(job.id, job.skill, job.args, images, job.seed, job.task_id or "")
        await self._status(out, Progress("queued").describe(turn.language))
        await self.store.jobs.started(job.id, self.run_id)
        feed = ProgressFeed(lambda text: self._status(out, text), turn.language)
        try:
            result = await self.queue.run(request, feed.report)
        except QueueUnavailable as exc:
            log.warning("queue unavailable: %s", exc)
            result = JobResult.failed(QUEUE_DOWN, f"queue unavailable: {exc}")
        await feed.settle()
        await self._clear_status(out)
        await self._answer_job(turn, job, result, parent, out)

    async def _answer_job(
        self, turn: Turn, job: JobRow, result: JobResult, parent: ImageRow | None, out: Outbound
    ) -> None:
        if not result.ok or result.image is None:
            text = result.said_in(turn.language) if not result.ok else (result.text or "")
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
        screening = await self.content_filter.screen(turn.key, result.image)
        if screening is not None and not screening.allowed:
            await self._withhold(turn, job, result.image, screening.score, screening.reason, out)
            return
        if screening is not None:
            await self.store.jobs.screened(job.id, screening.score)
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

    async def _withhold(
        self,
        turn: Turn,
        job: JobRow,
        image: bytes,
        score: float | None,
        reason: str,
        out: Outbound,
    ) -> None:
        """A result the content filter refused: its bytes are kept on the job row only (not
        an image of the conversation: no #N to edit, nothing a restart could send), and
        the refusal is the turn's answer, the failure the operator reads in /stats."""
        log.warning("job %s: result withheld: %s", job.id, reason)
        await self.store.jobs.screened(job.id, score, withheld=image)
        await self.answers.text(
            turn, REFUSED_RESULT, out, job.decision_id, job_id=job.id, job_error=reason
        )

    # the status message of a running job

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
