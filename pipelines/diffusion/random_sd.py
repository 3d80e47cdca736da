"""Stable Diffusion 1.x/2.x architectures with random weights, built offline.

The counterpart of `random_sdxl` for the single-text-encoder family, used to time
CPU candidates for the text-to-image default where no weights can be downloaded.
Configs are written out from the models' published `config.json` files:

- `SD21_UNET`: stabilityai/stable-diffusion-2-1-base, which stabilityai/sd-turbo
  distils (same unet layout; sd-turbo's own `upcast_attention` flag is not known
  here, and it changes nothing in float32).
- `BK_SDM_SMALL_UNET`: nota-ai/bk-sdm-small, as in Nota-NetsPresso/BK-SDM
  `src/unet_config/bk_small/config.json`: SD 1.4's unet with one resnet/attention
  pair per down stage (two per up stage) and no mid block.
- `OPEN_CLIP_H_TEXT`: SD 2.x's text encoder, the OpenCLIP ViT-H/14 text tower cut
  to 23 of its 24 layers (the pipelines use the penultimate layer).
- `SD_VAE`: the SD 1.x/2.x autoencoder (the SDXL layout with SD's scaling factor).
- `TAESD`: madebyollin/taesd's `AutoencoderTiny`, a 2.4 M-parameter stand-in for the
  VAE (madebyollin/taesdxl has the same layout, trained for SDXL's latents).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from pipelines.diffusion.random_sdxl import VAE, build_tokenizer, text_config

SD21_UNET: dict[str, Any] = {
    "sample_size": 64,
    "in_channels": 4,
    "out_channels": 4,
    "down_block_types": ("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
    "up_block_types": ("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3,
    "block_out_channels": (320, 640, 1280, 1280),
    "layers_per_block": 2,
    # diffusers' historical misnomer: for SD 2 these are head counts (64-wide heads).
    "attention_head_dim": (5, 10, 20, 20),
    "cross_attention_dim": 1024,
    "use_linear_projection": True,
    "norm_num_groups": 32,
}
BK_SDM_SMALL_UNET: dict[str, Any] = {
    "sample_size": 64,
    "in_channels": 4,
    "out_channels": 4,
    "down_block_types": ("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
    "up_block_types": ("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3,
    "block_out_channels": (320, 640, 1280, 1280),
    "layers_per_block": 1,
    "mid_block_type": None,
    # SD 1.x: 8 heads in every block (40/80/160 wide).
    "attention_head_dim": 8,
    "cross_attention_dim": 768,
    "use_linear_projection": False,
    "norm_num_groups": 32,
}
OPEN_CLIP_H_TEXT: dict[str, Any] = {
    "hidden_size": 1024,
    "intermediate_size": 4096,
    "num_attention_heads": 16,
    "num_hidden_layers": 23,
    "projection_dim": 512,
    "hidden_act": "gelu",
}
SD_VAE: dict[str, Any] = {**VAE, "sample_size": 512, "scaling_factor": 0.18215}
TAESD: dict[str, Any] = {
    "encoder_block_out_channels": (64, 64, 64, 64),
    "decoder_block_out_channels": (64, 64, 64, 64),
    "num_encoder_blocks": (1, 3, 3, 3),
    "num_decoder_blocks": (3, 3, 3, 1),
    "latent_channels": 4,
    "scaling_factor": 1.0,
}


def random_sd(
    folder: Path,
    *,
    unet: dict[str, Any],
    text_encoder: dict[str, Any],
    vae: dict[str, Any] = SD_VAE,
    scheduler: Any = None,
    device: str = "cpu",
    dtype: torch.dtype = torch.float32,
) -> Any:
    """A `StableDiffusionPipeline` of the given configs with random weights, on `device`.

    No safety checker: the project's SD pipelines load without one as well.
    """
    from diffusers import (
        AutoencoderKL,
        PNDMScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextModel

    tokenizer = build_tokenizer(folder)
    # SD 1.x/2.x's own default; built outside the device context like random_sdxl's.
    if scheduler is None:
        scheduler = PNDMScheduler(
            beta_start=0.00085,
            beta_end=0.012,
            beta_schedule="scaled_linear",
            skip_prk_steps=True,
            steps_offset=1,
        )
    with torch.device(device):
        pipe: Any = StableDiffusionPipeline(
            vae=AutoencoderKL(**vae),
            text_encoder=CLIPTextModel(text_config(text_encoder)),
            tokenizer=tokenizer,
            unet=UNet2DConditionModel(**unet),
            scheduler=scheduler,
            safety_checker=None,
            feature_extractor=None,
            requires_safety_checker=False,
        )
    pipe.to(device=device, dtype=dtype)
    pipe.set_progress_bar_config(disable=True)
    return pipe
