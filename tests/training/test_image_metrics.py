"""Image metrics by the paper's formulas: known answers from table scorers, the real
scorers on tiny random models, F (built-in and over a local fake chat endpoint), the CLI."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import torch
import typer
from PIL import Image
from transformers import CLIPConfig, CLIPImageProcessorPil, CLIPModel, CLIPProcessor
from typer.testing import CliRunner

from core.dialogue import Dialogue, ImageInfo
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
from training.integrate import IntegratorUnavailable, LlmIntegrator, Request
from training.scorers import ClipScorer, ScorerModelMissing, VqaScorer

# ---- test doubles: similarities looked up from tables, so every mean is known exactly ----

# Pictures are told apart by their red channel. Pairs are unordered: cosine is symmetric.
IMAGE_SIM = {
    frozenset({100, 110}): 0.9,
    frozenset({100, 120}): 0.5,
    frozenset({110, 120}): 0.7,
    frozenset({10, 20}): 0.6,  # d2's upload and the first edit of it
    frozenset({20, 30}): 0.8,
    frozenset({20, 40}): 0.1,
    frozenset({30, 40}): 0.3,
}
FOX = "a red fox"
HAT = "a red fox, give it a hat"
WATERCOLOR = "a red fox, give it a hat, in watercolor style"
BEACH = "a dog on grass, with a beach as the background"
ANIME = "a dog on grass, with a beach as the background, in anime style"
# P(yes) for the integrated texts: any other text asked about is a test failure.
VQA_YES = {FOX: 0.9, HAT: 0.7, WATERCOLOR: 0.4, BEACH: 0.5, ANIME: 0.3, "a castle": 0.8}
VQA_YES["a boat"] = 0.6


def _red(image: Image.Image) -> int:
    pixel: Any = image.convert("RGB").getpixel((0, 0))
    return round(pixel[0] / 10) * 10  # to the tens: JPEG is lossy


class TableClip:
    name = "table-clip"

    def text_similarity(self, image: Image.Image, text: str) -> float:
        return 0.25  # only the legacy variant asks

    def image_similarity(self, image: Image.Image, other: Image.Image) -> float:
        return IMAGE_SIM[frozenset({_red(image), _red(other)})]


class TableVqa:
    name = "table-vqa"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def yes_probability(self, image: Image.Image, text: str) -> float:
        self.asked.append(text)
        return VQA_YES[text]


class HalfVqa:
    name = "half-vqa"

    def yes_probability(self, image: Image.Image, text: str) -> float:
        return 0.5


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
    """d1 (images in a folder): generation, edit, a VQA question and chat (not rounds),
    another edit. d2 (images listed on its line): a background change of an upload, to
    anime, then a new scene. d3: one picture."""
    images = tmp_path / "images"
    for ref, red in (("1", 100), ("2", 110), ("3", 120)):
        _save(images / "d1" / f"{ref}.png", red)
    _save(images / "d3" / "1.png", 200)
    _save(tmp_path / "d2-files" / "upload.png", 10)
    _save(tmp_path / "d2-files" / "bg.jpg", 20)
    _save(tmp_path / "d2-files" / "anime.png", 30)
    _save(tmp_path / "d2-files" / "castle.png", 40)
    d1 = {
        "id": "d1",
        "turns": [
            _turn("draw a red fox", "text_to_image", {"prompt": FOX}, [("#1", "fox")]),
            _turn(
                "give it a hat",
                "instruct_edit",
                {"image": "#1", "instruction": "give it a hat"},
                [("#2", "a red fox in a hat")],
            ),
            _turn("what is it?", "describe_image", {"image": "#2", "question": "what?"}, []),
            _turn("thanks!", "chat", {"message": "thanks!"}, []),
            _turn(
                "watercolor", "style_transfer", {"image": "#2", "style": "watercolor"}, [("#3", "")]
            ),
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
            _turn("now a castle", "text_to_image", {"prompt": "a castle"}, [("#4", "a castle")]),
        ],
        "images": {
            "#1": "d2-files/upload.png",
            "#2": "d2-files/bg.jpg",
            "#3": "d2-files/anime.png",
            "#4": "d2-files/castle.png",
        },
    }
    d3 = {
        "id": "d3",
        "turns": [_turn("a boat", "text_to_image", {"prompt": "a boat"}, [("#1", "")])],
    }
    data = tmp_path / "dialogues.jsonl"
    data.write_text("".join(json.dumps(d) + "\n" for d in (d1, d2, d3)), encoding="utf-8")
    return data, images


def _report(data: Path, images: Path) -> ImageReport:
    return evaluate_images(read_image_dialogues(data, images), TableClip(), TableVqa())


def test_image_metrics_vqa_scores_each_round_with_its_integrated_text(
    dialogues: tuple[Path, Path],
) -> None:
    vqa = TableVqa()
    report = evaluate_images(read_image_dialogues(*dialogues), TableClip(), vqa)

    # chat and describe_image turns are no rounds; a new scene starts a new text.
    assert [(s.round.dialogue_id, s.round.turn, s.round.text) for s in report.scores] == [
        ("d1", 1, FOX),
        ("d1", 2, HAT),
        ("d1", 5, WATERCOLOR),
        ("d2", 1, BEACH),
        ("d2", 2, ANIME),
        ("d2", 3, "a castle"),
        ("d3", 1, "a boat"),
    ]
    assert vqa.asked == [s.round.text for s in report.scores]
    assert not report.skipped
    # Per dialogue first, then over dialogues: d1 (0.9+0.7+0.4)/3, d2 (0.5+0.3+0.8)/3, d3 0.6.
    assert report.means().vqa == pytest.approx((2.0 / 3 + 1.6 / 3 + 0.6) / 3)


def test_image_metrics_clip_similarity_is_the_mean_over_all_picture_pairs(
    dialogues: tuple[Path, Path],
) -> None:
    report = _report(*dialogues)

    by_dialogue = report.by_dialogue()
    assert [s.earlier for s in by_dialogue["d1"]] == [
        {},
        {"#1": 0.9},
        {"#1": 0.5, "#2": 0.7},
    ]
    overall = report.means()
    # d1: (0.9 + 0.5 + 0.7) / 3 pairs = 0.7 (not the mean of per-round means, 0.75);
    # d2: its round pictures only, the upload in no pair: (0.8 + 0.1 + 0.3) / 3 = 0.4;
    # d3 has one picture: no pair, left out of the mean and counted.
    assert overall.clip == pytest.approx((0.7 + 0.4) / 2)
    assert (overall.dialogues, overall.pair_dialogues, overall.pairs) == (3, 2, 6)
    assert report.means("edit").clip is None  # all pairs of a dialogue, not per kind


def test_image_metrics_coherence_weighs_edit_rounds_half_and_generation_rounds_vqa_only(
    dialogues: tuple[Path, Path],
) -> None:
    report = _report(*dialogues)

    coherence = {(s.round.dialogue_id, s.round.turn): s.coherence for s in report.scores}
    assert coherence == pytest.approx(
        {
            ("d1", 1): 1.0 * 0.9,  # generation: V_1
            ("d1", 2): 0.5 * 0.7 + 0.5 * 0.9,  # edit: V_2 and CLIP with #1
            ("d1", 5): 0.5 * 0.4 + 0.5 * (0.5 + 0.7) / 2,  # mean CLIP with #1 and #2
            ("d2", 1): 0.5 * 0.5 + 0.5 * 0.6,  # first round edits the upload: CLIP with it
            ("d2", 2): 0.5 * 0.3 + 0.5 * 0.8,
            ("d2", 3): 1.0 * 0.8 + 0.0 * (0.1 + 0.3) / 2,  # a new scene owes no consistency
            ("d3", 1): 1.0 * 0.6,
        }
    )
    overall, generation, edit = report.means(), report.means("generation"), report.means("edit")
    assert overall.coherence == pytest.approx(((0.9 + 0.8 + 0.5) / 3 + 1.9 / 3 + 0.6) / 3)
    assert (generation.vqa, generation.coherence) == pytest.approx(((0.9 + 0.8 + 0.6) / 3,) * 2)
    assert (generation.dialogues, generation.rounds) == (3, 3)
    assert edit.coherence == pytest.approx(((0.8 + 0.5) / 2 + 0.55) / 2)
    assert edit.vqa == pytest.approx(((0.7 + 0.4) / 2 + 0.4) / 2)
    assert (edit.dialogues, edit.rounds) == (2, 4)
    assert overall.clip_text == pytest.approx(0.25)  # legacy, kept under its own name


def test_image_metrics_sketch_pose_and_qr_rounds_are_generation(tmp_path: Path) -> None:
    files = {f"#{i}": tmp_path / f"{i}.png" for i in range(1, 6)}
    for red, path in zip((100, 110, 120, 20, 30), files.values(), strict=True):
        _save(path, red)
    upload = [{"ref": "#2", "caption": "a doodle"}]
    turns = [
        _turn("x", "text_to_image", {"prompt": FOX}, [("#1", "")]),
        _turn("x", "sketch_to_image", {"image": "#2", "prompt": HAT}, [("#3", "")], images=upload),
        _turn("x", "pose_to_image", {"image": "#1", "prompt": BEACH}, [("#4", "")]),
        _turn("x", "qr_art", {"content": "x.y", "prompt": "a castle"}, [("#5", "")]),
    ]
    dialogue = Dialogue.model_validate({"id": "g", "turns": turns})
    vqa = {FOX: 0.9, HAT: 0.7, BEACH: 0.5, "a castle, as a QR code": 0.2}

    class Vqa:
        name = "vqa"

        def yes_probability(self, image: Image.Image, text: str) -> float:
            return vqa[text]

    class Clip(TableClip):
        def image_similarity(self, image: Image.Image, other: Image.Image) -> float:
            return 0.5

    report = evaluate_images([DialogueImages(dialogue, files)], Clip(), Vqa())

    assert [s.round.kind for s in report.scores] == ["generation"] * 4
    assert [s.coherence for s in report.scores] == pytest.approx([0.9, 0.7, 0.5, 0.2])
    assert report.means().clip == pytest.approx(0.5)


def test_image_metrics_rounds_without_their_images_are_counted_not_scored(tmp_path: Path) -> None:
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
    item = DialogueImages(dialogue, {"#2": tmp_path / "2.png"})

    found, skipped = rounds(item)
    report = evaluate_images([item], TableClip(), HalfVqa())

    assert skipped == {"result image file missing": 1, "no result image in the reply": 1}
    # The lost picture's request is still text for F; its edit has no earlier picture,
    # so VQA scores it and coherence leaves it out, counted.
    assert [(r.skill, r.text, r.source) for r in found] == [("instruct_edit", "a cat, hat", None)]
    assert report.scores[0].coherence is None and report.without_coherence() == 1


# ---- F: the built-in integration ----


def test_image_metrics_integration_text_for_a_known_dialogue(tmp_path: Path) -> None:
    decisions: list[tuple[str, dict[str, Any]]] = [
        ("text_to_image", {"prompt": "a dog on a beach", "negative_prompt": "people"}),
        ("replace_object", {"image": "#1", "target": "the dog", "replacement": "a fox"}),
        ("remove_object", {"image": "#2", "target": "the seagulls"}),
        ("add_text", {"image": "#3", "text": "hi"}),
        ("adjust", {"image": "#4", "operation": "grayscale"}),
        ("upscale", {"image": "#5"}),
        ("outpaint", {"image": "#6", "prompt": {"must": ["sky"]}}),
        ("image_variation", {"image": "#1"}),
        ("style_reference", {"image": "#9", "style_image": "#8"}),
        ("make_sticker", {"image": "#10"}),
    ]
    made = [f"#{i}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11)]
    turns = [_turn("x", s, a, [(r, "")]) for (s, a), r in zip(decisions, made, strict=True)]
    turns[6]["reply"]["images"][0]["caption"] = "more sky"
    turns[8]["images"] = [{"ref": "#9", "caption": "my cat"}]
    n = len(turns) + 1
    files = {f"#{i}": tmp_path / f"{i}.png" for i in range(1, n + 1)}
    for i, path in enumerate(files.values()):
        _save(path, i)
    dialogue = Dialogue.model_validate({"id": "f", "turns": turns})

    found, skipped = rounds(DialogueImages(dialogue, files))

    fox = "a fox on a beach"  # the replacement written into the text, one article kept
    text = f'{fox}, without the seagulls, with the text "hi"'
    assert [r.text for r in found] == [
        "a dog on a beach",  # what not to show stays out of the question
        fox,
        f"{fox}, without the seagulls",
        text,
        f"{text}, in black and white",
        f"{text}, in black and white",  # upscaling changes how it looks, not what it shows
        "more sky",  # a check object is no sentence: the reply's caption stands in
        "a dog on a beach",  # a variation without a prompt shows its source
        "my cat, in the style of a dog on a beach",
        "my cat, in the style of a dog on a beach, as a sticker",
    ]
    assert not skipped
    # The legacy per-round text is still each round's own argument or caption.
    assert [r.own_text for r in found][:3] == ["a dog on a beach", "a fox", ""]


# ---- F over an OpenAI-compatible endpoint: a fake one on 127.0.0.1 ----


@pytest.fixture
def chat_endpoint() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A chat-completions server that answers the Nth request with "picture N", quoted
    and with a comment line, as models do; it records every request."""
    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
            answer = {"choices": [{"message": {"content": f'"picture {len(seen)}"\nDone!'}}]}
            payload = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", seen
    server.shutdown()
    server.server_close()


