"""Optional paraphrasing of user turns by any OpenAI-compatible chat endpoint.

The default synthesis needs no model; this only adds wording variety. A paraphrase
is kept only if every text argument of the gold still occurs verbatim in it, so the
gold stays true; on any error the original text stays.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Sequence

from core.dialogue import Dialogue, Turn

INSTRUCTION = (
    "Rewrite the user's chat message to a drawing bot the way another person might type it: "
    "same request, same image it points at, casual chat style. Keep these exact strings "
    "unchanged: {keep}. Answer with the rewritten message only."
)
# A dead endpoint should not cost 10,000 timeouts.
MAX_FAILURES = 5


def _protected(turn: Turn) -> list[str]:
    """The argument strings the user typed. In another language the diffusion arguments are
    English translations that the message never contained; those need no protecting."""
    args = turn.gold.get("args", {})
    return [
        v
        for k, v in args.items()
        if isinstance(v, str) and not v.startswith("#") and k and v in turn.user
    ]


def ask(url: str, model: str, text: str, keep: list[str], timeout: float) -> str:
    body = {
        "model": model,
        "messages": [
            {"role": "system", "content": INSTRUCTION.format(keep=json.dumps(keep))},
            {"role": "user", "content": text},
        ],
        "temperature": 0.9,
    }
    request = urllib.request.Request(
        url.rstrip("/") + "/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data = json.loads(response.read())
    return str(data["choices"][0]["message"]["content"]).strip()


def paraphrase(
    dialogues: Sequence[Dialogue], url: str, model: str = "default", timeout: float = 30.0
) -> list[Dialogue]:
    failures = 0
    out = []
    for dialogue in dialogues:
        turns = []
        for turn in dialogue.turns:
            keep = _protected(turn)
            if turn.gold.get("skill") == "chat" or failures >= MAX_FAILURES:
                turns.append(turn)  # a chat message *is* the user's text
                continue
            try:
                text = ask(url, model, turn.user, keep, timeout)
            except Exception:  # any transport or format problem: keep the original
                failures += 1
                turns.append(turn)
                continue
            ok = text and "\n" not in text and all(k in text for k in keep)
            turns.append(turn.model_copy(update={"user": text}) if ok else turn)
        out.append(dialogue.model_copy(update={"turns": turns}))
    return out
