"""Broker URL passwords never reach an error message of the Celery queue."""

from __future__ import annotations

import socket

import pytest

from core.jobs import JobRequest
from core.ports import QueueUnavailable
from core.queues.celery_queue import CeleryJobQueue
from core.queues.urls import mask_url_passwords


def test_passwords_are_masked_and_the_rest_kept() -> None:
    assert mask_url_passwords("redis://:s3cret@host:6379/0") == "redis://:***@host:6379/0"
    assert mask_url_passwords("rediss://user:s3cret@host") == "rediss://user:***@host"
    # An unescaped "@" in the password: urllib reads up to the last one, so do we.
    assert mask_url_passwords("see redis://u:p@ss@h:1/0.") == "see redis://u:***@h:1/0."
    for kept in ("redis://127.0.0.1:6379/0", "unix:///run/redis.sock", "http://x.org/?a=b@c"):
        assert mask_url_passwords(kept) == kept


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port  # nothing listens once the socket is closed


async def test_unreachable_redis_error_names_the_broker_without_its_password() -> None:
    url = f"redis://:s3cret@127.0.0.1:{_closed_port()}/0"  # refused at once, no Redis needed
    queue = CeleryJobQueue(url, timeout_s=5)
    try:
        with pytest.raises(QueueUnavailable) as down:
            await queue.run(JobRequest(job_id=1, skill="text_to_image", args={}), lambda p: None)
    finally:
        await queue.close()
    assert "s3cret" not in str(down.value)
    assert "redis://:***@127.0.0.1" in str(down.value)


def test_a_wrong_broker_url_is_refused_without_its_password() -> None:
    with pytest.raises(ValueError) as refused:
        CeleryJobQueue("amqp://guest:s3cret@rabbit:5672//", timeout_s=5)
    assert "s3cret" not in str(refused.value) and "guest:***@rabbit" in str(refused.value)
