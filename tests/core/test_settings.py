from __future__ import annotations

import logging
from pathlib import Path

import pytest

from core.settings import Settings
from dialogdraw.logs import configure_logging

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGDRAW_DATA_DIR", "/srv/dd")
    monkeypatch.setenv("DIALOGDRAW_ADMIN_IDS", "42, 7")
    monkeypatch.setenv("DIALOGDRAW_QUEUE", "celery")
    monkeypatch.setenv("DIALOGDRAW_MODELS__DEVICE", "cpu")
    monkeypatch.setenv("DIALOGDRAW_TELEGRAM_TOKEN", TOKEN)
    s = Settings()
    assert s.data_dir == Path("/srv/dd")
    assert s.database_path == Path("/srv/dd/dialogdraw.sqlite3")
    assert s.admin_ids == ["42", "7"] and s.is_admin("7") and not s.is_admin("8")
    assert s.queue == "celery" and s.models.device == "cpu"
    assert s.telegram_token is not None and s.telegram_token.get_secret_value() == TOKEN
    assert TOKEN not in repr(s) and TOKEN not in str(s.model_dump())


def test_settings_from_toml_file_env_wins_and_no_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dialogdraw.toml").write_text(
        'data_dir = "from-file"\nrate_limit_per_minute = 3\nallowed_chats = ["a", "b"]\n'
        f'telegram_token = "{TOKEN}"\n[models]\ntext_to_image = "/models/sdxl"\n'
    )
    monkeypatch.setenv("DIALOGDRAW_RATE_LIMIT_PER_MINUTE", "5")
    s = Settings()
    assert s.data_dir == Path("from-file")
    assert s.rate_limit_per_minute == 5
    assert s.allowed_chats == ["a", "b"]
    assert s.models.text_to_image == "/models/sdxl"
    assert s.telegram_token is None  # tokens come from the environment only


def test_the_edit_skills_sdxl_base_is_a_setting_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "auto" for both: on a CPU they become different models (SD-Turbo, SDXL-Turbo).
    defaults = Settings().models
    assert (defaults.text_to_image, defaults.sdxl_base) == ("auto", "auto")
    monkeypatch.setenv("DIALOGDRAW_MODELS__SDXL_BASE", "/models/sdxl")
    s = Settings()
    assert s.models.sdxl_base == "/models/sdxl" and s.models.text_to_image == "auto"


def test_secrets_never_reach_the_logs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIALOGDRAW_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("DIALOGDRAW_DISCORD_TOKEN", "discord-secret-token-value")
    settings = Settings()
    configure_logging(settings)
    log = logging.getLogger("test")
    log.warning("POST https://api.telegram.org/bot%s/getUpdates", TOKEN)
    log.warning("settings: %s", settings)
    log.warning("token %s", "discord-secret-token-value")
    try:
        raise RuntimeError(f"failed with {TOKEN}")
    except RuntimeError:
        log.exception("boom")
    err = capsys.readouterr().err
    assert "getUpdates" in err and "boom" in err
    assert TOKEN not in err and "discord-secret-token-value" not in err
    logging.getLogger().handlers.clear()
