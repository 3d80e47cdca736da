"""The closed-loop intent benchmark: dialogues replayed through the real engine.

Teacher forcing shows the model the gold earlier turns. In the bot the context is what
the bot itself did: its own decisions, its results, its failures. Here each dialogue's
user turns (texts with their uploads, in one message each, as the spec's turns are) go
through `DialogueEngine.handle` with a fresh conversation in a fresh store, so every
decision is made on the context the engine built. The decision of a turn is read from
the store (the turn's answers → their decision) and scored like a teacher-forced
prediction. An upload is a small picture in its caption's colours, and the engine's
captioner gives it the dialogue's caption, as a vision model would caption the photo.

Refs. The gold follows the gold dialogue's numbering; the engine numbers the images it
stores itself. Each gold image is mapped to the engine image of the same *slot*: the
k-th upload of turn i to the engine's k-th upload of turn i, the k-th reply image of
turn i to the k-th image the engine answered turn i with. Where the engine made no image
in that slot (a failure, a chat or describe answer, a question back), the gold image is
mapped to the engine's newest image at that point: the picture the user would be looking
at when they say "it". Before any engine image exists the gold ref maps to nothing, and
a ref check against it fails. Teacher-forced predictions are compared with closed-loop
ones through the same mapping. Turns whose gold names such an unmade image are counted,
and ISA is also reported on the other turns, where both contexts hold what the gold names
(training/closed_loop_report.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.catalog import CATALOG
from core.dialogue import (
    Dialogue,
    DialogueMessage,
    IntentResult,
    Interpretation,
    Prediction,
    PredictionRequest,
    Turn,
)
from core.engine import DialogueEngine
from core.messages import Attachment, ConversationKey, IncomingMessage, OutgoingImage, Sender
from core.ports import IntentModel, JobQueue
from core.settings import Settings
from core.store import MessageRow, Store
from training.intent_metrics import GoldTurn
from training.placeholder_results import TurnAnswers, picture

PLATFORM = "eval"
SENDER = Sender("eval-user")
# What a gold ref becomes when the engine had no image to stand for it: no ref equals it.
NO_IMAGE = "(no image)"


@dataclass
class CollectingOutbound:
    """An Outbound that keeps what the engine sends (the benchmark reads the store)."""

    texts: list[str] = field(default_factory=list)
    images: list[OutgoingImage] = field(default_factory=list)
    _sent: int = 0

    def _id(self) -> str:
        self._sent += 1
        return f"out-{self._sent}"

    async def send_text(self, text: str) -> str:
        self.texts.append(text)
        return self._id()

    async def send_image(self, image: OutgoingImage) -> str:
        self.images.append(image)
        return self._id()

    async def show_status(self, text: str) -> None:
        pass

    async def clear_status(self) -> None:
        pass


class UploadCaptioner:
    """Captions each replayed upload as the dialogue does, as a vision model would."""

    def __init__(self) -> None:
        self.captions: dict[bytes, str] = {}

    def __call__(self, data: bytes) -> str:
        return self.captions.get(data, "")


class DecisionClock:
    """The intent model, timing each decision the engine asks it for."""

    def __init__(self, intent: IntentModel) -> None:
        self.intent = intent
        self.latencies_ms: list[float] = []

    @property
    def version(self) -> str:
        return self.intent.version

    def predict(self, request: PredictionRequest, n_best: int = 1) -> IntentResult:
        result = self.intent.predict(request, n_best)
        self.latencies_ms.append(result.latency_ms)
        return result

    def alternative(self, request: PredictionRequest, skill: str) -> Interpretation | None:
        return self.intent.alternative(request, skill)

    def respond(self, messages: Sequence[DialogueMessage]) -> str:
        return self.intent.respond(messages)


class RefMap:
    """Gold refs → the engine's refs of one dialogue, slot by slot (see the module doc)."""

    def __init__(self) -> None:
        self.refs: dict[str, str | None] = {}
        # Gold images the engine never made: their refs stand for another image, or none.
        self.unmade: set[str] = set()
        self._newest: str | None = None

    def record(self, gold: Sequence[str], engine: Sequence[str]) -> None:
        if engine:
            self._newest = engine[-1]
        for k, ref in enumerate(gold):
            if k < len(engine):
                self.refs[ref] = engine[k]
            else:
                self.refs[ref] = self._newest
                self.unmade.add(ref)


