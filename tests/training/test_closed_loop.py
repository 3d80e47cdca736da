"""The closed-loop benchmark: dialogues replayed through the real engine, placeholder results."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from typer.testing import CliRunner

from core.catalog import CATALOG
from core.dialogue import Dialogue, Prediction
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from dialogdraw import cmd_intent
from dialogdraw.cli import app
from tests.doubles import FakeIntentModel
from training.closed_loop import NO_IMAGE, ClosedLoopRun, RefMap, differences, replay
from training.intent_metrics import gold_turns, score
from training.placeholder_results import PlaceholderChat, PlaceholderRunner, TurnAnswers, picture


def _turn(user: str, skill: str, args: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"user": user, "gold": {"skill": skill, "args": args}, **more}


def _reply(ref: str | None, text: str = "") -> dict[str, Any]:
    images = [{"ref": ref, "caption": "a picture"}] if ref else []
    return {"reply": {"text": text, "images": images}}


DIALOGUES = [
    {
        "id": "draw",
        "turns": [
            _turn("draw a red fox", "text_to_image", {"prompt": "red fox"}, **_reply("#1")),
            _turn(
                "make it black and white",
                "adjust",
                {"image": "#1", "operation": "grayscale"},
                **_reply("#2"),
            ),
            _turn(
                "describe it please",
                "describe_image",
                {"image": "#2"},
                **_reply(None, "A fox in grey."),
            ),
        ],
    },
    {
        "id": "upload",
        "turns": [
            _turn(
                "turn my photo into anime",
                "to_anime",
                {"image": "#1"},
                images=[{"ref": "#1", "caption": "a photo of a grey cat on a blue sofa"}],
                **_reply("#2"),
            ),
            _turn("thanks!", "chat", {}, **_reply(None, "You're welcome!")),
        ],
    },
    {
        # The engine chats where the gold drew (#2): later gold refs must follow its numbering.
        "id": "shift",
        "turns": [
            _turn(
                "hi, this is my car",
                "chat",
                {},
                images=[{"ref": "#1", "caption": "a photo of a blue car"}],
                **_reply(None, "Nice car!"),
            ),
            _turn("hmm a dragon maybe", "text_to_image", {"prompt": "dragon"}, **_reply("#2")),
            _turn(
                "make it black and white",
                "adjust",
                {"image": "#2", "operation": "grayscale"},
                **_reply("#3"),
            ),
        ],
    },
    {
        # No image at all before the gold's first ref: it maps to nothing.
        "id": "nothing",
        "turns": [
            _turn("hmm", "text_to_image", {"prompt": "a lake"}, **_reply("#1")),
            _turn("make it anime", "to_anime", {"image": "#1"}, **_reply("#2")),
        ],
    },
]


@pytest.fixture
def dialogues() -> list[Dialogue]:
    return [Dialogue.model_validate(d) for d in DIALOGUES]


async def _replay(dialogues: list[Dialogue], settings: Settings) -> ClosedLoopRun:
    answers = TurnAnswers()
    queue = LocalJobQueue(PlaceholderRunner(answers), gpu_skill_ids())
    try:
        intent = PlaceholderChat(FakeIntentModel(), answers)
        return await replay(dialogues, intent, queue, settings, answers=answers)
    finally:
        await queue.close()


def _teacher_forced(dialogues: list[Dialogue]) -> dict[str, Prediction]:
    fake, out = FakeIntentModel(), {}
    for turn in gold_turns(dialogues):
        result = fake.predict(turn.request)
        out[turn.request.id] = Prediction(
            id=turn.request.id, skill=result.best.skill, args=result.best.args, raw=result.raw
        )
    return out


async def test_every_decision_comes_from_the_engine_context(
    dialogues: list[Dialogue], settings: Settings
) -> None:
    run = await _replay(dialogues, settings)
    by_id = {t.gold.request.id: t for t in run.turns}
    assert len(run.turns) == 10
    assert {k: v.skill for k, v in run.predictions.items()} == {
        "draw/1": "text_to_image",
        "draw/2": "adjust",
        "draw/3": "describe_image",
        "upload/1": "to_anime",
        "upload/2": "chat",
        "shift/1": "chat",
        "shift/2": "chat",
        "shift/3": "adjust",
        "nothing/1": "chat",
        "nothing/2": "to_anime",
    }
    # One placeholder image per image job, numbered by the engine.
    assert by_id["draw/1"].result_refs == ("#1",)
    assert by_id["draw/2"].result_refs == ("#2",)
    assert by_id["upload/1"].result_refs == ("#2",)
    # The context is the engine's own: its summary line, its caption; the upload's caption.
    context = by_id["draw/2"].gold.request.messages
    assert context[1].role == "assistant" and "text_to_image" in context[1].text
    assert context[1].images[0].caption == "a red fox"
    assert by_id["upload/1"].gold.request.messages[0].images[0].caption == (
        "a photo of a grey cat on a blue sofa"
    )
    # A describe answer made up for the job: the dialogue's own words.
    assert by_id["draw/3"].answer == "A fox in grey."
    # The gold's #2 was never drawn: it stands for the newest image, the uploaded car.
    assert by_id["shift/3"].gold.gold["args"]["image"] == "#1"
    assert by_id["shift/3"].prediction is not None
    assert by_id["shift/3"].prediction.args["image"] == "#1"
    assert by_id["nothing/2"].gold.gold["args"]["image"] == NO_IMAGE
    assert [t.unmade for t in run.turns if t.unmade] == [("#2",), ("#1",)]
    # The model's to_anime of a picture that does not exist: a question back, still decided.
    assert by_id["nothing/2"].answer.startswith("Which picture")

    report = score(run.gold_turns, run.predictions)
    assert report.overall.n == 10
    # Wrong skill: shift/2 and nothing/1 (chat where the gold drew).
    assert report.overall.isa == pytest.approx(8 / 10)
    # Args: draw/1 1, draw/2 1, draw/3 1 (image only), upload/1 1, shift/3 1, nothing/2 0.
    assert report.overall.argument_accuracy == pytest.approx(5 / 6)
    # nothing/2 refers to an image the engine's context does not have.
    assert report.overall.json_conformity == pytest.approx(9 / 10)


async def test_differs_from_teacher_forced(dialogues: list[Dialogue], settings: Settings) -> None:
    run = await _replay(dialogues, settings)
    teacher_forced = _teacher_forced(dialogues)
    # The rules read only the last text and the newest image: the same decisions once the
    # gold refs are put in the engine's numbering, but for nothing/2: teacher-forced its #1
    # is the lake the engine never drew, in the loop a picture that does not exist.
    same = differences(run, teacher_forced)
    assert (same.turns, same.ids, same.regressions, same.gains) == (1, ["nothing/2"], 0, 0)
    del teacher_forced["nothing/2"], run.turns[-1]

    teacher_forced["draw/2"] = teacher_forced["draw/2"].model_copy(
        update={"args": {"image": "#1", "operation": "darker"}}
    )
    teacher_forced["shift/2"] = teacher_forced["shift/2"].model_copy(
        update={"skill": "text_to_image", "args": {"prompt": "dragon"}}
    )
    del teacher_forced["upload/2"]
    found = differences(run, teacher_forced)
    assert found.turns == 3
    assert (found.skill, found.args_only) == (2, 1)
    assert found.regressions == 1  # shift/2: right teacher-forced, chat in the loop
    assert found.gains == 1  # upload/2: missing teacher-forced, right in the loop
    assert found.ids == ["draw/2", "upload/2", "shift/2"]


def test_ref_map_follows_slots() -> None:
    refs = RefMap()
    refs.record(["#1"], ["#1"])  # an upload
    refs.record(["#2"], [])  # the gold drew, the engine failed
    refs.record([], ["#2"])  # the gold chatted, the engine drew
    refs.record(["#3"], ["#3"])
    assert refs.refs == {"#1": "#1", "#2": "#1", "#3": "#3"}
    assert refs.unmade == {"#2"}


def test_placeholder_pictures_take_caption_colours() -> None:
    data = picture("a photo of a red car on green grass", "salt")
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.getpixel((10, 10)) == (200, 30, 30)
    assert image.getpixel((10, 60)) == (40, 160, 60)
    assert picture("a dog", "one") != picture("a dog", "two")
    assert CATALOG["describe_image"].makes_image is False


def _write(path: Path, dialogues: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in dialogues), encoding="utf-8")
    return path


def test_cli_json_in_both_modes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGDRAW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(cmd_intent, "load_model", lambda model, adapter: FakeIntentModel())
    data = _write(tmp_path / "d.jsonl", DIALOGUES)
    runner = CliRunner()
    tf_json, cl_json, trace = tmp_path / "tf.json", tmp_path / "cl.json", tmp_path / "t.jsonl"
    saved = tmp_path / "tf.jsonl"
    args = ["eval", "intents", "--data", str(data), "--json", str(tf_json), "--save", str(saved)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "(JSON only)" in result.output
    teacher = json.loads(tf_json.read_text())
    assert {"turns", "isa", "arg_acc", "structural", "structural_json_only"} <= set(teacher)
    assert teacher["turns"] == 10

    args = ["eval", "intents", "--data", str(data), "--closed-loop", "--results", "placeholder"]
    args += ["--json", str(cl_json), "--teacher-forced", str(saved), "--trace", str(trace)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    figures = json.loads(cl_json.read_text())
    assert {"turns", "isa", "arg_acc", "structural", "structural_json_only"} <= set(figures)
    assert figures["turns"] == 10
    assert figures["isa"] == pytest.approx(0.8)
    assert figures["differs_from_teacher_forced"] == 1  # nothing/2, see above
    assert figures["differing_turns"] == ["nothing/2"]
    assert figures["teacher_forced"]["isa"] == teacher["isa"]
    # shift/3 and nothing/2 name pictures the engine never drew; the other 8 compare.
    assert figures["turns_on_unmade_images"] == 2
    assert figures["isa_on_made_images"] == figures["teacher_forced_isa_on_made_images"] == 0.75
    lines = [json.loads(line) for line in trace.read_text().splitlines()]
    assert [line["id"] for line in lines][:2] == ["draw/1", "draw/2"]
    assert lines[1]["context"][1]["role"] == "assistant"
