"""What a user reads when the bot just talks: in their language, never their own words
back, never a loop, never the same line twice running."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pytest

from core.catalog import CATALOG
from core.chat_guard import degenerate, echoes, finished, rejection
from core.chat_lexicon import LEXICONS, Ability, Talk
from core.chat_replies import (
    GROUPS,
    abilities_answers,
    available,
    chat_reply,
    reply_language,
    small_talk,
)
from core.dialogue import DialogueMessage
from core.engine import DialogueEngine
from core.languages import SUPPORTED, comparable, detect_language
from tests.core.test_engine import msg
from tests.doubles import RecordingOutbound

if TYPE_CHECKING:
    from core.intent.model import TransformersIntentModel

Respond = Callable[[Sequence[DialogueMessage]], str]


def echo(messages: Sequence[DialogueMessage]) -> str:
    return messages[-1].text


def waves(messages: Sequence[DialogueMessage]) -> str:
    return "👋👋👋"


def previous_reply(messages: Sequence[DialogueMessage]) -> str:
    return next((m.text for m in reversed(messages) if m.role == "assistant"), "hello")


def says(text: str) -> Respond:
    return lambda messages: text


def user(text: str) -> DialogueMessage:
    return DialogueMessage(role="user", text=text)


def bot(text: str) -> DialogueMessage:
    return DialogueMessage(role="assistant", text=text)


def talk(messages: Sequence[str], respond: Respond, conversation: int = 1) -> list[str]:
    """Send `messages` one after another in one conversation; the bot's replies."""
    dialogue: list[DialogueMessage] = []
    replies = []
    for text in messages:
        reply = chat_reply(user(text), dialogue, respond, conversation)
        dialogue += [user(text), bot(reply)]
        replies.append(reply)
    return replies


CHAT = [
    "thanks, that's great",
    "hi! what can you do?",
    "tell me a joke",
    "what's the capital of France?",
    "haha",
    "gracias, está genial",
    "¿qué puedes hacer?",
    "cuéntame un chiste",
    "obrigado, ficou ótimo",
    "você gosta de música?",
    "спасибо, отлично получилось",
    "что ты умеешь?",
    "расскажи анекдот",
    "дякую, чудово вийшло",
    "teşekkürler, harika olmuş",
    "bugün hava nasıl?",
    "makasih, keren banget",
    "thanks yaar, bahut accha hai",
    "tum kaun ho?",
    "شكراً، رائع جداً",
    "ماذا تستطيع أن تفعل؟",
    "danke, sieht super aus",
    "erzähl mir einen Witz",
    "merci, c'est génial",
    "grazie, è bellissimo",
    "dzięki, wygląda świetnie",
    "ありがとう、最高です",
    "今日はいい天気ですね",
    "谢谢，太棒了",
    "你能做什么？",
    "你喜欢音乐吗？",
    "ok",
    "👍",
]


@pytest.mark.parametrize("respond", [echo, waves, previous_reply], ids=lambda f: f.__name__)
def test_a_chat_answer_never_repeats_the_user_or_itself(respond: Respond) -> None:
    replies = talk(CHAT, respond)
    for n, (message, reply) in enumerate(zip(CHAT, replies, strict=True)):
        assert comparable(reply) != comparable(message), (message, reply)
        assert not echoes(reply, message), (message, reply)
        assert not degenerate(reply), (message, reply)
        assert "👋👋" not in reply
        if n:
            assert comparable(reply) != comparable(replies[n - 1]), (message, reply)


ABILITIES = {
    "en": "what can you do?",
    "es": "¿qué puedes hacer?",
    "ru": "что ты умеешь?",
    "de": "was kannst du alles?",
    "ar": "ماذا تستطيع أن تفعل؟",
    "zh": "你能做什么？",
    "pt": "o que você sabe fazer?",
    "ja": "何ができますか？",
}


