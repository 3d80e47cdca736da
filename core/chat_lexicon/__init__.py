"""The chat lexicon of every supported language, one module each (core.chat_lexicon.en, ...).

A language without its own module would be answered in English: the test of this package
checks that every language core.languages tells has one.
"""

from core.chat_lexicon import ar, de, en, es, fr, hi, it, ja, pl, pt, ru, tr, uk, zh
from core.chat_lexicon import id as id_  # "id" would hide the builtin
from core.chat_lexicon.lexicon import SHARED, Ability, Lexicon, Phrasing, Talk

LEXICONS: dict[str, Lexicon] = {
    m.LEXICON.code: m.LEXICON for m in (en, es, pt, ru, uk, tr, id_, hi, ar, de, fr, it, pl, ja, zh)
}

__all__ = ["LEXICONS", "SHARED", "Ability", "Lexicon", "Phrasing", "Talk"]
