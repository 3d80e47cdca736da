"""describe_image: answer a question about a picture with a vision-language model.

Any transformers image-text-to-text model with a chat template works; the default
is SmolVLM-256M-Instruct (`models.vqa`). Weights are loaded with
`local_files_only=True`: no machine here reaches the hub, and a worker that would
hang on a download for minutes should instead tell the user at once what is missing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from core.catalog import DescribeImageArgs, SkillArgs
from core.intent.prompt import control_strings, escape_control_tokens
from core.jobs import ModelMissingError
from pipelines.base import SkillContext, SkillOutput
from pipelines.device import dtype_for
from pipelines.images import flatten
from pipelines.model_cache import ModelCache

LOADS = ("vqa",)

log = logging.getLogger(__name__)

MAX_NEW_TOKENS = 160
CAPTION_QUESTION = "Describe this image in one short sentence."
# SmolVLM cuts big pictures into 512 px tiles; on a CPU each tile costs seconds, so
# the picture is shrunk first. A GPU can afford the model's full 4×512.
MAX_SIDE = {"cpu": 768, "cuda": 2048}


@dataclass
class VisionLanguageModel:
    processor: Any
    model: Any
    name: str
    device: str

    def prompt(self, question: str) -> str:
        """The chat prompt for one question about one image. The question is the user's
        text: a special token typed in it ("<image>", "<end_of_utterance>") would add
        image slots or fake turns, so it is escaped first."""
        specials = control_strings(self.processor.tokenizer)
        text = escape_control_tokens(question, specials)
        messages = [
            {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": text}]}
        ]
        prompt: str = self.processor.apply_chat_template(messages, add_generation_prompt=True)
        return prompt

    def answer(
        self,
        image: Image.Image,
        question: str,
        *,
        max_new_tokens: int = MAX_NEW_TOKENS,
        images_kwargs: dict[str, Any] | None = None,
    ) -> str:
        """`images_kwargs` go to the image processor (the captioner asks for one tile)."""
        import torch

        image = _shrink(flatten(image), MAX_SIDE.get(self.device, 768))
        prompt = self.prompt(question)
        inputs = self.processor(
            text=prompt, images=[image], return_tensors="pt", **(images_kwargs or {})
        )
        inputs = inputs.to(self.device)
        if "pixel_values" in inputs:
            inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
        with torch.inference_mode():
            generated = self.model.generate(
                **inputs, max_new_tokens=max_new_tokens, do_sample=False
            )
        new_tokens = generated[:, inputs["input_ids"].shape[1] :]
        text = self.processor.batch_decode(new_tokens, skip_special_tokens=True)[0]
        return str(text).strip()


def _shrink(image: Image.Image, max_side: int) -> Image.Image:
    if max(image.size) <= max_side:
        return image
    copy = image.copy()
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return copy


def missing(model_id: str) -> ModelMissingError:
    return ModelMissingError(
        model_id,
        "Download it on a machine with internet with"
        f" `huggingface-cli download {model_id} --local-dir <folder>`, copy the folder to"
        " this worker and set DIALOGDRAW_MODELS__VQA to the folder.",
    )


def load_vlm(model_id: str, device: str) -> VisionLanguageModel:
    from transformers import AutoModelForImageTextToText, AutoProcessor

    source = str(Path(model_id).expanduser()) if Path(model_id).expanduser().is_dir() else model_id
    try:
        processor = AutoProcessor.from_pretrained(source, local_files_only=True)
        model: Any = AutoModelForImageTextToText.from_pretrained(
            source, local_files_only=True, dtype=dtype_for(device)
        )
    except (OSError, ValueError) as exc:
        # transformers says "couldn't connect" / "does not appear to have a file" for
        # an id that is not in the local cache; both mean the same thing here.
        log.warning("VQA model %s not loadable: %s", model_id, exc)
        raise missing(model_id) from exc
    model.to(device).eval()
    return VisionLanguageModel(processor, model, model_id, device)


def cached_vlm(cache: ModelCache, model_id: str, device: str) -> VisionLanguageModel:
    """The VLM from a model cache, loaded on first use; the upload captioner shares it."""
    return cache.get(f"vqa:{model_id}:{device}", lambda: load_vlm(model_id, device))


def vlm(ctx: SkillContext) -> VisionLanguageModel:
    return cached_vlm(ctx.cache, ctx.models.vqa, ctx.device)


def caption(image: Image.Image, ctx: SkillContext) -> str:
    """A one-sentence description, e.g. to give the intent model context about an upload."""
    return vlm(ctx).answer(image, CAPTION_QUESTION)


def run(args: SkillArgs, images: dict[str, Image.Image], ctx: SkillContext) -> SkillOutput:
    assert isinstance(args, DescribeImageArgs)
    model = vlm(ctx)
    ctx.step(0, 1)
    answer = model.answer(images["image"], args.question)
    ctx.step(1, 1)
    if not answer:
        answer = "I looked at the picture but found no words for it. Ask me differently?"
    return SkillOutput(text=answer, model=model.name)
