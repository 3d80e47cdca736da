"""IRPEM on transformers: the IntentModel port with grammar-constrained greedy decoding.

`predict` reads the dialogue on top of the cached system prompt, with the forced
`{"skill": "` opening in the same model call, and then decodes the best decision
greedily. The distribution at the skill position ranks the other skills for free
(`runner_ups`) and, with no image in the conversation, tells whether the request would
rather have edited one (`wants_picture`, core.intent.picture_wish). The runner-ups'
arguments cost a decode each, so they are decoded only when asked for:
`alternative(request, skill)` after a 👎, or eagerly with `n_best > 1` (evaluation).
Either way it goes back to the skill position (cache cropped, matcher copied), forces the
skill's name and decodes its arguments greedily, so every interpretation is a complete,
grammar-valid decision with its own log-probability.

Decisions asked for at the same time (concurrent conversations) are decided in one batch
(core.intent.batcher collects them, core.intent.batch decodes them); a decision alone reads
on the shared cache, which keeps its conversation's history for the next turn. Either way
it is the same decision. The weights run in float32 or bfloat16 (core.intent.weights).
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import llguidance
import llguidance.hf
import torch
from transformers import DynamicCache

from core.catalog import CATALOG
from core.dialogue import (
    DialogueMessage,
    IntentResult,
    Interpretation,
    PredictionRequest,
    SkillScore,
)
from core.intent.batch import run_batched
from core.intent.batcher import DecisionBatcher
from core.intent.decoding import (
    CachedForward,
    Decoded,
    DecodeState,
    Feed,
    Steps,
    constrained_logprobs,
    force_tokens,
    greedy_decode,
    opening_tokens,
    run_on_cache,
)
from core.intent.grammar import MAX_TEXT_CHARS, allowed_skills, decision_grammar
from core.intent.loading import LoadedModel, check_adapter_folder
from core.intent.picture_wish import SkillOpenings, wants_picture
from core.intent.profile import IntentProfile, check_adapter
from core.intent.prompt import chat_prompt, intent_prompt
from core.intent.prompt_cache import PromptCache
from core.intent.timing import NO_PROFILE, Profile
from core.intent.weights import ModelWeights

log = logging.getLogger(__name__)

ALTERNATIVE_TEXT_CHARS = 60


@dataclass
class DecisionStats:
    """Token counts of the last predict call, for `dialogdraw bench intent`."""

    generated: int = 0
    forced: int = 0
    model_calls: int = 0  # in a batch: the batch's calls, shared by its decisions
    prompt_tokens: int = 0
    prompt_reused: int = 0  # of those, read from the cache (system prompt, history)
    batch: int = 1  # decisions decided together with this one, itself included


@dataclass
class _Prepared:
    """A request made ready to decode: its prompt's tokens and its grammar's matcher,
    advanced past the opening the grammar forces (`opening`)."""

    request: PredictionRequest
    refs: tuple[str, ...]
    ids: list[int]
    matcher: llguidance.LLMatcher
    opening: list[int]


@dataclass
class _Decided:
    result: IntentResult
    stats: DecisionStats
    profile: Profile


class TransformersIntentModel:
    """The intent model: a causal LM, optionally with a LoRA adapter swapped in at run time."""

    def __init__(
        self,
        loaded: LoadedModel,
        max_new_tokens: int = 256,
        max_text_chars: int = MAX_TEXT_CHARS,
        respond_tokens: int = 48,
        copy_guesses: bool = True,
        dtype: torch.dtype | None = None,
        max_batch: int = 8,
        batch_window_s: float = 0.01,
    ) -> None:
        self._weights = ModelWeights(loaded.model, dtype)
        self._tokenizer: Any = loaded.tokenizer
        self._device = loaded.device
        self._base_name = loaded.name
        self._adapter_version = ""
        self._adapter_profile: IntentProfile | None = None
        self._adapter_names = (f"v{i}" for i in itertools.count())
        self.max_new_tokens = max_new_tokens
        self.max_text_chars = max_text_chars
        self.respond_tokens = respond_tokens
        self.copy_guesses = copy_guesses
        # Time each decision's sections (dialogdraw bench intent --profile); off: no cost.
        self.profiling = False
        # One model, one shared cache: batches, chats and adapter swaps take turns.
        self._lock = threading.RLock()
        self._batcher = DecisionBatcher(self._decide_many, self._lock, max_batch, batch_window_s)
        self._local = threading.local()  # each caller's own last stats and profile
        master = self._weights.master
        self._config = master.config
        self._vocab_size = int(master.get_output_embeddings().weight.shape[0])
        # Building the grammar tokenizer walks the whole vocabulary (~0.5 s): once.
        fast_tokenizer: Any = loaded.tokenizer  # llguidance reads the Rust tokenizer inside
        self._ll_tokenizer = llguidance.hf.from_tokenizer(
            fast_tokenizer, n_vocab=max(self._vocab_size, len(self._tokenizer))
        )
        self._eos = int(self._tokenizer.eos_token_id)
        # The token each skill's id starts with where the decision names it (the forced
        # `{"skill": "` opening ends in the quote, so the id's own first token follows).
        self._first_tokens = {s: self._ll_tokenizer.tokenize_str(s)[0] for s in CATALOG}
        self._no_image_openings = SkillOpenings.of(self._first_tokens, ())
        self._prompts = PromptCache(loaded.tokenizer, self._weights, self._device)

    @property
    def version(self) -> str:
        name = Path(self._base_name).name if Path(self._base_name).is_dir() else self._base_name
        return f"{name}+{self._adapter_version}" if self._adapter_version else name

    @property
    def language_model(self) -> Any:
        """The float32 transformers model with the adapter, if any (for tools that score
        with it, like the retraining gate): what training produced, exactly."""
        return self._weights.master

    @property
    def decision_model(self) -> Any:
        """The model decisions run on: `language_model` itself in float32, its bfloat16
        copy (adapter merged) otherwise."""
        return self._weights.runner

    @property
    def dtype(self) -> torch.dtype:
        return self._weights.dtype

    @property
    def tokenizer(self) -> Any:
        return self._tokenizer

    @property
    def adapter_version(self) -> str:
        return self._adapter_version

    @property
    def adapter_profile(self) -> IntentProfile | None:
        """What the active adapter was trained for (core.intent.profile); None without one."""
        return self._adapter_profile

    @property
    def last_stats(self) -> DecisionStats:
        """The stats of the calling thread's last decision."""
        stats: DecisionStats = getattr(self._local, "stats", DecisionStats())
        return stats

    @property
    def last_profile(self) -> Profile:
        """The calling thread's last decision's profile (its batch's, when batched)."""
        profile: Profile = getattr(self._local, "profile", NO_PROFILE)
        return profile

    def use_adapter(self, path: Path | None, version: str = "") -> None:
        """Swap the LoRA adapter (or drop it with None) without restarting.

        An adapter trained on another base model is refused (AdapterMismatch) before
        anything changes; one trained on another prompt only warns (core.intent.profile
        says why). The new adapter is loaded beside the old one and only then made
        active, so a failed load leaves the running version in place.
        """
        profile = None
        if path is not None:
            check_adapter_folder(path)
            profile = check_adapter(path, self._base_name)
        with self._lock:
            try:
                self._weights.swap(path, next(self._adapter_names), self._device)
                self._adapter_version = (version or path.name) if path is not None else ""
                self._adapter_profile = profile
            finally:
                self._prompts.forget_history()
            log.info("intent model now %s", self.version)

    def predict(self, request: PredictionRequest, n_best: int = 1) -> IntentResult:
        start = time.perf_counter()
        if n_best > 1:
            with self._lock:
                decided = self._decide_one(request, n_best)
        else:
            decided = self._batcher.submit(request)
        self._local.stats, self._local.profile = decided.stats, decided.profile
        latency_ms = (time.perf_counter() - start) * 1000
        return decided.result.model_copy(update={"latency_ms": latency_ms})

    def predict_batch(self, requests: Sequence[PredictionRequest]) -> list[IntentResult]:
        """These requests decided together in one batch (as concurrent `predict` calls
        are); the same decisions as one by one."""
        start = time.perf_counter()
        with self._lock:
            decided = self._decide_many(list(requests))
        latency_ms = (time.perf_counter() - start) * 1000
        return [d.result.model_copy(update={"latency_ms": latency_ms}) for d in decided]

    def alternative(self, request: PredictionRequest, skill: str) -> Interpretation | None:
        if skill not in CATALOG:
            return None
        with self._lock:
            forward = CachedForward(self._weights.runner, self._device)
            prepared = self._prepare(request, NO_PROFILE)
            cache, state, _ = self._read_prompt(prepared, forward)
            tokens = self._ll_tokenizer.tokenize_str(skill)
            return self._decode_as(state, cache, forward, prepared, tokens)

    def respond(self, messages: Sequence[DialogueMessage]) -> str:
        """A short free answer for the `chat` skill, from the base model's own chat ability."""
        with self._lock:
            text = chat_prompt(self._tokenizer, messages)
            ids = self._tokenizer(text, add_special_tokens=False, return_tensors="pt")
            ids = ids.to(self._device)
            # The adapter is trained to write JSON decisions; chatting is the base model's job.
            with self._weights.base() as base, torch.inference_mode():
                out = base.generate(
                    **ids,
                    max_new_tokens=self.respond_tokens,
                    do_sample=False,
                    pad_token_id=self._tokenizer.pad_token_id or self._eos,
                )
        new_tokens = out[0, ids["input_ids"].shape[1] :]
        return str(self._tokenizer.decode(new_tokens, skip_special_tokens=True)).strip()

    # --- deciding ------------------------------------------------------------------

    def _decide_many(self, requests: list[PredictionRequest]) -> list[_Decided]:
        """The batcher's call, with the lock held."""
        if len(requests) == 1:
            return [self._decide_one(requests[0], 1)]
        return self._decide_batch(requests)

    def _decide_one(self, request: PredictionRequest, n_best: int) -> _Decided:
        """One decision on the shared cache; with n_best > 1 also runner-ups decoded."""
        profile = Profile() if self.profiling else NO_PROFILE
        forward = CachedForward(self._weights.runner, self._device, profile)
        prepared = self._prepare(request, profile)
        cache, state, reused = self._read_prompt(prepared, forward)
        best = run_on_cache(self._decode(state, prepared, profile), cache, forward)
        decided = self._decided(prepared, state, best, reused, profile)
        alternatives = []
        for score in decided.result.runner_ups[: max(0, n_best - 1)]:
            tokens = self._ll_tokenizer.tokenize_str(score.skill)
            reading = self._decode_as(state, cache, forward, prepared, tokens)
            if reading is not None:
                alternatives.append(reading)
        decided.result.alternatives = sorted(alternatives, key=lambda i: -i.logprob)
        decided.stats.model_calls = forward.calls
        return decided

    def _decide_batch(self, requests: list[PredictionRequest]) -> list[_Decided]:
        """Several decisions at once: their prompts read in one model call, then one
        call per decoding step for all of them (core.intent.batch)."""
        profile = Profile() if self.profiling else NO_PROFILE
        prepared = [self._prepare(r, profile) for r in requests]
        lanes = [self._read_and_decode(p, profile) for p in prepared]
        prefix_kv, runner = self._prompts.prefix_kv, self._weights.runner
        done, rounds = run_batched(lanes, prefix_kv, runner, self._device, profile)
        log.debug("%d decisions decoded in one batch", len(requests))
        decided = []
        for p, (state, best) in zip(prepared, done, strict=True):
            reused = self._prompts.prefix_length(p.ids)
            d = self._decided(p, state, best, reused, profile)
            d.stats.model_calls, d.stats.batch = rounds, len(requests)
            decided.append(d)
        return decided

    def _read_and_decode(
        self, prepared: _Prepared, profile: Profile
    ) -> Steps[tuple[DecodeState, Decoded]]:
        """A decision of a batch: read the prompt after the system prompt (all of it, for
        a prompt that does not start with it), then decode; the state at the skill id
        (for the runner-ups) and the decision."""
        ids = prepared.ids
        start = self._prompts.prefix_length(ids)
        tokens = ids[start:] + prepared.opening
        logits = (yield Feed(tokens, start))[-1]
        state = DecodeState(prepared.matcher, logits, start + len(tokens), prepared.opening)
        best = yield from self._decode(state, prepared, profile)
        return state, best

    def _decided(
        self,
        prepared: _Prepared,
        state: DecodeState,
        best: Decoded,
        reused: int,
        profile: Profile,
    ) -> _Decided:
        raw = self._text(prepared.opening + best.tokens)
        interpretation = self._interpretation(raw, best.logprob, prepared.request)
        with profile.section("runner-ups"):
            ranked = self._runner_ups(state, prepared.refs, interpretation.skill)
            # The skill position's raw logits, read for the ranking anyway: with an image
            # nothing is refused, so there is nothing to compute.
            wants = not prepared.refs and wants_picture(state.logits, self._no_image_openings)
        result = IntentResult(
            best=interpretation,
            alternatives=[],
            runner_ups=ranked,
            raw=raw,
            wants_picture=wants,
            model_version=self.version,
            latency_ms=0.0,
        )
        stats = DecisionStats(
            best.generated, best.forced + len(prepared.opening), 0, len(prepared.ids), reused
        )
        return _Decided(result, stats, profile)

    # --- internals -----------------------------------------------------------------

    def _prepare(self, request: PredictionRequest, profile: Profile) -> _Prepared:
        refs = tuple(dict.fromkeys(request.existing_refs()))
        with profile.section("tokenize"):
            prompt = intent_prompt(self._tokenizer, request.messages)
            ids = self._tokenizer.encode(prompt, add_special_tokens=False)
        with profile.section("grammar setup"):
            matcher = self._matcher(refs, self.max_text_chars)
            opening = opening_tokens(matcher)
        return _Prepared(request, refs, ids, matcher, opening)

    def _read_prompt(
        self, prepared: _Prepared, forward: CachedForward
    ) -> tuple[DynamicCache, DecodeState, int]:
        """Read the prompt and the forced opening on the shared cache: the cache, the
        state at the skill id, and how many prompt tokens came from the cache."""
        ids = prepared.ids
        cache, reused = self._prompts.shared_for(ids)
        logits = forward(ids[reused:] + prepared.opening, cache, section="prefill")[-1]
        self._prompts.holds(cache, ids)
        state = DecodeState(prepared.matcher, logits, cache.get_seq_length(), prepared.opening)
        return cache, state, reused

    def _decode(self, state: DecodeState, prepared: _Prepared, profile: Profile) -> Steps[Decoded]:
        """Greedy decoding from `state`; with `copy_guesses`, guesses checked on the way:
        the dialogue's words (arguments copy them), the tokens of forced text."""
        if not self.copy_guesses:
            return greedy_decode(state, self._eos, self.max_new_tokens, (), profile)
        dialogue = prepared.ids[len(self._prompts.prefix_ids) :]
        tokenize = self._ll_tokenizer.tokenize_bytes
        return greedy_decode(state, self._eos, self.max_new_tokens, dialogue, profile, tokenize)

    def _matcher(self, refs: tuple[str, ...], max_text_chars: int) -> llguidance.LLMatcher:
        grammar = llguidance.LLMatcher.grammar_from_lark(decision_grammar(refs, max_text_chars))
        matcher = llguidance.LLMatcher(self._ll_tokenizer, grammar, log_level=0)
        if matcher.is_error():
            raise RuntimeError(f"decision grammar rejected: {matcher.get_error()}")
        return matcher

    def _runner_ups(
        self, skill_state: DecodeState, refs: tuple[str, ...], best_skill: str
    ) -> list[SkillScore]:
        """The other skills the grammar allows here, most likely first, with the
        log-probability of their first token."""
        scores = constrained_logprobs(skill_state.logits, skill_state.matcher)
        candidates = [
            SkillScore(skill=spec.id, logprob=float(scores[self._first_tokens[spec.id]]))
            for spec in allowed_skills(refs)
            if spec.id != best_skill
        ]
        candidates.sort(key=lambda c: -c.logprob)
        return candidates

    def _decode_as(
        self,
        skill_state: DecodeState,
        cache: DynamicCache,
        forward: CachedForward,
        prepared: _Prepared,
        skill_tokens: list[int],
    ) -> Interpretation | None:
        """The decision that names this skill, its arguments decoded greedily."""
        # Runners-up only feed "did you mean ...?" questions: shorter texts keep them cheap.
        short = self._matcher(prepared.refs, min(ALTERNATIVE_TEXT_CHARS, self.max_text_chars))
        short.consume_tokens(skill_state.tokens)
        state = DecodeState(short, skill_state.logits, skill_state.cache_length, skill_state.tokens)
        forced = run_on_cache(force_tokens(state, skill_tokens), cache, forward)
        if forced is None:
            return None
        named, name_logprob = forced
        rest = run_on_cache(self._decode(named, prepared, NO_PROFILE), cache, forward)
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
