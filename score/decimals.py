"""Decimal arithmetic for scoring: exact division, quantizing, and accepting a declared value at
its written precision under either rounding convention."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from typing import Literal

# 50 significant digits: far beyond any written precision, so that rounding a quotient to a
# form's 2 or 4 places never depends on where the division stopped.
_CTX = Context(prec=50)

Match = Literal["exact", "round", "truncate", "either"]
"""How a declared value relates to the computed one: equal; equal after half-up rounding only;
after truncation only; after both (they agree at that precision)."""


def divide(a: Decimal, b: Decimal) -> Decimal:
    return _CTX.divide(a, b)


def multiply(a: Decimal, b: Decimal) -> Decimal:
    return _CTX.multiply(a, b)


def places(value: Decimal) -> int:
    """Decimal places as written: 99.98 -> 2, 100 -> 0 (1E+2 -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _q(n: int) -> Decimal:
    return Decimal(1).scaleb(-n)


def half_up(value: Decimal, n: int) -> Decimal:
    return value.quantize(_q(n), rounding=ROUND_HALF_UP, context=_CTX)


def truncate(value: Decimal, n: int) -> Decimal:
    return value.quantize(_q(n), rounding=ROUND_DOWN, context=_CTX)


def match(declared: Decimal, computed: Decimal, n: int) -> Match | None:
    """Accept `declared` if it is `computed` at n places, rounded half-up or truncated; None if not."""
    if declared == computed:
        return "exact"
    by_round = half_up(computed, n) == declared
    by_trunc = truncate(computed, n) == declared
    if by_round and by_trunc:
        return "either"
    if by_round:
        return "round"
    if by_trunc:
        return "truncate"
    return None


def convention(matches: list[Match]) -> Literal["exact", "round", "truncate", "mixed"] | None:
    """The form's rounding_convention from the matches of its accepted values.

    A value on which both conventions agree does not tell them apart; a form with only such values
    (and exact ones) is recorded as `round`, the reading a person would give it."""
    definite = {m for m in matches if m in ("round", "truncate")}
    if len(definite) == 2:
        return "mixed"
    if definite:
        return definite.pop()  # type: ignore[return-value]
    if "either" in matches:
        return "round"
    if "exact" in matches:
        return "exact"
    return None


def close(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    """Money equality: closer than the tolerance (0.0001 万元, one yuan)."""
    return abs(a - b) < tolerance
