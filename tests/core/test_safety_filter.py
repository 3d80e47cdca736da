"""The content filter through the real engine, the real store and the local queue: what a
user in a chat sees, what the store keeps, and what an admin can change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.engine import DialogueEngine
from core.messages import Attachment, ConversationKey, IncomingMessage, Sender
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.safety import REFUSED_RESULT, REFUSED_UPLOAD, SafetyCheck
from core.settings import Settings
from core.store import Store
from tests.doubles import FakeIntentModel, RecordingOutbound, pil_runner, png
from tests.safety_doubles import FixedCaptioner, FixedSafetyCheck, ScriptedSafetyCheck

KEY = ConversationKey("test", "chat-1")
ALICE = Sender("alice", "Alice")
ROOT = Sender("root", "Admin")


def msg(
    text: str, *attachments: Attachment, sender: Sender = ALICE, key: ConversationKey = KEY
) -> IncomingMessage:
    return IncomingMessage(key, sender, text, attachments)


def configured(settings: Settings, **changes: Any) -> Settings:
    return settings.model_copy(update={"admin_ids": ["root"], **changes})


def engine_with(
    settings: Settings,
    store: Store,
    check: SafetyCheck | None,
    intent: FakeIntentModel | None = None,
    **kwargs: Any,
) -> DialogueEngine:
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    return DialogueEngine(
        settings, store, intent or FakeIntentModel(), queue, safety=check, **kwargs
    )


async def images_of(store: Store, key: ConversationKey = KEY) -> list[Any]:
    return await store.images.of_conversation(await store.conversations.open(key))


async def test_a_refused_result_is_kept_but_not_sent(settings: Settings, store: Store) -> None:
    intent = FakeIntentModel()
    check = ScriptedSafetyCheck([0.95, 0.1])
    engine = engine_with(configured(settings), store, check, intent)
    out = RecordingOutbound()

    await engine.handle(msg("draw a beach"), out)

    assert out.images == [] and out.texts == [str(REFUSED_RESULT)]
    assert await images_of(store) == []  # no #N the model could edit
    job = await store.jobs.get(1)
    assert job is not None and job.status == "failed" and job.delivered
    assert job.error == "content filter 0.95 ≥ 0.45 (strict)"
    assert job.safety_score == 0.95 and job.result_image_id is None
    assert job.withheld_blob is not None and store.blobs.path(job.withheld_blob).is_file()
    assert await store.jobs.withheld(job.id) == check.seen[0]

    await engine.handle(msg("draw a house"), out)

    read = intent.requests[-1]
    assert read.existing_refs() == []
    assert [m.text for m in read.messages] == ["draw a beach", str(REFUSED_RESULT), "draw a house"]
    [image] = await images_of(store)
    assert image.ref == "#1" and out.images[0].number == 1
    await engine.handle(msg("/stats", sender=ROOT), out)
    assert "content filter 0.95 ≥ 0.45 (strict)" in out.texts[-1]
    assert "1 result(s) withheld" in out.texts[-1]
    await engine.queue.close()


async def test_allowed_results_are_sent_as_before(settings: Settings, store: Store) -> None:
    # 0.6 is refused by strict, allowed by relaxed.
    check = FixedSafetyCheck(0.6)
    engine = engine_with(configured(settings, safety="relaxed"), store, check)
    out = RecordingOutbound()

    await engine.handle(msg("draw a cat"), out)
    await engine.handle(msg("make it black and white"), out)

    assert [i.number for i in out.images] == [1, 2] and out.texts == []
    assert len(check.seen) == 2
    job = await store.jobs.get(2)
    assert job is not None and job.safety_score == 0.6 and job.withheld_blob is None
    await engine.queue.close()


async def test_level_off_never_calls_the_check(settings: Settings, store: Store) -> None:
    check = FixedSafetyCheck(0.99)
    engine = engine_with(configured(settings, safety="off", safety_uploads=True), store, check)
    out = RecordingOutbound()

    await engine.handle(msg("draw a cat"), out)
    await engine.handle(msg("make it anime", Attachment(png(), "image/png", "a.png")), out)

    assert check.seen == [] and len(out.images) == 2
    job = await store.jobs.get(1)
    assert job is not None and job.safety_score is None
    await engine.queue.close()


async def test_an_admin_sets_the_level_of_a_chat(settings: Settings, store: Store) -> None:
    check = FixedSafetyCheck(0.6)
    engine = engine_with(configured(settings), store, check)
    out = RecordingOutbound()

    await engine.handle(msg("/safety", sender=ROOT), out)
    assert "strict (the bot's default" in out.texts[-1]
    await engine.handle(msg("/safety relaxed", sender=ROOT), out)
    assert "relaxed (this chat's own level" in out.texts[-1]
    assert "default is strict" in out.texts[-1]
    topic = ConversationKey("test", "chat-1", "topic-7")  # a forum topic follows its chat
    await engine.handle(msg("draw a cat", key=topic), out)
    assert len(out.images) == 1
    other = ConversationKey("test", "chat-2")  # another chat keeps the default
    await engine.handle(msg("draw a cat", key=other), out)
    assert out.texts[-1] == str(REFUSED_RESULT)

    await engine.handle(msg("/safety off", sender=ROOT), out)
    await engine.handle(msg("draw a dog"), out)
    assert len(out.images) == 2 and len(check.seen) == 2  # not even checked
    await engine.handle(msg("/safety bogus", sender=ROOT), out)
    assert out.texts[-1].startswith("Usage: /safety")
    await engine.handle(msg("/safety default", sender=ROOT), out)
    assert await store.chat_settings.safety("test", "chat-1") is None
    await engine.queue.close()


async def test_a_user_who_is_not_an_admin_cannot_change_the_level(
    settings: Settings, store: Store
) -> None:
    engine = engine_with(configured(settings), store, FixedSafetyCheck(0.95))
    out = RecordingOutbound()

    await engine.handle(msg("/safety off"), out)

    assert "only for admins" in out.texts[-1]
    assert await store.chat_settings.safety("test", "chat-1") is None
    await engine.handle(msg("draw a cat"), out)
    assert out.images == [] and out.texts[-1] == str(REFUSED_RESULT)
    await engine.queue.close()


async def test_a_check_that_fails_refuses_the_picture(settings: Settings, store: Store) -> None:
    engine = engine_with(configured(settings), store, FixedSafetyCheck(fail=True))
    out = RecordingOutbound()

    await engine.handle(msg("draw a cat"), out)

    assert out.images == [] and out.texts == [str(REFUSED_RESULT)]
    job = await store.jobs.get(1)
    assert job is not None and job.withheld_blob is not None and job.safety_score is None
    assert (job.error or "").startswith("content filter failed (strict)")
    await engine.queue.close()


async def test_uploads_are_refused_when_they_are_checked(settings: Settings, store: Store) -> None:
    intent, captioner = FakeIntentModel(), FixedCaptioner()
    check = ScriptedSafetyCheck([0.95, 0.1])
    engine = engine_with(
        configured(settings, safety_uploads=True), store, check, intent, captioner=captioner
    )
    out = RecordingOutbound()
    upload = Attachment(png(), "image/png", "a.png")

    await engine.handle(msg("make it anime", upload), out)

    assert out.texts == [str(REFUSED_UPLOAD)] and out.images == []
    assert await images_of(store) == [] and captioner.seen == [] and intent.requests == []
    conversation = await store.conversations.open(KEY)
    [kept] = await store.messages.of_conversation(conversation)
    assert (kept.text, kept.kind) == ("make it anime", "notice")

    await engine.handle(msg("make it anime", upload), out)  # 0.1: taken, and so is its result
    assert [i.origin for i in await images_of(store)] == ["upload", "generated"]
    assert len(out.images) == 1 and len(check.seen) == 3
    await engine.queue.close()


async def test_uploads_are_not_checked_unless_asked(settings: Settings, store: Store) -> None:
    check = FixedSafetyCheck(0.1)
    engine = engine_with(configured(settings), store, check)
    out = RecordingOutbound()

    await engine.handle(msg("make it anime", Attachment(png(), "image/png", "a.png")), out)

    assert len(out.images) == 1 and len(check.seen) == 1  # the result only
    assert check.seen[0] != png()
    await engine.queue.close()


@dataclass
class TextDown(RecordingOutbound):
    """Text messages fail while `down` is set (the platform gone after the job ended)."""

    down: bool = True

    async def send_text(self, text: str) -> str:
        if self.down:
            raise ConnectionError("platform down")
        return await super().send_text(text)


async def test_a_restart_never_sends_a_withheld_result(settings: Settings, store: Store) -> None:
    first = engine_with(configured(settings), store, FixedSafetyCheck(0.95))
    flaky = TextDown()
    await first.handle(msg("draw a cat"), flaky)
    job = await store.jobs.get(1)
    assert job is not None and job.ended and not job.delivered and job.withheld_blob
    await first.queue.close()

    restarted = engine_with(configured(settings), store, FixedSafetyCheck(0.95))
    flaky.down = False
    assert await restarted.recover("test", lambda key, reply_to: flaky) == 1

    assert flaky.images == [] and flaky.texts == [str(REFUSED_RESULT)]
    assert await restarted.recover("test", lambda key, reply_to: flaky) == 0
    await restarted.queue.close()


async def test_the_real_filter_scores_a_generated_result(settings: Settings, store: Store) -> None:
    from pipelines.safety import OpenNsfwCheck

    check = OpenNsfwCheck()
    engine = engine_with(configured(settings), store, check)
    out = RecordingOutbound()

    await engine.handle(msg("draw a field"), out)

    assert len(out.images) == 1 and out.texts == []
    job = await store.jobs.get(1)
    assert job is not None and job.safety_score is not None
    assert 0.0 <= job.safety_score < 0.45  # a flat test picture is nowhere near strict
    await engine.queue.close()
