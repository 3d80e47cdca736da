"""The real SDXL base architecture with random weights, built offline.

Used to time the production model size on a GPU where no weights can be
downloaded: the configs below are those of stabilityai/stable-diffusion-xl-base-1.0
(unet, vae, text_encoder = CLIP ViT-L/14, text_encoder_2 = OpenCLIP ViT-bigG/14),
written out so that no hub call is needed. The tokenizer is built locally too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch

# CLIP's vocabulary size; the local tokenizer uses only the first 514 ids.
CLIP_VOCAB = 49408

UNET: dict[str, Any] = {
    "sample_size": 128,
    "in_channels": 4,
    "out_channels": 4,
    "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
    "up_block_types": ("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
    "block_out_channels": (320, 640, 1280),
    "layers_per_block": 2,
    "attention_head_dim": (5, 10, 20),
    "transformer_layers_per_block": (1, 2, 10),
    "cross_attention_dim": 2048,
    "use_linear_projection": True,
    "addition_embed_type": "text_time",
    "addition_time_embed_dim": 256,
    "projection_class_embeddings_input_dim": 2816,
    "norm_num_groups": 32,
}
VAE: dict[str, Any] = {
    "in_channels": 3,
    "out_channels": 3,
    "down_block_types": ("DownEncoderBlock2D",) * 4,
    "up_block_types": ("UpDecoderBlock2D",) * 4,
    "block_out_channels": (128, 256, 512, 512),
    "layers_per_block": 2,
    "latent_channels": 4,
    "sample_size": 1024,
    "scaling_factor": 0.13025,
    "force_upcast": True,
}
TEXT_ENCODER: dict[str, Any] = {
    "hidden_size": 768,
    "intermediate_size": 3072,
    "num_attention_heads": 12,
    "num_hidden_layers": 12,
    "projection_dim": 768,
    "hidden_act": "quick_gelu",
}
TEXT_ENCODER_2: dict[str, Any] = {
    "hidden_size": 1280,
    "intermediate_size": 5120,
    "num_attention_heads": 20,
    "num_hidden_layers": 32,
    "projection_dim": 1280,
    "hidden_act": "gelu",
}


def _bytes_to_unicode() -> dict[int, str]:
    """CLIP's byte-level alphabet: printable bytes map to themselves, the rest above 255."""
    bs = list(range(ord("!"), ord("~") + 1))
    bs += list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs], strict=True))


def build_tokenizer(folder: Path) -> Any:
    """A character-level CLIP tokenizer: the byte alphabet, each with `</w>`, no merges.

    Prompts are padded to 77 tokens either way, so the encoders do the same work as
    with the real BPE vocabulary. The end token has the largest id, as CLIP expects.
    """
    from transformers import CLIPTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    alphabet = list(_bytes_to_unicode().values())
    tokens = alphabet + [c + "</w>" for c in alphabet] + ["<|startoftext|>", "<|endoftext|>"]
    (folder / "vocab.json").write_text(json.dumps({t: i for i, t in enumerate(tokens)}))
    (folder / "merges.txt").write_text("#version: 0.2\n")
    return CLIPTokenizer(
        vocab_file=str(folder / "vocab.json"),
        merges_file=str(folder / "merges.txt"),
        model_max_length=77,
    )


# Token ids of `build_tokenizer`'s two special tokens.
BOS_ID, EOS_ID = 512, 513


def text_config(config: dict[str, Any]) -> Any:
    """A `CLIPTextConfig` of `config` with CLIP's vocabulary and the local tokenizer's ids."""
    from transformers import CLIPTextConfig

    return CLIPTextConfig(**config, vocab_size=CLIP_VOCAB, bos_token_id=BOS_ID, eos_token_id=EOS_ID)


def random_sdxl(
    folder: Path,
    device: str = "cuda",
    dtype: torch.dtype = torch.float32,
    *,
    unet: dict[str, Any] = UNET,
    vae: dict[str, Any] = VAE,
    text_encoder: dict[str, Any] = TEXT_ENCODER,
    text_encoder_2: dict[str, Any] = TEXT_ENCODER_2,
    scheduler: Any = None,
) -> Any:
    """A `StableDiffusionXLPipeline` with random weights on `device`, real size by default.

    Modules are created directly on the device: initialising 3.5 B parameters on a
    CPU takes minutes, on a GPU seconds.
    """
    from diffusers import (
        AutoencoderKL,
        EulerDiscreteScheduler,
        StableDiffusionXLPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    tokenizer = build_tokenizer(folder)
    # Outside the device context: the scheduler keeps its tables on the CPU and turns them
    # into numpy arrays, which a CUDA tensor refuses.
    if scheduler is None:
        scheduler = EulerDiscreteScheduler(
            beta_start=0.00085,
            beta_end=0.012,
            beta_schedule="scaled_linear",
            steps_offset=1,
            timestep_spacing="leading",
        )
    with torch.device(device):
        pipe: Any = StableDiffusionXLPipeline(
            unet=UNet2DConditionModel(**unet),
            vae=AutoencoderKL(**vae),
            text_encoder=CLIPTextModel(text_config(text_encoder)),
            text_encoder_2=CLIPTextModelWithProjection(text_config(text_encoder_2)),
            tokenizer=tokenizer,
            tokenizer_2=tokenizer,
            scheduler=scheduler,
        )
    pipe.to(device=device, dtype=dtype)
    pipe.set_progress_bar_config(disable=True)
    return pipe
