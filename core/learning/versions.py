"""Model versions: every candidate is kept; one is active; rollback walks back the chain.

A version's parent is the version that was active when it was trained, so the parents of
the active version are exactly the versions that were active before it (a candidate the
gate refused is recorded with status 'rejected' and never becomes anyone's parent).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from core.learning.ports import RetrainOutcome, RetrainRequest
from core.store import Store


async def ensure_active_version(store: Store, base: str, adapter: str | None) -> dict[str, Any]:
    """The active version; the running model is recorded as 'base-1' when none is."""
    active = await store.active_model_version()
    if active is not None:
        return active
    version_id = await store.add_model_version(
        f"base-{len(await store.model_versions()) + 1}",
        base,
        adapter,
        data={"note": "the model the bot ran before its first recorded retraining"},
    )
    await store.activate_model_version(version_id)
    active = await store.model_version(version_id)
    assert active is not None
    return active


async def rollback_target(store: Store) -> dict[str, Any] | None:
    """The version that was active before the active one, if it can still be loaded."""
    active = await store.active_model_version()
    if active is None or active["parent_id"] is None:
        return None
    parent = await store.model_version(active["parent_id"])
    if parent is None:
        return None
    folder = parent["adapter_path"]
    if folder and not await asyncio.to_thread(Path(folder).is_dir):
        return None
    return parent


def metrics_of(version: dict[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(version.get("metrics_json") or "{}")
    return value


async def known_gate_isa(store: Store, version: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The version's ISA as earlier gates measured it, by fingerprint (newest wins): as the
    candidate in its own metrics, and as the current version in its children's."""
    measured: list[tuple[int, dict[str, Any], str]] = [
        (version["id"], metrics_of(version), "candidate")
    ]
    for other in await store.model_versions():
        if other["parent_id"] == version["id"]:
            measured.append((other["id"], metrics_of(other), "current"))
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
    active: dict[str, Any],
    pair_ids: list[int],
    outcome: RetrainOutcome,
) -> int:
    """Keep a trained candidate as a version (status 'rejected' if the gate refused it)
    and mark its pairs as used; activating a promoted one is the caller's step."""
    metrics = {**outcome.metrics, "reasons": outcome.reasons, "summary": outcome.summary}
    version_id = await store.add_model_version(
        request.version_name,
        request.base_model,
        outcome.adapter_dir,
        data={
            "pairs_file": request.pairs_file,
            "pairs": len(pair_ids),
            "config_file": request.config_file,
            "started_from": active["name"],
        },
        metrics=metrics,
        parent_id=active["id"],
    )
    await store.mark_pairs_trained(pair_ids, version_id)
    await store.set_model_version_result(
        version_id, "promoted" if outcome.promote else "rejected", metrics
    )
    return version_id