def test_image_metrics_llm_integrator_asks_the_endpoint_with_every_request_so_far(
    chat_endpoint: tuple[str, list[dict[str, Any]]],
) -> None:
    url, seen = chat_endpoint
    history = [
        Request(1, "draw a red fox", (), "text_to_image", {"prompt": FOX}, ImageInfo(ref="#1")),
        Request(
            2,
            "give it a hat",
            (ImageInfo(ref="#2", caption="a hat"),),
            "instruct_edit",
            {"image": "#1", "instruction": "give it a hat", "x": {"must": ["hat"]}},
            ImageInfo(ref="#3"),
        ),
    ]

    text = LlmIntegrator(url, "tiny-gpt", api_key="k").integrate(history)

    assert text == "picture 1"  # the quotes and the comment line taken off
    (request,) = seen
    assert (request["path"], request["model"], request["auth"]) == (
        "/v1/chat/completions",
        "tiny-gpt",
        "Bearer k",
    )
    asked = request["messages"][-1]["content"]
    for words in ("draw a red fox", "give it a hat", "picture #2: a hat", '"instruction"', "#3."):
        assert words in asked
    assert "must" not in asked  # scoring data is not something the user said


def test_image_metrics_llm_integrator_unreachable_is_a_clear_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    history = [Request(1, "x", (), "text_to_image", {"prompt": "x"}, ImageInfo(ref="#1"))]

    with pytest.raises(IntegratorUnavailable, match="cannot be reached") as caught:
        LlmIntegrator(url, timeout=5).integrate(history)
    assert f"{url}/chat/completions" in str(caught.value)
    assert "--integrate-llm" in str(caught.value)


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


