"""Job queues: the in-process executor (default) and the Celery client (at scale).

Both implement `core.ports.JobQueue`. Runner failures come back as a `JobResult`
whose `error` the user can read; only an unreachable queue raises (`QueueUnavailable`).
"""

from __future__ import annotations

from core.catalog import SKILLS


def gpu_skill_ids() -> set[str]:
    """The skills that must run one at a time on the GPU, from the catalog."""
    return {spec.id for spec in SKILLS if spec.gpu}
