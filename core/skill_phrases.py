"""How a skill's result is put into words, declared on its catalog entry.

Two readers, two sets of words:
- the caption (`Caption`), which the intent model reads in later turns to find a
  picture by what it shows ("a red fox, edited: give it a hat");
- what the result shows (`Shows`), which the image metrics ask a VQA model about
  (training/integrate.py). Where an argument holds no sentence (an evaluation file's
  check object, an unknown picture), there is nothing to ask: None.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

# (args, the caption of the source picture) -> the result's caption
CaptionRule = Callable[[Mapping[str, Any], str], str]
Describe = Callable[[str], str | None]  # ref -> what that picture shows, None if unknown
# (args, describe) -> what the result shows; None: no sentence to say it with
ShowsRule = Callable[[Mapping[str, Any], Describe], str | None]


def _slots(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@dataclass(frozen=True)
class Caption:
    """A caption template: `{base}` is the source picture's caption, any other slot an
    argument; an argument left out reads as its default here, or as nothing."""

    template: str
    defaults: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, args: Mapping[str, Any], base: str) -> str:
        values = {"base": base}
        for name in _slots(self.template):
            if name != "base":
                value = args.get(name)
                given = value not in (None, "")
                values[name] = str(value) if given else self.defaults.get(name, "")
        return self.template.format_map(values)


def text_arg(args: Mapping[str, Any], name: str) -> str | None:
    """A text argument as a sentence; evaluation files may hold a check object
    ({"must": [...]}) where a text goes, which is no sentence."""
    value = args.get(name)
    return (value.strip() or None) if isinstance(value, str) else None


@dataclass(frozen=True)
class Shows:
    """What a result shows: the first template whose arguments are all given. An image
    argument's slot reads as what that picture shows; `words` turns the values of a
    fixed-value argument into words."""

    templates: tuple[str, ...]
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def render(
        self, args: Mapping[str, Any], describe: Describe, refs: Collection[str]
    ) -> str | None:
        template = next((t for t in self.templates if all(n in args for n in _slots(t))), None)
        if template is None:
            return None
        values: dict[str, str] = {}
        for name in _slots(template):
            value = args.get(name)
            if name in refs:
                text = describe(value) if isinstance(value, str) else None
            elif name in self.words:
                text = self.words[name].get(value) if isinstance(value, str) else None
            else:
                text = text_arg(args, name)
            if text is None:
                return None
            values[name] = text
        return template.format_map(values)


def in_style(style_arg: str) -> ShowsRule:
    """The source `in <style> style`, without saying "style" twice ("pixel art style")."""

    def rule(args: Mapping[str, Any], describe: Describe) -> str | None:
        source, style = _source(args, describe), text_arg(args, style_arg)
        if source is None or style is None:
            return None
        look = style if "style" in style.lower() else f"{style} style"
        return f"{source}, in {look}"

    return rule


_ARTICLE = re.compile(r"^(a|an|the|some)\s+", re.IGNORECASE)


def swapped(old_arg: str, new_arg: str) -> ShowsRule:
    """The source's description with one thing in it swapped for another."""

    def rule(args: Mapping[str, Any], describe: Describe) -> str | None:
        source, old, new = _source(args, describe), text_arg(args, old_arg), text_arg(args, new_arg)
        if source is None or old is None or new is None:
            return None
        old = _ARTICLE.sub("", old)
        # "a dog on a beach" with dog -> "a fox" reads "a fox on a beach": a VQA model
        # asked about "..., a fox instead of dog" would still be asked about a dog.
        found = re.compile(rf"\b(?:(a|an|the|some)\s+)?{re.escape(old)}\b", re.IGNORECASE)
        if found.search(source) is None:
            return f"{source}, with {new} instead of {old}"

        def swap(match: re.Match[str]) -> str:
            article = match.group(1)
            return new if article is None or _ARTICLE.match(new) else f"{article} {new}"

        return found.sub(swap, source, count=1)

    return rule


def _source(args: Mapping[str, Any], describe: Describe) -> str | None:
    ref = args.get("image")
    return describe(ref) if isinstance(ref, str) else None
