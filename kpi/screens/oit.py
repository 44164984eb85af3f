"""หลักฐาน OIT page model: the year's checklist, its warnings, the headline cards and the readiness table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core.dataset import Dataset
from kpi.core.messages import t
from kpi.core.thai import format_number
from kpi.domain.oit import OitChecklist, build_checklist, readiness_frame
from kpi.screens.overview import Card


@dataclass(frozen=True)
class OitScreen:
    """Everything the OIT page shows above its editor, as text (Arabic digits) beside the checklist.

    The catalogue warnings are written by the page: they quote item codes, which are names and keep
    their digits whatever the reader's choice.
    """

    checklist: OitChecklist
    notes: tuple[str, ...]  # the checklist is not stored yet
    cards: tuple[Card, ...]
    readiness: pd.DataFrame


def _n(value: int) -> str:
    return format_number(value, 0)


def _cards(checklist: OitChecklist) -> tuple[Card, ...]:
    overall = checklist.overall
    weakest = min(checklist.by_indicator, key=lambda r: (r.pct or 0, r.key), default=None)
    ready = Card(
        t("oit_card_ready"),
        "–" if overall.pct is None else f"{format_number(overall.pct, 1)}%",
        t("oit_card_ready_detail", yes=_n(overall.yes), in_progress=_n(overall.in_progress), no=_n(overall.no),
          total=_n(overall.total)),
        "good" if overall.pct == 100 else "ok" if (overall.pct or 0) >= 50 else "bad",
    )  # fmt: skip
    if weakest is not None and weakest.pct != 100:
        worst = Card(
            t("oit_card_worst"),
            weakest.key,
            t("oit_card_worst_detail", title=weakest.title, yes=_n(weakest.yes), total=_n(weakest.total)),
            "good" if weakest.pct == 100 else "bad",
        )
    else:
        worst = Card(t("oit_card_worst"), "✓", t("oit_card_all_ready"), "good")
    return (ready, worst)


def oit_screen(dataset: Dataset, year: int) -> OitScreen:
    """The OIT page of a fiscal year (the editor's rows come from kpi.domain.oit.editor_frame)."""
    checklist = build_checklist(dataset, year)
    notes = () if checklist.stored else (t("oit_not_stored", year=year),)
    return OitScreen(checklist, notes, _cards(checklist), readiness_frame(checklist))
