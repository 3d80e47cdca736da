"""Reactions on the bot's answers: kept as feedback, and turned into learning signal.

A 👍 on a model decision completes the pair with its runner-up (the learning loop's
`runner_up` rule needs the runner-up's arguments); a 👎 gets the model's next-best reading
run as an alternative ("Did you mean …?"), the loop's main source of pairs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import MutableMapping
from typing import Any

from core.admission import Admission
from core.answers import Turn, user_language
from core.captions import plain_summary
from core.catalog import ArgumentProblem, validate_args
from core.decisions import DecisionRunner
from core.dialogue import Interpretation, PredictionRequest
from core.feedback import polarity
from core.messages import ConversationKey, Sender
from core.phrasebook import phrase
from core.ports import IntentModel, Outbound
from core.settings import Settings
from core.store import Store

log = logging.getLogger(__name__)

# One turn at a time per conversation: an alternative waits for the turn in progress.
ConversationLocks = MutableMapping[ConversationKey, asyncio.Lock]
NO_ALTERNATIVE = phrase("no_alternative")


class Reactions:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        intent: IntentModel,
        decisions: DecisionRunner,
        admission: Admission,
        locks: ConversationLocks,
    ) -> None:
        self.settings = settings
        self.store = store
        self.intent = intent
        self.decisions = decisions
        self.admission = admission
        self.locks = locks

    async def record(
        self,
        key: ConversationKey,
        sender: Sender,
        platform_message_id: str,
        emoji: str,
        added: bool,
        out: Outbound | None = None,
        scopes: tuple[str, ...] = (),
    ) -> int | None:
        """Store a reaction on one of the bot's answers; returns its polarity, or None when
        it is not taken (not an answer of the bot, a user the bot is not enabled for). With
        `out`, a 👎 gets an alternative run — once per answer and user, and within the rate
        limit."""
        if not self.admission.allowed(key, sender, scopes):
            return None
        message = await self.store.messages.find_platform_message(
            key.platform, key.chat_id, platform_message_id
        )
        if message is None or message.role != "assistant":
            return None
        user_id = await self.store.conversations.ensure_user(
            key.platform, sender.platform_user_id, sender.display_name
        )
        value = polarity(emoji, self.settings.positive_emoji, self.settings.negative_emoji)
        earlier = await self.store.feedback.of_message(message.id, user_id)
        await self.store.feedback.add(
            message.id, message.decision_id, user_id, emoji, value, "added" if added else "removed"
        )
        offered_before = any(f.polarity < 0 and f.action == "added" for f in earlier)
        if value > 0 and added and message.decision_id is not None:
            try:
                await self._complete_runner_up(message.decision_id)
            except Exception:
                log.exception("decoding the runner-up failed")
        if (
            value < 0
            and added
            and out is not None
            and message.decision_id is not None
            and not offered_before
            and self.admission.within_limit(key, sender)
        ):
            try:
                await self._offer_alternative(
                    message.decision_id, message.conversation_id, user_id, sender, out
                )
            except Exception:
                log.exception("offering an alternative failed")
        return value

    async def _offer_alternative(
        self, decision_id: int, conversation_id: int, user_id: int, sender: Sender, out: Outbound
    ) -> None:
        """Run the best reading of the model's n-best not tried yet ("Did you mean …?").

        Alternatives hang off the model's decision (parent_decision_id), so a 👎 on an
        alternative offers the next runner-up of the same turn, never the same one twice.
        """
        decision = await self.store.decisions.get(decision_id)
        if decision is not None and decision.source == "alternative":
            parent = decision.parent_decision_id
            decision = await self.store.decisions.get(parent) if parent is not None else None
        if decision is None or decision.source != "model" or not decision.context:
            return
        language = await user_language(self.store, conversation_id, up_to=decision.message_id)
        tried = [decision.skill] + [
            d.skill for d in await self.store.decisions.with_parent(decision.id)
        ]
        request = PredictionRequest.model_validate({"id": "", "messages": decision.context})
        refs = set(request.existing_refs())
        for alternative in decision.alternatives:
            if alternative["skill"] in tried:
                continue
            reading = await self._decoded(request, alternative)
            if reading is None:
                continue
            try:
                args = validate_args(reading.skill, reading.args, refs)
            except ArgumentProblem:
                continue
            skill, valid = reading.skill, args.model_dump(exclude_none=True)
            break
        else:
            await out.send_text(NO_ALTERNATIVE.said_in(language))
            return
        key = await self.store.conversations.key(conversation_id)
        async with self.locks[key]:
            new_id = await self.store.decisions.add(
                decision.message_id,
                skill,
                valid,
                context=decision.context,
                model_version=decision.model_version,
                source="alternative",
                parent_decision_id=decision.id,
            )
            turn = Turn(key, conversation_id, user_id, decision.message_id, sender, language)
            notice = phrase("did_you_mean", summary=plain_summary(skill, valid, language))
            await self.decisions.answers.notice(turn, notice, out)
            await self.decisions.run(turn, new_id, skill, valid, out)

    async def _decoded(
        self, request: PredictionRequest, alternative: dict[str, Any]
    ) -> Interpretation | None:
        """A stored runner-up as a full reading: its arguments as stored, or decoded now from
        the decision's context (runner-ups are kept as skills only; see DecisionRunner)."""
        if "args" in alternative:
            return Interpretation(skill=alternative["skill"], args=alternative["args"])
        try:
            return await asyncio.to_thread(self.intent.alternative, request, alternative["skill"])
        except Exception:
            log.exception("decoding the alternative %s failed", alternative["skill"])
            return None

    async def _complete_runner_up(self, decision_id: int) -> None:
        """A 👍 on a model decision makes a pair with its different-skill runner-up, which
        needs the runner-up's arguments."""
        decision = await self.store.decisions.get(decision_id)
        if decision is None or decision.source != "model" or not decision.context:
            return
        alternatives = list(decision.alternatives)
        index = next(
            (i for i, a in enumerate(alternatives) if a.get("skill") != decision.skill), None
        )
        if index is None or "args" in alternatives[index]:
            return
        request = PredictionRequest.model_validate({"id": "", "messages": decision.context})
        reading = await self._decoded(request, alternatives[index])
        if reading is None:
            return
        alternatives[index] = {**alternatives[index], "args": reading.args}
        await self.store.decisions.set_alternatives(decision.id, alternatives)