def engine_ref(refs: Mapping[str, str | None], gold_ref: str) -> str:
    # A ref the gold dialogue never showed stays as it is (it matches nothing either way).
    return refs.get(gold_ref, gold_ref) or NO_IMAGE


@dataclass(frozen=True)
class ClosedLoopTurn:
    gold: GoldTurn  # the engine's request (its context), the gold in the engine's refs
    prediction: Prediction | None  # None: the engine made no decision for the turn
    answer: str  # what the engine answered, in the dialogue
    result_refs: tuple[str, ...]
    ref_map: Mapping[str, str | None]
    # Gold refs of this turn whose image the engine never made (it failed or did otherwise).
    unmade: tuple[str, ...] = ()


@dataclass
class ClosedLoopRun:
    turns: list[ClosedLoopTurn]
    latencies_ms: list[float]

    @property
    def gold_turns(self) -> list[GoldTurn]:
        return [t.gold for t in self.turns]

    @property
    def predictions(self) -> dict[str, Prediction]:
        return {t.gold.request.id: t.prediction for t in self.turns if t.prediction is not None}


def map_refs(skill: str, args: Mapping[str, Any], refs: Mapping[str, str | None]) -> dict[str, Any]:
    """`args` with every ref argument of `skill` put in the engine's numbering."""
    spec = CATALOG.get(skill)
    names = set(spec.ref_args) if spec else set()
    return {
        k: engine_ref(refs, v) if k in names and isinstance(v, str) else v for k, v in args.items()
    }


def gold_refs(gold: Mapping[str, Any]) -> set[str]:
    """Every ref the gold's arguments name, over all its acceptable skills."""
    skill, args = gold["skill"], gold.get("args") or {}
    readings = [(s, args.get(s, {})) for s in skill] if isinstance(skill, list) else [(skill, args)]
    found = set()
    for name, values in readings:
        spec = CATALOG.get(name)
        found |= {
            v for k, v in values.items() if spec and k in spec.ref_args and isinstance(v, str)
        }
    return found


def mapped_gold(gold: Mapping[str, Any], refs: Mapping[str, str | None]) -> dict[str, Any]:
    skill, args = gold["skill"], gold.get("args") or {}
    if isinstance(skill, list):
        args = {s: map_refs(s, args.get(s, {}), refs) for s in skill}
    else:
        args = map_refs(skill, args, refs)
    return {**gold, "args": args}


async def replay(
    dialogues: Sequence[Dialogue],
    intent: IntentModel,
    queue: JobQueue,
    settings: Settings,
    *,
    answers: TurnAnswers | None = None,
    on_turn: Callable[[], None] | None = None,
) -> ClosedLoopRun:
    """Replay every dialogue through one engine (a fresh store in a temporary folder, a
    conversation per dialogue); `answers` is told each turn (placeholder results)."""
    clock = DecisionClock(intent)
    captioner = UploadCaptioner()
    turns: list[ClosedLoopTurn] = []
    with tempfile.TemporaryDirectory(prefix="dialogdraw-closed-loop-") as folder:
        engine_settings = settings.model_copy(
            update={
                "data_dir": Path(folder),
                "database": None,
                # One simulated user sends every turn as fast as they are answered.
                "rate_limit_per_minute": 0,
                "allowed_users": [],
                "allowed_chats": [],
            }
        )
        store = await Store.open(engine_settings.database_path, engine_settings.blob_dir)
        try:
            engine = DialogueEngine(engine_settings, store, clock, queue, captioner=captioner)
            for dialogue in dialogues:
                key = ConversationKey(PLATFORM, dialogue.id)
                refs = RefMap()
                for i, turn in enumerate(dialogue.turns, start=1):
                    turns.append(
                        await _replay_turn(
                            engine, key, f"{dialogue.id}/{i}", turn, refs, captioner, answers
                        )
                    )
                    if on_turn is not None:
                        on_turn()
        finally:
            await store.close()
    return ClosedLoopRun(turns, clock.latencies_ms)


