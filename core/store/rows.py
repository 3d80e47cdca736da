"""Typed rows read from the store."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ImageRow:
    id: int
    conversation_id: int
    number: int
    message_id: int
    sha256: str
    mime_type: str
    width: int
    height: int
    caption: str
    origin: str
    parent_image_id: int | None
    skill: str | None
    args: dict[str, Any] | None
    seed: int | None
    model: str | None

    @property
    def ref(self) -> str:
        return f"#{self.number}"

    @classmethod
    def from_row(cls, row: Any) -> ImageRow:
        return cls(
            id=row["id"],
            conversation_id=row["conversation_id"],
            number=row["number"],
            message_id=row["message_id"],
            sha256=row["sha256"],
            mime_type=row["mime_type"],
            width=row["width"],
            height=row["height"],
            caption=row["caption"],
            origin=row["origin"],
            parent_image_id=row["parent_image_id"],
            skill=row["skill"],
            args=json.loads(row["args_json"]) if row["args_json"] else None,
            seed=row["seed"],
            model=row["model"],
        )


@dataclass(frozen=True)
class MessageRow:
    id: int
    conversation_id: int
    user_id: int | None
    role: str
    text: str
    kind: str
    platform_message_id: str | None
    decision_id: int | None

    @classmethod
    def from_row(cls, row: Any) -> MessageRow:
        return cls(
            id=row["id"],
            conversation_id=row["conversation_id"],
            user_id=row["user_id"],
            role=row["role"],
            text=row["text"],
            kind=row["kind"],
            platform_message_id=row["platform_message_id"],
            decision_id=row["decision_id"],
        )


@dataclass(frozen=True)
class DecisionRow:
    id: int
    message_id: int
    skill: str
    args: dict[str, Any]
    raw: str
    alternatives: list[dict[str, Any]]
    context: list[dict[str, Any]]
    model_version: str
    source: str
    valid: bool
    # The decision an alternative or a correction replaces (migration 0003).
    parent_decision_id: int | None = None

    @classmethod
    def from_row(cls, row: Any) -> DecisionRow:
        return cls(
            id=row["id"],
            message_id=row["message_id"],
            skill=row["skill"],
            args=json.loads(row["args_json"]),
            raw=row["raw"],
            alternatives=json.loads(row["alternatives_json"]),
            context=json.loads(row["context_json"]),
            model_version=row["model_version"],
            source=row["source"],
            valid=bool(row["valid"]),
            parent_decision_id=row["parent_decision_id"],
        )
