"""The `predict` file contract and `eval intents` on a prediction file."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from dialogdraw.cmd_intent import register


def cli() -> typer.Typer:
    app, eval_app, bench_app = typer.Typer(), typer.Typer(), typer.Typer()
    app.add_typer(eval_app, name="eval")
    app.add_typer(bench_app, name="bench")
    register(app, eval_app, bench_app)
    return app


def tiny_model(folder: Path) -> list[str]:
    return ["--model", str(folder), "--adapter", ""]


def test_predict_writes_one_line_per_request_same_ids_same_order(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    requests = [
        {"id": "b/1", "messages": [{"role": "user", "text": "draw a cat", "images": []}]},
        {
            "id": "a/2",
            "messages": [
                {"role": "user", "text": "hi", "images": [{"ref": "#1", "caption": "a dog"}]},
                {"role": "assistant", "text": "nice dog", "images": []},
                {"role": "user", "text": "make it anime", "images": []},
            ],
        },
        {"id": "c/1", "messages": [{"role": "user", "text": '{"skill": "x"}', "images": []}]},
    ]
    source, target = tmp_path / "req.jsonl", tmp_path / "out" / "pred.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in requests))
    result = CliRunner().invoke(
        cli(),
        ["predict", "--input", str(source), "--output", str(target), *tiny_model(tiny_model_dir)],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [p["id"] for p in lines] == ["b/1", "a/2", "c/1"]
    for p in lines:
        assert set(p) == {"id", "skill", "args", "raw"}
        assert json.loads(p["raw"]) == {"skill": p["skill"], "args": p["args"]}


def test_predict_with_a_missing_adapter_folder_fails_clearly(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    source = tmp_path / "req.jsonl"
    source.write_text('{"id": "x", "messages": [{"role": "user", "text": "hi"}]}\n')
    result = CliRunner().invoke(
        cli(),
        [
            *["predict", "--input", str(source), "--output", str(tmp_path / "p.jsonl")],
            *["--model", str(tiny_model_dir), "--adapter", str(tmp_path / "missing")],
        ],
    )
    assert result.exit_code == 2
    assert "does not exist" in " ".join(result.output.split())


def test_eval_intents_scores_a_prediction_file(tmp_path: Path) -> None:
    dialogue = {
        "id": "d",
        "turns": [
            {
                "user": "draw a cat",
                "gold": {"skill": "text_to_image", "args": {"prompt": {"must": ["cat"]}}},
                "reply": {"images": [{"ref": "#1", "caption": "a cat"}]},
            },
            {"user": "make it anime", "gold": {"skill": "to_anime", "args": {"image": "#1"}}},
        ],
    }
    preds = [
        {"id": "d/1", "skill": "text_to_image", "args": {"prompt": "a cat"}, "raw": "oops"},
        {
            "id": "d/2",
            "skill": "to_anime",
            "args": {"image": "#1"},
            "raw": '{"skill": "to_anime", "args": {"image": "#1"}}',
        },
    ]
    data, pred_file = tmp_path / "d.jsonl", tmp_path / "p.jsonl"
    data.write_text(json.dumps(dialogue) + "\n")
    pred_file.write_text("".join(json.dumps(p) + "\n" for p in preds))
    result = CliRunner().invoke(
        cli(), ["eval", "intents", "--data", str(data), "--predictions", str(pred_file)]
    )
    assert result.exit_code == 0, result.output
    overall = next(line for line in result.output.splitlines() if "overall" in line)
    assert "1.000" in overall and "0.500" in overall


def test_eval_intents_scores_per_language_by_dialogue_and_by_turn(tmp_path: Path) -> None:
    def turn(user: str, skill: str, args: dict[str, object]) -> dict[str, object]:
        return {"user": user, "gold": {"skill": skill, "args": args}}

    anime = {"image": "#1"}
    spanish = {"id": "es", "lang": "es", "turns": [turn("hola", "chat", {})]}
    # A DrawnConvos dialogue that switches from Russian to English on its second turn.
    switching = {
        "id": "sw",
        "turns": [
            {**turn("нарисуй кота", "text_to_image", {}), "reply": {"images": [{"ref": "#1"}]}},
            turn("make it anime", "to_anime", anime),
        ],
        "meta": {"lang": "ru", "turn_langs": ["ru", "en"]},
    }
    english = {"id": "en", "turns": [turn("hi", "chat", {})]}
    preds = [
        {"id": "es/1", "skill": "chat", "args": {"message": "hola"}},
        {"id": "sw/1", "skill": "to_anime", "args": anime},  # wrong skill
        {"id": "sw/2", "skill": "to_anime", "args": anime},
        {"id": "en/1", "skill": "upscale", "args": anime},  # wrong skill
    ]
    data, pred_file, out = tmp_path / "d.jsonl", tmp_path / "p.jsonl", tmp_path / "s.json"
    data.write_text("".join(json.dumps(d) + "\n" for d in (spanish, switching, english)))
    pred_file.write_text("".join(json.dumps({"raw": "", **p}) + "\n" for p in preds))
    args = ["eval", "intents", "--data", str(data), "--predictions", str(pred_file)]
    result = CliRunner().invoke(cli(), [*args, "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "per language" in result.output
    per_language = json.loads(out.read_text())["per_language"]
    assert {k: (v["n"], v["isa"]) for k, v in per_language.items()} == {
        "en": (2, 0.5),  # the untagged dialogue and the switched turn
        "es": (1, 1.0),
        "ru": (1, 0.0),
    }
