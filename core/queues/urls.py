"""Passwords inside URLs, masked before a URL reaches an error message or a log line.

The broker URL (`redis://:PASSWORD@host:6379/0`) travels into exception texts and log
records; everything that prints one goes through `mask_url_passwords`.
"""

from __future__ import annotations

import re

# scheme://user:PASSWORD@host and scheme://:PASSWORD@host. The password runs to the last
# "@" before the path, as urllib (and so redis-py) reads it, so one holding an unescaped
# "@" is masked whole. "host:6379/0" has no "@" before the path and is left alone.
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:)[^/?#\s]*@")


def mask_url_passwords(text: str) -> str:
    """`text` (a URL, or any text holding URLs) with every URL's password replaced by ***."""
    return _URL_PASSWORD.sub(r"\g<head>***@", text)
