"""What users read about what was understood: plain words in their language (a picture's
caption, "Did you mean …?", questions about a skill); operators keep the technical line."""

from __future__ import annotations

import re

import pytest

from core.captions import SHOWN_VALUE_CHARS, plain_summary, summary_line
from core.catalog import ADJUST_WORDS, CATALOG, ArgumentProblem, validate_args
from core.dialogue import Interpretation
from core.engine import DialogueEngine
from core.jobs import JobResult, SkillError, failure_result
from core.messages import ConversationKey, IncomingMessage, Sender
from core.phrasebook import BOOKS, ENGLISH, phrase
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.skill_titles import TITLE, skill_title, title_key
from core.store import Store
from tests.doubles import DEFAULT_RULES, FakeIntentModel, RecordingOutbound, Rule, pil_runner

KEY = ConversationKey("test", "chat-1")
# The model writes diffusion prompts in English whatever the user's language (by design).
RULES: list[Rule] = [
    (
        r"^dibuja un círculo",
        lambda m, refs: Interpretation(
            skill="text_to_image", args={"prompt": "a circle", "aspect": "round"}
        ),
    ),
    (
        r"^(?:dibuja|нарисуй) ",
        lambda m, refs: Interpretation(skill="text_to_image", args={"prompt": "a cat on a beach"}),
    ),
    (
        r"blanco y negro|чёрно-бел",
        lambda m, refs: Interpretation(
            skill="adjust", args={"image": refs[-1], "operation": "grayscale"}
        ),
    ),
    *DEFAULT_RULES,
]
# What only operators read: skill ids, argument names, quoting, arrows.
OPERATOR_WORDS = re.compile(r"_|=|→|\b(?:" + "|".join(CATALOG) + r")\b")


@pytest.fixture
async def engine(settings: Settings, store: Store) -> DialogueEngine:
    queue = LocalJobQueue(pil_runner, gpu_skill_ids())
    return DialogueEngine(settings, store, FakeIntentModel(RULES), queue)


async def say(engine: DialogueEngine, out: RecordingOutbound, text: str) -> str:
    """Send `text` as Ana; the platform id of the last thing the bot sent."""
    await engine.handle(IncomingMessage(KEY, Sender("ana"), text), out)
    return f"m{out._n}"


async def test_an_english_caption_reads_plain_words_and_the_stored_line_stays_technical(
    engine: DialogueEngine, store: Store
) -> None:
    out = RecordingOutbound()
    await say(engine, out, "draw a red fox in the snow")
    await say(engine, out, "make it black and white")

    assert [i.caption for i in out.images] == [
        "#1 · a new picture: a red fox in the snow",
        "#2 · black and white",
    ]
    assert not any(OPERATOR_WORDS.search(i.caption) for i in out.images)
    # The intent model and the closed-loop evaluation read the answers as they were.
    conversation = await store.conversations.open(KEY)
    answers = [
        m.text for m in await store.messages.of_conversation(conversation) if m.role == "assistant"
    ]
    assert answers == [
        summary_line("text_to_image", {"prompt": "a red fox in the snow"}, "#1"),
        summary_line("adjust", {"image": "#1", "operation": "grayscale"}, "#2"),
    ]
    await engine.queue.close()


@pytest.mark.parametrize(
    ("language", "draw", "grey", "captions", "did_you_mean"),
    [
        (
            "es",
            "dibuja un gato en la playa, por favor",
            "ahora ponla en blanco y negro, por favor",
            ["#1 · una imagen nueva: a cat on a beach", "#2 · en blanco y negro"],
            "¿Querías decir solo charlar?",
        ),
        (
            "ru",
            "нарисуй кота на пляже, пожалуйста",
            "а теперь сделай её чёрно-белой, пожалуйста",
            ["#1 · новая картинка: a cat on a beach", "#2 · чёрно-белая"],
            "Ты об этом — просто поболтать?",
        ),
    ],
)
async def test_captions_and_did_you_mean_are_in_the_users_language(
    engine: DialogueEngine,
    language: str,
    draw: str,
    grey: str,
    captions: list[str],
    did_you_mean: str,
) -> None:
    out = RecordingOutbound()
    await say(engine, out, draw)
    answer = await say(engine, out, grey)
    assert [i.caption for i in out.images] == captions

    # A 👎 offers the runner-up (the fake model's is chat) in the same words.
    await engine.record_reaction(KEY, Sender("ana"), answer, "👎", True, out)
    notice = phrase("did_you_mean", summary=plain_summary("chat", {}, language))
    assert did_you_mean == notice.said_in(language) and did_you_mean in out.texts
    await engine.queue.close()


