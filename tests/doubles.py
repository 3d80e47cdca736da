"""Test doubles: a rule-based intent model, test-only skills and a recording outbound."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageDraw, ImageOps

from core.catalog import CATALOG
from core.dialogue import (
    DialogueMessage,
    IntentResult,
    Interpretation,
    PredictionRequest,
    SkillScore,
)
from core.jobs import JobRequest, JobResult, Progress, ProgressCallback
from core.messages import OutgoingImage

Rule = tuple[str, Callable[[re.Match[str], list[str]], Interpretation]]


def _newest(refs: list[str]) -> str:
    return refs[-1] if refs else "#1"


DEFAULT_RULES: list[Rule] = [
    (r"^draw (.+)", lambda m, refs: Interpretation(skill="text_to_image", args={"prompt": m[1]})),
    (
        r"black and white|grayscale",
        lambda m, refs: Interpretation(
            skill="adjust", args={"image": _newest(refs), "operation": "grayscale"}
        ),
    ),
    (
        r"write (.+) on top",
        lambda m, refs: Interpretation(
            skill="add_text", args={"image": _newest(refs), "text": m[1], "position": "top"}
        ),
    ),
    (
        r"^edit (#\d+)",
        lambda m, refs: Interpretation(
            skill="adjust", args={"image": m[1], "operation": "rotate_left"}
        ),
    ),
    (r"anime", lambda m, refs: Interpretation(skill="to_anime", args={"image": _newest(refs)})),
    (
        r"describe",
        lambda m, refs: Interpretation(
            skill="describe_image", args={"image": _newest(refs), "question": "what is it?"}
        ),
    ),
    (r"^fail", lambda m, refs: Interpretation(skill="text_to_image", args={"prompt": "boom"})),
]


class FakeIntentModel:
    """Maps texts to decisions with regex rules; records every request it saw.

    With `like_grammar`, a reading that needs an image in a conversation without one comes
    back as the real model gives it: the grammar refuses such skills, so `chat`, with
    `wants_picture` set. Without it the reading is returned as it is, for the engine's own
    checks of the arguments."""

    def __init__(
        self,
        rules: Sequence[Rule] = DEFAULT_RULES,
        version: str = "fake-1",
        like_grammar: bool = False,
    ) -> None:
        self.rules = list(rules)
        self._version = version
        self.like_grammar = like_grammar
        self.responded: list[Sequence[DialogueMessage]] = []
        self.requests: list[PredictionRequest] = []
        self.alternatives_asked: list[str] = []

    @property
    def version(self) -> str:
        return self._version

    def predict(self, request: PredictionRequest, n_best: int = 1) -> IntentResult:
        self.requests.append(request)
        text = request.messages[-1].text
        refs = request.existing_refs()
        for pattern, build in self.rules:
            match = re.search(pattern, text, re.IGNORECASE)
            if match:
                best = build(match, refs)
                break
        else:
            best = Interpretation(skill="chat", args={"message": text or "hi"})
        spec = CATALOG.get(best.skill)
        wants_picture = self.like_grammar and not refs and spec is not None and bool(spec.ref_args)
        if wants_picture:
            best = Interpretation(skill="chat", args={"message": text or "hi"})
        runner_ups = [SkillScore(skill="chat", logprob=-3.0)]
        alternatives = [self._as_chat(request)] if n_best > 1 else []
        raw = json.dumps(best.as_json_obj())
        return IntentResult(
            best=best,
            alternatives=alternatives,
            runner_ups=runner_ups,
            raw=raw,
            model_version=self._version,
            wants_picture=wants_picture,
        )

    def alternative(self, request: PredictionRequest, skill: str) -> Interpretation | None:
        self.alternatives_asked.append(skill)
        return self._as_chat(request) if skill == "chat" else None

    @staticmethod
    def _as_chat(request: PredictionRequest) -> Interpretation:
        text = request.messages[-1].text
        return Interpretation(skill="chat", args={"message": text or "hi"}, logprob=-3.0)

    def respond(self, messages: Sequence[DialogueMessage]) -> str:
        self.responded.append(messages)
        return f"You said: {messages[-1].text}"


def png(size: tuple[int, int] = (32, 24), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def pil_runner(request: JobRequest, progress: ProgressCallback) -> JobResult:
    """Test-only skills made with PIL: fast and with outputs a test can check."""
    progress(Progress("running", step=1, total=2))
    source = (
        Image.open(io.BytesIO(request.images["image"])).convert("RGB")
        if "image" in request.images
        else None
    )
    if request.skill == "text_to_image":
        if request.args["prompt"] == "boom":
            return JobResult(error="The test skill failed on purpose.")
        image = Image.new("RGB", (48, 32), (request.seed % 256, 120, 40))
    elif request.skill == "adjust" and source is not None:
        op = request.args["operation"]
        image = (
            ImageOps.grayscale(source).convert("RGB")
            if op == "grayscale"
            else source.rotate(90, expand=True)
        )
    elif request.skill == "add_text" and source is not None:
        image = source.copy()
        ImageDraw.Draw(image).rectangle(
            (0, 0, image.width, image.height // 4), fill=(255, 255, 255)
        )
    elif request.skill == "describe_image":
        return JobResult(text="It is a picture of a test pattern.")
    elif source is not None:
        image = ImageOps.invert(source)
    else:
        return JobResult(error=f"The test runner cannot do {request.skill}.")
    progress(Progress("running", step=2, total=2))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return JobResult(image=buf.getvalue(), model="test-model")


@dataclass
class RecordingOutbound:
    """Collects what the engine sends, like a chat window a test can read."""

    texts: list[str] = field(default_factory=list)
    images: list[OutgoingImage] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    sent: list[Any] = field(default_factory=list)
    _n: int = 0

    def _id(self) -> str:
        self._n += 1
        return f"m{self._n}"

    async def send_text(self, text: str) -> str:
        self.texts.append(text)
        self.sent.append(text)
        return self._id()

    async def send_image(self, image: OutgoingImage) -> str:
        self.images.append(image)
        self.sent.append(image)
        return self._id()

    async def show_status(self, text: str) -> None:
        self.statuses.append(text)

    async def clear_status(self) -> None:
        self.statuses.append("")
