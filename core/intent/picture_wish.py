"""Whether a request in a conversation without a picture asks to change one.

With no image in the conversation the grammar leaves out every skill that needs one
(core.intent.grammar), so "make it anime" can only come out as a skill that needs none,
mostly `chat`, whose answer then has nothing to do with the request. The model's raw
logits where it names the skill are computed for that choice anyway; what they say about
the skills the grammar refused costs no model call to read.

The rule: the request wants a picture when the probability the model puts on the first
tokens of the refused skills exceeds the probability it puts on the first tokens of the
skills it may name. Both are masses of the unmasked softmax at that position (its
normaliser cancels, so their log-sum-exps of the logits compare the same). Summed, not
compared token by token: a request the model spreads over several edits (to_anime,
style_transfer, instruct_edit) is still an edit, however it splits them. A token that
starts skills of both kinds counts for the allowed side only, as it does not tell an edit.
Only each id's own first token counts, the one the training targets hold; the other
spellings the grammar admits (t, te, tex for `text`) carry next to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import torch

from core.catalog import CATALOG
from core.intent.grammar import allowed_skills


@dataclass(frozen=True)
class SkillOpenings:
    """The first tokens of the skills a request may name and of those it may not."""

    allowed: tuple[int, ...]
    refused: tuple[int, ...]  # none of them also starts an allowed skill

    @classmethod
    def of(cls, first_tokens: Mapping[str, int], existing_refs: Iterable[str]) -> SkillOpenings:
        """Split by what the grammar of a request with these images admits; `first_tokens`
        maps every catalog skill to the first token of its id."""
        names = {s.id for s in allowed_skills(existing_refs)}
        allowed = {first_tokens[s] for s in CATALOG if s in names}
        refused = {first_tokens[s] for s in CATALOG if s not in names} - allowed
        return cls(tuple(sorted(allowed)), tuple(sorted(refused)))


def wants_picture(logits: torch.Tensor, openings: SkillOpenings) -> bool:
    """True when `logits` (the raw logits where the skill is named, shape (vocab,)) put
    more mass on the refused skills' first tokens than on the allowed ones'."""
    if not openings.refused or not openings.allowed:
        return False  # nothing refused (an image exists): nothing to want
    refused = torch.logsumexp(logits[list(openings.refused)].double(), dim=0)
    allowed = torch.logsumexp(logits[list(openings.allowed)].double(), dim=0)
    return bool(refused > allowed)
