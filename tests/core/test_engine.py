from __future__ import annotations

import io

from PIL import Image

from core.chat_lexicon import LEXICONS
from core.engine import DialogueEngine
from core.messages import Attachment, ConversationKey, IncomingMessage, Sender
from core.settings import Settings
from core.store import Store
from tests.doubles import FakeIntentModel, RecordingOutbound, png

KEY = ConversationKey("test", "chat-1")
ALICE = Sender("alice", "Alice")


def msg(
    text: str = "",
    *attachments: Attachment,
    key: ConversationKey = KEY,
    sender: Sender = ALICE,
    reply_to: str | None = None,
) -> IncomingMessage:
    return IncomingMessage(key, sender, text, attachments, reply_to_message_id=reply_to)


async def conversation_images(store: Store, key: ConversationKey = KEY) -> list:
    return await store.images.of_conversation(await store.conversations.open(key))


async def test_draw_then_edit_stores_lineage_and_replies_with_summary(
    engine: DialogueEngine, store: Store, out: RecordingOutbound
) -> None:
    await engine.handle(msg("draw a cat on a beach"), out)
    await engine.handle(msg("make it black and white"), out)

    first, second = await conversation_images(store)
    assert (first.number, first.origin, first.skill) == (1, "generated", "text_to_image")
    assert first.caption == "a cat on a beach"
    assert (second.number, second.parent_image_id, second.skill) == (2, first.id, "adjust")
    assert second.args == {"image": "#1", "operation": "grayscale"}
    assert second.seed is not None
    grey = Image.open(io.BytesIO(await store.images.read(second))).convert("RGB")
    assert all(r == g == b for r, g, b in grey.getdata())
    assert out.images[1].caption == "#2 · black and white"
    assert any("Working" in s or "Queued" in s for s in out.statuses)


async def test_upload_is_numbered_and_reaches_the_skill(
    engine: DialogueEngine, store: Store, out: RecordingOutbound, intent: FakeIntentModel
) -> None:
    await engine.handle(msg("make it anime", Attachment(png(), "image/png", "cat.png")), out)
    upload, result = await conversation_images(store)
    assert (upload.ref, upload.origin) == ("#1", "upload")
    assert result.parent_image_id == upload.id and result.skill == "to_anime"
    request = intent.requests[-1]
    assert request.messages[-1].images[0].ref == "#1"


async def test_bad_reference_gets_a_clarifying_question(
    engine: DialogueEngine, store: Store, out: RecordingOutbound
) -> None:
    await engine.handle(msg("draw a dog"), out)
    await engine.handle(msg("edit #7"), out)
    assert "#7" in out.texts[-1] and "#1" in out.texts[-1]
    conv = await store.conversations.open(KEY)
    answers = [m for m in await store.messages.of_conversation(conv) if m.role == "assistant"]
    decision = await store.decisions.get(answers[-1].decision_id or 0)
    assert decision is not None and not decision.valid
    assert len(await conversation_images(store)) == 1


async def test_undo_makes_the_previous_image_newest_without_deleting(
    engine: DialogueEngine, store: Store, out: RecordingOutbound
) -> None:
    await engine.handle(msg("draw a red car"), out)
    await engine.handle(msg("make it black and white"), out)
    await engine.handle(msg("/undo"), out)
    images = await conversation_images(store)
    assert [i.number for i in images] == [1, 2, 3]
    assert images[2].sha256 == images[0].sha256
    await engine.handle(msg("write hello on top"), out)
    assert (await conversation_images(store))[-1].args == {
        "image": "#3",
        "text": "hello",
        "position": "top",
    }


async def test_reset_starts_a_new_conversation(
    engine: DialogueEngine, store: Store, out: RecordingOutbound
) -> None:
    await engine.handle(msg("draw a tree"), out)
    old = await store.conversations.open(KEY)
    await engine.handle(msg("/reset"), out)
    assert await store.conversations.open(KEY) != old
    await engine.handle(msg("make it black and white"), out)
    assert "send me an image" in out.texts[-1].lower()
    assert len(await store.images.of_conversation(old)) == 1


