"""The learning-loop simulation draws its turns where offline pairs cannot come from."""

from __future__ import annotations

from pathlib import Path

from dialogdraw.bench_learning import fresh_hf_turns
from training.examples import read_dialogues
from training.synth import synthesize
from training.synth.splits import to_jsonl


def test_simulated_turns_avoid_the_offline_dialogues(tmp_path: Path) -> None:
    hf = tmp_path / "hf.jsonl"
    hf.write_text(to_jsonl(synthesize(6, seed=2)), encoding="utf-8")
    config = tmp_path / "dpo.yaml"
    config.write_text(
        f"offline_file: {hf}\noffline_dialogues: 4\noffline_pairs: 10\n", encoding="utf-8"
    )
    dialogues = read_dialogues(hf)

    turns = fresh_hf_turns(hf, config)

    ids = {t.request.id.rsplit("/", 1)[0] for t in turns}
    assert ids == {d.id for d in dialogues[4:]}
    without_offline = tmp_path / "plain.yaml"
    without_offline.write_text("offline_pairs: 0\n", encoding="utf-8")
    assert len(fresh_hf_turns(hf, without_offline)) == sum(len(d.turns) for d in dialogues)
