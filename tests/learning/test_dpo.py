"""A tiny DPO run on a tiny random llama raises the chosen-over-rejected margin."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from core.settings import Settings
from tests.learning.conftest import make_rows
from training.dpo import train_dpo
from training.dpo_config import DPOTrainConfig
from training.prefix_dpo import dpo_losses


@pytest.mark.parametrize("loss_type", ["sigmoid", "robust"])
def test_dpo_raises_the_margin(loss_type: str, tiny_model_dir: Path, tmp_path: Path) -> None:
    config = DPOTrainConfig(
        base_model=str(tiny_model_dir),
        output_dir=str(tmp_path / "adapter"),
        loss_type=loss_type,
        label_noise=0.1,
        beta=0.5,
        learning_rate=5e-2,
        epochs=4,
        batch_size=4,
        threads=1,
        logging_steps=1,
    )
    lines: list[str] = []
    result = train_dpo(config, make_rows(8), Settings(data_dir=tmp_path), lines.append)
    assert result.after["margin"] > result.before["margin"] + 0.5
    assert result.after["accuracy"] == 1.0
    assert (tmp_path / "adapter" / "adapter_config.json").is_file()
    assert any("loss" in line for line in lines)


def test_an_sft_term_raises_the_chosen_answers_themselves(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    def run(sft_weight: float) -> dict[str, float]:
        config = DPOTrainConfig(
            base_model=str(tiny_model_dir),
            output_dir=str(tmp_path / f"adapter-{sft_weight}"),
            sft_weight=sft_weight,
            beta=0.5,
            learning_rate=5e-2,
            epochs=4,
            batch_size=4,
            threads=1,
        )
        result = train_dpo(config, make_rows(8), Settings(data_dir=tmp_path))
        assert result.after["accuracy"] == 1.0
        return {"before": result.before["chosen"], "after": result.after["chosen"]}

    plain, anchored = run(0.0), run(1.0)
    assert anchored["before"] == pytest.approx(plain["before"], abs=1e-4)
    assert anchored["after"] > anchored["before"]
    assert anchored["after"] > plain["after"]


def test_robust_loss_is_the_rdpo_formula() -> None:
    delta = torch.tensor([0.0, 2.0, -2.0])
    eps = 0.2
    expected = (
        -(1 - eps) * torch.nn.functional.logsigmoid(delta)
        + eps * torch.nn.functional.logsigmoid(-delta)
    ) / (1 - 2 * eps)
    assert torch.allclose(dpo_losses(delta, "robust", eps), expected)
    assert torch.allclose(dpo_losses(delta, "sigmoid", 0.0), -torch.nn.functional.logsigmoid(delta))


def test_conservative_dpo_stops_pushing_at_a_finite_margin() -> None:
    eps = 0.1
    best = torch.log(torch.tensor((1 - eps) / eps))
    grid = torch.linspace(-10, 20, 3001)
    losses = dpo_losses(grid, "sigmoid", eps)
    assert abs(float(grid[int(torch.argmin(losses))]) - float(best)) < 0.02
    # rDPO has no such stop: its loss keeps falling as the margin grows.
    robust = dpo_losses(torch.tensor([5.0, 20.0]), "robust", eps)
    assert robust[1] < robust[0]
