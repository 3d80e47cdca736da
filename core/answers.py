"""Answers: record one, then send it, so later turns, buttons and reactions can find it
(the message row, the image with its lineage, the platform message id).

Each answer's rows are written in one transaction before anything is sent, and a job's
answer counts as delivered only once the platform has confirmed it: a send that fails
(the platform down, the process killed) leaves the job undelivered, and the engine
delivers it again at its next start.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Literal

from core.captions import plain_summary, summary_line
from core.catalog import CATALOG
from core.jobs import JobResult
from core.languages import detect_language
from core.messages import ConversationKey, ImageDelivery, OutgoingImage, Sender
from core.phrasebook import Words, phrase, said
from core.ports import Outbound
from core.store import ImageRow, JobRow, Store
from core.uploads import inspect_image

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Turn:
    """A turn being answered: where it lives and who asked."""

    key: ConversationKey
    conversation_id: int
    user_id: int
    message_id: int
    sender: Sender
    # The language the user writes in (core.languages): the bot's own words are said in it.
    language: str = "en"


async def user_language(
    store: Store,
    conversation_id: int,
    text: str = "",
    up_to: int | None = None,
    app_language: str = "",
) -> str:
    """The language a conversation's user writes in: that of `text`, or else of their
    latest turn (up to message `up_to`) that tells, or else their app's (core.languages)."""
    said = [
        m.text
        for m in await store.messages.of_conversation(conversation_id)
        if m.role == "user" and m.kind == "turn" and (up_to is None or m.id <= up_to)
    ]
    return detect_language(text, said, app_language)


def outgoing_image(image: ImageRow, data: bytes, caption: str, skill: str) -> OutgoingImage:
    """A result to send; `caption` is what its user reads under it (plain_summary)."""
    ext = "webp" if image.mime_type == "image/webp" else "png"
    return OutgoingImage(
        data=data,
        mime_type=image.mime_type,
        filename=f"dialogdraw-{image.ref[1:]}-{skill}.{ext}",
        caption=caption,
        image_id=image.id,
        number=image.number,
        delivery=_delivery(skill),
    )


def _delivery(skill: str) -> ImageDelivery:
    spec = CATALOG.get(skill)
    return "photo" if spec is None else spec.delivery


class Answers:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def text(
        self,
        turn: Turn,
        text: str | Words,
        out: Outbound,
        decision_id: int | None = None,
        kind: Literal["turn", "notice"] = "turn",
        *,
        job_id: int | None = None,
        job_error: str | None = None,
    ) -> bool:
        """A text answer; with `job_id` it is that job's result (`job_error`: the
        operator's reading of a failure, kept in the jobs table). True when delivered."""
        text = said(text, turn.language)
        async with self.store.transaction():
            answer_id = await self.store.messages.add(
                turn.conversation_id, "assistant", text, kind=kind, decision_id=decision_id
            )
            if job_id is not None:
                await self.store.jobs.finished(job_id, error=job_error)
        return await self._deliver(answer_id, job_id, out.send_text(text))

    async def notice(
        self, turn: Turn, text: str | Words, out: Outbound, decision_id: int | None = None
    ) -> None:
        """An answer outside the dialogue the model reads (acknowledgements, offers)."""
        await self.text(turn, text, out, decision_id, kind="notice")

    async def image(
        self,
        turn: Turn,
        decision_id: int,
        job_id: int | None,
        job: JobResult,
        caption: str,
        skill: str,
        args: dict[str, Any],
        seed: int | None,
        parent: ImageRow | None,
        out: Outbound,
    ) -> ImageRow:
        assert job.image is not None
        measured = inspect_image(job.image)
        async with self.store.transaction():
            answer_id = await self.store.messages.add(
                turn.conversation_id, "assistant", "", decision_id=decision_id
            )
            image = await self.store.images.add(
                turn.conversation_id,
                answer_id,
                job.image,
                mime_type=measured.mime_type,
                width=measured.width,
                height=measured.height,
                caption=caption,
                origin="generated",
                parent_image_id=parent.id if parent else None,
                skill=skill,
                args=args,
                seed=seed,
                model=job.model,
            )
            # The stored text is the operator's line: the intent model reads it in later
            # turns, and so does the closed-loop evaluation; the user reads plain words.
            await self.store.messages.set_text(answer_id, summary_line(skill, args, image.ref))
            if job_id is not None:
                await self.store.jobs.finished(job_id, result_image_id=image.id)
        line = plain_summary(skill, args, turn.language, image.ref)
        sent = out.send_image(outgoing_image(image, job.image, line, skill))
        await self._deliver(answer_id, job_id, sent)
        return image

    async def redeliver(self, job: JobRow, out: Outbound, language: str) -> bool:
        """Send again the stored answer of a job that ended but was never delivered."""
        answer = await self.store.messages.answer_of_decision(job.decision_id)
        if answer is None:
            # Ended without an answer row: an earlier version wrote them apart.
            return await self._deliver(None, job.id, out.send_text(_LOST.said_in(language)))
        # A result the content filter withheld has no image row; the check on
        # `withheld_blob` says so here too, so no later change can send one.
        if job.result_image_id is not None and job.withheld_blob is None:
            image = await self.store.images.get(job.result_image_id)
            assert image is not None
            data = await self.store.images.read(image)
            # Not answer.text: that is the operator's line (see `image`).
            line = plain_summary(job.skill, job.args, language, image.ref)
            sent = out.send_image(outgoing_image(image, data, line, job.skill))
            return await self._deliver(answer.id, job.id, sent)
        return await self._deliver(answer.id, job.id, out.send_text(answer.text))

    async def _deliver(
        self, answer_id: int | None, job_id: int | None, sending: Awaitable[str | None]
    ) -> bool:
        try:
            platform_id = await sending
        except Exception:
            # The outbound has retried what can be retried; the job stays undelivered.
            log.exception("delivering answer %s of job %s failed", answer_id, job_id)
            return False
        async with self.store.transaction():
            if platform_id and answer_id is not None:
                await self.store.messages.set_platform_message_id(answer_id, platform_id)
            if job_id is not None:
                await self.store.jobs.delivered(job_id)
        return True


_LOST = phrase("lost_answer")
