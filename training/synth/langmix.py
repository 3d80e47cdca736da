"""Which language each synthetic dialogue, and each of its turns, is written in.

English keeps a large share so that what the model reads most does not get worse; the
other languages share the rest by the `weight` in their lang.txt (Japanese and Chinese
smaller). Some users switch language mid-dialogue, mostly to English; some type without
diacritics, some write Russian or Ukrainian in Latin letters, some drop English words
into their own language.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from training.synth import lang
from training.synth.lang import Language

# How often a user says a word in English instead (per word list draw): most never do.
MIX_RATES = (0.0, 0.0, 0.0, 0.1, 0.25)
# Where a switching user goes: English most of the time, else another language of the mix.
SWITCH_TO_ENGLISH = 0.65


@dataclass(frozen=True)
class LanguageMix:
    """The languages of a synthesized set and how often each is spoken."""

    # Share of dialogues that open in English.
    english_share: float = 0.58
    # The other languages; None means every language folder under vocab/lang.
    languages: tuple[str, ...] | None = None
    # Of the dialogues with two or more turns, the share in which the user switches
    # language once: ~15% of those is ~10% of all non-English dialogues.
    switch_share: float = 0.15
    # The same for dialogues that open in English (a bilingual user going native).
    english_switch_share: float = 0.03

    def others(self) -> tuple[str, ...]:
        known = lang.codes()
        chosen = known if self.languages is None else self.languages
        unknown = [c for c in chosen if c not in known and c != lang.ENGLISH]
        if unknown:
            raise ValueError(f"No phrasings for {unknown}: add training/synth/vocab/lang/<code>/.")
        return tuple(c for c in chosen if c != lang.ENGLISH)

    def opening(self, rng: random.Random) -> str:
        """The language a dialogue opens in."""
        others = self.others()
        if not others or rng.random() < self.english_share:
            return lang.ENGLISH
        return _weighted(rng, others)

    def turn_languages(self, rng: random.Random, turns: int) -> list[Language]:
        """One Language per turn: the opening one, switched once in some dialogues."""
        first = self.opening(rng)
        out = [speaker(first, rng)] * turns
        share = self.english_switch_share if first == lang.ENGLISH else self.switch_share
        if turns > 1 and rng.random() < share:
            others = [c for c in (lang.ENGLISH, *self.others()) if c != first]
            if others:
                if first != lang.ENGLISH and rng.random() < SWITCH_TO_ENGLISH:
                    to = lang.ENGLISH
                else:
                    to = _weighted(rng, _switch_targets(first, others))
                at = rng.randint(1, turns - 1)
                out[at:] = [speaker(to, rng)] * (turns - at)
        return out


def _switch_targets(first: str, others: Sequence[str]) -> list[str]:
    """Where a user of `first` goes other than English: the neighbours its lang.txt names
    (`switch_to`: Russian and Ukrainian, Spanish and Portuguese...) when the mix has them."""
    near = [c.strip() for c in lang.setting(first, "switch_to").split(",") if c.strip()]
    return (
        [c for c in near if c in others] or [c for c in others if c != lang.ENGLISH] or list(others)
    )


def _weighted(rng: random.Random, codes: Sequence[str]) -> str:
    weights = [float(lang.setting(c, "weight", "1")) if c != lang.ENGLISH else 1.0 for c in codes]
    return rng.choices(list(codes), weights=weights)[0]


def speaker(code: str, rng: random.Random) -> Language:
    """How one user writes `code`: with or without diacritics, script, English words."""
    if code == lang.ENGLISH:
        return Language()
    plain = rng.random() < float(lang.setting(code, "plain_share", "0"))
    latin = rng.random() < float(lang.setting(code, "latin_share", "0"))
    return Language(code=code, plain=plain, latin=latin, mix=rng.choice(MIX_RATES))


def mix_from_options(
    languages: str | None = None,
    english_share: float | None = None,
    switch_share: float | None = None,
) -> LanguageMix:
    """The mix `dialogdraw data synth` asks for: `languages` as `en,es,ru` (all by default;
    without `en` in it no dialogue opens in English, with only `en` every one does)."""
    default = LanguageMix()
    share = default.english_share if english_share is None else english_share
    others: tuple[str, ...] | None = None
    if languages:
        codes = [c.strip() for c in languages.split(",") if c.strip()]
        others = tuple(dict.fromkeys(c for c in codes if c != lang.ENGLISH))
        if lang.ENGLISH not in codes:
            share = 0.0
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"The English share must be between 0 and 1, not {share}.")
    mix = LanguageMix(
        english_share=share,
        languages=others,
        switch_share=default.switch_share if switch_share is None else switch_share,
    )
    mix.others()  # unknown codes fail here, before any synthesis
    return mix
