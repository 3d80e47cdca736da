"""Tiny random versions of every model family the diffusion skills load.

No machine here reaches a model hub, so the tests build the real architectures at
toy size, save them with `save_pretrained` and point `ModelSettings` at the
folders: the skills then run through exactly the loading and calling code they
use in production. See shared/notes/tiny-diffusers.md for why each detail is so
(hand-written tokenizer, 4-block VAE, SDXL embedding sizes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from diffusers import (
    AutoencoderKL,
    ControlNetModel,
    EulerDiscreteScheduler,
    StableDiffusionControlNetPipeline,
    StableDiffusionInstructPix2PixPipeline,
    StableDiffusionPipeline,
    StableDiffusionXLInpaintPipeline,
    StableDiffusionXLPipeline,
    UNet2DConditionModel,
)
from safetensors.torch import save_file
from transformers import (
    CLIPSegConfig,
    CLIPSegForImageSegmentation,
    CLIPSegProcessor,
    CLIPTextConfig,
    CLIPTextModel,
    CLIPTextModelWithProjection,
    CLIPVisionConfig,
    CLIPVisionModelWithProjection,
    ViTImageProcessor,
)

from core.settings import ModelSettings
from pipelines.diffusion.random_sdxl import BOS_ID, EOS_ID, build_tokenizer

TEXT_HIDDEN = 32
TIME_EMBED = 8
# The layout of the real h94/IP-Adapter repository, so that the skill's loading
# arguments are the production ones.
IP_ADAPTER_SUBFOLDER = "sdxl_models"
IP_ADAPTER_WEIGHTS = "ip-adapter_sdxl.safetensors"


def _text_config(projection_dim: int = TEXT_HIDDEN) -> CLIPTextConfig:
    return CLIPTextConfig(
        hidden_size=TEXT_HIDDEN,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=2,
        vocab_size=1000,
        projection_dim=projection_dim,
        # Ids of the hand-written tokenizer: its two specials are the last entries.
        bos_token_id=BOS_ID,
        eos_token_id=EOS_ID,
        pad_token_id=EOS_ID,
        hidden_act="gelu",
    )


def _vae() -> AutoencoderKL:
    # Four blocks give the real scale factor 8, so the pipelines' size checks fire.
    return AutoencoderKL(
        block_out_channels=(8, 8, 8, 8),
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        latent_channels=4,
        norm_num_groups=4,
        layers_per_block=1,
        sample_size=64,
    )


def _scheduler() -> EulerDiscreteScheduler:
    return EulerDiscreteScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        steps_offset=1,
        timestep_spacing="leading",
    )


def _sdxl_unet(in_channels: int = 4) -> UNet2DConditionModel:
    return UNet2DConditionModel(
        block_out_channels=(16, 32),
        layers_per_block=1,
        sample_size=8,
        in_channels=in_channels,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        attention_head_dim=(2, 4),
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=TIME_EMBED,
        transformer_layers_per_block=(1, 1),
        # 6 micro-conditioning numbers of TIME_EMBED each + text_encoder_2's pooled output.
        projection_class_embeddings_input_dim=6 * TIME_EMBED + TEXT_HIDDEN,
        cross_attention_dim=2 * TEXT_HIDDEN,
        norm_num_groups=8,
    )


def _sd15_unet(in_channels: int = 4) -> UNet2DConditionModel:
    return UNet2DConditionModel(
        block_out_channels=(16, 32),
        layers_per_block=1,
        sample_size=8,
        in_channels=in_channels,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=TEXT_HIDDEN,
        attention_head_dim=4,
        norm_num_groups=8,
    )


def _sdxl_parts(folder: Path, in_channels: int = 4) -> dict[str, Any]:
    tokenizer = build_tokenizer(folder / "_tokenizer")
    return {
        "unet": _sdxl_unet(in_channels),
        "vae": _vae(),
        "scheduler": _scheduler(),
        "text_encoder": CLIPTextModel(_text_config()),
        "text_encoder_2": CLIPTextModelWithProjection(_text_config()),
        "tokenizer": tokenizer,
        "tokenizer_2": tokenizer,
    }


def build_sdxl(folder: Path) -> Any:
    pipe: Any = StableDiffusionXLPipeline(**_sdxl_parts(folder))
    pipe.save_pretrained(folder)
    return pipe


def build_sdxl_inpaint(folder: Path) -> None:
    # 9 input channels: noisy latents, mask, masked-image latents.
    pipe: Any = StableDiffusionXLInpaintPipeline(**_sdxl_parts(folder, in_channels=9))
    pipe.save_pretrained(folder)


def _sd15_parts(folder: Path, in_channels: int = 4) -> dict[str, Any]:
    return {
        "unet": _sd15_unet(in_channels),
        "vae": _vae(),
        "scheduler": _scheduler(),
        "text_encoder": CLIPTextModel(_text_config()),
        "tokenizer": build_tokenizer(folder / "_tokenizer"),
        "safety_checker": None,
        "feature_extractor": None,
        "requires_safety_checker": False,
    }


def build_sd(folder: Path) -> None:
    """An SD 1.x/2.x text-to-image pipeline (one text encoder), as SD-Turbo's repo is."""
    pipe: Any = StableDiffusionPipeline(**_sd15_parts(folder))
    pipe.save_pretrained(folder)