async def test_two_conversations_never_see_each_others_images(
    engine: DialogueEngine, store: Store, intent: FakeIntentModel
) -> None:
    bob_key, bob = ConversationKey("test", "chat-2"), Sender("bob")
    out_a, out_b = RecordingOutbound(), RecordingOutbound()
    await engine.handle(msg("draw a cat"), out_a)
    await engine.handle(msg("draw a dog", key=bob_key, sender=bob), out_b)
    await engine.handle(msg("make it black and white", key=bob_key, sender=bob), out_b)
    bob_request = intent.requests[-1]
    assert [m.text for m in bob_request.messages if m.role == "user"] == [
        "draw a dog",
        "make it black and white",
    ]
    assert len(out_a.images) == 1 and len(out_b.images) == 2
    assert len(await conversation_images(store, bob_key)) == 2


async def test_chat_and_text_answers(engine: DialogueEngine, out: RecordingOutbound) -> None:
    await engine.handle(msg("hello there"), out)
    assert out.texts[-1] in LEXICONS["en"].replies["greeting"]  # small talk: the bot's own
    await engine.handle(msg("draw a bird"), out)
    await engine.handle(msg("describe it"), out)
    assert out.texts[-1] == "It is a picture of a test pattern."


async def test_reply_to_an_older_image_edits_that_image(
    engine: DialogueEngine, store: Store, out: RecordingOutbound
) -> None:
    await engine.handle(msg("draw a boat"), out)
    await engine.handle(msg("draw a house"), out)
    first_answer_id = "m1"  # RecordingOutbound numbers platform ids in order
    await engine.handle(msg("make it black and white", reply_to=first_answer_id), out)
    assert (await conversation_images(store))[-1].args == {"image": "#1", "operation": "grayscale"}


async def test_failing_skill_gets_a_clear_message_and_keeps_the_conversation(
    engine: DialogueEngine, store: Store, out: RecordingOutbound
) -> None:
    await engine.handle(msg("draw a lamp"), out)
    await engine.handle(msg("fail now"), out)
    assert "failed on purpose" in out.texts[-1]
    await engine.handle(msg("make it black and white"), out)
    assert [i.number for i in await conversation_images(store)] == [1, 2]


async def test_bad_input_gets_clear_replies_and_loses_nothing(
    engine: DialogueEngine, store: Store, out: RecordingOutbound
) -> None:
    await engine.handle(msg("draw a fox"), out)
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, "PNG")  # 81 Mpx, a few KB compressed
    cases = [
        (msg("", Attachment(b"%PDF-1.4 hello", "application/pdf", "doc.pdf")), "only work with"),
        (msg("", Attachment(png()[:40], "image/png", "broken.png")), "couldn't read"),
        (msg("", Attachment(bomb.getvalue(), "image/png", "huge.png")), "too big"),
        (msg("   "), "tell me what to draw"),
        (msg("x" * 20_000), "too long"),
    ]
    for bad, expected in cases:
        await engine.handle(bad, out)
        assert expected in out.texts[-1].lower(), (expected, out.texts[-1])
    conv = await store.conversations.open(KEY)
    assert any(m.text == "x" * 20_000 for m in await store.messages.of_conversation(conv))
    await engine.handle(msg("make it black and white"), out)
    assert [i.number for i in await conversation_images(store)] == [1, 2]


async def test_reactions_are_stored_on_the_decision_behind_the_answer(
    engine: DialogueEngine, store: Store, out: RecordingOutbound
) -> None:
    await engine.handle(msg("draw a cake"), out)
    assert await engine.record_reaction(KEY, ALICE, "m1", "👍", True) == 1
    assert await engine.record_reaction(KEY, ALICE, "m1", "❤", True) == 1
    assert await engine.record_reaction(KEY, ALICE, "m1", "🦄", True) == 0
    assert await engine.record_reaction(KEY, ALICE, "m1", "👍", False) == 1
    assert await engine.record_reaction(KEY, ALICE, "nope", "👍", True) is None
    answer = await store.messages.find_platform_message("test", "chat-1", "m1")
    assert answer is not None and answer.decision_id is not None
    rows = await store.feedback.of_decision(answer.decision_id)
    assert [(r.emoji, r.polarity, r.action) for r in rows] == [
        ("👍", 1, "added"),
        ("❤", 1, "added"),
        ("🦄", 0, "added"),
        ("👍", 1, "removed"),
    ]


