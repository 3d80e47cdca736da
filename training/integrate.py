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
- `LlmIntegrator`: any OpenAI-compatible chat-completions endpoint, given the user's
  messages and decisions of every round up to the one to describe.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

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

Describe = Callable[[str], str | None]  # ref -> description of that picture, None if unknown
# (args, describe) -> description of the result; None: no sentence to build it from
Rule = Callable[[Mapping[str, Any], Describe], str | None]


def _text(args: Mapping[str, Any], name: str) -> str | None:
    # Evaluation files may hold a check object ({"must": [...]}) where a text argument
    # goes: no sentence, so the rule gives up and the reply's caption stands in.
    value = args.get(name)
    return (value.strip() or None) if isinstance(value, str) else None


def _source(args: Mapping[str, Any], describe: Describe) -> str | None:
    ref = args.get("image")
    return describe(ref) if isinstance(ref, str) else None


def _prompt(args: Mapping[str, Any], describe: Describe) -> str | None:
    # A new picture: the prompt says it all (a sketch or pose input is a control signal,
    # not content to describe).
    return _text(args, "prompt")


def _edit(phrase: Callable[[Mapping[str, Any]], str | None]) -> Rule:
    """The source picture's description with the edit's own words after it."""

    def rule(args: Mapping[str, Any], describe: Describe) -> str | None:
        source, tail = _source(args, describe), phrase(args)
        return None if source is None or tail is None else f"{source}, {tail}"

    return rule


def _keep(args: Mapping[str, Any], describe: Describe) -> str | None:
    # upscale and the like change how a picture looks, not what it shows.
    return _source(args, describe)


def _qr(args: Mapping[str, Any], describe: Describe) -> str | None:
    prompt = _text(args, "prompt")
    return None if prompt is None else f"{prompt}, as a QR code"


def _optional_prompt(args: Mapping[str, Any], describe: Describe) -> str | None:
    # A variation's prompt, when given, re-describes the whole picture (spec: prompts are
    # completed from context); without one, the picture should still show the source.
    return _text(args, "prompt") if "prompt" in args else _source(args, describe)


def _outpaint(args: Mapping[str, Any], describe: Describe) -> str | None:
    # The prompt of an outpaint says what the new border holds; without one, more of
    # the same scene, which the source's description already covers.
    if "prompt" not in args:
        return _source(args, describe)
    return _edit(lambda a: _text(a, "prompt"))(args, describe)


_ARTICLE = re.compile(r"^(a|an|the|some)\s+", re.IGNORECASE)


def _replace(args: Mapping[str, Any], describe: Describe) -> str | None:
    source, target, new = _source(args, describe), _text(args, "target"), _text(args, "replacement")
    if source is None or target is None or new is None:
        return None
    target = _ARTICLE.sub("", target)
    # "a dog on a beach" with dog -> "a fox" reads "a fox on a beach": a VQA model asked
    # about "..., a fox instead of dog" would still be asked about a dog.
    found = re.compile(rf"\b(?:(a|an|the|some)\s+)?{re.escape(target)}\b", re.IGNORECASE)
    if found.search(source) is None:
        return f"{source}, with {new} instead of {target}"

    def swap(match: re.Match[str]) -> str:
        article = match.group(1)
        return new if article is None or _ARTICLE.match(new) else f"{article} {new}"

    return found.sub(swap, source, count=1)


def _style(args: Mapping[str, Any]) -> str | None:
    style = _text(args, "style")
    if style is None:
        return None
    return f"in {style}" if "style" in style.lower() else f"in {style} style"


def _style_reference(args: Mapping[str, Any], describe: Describe) -> str | None:
    base = _text(args, "prompt") if "prompt" in args else _source(args, describe)
    ref = args.get("style_image")
    look = describe(ref) if isinstance(ref, str) else None
    return None if base is None or look is None else f"{base}, in the style of {look}"


def _quoted(args: Mapping[str, Any]) -> str | None:
    text = _text(args, "text")
    return None if text is None else f'with the text "{text}"'


def _fixed(words: str) -> Callable[[Mapping[str, Any]], str | None]:
    return lambda args: words


def _adjust(args: Mapping[str, Any]) -> str | None:
    operation = args.get("operation")
    return ADJUST_WORDS.get(operation) if isinstance(operation, str) else None


ADJUST_WORDS = {
    "brighter": "brighter",
    "darker": "darker",
    "more_contrast": "with more contrast",
    "less_contrast": "with less contrast",
    "more_saturated": "with more saturated colours",
    "grayscale": "in black and white",
    "rotate_left": "rotated to the left",
    "rotate_right": "rotated to the right",
    "flip_horizontal": "flipped horizontally",
    "flip_vertical": "flipped vertically",
    "crop_square": "cropped to a square",
}

# What each picture-making skill adds to the description of the picture it works on.
# negative_prompt is left out on purpose: "no people" is what a picture does *not* show,
# and a VQA question "does it show ..., no people?" reads as asking about people.
RULES: dict[str, Rule] = {
    "text_to_image": _prompt,
    "sketch_to_image": _prompt,
    "pose_to_image": _prompt,
    "qr_art": _qr,
    "image_variation": _optional_prompt,
    "instruct_edit": _edit(lambda a: _text(a, "instruction")),
    "change_background": _edit(
        lambda a: None if (bg := _text(a, "background")) is None else f"with {bg} as the background"
    ),
    "remove_background": _edit(_fixed("cut out on a plain background")),
    "replace_object": _replace,
    "remove_object": _edit(lambda a: None if (t := _text(a, "target")) is None else f"without {t}"),
    "to_anime": _edit(_fixed("in anime style")),
    "style_transfer": _edit(_style),
    "style_reference": _style_reference,
    "outpaint": _outpaint,
    "upscale": _keep,
    "colorize": _edit(_fixed("in colour")),
    "line_art": _edit(_fixed("as a black-and-white line drawing")),
    "make_sticker": _edit(_fixed("as a sticker")),
    "add_text": _edit(_quoted),
    "adjust": _edit(_adjust),
}


def chain_descriptions(history: Sequence[Request]) -> dict[str, str]:
    """The description of every picture of the history: uploads by their caption, results
    by their skill's rule, or by the reply's caption where the rule has no sentence."""
    known: dict[str, str] = {}
    for request in history:
        for upload in request.uploads:
            if upload.caption.strip():
                known[upload.ref] = upload.caption.strip()
        rule = RULES.get(request.skill)
        text = rule(request.args, known.get) if rule is not None else None
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
