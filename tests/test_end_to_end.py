"""The whole embedded stack from the console: real store, real in-process queue, real
skills (pipelines.runner), with the test double of the intent model and with the real one."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image
from rich.console import Console

from bot.console import run_console
from core.engine import DialogueEngine
from core.intent.model import TransformersIntentModel
from core.settings import Settings
from dialogdraw.app import running_engine
from pipelines.metadata import read_metadata
from tests.doubles import FakeIntentModel, png


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[DialogueEngine]:
    async with running_engine(settings, intent=FakeIntentModel()) as engine:
        yield engine


async def test_scripted_console_session_with_real_skills(
    engine: DialogueEngine, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(png((96, 64), (30, 140, 220)))
    script = io.StringIO(
        f"/attach {photo}\nmake it black and white\nwrite hello on top\n/undo\n/good\ndraw a cat\n"
    )
    screen = io.StringIO()
    await run_console(engine, stream=script, console=Console(file=screen, width=300))
    text = screen.getvalue()

    outputs = {p.name: p for p in engine.settings.output_dir.glob("*.png")}
    assert sorted(outputs) == [
        "dialogdraw-2-adjust.png",
        "dialogdraw-3-add_text.png",
        "dialogdraw-4-undo.png",
    ]
    grey = Image.open(outputs["dialogdraw-2-adjust.png"]).convert("RGB")
    assert all(r == g == b for r, g, b in grey.getdata())
    meta = read_metadata(outputs["dialogdraw-3-add_text.png"].read_bytes())
    assert meta["skill"] == "add_text" and json.loads(meta["args"])["text"] == "hello"
    assert meta["seed"] and meta["model"]
    # "draw a cat" offline: one plain line for the user; the model and the setting that
    # provides it are the operator's (log, jobs table, /stats).
    last = text.strip().splitlines()[-1]
    assert "isn't installed" in last and "DIALOGDRAW" not in last, last

    store = engine.store
    conv = await store.conversations.open(next(iter(engine._locks)))
    images = await store.images.of_conversation(conv)
    assert [(i.number, i.origin, i.skill) for i in images] == [
        (1, "upload", None),
        (2, "generated", "adjust"),
        (3, "generated", "add_text"),
        (4, "generated", "undo"),
    ]
    assert images[1].parent_image_id == images[0].id
    assert images[2].parent_image_id == images[1].id
    assert images[3].sha256 == images[1].sha256
    jobs = [await store.jobs.get(n) for n in range(1, 5)]
    assert [(j.skill, j.status) for j in jobs if j] == [
        ("adjust", "done"),
        ("add_text", "done"),
        ("text_to_image", "failed"),
    ]
    answer = await store.messages.last_answer(conv)
    assert answer is not None and answer.decision_id is not None


async def test_console_session_with_the_shipped_intent_model(
    settings: Settings, shipped_intent: TransformersIntentModel, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(png((96, 64), (30, 140, 220)))
    script = io.StringIO(
        f"/attach {photo}\nmake it black and white\nwrite hello on top\n/undo\n/good\ndraw a cat\n"
    )
    screen = io.StringIO()
    async with running_engine(settings, intent=shipped_intent) as engine:
        await run_console(engine, stream=script, console=Console(file=screen, width=300))
        conv = await engine.store.conversations.open(next(iter(engine._locks)))
        images = await engine.store.images.of_conversation(conv)
        undo_answer = await engine.store.messages.get(images[3].message_id)  # what /good rated
        assert undo_answer is not None and undo_answer.decision_id is not None
        feedback = await engine.store.feedback.of_decision(undo_answer.decision_id)
        failed_job = await engine.store.jobs.get(3)
        assert failed_job is not None and failed_job.skill == "text_to_image"
    text = screen.getvalue()
    assert [(i.number, i.skill) for i in images] == [
        (1, None),
        (2, "adjust"),
        (3, "add_text"),
        (4, "undo"),
    ], text
    assert images[1].args == {"image": "#1", "operation": "grayscale"}
    assert images[2].args is not None and images[2].args["text"].lower() == "hello"
    assert images[2].args.get("position") == "top"
    assert images[3].sha256 == images[1].sha256
    assert [f.polarity for f in feedback] == [1], text
    last = text.strip().splitlines()[-1]
    # The user reads plain words; the operator's details go to the jobs table (and /stats).
    assert "isn't installed" in last and "DIALOGDRAW" not in last, last
    assert "DIALOGDRAW_MODELS__TEXT_TO_IMAGE" in failed_job.error


async def test_a_failed_request_does_not_glue_onto_the_next_one(
    settings: Settings, shipped_intent: TransformersIntentModel, tmp_path: Path
) -> None:
    """The console scenario of the nothing-lost issue, with the shipped model: drawing fails
    (no weights here), then a photo and an edit of it — the edit must be about the photo."""
    house = tmp_path / "house.png"
    house.write_bytes(png((96, 64), (200, 120, 40)))
    script = io.StringIO(
        f"draw me a red fox in the snow\n/attach {house}\nmake it black and white\n"
    )
    screen = io.StringIO()
    async with running_engine(settings, intent=shipped_intent) as engine:
        await run_console(engine, stream=script, console=Console(file=screen, width=300))
        store = engine.store
        conv = await store.conversations.open(next(iter(engine._locks)))
        dialogue = await store.messages.dialogue(conv)
        images = await store.images.of_conversation(conv)
        decisions = [await store.decisions.get(n) for n in (1, 2)]
    text = screen.getvalue()
    # What the model read for the edit: the failed request, answered, then the photo's turn.
    assert [(m.role, m.text) for m in dialogue[:2]] == [
        ("user", "draw me a red fox in the snow"),
        ("assistant", dialogue[1].text),
    ], text
    assert "isn't installed" in dialogue[1].text
    assert dialogue[2].role == "user" and dialogue[2].text == "make it black and white"
    assert [i.ref for i in dialogue[2].images] == ["#1"]
    assert decisions[0] is not None and decisions[0].skill == "text_to_image"
    assert decisions[1] is not None and decisions[1].skill == "adjust", text
    assert decisions[1].args.get("image") == "#1"
    assert [(i.number, i.origin, i.skill) for i in images] == [
        (1, "upload", None),
        (2, "generated", "adjust"),
    ], text
