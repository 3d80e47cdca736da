"""F, the paper's text integration: the dialogue's requests up to a round fused into one
prompt that says what that round's picture should show.

The multi-turn VQA score asks a VLM whether picture i shows F(text_1, ..., text_i); the
paper has GPT-4 write F. Two integrators, behind one `Integrator` protocol:

- `ChainIntegrator` (the default, no model): each picture's description is built from
  the decision that made it. A generation round's description is its prompt; an edit
  round's is the description of the picture it edits with the edit added ("a red fox",
  then "a red fox, give it a hat", then "a red fox, give it a hat, in anime style"). It
  follows the picture each round edits rather than the order of the turns, so a new
  text_to_image mid-dialogue starts a new description, as an integrating reader would.
  What each skill adds to a description is declared on its catalog entry (`shows`).
- `LlmIntegrator`: any OpenAI-compatible chat-completions endpoint, given the user's
  messages and decisions of every round up to the one to describe.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from core.catalog import CATALOG
from core.dialogue import ImageInfo


@dataclass(frozen=True)
class Request:
    """One picture-making turn of a dialogue, as F sees it."""

    turn: int  # 1-based turn number in the dialogue
    user: str
    # What the user posted since the previous picture-making turn (on this turn or on
    # chat/describe turns between): pictures a later edit may start from.
    uploads: tuple[ImageInfo, ...]
    skill: str
    args: Mapping[str, Any]
    made: ImageInfo  # the picture this turn made, with the reply's caption of it


class Integrator(Protocol):
    @property
    def name(self) -> str: ...

    def integrate(self, history: Sequence[Request]) -> str:
        """What the picture of the last request should show, given all requests so far."""
        ...


# ---- the default: descriptions chained along the pictures each round edits ----


def chain_descriptions(history: Sequence[Request]) -> dict[str, str]:
    """The description of every picture of the history: uploads by their caption, results
    by what their catalog entry says they show, or by the reply's caption where that has
    no sentence."""
    known: dict[str, str] = {}
    for request in history:
        for upload in request.uploads:
            if upload.caption.strip():
                known[upload.ref] = upload.caption.strip()
        spec = CATALOG.get(request.skill)
        text = spec.result_shows(request.args, known.get) if spec is not None else None
        text = text or request.made.caption.strip()
        if text:
            known[request.made.ref] = text
    return known


@dataclass(frozen=True)
class ChainIntegrator:
    name: str = "chain (built-in)"

    def integrate(self, history: Sequence[Request]) -> str:
        return chain_descriptions(history).get(history[-1].made.ref, "")


# ---- any OpenAI-compatible chat endpoint, as the paper used GPT-4 ----

SYSTEM_PROMPT = (
    "You merge the requests of a chat with a picture-making bot into one text-to-image "
    "prompt. You get every request so far, in order, each with the picture it made and "
    "what the bot did. Write one prompt that describes exactly what the LAST picture "
    "should show: its subject, scene and style with every edit that led to it, leaving "
    "out requests whose pictures it does not build on. Answer with the prompt only, on "
    "one line."
)


class IntegratorUnavailable(Exception):
    """The integration endpoint could not be asked or gave no usable answer."""


def _plain_args(args: Mapping[str, Any]) -> dict[str, str]:
    # A check object ({"must": [...]}) is scoring data, not something the user said.
    return {k: v for k, v in args.items() if isinstance(v, str)}


def llm_messages(history: Sequence[Request]) -> list[dict[str, str]]:
    lines = []
    for number, request in enumerate(history, start=1):
        lines.append(f"Request {number} (made picture {request.made.ref}):")
        for upload in request.uploads:
            lines.append(f"  the user posted picture {upload.ref}: {upload.caption}")
        lines.append(f"  user: {request.user}")
        lines.append(f"  bot: {request.skill} {json.dumps(_plain_args(request.args))}")
    lines.append(f"Write the prompt for picture {history[-1].made.ref}.")
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": "\n".join(lines)},
    ]


@dataclass(frozen=True)
class LlmIntegrator:
    url: str  # base URL; requests go to {url}/chat/completions
    model: str = "gpt-4o-mini"
    api_key: str | None = None
    timeout: float = 60.0

    @property
    def name(self) -> str:
        return f"{self.model} at {self.url}"

    def integrate(self, history: Sequence[Request]) -> str:
        body = {"model": self.model, "messages": llm_messages(history), "temperature": 0}
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        endpoint = self.url.rstrip("/") + "/chat/completions"
        request = urllib.request.Request(endpoint, json.dumps(body).encode(), headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode(errors="replace")
            raise IntegratorUnavailable(f"{endpoint} answered HTTP {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise IntegratorUnavailable(
                f"The integration endpoint {endpoint} cannot be reached ({reason}). Start an "
                "OpenAI-compatible server there, or leave out --integrate-llm to use the "
                "built-in integration."
            ) from exc
        except ValueError as exc:
            raise IntegratorUnavailable(f"{endpoint} did not answer with JSON") from exc
        try:
            content = str(data["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError) as exc:
            raise IntegratorUnavailable(
                f"{endpoint} gave no chat completion: {data!r:.300}"
            ) from exc
        # Models like to wrap the prompt in quotes or add a second line of comment.
        text = content.strip().splitlines()[0].strip().strip("\"'") if content.strip() else ""
        if not text:
            raise IntegratorUnavailable(f"{endpoint} answered an empty prompt")
        return text
