"""A fiscal year as of a quarter Q: quarters 1 to Q are shown, later ones are not there at all.

Every domain function that takes `through` (4 by default: the whole year) reads only the data of
quarters 1 to `through`; a year figure is then the year to date, quarters 1–Q (issue 12).
"""

from __future__ import annotations

from kpi.core.fiscal import QUARTERS
from kpi.core.messages import UI


def shown_quarters(through: int | None = 4) -> tuple[int, ...]:
    """The quarters shown as of quarter `through` (None: the whole year): 1 to `through`."""
    return QUARTERS[: through or 4]


def to_date_text(through: int) -> str:
    """What a year-to-date figure covers: 'ไตรมาส 1–2' ('ไตรมาส 1' as of quarter 1, 'ทั้งปี' as of 4)."""
    if through >= 4:
        return UI["period_year"]
    if through == 1:
        return UI["period_quarter"].format(quarter=1)
    return UI["card_complaints_span"].format(first=1, last=through)