def _clip_embedding(folder: Path, path: Path) -> torch.Tensor:
    """CLIP's image embedding straight from transformers, past the scorer under test."""
    model = CLIPModel.from_pretrained(folder).eval()
    processor = CLIPProcessor.from_pretrained(folder)
    with torch.inference_mode():
        pixels = processor(images=[Image.open(path).convert("RGB")], return_tensors="pt")
        output: Any = model.get_image_features(pixel_values=pixels["pixel_values"])
    tensor = output if isinstance(output, torch.Tensor) else output.pooler_output
    return torch.nn.functional.normalize(tensor.float(), dim=-1)[0]


def test_image_metrics_tiny_clip_and_vlm_give_the_formulas_answers(
    dialogues: tuple[Path, Path], tiny_clip: Path, tiny_vlm: Path, tmp_path: Path
) -> None:
    clip = ClipScorer.load(str(tiny_clip))
    vqa = VqaScorer.load(str(tiny_vlm))

    report = evaluate_images(read_image_dialogues(*dialogues), clip, vqa)

    d1 = report.by_dialogue()["d1"]
    e = [_clip_embedding(tiny_clip, s.round.result) for s in d1]
    pairs = [float(e[j] @ e[i]) for i in range(3) for j in range(i)]
    assert sum(v for s in d1 for v in s.earlier.values()) == pytest.approx(sum(pairs), abs=1e-5)
    for score in d1:
        image = Image.open(score.round.result)
        assert score.vqa == pytest.approx(vqa.yes_probability(image, score.round.text))
        assert score.vqa is not None and 0.0 <= score.vqa <= 1.0
    assert d1[2].coherence == pytest.approx(0.5 * d1[2].vqa + 0.5 * (pairs[1] + pairs[2]) / 2)
    assert d1[0].coherence == pytest.approx(d1[0].vqa)
    # A picture against itself: cosine 1, whatever the random weights.
    same = Image.new("RGBA", (50, 40), (10, 200, 30, 128))
    assert clip.image_similarity(same, same.copy()) == pytest.approx(1.0, abs=1e-5)
    # The answer is weighed between the spellings of yes and no, not over the vocabulary.
    assert set(vqa.yes_ids).isdisjoint(vqa.no_ids)


