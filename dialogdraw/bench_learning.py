"""`dialogdraw bench learning-loop`: the learning loop end to end, with simulated users.

The running engine (real store, real intent model with the active adapter, real queue)
answers a sample of DrawnConvos(HF) turns drawn from dialogues that the offline pairs of
the DPO config never use. The turns it gets wrong are the slice the loop is about: there
a simulated user reacts 👎 through the engine's reaction path; the engine offers its
next-best reading; the user reacts 👍 if that one is right, else an admin replies with
`/fix` and the gold decision. Then the admin sends `/retrain`, and the figures are
measured with the running engine (so a promoted version is measured where it serves):
ISA on the slice (0 before, by construction), on a seeded share of the turns it
got right (1 before), and on DrawnConvos(TEST).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import random
import shlex
import time
from pathlib import Path
from typing import Any

from PIL import Image
from rich.console import Console

from bot.console import ConsoleOutbound
from core.captions import UPLOAD_CAPTION
from core.dialogue import DialogueMessage
from core.engine import DialogueEngine
from core.messages import Attachment, ConversationKey, IncomingMessage, Sender
from core.ports import IntentModel
from core.settings import Settings
from dialogdraw.app import running_engine
from training.evaluate import report_dict
from training.examples import read_dialogues
from training.intent_metrics import GoldTurn, gold_turns, score

USER, ADMIN = Sender("sim-user"), Sender("sim-admin")
console = Console(stderr=True)


def _picture(ref: str) -> bytes:
    """A distinct small PNG per image of the slice (uploads need real pictures)."""
    digest = hashlib.sha256(ref.encode()).digest()
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), tuple(digest[:3])).save(buf, "PNG")
    return buf.getvalue()


class SliceCaptioner:
    """Captions the simulated uploads as the dialogue file describes them, as a vision
    model would caption real ones."""

    def __init__(self) -> None:
        self.captions: dict[bytes, str] = {}

    def __call__(self, data: bytes) -> str:
        return self.captions.get(data, UPLOAD_CAPTION)


def predict_all(intent: IntentModel, turns: list[GoldTurn]) -> dict[str, Any]:
    from core.dialogue import Prediction

    predictions = {}
    for turn in turns:
        result = intent.predict(turn.request)
        predictions[turn.request.id] = Prediction(
            id=turn.request.id, skill=result.best.skill, args=result.best.args, raw=result.raw
        )
    return predictions


async def seed_history(
    engine: DialogueEngine, key: ConversationKey, history: list[DialogueMessage]
) -> None:
    """The turns before the one asked about, as they happened (teacher forcing)."""
    store = engine.store
    conversation = await store.conversations.open(key)
    user_id = await store.conversations.ensure_user(key.platform, USER.platform_user_id)
    for message in history:
        message_id = await store.messages.add(
            conversation,
            message.role,
            message.text,
            user_id=user_id if message.role == "user" else None,
        )
        for image in message.images:
            await store.images.add(
                conversation,
                message_id,
                _picture(f"{key.chat_id}{image.ref}"),
                mime_type="image/png",
                width=64,
                height=64,
                caption=image.caption,
                origin="upload" if message.role == "user" else "generated",
            )


def _fix_command(gold: dict[str, Any]) -> str:
    skill = gold["skill"][0] if isinstance(gold["skill"], list) else gold["skill"]
    args = gold["args"].get(skill, {}) if isinstance(gold["skill"], list) else gold["args"]
    parts = [f"skill={skill}"] + [f"{k}={shlex.quote(str(v))}" for k, v in args.items()]
    return "/fix " + " ".join(parts)


async def simulate(
    engine: DialogueEngine, captioner: SliceCaptioner, wrong: list[GoldTurn]
) -> dict[str, int]:
    sources = {"alternative_accepted": 0, "corrected": 0}
    for i, turn in enumerate(wrong):
        key = ConversationKey("sim", f"slice-{i}")
        out = ConsoleOutbound(Console(file=io.StringIO()), engine.settings.output_dir / "sim")
        *history, last = turn.request.messages
        await seed_history(engine, key, history)
        attachments = []
        for image in last.images:
            data = _picture(f"{key.chat_id}{image.ref}")
            captioner.captions[data] = image.caption
            attachments.append(Attachment(data, "image/png", f"{image.ref[1:]}.png"))
        await engine.handle(IncomingMessage(key, USER, last.text, tuple(attachments)), out)
        conversation = await engine.store.conversations.open(key)
        answer = await engine.store.messages.last_answer(conversation)
        if answer is None or answer.platform_message_id is None or answer.decision_id is None:
            continue
        await engine.record_reaction(key, USER, answer.platform_message_id, "👎", True, out)
        alternatives = await engine.store.decisions.with_parent(answer.decision_id)
        offered = await engine.store.messages.last_answer(conversation)
        if (
            alternatives
            and alternatives[0].skill in turn.skills
            and offered
            and offered.platform_message_id
        ):
            await engine.record_reaction(key, USER, offered.platform_message_id, "👍", True, out)
            sources["alternative_accepted"] += 1
        else:
            fix = IncomingMessage(
                key,
                ADMIN,
                _fix_command(dict(turn.gold)),
                reply_to_message_id=answer.platform_message_id,
            )
            await engine.handle(fix, out)
            sources["corrected"] += 1
    return sources


def fresh_hf_turns(hf_file: Path, config_file: Path | None) -> list[GoldTurn]:
    """HF turns from dialogues the DPO config's offline pairs cannot come from."""
    from training.config import load_config
    from training.dpo_config import DPOTrainConfig
    from training.offline_pairs import offline_dialogue_ids

    config = load_config(DPOTrainConfig, config_file)
    offline: set[str] = set()
    if config.offline_pairs > 0 and config.offline_file:
        offline = set(offline_dialogue_ids(Path(config.offline_file), config.offline_dialogues))
    dialogues = [d for d in read_dialogues(hf_file) if d.id not in offline]
    return gold_turns(dialogues)