@pytest.mark.parametrize("language", list(ABILITIES))
def test_an_abilities_question_is_answered_from_the_catalog_in_its_language(
    language: str,
) -> None:
    reply = chat_reply(user(ABILITIES[language]), [], echo, 1)
    lexicon = LEXICONS[language]
    assert detect_language(reply) == language, reply
    assert lexicon.abilities["draw"].says in reply and lexicon.abilities["change"].says in reply
    # Examples to send: a drawing and an edit, as a user of that language would ask.
    assert lexicon.quoted(lexicon.abilities["draw"].example) in reply
    assert lexicon.quoted(lexicon.abilities["change"].example) in reply


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("are you able to do watercolours?", "restyle"),
        ("can you make stickers?", "sticker"),
        ("¿sabes hacer acuarelas?", "restyle"),
        ("ты можешь убрать фон?", "change"),
        ("kannst du Skizzen fertig malen?", "sketch"),
        ("你能画画吗？", "draw"),
    ],
)
def test_a_question_about_one_ability_is_answered_about_it(question: str, group: Ability) -> None:
    reply = chat_reply(user(question), [], echo, 1)
    phrasing = LEXICONS[detect_language(question)].abilities[group]
    assert phrasing.says in reply and phrasing.example in reply, reply


def test_a_skill_gone_from_the_catalog_is_no_longer_offered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for spec in list(CATALOG.values()):
        if GROUPS["sticker"](spec):
            monkeypatch.delitem(CATALOG, spec.id)
    assert "sticker" not in available()
    reply = chat_reply(user("what can you do?"), [], echo, 1)
    assert "sticker" not in reply.lower()
    assert chat_reply(user("can you make stickers?"), [], says("Not yet, sorry."), 1) == (
        "Not yet, sorry."
    )


def test_a_question_naming_no_ability_goes_to_the_model() -> None:
    answer = "Why did the pencil blush? It saw the eraser."
    assert chat_reply(user("can you tell me a joke?"), [], says(answer), 1) == answer


def test_an_ordinary_word_is_no_praise_without_its_accent() -> None:
    """German "schön" typed plainly is "schon" (already), a word of any request."""
    assert small_talk("ich hab schon eins gemacht", LEXICONS["de"]) is None
    assert small_talk("sehr schön!", LEXICONS["de"]) == "thanks"


SMALL_TALK: dict[Talk, list[str]] = {
    "greeting": ["hi", "hola", "привет", "merhaba", "こんにちは", "👋"],
    "thanks": ["thanks, that's great", "danke!", "谢谢", "🔥🔥🔥", "obrigado"],
    "goodbye": ["bye, see you", "tschüss", "до завтра", "à demain"],
    "how_are_you": ["hi, how are you?", "¿cómo estás?", "apa kabar?", "kaise ho bhai?"],
    "laughter": ["hahaha", "jajaja", "kkkkk", "哈哈哈", "😂"],
    "apology": ["sorry, my bad", "perdón", "przepraszam", "ごめん"],
}


@pytest.mark.parametrize("kind", list(SMALL_TALK))
def test_small_talk_is_told(kind: Talk) -> None:
    for text in SMALL_TALK[kind]:
        lexicon = LEXICONS[reply_language(text, [])]
        assert small_talk(text, lexicon) == kind, text
        assert chat_reply(user(text), [], echo, 1) in lexicon.replies[kind], text


# Thanks and a greeting in each language as users type them without its script or accents:
# romanised ("spasibo", "konnichiwa"), with letters left out ("gunaydin") or shortened ("grz").
TYPED_PLAINLY: dict[str, tuple[str, str]] = {
    "en": ("thank u", "sup"),
    "es": ("grax", "buen dia"),
    "pt": ("obg", "ola"),
    "ru": ("spasibo", "privet"),
    "uk": ("diakuiu", "pryvit"),
    "tr": ("tesekkur ederim", "gunaydin"),
    "id": ("terimakasih", "assalamualaikum"),
    "hi": ("dhanyawad", "namastey"),
    "ar": ("shukran", "marhaba"),
    "de": ("danke schoen", "gruss gott"),
    "fr": ("cimer", "bjr"),
    "it": ("grz", "buon giorno"),
    "pl": ("dziekuje bardzo", "czesc"),
    "ja": ("arigato", "konnichiwa"),
    "zh": ("xiexie", "ni hao"),
}


