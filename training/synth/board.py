"""The images of a dialogue so far, with enough structure to caption edits of them.

A caption is composed from parts (what the subject is, what was done to it, where
it is, how it looks) so that every edit yields a caption that describes its result,
and later turns can refer to an image by what it shows ("the beach one").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from core.captions import UPLOAD_CAPTION
from core.dialogue import ImageInfo

_STOP = frozenset(
    [
        "with",
        "from",
        "into",
        "that",
        "this",
        "photo",
        "picture",
        "image",
        "version",
        "style",
        "front",
        "their",
        "there",
        "some",
        "little",
        "small",
        "white",
        "outline",
        "written",
        "transparent",
        "background",
        "view",
        "wider",
        "upscaled",
    ]
)


@dataclass(frozen=True)
class Img:
    ref: str
    subject: str  # "a grey tabby cat"
    noun: str  # "cat": what "turn the cat into a fox" names
    prefix: str = ""  # "a photo of ", "a sticker of "
    state: str = ""  # "wearing sunglasses"
    setting: str = ""  # "on a sandy beach"
    extra: str = ""  # "with a trash bin in the foreground"
    look: str = ""  # "watercolor style, upscaled 2x"
    kind: str = "art"  # art, photo, person, pose, bw, sketch, qr, sticker, cutout, lineart
    upload: bool = False
    prompt: str = ""  # the text_to_image prompt that made it, for "same but ..." follow-ups
    objects: tuple[str, ...] = ()  # targets one may erase
    definite: bool = False  # derived images are "the cat ..." rather than "a cat ..."
    people: bool = False  # a person is the subject (poses, selfies)
    # What the intent model is shown instead of `caption`, where no captioner described
    # the picture: an upload's UPLOAD_CAPTION, or a result captioned from it. `caption`
    # stays what the picture really shows, which the user knows and says.
    shown: str = ""

    @property
    def caption(self) -> str:
        text = " ".join(p for p in (self.prefix + self.subject, self.state, self.setting) if p)
        if self.extra:
            text += " " + self.extra
        if self.look:
            text += ", " + self.look
        text = re.sub(r"\s+", " ", text).strip()
        if self.definite:
            text = re.sub(r"^an? ", "the ", text)
        return text

    @property
    def seen(self) -> str:
        """The caption the intent model reads."""
        return self.shown or self.caption

    def info(self) -> ImageInfo:
        return ImageInfo(ref=self.ref, caption=self.seen)

    def with_look(self, look: str) -> str:
        return f"{self.look}, {look}" if self.look else look


class Board:
    """All images of one dialogue in order of appearance; numbering is #1, #2, ..."""

    def __init__(self, blind: bool = False) -> None:
        self.images: list[Img] = []
        # A dialogue with a bot that runs no captioner: its uploads reach the intent model
        # as UPLOAD_CAPTION only, and the model must go by what the user writes.
        self.blind = blind

    def next_ref(self) -> str:
        return f"#{len(self.images) + 1}"

    def add(self, img: Img) -> Img:
        img = replace(img, ref=self.next_ref())
        if self.blind and img.upload:
            img = replace(img, shown=UPLOAD_CAPTION)
        self.images.append(img)
        return img

    def derive(self, source: Img, **changes: object) -> Img:
        """A result made from `source`: same parts except `changes`, a new ref."""
        # A result is shown by its own caption unless the turn says otherwise (reshow).
        fields = {"upload": False, "definite": True, "shown": "", **changes}
        return self.add(replace(source, **fields))  # type: ignore[arg-type]

    def reshow(self, img: Img, shown: str) -> Img:
        """`img` as the intent model is to see it from now on: captioned `shown`."""
        new = replace(img, shown=shown)
        self.images[self.images.index(img)] = new
        return new

    @property
    def newest(self) -> Img:
        return self.images[-1]

    def refs(self) -> set[str]:
        return {img.ref for img in self.images}

    def unique_tag(self, img: Img) -> str | None:
        """A word or two in img's caption that no other image's caption has."""
        own = img.caption.lower()
        subject_words = re.findall(r"[a-z-]+", img.subject.lower())
        bigrams = [f"{a} {b}" for a, b in itertools.pairwise(subject_words)]
        candidates = [img.noun.lower(), *bigrams, *re.findall(r"[a-z-]{4,}", own)]
        others = [o.caption.lower() for o in self.images if o.ref != img.ref]
        for cand in candidates:
            if cand in _STOP or cand in ("a", "an", "the"):
                continue
            pattern = re.compile(rf"\b{re.escape(cand)}\b")
            if pattern.search(own) and not any(pattern.search(o) for o in others):
                return cand
        return None
