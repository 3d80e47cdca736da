"""What users call a skill: its title in their language, never its id.

Skill ids ("change_background") are operator words, for logs, admins and the stored
dialogue; a user reads the `title_<skill>` phrase of core.phrasebook ("a new
background"). A skill whose argument is an enum may have a title per value
(`title_adjust_grayscale`: "black and white"), since an enum value is an operator word
too. Kept apart from core.captions so that the catalog, which captions read, can name
a skill in its questions.
"""

from __future__ import annotations

from core.phrasebook import ENGLISH, Words

TITLE = "title_"


def title_key(skill: str, variant: str | None = None) -> str | None:
    """The phrase naming `skill` (as `variant`, an enum value, where a book has one)."""
    keys = ([f"{TITLE}{skill}_{variant}"] if variant else []) + [f"{TITLE}{skill}"]
    return next((key for key in keys if key in ENGLISH), None)


def skill_title(skill: str, variant: str | None = None, **refs: str) -> Words | str:
    """The title of `skill`, to be said in the reader's language; `refs` are the pictures
    it works on, which a title may name ("back to {image}").

    A skill with no title is one a test or an operator added without words for it: it
    is called by its id, spaced, rather than by nothing."""
    key = title_key(skill, variant)
    return Words(key, refs) if key else skill.replace("_", " ")
