from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from bot.console import run_console
from core.engine import DialogueEngine
from core.store import Store
from tests.doubles import png


async def test_scripted_console_session(
    engine: DialogueEngine, store: Store, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(png((40, 30)))
    script = io.StringIO(
        f"/attach {photo}\n"
        "make it black and white\n"
        "write hello on top\n"
        "/undo\n"
        "/good\n"
        "/attach /no/such/file.png\n"
    )
    screen = io.StringIO()
    await run_console(engine, stream=script, console=Console(file=screen, width=200))
    text = screen.getvalue()

    outputs = sorted(engine.settings.output_dir.glob("*.png"))
    assert [p.name for p in outputs] == [
        "dialogdraw-2-adjust.png",
        "dialogdraw-3-add_text.png",
        "dialogdraw-4-undo.png",
    ]
    for path in outputs:
        assert str(path) in text
    assert "No such file" in text and "Thanks for the feedback" in text

    conv = await store.conversations.open(
        next(iter(engine._locks))  # the console's conversation key
    )
    images = await store.images.of_conversation(conv)
    assert [(i.number, i.origin, i.skill) for i in images] == [
        (1, "upload", None),
        (2, "generated", "adjust"),
        (3, "generated", "add_text"),
        (4, "generated", "undo"),
    ]
    assert images[3].sha256 == images[1].sha256  # undo went back to the black-and-white one
    answer = await store.messages.last_answer(conv)
    assert answer is not None and answer.decision_id is not None
    feedback = await store.feedback.of_decision(answer.decision_id)
    assert [(f.emoji, f.polarity) for f in feedback] == [("👍", 1)]
