"""The platforms are one mapping; `serve` asks it which tokens are missing."""

from __future__ import annotations

from pydantic import SecretStr

from core.settings import Settings
from dialogdraw.cmd_learning import retrain_job_command
from dialogdraw.serve import PLATFORMS, missing_tokens


def test_missing_tokens_name_the_variables_of_the_chosen_platforms() -> None:
    settings = Settings(telegram_token=None, discord_token=SecretStr("x"))
    assert missing_tokens(settings, ["telegram", "discord"]) == ["DIALOGDRAW_TELEGRAM_TOKEN"]
    assert missing_tokens(settings, ["console"]) == []
    assert set(PLATFORMS) == {"telegram", "discord", "console"}


def test_the_retrain_job_is_this_clis_dpo_job() -> None:
    assert retrain_job_command()[-2:] == ["train", "dpo-job"]
