"""Each pair source yields the right pair from the right reactions, through the engine."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.engine import DialogueEngine
from core.learning.pairs import refresh_pairs
from core.learning.runners import ThreadRetrainRunner
from core.learning.service import LearningService
from core.messages import Sender
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from tests.doubles import RecordingOutbound, pil_runner
from tests.learning.chat import ADJUST, ANIME, KEY, Chat, NBestIntent, readings


@pytest.fixture
def learning_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", intent_adapter="", admin_ids=["admin"])


@pytest.fixture
async def chat(learning_settings: Settings) -> AsyncIterator[Chat]:
    store = await Store.open(learning_settings.database_path, learning_settings.blob_dir)
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    engine = DialogueEngine(learning_settings, store, NBestIntent(), queue)
    engine.commands.learning = LearningService(
        store,
        engine.intent,
        engine.decisions,
        ThreadRetrainRunner(lambda request, progress: pytest.fail("no training here")),
        min_new_pairs=learning_settings.min_pairs_for_retrain,
        work_dir=learning_settings.data_dir / "learning",
        base_model="tiny",
        baseline_adapter=None,
    )
    yield Chat(engine, RecordingOutbound())
    await queue.close()
    await store.close()


async def _wrong_answer(chat: Chat) -> str:
    await chat.say("draw a cat")
    return await chat.say("make it pop")


async def test_thumbs_down_offers_the_runner_up_and_a_thumbs_up_makes_the_pair(
    chat: Chat,
) -> None:
    wrong = await _wrong_answer(chat)
    assert await chat.react(wrong, "👎") == -1
    assert "Did you mean anime style?" in chat.out.texts
    alternative = chat.last_id
    await chat.react(alternative, "👍")
    pairs = await refresh_pairs(chat.engine.store)
    assert readings(pairs) == [("alternative", "to_anime", "adjust", 1.0)]
    (pair,) = pairs
    assert pair.chosen == ANIME and pair.rejected == ADJUST
    # The context is what the model read for the original answer, ending with the request.
    assert pair.context[-1]["text"] == "make it pop"
    assert [m["role"] for m in pair.context] == ["user", "assistant", "user"]


async def test_a_second_thumbs_down_offers_the_next_runner_up_not_the_same(chat: Chat) -> None:
    wrong = await _wrong_answer(chat)
    await chat.react(wrong, "👎")
    await chat.react(chat.last_id, "👎")
    assert "Did you mean just a chat?" in chat.out.texts


async def test_a_reaction_removed_before_training_leaves_no_pair(chat: Chat) -> None:
    wrong = await _wrong_answer(chat)
    await chat.react(wrong, "👎")
    alternative = chat.last_id
    await chat.react(alternative, "👍")
    assert len(await refresh_pairs(chat.engine.store)) == 1
    await chat.react(alternative, "👍", added=False)
    assert await refresh_pairs(chat.engine.store) == []
    assert await chat.engine.store.pairs.all() == []


async def test_a_user_flipping_keeps_only_the_final_state(chat: Chat) -> None:
    wrong = await _wrong_answer(chat)
    await chat.react(wrong, "👎")
    alternative = chat.last_id
    await chat.react(alternative, "👍")
    # They change their mind: the original was right after all, the alternative wrong.
    await chat.react(wrong, "👎", added=False)
    await chat.react(wrong, "❤️")
    await chat.react(alternative, "👍", added=False)
    await chat.react(alternative, "👎")
    pairs = await refresh_pairs(chat.engine.store)
    assert readings(pairs) == [("runner_up", "adjust", "to_anime", 0.3)]


async def test_contradictory_pairs_cancel(chat: Chat) -> None:
    wrong = await _wrong_answer(chat)
    await chat.react(wrong, "👍", user="u2")  # u2: adjust ≻ to_anime (runner-up)
    await chat.react(wrong, "👎")
    await chat.react(chat.last_id, "👍")  # u1: to_anime ≻ adjust
    assert await refresh_pairs(chat.engine.store) == []


async def test_a_positive_answer_beats_its_runner_up_with_a_low_weight(chat: Chat) -> None:
    answer = await chat.say("draw a cat")
    await chat.react(answer, "🔥")
    pairs = await refresh_pairs(chat.engine.store)
    assert readings(pairs) == [("runner_up", "text_to_image", "chat", 0.3)]


async def test_a_rephrase_after_a_thumbs_down_makes_a_pair_on_the_first_context(
    chat: Chat,
) -> None:
    wrong = await _wrong_answer(chat)
    # Without an outbound no alternative is offered: the user rephrases instead.
    await chat.engine.record_reaction(KEY, Sender("u1"), wrong, "👎", True)
    better = await chat.say("make it anime")
    await chat.react(better, "👍")
    pairs = [p for p in await refresh_pairs(chat.engine.store) if p.source == "rephrase"]
    assert readings(pairs) == [("rephrase", "to_anime", "adjust", 0.5)]
    assert pairs[0].context[-1]["text"] == "make it pop"


async def test_an_admin_fix_replying_to_an_answer_makes_a_pair(chat: Chat) -> None:
    wrong = await _wrong_answer(chat)
    await chat.say("/fix skill=to_anime image=#1", user="admin", reply_to=wrong)
    assert any(t.startswith("Noted:") for t in chat.out.texts)
    pairs = await refresh_pairs(chat.engine.store)
    assert readings(pairs) == [("correction", "to_anime", "adjust", 1.0)]


async def test_fix_is_checked_against_the_catalog_and_refused_for_non_admins(
    chat: Chat,
) -> None:
    await _wrong_answer(chat)
    await chat.say("/fix skill=to_anime image=#7", user="admin")
    assert "I can't find image #7" in chat.out.texts[-1]
    await chat.say("/fix skill=fly_away", user="admin")
    assert "doesn't fit the catalog" in chat.out.texts[-1] and "fly_away" in chat.out.texts[-1]
    await chat.say("/fix skill=to_anime image=#1", user="u1")
    assert chat.out.texts[-1] == "Sorry, /fix is only for admins of this bot."
    assert await refresh_pairs(chat.engine.store) == []


async def test_export_loads_in_datasets(chat: Chat, tmp_path: Path) -> None:
    from datasets import load_dataset

    from core.intent.prompt import intent_system_prompt
    from core.learning.export import write_pairs

    wrong = await _wrong_answer(chat)
    await chat.react(wrong, "👎")
    await chat.react(chat.last_id, "👍")
    await refresh_pairs(chat.engine.store)
    path = tmp_path / "pairs.jsonl"
    assert write_pairs(path, await chat.engine.store.pairs.all()) == 1
    data = load_dataset("json", data_files=str(path), split="train")
    assert set(data.column_names) >= {"prompt", "chosen", "rejected"}
    row = data[0]
    assert row["prompt"][0] == {"role": "system", "content": intent_system_prompt()}
    assert row["prompt"][-1] == {"role": "user", "content": "make it pop"}
    assert json.loads(row["chosen"][0]["content"]) == ANIME
    assert row["rejected"][0]["role"] == "assistant"
