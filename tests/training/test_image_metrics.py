"""Image metrics: exact aggregation with a known scorer; the real scorers on tiny models."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import torch
import typer
from PIL import Image
from transformers import CLIPConfig, CLIPImageProcessorPil, CLIPModel, CLIPProcessor
from typer.testing import CliRunner

from core.dialogue import Dialogue
from dialogdraw.cmd_eval_images import register
from pipelines.diffusion.random_sdxl import BOS_ID, EOS_ID, build_tokenizer
from tests.pipelines.tiny_vlm import build_tiny_vlm
from training.image_metrics import (
    DialogueImages,
    ImageReport,
    evaluate_images,
    read_image_dialogues,
    rounds,
)
from training.scorers import ClipScorer, ScorerModelMissing, VqaScorer

# ---- test doubles: similarities looked up from tables, so every mean is known exactly ----

TEXT_SIM = {"a red fox": 0.8, "give it a hat": 0.6, "a beach": 0.2, "an anime dog on a beach": 0.3}
VQA_YES = {"a red fox": 0.9, "give it a hat": 0.7, "a beach": 0.5, "an anime dog on a beach": 0.1}
# (red channel of the result, red channel of the source) -> image similarity
IMAGE_SIM = {(20, 10): 0.6, (30, 20): 0.8, (110, 100): 0.4}


def _red(image: Image.Image) -> int:
    pixel: Any = image.convert("RGB").getpixel((0, 0))
    return round(pixel[0] / 10) * 10  # to the tens: JPEG is lossy


class TableClip:
    name = "table-clip"

    def text_similarity(self, image: Image.Image, text: str) -> float:
        return TEXT_SIM[text]

    def image_similarity(self, image: Image.Image, other: Image.Image) -> float:
        return IMAGE_SIM[(_red(image), _red(other))]


class TableVqa:
    name = "table-vqa"

    def yes_probability(self, image: Image.Image, text: str) -> float:
        return VQA_YES[text]


# ---- data ----


def _turn(user: str, skill: str, args: dict[str, Any], made: list[tuple[str, str]], **kw: Any):
    reply = {"text": "ok", "images": [{"ref": r, "caption": c} for r, c in made]}
    return {"user": user, "gold": {"skill": skill, "args": args}, "reply": reply, **kw}


def _save(path: Path, red: int) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (red, 120, 200)).save(path)
    return path.name


@pytest.fixture
def dialogues(tmp_path: Path) -> tuple[Path, Path]:
    """d1 (images in a folder): generation, edit, then a VQA question and chat (excluded).
    d2 (images listed on its line): an upload, a background change, then to_anime whose
    text is the reply caption, since no argument names what the result shows."""
    images = tmp_path / "images"
    _save(images / "d1" / "1.png", 100)
    _save(images / "d1" / "2.png", 110)
    _save(tmp_path / "d2-files" / "upload.png", 10)
    _save(tmp_path / "d2-files" / "bg.jpg", 20)
    _save(tmp_path / "d2-files" / "anime.png", 30)
    d1 = {
        "id": "d1",
        "turns": [
            _turn("draw a red fox", "text_to_image", {"prompt": "a red fox"}, [("#1", "fox")]),
            _turn(
                "give it a hat",
                "instruct_edit",
                {"image": "#1", "instruction": "give it a hat"},
                [("#2", "a red fox in a hat")],
            ),
            _turn("what is it?", "describe_image", {"image": "#2", "question": "what?"}, []),
            _turn("thanks!", "chat", {"message": "thanks!"}, []),
        ],
    }
    d2 = {
        "id": "d2",
        "turns": [
            _turn(
                "put my dog on a beach",
                "change_background",
                {"image": "#1", "background": "a beach"},
                [("#2", "a dog on a beach")],
                images=[{"ref": "#1", "caption": "a dog on grass"}],
            ),
            _turn("anime pls", "to_anime", {"image": "#2"}, [("#3", "an anime dog on a beach")]),
        ],
        "images": {
            "#1": "d2-files/upload.png",
            "#2": "d2-files/bg.jpg",
            "#3": "d2-files/anime.png",
        },
    }
    data = tmp_path / "dialogues.jsonl"
    data.write_text("".join(json.dumps(d) + "\n" for d in (d1, d2)), encoding="utf-8")
    return data, images


def _report(data: Path, images: Path) -> ImageReport:
    return evaluate_images(read_image_dialogues(data, images), TableClip(), TableVqa())


def test_edit_rounds_weigh_half_and_half_generation_rounds_text_only(
    dialogues: tuple[Path, Path],
) -> None:
    report = _report(*dialogues)

    coherence = {(s.round.dialogue_id, s.round.turn): s.coherence for s in report.scores}
    assert coherence == pytest.approx(
        {
            ("d1", 1): 1.0 * 0.8 + 0.0 * 0.0,  # generation: text similarity alone
            ("d1", 2): 0.5 * 0.6 + 0.5 * 0.4,  # edit: text and the source image
            ("d2", 1): 0.5 * 0.2 + 0.5 * 0.6,
            ("d2", 2): 0.5 * 0.3 + 0.5 * 0.8,
        }
    )


def test_chat_and_vqa_turns_are_not_rounds_and_dialogues_count_once(
    dialogues: tuple[Path, Path],
) -> None:
    report = _report(*dialogues)

    assert [(s.round.dialogue_id, s.round.skill) for s in report.scores] == [
        ("d1", "text_to_image"),
        ("d1", "instruct_edit"),
        ("d2", "change_background"),
        ("d2", "to_anime"),
    ]
    assert not report.skipped
    overall = report.means()
    # Per dialogue first: d1 (0.8, 0.6) and d2 (0.2, 0.3), then the mean of the two.
    assert overall.clip == pytest.approx((0.7 + 0.25) / 2)
    assert overall.vqa == pytest.approx((0.8 + 0.3) / 2)
    assert overall.coherence == pytest.approx(((0.8 + 0.5) / 2 + (0.4 + 0.55) / 2) / 2)
    assert (overall.dialogues, overall.rounds) == (2, 4)
    generation, edit = report.means("generation"), report.means("edit")
    assert (generation.clip, generation.coherence, generation.vqa) == pytest.approx((0.8, 0.8, 0.9))
    assert edit.coherence == pytest.approx((0.5 + 0.475) / 2)
    assert (edit.dialogues, edit.rounds) == (2, 3)


def test_each_skill_scores_its_own_text(tmp_path: Path) -> None:
    files = {f"#{i}": tmp_path / f"{i}.png" for i in range(1, 6)}
    for i, path in enumerate(files.values()):
        _save(path, i)
    turns = [
        _turn("x", "qr_art", {"content": "https://x.y", "prompt": "a castle"}, [("#1", "qr")]),
        _turn(
            "x",
            "replace_object",
            {"image": "#1", "target": "dog", "replacement": "a fox"},
            [("#2", "c")],
        ),
        _turn("x", "style_transfer", {"image": "#2", "style": "watercolor"}, [("#3", "c")]),
        # An eval check object is no sentence: the caption stands in.
        _turn("x", "outpaint", {"image": "#3", "prompt": {"must": ["sky"]}}, [("#4", "more sky")]),
        _turn("x", "adjust", {"image": "#4", "operation": "darker"}, [("#5", "a dark castle")]),
    ]
    dialogue: Any = {"id": "t", "turns": turns}
    found, skipped = rounds(DialogueImages(Dialogue.model_validate(dialogue), files))

    assert [(r.skill, r.kind, r.text) for r in found] == [
        ("qr_art", "generation", "a castle"),
        ("replace_object", "edit", "a fox"),
        ("style_transfer", "edit", "watercolor"),
        ("outpaint", "edit", "more sky"),
        ("adjust", "edit", "a dark castle"),
    ]
    assert found[1].source == files["#1"] and found[0].source is None
    assert not skipped


def test_rounds_without_their_images_are_counted_not_scored(tmp_path: Path) -> None:
    _save(tmp_path / "2.png", 1)
    dialogue = Dialogue.model_validate(
        {
            "id": "m",
            "turns": [
                _turn("x", "text_to_image", {"prompt": "a cat"}, [("#1", "cat")]),
                _turn("x", "instruct_edit", {"image": "#1", "instruction": "hat"}, [("#2", "c")]),
                _turn("x", "upscale", {"image": "#2"}, []),
            ],
        }
    )

    found, skipped = rounds(DialogueImages(dialogue, {"#2": tmp_path / "2.png"}))

    assert found == []
    assert skipped == {
        "result image file missing": 1,
        "source image file missing": 1,
        "no result image in the reply": 1,
    }


# ---- the real scorers on tiny random models ----


@pytest.fixture(scope="module")
def tiny_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clip") / "tiny-clip"
    torch.manual_seed(0)
    tower = {"hidden_size": 16, "intermediate_size": 32, "num_attention_heads": 2}
    config = CLIPConfig(
        text_config={
            **tower,
            "num_hidden_layers": 1,
            "vocab_size": EOS_ID + 1,
            "max_position_embeddings": 77,
            "bos_token_id": BOS_ID,
            "eos_token_id": EOS_ID,
            "pad_token_id": EOS_ID,
        },
        vision_config={**tower, "num_hidden_layers": 1, "image_size": 32, "patch_size": 8},
        projection_dim=8,
    )
    CLIPModel(config).save_pretrained(folder)
    image_processor = CLIPImageProcessorPil(
        size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}
    )
    tokenizer = build_tokenizer(folder / "_tokenizer")
    CLIPProcessor(image_processor=image_processor, tokenizer=tokenizer).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_vlm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_vlm(tmp_path_factory.mktemp("vlm") / "tiny-smolvlm")


def test_tiny_clip_and_vlm_score_every_round_within_range(
    dialogues: tuple[Path, Path], tiny_clip: Path, tiny_vlm: Path
) -> None:
    clip = ClipScorer.load(str(tiny_clip))
    vqa = VqaScorer.load(str(tiny_vlm))

    report = evaluate_images(read_image_dialogues(*dialogues), clip, vqa)

    assert len(report.scores) == 4
    for score in report.scores:
        assert score.vqa is not None and 0.0 <= score.vqa <= 1.0
        assert -1.0 <= score.clip_text <= 1.0
        assert -1.0 - 1e-6 <= score.coherence <= 1.0 + 1e-6
    means = report.means()
    assert means.vqa is not None and 0.0 <= means.vqa <= 1.0
    image = Image.new("RGBA", (50, 40), (10, 200, 30, 128))
    assert clip.image_similarity(image, image.copy()) == pytest.approx(1.0, abs=1e-5)
    # The answer is weighed between the spellings of yes and no, not over the vocabulary.
    assert set(vqa.yes_ids).isdisjoint(vqa.no_ids)


@pytest.mark.parametrize("kind", ["clip", "vqa"])
def test_missing_model_fails_fast_naming_it(kind: str, tmp_path: Path) -> None:
    load = ClipScorer.load if kind == "clip" else VqaScorer.load
    for model_id in ("openai/clip-vit-large-patch14", str(tmp_path / "no-such-model")):
        started = time.monotonic()
        with pytest.raises(ScorerModelMissing) as caught:
            load(model_id)
        assert time.monotonic() - started < 30  # no download attempt, no retries
        assert model_id in str(caught.value)
        assert f"huggingface-cli download {model_id}" in str(caught.value)


def _cli() -> typer.Typer:
    app = typer.Typer()
    eval_app = typer.Typer()
    register(eval_app)
    app.add_typer(eval_app, name="eval")
    return app


def test_cli_prints_the_three_metrics(
    dialogues: tuple[Path, Path], tiny_clip: Path, tiny_vlm: Path, tmp_path: Path
) -> None:
    data, images = dialogues
    out = tmp_path / "rounds.jsonl"
    args = ["eval", "images", "--data", str(data), "--images", str(images)]
    args += ["--clip", str(tiny_clip), "--vqa", str(tiny_vlm), "--device", "cpu"]

    result = CliRunner().invoke(_cli(), [*args, "--output", str(out)], terminal_width=200)

    assert result.exit_code == 0, result.output
    for name in ("multi-turn VQA score", "multi-turn CLIP similarity", "instruct edit coherence"):
        assert name in result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["skill"] for r in rows] == [
        "text_to_image",
        "instruct_edit",
        "change_background",
        "to_anime",
    ]


def test_cli_missing_model_exits_with_the_fix(dialogues: tuple[Path, Path]) -> None:
    data, images = dialogues

    result = CliRunner().invoke(
        _cli(), ["eval", "images", "--data", str(data), "--images", str(images), "--no-vqa"]
    )

    assert result.exit_code == 2
    assert "openai/clip-vit-large-patch14" in result.output
