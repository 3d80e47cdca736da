"""What the bot process and the Celery workers agree on, without importing each other.

The bot side must not import `pipelines` (that would pull torch into the bot), and
`pipelines` may import `core`, so the shared names live here.
"""

from __future__ import annotations

from typing import Any

from kombu import Exchange, Queue

# Tasks are sent by name: the bot never imports the task function.
RUN_SKILL_TASK = "dialogdraw.run_skill"
# One intent-model call (a decision, a runner-up's arguments, a chat answer) for a bot
# that runs without the model (core/intent_remote.py).
DECIDE_TASK = "dialogdraw.decide"

GPU_QUEUE = "gpu"
CPU_QUEUE = "cpu"
INTENT_QUEUE = "intent"
# Only queues that have a task: retraining runs beside the bot (core/learning), not on a
# Celery queue, and a worker told to serve a queue nothing is sent to would wait forever.
ALL_QUEUES = (GPU_QUEUE, CPU_QUEUE, INTENT_QUEUE)

# The worker reports step i of n with `update_state(state=PROGRESS_STATE, meta=...)`.
PROGRESS_STATE = "PROGRESS"

# Where a finished job's result is kept, so a redelivered message does not run it again.
DONE_KEY_PREFIX = "dialogdraw:done:"

# JSON only: a pickle from the broker would run code in the worker.
SERIALIZER_CONFIG: dict[str, Any] = {
    "task_serializer": "json",
    "result_serializer": "json",
    "accept_content": ["json"],
    "result_accept_content": ["json"],
}


def celery_queues() -> list[Queue]:
    """The queues, declared the same way by the bot and the workers.

    Each has its own direct exchange and routing key. Left to Celery's defaults, every
    queue in `task_queues` is bound to the default exchange with the default key, and
    one job published there would be copied into all of them and run twice.
    """
    return [Queue(name, Exchange(name, type="direct"), routing_key=name) for name in ALL_QUEUES]


def queue_for(skill: str, gpu_skills: set[str]) -> str:
    return GPU_QUEUE if skill in gpu_skills else CPU_QUEUE


# Jobs sent but not yet started, per queue: a sorted set of task ids scored by send
# time. The bot adds, the worker removes at start, so ZRANK is a job's place in line
# without scanning the broker list (whose messages carry whole images).
def waiting_key(queue: str) -> str:
    return f"dialogdraw:waiting:{queue}"


# Celery's Redis result backend keeps a task's state under this key. The bot reads it
# directly with an asyncio client instead of configuring a result backend, because
# `send_task` with a Redis backend subscribes a pub/sub channel per task that the bot
# would never drain, and AsyncResult's calls block the event loop.
RESULT_KEY_PREFIX = "celery-task-meta-"


# Where the answer to an intent call is pushed (a Redis list the caller BLPOPs): decisions
# take a few hundred ms, so the caller waits on the list instead of polling a task state.
INTENT_REPLY_PREFIX = "dialogdraw:intent-reply:"
