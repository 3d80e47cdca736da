"""Whether a message asks, in words, to undo the last change ("undo that", "rückgängig").

The intent catalog has no undo skill: /undo and the ↩️ button go back to the previous
picture, and a user who types "undo" meant the same. The intent model, never trained on
such turns, read them as chat or as another edit ("undo that please" removed the
background). So a message that is an undo request and nothing else is answered as /undo
before the model is asked.

Only a whole message counts: once the politeness and filler words are left out, what
remains must be one of these phrases. "go back to the first one and make it blue" names a
picture and asks for more: that is a turn for the model. The phrases are in every language
the bot speaks, compared as core.languages.comparable writes them (lower case, no accents,
no punctuation), and any language's phrase counts in any conversation: users switch.
"""

from __future__ import annotations

import functools

from core.languages import comparable, unspaced

UNDO_PHRASES: dict[str, tuple[str, ...]] = {
    "en": ("undo", "undo that", "undo it", "undo this", "undo the last one", "undo last",
           "undo the last change", "undo the last edit", "undo last change", "go back",
           "go back one step", "step back", "revert", "revert that", "revert it",
           "revert the last change", "go back to the previous one",
           "go back to the previous picture", "go back to the previous version",
           "back to the previous one", "previous version", "take that back", "ctrl z",
           "the previous one was better", "i liked the previous one better"),
    "es": ("deshaz", "deshaz eso", "deshazlo", "deshacer", "vuelve atras", "volver atras",
           "vuelve a la anterior", "vuelve a la version anterior", "regresa a la anterior",
           "regresala", "revierte", "revierte eso", "quita el ultimo cambio",
           "la anterior estaba mejor", "como estaba antes"),
    "pt": ("desfaz", "desfaz isso", "desfazer", "desfaz a ultima", "volta", "volta atras",
           "volta pra anterior", "volta para a anterior", "volta a versao anterior",
           "voltar", "volta como estava", "a anterior tava melhor"),
    "ru": ("отмени", "отмена", "отменить", "отмени это", "отмени последнее", "верни как было",
           "верни обратно", "верни назад", "назад", "верни предыдущую", "откати",
           "откати назад", "предыдущая была лучше", "otmeni", "verni kak bylo"),
    "uk": ("скасуй", "скасувати", "скасуй це", "відміни", "поверни як було", "поверни назад",
           "назад", "відкоти", "попередня була краща"),
    "tr": ("geri al", "geri al bunu", "bunu geri al", "geri don", "onceki haline getir",
           "eski haline getir", "eski haline dondur", "son degisikligi geri al",
           "oncekine don"),
    "id": ("batalin", "batalkan", "balikin", "balikin lagi", "balikin kayak tadi",
           "kembalikan", "kembali ke sebelumnya", "balik ke sebelumnya",
           "yang tadi lebih bagus"),
    "hi": ("undo karo", "undo kar do", "undo kardo", "wapas karo", "wapas kar do",
           "pehle jaisa karo", "pehle jaisa kar do", "pehle jaisa bana do", "pichla wala",
           "pichla wala wapas", "pichli wali wapas lao", "wapas pehle wala"),
    "ar": ("تراجع", "ارجع", "رجعها", "رجعها زي ما كانت", "الغاء",
           "الغي", "ارجع للسابق", "ارجع للصورة السابقة", "رجع الصورة السابقة"),
    "de": ("ruckgangig", "ruckgangig machen", "mach das ruckgangig", "mach es ruckgangig",
           "mach rückgängig", "zuruck", "geh zuruck", "zuruck zum vorherigen",
           "zuruck zur vorherigen version", "vorherige version", "wie vorher",
           "mach es wie vorher", "das vorherige war besser"),
    "fr": ("annule", "annuler", "annule ca", "annule la derniere modif",
           "annule la derniere modification", "reviens en arriere", "retour en arriere",
           "reviens a la precedente", "reviens a la version precedente", "defais",
           "defais ca", "la precedente etait mieux"),
    "it": ("annulla", "annulla l ultima modifica", "annullala", "torna indietro",
           "torna alla precedente", "torna alla versione precedente", "disfa",
           "era meglio quella di prima", "com era prima"),
    "pl": ("cofnij", "cofnij to", "cofnij zmiane", "cofnij ostatnia zmiane", "wroc",
           "wroc do poprzedniej", "wroc do poprzedniej wersji", "przywroc poprzednia",
           "poprzednia byla lepsza"),
    "ja": ("元に戻して", "元に戻す", "戻して", "取り消し", "取り消して", "一つ前に戻して",
           "前のに戻して", "アンドゥ", "さっきの方がいい"),
    "zh": ("撤销", "撤回", "还原", "恢复原样", "回到上一张", "返回上一步", "改回去",
           "撤销一下", "上一张更好"),
}  # fmt: skip

# Words that only soften or lead in a request, in any of the languages above; they are
# left out before the comparison ("ugh, undo that please", "porfa deshazlo"). A "no"
# that stands alone is one; a negation inside the request is not (Hinglish "nahi", Arabic
# "لا", Hindi "na": "undo nahi karo" must not become "undo karo").
FILLERS: frozenset[str] = frozenset(comparable(w) for w in (
    "please", "pls", "plz", "pleasee", "just", "ok", "okay", "oh", "hmm", "ugh", "oops",
    "no", "nah", "nope", "actually", "now", "hey", "bot",
    "por", "favor", "porfa", "porfavor", "pf", "ya", "mejor", "bitte", "mal", "doch", "nee",
    "nein", "пожалуйста", "плиз", "пж", "нет", "ой", "будь", "ласка", "ні", "s", "il", "te",
    "vous", "plait", "stp", "svp", "non", "per", "favore", "dai", "prosze", "nie",
    "lutfen", "hayir", "tolong", "dong", "deh", "aja", "yaar", "bhai", "jaldi",
    "من", "فضلك", "لو", "سمحت",
))  # fmt: skip


# Their Japanese and Chinese kin, cut from either end (no spaces to split them off);
# longest first, so that "お願いします" goes whole.
UNSPACED_FILLERS: tuple[str, ...] = tuple(
    comparable(w) for w in ("お願いします", "ください", "お願い", "一下", "吧", "请")
)


@functools.cache
def _phrases() -> frozenset[str]:
    return frozenset(comparable(p).replace(" ", "") if unspaced(p) else comparable(p)
                     for ps in UNDO_PHRASES.values() for p in ps)  # fmt: skip


def asks_undo(text: str) -> bool:
    """Whether `text` is, fillers aside, one of the undo phrases of some language."""
    words = [w for w in comparable(text).split() if w not in FILLERS]
    if not words:
        return False
    said = " ".join(words)
    if unspaced(said):
        said = said.replace(" ", "")
        for filler in UNSPACED_FILLERS:
            said = said.removesuffix(filler).removeprefix(filler)
    return said in _phrases()