def build_instruct_pix2pix(folder: Path) -> None:
    # 8 input channels: noisy latents and the encoded input image.
    pipe: Any = StableDiffusionInstructPix2PixPipeline(**_sd15_parts(folder, in_channels=8))
    pipe.save_pretrained(folder)


def build_sd15_with_controlnet(base: Path, controlnet: Path) -> None:
    parts = _sd15_parts(base)
    cn = ControlNetModel.from_unet(
        parts["unet"],
        conditioning_embedding_out_channels=(8, 8, 8, 8),
    )
    pipe: Any = StableDiffusionControlNetPipeline(controlnet=cn, **parts)
    pipe.save_pretrained(base)
    cn.save_pretrained(controlnet)


def build_sdxl_controlnet(unet: Any, folder: Path) -> None:
    ControlNetModel.from_unet(
        unet, conditioning_embedding_out_channels=(8, 8, 8, 8)
    ).save_pretrained(folder)


def build_ip_adapter(unet: Any, folder: Path) -> None:
    """An IP-Adapter (plain, 4 image tokens) for `unet`, laid out as h94/IP-Adapter is."""
    target = folder / IP_ADAPTER_SUBFOLDER
    embed_dim = 16
    encoder = CLIPVisionModelWithProjection(
        CLIPVisionConfig(
            hidden_size=16,
            intermediate_size=32,
            num_attention_heads=2,
            num_hidden_layers=2,
            image_size=32,
            patch_size=8,
            projection_dim=embed_dim,
        )
    )
    encoder.save_pretrained(target / "image_encoder")
    cross_dim = int(unet.config.cross_attention_dim)
    tensors: dict[str, torch.Tensor] = {
        "image_proj.proj.weight": torch.randn(4 * cross_dim, embed_dim) * 0.02,
        "image_proj.proj.bias": torch.zeros(4 * cross_dim),
        "image_proj.norm.weight": torch.ones(cross_dim),
        "image_proj.norm.bias": torch.zeros(cross_dim),
    }
    # diffusers numbers the cross-attention layers 1, 3, 5, ... in attn_processors order.
    channels = list(unet.config.block_out_channels)
    key_id = 1
    for name in unet.attn_processors:
        if name.endswith("attn1.processor"):
            continue
        if name.startswith("mid_block"):
            hidden = channels[-1]
        elif name.startswith("up_blocks"):
            hidden = list(reversed(channels))[int(name[len("up_blocks.")])]
        else:
            hidden = channels[int(name[len("down_blocks.")])]
        for kind in ("to_k_ip", "to_v_ip"):
            tensors[f"ip_adapter.{key_id}.{kind}.weight"] = torch.randn(hidden, cross_dim) * 0.02
        key_id += 2
    save_file(tensors, str(target / IP_ADAPTER_WEIGHTS))


def build_clipseg(folder: Path) -> None:
    config = CLIPSegConfig(
        text_config=_text_config().to_dict(),
        vision_config={
            "hidden_size": 16,
            "intermediate_size": 32,
            "num_attention_heads": 2,
            "num_hidden_layers": 2,
            "image_size": 32,
            "patch_size": 8,
        },
        projection_dim=16,
        extract_layers=[0, 1],
        reduce_dim=8,
        decoder_num_attention_heads=2,
        decoder_intermediate_size=16,
    )
    CLIPSegForImageSegmentation(config).save_pretrained(folder)
    image_processor = ViTImageProcessor(
        size={"height": 32, "width": 32},
        image_mean=[0.485, 0.456, 0.406],
        image_std=[0.229, 0.224, 0.225],
    )
    CLIPSegProcessor(
        image_processor=image_processor, tokenizer=build_tokenizer(folder / "_tokenizer")
    ).save_pretrained(folder)


def build_all(root: Path) -> ModelSettings:
    """Build every tiny model under `root` and return settings that point at them."""
    torch.manual_seed(0)
    sdxl = build_sdxl(root / "sdxl")
    build_sdxl_inpaint(root / "sdxl-inpaint")
    build_instruct_pix2pix(root / "ip2p")
    build_sdxl_controlnet(sdxl.unet, root / "controlnet-sdxl")
    build_sd15_with_controlnet(root / "sd15", root / "controlnet-sd15")
    build_clipseg(root / "clipseg")
    build_ip_adapter(sdxl.unet, root / "ip-adapter")
    return ModelSettings(
        device="cpu",
        text_to_image=str(root / "sdxl"),
        # The edit skills' SDXL base: the same folder, as on CUDA, so one copy is loaded.
        sdxl_base=str(root / "sdxl"),
        inpaint=str(root / "sdxl-inpaint"),
        instruct_pix2pix=str(root / "ip2p"),
        # The anime checkpoint is an SDXL fine-tune: the same architecture.
        anime=str(root / "sdxl"),
        controlnet_scribble=str(root / "controlnet-sdxl"),
        controlnet_openpose=str(root / "controlnet-sdxl"),
        controlnet_qr=str(root / "controlnet-sd15"),
        qr_base=str(root / "sd15"),
        ip_adapter=str(root / "ip-adapter"),
        clipseg=str(root / "clipseg"),
        steps=2,
        size=64,
    )