async def retrain_as_admin(engine: DialogueEngine, output_dir: Path) -> list[str]:
    """An admin sends /retrain and waits for the job; the admin's chat, line by line."""
    admin_chat = io.StringIO()
    out = ConsoleOutbound(Console(file=admin_chat, width=200), output_dir)
    await engine.handle(IncomingMessage(ConversationKey("sim", "admin"), ADMIN, "/retrain"), out)
    job = getattr(engine.commands.learning, "job", None)
    if job is not None:
        console.print("retraining (DPO + gate)…")
        await job
    return [line for line in admin_chat.getvalue().splitlines() if line.strip()]


async def run(
    settings: Settings,
    hf_file: Path,
    test_file: Path,
    slice_size: int,
    test_size: int,
    seed: int,
    right_check: int = 300,
) -> dict[str, Any]:
    from dialogdraw.cmd_learning import DEFAULT_CONFIG

    captioner = SliceCaptioner()
    started = time.perf_counter()
    async with running_engine(settings, captioner=captioner) as engine:
        rng = random.Random(seed)
        pool = fresh_hf_turns(hf_file, DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
        slice_turns = rng.sample(pool, slice_size)
        test_turns = rng.sample(gold_turns(read_dialogues(test_file)), test_size)
        console.print(f"scoring the active model on {slice_size} HF and {test_size} TEST turns…")
        before = await asyncio.to_thread(predict_all, engine.intent, slice_turns)
        before_test = await asyncio.to_thread(predict_all, engine.intent, test_turns)
        wrong = [t for t in slice_turns if before[t.request.id].skill not in t.skills]
        console.print(f"{len(wrong)} wrong turns: simulated users react…")
        sources = await simulate(engine, captioner, wrong)
        version_before = engine.intent.version
        admin_chat = await retrain_as_admin(engine, settings.output_dir / "sim")
        # Re-asked after training: every wrong turn, and a seeded share of the right ones
        # (asking all again would double the run for a figure TEST already gives).
        right = [t for t in slice_turns if t not in wrong]
        kept = rng.sample(right, min(right_check, len(right)))
        after = await asyncio.to_thread(predict_all, engine.intent, wrong + kept)
        after_test = await asyncio.to_thread(predict_all, engine.intent, test_turns)
        active = await engine.store.versions.active()
        return {
            "sampled_turns": slice_size,
            "sampled_turns_isa_before": report_dict(score(slice_turns, before))["overall"]["isa"],
            "wrong_turns": len(wrong),
            "feedback": sources,
            "pairs": (await engine.store.stats()).pairs,
            "version_before": version_before,
            "version_after": engine.intent.version,
            "active_in_store": active.name if active else None,
            "wrong_turns_isa": [0.0, report_dict(score(wrong, after))["overall"]["isa"]],
            "right_turns_isa": [1.0, report_dict(score(kept, after))["overall"]["isa"]],
            "right_turns_checked": len(kept),
            "test_isa": [
                report_dict(score(test_turns, before_test))["overall"]["isa"],
                report_dict(score(test_turns, after_test))["overall"]["isa"],
            ],
            "seconds": round(time.perf_counter() - started),
            "admin_chat": admin_chat,
        }


def print_report(report: dict[str, Any]) -> None:
    print(json.dumps(report, indent=2))


def register(bench_app: Any) -> None:
    bench_app.command("learning-loop")(learning_loop)


def learning_loop(
    slice_size: int = 2000,
    test_size: int = 300,
    right_check: int = 300,
    hf_file: Path = Path("data/drawnconvos/drawnconvos-hf.jsonl"),
    test_file: Path = Path("data/drawnconvos/drawnconvos-test.jsonl"),
    work_dir: Path = Path("data/sim"),
    seed: int = 1,
) -> None:
    """Simulated users react to wrong answers, an admin retrains; prints the figures."""
    base = Settings()
    settings = base.model_copy(
        update={
            "data_dir": work_dir,
            "database": None,
            "admin_ids": [ADMIN.platform_user_id],
            "min_pairs_for_retrain": 5,
            "rate_limit_per_minute": 0,
            "max_queued_per_user": 1000,
            "intent_n_best": 3,
        }
    )
    report = run(settings, hf_file, test_file, slice_size, test_size, seed, right_check)
    print_report(asyncio.run(report))
