"""What a reader returns: the value, or None and the reason why (never an exception)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Reading(Generic[T]):
    value: T | None
    reason: str = ""
    """Why value is None, for people (Chinese); empty when the value was read."""

    @property
    def ok(self) -> bool:
        return self.value is not None
