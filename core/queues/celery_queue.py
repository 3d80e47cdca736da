"""The bot side of the Celery queue: send jobs by task name, follow them in Redis.

Nothing here imports `pipelines` (and so torch): the task is addressed by its
name and its only argument is `JobRequest.to_json()`. Waiting never blocks the
event loop: state is polled with an asyncio Redis client and the one blocking
call (kombu's publish) runs in a thread. Progress is read in that polling loop, so
the caller's callback is called on its own event loop without any hop.

A task that ends without a result of ours (its worker crashed past redelivery, it was
revoked, its stored state is unreadable) becomes a failed `JobResult` worded by
`core.jobs.failure_result`, like any other failed job.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any

import redis.asyncio as aioredis
from celery import Celery, states
from redis.exceptions import RedisError

from core.jobs import (
    JobRequest,
    JobResult,
    JobTimedOut,
    Progress,
    ProgressCallback,
    failure_result,
)
from core.ports import QueueUnavailable
from core.queues import gpu_skill_ids
from core.queues.contract import (
    PROGRESS_STATE,
    RESULT_KEY_PREFIX,
    RUN_SKILL_TASK,
    SERIALIZER_CONFIG,
    celery_queues,
    queue_for,
    waiting_key,
)
from core.queues.urls import mask_url_passwords

log = logging.getLogger(__name__)

# A Redis outage shorter than this while a job runs is ridden out; the worker keeps
# working meanwhile and its result is still there when Redis answers again.
_OUTAGE_GRACE_S = 10.0


class TaskLost(Exception):
    """A Celery task ended without a JobResult: failed outside the runner, revoked, or
    stored in a form this bot cannot read."""


class CeleryJobQueue:
    """`JobQueue` over Celery with a Redis broker and result backend (the same Redis)."""

    def __init__(
        self,
        broker_url: str,
        timeout_s: float,
        gpu_skills: set[str] | None = None,
        poll_s: float = 0.25,
        connect_timeout_s: float = 1.5,
    ) -> None:
        if not broker_url.startswith(("redis://", "rediss://", "unix://")):
            shown = mask_url_passwords(broker_url)
            raise ValueError(f"the Celery queue needs a Redis broker URL, not {shown!r}")
        self._broker_url = broker_url
        self._timeout_s = timeout_s
        self._gpu_skills = gpu_skill_ids() if gpu_skills is None else set(gpu_skills)
        self._poll_s = poll_s
        self._connect_timeout_s = connect_timeout_s
        self._redis: aioredis.Redis | None = None
        self._cleanups: set[asyncio.Future[None]] = set()
        self._app = Celery("dialogdraw-bot", broker=broker_url, set_as_current=False)
        self._app.conf.update(
            **SERIALIZER_CONFIG,
            task_queues=celery_queues(),
            broker_connection_timeout=connect_timeout_s,
            broker_connection_retry=False,
            # Fail a publish at once rather than retrying while the user watches.
            task_publish_retry=False,
            broker_transport_options={
                "socket_connect_timeout": connect_timeout_s,
                # Without it a publish on a half-open connection waits forever.
                "socket_timeout": 10,
            },
        )

    def _client(self) -> aioredis.Redis:
        if self._redis is None:
            self._redis = aioredis.Redis.from_url(
                self._broker_url,
                socket_connect_timeout=self._connect_timeout_s,
                socket_timeout=10,
            )
        return self._redis

    async def run(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        """Run a job; one whose task id Redis still knows (a bot restarted while it waited
        or ran) is followed, not sent again: the worker may have finished it meanwhile."""
        queue = queue_for(request.skill, self._gpu_skills)
        if request.task_id and await self._known(request.task_id, queue):
            log.info("job %s: following task %s sent before", request.job_id, request.task_id)
            task_id = request.task_id
        else:
            task_id = await self._send(request, queue)
        try:
            return await asyncio.wait_for(self._follow(task_id, queue, progress), self._timeout_s)
        except TimeoutError:
            await self._abandon(task_id, queue)
            return failure_result(JobTimedOut(self._timeout_s))
        except asyncio.CancelledError:
            # The caller gave up (shutdown, a cancelled turn): still free the worker, but
            # in the background, since this task may not await anything any more.
            cleanup = asyncio.ensure_future(self._abandon(task_id, queue))
            self._cleanups.add(cleanup)
            cleanup.add_done_callback(self._cleanups.discard)
            raise

    async def _known(self, task_id: str, queue: str) -> bool:
        """Redis has a state for the task (started, finished) or it still waits in line."""
        try:
            async with self._client().pipeline(transaction=False) as pipe:
                pipe.exists(RESULT_KEY_PREFIX + task_id)
                pipe.zscore(waiting_key(queue), task_id)
                exists, score = await pipe.execute()
        except (RedisError, OSError) as e:
            raise QueueUnavailable(f"Redis is not reachable: {e}") from e
        return bool(exists) or score is not None

    async def _send(self, request: JobRequest, queue: str) -> str:
        client = self._client()
        task_id = request.task_id or f"dialogdraw-{request.job_id}-{time.time_ns()}"
        try:
            # A ping with a short connect timeout: kombu's own connect would retry for long.
            await client.ping()
            now = time.time()
            async with client.pipeline(transaction=False) as pipe:
                # Forget entries of jobs whose senders gave up long ago (a crashed bot).
                pipe.zremrangebyscore(waiting_key(queue), "-inf", now - 2 * self._timeout_s)
                pipe.zadd(waiting_key(queue), {task_id: now})
                await pipe.execute()
        except (RedisError, OSError) as e:
            # The text ends up in logs and tracebacks: never with the broker's password.
            where = mask_url_passwords(self._broker_url)
            raise QueueUnavailable(f"Redis at {where} is not reachable: {e}") from e
        try:
            await asyncio.to_thread(
                self._app.send_task,
                RUN_SKILL_TASK,
                args=[request.to_json()],
                queue=queue,
                task_id=task_id,
                retry=False,
            )
        except Exception as e:  # kombu raises OperationalError and friends
            await self._forget_waiting(task_id, queue)
            # kombu's errors may quote the broker URL.
            detail = mask_url_passwords(str(e))
            raise QueueUnavailable(f"could not send the job to the broker: {detail}") from e
        return task_id

    async def _follow(self, task_id: str, queue: str, progress: ProgressCallback) -> JobResult:
        client = self._client()
        last: Progress | None = None
        failing_since: float | None = None
        while True:
            try:
                async with client.pipeline(transaction=False) as pipe:
                    pipe.get(RESULT_KEY_PREFIX + task_id)
                    pipe.zrank(waiting_key(queue), task_id)
                    raw, rank = await pipe.execute()
                failing_since = None
            except (RedisError, OSError) as e:
                failing_since = failing_since or time.monotonic()
                if time.monotonic() - failing_since > _OUTAGE_GRACE_S:
                    raise QueueUnavailable(f"lost Redis while waiting for a job: {e}") from e
                await asyncio.sleep(self._poll_s)
                continue
            meta = _read_meta(raw)
            status = meta.get("status")
            if status in states.READY_STATES:
                # The first result is final: a redelivered copy of the job returns the same
                # stored result (see pipelines/celery_app.py), so nothing later can differ.
                await self._delete_quietly(RESULT_KEY_PREFIX + task_id)
                return _result_of(task_id, meta)
            now = _progress_of(status, meta.get("result"), rank)
            if now != last:
                last = now
                _tell(progress, now)
            await asyncio.sleep(self._poll_s)

    async def _abandon(self, task_id: str, queue: str) -> None:
        """Best effort: a job nobody waits for should not take a GPU any more."""
        await self._forget_waiting(task_id, queue)
        try:
            await asyncio.to_thread(self._app.control.revoke, task_id)
        except Exception:
            log.warning("could not revoke %s", task_id, exc_info=True)

    async def _forget_waiting(self, task_id: str, queue: str) -> None:
        with contextlib.suppress(RedisError, OSError):
            await self._client().zrem(waiting_key(queue), task_id)

    async def _delete_quietly(self, key: str) -> None:
        with contextlib.suppress(RedisError, OSError):  # result_expires removes it later
            await self._client().delete(key)

    async def close(self) -> None:
        if self._cleanups:
            await asyncio.gather(*self._cleanups, return_exceptions=True)
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None
        await asyncio.to_thread(self._app.close)


def _read_meta(raw: bytes | None) -> dict[str, Any]:
    """The task state Celery stored; a missing key means the task still waits (PENDING)."""
    if not raw:
        return {"status": states.PENDING}
    try:
        meta = json.loads(raw)
    except ValueError:
        meta = None
    if not isinstance(meta, dict):
        return {"status": states.FAILURE, "result": f"unreadable task state {raw[:200]!r}"}
    return meta


def _result_of(task_id: str, meta: dict[str, Any]) -> JobResult:
    """A finished task's JobResult; one that ended without one fails like any job."""
    status, stored = meta.get("status"), meta.get("result")
    if status == states.SUCCESS and isinstance(stored, dict):
        try:
            return JobResult.from_json(stored)
        except (TypeError, ValueError) as exc:  # bad base64, a wrong field type
            stored = f"unreadable result: {exc}"
    if isinstance(stored, dict) and "exc_type" in stored:  # how Celery stores an exception
        stored = f"{stored['exc_type']}: {stored.get('exc_message')}"
    log.error("task %s ended as %s: %s", task_id, status, stored)
    return failure_result(TaskLost(f"task {task_id} ended as {status}: {stored}"))


def _tell(progress: ProgressCallback, update: Progress) -> None:
    try:
        progress(update)
    except Exception:  # a failed status edit must not fail the job
        log.exception("progress callback failed")


def _progress_of(status: str | None, info: Any, rank: int | None) -> Progress:
    if status == PROGRESS_STATE and isinstance(info, dict):
        return Progress("running", step=int(info.get("step", 0)), total=int(info.get("total", 0)))
    if status in ("STARTED", "RETRY", PROGRESS_STATE):
        return Progress("running")
    # PENDING: still in the broker. Without a rank (a redelivered job) the place is unknown.
    return Progress("queued", position=rank + 1 if rank is not None else 0)
