"""The log formatter: no URL password survives, in messages or in tracebacks."""

from __future__ import annotations

import logging
import sys

from dialogdraw.logs import RedactSecrets


def record(message: str, *args: object, exc: bool = False) -> logging.LogRecord:
    return logging.LogRecord(
        "test", logging.ERROR, __file__, 1, message, args, sys.exc_info() if exc else None
    )


def test_url_passwords_are_masked_in_messages_and_tracebacks() -> None:
    redact = RedactSecrets([])
    urls = ("redis://:s3cret@host:6379/0", "rediss://user:s3cret@cache.example.org:6380")
    line = redact.format(record("broker %s, backup %s", *urls))
    assert "s3cret" not in line
    assert "redis://:***@host:6379/0" in line and "rediss://user:***@cache.example.org" in line
    try:
        raise ConnectionError("cannot reach redis://admin:s3cret@10.0.0.5:6379/1")
    except ConnectionError:
        text = redact.format(record("queue down", exc=True))
    assert "Traceback" in text and "s3cret" not in text and "admin:***@10.0.0.5" in text


def test_urls_without_a_password_are_left_alone() -> None:
    line = RedactSecrets([]).format(record("at redis://127.0.0.1:6379/0 and https://x.org/a@b"))
    assert "redis://127.0.0.1:6379/0 and https://x.org/a@b" in line
