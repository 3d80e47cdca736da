"""A model version keeps its adapter's profile; rollback never offers another base's adapter."""

from __future__ import annotations

from pathlib import Path

from core.intent.profile import IntentProfile, prompt_fingerprint, trained_profile, write_profile
from core.learning.ports import RetrainOutcome, RetrainRequest
from core.learning.versions import (
    ensure_active_version,
    profile_of,
    record_outcome,
    rollback_target,
)
from core.store import Store


def adapter_folder(path: Path, base: str) -> Path:
    path.mkdir(parents=True)
    write_profile(path, trained_profile(base, ["q_proj", "v_proj"]))
    return path


async def test_a_retrained_version_records_its_adapters_profile(
    store: Store, tmp_path: Path
) -> None:
    active = await ensure_active_version(store, "smollm2", None)
    adapter = adapter_folder(tmp_path / "dpo-2", "smollm2")
    request = RetrainRequest(str(tmp_path / "pairs.jsonl"), "smollm2", None, str(adapter), "dpo-2")
    outcome = RetrainOutcome(str(adapter), promote=True, reasons=[])

    version_id = await record_outcome(store, request, active, [], outcome)

    row = await store.versions.get(version_id)
    assert row is not None
    assert row.profile == {
        "base_model": "smollm2",
        "prompt_fingerprint": prompt_fingerprint(),
        "target_modules": ["q_proj", "v_proj"],
    }
    # The bare base the bot ran first: today's prompt, no LoRA layers.
    assert profile_of(active) == IntentProfile("smollm2", prompt_fingerprint(), ())


async def test_rollback_skips_a_parent_trained_on_another_base(
    store: Store, tmp_path: Path
) -> None:
    gemma = adapter_folder(tmp_path / "gemma-sft", "google/gemma-3-270m-it")
    first = await ensure_active_version(store, "google/gemma-3-270m-it", str(gemma))
    smol = adapter_folder(tmp_path / "smol-sft", "smollm2")
    request = RetrainRequest(str(tmp_path / "pairs.jsonl"), "smollm2", None, str(smol), "sft-2")
    second = await record_outcome(store, request, first, [], RetrainOutcome(str(smol), True, []))
    await store.versions.activate(second)

    assert await rollback_target(store) is None

    third_dir = adapter_folder(tmp_path / "smol-dpo", "smollm2")
    active = await store.versions.active()
    assert active is not None
    request = RetrainRequest(str(tmp_path / "p.jsonl"), "smollm2", None, str(third_dir), "dpo-3")
    third = await record_outcome(
        store, request, active, [], RetrainOutcome(str(third_dir), True, [])
    )
    await store.versions.activate(third)
    target = await rollback_target(store)
    assert target is not None and target.name == "sft-2"
