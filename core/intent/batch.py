"""Several decisions decoded together: one model call per round, for all of them.

Each decision (a lane) runs the same decoding generators as a decision alone
(core.intent.decoding). Every round, the tokens all lanes ask to feed go through the
model in one call, packed one after the other into a single sequence: no padding, and the
system prompt's keys and values are held once, not once per lane. The cache is that one
growing row; each lane knows which of its columns hold its own tokens, and a 4D attention
mask lets each token see only the system prompt, its lane's earlier tokens and its own
call's tokens before it; position ids count a lane's own tokens only. So each lane reads
exactly the sequence it would read alone, and its first round reads its prompt: the
lanes' prompts are read together too.

A mask passed in is used as it is: transformers adds no sliding window to it. So
for a model with sliding-window layers (config `layer_types` and `sliding_window`: Gemma
3), the call gets one mask per layer type, the sliding layers' also hiding the keys more
than a window behind the query in its lane's positions, as transformers' own sliding mask
does (the cache keeps those keys: core.intent.kv_cache).

On a CPU a call's time goes into reading the weights while it feeds few tokens, and into
the arithmetic once it feeds many: packing keeps every round at the tokens really needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import torch

from core.intent.decoding import Feed, Steps, cache_from, model_logits
from core.intent.timing import NO_PROFILE, Profile

T = TypeVar("T")

FULL, SLIDING = "full_attention", "sliding_attention"


class _PackedRow:
    """The shared cache row, and the columns of each lane's sequence in it."""

    def __init__(
        self,
        prefix: list[tuple[torch.Tensor, torch.Tensor]],
        lanes: int,
        config: Any,
    ) -> None:
        self.cache = cache_from(prefix, config)
        self.width = self.cache.get_seq_length()
        self.columns = [list(range(self.width)) for _ in range(lanes)]
        # Each column's position in its lane's sequence (the prefix's are every lane's).
        self.positions = torch.arange(self.width)
        self.config = config

    def inputs(
        self, feeds: dict[int, Feed], device: torch.device
    ) -> tuple[dict[str, Any], torch.Tensor, dict[int, slice]]:
        """The packed call for these feeds, the positions whose logits are needed, and
        where each lane's logits are among those."""
        ids: list[int] = []
        positions: list[int] = []
        keep: list[int] = []
        out: dict[int, slice] = {}
        starts: dict[int, int] = {}
        for lane, feed in feeds.items():
            starts[lane] = len(ids)
            ids += feed.tokens
            positions += range(feed.at, feed.at + len(feed.tokens))
            out[lane] = slice(len(keep), len(keep) + feed.keep)
            keep += range(len(ids) - feed.keep, len(ids))
        width = self.width + len(ids)
        mask = torch.zeros((len(ids), width), dtype=torch.bool)
        for lane, feed in feeds.items():
            n, start = len(feed.tokens), starts[lane]
            columns = self.columns[lane][: feed.at]
            rows = mask[start : start + n]
            rows[:, columns] = True
            new = self.width + start
            rows[:, new : new + n] = torch.ones((n, n), dtype=torch.bool).tril()
            self.columns[lane] = columns + list(range(new, new + n))
        self.width = width
        queries = torch.tensor(positions, dtype=torch.long)
        self.positions = torch.cat([self.positions, queries])
        masks = layer_masks(mask, queries, self.positions, self.config)
        inputs = {
            "input_ids": torch.tensor([ids], device=device),
            "position_ids": torch.tensor([positions], device=device),
            "attention_mask": _on(masks, device),
        }
        return inputs, torch.tensor(keep, device=device), out


def layer_masks(
    mask: torch.Tensor, queries: torch.Tensor, keys: torch.Tensor, config: Any
) -> torch.Tensor | dict[str, torch.Tensor]:
    """The attention mask(s) of a packed call: `mask` (queries × columns, what each token
    may see) for a model without sliding-window layers, as before; else one per layer
    type, in the form the model takes (a dict when its layers differ). `queries` and
    `keys` are the lane positions of the call's tokens and of the row's columns."""
    text = config.get_text_config(decoder=True) if hasattr(config, "get_text_config") else config
    window = getattr(text, "sliding_window", None)
    types = set(getattr(text, "layer_types", None) or ())
    if not window or SLIDING not in types:
        return mask
    unknown = types - {FULL, SLIDING}
    if unknown:  # a chunked layer, say: its mask would be silently wrong here
        raise ValueError(f"batched decoding cannot mask {sorted(unknown)} layers")
    # As transformers' sliding_window_overlay: a query sees its last `window` positions,
    # itself included. `mask` already hides later ones and other lanes' columns.
    recent = keys[None, :] > queries[:, None] - window
    masks = {FULL: mask, SLIDING: mask & recent}
    return masks[SLIDING] if types == {SLIDING} else {t: masks[t] for t in types}


def _on(
    masks: torch.Tensor | dict[str, torch.Tensor], device: torch.device
) -> torch.Tensor | dict[str, torch.Tensor]:
    """The masks as the model's attention takes them: (batch, heads, queries, keys)."""
    if isinstance(masks, dict):
        return {t: m[None, None].to(device) for t, m in masks.items()}
    return masks[None, None].to(device)


def run_batched(
    lanes: Sequence[Steps[T]],
    prefix: list[tuple[torch.Tensor, torch.Tensor]],
    model: Any,
    device: torch.device,
    profile: Profile = NO_PROFILE,
) -> tuple[list[T], int]:
    """Run each lane's steps to its end, all lanes' model calls packed into one per round;
    every lane starts after `prefix` (the system prompt's keys and values, its `Feed.at`
    counts them) and reads its prompt with its first feed. The lanes' results, in order,
    and the number of rounds (model calls)."""
    results: dict[int, T] = {}
    feeds: dict[int, Feed] = {}
    for lane, steps in enumerate(lanes):
        _advance(lane, steps, None, feeds, results)
    with profile.section("batching"):
        row = _PackedRow(prefix, len(lanes), model.config)
    rounds = 0
    while feeds:
        with profile.section("batching"):
            inputs, keep, out = row.inputs(feeds, device)
        section = "decode" if rounds else "prefill"
        logits = model_logits(model, inputs, row.cache, keep, profile, section)
        for lane in list(feeds):
            _advance(lane, lanes[lane], logits[out[lane]], feeds, results)
        rounds += 1
    return [results[i] for i in range(len(lanes))], rounds


def _advance(
    lane: int,
    steps: Steps[T],
    logits: torch.Tensor | None,
    feeds: dict[int, Feed],
    results: dict[int, T],
) -> None:
    try:
        feeds[lane] = next(steps) if logits is None else steps.send(logits)
    except StopIteration as stop:
        feeds.pop(lane, None)
        results[lane] = stop.value
