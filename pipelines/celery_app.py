"""The Celery app of the workers: `celery -A pipelines.celery_app worker -Q gpu,cpu`, and
`-Q intent` for the intent model's calls (`decide`, see core/intent_remote.py).

This module is the worker process's composition root: it reads Settings once
(DIALOGDRAW_BROKER_URL, DIALOGDRAW_JOB_TIMEOUT_S, ...). It imports no torch; the
runner that does is built in the pool process on its first job.

Environment knobs beyond Settings:
- DIALOGDRAW_WORKER_RUNNER: "module:factory" returning a JobRunner; the default
  builds `pipelines.runner.SkillRunner`. Tests point it at a runner of their own.
- DIALOGDRAW_VISIBILITY_TIMEOUT_S: how long a taken-but-unacknowledged job stays
  invisible before Redis hands it to another worker (see `make_app`).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
from functools import cache
from typing import Any

import redis
from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded

from core.intent_remote import REPLY_TTL_S, IntentCall
from core.jobs import (
    JobRequest,
    JobResult,
    JobRunner,
    JobTimedOut,
    Progress,
    ProgressCallback,
    run_job,
)
from core.queues.contract import (
    ALL_QUEUES,
    CPU_QUEUE,
    DECIDE_TASK,
    DONE_KEY_PREFIX,
    PROGRESS_STATE,
    RUN_SKILL_TASK,
    SERIALIZER_CONFIG,
    celery_queues,
    waiting_key,
)
from core.queues.local import LazyRunner
from core.settings import Settings

log = logging.getLogger(__name__)

RUNNER_ENV = "DIALOGDRAW_WORKER_RUNNER"
VISIBILITY_ENV = "DIALOGDRAW_VISIBILITY_TIMEOUT_S"


def make_app(settings: Settings, visibility_timeout_s: float | None = None) -> Celery:
    url = settings.broker_url
    soft_limit = settings.job_timeout_s
    # Redis has no real acks: a job taken by a worker that dies is handed out again
    # once it has been unacknowledged this long. It must outlast the longest job, or a
    # slow job would be run a second time by another worker while the first still runs.
    visibility = visibility_timeout_s or max(3600.0, 2 * (soft_limit + 30))
    app = Celery("dialogdraw", broker=url, backend=url)
    app.conf.update(
        **SERIALIZER_CONFIG,
        # Ack after the job, not before: a worker killed mid-job (OOM, preemption, a
        # deploy) must not lose the user's picture; the job goes back to the queue.
        task_acks_late=True,
        # ... and that includes the pool process being killed under a running job.
        task_reject_on_worker_lost=True,
        # A GPU worker takes one job at a time; prefetching more would hold jobs hostage
        # behind a long one while another worker sits idle.
        worker_prefetch_multiplier=1,
        # The bot shows "working" as soon as a worker picks the job up.
        task_track_started=True,
        # The soft limit lets the skill end with a message; the hard one kills the pool
        # process (and frees its GPU memory) if the skill ignores it. A timed-out job is
        # acknowledged, not redelivered: it would only time out again.
        task_soft_time_limit=soft_limit,
        task_time_limit=soft_limit + 30,
        task_acks_on_failure_or_timeout=True,
        task_default_queue=CPU_QUEUE,
        task_queues=celery_queues(),
        # Results hold whole images: keep them only as long as a redelivery may need them.
        result_expires=int(2 * visibility),
        broker_transport_options={
            "visibility_timeout": visibility,
            # How often a worker looks for jobs abandoned by a dead worker. One sweep is a
            # single ZRANGE, so every few seconds is cheap.
            "unacked_restore_interval": max(1, min(10, int(visibility // 4))),
            "unacked_restore_throttle": 1,
        },
        broker_connection_retry_on_startup=True,
        # After losing the broker connection a running job's message will be handed out
        # again anyway (its ack can no longer be delivered); stopping it frees the GPU.
        worker_cancel_long_running_tasks_on_connection_loss=True,
    )
    return app


def _env_float(name: str) -> float | None:
    value = os.environ.get(name)
    return float(value) if value else None


settings = Settings()
app = make_app(settings, _env_float(VISIBILITY_ENV))


def _skill_runner() -> JobRunner:
    from pipelines.runner import SkillRunner  # torch comes in here, in the pool process

    runner: JobRunner = SkillRunner(settings.models, max_image_pixels=settings.max_image_pixels)
    return runner


def _build_runner() -> JobRunner:
    path = os.environ.get(RUNNER_ENV)
    if not path:
        return _skill_runner()
    module, _, attr = path.partition(":")
    factory = getattr(importlib.import_module(module), attr)
    runner: JobRunner = factory()
    return runner


# One runner per pool process, built on its first job: the models it loads stay warm
# for the jobs that follow.
_runner = LazyRunner(_build_runner)


@cache
def _redis() -> redis.Redis:
    # Built in the pool process on first use, never inherited across fork.
    return redis.Redis.from_url(app.conf.broker_url)


def done_key(request_json: dict[str, Any]) -> str:
    """Keyed by job id *and* content: a fresh database reusing job id 1 must not be
    answered with an old picture."""
    canonical = json.dumps(request_json, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    return f"{DONE_KEY_PREFIX}{request_json['job_id']}:{digest}"


def _with_time_limit(runner: JobRunner) -> JobRunner:
    def run(request: JobRequest, progress: ProgressCallback) -> JobResult:
        try:
            return runner(request, progress)
        except SoftTimeLimitExceeded:
            raise JobTimedOut(settings.job_timeout_s) from None

    return run


@app.task(name=RUN_SKILL_TASK, bind=True)
def run_skill(self: Task, request_json: dict[str, Any]) -> dict[str, Any]:
    """Run one job and return `JobResult.to_json()`; completes at most once per job.

    acks_late means a job whose worker died is delivered again, possibly after it had
    already finished (killed between storing the result and acking). The first
    completion is stored under `done_key` with SET NX; any later delivery returns that
    instead of spending GPU time on a second picture that would differ from the first.
    """
    request = JobRequest.from_json(request_json)
    store = _redis()
    key = done_key(request_json)
    with store.pipeline(transaction=False) as pipe:
        for queue in ALL_QUEUES:
            pipe.zrem(waiting_key(queue), self.request.id)
        pipe.get(key)
        stored = pipe.execute()[-1]
    if stored is not None:
        log.info("job %s completed before; returning the stored result", request.job_id)
        done: dict[str, Any] = json.loads(stored)
        return done

    def progress(p: Progress) -> None:
        # "running" without steps is STARTED already (task_track_started); the bot reads
        # these states by polling, so this is the only hop a step makes.
        if p.state == "running" and p.total:
            self.update_state(state=PROGRESS_STATE, meta={"step": p.step, "total": p.total})

    result = run_job(_with_time_limit(_runner), request, progress).to_json()
    ttl = int(app.conf.result_expires or 86400)
    if not store.set(key, json.dumps(result), nx=True, ex=ttl):
        # Another delivery of the same job finished first: its result is the one.
        stored = store.get(key)
        if stored is not None:
            first: dict[str, Any] = json.loads(stored)
            return first
    return result


@cache
def _intent_service() -> Any:
    """The worker's intent model, built on its first call (torch comes in here)."""
    from core.intent.factory import build_intent_model
    from core.intent.service import IntentService

    # Without an adapter: each call names its own, and the first one loads it.
    return IntentService(lambda: build_intent_model(settings, adapter=""))


# Not acks_late, unlike a skill: a decision lost with its worker is not worth running an
# hour later (Redis's visibility timeout); the caller's wait ends and the turn is answered
# "try again". No result backend either: the answer goes to the caller's reply list.
@app.task(name=DECIDE_TASK, acks_late=False, ignore_result=True)
def decide(call_json: dict[str, Any]) -> None:
    """Answer one intent call (a decision, a runner-up's arguments, a chat answer) and
    push the answer to the list its caller waits on."""
    call = IntentCall.from_json(call_json)
    reply = _intent_service().answer(call)
    with _redis().pipeline(transaction=True) as pipe:
        pipe.rpush(call.reply_to, json.dumps(reply))
        pipe.expire(call.reply_to, REPLY_TTL_S)
        pipe.execute()