def test_image_metrics_identical_pictures_are_fully_consistent(
    tmp_path: Path, tiny_clip: Path
) -> None:
    files = {f"#{i}": tmp_path / f"{i}.png" for i in (1, 2, 3)}
    for path in files.values():
        _save(path, 50)
    turns = [
        _turn("x", "text_to_image", {"prompt": "a cat"}, [("#1", "")]),
        _turn("x", "upscale", {"image": "#1"}, [("#2", "")]),
        _turn("x", "upscale", {"image": "#2"}, [("#3", "")]),
    ]
    item = DialogueImages(Dialogue.model_validate({"id": "s", "turns": turns}), files)

    report = evaluate_images([item], ClipScorer.load(str(tiny_clip)))

    assert report.means().clip == pytest.approx(1.0, abs=1e-5)
    assert report.means().pairs == 3
    assert report.means().vqa is None and report.means().coherence is None  # no VQA model


@pytest.mark.parametrize("kind", ["clip", "vqa"])
def test_image_metrics_missing_model_fails_fast_naming_it(kind: str, tmp_path: Path) -> None:
    load = ClipScorer.load if kind == "clip" else VqaScorer.load
    for model_id in ("openai/clip-vit-large-patch14", str(tmp_path / "no-such-model")):
        started = time.monotonic()
        with pytest.raises(ScorerModelMissing) as caught:
            load(model_id)
        assert time.monotonic() - started < 30  # no download attempt, no retries
        assert model_id in str(caught.value)
        assert f"huggingface-cli download {model_id}" in str(caught.value)


