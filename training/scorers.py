"""The models behind the paper's image metrics, loaded by model id (hub id or local folder).

- `ClipScorer`: CLIP image-text and image-image cosine similarity.
- `VqaScorer`: a vision-language model asked "Does this image show <text>?"; the score is
  P(yes) from its first answer token, "yes" against "no".

Weights load with `local_files_only=True`: no machine here reaches the hub, and an
evaluation that hangs on a download for minutes should instead say at once what is
missing and how to provide it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import torch
from PIL import Image

log = logging.getLogger(__name__)

VQA_QUESTION = "Does this image show {text}? Answer yes or no."
# The first answer token of a real VLM may be any of these (SmolVLM writes " Yes").
YES_WORDS = ("yes", "Yes", " yes", " Yes", "YES")
NO_WORDS = ("no", "No", " no", " No", "NO")


class ScorerModelMissing(Exception):
    """A scorer's weights are not available locally; the message says how to provide them."""

    def __init__(self, kind: str, model_id: str, reason: str) -> None:
        super().__init__(
            f"The {kind} model '{model_id}' cannot be loaded from local files ({reason}). "
            "No model hub is reachable from here: on a machine with internet run "
            f"`huggingface-cli download {model_id} --local-dir <folder>`, copy the folder "
            "here and pass the folder as the model (or pre-fill the Hugging Face cache)."
        )
        self.model_id = model_id


class TextImageScorer(Protocol):
    """Cosine similarities in [-1, 1] in a joint image-text embedding space."""

    name: str

    def text_similarity(self, image: Image.Image, text: str) -> float: ...

    def image_similarity(self, image: Image.Image, other: Image.Image) -> float: ...


class YesNoScorer(Protocol):
    name: str

    def yes_probability(self, image: Image.Image, text: str) -> float: ...


def _source(model_id: str) -> str:
    path = Path(model_id).expanduser()
    return str(path) if path.is_dir() else model_id


def _features(output: Any) -> torch.Tensor:
    # transformers 5 returns a model output whose pooler_output is the projected embedding;
    # older releases return the tensor itself.
    tensor = output if isinstance(output, torch.Tensor) else output.pooler_output
    return torch.nn.functional.normalize(tensor.float(), dim=-1)


def _dtype(device: str) -> torch.dtype:
    # bf16 halves a GPU's memory and time; on most CPUs it is slower than float32.
    return torch.bfloat16 if device.startswith("cuda") else torch.float32


def rgb(image: Image.Image) -> Image.Image:
    """RGB on white: stickers and cut-outs are RGBA, and black behind them would be a
    content change that the scorers would punish."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")


# Image embeddings kept by ClipScorer: a dialogue of n pictures asks for n(n-1)/2 pairs,
# each picture in n-1 of them; one dialogue's pictures fit many times over.
EMBEDDING_CACHE = 64


@dataclass
class ClipScorer:
    model: Any
    processor: Any
    name: str
    device: str
    _embeddings: dict[bytes, torch.Tensor] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, model_id: str, device: str = "cpu") -> ClipScorer:
        from transformers import CLIPModel, CLIPProcessor

        source = _source(model_id)
        try:
            processor = CLIPProcessor.from_pretrained(source, local_files_only=True)
            model: Any = CLIPModel.from_pretrained(source, local_files_only=True)
        except (OSError, ValueError) as exc:
            # "couldn't connect" / "does not appear to have a file" both mean: not here.
            raise ScorerModelMissing("CLIP", model_id, type(exc).__name__) from exc
        model.to(device).eval()
        return cls(model, processor, model_id, device)

    def _image(self, image: Image.Image) -> torch.Tensor:
        # Keyed by content, not identity: the same file opened twice is one picture.
        key = hashlib.blake2b(
            f"{image.mode}{image.size}".encode() + image.tobytes(), digest_size=16
        ).digest()
        if key not in self._embeddings:
            if len(self._embeddings) >= EMBEDDING_CACHE:
                self._embeddings.pop(next(iter(self._embeddings)))  # the oldest first
            self._embeddings[key] = self._embed(image)
        return self._embeddings[key]

    @torch.inference_mode()
    def _embed(self, image: Image.Image) -> torch.Tensor:
        inputs = self.processor(images=[rgb(image)], return_tensors="pt").to(self.device)
        return _features(self.model.get_image_features(pixel_values=inputs["pixel_values"]))

    @torch.inference_mode()
    def _text(self, text: str) -> torch.Tensor:
        # CLIP reads at most 77 tokens; longer prompts are cut, as in the CLIP score paper.
        limit = int(self.model.config.text_config.max_position_embeddings)
        inputs = self.processor(
            text=[text], return_tensors="pt", padding=True, truncation=True, max_length=limit
        ).to(self.device)
        return _features(
            self.model.get_text_features(
                input_ids=inputs["input_ids"], attention_mask=inputs.get("attention_mask")
            )
        )

    def text_similarity(self, image: Image.Image, text: str) -> float:
        return float((self._image(image) * self._text(text)).sum())

    def image_similarity(self, image: Image.Image, other: Image.Image) -> float:
        return float((self._image(image) * self._image(other)).sum())


def _first_token_ids(tokenizer: Any, words: tuple[str, ...]) -> set[int]:
    ids = set()
    for word in words:
        encoded = tokenizer.encode(word, add_special_tokens=False)
        if encoded:
            ids.add(int(encoded[0]))
    return ids


@dataclass
class VqaScorer:
    model: Any
    processor: Any
    name: str
    device: str
    yes_ids: list[int]
    no_ids: list[int]

    @classmethod
    def load(cls, model_id: str, device: str = "cpu") -> VqaScorer:
        from transformers import AutoModelForImageTextToText, AutoProcessor

        source = _source(model_id)
        try:
            processor = AutoProcessor.from_pretrained(source, local_files_only=True)
            model: Any = AutoModelForImageTextToText.from_pretrained(
                source, local_files_only=True, dtype=_dtype(device)
            )
        except (OSError, ValueError) as exc:
            raise ScorerModelMissing("VQA", model_id, type(exc).__name__) from exc
        model.to(device).eval()
        tokenizer = processor.tokenizer
        yes, no = _first_token_ids(tokenizer, YES_WORDS), _first_token_ids(tokenizer, NO_WORDS)
        # A token both answers start with (a bare space, in a byte-level vocabulary without
        # merges) says nothing about which one the model means.
        shared = yes & no
        yes, no = yes - shared, no - shared
        if not yes or not no:
            raise ValueError(f"{model_id}: its tokenizer cannot tell 'yes' from 'no' by one token")
        return cls(model, processor, model_id, device, sorted(yes), sorted(no))

    @torch.inference_mode()
    def yes_probability(self, image: Image.Image, text: str) -> float:
        question = VQA_QUESTION.format(text=text.strip().rstrip(".?!"))
        messages = [
            {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": question}]}
        ]
        prompt = self.processor.apply_chat_template(messages, add_generation_prompt=True)
        inputs = self.processor(text=prompt, images=[rgb(image)], return_tensors="pt")
        inputs = inputs.to(self.device)
        if "pixel_values" in inputs:
            inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
        logits = self.model(**inputs).logits[0, -1].float()
        # P(yes | yes or no): the probability mass of all spellings of each answer.
        yes = torch.logsumexp(logits[self.yes_ids], dim=0)
        no = torch.logsumexp(logits[self.no_ids], dim=0)
        return float(torch.sigmoid(yes - no))