async def test_buttons_work_by_image_id(
    engine: DialogueEngine, store: Store, out: RecordingOutbound
) -> None:
    await engine.handle(msg("draw a kite"), out)
    image_id = out.images[0].image_id
    await engine.handle_action(KEY, ALICE, "upscale", image_id, out)
    await engine.handle_action(KEY, ALICE, "variation", image_id, out)
    skills = [i.skill for i in await conversation_images(store)]
    assert skills == ["text_to_image", "upscale", "image_variation"]
    await engine.handle_action(ConversationKey("test", "other"), ALICE, "upscale", image_id, out)
    assert "can't find" in out.texts[-1]


async def test_rate_limit_and_admin_commands(
    settings, store: Store, out: RecordingOutbound
) -> None:
    from core.queues import gpu_skill_ids
    from core.queues.local import LocalJobQueue
    from tests.doubles import pil_runner

    limited = settings.model_copy(update={"rate_limit_per_minute": 2, "admin_ids": ["root"]})
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    engine = DialogueEngine(limited, store, FakeIntentModel(), queue)
    for _ in range(3):
        await engine.handle(msg("draw a star"), out)
    assert "faster than i can draw" in out.texts[-1].lower()
    told = len(out.texts)
    await engine.handle(msg("/stats"), out)  # commands count too; one warning per flood
    assert len(out.texts) == told
    await engine.handle(msg("/stats", sender=Sender("bob")), out)
    assert "only for admins" in out.texts[-1]
    await engine.handle(msg("/stats", sender=Sender("root")), out)
    assert "2 images" in out.texts[-1]
    conv = await store.conversations.open(KEY)
    refused = [
        m
        for m in await store.messages.of_conversation(conv)
        if m.kind == "notice" and m.role == "user"
    ]
    assert [m.text for m in refused] == ["draw a star", "/stats"]  # kept, outside the dialogue
    await queue.close()


async def test_allow_lists_name_users_chats_or_enclosing_places(
    settings: Settings, store: Store, out: RecordingOutbound
) -> None:
    from core.queues import gpu_skill_ids
    from core.queues.local import LocalJobQueue
    from tests.doubles import pil_runner

    limited = settings.model_copy(update={"allowed_chats": ["server-9"], "admin_ids": ["root"]})
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    engine = DialogueEngine(limited, store, FakeIntentModel(), queue)
    await engine.handle(msg("draw a sun"), out)
    assert "not enabled" in out.texts[-1]
    inside = IncomingMessage(
        ConversationKey("test", "thread-1"), ALICE, "draw a sun", scopes=("server-9", "channel-3")
    )
    await engine.handle(inside, out)
    assert len(out.images) == 1
    await engine.handle(msg("draw a moon", sender=Sender("root")), out)
    assert len(out.images) == 2
    await queue.close()


async def test_a_photo_then_words_are_one_request(
    engine: DialogueEngine, intent: FakeIntentModel, out: RecordingOutbound
) -> None:
    await engine.handle(msg("", Attachment(png(), "image/png", "cat.png")), out)
    assert out.texts[-1] == "Got it — that's #1. What should I do with it?"
    assert intent.requests == []  # nothing asked yet: no decision to make
    await engine.handle(msg("make it anime"), out)
    (request,) = intent.requests
    assert [(m.role, m.text, [i.ref for i in m.images]) for m in request.messages] == [
        ("user", "make it anime", ["#1"])
    ]
    assert out.images[-1].caption == "#2 · anime style"
