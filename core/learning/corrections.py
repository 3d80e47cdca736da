"""`/fix skill=… key=value …`: an admin's correction of one answer, checked against the
catalog and stored as a decision (source 'correction') pointing at the one it corrects."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from core.answers import Turn, user_language
from core.captions import summary_line
from core.catalog import ArgumentProblem, validate_args
from core.decisions import DecisionRunner
from core.dialogue import PredictionRequest
from core.messages import ConversationKey, Sender
from core.ports import Outbound
from core.store import MessageRow, Store

USAGE = (
    "Reply to one of my answers with /fix skill=<skill> name=value …, e.g. "
    '/fix skill=change_background image=#1 background="a beach".'
)


class FixProblem(ValueError):
    """A /fix that cannot be applied; the message says why, for the admin."""


@dataclass(frozen=True)
class Fix:
    skill: str
    args: dict[str, Any]


def parse_fix(argument: str) -> Fix:
    try:
        parts = shlex.split(argument)
    except ValueError as exc:
        raise FixProblem(f"I couldn't read that ({exc}). {USAGE}") from exc
    fields: dict[str, Any] = {}
    for part in parts:
        name, sep, value = part.partition("=")
        if not sep or not name:
            raise FixProblem(f"'{part}' is not name=value. {USAGE}")
        fields[name] = value
    skill = fields.pop("skill", "")
    if not skill:
        raise FixProblem(USAGE)
    return Fix(skill, fields)


class Corrections:
    """Applies /fix: stores the correction as a decision and runs it for the user."""

    def __init__(self, store: Store, decisions: DecisionRunner) -> None:
        self.store = store
        self.decisions = decisions

    async def apply(
        self,
        key: ConversationKey,
        sender: Sender,
        argument: str,
        reply_to: str | None,
        out: Outbound,
    ) -> str:
        """Store the correction of the answer replied to (else the last answer) and run it."""
        store = self.store
        fix = parse_fix(argument)
        answer = await self._target_answer(key, reply_to)
        if answer is None or answer.decision_id is None:
            raise FixProblem("I can't find an answer of mine to correct here. " + USAGE)
        decision = await store.decisions.get(answer.decision_id)
        if decision is None or not decision.context:
            raise FixProblem("That answer came from a button or command, not from my reading.")
        request = PredictionRequest.model_validate({"id": "", "messages": decision.context})
        try:
            checked = validate_args(fix.skill, fix.args, set(request.existing_refs()))
        except ArgumentProblem as problem:
            raise FixProblem(
                f"That correction doesn't fit the catalog: {problem.detail or problem.question}"
            ) from None
        args = checked.model_dump(exclude_none=True)
        if fix.skill == decision.skill and args == decision.args:
            raise FixProblem("That is what I did already; nothing to learn.")
        correction_id = await store.decisions.add(
            decision.message_id,
            fix.skill,
            args,
            context=decision.context,
            model_version=decision.model_version,
            source="correction",
            parent_decision_id=decision.id,
        )
        user_id = await store.conversations.ensure_user(
            key.platform, sender.platform_user_id, sender.display_name
        )
        language = await user_language(store, answer.conversation_id, up_to=decision.message_id)
        turn = Turn(key, answer.conversation_id, user_id, decision.message_id, sender, language)
        # The user still gets what they asked for; the pair is the lasting effect.
        await self.decisions.run(turn, correction_id, fix.skill, args, out)
        said = decision.context[-1].get("text", "") if decision.context else ""
        return (
            f"Noted: “{said}” means {summary_line(fix.skill, args)}, not "
            f"{summary_line(decision.skill, decision.args)}. It will count at the next /retrain."
        )

    async def _target_answer(self, key: ConversationKey, reply_to: str | None) -> MessageRow | None:
        store = self.store
        if reply_to:
            found = await store.messages.find_platform_message(key.platform, key.chat_id, reply_to)
            if found is not None and found.role == "assistant":
                return found
        return await store.messages.last_answer(await store.conversations.open(key))
