"""Public-safe figures of target indicators that count complaints (domain.md §5).

A complaints indicator (unit เรื่อง, named for ร้องเรียน/ร้องทุกข์) printed in a public document
shows 1..k−1 as the hidden mark, and its met/missed word too when that word would narrow the
hidden number down. The official report and the council deck both use these rules.
"""

from __future__ import annotations

import re
from typing import Protocol

from kpi.core.thai import format_number
from kpi.privacy.suppression import HIDDEN_MARK


class TargetLine(Protocol):
    """What these rules read of a target line (kpi.domain.targets.TargetStatus has it; privacy sits below domain)."""

    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def op(self) -> str: ...
    @property
    def actual(self) -> float | None: ...
    @property
    def baseline(self) -> float | None: ...
    @property
    def target(self) -> float | None: ...


_COMPLAINT_NAME = re.compile("ร้องเรียน|ร้องทุกข์")


def is_complaint_count(s: TargetLine) -> bool:
    """An indicator that counts complaints (unit เรื่อง, named for ร้องเรียน/ร้องทุกข์): small values are hidden."""
    return s.unit.strip() == "เรื่อง" and _COMPLAINT_NAME.search(re.sub(r"\s", "", s.name)) is not None


def public_count(value: float, hide: bool, k: int) -> str:
    """A number as printed; a complaint count 1..k−1 is the hidden mark (domain.md §5: the report is public)."""
    return HIDDEN_MARK if hide and 0 < value < k else format_number(value)


def hides_complaint_count(s: TargetLine, k: int) -> bool:
    """True when the line of a complaint-count indicator hides its actual or its baseline."""
    return is_complaint_count(s) and any(v is not None and 0 < v < k for v in (s.actual, s.baseline))


def state_gives_away(s: TargetLine, k: int) -> bool:
    """True when met/missed would narrow a hidden count down ("≤ 1" met, "ลดลง" from a hidden 2).

    The state only compares the actual with the target (or the baseline), so it tells nothing when
    that comparison comes out the same for every value the hidden numbers may have (1..k−1).
    """
    if not hides_complaint_count(s, k):
        return False
    direction = s.op in ("decrease", "increase")
    threshold = s.baseline if direction else s.target
    if s.actual is None or threshold is None:
        return False

    def options(value: float, may_hide: bool) -> tuple[float, ...]:
        return tuple(range(1, k)) if may_hide and 0 < value < k else (value,)

    signs = {(a > b) - (a < b) for a in options(s.actual, True) for b in options(threshold, direction)}
    return len(signs) > 1
