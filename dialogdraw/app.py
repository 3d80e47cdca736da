"""The composition root: settings → store, intent model, job queue → engine."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from core.answers import Answers
from core.commands import Commands
from core.decisions import DecisionRunner
from core.engine import Captioner, DialogueEngine
from core.jobs import JobRunner
from core.ports import IntentModel, JobQueue
from core.queues import gpu_skill_ids
from core.queues.local import LazyRunner, LocalJobQueue
from core.safety import SafetyCheck
from core.settings import Settings
from core.store import Store

log = logging.getLogger(__name__)


def build_queue(settings: Settings) -> JobQueue:
    if settings.queue == "celery":
        # The bot process sends jobs by task name: no torch or diffusers imported here.
        from core.queues.celery_queue import CeleryJobQueue

        return CeleryJobQueue(settings.broker_url, timeout_s=settings.job_timeout_s)

    def make_runner() -> JobRunner:
        from pipelines.runner import SkillRunner

        return SkillRunner(settings.models, max_image_pixels=settings.max_image_pixels)

    return LocalJobQueue(LazyRunner(make_runner), gpu_skill_ids(), timeout_s=settings.job_timeout_s)


async def build_intent_model(settings: Settings, store: Store) -> IntentModel:
    """The base model with the store's active adapter version, else the settings' adapter."""
    active = await store.versions.active()
    if settings.intent_worker == "celery":
        # The intent workers hold the model: no torch in this process.
        from core.intent_remote import celery_intent_model

        return celery_intent_model(
            settings, active.adapter_path if active else None, active.name if active else None
        )
    from core.intent.factory import build_intent_model as build

    def load() -> IntentModel:
        if active and active.adapter_path and Path(active.adapter_path).is_dir():
            return build(settings, active.base, active.adapter_path)
        return build(settings)

    return await asyncio.to_thread(load)


def build_engine(
    settings: Settings,
    store: Store,
    intent: IntentModel,
    queue: JobQueue,
    *,
    captioner: Captioner | None = None,
    safety: SafetyCheck | None = None,
) -> DialogueEngine:
    """The engine and the parts it shares with the learning loop, built in order: the
    answers, the one path a decision takes (DecisionRunner, with the content filter), the
    learning loop that corrects and retrains through it, the commands that reach the loop
    and the filter, the engine."""
    from dialogdraw.cmd_learning import build_learning

    answers = Answers(store)
    decisions = DecisionRunner(settings, store, intent, queue, answers, safety=safety)
    learning = build_learning(settings, store, intent, decisions)
    commands = Commands(settings, store, answers, learning, content_filter=decisions.content_filter)
    return DialogueEngine(
        settings,
        store,
        intent,
        queue,
        captioner=captioner,
        decisions=decisions,
        commands=commands,
        safety=safety,
    )


def build_upload_captioner(settings: Settings) -> Captioner | None:
    """One sentence per upload from the describe_image VLM, or None (the engine keeps its
    generic caption) when the VLM's weights are not here."""
    if settings.queue == "celery":
        # With Celery the VLM belongs to the GPU workers and this host may have no torch;
        # captioning through the workers is not built yet, so none is made here.
        log.info(
            "uploads keep the generic caption: with the Celery queue this bot host runs no"
            " VLM (captions are made only with the local queue and the VQA model here)"
        )
        return None
    # Imported here: it brings torch and transformers, which a bot host may not have.
    from pipelines.captioner import build_captioner

    return build_captioner(settings)


async def build_safety_check(settings: Settings) -> SafetyCheck | None:
    """The content filter's model, loaded now (in a thread) so a missing package is said at
    start; None, the filter off for every chat, when it cannot be had."""
    from pipelines.safety import OpenNsfwCheck, missing_package

    if not OpenNsfwCheck.available():
        log.warning("%s Until then the content filter is off.", missing_package())
        return None
    check = OpenNsfwCheck(max_pixels=settings.max_image_pixels)
    try:
        await asyncio.to_thread(check.load)
    except Exception as exc:
        log.warning("the content filter is off: its model did not load: %s", exc)
        return None
    uploads = "results and uploads" if settings.safety_uploads else "results"
    log.info("content filter on %s: %s by default", uploads, settings.safety)
    return check


@asynccontextmanager
async def running_engine(
    settings: Settings,
    intent: IntentModel | None = None,
    queue: JobQueue | None = None,
    *,
    captioner: Captioner | None = None,
    safety: SafetyCheck | None = None,
) -> AsyncIterator[DialogueEngine]:
    """The engine with everything it needs; the captioner and the content filter's check
    are built here unless given."""
    store = await Store.open(settings.database_path, settings.blob_dir)
    queue = queue or build_queue(settings)
    try:
        intent = intent or await build_intent_model(settings, store)
        captioner = captioner or build_upload_captioner(settings)
        safety = safety or await build_safety_check(settings)
        yield build_engine(settings, store, intent, queue, captioner=captioner, safety=safety)
    finally:
        await queue.close()
        await store.close()
