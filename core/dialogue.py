"""The dialogue data format of spec/dialogue-format.md, shared by data, predict and eval."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ImageInfo(BaseModel):
    ref: str
    caption: str = ""


class DialogueMessage(BaseModel):
    role: Literal["user", "assistant"]
    text: str = ""
    images: list[ImageInfo] = Field(default_factory=list)


class PredictionRequest(BaseModel):
    """The question 'what does the last user turn want?' about a dialogue prefix."""

    id: str
    messages: list[DialogueMessage]

    def existing_refs(self) -> list[str]:
        return [img.ref for m in self.messages for img in m.images]


class Interpretation(BaseModel):
    skill: str
    args: dict[str, Any]
    logprob: float = 0.0

    def as_json_obj(self) -> dict[str, Any]:
        return {"skill": self.skill, "args": self.args}


class SkillScore(BaseModel):
    """A runner-up skill and the log-probability of its first token where the decision names
    its skill: what the one forward pass that is needed anyway says about the other readings."""

    skill: str
    logprob: float


class IntentResult(BaseModel):
    """What the intent model made of a request: its best reading, the runner-up skills
    (always; their arguments are decoded only when asked for) and, when asked for with
    n_best > 1, the runners-up decoded in full."""

    best: Interpretation
    alternatives: list[Interpretation] = Field(default_factory=list)
    runner_ups: list[SkillScore] = Field(default_factory=list)
    raw: str
    # The conversation has no image, and the model would rather have named a skill that
    # needs one (core.intent.picture_wish): `best` is only what the grammar left it.
    wants_picture: bool = False
    model_version: str = ""
    latency_ms: float = 0.0


class Prediction(BaseModel):
    id: str
    skill: str
    args: dict[str, Any]
    raw: str


class Reply(BaseModel):
    text: str = ""
    images: list[ImageInfo] = Field(default_factory=list)


class Turn(BaseModel):
    user: str
    images: list[ImageInfo] = Field(default_factory=list)
    # gold.skill may be a list of acceptable skills with args keyed by skill (eval files).
    gold: dict[str, Any]
    reply: Reply = Field(default_factory=Reply)


class Dialogue(BaseModel):
    id: str
    turns: list[Turn]

    def requests(self) -> list[PredictionRequest]:
        """One request per turn, earlier turns as they happened (teacher forcing)."""
        out: list[PredictionRequest] = []
        history: list[DialogueMessage] = []
        for i, turn in enumerate(self.turns, start=1):
            history.append(DialogueMessage(role="user", text=turn.user, images=turn.images))
            out.append(PredictionRequest(id=f"{self.id}/{i}", messages=list(history)))
            history.append(
                DialogueMessage(role="assistant", text=turn.reply.text, images=turn.reply.images)
            )
        return out
