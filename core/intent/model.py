"""IRPEM on transformers: the IntentModel port with grammar-constrained greedy decoding.

`predict` reads the dialogue once on top of the cached system prompt, forces the
`{"skill": "` opening, and then decodes the best decision greedily. The distribution at
the skill position ranks the other skills for free (`runner_ups`). Their arguments cost a
decode each, so they are decoded only when asked for: `alternative(request, skill)` after
a 👎, or eagerly with `n_best > 1` (evaluation). Either way it goes back to the skill
position (cache cropped, matcher copied), forces the skill's name and decodes its
arguments greedily, so every interpretation is a complete, grammar-valid decision with
its own log-probability.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import llguidance
import llguidance.hf
import torch
from peft import PeftModel
from transformers import DynamicCache

from core.catalog import CATALOG
from core.dialogue import (
    DialogueMessage,
    IntentResult,
    Interpretation,
    PredictionRequest,
    SkillScore,
)
from core.intent.decoding import (
    CachedForward,
    Decoded,
    DecodeState,
    advance_forced,
    constrained_logprobs,
    crop_cache,
    force_tokens,
    greedy_decode,
)
from core.intent.grammar import MAX_TEXT_CHARS, allowed_skills, decision_grammar
from core.intent.loading import LoadedModel, check_adapter_folder
from core.intent.prompt import chat_prompt, intent_prompt, intent_prompt_prefix

log = logging.getLogger(__name__)

ALTERNATIVE_TEXT_CHARS = 60


@dataclass
class DecisionStats:
    """Token counts of the last predict call, for `dialogdraw bench intent`."""

    generated: int = 0
    forced: int = 0
    model_calls: int = 0
    prompt_tokens: int = 0
    prompt_reused: int = 0  # of those, read from the cache (system prompt, history)


def common_prefix_length(a: Sequence[int], b: Sequence[int], limit: int) -> int:
    n = min(len(a), len(b), limit)
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


class TransformersIntentModel:
    """The intent model: a causal LM, optionally with a LoRA adapter swapped in at run time."""

    def __init__(
        self,
        loaded: LoadedModel,
        max_new_tokens: int = 256,
        max_text_chars: int = MAX_TEXT_CHARS,
        respond_tokens: int = 48,
        copy_guesses: bool = True,
    ) -> None:
        self._model: Any = loaded.model
        self._tokenizer: Any = loaded.tokenizer
        self._device = loaded.device
        self._base_name = loaded.name
        self._adapter_version = ""
        self._adapter_names = (f"v{i}" for i in itertools.count())
        self.max_new_tokens = max_new_tokens
        self.max_text_chars = max_text_chars
        self.respond_tokens = respond_tokens
        self.copy_guesses = copy_guesses
        # One model, one cache: predictions, chats and adapter swaps take turns.
        self._lock = threading.RLock()
        self._vocab_size = int(self._model.get_output_embeddings().weight.shape[0])
        # Building the grammar tokenizer walks the whole vocabulary (~0.5 s): once.
        fast_tokenizer: Any = loaded.tokenizer  # llguidance reads the Rust tokenizer inside
        self._ll_tokenizer = llguidance.hf.from_tokenizer(
            fast_tokenizer, n_vocab=max(self._vocab_size, len(self._tokenizer))
        )
        self._eos = int(self._tokenizer.eos_token_id)
        self._prefix_ids: list[int] = []
        self._prefix_cache: DynamicCache | None = None
        # The prompt tokens whose keys/values the shared cache holds at its start: the
        # system prompt, and after a decision also that request's dialogue, so that the
        # next turn of the same conversation reads only what is new.
        self._cache_ids: list[int] = []
        self._merged = False
        self.last_stats = DecisionStats()

    @property
    def version(self) -> str:
        name = Path(self._base_name).name if Path(self._base_name).is_dir() else self._base_name
        return f"{name}+{self._adapter_version}" if self._adapter_version else name

    @property
    def language_model(self) -> Any:
        """The transformers model (with the adapter, if any), for benchmarks and tools."""
        return self._model

    @property
    def tokenizer(self) -> Any:
        return self._tokenizer

    @property
    def adapter_version(self) -> str:
        return self._adapter_version

    def use_adapter(self, path: Path | None, version: str = "") -> None:
        """Swap the LoRA adapter (or drop it with None) without restarting.

        The new adapter is loaded beside the old one and only then made active, so a
        failed load leaves the running version in place.
        """
        if path is not None:
            check_adapter_folder(path)
        with self._lock:
            self._unmerge()
            try:
                if path is None:
                    if isinstance(self._model, PeftModel):
                        self._model = self._model.unload()
                    self._adapter_version = ""
                else:
                    name = next(self._adapter_names)
                    if isinstance(self._model, PeftModel):
                        old = self._model.active_adapter
                        self._model.load_adapter(str(path), adapter_name=name)
                        self._model.set_adapter(name)
                        self._model.delete_adapter(old)
                    else:
                        self._model = PeftModel.from_pretrained(
                            self._model, str(path), adapter_name=name
                        )
                    self._model.to(self._device)
                    self._model.eval()
                    self._adapter_version = version or path.name
            finally:
                # A dialogue read by the old adapter is not what the new one would read.
                self._cache_ids = list(self._prefix_ids)
                self._merge()
            log.info("intent model now %s", self.version)

    def predict(self, request: PredictionRequest, n_best: int = 1) -> IntentResult:
        start = time.perf_counter()
        with self._lock:
            forward = CachedForward(self._model, self._device)
            refs = tuple(dict.fromkeys(request.existing_refs()))
            cache, skill_state, opening, (ids, reused) = self._skill_position(
                request, refs, forward
            )
            # Arguments copy the dialogue's words: its tokens are the decoder's guesses.
            dialogue = ids[len(self._prefix_ids) :] if self.copy_guesses else []
            best = greedy_decode(
                skill_state, cache, forward, self._eos, self.max_new_tokens, dialogue
            )
            raw = self._text(opening + best.tokens)
            interpretations = [self._interpretation(raw, best.logprob, request)]
            stats = DecisionStats(best.generated, best.forced + len(opening), 0, len(ids), reused)
            candidates = self._runner_ups(skill_state, refs, interpretations[0].skill)
            for _, skill_tokens in candidates[: max(0, n_best - 1)]:
                decoded = self._decode_as(skill_state, cache, forward, refs, skill_tokens, dialogue)
                if decoded is not None:
                    interpretations.append(decoded)
            stats.model_calls = forward.calls
            self.last_stats = stats
        alternatives = sorted(interpretations[1:], key=lambda i: -i.logprob)
        return IntentResult(
            best=interpretations[0],
            alternatives=alternatives,
            runner_ups=[
                SkillScore(skill=self._text(tokens), logprob=score) for score, tokens in candidates
            ],
            raw=raw,
            model_version=self.version,
            latency_ms=(time.perf_counter() - start) * 1000,
        )

    def alternative(self, request: PredictionRequest, skill: str) -> Interpretation | None:
        if skill not in CATALOG:
            return None
        with self._lock:
            forward = CachedForward(self._model, self._device)
            refs = tuple(dict.fromkeys(request.existing_refs()))
            cache, skill_state, _, (ids, _) = self._skill_position(request, refs, forward)
            dialogue = ids[len(self._prefix_ids) :] if self.copy_guesses else []
            tokens = self._ll_tokenizer.tokenize_str(skill)
            return self._decode_as(skill_state, cache, forward, refs, tokens, dialogue)

    def respond(self, messages: Sequence[DialogueMessage]) -> str:
        """A short free answer for the `chat` skill, from the base model's own chat ability."""
        with self._lock:
            text = chat_prompt(self._tokenizer, messages)
            ids = self._tokenizer(text, add_special_tokens=False, return_tensors="pt")
            ids = ids.to(self._device)
            # The adapter is trained to write JSON decisions; chatting is the base model's job.
            with self._without_adapter(), torch.inference_mode():
                out = self._model.generate(
                    **ids,
                    max_new_tokens=self.respond_tokens,
                    do_sample=False,
                    pad_token_id=self._tokenizer.pad_token_id or self._eos,
                )
        new_tokens = out[0, ids["input_ids"].shape[1] :]
        return str(self._tokenizer.decode(new_tokens, skip_special_tokens=True)).strip()

    # --- internals -----------------------------------------------------------------

    def _skill_position(
        self, request: PredictionRequest, refs: tuple[str, ...], forward: CachedForward
    ) -> tuple[DynamicCache, DecodeState, list[int], tuple[list[int], int]]:
        """Read the prompt and the forced opening; the state just before the skill id,
        the opening's tokens, and the prompt's tokens with how many came from the cache."""
        ids = self._tokenizer.encode(
            intent_prompt(self._tokenizer, request.messages), add_special_tokens=False
        )
        cache = self._cache_for(ids, forward)
        reused = cache.get_seq_length()
        logits = forward(ids[reused:], cache)[-1]
        if cache is self._prefix_cache:
            self._cache_ids = ids  # decoding appends after; the next call crops back
        matcher = self._matcher(refs, self.max_text_chars)
        state = DecodeState(matcher, logits, cache.get_seq_length())
        state, _ = advance_forced(state, cache, forward)
        return cache, state, list(state.tokens), (ids, reused)

    def _matcher(self, refs: tuple[str, ...], max_text_chars: int) -> llguidance.LLMatcher:
        grammar = llguidance.LLMatcher.grammar_from_lark(decision_grammar(refs, max_text_chars))
        matcher = llguidance.LLMatcher(self._ll_tokenizer, grammar, log_level=0)
        if matcher.is_error():
            raise RuntimeError(f"decision grammar rejected: {matcher.get_error()}")
        return matcher

    def _cache_for(self, ids: list[int], forward: CachedForward) -> DynamicCache:
        """The shared cache cropped back to what it holds of `ids` (at least the system
        prompt, the whole history when the previous request was this conversation's last
        turn), or a fresh cache when the prompt does not start with the system prompt."""
        if self._prefix_cache is None:
            self._prefix_ids = self._tokenizer.encode(
                intent_prompt_prefix(self._tokenizer), add_special_tokens=False
            )
            self._prefix_cache = DynamicCache(config=self._model.config)
            # The system prompt is read by the base model alone, in training too: the
            # adapter only shapes how the dialogue is read, so this cache survives swaps
            # and training never back-propagates through the long catalog.
            with self._without_adapter():
                forward(self._prefix_ids, self._prefix_cache)
            self._cache_ids = list(self._prefix_ids)
        n = len(self._prefix_ids)
        if len(ids) > n and ids[:n] == self._prefix_ids:
            # At least one token is read again: its logits start the decision.
            keep = max(n, common_prefix_length(self._cache_ids, ids, len(ids) - 1))
            self._cache_ids = self._cache_ids[:keep]
            crop_cache(self._prefix_cache, keep)
            return self._prefix_cache
        # A tokenizer whose template merges across the system boundary: no reuse.
        return DynamicCache(config=self._model.config)

    def _runner_ups(
        self, skill_state: DecodeState, refs: tuple[str, ...], best_skill: str
    ) -> list[tuple[float, list[int]]]:
        """The other skills the grammar allows here, most likely first, with the
        log-probability of their first token and their tokens."""
        scores = constrained_logprobs(skill_state.logits, skill_state.matcher)
        candidates: list[tuple[float, list[int]]] = []
        for spec in allowed_skills(refs):
            if spec.id == best_skill:
                continue
            tokens = self._ll_tokenizer.tokenize_str(spec.id)
            candidates.append((float(scores[tokens[0]]), tokens))
        candidates.sort(key=lambda c: -c[0])
        return candidates

    def _decode_as(
        self,
        skill_state: DecodeState,
        cache: DynamicCache,
        forward: CachedForward,
        refs: tuple[str, ...],
        skill_tokens: list[int],
        dialogue: Sequence[int] = (),
    ) -> Interpretation | None:
        """The decision that names this skill, its arguments decoded greedily."""
        # Runners-up only feed "did you mean ...?" questions: shorter texts keep them cheap.
        short = self._matcher(refs, min(ALTERNATIVE_TEXT_CHARS, self.max_text_chars))
        short.consume_tokens(skill_state.tokens)
        state = DecodeState(short, skill_state.logits, skill_state.cache_length, skill_state.tokens)
        forced = force_tokens(state, skill_tokens, cache, forward)
        if forced is None:
            return None
        named, name_logprob = forced
        rest: Decoded = greedy_decode(
            named, cache, forward, self._eos, self.max_new_tokens, dialogue
        )
        raw = self._text(state.tokens + skill_tokens + rest.tokens)
        return self._parse(raw, name_logprob + rest.logprob)

    def _interpretation(
        self, raw: str, logprob: float, request: PredictionRequest
    ) -> Interpretation:
        parsed = self._parse(raw, logprob)
        if parsed is not None:
            return parsed
        # Only a decision cut by the token budget gets here; asking back beats guessing.
        last_user = next((m.text for m in reversed(request.messages) if m.role == "user"), "")
        return Interpretation(skill="chat", args={"message": last_user or "?"}, logprob=logprob)

    @staticmethod
    def _parse(raw: str, logprob: float) -> Interpretation | None:
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError:
            return None
        if not isinstance(obj, dict) or obj.get("skill") not in CATALOG:
            return None
        if not isinstance(obj.get("args"), dict):
            return None
        return Interpretation(skill=obj["skill"], args=obj["args"], logprob=logprob)

    def _text(self, tokens: list[int]) -> str:
        return self._ll_tokenizer.decode_str(tokens)

    @contextmanager
    def _without_adapter(self) -> Iterator[None]:
        """The base model for a moment (system prompt cache, chat answers)."""
        if not isinstance(self._model, PeftModel):
            yield
            return
        self._unmerge()
        try:
            with self._model.disable_adapter():
                yield
        finally:
            self._merge()

    def _merge(self) -> None:
        """Fold the LoRA weights into the base weights: one matmul per layer instead of
        three, which is what a decision's few dozen decoding steps pay for on a CPU."""
        if isinstance(self._model, PeftModel) and not self._merged:
            self._model.merge_adapter()
            self._merged = True

    def _unmerge(self) -> None:
        if self._merged:
            self._model.unmerge_adapter()
            self._merged = False