def test_every_language_has_small_talk_typed_plainly() -> None:
    assert set(TYPED_PLAINLY) == set(SUPPORTED)


@pytest.mark.parametrize("language", list(TYPED_PLAINLY))
def test_small_talk_typed_plainly_gets_the_languages_own_line(language: str) -> None:
    thanks, greeting = TYPED_PLAINLY[language]
    for text, kind in [(thanks, "thanks"), (greeting, "greeting")]:
        reply = chat_reply(user(text), [], echo, 1)
        # The line as the lexicon writes it, so in its own script: Cyrillic for "spasibo".
        assert reply in LEXICONS[language].replies[kind], (text, reply)
        assert detect_language(reply) == language, (text, reply)


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("kak dela?", "ru", "how_are_you"),
        ("yak spravy?", "uk", "how_are_you"),
        ("kifak?", "ar", "how_are_you"),
        ("ma3a salama", "ar", "goodbye"),
        ("genki desu ka?", "ja", "how_are_you"),
        ("sayonara!", "ja", "goodbye"),
        ("zaijian", "zh", "goodbye"),
        ("co slychac?", "pl", "how_are_you"),
        ("tschuess", "de", "goodbye"),
        # Read as Polish, Portuguese, Turkish by a reader of Latin-script languages alone.
        ("konnichiwa!", "ja", "greeting"),
        ("arigatou gozaimasu", "ja", "thanks"),
        ("ma'a salama", "ar", "goodbye"),
    ],
)
def test_more_small_talk_typed_plainly(text: str, language: str, kind: Talk) -> None:
    assert reply_language(text, []) == language
    assert chat_reply(user(text), [], echo, 1) in LEXICONS[language].replies[kind]


def test_small_talk_two_languages_share_follows_the_conversation() -> None:
    # "poka" is goodbye in Russian and Ukrainian alike, typed in Latin letters.
    russian = [user("нарисуй кота в шляпе"), bot("Готово! #1")]
    ukrainian = [user("намалюй кота в капелюсі"), bot("Готово! #1")]
    assert chat_reply(user("poka"), russian, echo, 1) in LEXICONS["ru"].replies["goodbye"]
    assert chat_reply(user("poka"), ukrainian, echo, 1) in LEXICONS["uk"].replies["goodbye"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("what does arigato mean?", "It is Japanese for thank you."),
        ("draw a sign that says arigato", "Sure, a wooden sign it is."),
        ("make the cat say spasibo in a speech bubble", "Sure, a speech bubble it is."),
        # "la forme ?" is how French asks how you are, but not here.
        ("change la forme du chapeau", "Bien sûr, quelle forme veux-tu pour le chapeau ?"),
    ],
)
def test_a_request_that_names_small_talk_is_no_small_talk(text: str, answer: str) -> None:
    assert chat_reply(user(text), [], says(answer), 1) == answer


# "What else can you do?" as each language asks it.
WHAT_ELSE = {
    "en": "what else can you do?",
    "es": "¿qué más sabes hacer?",
    "pt": "que mais sabes fazer?",
    "ru": "что ты ещё умеешь?",
    "uk": "що ти ще вмієш?",
    "tr": "başka neler yapabiliyorsun?",
    "id": "apa lagi yang bisa kamu lakukan?",
    "hi": "aur kya kya aata hai tumhe?",
    "ar": "شو بتعرف تعمل كمان؟",
    "de": "was kannst du sonst noch?",
    "fr": "tu sais faire quoi d'autre ?",
    "it": "che altro sai fare?",
    "pl": "co jeszcze potrafisz?",
    "ja": "他にどんなことができますか？",
    "zh": "你还会什么？",
}


def test_every_language_asks_what_else() -> None:
    assert set(WHAT_ELSE) == set(SUPPORTED)


