"""Answers: send one to the user and record it, so later turns, buttons and reactions
can find it (the message row, the image with its lineage, the platform message id)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from core.captions import summary_line
from core.jobs import JobResult
from core.messages import ConversationKey, ImageDelivery, OutgoingImage, Sender
from core.ports import Outbound
from core.store import ImageRow, Store
from core.uploads import inspect_image

# Where quality or transparency matter, a platform should send a file, not a photo.
DELIVERY: dict[str, ImageDelivery] = {
    "make_sticker": "sticker",
    "remove_background": "document",
    "upscale": "document",
}


@dataclass(frozen=True)
class Turn:
    """A turn being answered: where it lives and who asked."""

    key: ConversationKey
    conversation_id: int
    user_id: int
    message_id: int
    sender: Sender


class Answers:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def text(
        self,
        turn: Turn,
        text: str,
        out: Outbound,
        decision_id: int | None = None,
        kind: Literal["turn", "notice"] = "turn",
    ) -> None:
        answer_id = await self.store.add_message(
            turn.conversation_id, "assistant", text, kind=kind, decision_id=decision_id
        )
        platform_id = await out.send_text(text)
        if platform_id:
            await self.store.set_platform_message_id(answer_id, platform_id)

    async def notice(
        self, turn: Turn, text: str, out: Outbound, decision_id: int | None = None
    ) -> None:
        """An answer outside the dialogue the model reads (errors, limits, offers)."""
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
        answer_id = await self.store.add_message(
            turn.conversation_id, "assistant", "", decision_id=decision_id
        )
        image = await self.store.add_image(
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
        line = summary_line(skill, args, image.ref)
        await self.store.set_message_text(answer_id, line)
        if job_id is not None:
            await self.store.job_finished(job_id, result_image_id=image.id)
        ext = "webp" if measured.mime_type == "image/webp" else "png"
        platform_id = await out.send_image(
            OutgoingImage(
                data=job.image,
                mime_type=measured.mime_type,
                filename=f"dialogdraw-{image.ref[1:]}-{skill}.{ext}",
                caption=line,
                image_id=image.id,
                number=image.number,
                delivery=DELIVERY.get(skill, "photo"),
            )
        )
        if platform_id:
            await self.store.set_platform_message_id(answer_id, platform_id)
        return image
