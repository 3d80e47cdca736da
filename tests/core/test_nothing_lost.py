"""Restarts, failed deliveries, floods and foreign users: in-process, with the real store
and the real local queue (the fault suite in tests/faults does the same with real kills)."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

import pytest

from core.engine import DialogueEngine
from core.jobs import JobRequest, JobResult, ProgressCallback
from core.messages import ConversationKey, IncomingMessage, OutgoingImage, Sender
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from tests.doubles import FakeIntentModel, RecordingOutbound, pil_runner

KEY = ConversationKey("test", "chat-1")
ALICE = Sender("alice", "Alice")


def msg(
    text: str,
    *,
    sender: Sender = ALICE,
    platform_id: str | None = None,
    key: ConversationKey = KEY,
) -> IncomingMessage:
    return IncomingMessage(key, sender, text, platform_message_id=platform_id)


class HeldRunner:
    """pil_runner behind a gate: jobs start, then wait until the test opens it."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        self.runs: list[int] = []

    def __call__(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        self.runs.append(request.job_id)
        self.started.set()
        self.gate.wait(30)
        return pil_runner(request, progress)


@dataclass
class FlakyOutbound(RecordingOutbound):
    """Sending images fails while `down` is set (the platform answering 500s for good)."""

    down: bool = True
    status_fails: bool = False
    attempts: list[str] = field(default_factory=list)

    async def send_image(self, image: OutgoingImage) -> str:
        self.attempts.append(image.filename)
        if self.down:
            raise ConnectionError("platform down")
        return await super().send_image(image)

    async def show_status(self, text: str) -> None:
        if self.status_fails:
            raise RuntimeError("status edit refused")
        await super().show_status(text)

    async def clear_status(self) -> None:
        if self.status_fails:
            raise RuntimeError("status delete refused")
        await super().clear_status()


def engine_on(settings: Settings, store: Store, runner=pil_runner) -> DialogueEngine:
    return DialogueEngine(
        settings, store, FakeIntentModel(), LocalJobQueue(runner, gpu_skill_ids())
    )


async def test_a_restart_reruns_orphaned_jobs_and_never_locks_the_user_out(
    settings: Settings, store: Store
) -> None:
    held = HeldRunner()
    first = engine_on(settings, store, held)
    out = RecordingOutbound()
    # Three chats of one user (a DM and two groups): as many jobs as the per-user cap.
    chats = [ConversationKey("test", f"chat-{n}") for n in range(3)]
    turns = [
        asyncio.create_task(first.handle(msg(f"draw star {n}", key=chats[n]), out))
        for n in range(3)
    ]
    for _ in range(200):  # the jobs are stored and the first one runs
        if held.runs and await store.jobs.live_of_user(1, first.run_id) == 3:
            break
        await asyncio.sleep(0.05)
    # The process "dies": its tasks stop, the jobs stay queued/running in the database.
    for task in turns:
        task.cancel()
    await asyncio.gather(*turns, return_exceptions=True)
    held.gate.set()
    await first.queue.close()

    second = engine_on(settings, store)
    later = RecordingOutbound()
    # Before recovery the orphans don't count against the per-user cap.
    await second.handle(msg("draw a moon"), later)
    assert len(later.images) == 1 and "in progress" not in " ".join(later.texts)
    recovered = RecordingOutbound()
    asked: list[ConversationKey] = []

    def outbound_for(key: ConversationKey, reply_to: str | None) -> RecordingOutbound:
        asked.append(key)
        return recovered

    count = await second.recover("test", outbound_for)
    assert count == 3 and sorted(asked, key=str) == chats
    assert sorted(i.caption.split(" · ")[1] for i in recovered.images) == [
        f"a new picture: star {n}" for n in range(3)
    ]
    # Every job ended delivered; a second recovery finds nothing.
    assert await second.recover("test", lambda key, reply_to: recovered) == 0
    await second.queue.close()


async def test_an_undelivered_result_is_delivered_at_the_next_start(
    settings: Settings, store: Store
) -> None:
    engine = engine_on(settings, store)
    flaky = FlakyOutbound(status_fails=True)
    await engine.handle(msg("draw a cat"), flaky)
    assert flaky.attempts and not flaky.images  # stored, not delivered; no error escaped
    assert flaky.texts == []  # no "Sorry": the picture is safe and comes later
    [image] = await store.images.of_conversation(await store.conversations.open(KEY))

    restarted = engine_on(settings, store)
    flaky.down = False
    assert await restarted.recover("test", lambda key, reply_to: flaky) == 1
    assert [i.image_id for i in flaky.images] == [image.id]
    assert await restarted.recover("test", lambda key, reply_to: flaky) == 0
    await engine.queue.close()
    await restarted.queue.close()


async def test_a_failed_request_is_answered_in_the_dialogue_not_merged_into_the_next(
    settings: Settings, store: Store
) -> None:
    engine = engine_on(settings, store)
    out = RecordingOutbound()
    await engine.handle(msg("fail this"), out)  # the test skill fails on purpose
    await engine.handle(msg("draw a dog"), out)
    dialogue = await store.messages.dialogue(await store.conversations.open(KEY))
    assert [(m.role, m.text) for m in dialogue[:3]] == [
        ("user", "fail this"),
        ("assistant", "The test skill failed on purpose."),
        ("user", "draw a dog"),
    ]
    await engine.queue.close()


async def test_a_redelivered_message_is_answered_once(settings: Settings, store: Store) -> None:
    engine = engine_on(settings, store)
    out = RecordingOutbound()
    await engine.handle(msg("draw a cat", platform_id="77"), out)
    await engine.handle(msg("draw a cat", platform_id="77"), out)
    assert len(out.images) == 1
    await engine.queue.close()


@pytest.mark.parametrize("way", ["button", "reaction"])
async def test_allow_lists_apply_to_buttons_and_reactions(
    settings: Settings, store: Store, way: str
) -> None:
    engine = engine_on(settings.model_copy(update={"allowed_users": ["alice"]}), store)
    out = RecordingOutbound()
    await engine.handle(msg("draw a cat"), out)
    image = out.images[-1]
    stranger = Sender("mallory")
    strange = RecordingOutbound()
    for _ in range(10):
        if way == "button":
            await engine.handle_action(KEY, stranger, "variation", image.image_id, strange)
        else:
            for added in (True, False):
                value = await engine.record_reaction(KEY, stranger, "m1", "👎", added, strange)
                assert value is None
    conv = await store.conversations.open(KEY)
    assert len(await store.images.of_conversation(conv)) == 1  # no job ran for the stranger
    assert await store.feedback.of_decision(1) == []
    assert strange.images == [] and set(strange.texts) <= {"Sorry, I'm not enabled for you here."}
    await engine.queue.close()


async def test_a_reaction_flood_offers_one_alternative_and_buttons_are_rate_limited(
    settings: Settings, store: Store
) -> None:
    engine = engine_on(settings.model_copy(update={"rate_limit_per_minute": 3}), store)
    out = RecordingOutbound()
    await engine.handle(msg("hello there"), out)  # chat; its runner-up is also chat
    answer_id = "m1"
    for _ in range(10):
        await engine.record_reaction(KEY, ALICE, answer_id, "👎", True, out)
        await engine.record_reaction(KEY, ALICE, answer_id, "👎", False, out)
    # The reactions are all kept (they are the learning loop's data) ...
    assert len(await store.feedback.of_decision(1)) == 20
    # ... but only the first 👎 got an answer ("Sorry I got that wrong", no runner-up left).
    assert len(out.texts) == 2
    buttons = RecordingOutbound()
    await engine.handle(msg("draw a cat"), buttons)
    image = buttons.images[-1]
    for _ in range(5):
        await engine.handle_action(KEY, ALICE, "variation", image.image_id, buttons)
    assert len(buttons.images) < 4  # the limit holds for buttons too
    assert sum("faster than I can draw" in t for t in buttons.texts) == 1  # told once
    await engine.queue.close()


async def test_the_rate_limit_is_checked_before_waiting_for_the_chat(
    settings: Settings, store: Store
) -> None:
    held = HeldRunner()
    engine = engine_on(settings.model_copy(update={"rate_limit_per_minute": 2}), store, held)
    out = RecordingOutbound()
    turns = [asyncio.create_task(engine.handle(msg(f"draw {n}"), out)) for n in range(6)]
    # While the first job still runs (held), the burst beyond the limit is already refused.
    # (Both awaited: on a loaded machine the refusal may come before the worker thread
    # has picked up the first job.)
    for _ in range(100):
        if any("faster than I can draw" in t for t in out.texts) and held.runs:
            break
        await asyncio.sleep(0.05)
    assert not held.gate.is_set() and held.runs == [1]
    assert sum("faster than I can draw" in t for t in out.texts) == 1
    held.gate.set()
    await asyncio.gather(*turns)
    assert len(held.runs) == 2
    await engine.queue.close()


async def test_runner_ups_are_decoded_only_when_asked_for_also_after_a_restart(
    settings: Settings, store: Store
) -> None:
    engine = engine_on(settings, store)
    out = RecordingOutbound()
    await engine.handle(msg("draw a cat"), out)
    decision = await store.decisions.get(1)
    assert decision is not None
    assert decision.alternatives == [{"skill": "chat", "logprob": -3.0}]  # ranked, not decoded
    intent = engine.intent
    assert isinstance(intent, FakeIntentModel) and intent.alternatives_asked == []

    restarted = engine_on(settings, store)
    await restarted.record_reaction(KEY, ALICE, "m1", "👎", True, out)
    asked = restarted.intent
    assert isinstance(asked, FakeIntentModel) and asked.alternatives_asked == ["chat"]
    assert out.texts[-2] == "Did you mean just a chat?"
    await engine.queue.close()
    await restarted.queue.close()


async def test_a_thumbs_up_decodes_the_runner_up_the_learning_loop_pairs_with(
    settings: Settings, store: Store
) -> None:
    engine = engine_on(settings, store)
    out = RecordingOutbound()
    await engine.handle(msg("draw a cat"), out)
    await engine.record_reaction(KEY, ALICE, "m1", "👍", True, out)
    decision = await store.decisions.get(1)
    assert decision is not None
    assert decision.alternatives == [
        {"skill": "chat", "logprob": -3.0, "args": {"message": "draw a cat"}}
    ]
    await engine.queue.close()