@pytest.mark.parametrize("language", list(WHAT_ELSE))
def test_what_else_can_you_do_is_answered_from_the_catalog(language: str) -> None:
    reply = chat_reply(user(WHAT_ELSE[language]), [], echo, 1)
    assert reply in abilities_answers(LEXICONS[language], "all"), reply


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("que otras cosas haces?", "es"),
        ("o que mais vc pode fazer?", "pt"),
        ("cos'altro puoi fare?", "it"),
        ("de quoi es-tu capable ?", "fr"),
        ("на что ты способен?", "ru"),
        ("你都会干什么？", "zh"),
        ("وش تقدر تسوي؟", "ar"),
    ],
)
def test_other_ways_to_ask_what_the_bot_can_do(question: str, language: str) -> None:
    reply = chat_reply(user(question), [], echo, 1)
    assert reply in abilities_answers(LEXICONS[language], "all"), reply


def test_praise_turned_down_is_no_thanks() -> None:
    assert small_talk("not great", LEXICONS["en"]) is None
    assert small_talk("no me gusta nada", LEXICONS["es"]) is None
    assert (
        small_talk("this is long and it talks about more than just a thanks", LEXICONS["en"])
        is None
    )


@pytest.mark.parametrize("conversation", range(20))
def test_small_talk_never_says_the_same_line_twice_running(conversation: int) -> None:
    messages = ["hi", "thanks", "thanks!", "thank you", "haha", "lol", "bye", "bye"]
    messages += ["gracias", "gracias", "jaja", "спасибо", "спасибо", "谢谢", "谢谢"]
    replies = talk(messages, echo, conversation)
    assert all(a != b for a, b in itertools.pairwise(replies)), replies
    # The same conversation replayed reads the same.
    assert talk(messages, echo, conversation) == replies


def test_a_good_model_answer_is_sent() -> None:
    answer = "Paris is the capital of France."
    assert chat_reply(user("what's the capital of France?"), [], says(answer), 1) == answer


@pytest.mark.parametrize(
    ("message", "answer", "why"),
    [
        ("thanks, that's great", "thanks, that's great!", "repeats the user's message"),
        ("tell me about the sea", "You said: tell me about the sea", "repeats the user's message"),
        ("tell me about the sea", "the sea, tell me", "repeats the user's message"),
        ("tell me about the sea", "👋👋👋", "degenerate"),
        ("tell me about the sea", "Sure 🌊🌊🌊 the sea", "degenerate"),
        ("tell me about the sea", "sea sea sea sea", "degenerate"),
        ("tell me about the sea", "I like it. " * 5, "degenerate"),
        ("tell me about the sea", "The sea is wide. " * 30, "too long"),
        ("tell me about the sea", "  ", "empty"),
        ("tell me about the sea", "Hello! How can I help?", "repeats the previous reply"),
    ],
)
def test_the_guard_names_what_is_wrong(message: str, answer: str, why: str) -> None:
    assert rejection(answer, message, "Hello! How can I help?", "en") == why


def test_a_sentence_cut_off_by_the_token_budget_is_dropped() -> None:
    cut = "I can help with pictures. I'm designed to assist users with creative"
    assert chat_reply(user("any thoughts on cats?"), [], says(cut), 1) == (
        "I can help with pictures."
    )
    assert finished("Paris, France") == "Paris, France"  # no sentence ended: kept whole
    assert finished("我很好。你呢") == "我很好。"


def test_an_answer_in_another_language_is_replaced() -> None:
    english = "The weather is lovely today, perfect for a walk in the park."
    assert rejection(english, "¿qué tiempo hace hoy?", None, "es") == "written in en, not es"
    assert rejection(english, "aaj mausam kaisa hai yaar?", None, "hi") is None
    reply = chat_reply(user("¿qué tiempo hace hoy en Madrid?"), [], says(english), 1)
    assert detect_language(reply) == "es" and reply != english


def test_a_failing_model_still_gets_an_answer_in_the_users_language() -> None:
    def broken(messages: Sequence[DialogueMessage]) -> str:
        raise RuntimeError("out of memory")

    reply = chat_reply(user("erzähl mir einen Witz über Katzen"), [], broken, 1)
    lexicon = LEXICONS["de"]
    assert any(reply.startswith(i.split("{")[0]) for i in lexicon.invites), reply


