"""User text as the engine keeps it: invisible and control characters taken out.

Zero-width spaces, bidirectional overrides and control characters cannot be seen in a chat,
but they change what the model reads (a "empty" message that is not empty, words split by
invisible marks, text that displays in another order than it is stored). The zero-width
joiner stays: emoji sequences (👩‍🎨) are made with it.
"""

from __future__ import annotations

import unicodedata

_INVISIBLE = {
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark / zero-width no-break space
    *(chr(c) for c in range(0x202A, 0x202F)),  # bidi embeddings and overrides
    *(chr(c) for c in range(0x2066, 0x206A)),  # bidi isolates
}
_KEPT_CONTROLS = {"\n", "\t"}


def clean_text(text: str) -> str:
    """NFC-normalised, without invisible marks and control characters, stripped."""
    text = unicodedata.normalize("NFC", text)
    kept = (
        ch
        for ch in text
        if ch not in _INVISIBLE
        and (ch in _KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs"))
    )
    return "".join(kept).replace("\r\n", "\n").strip()
