"""The bot's own words (failures, questions, progress, refusals) reach users in the
language they write in; English users read what they read before."""

from __future__ import annotations

import re

import pytest

from core.catalog import ArgumentProblem, validate_args
from core.dialogue import Interpretation
from core.engine import DialogueEngine
from core.jobs import SKILL_FAILED, JobRequest, JobResult, Progress, ProgressCallback
from core.messages import Attachment, ConversationKey, IncomingMessage, Sender
from core.phrasebook import phrase
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from tests.doubles import DEFAULT_RULES, FakeIntentModel, RecordingOutbound, Rule, pil_runner

KEY = ConversationKey("test", "chat-1")
OLGA = Sender("olga", "Olga")

RULES: list[Rule] = [
    (
        r"^(?:нарисуй|dibuja|zeichne) (.+)",
        lambda m, refs: Interpretation(skill="text_to_image", args={"prompt": m[1]}),
    ),
    (
        r"fondo|фон",
        lambda m, refs: Interpretation(skill="remove_background", args={"image": "#1"}),
    ),
    (r"texto|текст", lambda m, refs: Interpretation(skill="add_text", args={"image": "#1"})),
    *DEFAULT_RULES,
]


def crashing(request: JobRequest, progress: ProgressCallback) -> JobResult:
    if "crash" in request.args.get("prompt", ""):
        raise RuntimeError("CUDA out of memory")
    return pil_runner(request, progress)


@pytest.fixture
async def engine(settings: Settings, store: Store) -> DialogueEngine:
    queue = LocalJobQueue(crashing, gpu_skill_ids())
    return DialogueEngine(settings, store, FakeIntentModel(RULES), queue)


async def say(engine: DialogueEngine, text: str, *files: Attachment) -> RecordingOutbound:
    out = RecordingOutbound()
    await engine.handle(IncomingMessage(KEY, OLGA, text, files), out)
    return out


async def test_a_failed_job_is_told_in_russian_and_so_is_its_progress(
    engine: DialogueEngine,
) -> None:
    out = await say(engine, "нарисуй crash, пожалуйста, закат над морем")
    assert out.texts == [SKILL_FAILED.said_in("ru")]
    assert re.search("[а-я]", out.texts[0]) and out.texts[0] != str(SKILL_FAILED)
    assert Progress("queued").describe("ru") in out.statuses
    await engine.queue.close()


async def test_a_short_message_keeps_the_language_of_the_conversation(
    engine: DialogueEngine,
) -> None:
    first = await say(engine, "нарисуй кота на пляже в солнечных очках")
    assert len(first.images) == 1
    # "crash" alone tells no language: the conversation is Russian.
    later = await say(engine, "нарисуй crash")
    assert later.texts == [SKILL_FAILED.said_in("ru")]
    await engine.queue.close()


async def test_a_clarifying_question_is_asked_in_spanish(engine: DialogueEngine) -> None:
    out = await say(engine, "quítale el fondo a la foto, por favor")
    asked = phrase("send_image_first").said_in("es")
    assert out.texts == [asked] and asked != str(phrase("send_image_first"))
    await say(engine, "dibuja un perro corriendo en el parque")
    out = await say(engine, "ponle un texto arriba, porfa")
    with pytest.raises(ArgumentProblem) as missing:
        validate_args("add_text", {"image": "#1"}, {"#1"})
    assert out.texts == [missing.value.words.said_in("es")]
    assert out.texts[0].startswith("Claro")
    await engine.queue.close()


async def test_an_unreadable_upload_is_refused_in_german(engine: DialogueEngine) -> None:
    broken = Attachment(b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/png", "katze.png")
    out = await say(engine, "kannst du bitte den Hintergrund von diesem Bild entfernen", broken)
    assert out.texts == [phrase("upload_damaged", name="katze.png").said_in("de")]
    assert "katze.png" in out.texts[0] and "couldn't" not in out.texts[0]
    await engine.queue.close()


async def test_english_users_read_the_english_words(engine: DialogueEngine) -> None:
    out = await say(engine, "draw a crash test dummy on a bike")
    assert out.texts == [str(SKILL_FAILED)]
    assert "⏳ Queued…" in out.statuses
    await engine.queue.close()