def test_every_skill_has_a_title_in_every_book() -> None:
    titled = {*CATALOG, "undo"}  # undo posts an earlier picture anew: it has a caption too
    expected = {f"{TITLE}{s}" for s in titled} | {f"{TITLE}adjust_{op}" for op in ADJUST_WORDS}
    assert {key for key in ENGLISH if key.startswith(TITLE)} == expected
    for skill in titled:
        assert title_key(skill) == f"{TITLE}{skill}"
        for language, book in BOOKS.items():
            assert book[f"{TITLE}{skill}"].strip(), (language, skill)
    for operation in ADJUST_WORDS:
        assert title_key("adjust", operation) == f"{TITLE}adjust_{operation}"


def test_a_caption_shows_one_value_at_most_and_cuts_a_long_one() -> None:
    swap = {"image": "#1", "target": "the red ball", "replacement": "a sunflower"}
    assert plain_summary("replace_object", swap, "en", "#2") == "#2 · a replacement: a sunflower"
    assert plain_summary("undo", {"image": "#1"}, "de", "#4") == "#4 · zurück zu #1"
    prompt = "a lighthouse on a cliff at sunset, " * 5
    line = plain_summary("text_to_image", {"prompt": prompt}, "en", "#1")
    value = line.removeprefix("#1 · a new picture: ")
    assert value.endswith("…") and len(value) <= SHOWN_VALUE_CHARS
    assert prompt.startswith(value.removesuffix("…"))
    # A skill added without words for it (a test's, an operator's) is still called something.
    assert plain_summary("toy_mirror", {"image": "#1"}, "fr", "#2") == "#2 · toy mirror"


def test_questions_about_a_skill_name_it_by_its_title() -> None:
    with pytest.raises(ArgumentProblem) as unknown:
        validate_args("teleport", {}, set())
    assert "teleport" not in unknown.value.words.said_in("en")

    with pytest.raises(ArgumentProblem) as invalid:
        validate_args("text_to_image", {"prompt": "a cat", "aspect": "round"}, set())
    assert "a new picture" in invalid.value.words.said_in("en")
    assert "una imagen nueva" in invalid.value.words.said_in("es")
    assert "text_to_image" not in invalid.value.words.said_in("es")


def test_a_question_about_a_bad_value_is_plain_and_the_operator_keeps_the_details() -> None:
    with pytest.raises(ArgumentProblem) as invalid:
        validate_args("text_to_image", {"prompt": "a cat", "aspect": "round"}, set())
    english = invalid.value.words.said_in("en")
    assert english == (
        "I didn't quite get the details for a new picture. Could you say it another way?"
    )
    for operator_word in ("_", "aspect", "round", "Input should", "'"):
        assert operator_word not in english.replace("didn't", ""), operator_word
    assert "aspect" in (invalid.value.detail or "") and "Input should" in (
        invalid.value.detail or ""
    )
    for language in BOOKS:
        said = invalid.value.words.said_in(language)
        assert "aspect" not in said and "Input" not in said and "{" not in said, language


async def test_a_bad_value_from_the_model_is_asked_about_plainly_and_recorded_for_operators(
    engine: DialogueEngine, store: Store
) -> None:
    out = RecordingOutbound()
    await say(engine, out, "dibuja un círculo rojo, por favor")
    assert out.texts == [
        phrase("invalid_argument", title=skill_title("text_to_image")).said_in("es")
    ]
    assert not OPERATOR_WORDS.search(out.texts[0]) and "aspect" not in out.texts[0]
    async with store.db.execute("SELECT valid, problem FROM decisions") as cur:
        [(valid, problem)] = list(await cur.fetchall())
    assert not valid and problem.startswith("text_to_image: aspect: Input should be")


def test_a_title_in_a_failure_crosses_the_queue_and_is_said_where_the_reader_is() -> None:
    words = phrase("missing_value", title=skill_title("text_to_image"))
    failed = failure_result(SkillError(words, "text_to_image: no value for prompt"))
    back = JobResult.from_json(failed.to_json())
    assert back == failed
    assert back.said_in("ru") == (
        "Мне не хватает одной детали (новая картинка). Расскажи чуть подробнее, чего ты хочешь."
    )
    assert back.detail == "text_to_image: no value for prompt"  # the operator's reading


def test_an_adjustment_without_an_operation_offers_the_choices_in_plain_words() -> None:
    with pytest.raises(ArgumentProblem) as missing:
        validate_args("adjust", {"image": "#1"}, {"#1"})
    english = missing.value.words.said_in("en")
    # The operation's choices, said as users say them, never the enum's own names.
    assert "black and white" in english and "operation" not in english and "_" not in english
    spanish = missing.value.words.said_in("es")
    assert "blanco y negro" in spanish and spanish != english
