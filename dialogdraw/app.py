"""The composition root: settings → store, intent model, job queue → engine."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from core.engine import DialogueEngine
from core.jobs import JobRunner
from core.ports import IntentModel, JobQueue
from core.queues import gpu_skill_ids
from core.queues.local import LazyRunner, LocalJobQueue
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
    from core.intent.factory import build_intent_model as build

    active = await store.active_model_version()

    def load() -> IntentModel:
        if active and active["adapter_path"] and Path(active["adapter_path"]).is_dir():
            return build(settings, active["base"], active["adapter_path"])
        return build(settings)

    return await asyncio.to_thread(load)


@asynccontextmanager
async def running_engine(
    settings: Settings, intent: IntentModel | None = None, queue: JobQueue | None = None
) -> AsyncIterator[DialogueEngine]:
    store = await Store.open(settings.database_path, settings.blob_dir)
    queue = queue or build_queue(settings)
    try:
        intent = intent or await build_intent_model(settings, store)
        engine = DialogueEngine(settings, store, intent, queue)
        from dialogdraw.cmd_learning import wire_learning

        wire_learning(engine, settings)
        yield engine
    finally:
        await queue.close()
        await store.close()
