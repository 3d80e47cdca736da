"""Model versions: every candidate is kept; one is active; rollback walks back the chain.

A version's parent is the version that was active when it was trained, so the parents of
the active version are exactly the versions that were active before it (a candidate the
gate refused is recorded with status 'rejected' and never becomes anyone's parent).

Each version also keeps its adapter's profile (core.intent.profile: the base it was
trained on, the prompt fingerprint, the LoRA layers). Swapping a version in goes through
the intent model's `use_adapter`, which checks the adapter folder's own profile and
refuses another base's adapter before anything changes; a rollback target trained on
another base than the running version is not offered at all.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from core.intent.profile import IntentProfile, base_model_id, prompt_fingerprint, read_profile
from core.learning.ports import RetrainOutcome, RetrainRequest
from core.store import ModelVersionRow, Store


def version_profile(base: str, adapter: str | None) -> IntentProfile:
    """What a version runs: its adapter's profile, or for the bare base model (or an
    adapter folder that holds none) the base with today's prompt and no LoRA layers."""
    profile = read_profile(Path(adapter)) if adapter else None
    if profile is not None:
        return profile
    return IntentProfile(base_model_id(base), prompt_fingerprint() if not adapter else None, ())


def profile_of(version: ModelVersionRow) -> IntentProfile | None:
    """The profile recorded with a version; None for versions from before profiles."""
    return IntentProfile.from_dict(version.profile) if version.profile is not None else None


async def ensure_active_version(store: Store, base: str, adapter: str | None) -> ModelVersionRow:
    """The active version; the running model is recorded as 'base-1' when none is."""
    active = await store.versions.active()
    if active is not None:
        return active
    profile = await asyncio.to_thread(version_profile, base, adapter)
    version_id = await store.versions.add(
        f"base-{len(await store.versions.all()) + 1}",
        base,
        adapter,
        data={"note": "the model the bot ran before its first recorded retraining"},
        profile=profile.to_dict(),
    )
    await store.versions.activate(version_id)
    active = await store.versions.get(version_id)
    assert active is not None
    return active


async def rollback_target(store: Store) -> ModelVersionRow | None:
    """The version that was active before the active one, if it can still be loaded: its
    folder is there and it belongs to the base model that runs now."""
    active = await store.versions.active()
    if active is None or active.parent_id is None:
        return None
    parent = await store.versions.get(active.parent_id)
    if parent is None:
        return None
    folder = parent.adapter_path
    if folder and not await asyncio.to_thread(Path(folder).is_dir):
        return None
    if base_of(parent) != base_of(active):
        return None
    return parent


def base_of(version: ModelVersionRow) -> str:
    """The base model a version's adapter was trained on, as profiles compare bases."""
    profile = profile_of(version)
    return profile.base_model if profile and profile.base_model else base_model_id(version.base)


async def known_gate_isa(store: Store, version: ModelVersionRow) -> dict[str, dict[str, Any]]:
    """The version's ISA as earlier gates measured it, by fingerprint (newest wins): as the
    candidate in its own metrics, and as the current version in its children's."""
    measured: list[tuple[int, dict[str, Any], str]] = [(version.id, version.metrics, "candidate")]
    for other in await store.versions.all():
        if other.parent_id == version.id:
            measured.append((other.id, other.metrics, "current"))
    known: dict[str, dict[str, Any]] = {}
    for _, metrics, side in sorted(measured, key=lambda m: m[0]):
        gate = metrics.get("gate") or {}
        scores = gate.get(side) or {}
        if gate.get("fingerprint") and "isa" in scores and "turns" in scores:
            known[gate["fingerprint"]] = {"isa": scores["isa"], "turns": scores["turns"]}
    return known


async def record_outcome(
    store: Store,
    request: RetrainRequest,
    active: ModelVersionRow,
    pair_ids: list[int],
    outcome: RetrainOutcome,
) -> int:
    """Keep a trained candidate as a version (status 'rejected' if the gate refused it)
    and mark its pairs as used; activating a promoted one is the caller's step."""
    metrics = {**outcome.metrics, "reasons": outcome.reasons, "summary": outcome.summary}
    profile = await asyncio.to_thread(version_profile, request.base_model, outcome.adapter_dir)
    version_id = await store.versions.add(
        request.version_name,
        request.base_model,
        outcome.adapter_dir,
        data={
            "pairs_file": request.pairs_file,
            "pairs": len(pair_ids),
            "config_file": request.config_file,
            "started_from": active.name,
        },
        metrics=metrics,
        parent_id=active.id,
        profile=profile.to_dict(),
    )
    await store.pairs.mark_trained(pair_ids, version_id)
    await store.versions.set_result(
        version_id, "promoted" if outcome.promote else "rejected", metrics
    )
    return version_id