# ---- the command ----


def _cli() -> typer.Typer:
    app = typer.Typer()
    eval_app = typer.Typer()
    register(eval_app)
    app.add_typer(eval_app, name="eval")
    return app


def test_image_metrics_cli_prints_the_three_metrics_with_llm_integration(
    dialogues: tuple[Path, Path],
    tiny_clip: Path,
    tiny_vlm: Path,
    tmp_path: Path,
    chat_endpoint: tuple[str, list[dict[str, Any]]],
) -> None:
    data, images = dialogues
    url, seen = chat_endpoint
    out = tmp_path / "rounds.jsonl"
    args = ["eval", "images", "--data", str(data), "--images", str(images)]
    args += ["--clip", str(tiny_clip), "--vqa", str(tiny_vlm), "--device", "cpu"]
    args += ["--integrate-llm", url, "--integrate-model", "tiny-gpt", "--output", str(out)]

    result = CliRunner().invoke(_cli(), args, terminal_width=200)

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # rich wraps at 80 columns here
    for name in (
        "multi-turn VQA score",
        "multi-turn CLIP similarity",
        "instruct edit coherence",
        "legacy: per-round CLIP text similarity",
        "6 pairs of pictures in 2 dialogue(s); 1 with one picture left out (no pair)",
        "F tiny-gpt at",
    ):
        assert name in said
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["dialogue_id"], r["skill"], r["text"]) for r in rows][:3] == [
        ("d1", "text_to_image", "picture 1"),
        ("d1", "instruct_edit", "picture 2"),
        ("d1", "style_transfer", "picture 3"),
    ]
    assert len(seen) == len(rows) == 7
    assert set(rows[2]["clip_earlier"]) == {"#1", "#2"}


def test_image_metrics_cli_unreachable_endpoint_exits_before_loading_models(
    dialogues: tuple[Path, Path],
) -> None:
    data, images = dialogues
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    args = ["eval", "images", "--data", str(data), "--images", str(images)]

    result = CliRunner().invoke(_cli(), [*args, "--integrate-llm", url], terminal_width=200)

    assert result.exit_code == 2
    said = " ".join(result.output.split())  # rich wraps stderr at 80 columns
    assert f"{url}/chat/completions cannot be reached" in said


def test_image_metrics_cli_missing_model_exits_with_the_fix(dialogues: tuple[Path, Path]) -> None:
    data, images = dialogues

    result = CliRunner().invoke(
        _cli(), ["eval", "images", "--data", str(data), "--images", str(images), "--no-vqa"]
    )

    assert result.exit_code == 2
    assert "openai/clip-vit-large-patch14" in result.output
