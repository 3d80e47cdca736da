"""A chat the learning tests drive through the real engine, store and reaction path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.dialogue import IntentResult, Interpretation, PredictionRequest, SkillScore
from core.engine import DialogueEngine
from core.messages import ConversationKey, IncomingMessage, Sender
from tests.doubles import FakeIntentModel, RecordingOutbound

KEY = ConversationKey("telegram", "chat-1")
ADJUST = {"skill": "adjust", "args": {"image": "#1", "operation": "more_saturated"}}
ANIME = {"skill": "to_anime", "args": {"image": "#1"}}


class NBestIntent(FakeIntentModel):
    """'make it pop' is read as a saturation adjust, with to_anime as the runner-up; it can
    swap adapters like the real model, recording what it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.swaps: list[tuple[Path | None, str]] = []

    def predict(self, request: PredictionRequest, n_best: int = 1) -> IntentResult:
        result = super().predict(request, n_best)
        if request.messages[-1].text == "make it pop":
            best = Interpretation(**ADJUST)
            runner_ups = [
                SkillScore(skill="to_anime", logprob=-1.0),
                SkillScore(skill="chat", logprob=-4.0),
            ]
            alternatives = [self.alternative(request, r.skill) for r in runner_ups[: n_best - 1]]
            return IntentResult(
                best=best,
                alternatives=[a for a in alternatives if a is not None],
                runner_ups=runner_ups,
                raw="{}",
            )
        return result

    def alternative(self, request: PredictionRequest, skill: str) -> Interpretation | None:
        if request.messages[-1].text == "make it pop":
            self.alternatives_asked.append(skill)
            if skill == "to_anime":
                return Interpretation(**ANIME, logprob=-1.0)
            if skill == "chat":
                return Interpretation(skill="chat", args={"message": "make it pop"}, logprob=-4.0)
            return None
        return super().alternative(request, skill)

    def use_adapter(self, path: Path | None, version: str = "") -> None:
        self.swaps.append((path, version))
        self._version = version


class Chat:
    def __init__(self, engine: DialogueEngine, out: RecordingOutbound) -> None:
        self.engine = engine
        self.out = out

    @property
    def last_id(self) -> str:
        """Platform id of the last thing the bot sent (RecordingOutbound numbers them)."""
        return f"m{self.out._n}"

    async def say(self, text: str, user: str = "u1", reply_to: str | None = None) -> str:
        await self.engine.handle(
            IncomingMessage(KEY, Sender(user), text=text, reply_to_message_id=reply_to), self.out
        )
        return self.last_id

    async def react(
        self, message_id: str, emoji: str, user: str = "u1", added: bool = True
    ) -> int | None:
        return await self.engine.record_reaction(
            KEY, Sender(user), message_id, emoji, added, self.out
        )


def readings(pairs: Sequence[Any]) -> list[tuple[str, str, str, float]]:
    return [(p.source, p.chosen["skill"], p.rejected["skill"], p.weight) for p in pairs]