def test_a_short_message_is_answered_in_the_conversations_language() -> None:
    earlier = [user("dibuja un gato con sombrero"), bot("¡Listo! #1")]
    reply = chat_reply(user("👍"), earlier, echo, 1)
    assert reply in LEXICONS["es"].replies["thanks"]


def test_every_language_has_its_whole_lexicon() -> None:
    assert set(LEXICONS) == set(SUPPORTED)
    talk_kinds = set(SMALL_TALK)
    for code, lexicon in LEXICONS.items():
        assert lexicon.code == code
        assert set(lexicon.talk) == talk_kinds and set(lexicon.replies) == talk_kinds, code
        assert all(len(lexicon.replies[k]) >= 2 for k in talk_kinds), code
        assert set(lexicon.abilities) == set(GROUPS), code
        assert all("{example}" in line for line in lexicon.invites), code
        assert "{abilities}" in lexicon.can_do and "{ability}" in lexicon.yes, code
        assert "{examples}" in lexicon.for_example, code
        for kind, lines in lexicon.replies.items():
            assert all(detect_language(line) == code for line in lines), (code, kind)


def test_no_reply_line_is_degenerate_or_over_long() -> None:
    for lexicon in LEXICONS.values():
        lines = [line for lines in lexicon.replies.values() for line in lines]
        lines += abilities_answers(lexicon, "all")
        for line in lines:
            assert not degenerate(line) and len(line) < 400, line
            assert not re.search(r"\{\w*\}", line), line


async def test_the_user_reads_a_real_answer_through_the_engine(
    engine: DialogueEngine, out: RecordingOutbound
) -> None:
    # FakeIntentModel decides chat for these, and its LM answers "You said: <message>".
    for text in ["hi! what can you do?", "thanks, that's great", "what's the capital of France?"]:
        await engine.handle(msg(text), out)
    abilities, thanks, invite = out.texts[-3:]
    assert abilities.startswith("I can draw new pictures") and "“draw a lighthouse" in abilities
    assert thanks in LEXICONS["en"].replies["thanks"]
    assert "You said" not in invite and "“" in invite
    await engine.handle(msg("¿qué puedes hacer?"), out)
    assert out.texts[-1].startswith("Puedo dibujar")


def test_the_shipped_model_is_answered_for_in_every_case(
    shipped_intent: TransformersIntentModel,
) -> None:
    """The shipped model itself, as the bot runs it: whatever it writes, the user reads a
    finished, non-repeating line (its own, where it passes the guard)."""
    model = shipped_intent
    messages = ["tell me a joke", "what is your favourite colour?", "cuéntame un chiste", "hmm"]
    replies = talk(messages, model.respond)
    for n, (message, reply) in enumerate(zip(messages, replies, strict=True)):
        language = reply_language(message, messages[:n])
        assert rejection(reply, message, None, language) is None, reply
        assert finished(reply) == reply
    assert detect_language(replies[2]) == "es"


def test_example_replies(capsys: pytest.CaptureFixture[str]) -> None:
    """The table in the report: what users of each language read (run with -s)."""
    lines = [
        "thanks, that's great", "hi! what can you do?", "are you able to do watercolours?",
        "¿qué puedes hacer?", "obrigado, ficou ótimo", "привет, что ты умеешь?",
        "дякую, чудово вийшло", "nasılsın?", "makasih, keren banget", "kaise ho bhai?",
        "شكراً، رائع جداً", "hallo, was kannst du?", "merci, c'est génial", "ciao!",
        "przepraszam, chodziło mi o inne zdjęcie", "水彩画みたいにできる？", "你能做什么？",
        "tell me a joke",
    ]  # fmt: skip
    with capsys.disabled():
        print()
        for text in lines:
            reply = chat_reply(user(text), [], echo, 3)
            print(f"| {detect_language(text)} | {text} | {reply} |")
