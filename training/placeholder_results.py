"""Made-up results for the closed-loop benchmark: the engine and the dialogue are real,
only the pixels (and the words of describe and chat answers) are not.

Every image job gets one plain picture, so each image-making decision yields exactly one
image, numbered by the engine as a working skill's result would be. A text answer
(describe_image, chat) is the replayed turn's own reply when the dialogue answered that
turn in words too, so the context matches the teacher-forced one wherever the engine did
what the dialogue did; otherwise a fixed neutral line.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence

from PIL import Image

from core.catalog import CATALOG
from core.dialogue import DialogueMessage, IntentResult, Interpretation, PredictionRequest, Turn
from core.jobs import JobRequest, JobResult, Progress, ProgressCallback
from core.ports import IntentModel

NEUTRAL_ANSWER = "Okay."
PICTURE_SIZE = 64

COLOURS: dict[str, tuple[int, int, int]] = {
    "black": (20, 20, 20),
    "white": (240, 240, 240),
    "grey": (128, 128, 128),
    "gray": (128, 128, 128),
    "red": (200, 30, 30),
    "orange": (240, 140, 30),
    "yellow": (240, 220, 40),
    "green": (40, 160, 60),
    "blue": (40, 80, 200),
    "purple": (120, 50, 160),
    "pink": (240, 140, 180),
    "brown": (120, 80, 40),
    "golden": (210, 170, 50),
    "gold": (210, 170, 50),
    "silver": (190, 190, 200),
    "beige": (220, 200, 160),
    "teal": (30, 140, 140),
    "navy": (20, 30, 90),
}
_WORD = re.compile(r"[a-z]+")
_PLAIN = (150, 150, 150)


def picture(text: str, salt: str, size: int = PICTURE_SIZE) -> bytes:
    """A PNG of horizontal bands in the colours `text` names (plain grey if none).

    `salt` sets one corner pixel, so that two pictures of the same text are different
    bytes (the replay captions uploads by their bytes)."""
    colours = [COLOURS[w] for w in _WORD.findall(text.lower()) if w in COLOURS] or [_PLAIN]
    image = Image.new("RGB", (size, size))
    band = max(1, size // len(colours))
    for i, colour in enumerate(colours):  # each band runs to the bottom; the next covers it
        image.paste(colour, (0, i * band, size, size))
    image.putpixel((0, 0), tuple(hashlib.sha256(salt.encode()).digest()[:3]))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


class TurnAnswers:
    """The words the placeholder backend answers with; the replay names the turn it sends."""

    def __init__(self) -> None:
        self._reply = ""

    def begin(self, turn: Turn) -> None:
        # Only a reply in words (no image) is a describe or chat answer of the dialogue.
        self._reply = turn.reply.text if not turn.reply.images else ""

    def answer(self) -> str:
        return self._reply or NEUTRAL_ANSWER


class PlaceholderRunner:
    """A `core.jobs.JobRunner`: one picture per image job, a text answer otherwise."""

    def __init__(self, answers: TurnAnswers) -> None:
        self.answers = answers

    def __call__(self, request: JobRequest, progress: ProgressCallback) -> JobResult:
        progress(Progress("running", step=1, total=1))
        spec = CATALOG.get(request.skill)
        if spec is not None and not spec.makes_image:
            return JobResult(text=self.answers.answer(), model="placeholder")
        text = " ".join(str(v) for v in request.args.values())
        return JobResult(image=picture(text, f"job {request.job_id}"), model="placeholder")


class PlaceholderChat:
    """The intent model as it is, except that chat answers come from `TurnAnswers`
    instead of the language model (they are words the benchmark does not score)."""

    def __init__(self, intent: IntentModel, answers: TurnAnswers) -> None:
        self.intent = intent
        self.answers = answers

    @property
    def version(self) -> str:
        return self.intent.version

    def predict(self, request: PredictionRequest, n_best: int = 1) -> IntentResult:
        return self.intent.predict(request, n_best)

    def alternative(self, request: PredictionRequest, skill: str) -> Interpretation | None:
        return self.intent.alternative(request, skill)

    def respond(self, messages: Sequence[DialogueMessage]) -> str:
        return self.answers.answer()