async def _replay_turn(
    engine: DialogueEngine,
    key: ConversationKey,
    turn_id: str,
    turn: Turn,
    refs: RefMap,
    captioner: UploadCaptioner,
    answers: TurnAnswers | None,
) -> ClosedLoopTurn:
    attachments = []
    for image in turn.images:
        data = picture(image.caption, f"{turn_id} {image.ref}")
        captioner.captions[data] = image.caption
        attachments.append(Attachment(data, "image/png", f"upload-{image.ref[1:]}.png"))
    if answers is not None:
        answers.begin(turn)
    message = IncomingMessage(key, SENDER, turn.user, tuple(attachments), turn_id)
    await engine.handle(message, CollectingOutbound())
    store = engine.store
    user = await store.messages.find_platform_message(PLATFORM, key.chat_id, turn_id)
    after = await _answers_of(store, user)
    uploads = [img.ref for img in await store.images.of_message(user.id)] if user else []
    refs.record([img.ref for img in turn.images], uploads)
    # The refs this turn can mean: its own uploads and everything before.
    snapshot = dict(refs.refs)
    gold = mapped_gold(turn.gold, snapshot)
    unmade = tuple(sorted(gold_refs(turn.gold) & refs.unmade))
    results = [img.ref for m in after for img in await store.images.of_message(m.id)]
    refs.record([img.ref for img in turn.reply.images], results)
    request, prediction = await _decision_of(store, user, after, turn_id)
    text = "\n".join(m.text for m in after if m.kind == "turn")
    return ClosedLoopTurn(
        GoldTurn(request, gold), prediction, text, tuple(results), snapshot, unmade
    )


async def _decision_of(
    store: Store, user: MessageRow | None, answers: Sequence[MessageRow], turn_id: str
) -> tuple[PredictionRequest, Prediction | None]:
    """The model's decision on a user message (its answers carry it) and the request it
    was made on; without one, an empty request (scored as a missing prediction)."""
    for answer in answers:
        decision = await store.decisions.get(answer.decision_id) if answer.decision_id else None
        if decision is not None and user is not None and decision.message_id == user.id:
            context = {"id": turn_id, "messages": decision.context}
            prediction = Prediction(
                id=turn_id, skill=decision.skill, args=decision.args, raw=decision.raw
            )
            return PredictionRequest.model_validate(context), prediction
    return PredictionRequest(id=turn_id, messages=[]), None


async def _answers_of(store: Store, user: MessageRow | None) -> list[MessageRow]:
    """The engine's answers to one user message: what it wrote after it."""
    if user is None:
        return []
    messages = await store.messages.of_conversation(user.conversation_id)
    return [m for m in messages if m.id > user.id and m.role == "assistant"]


@dataclass
class Differences:
    """Closed-loop decisions against the teacher-forced ones of the same model."""

    turns: int = 0  # decisions that differ in skill or arguments
    skill: int = 0
    args_only: int = 0
    regressions: int = 0  # the right skill teacher-forced, a wrong one closed-loop
    gains: int = 0
    ids: list[str] = field(default_factory=list)


def differences(run: ClosedLoopRun, teacher_forced: Mapping[str, Prediction]) -> Differences:
    found = Differences()
    for turn in run.turns:
        turn_id = turn.gold.request.id
        tf, cl = teacher_forced.get(turn_id), turn.prediction
        tf_ok = tf is not None and tf.skill in turn.gold.skills
        cl_ok = cl is not None and cl.skill in turn.gold.skills
        found.regressions += tf_ok and not cl_ok
        found.gains += cl_ok and not tf_ok
        if tf is None or cl is None:
            same_skill = same_args = tf is cl
        else:
            same_skill = tf.skill == cl.skill
            same_args = _plain(map_refs(tf.skill, tf.args, turn.ref_map)) == _plain(cl.args)
        if not (same_skill and same_args):
            found.turns += 1
            found.skill += not same_skill
            found.args_only += same_skill and not same_args
            found.ids.append(turn_id)
    return found


def _plain(args: Mapping[str, Any]) -> dict[str, Any]:
    """Arguments as decided: validation drops the empty ones the model may have written."""
    return {k: v for k, v in args.items() if v not in (None, "")}
