"""The council pack of one request: the deck and the results report, each built once, feeding every renderer.

The export page and `python -m kpi export` ask a pack for files; the PPTX, the PDF and the web
page (HTML) are drawn from one deck, the XLSX and the DOCX from one report, and both read one list of target states.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from kpi.core.dataset import Dataset
from kpi.domain.targets import TargetStatus, target_statuses
from kpi.exports.deck import build_deck
from kpi.exports.deck_model import Deck
from kpi.exports.official_report import ResultsReport, build_report, report_to_docx, report_to_xlsx

FORMATS = ("pptx", "pdf", "xlsx", "docx", "html")


@dataclass
class CouncilPack:
    """One fiscal year as of one quarter, in one digit style: its deck, its report and their files."""

    dataset: Dataset
    year: int
    quarter: int = 4
    thai_digits: bool = False
    today: dt.date | None = None

    @cached_property
    def statuses(self) -> list[TargetStatus]:
        """The year's target states as of the quarter, read once for the deck and the report."""
        return target_statuses(self.dataset, self.year, self.quarter)

    @cached_property
    def deck(self) -> Deck:
        """The council deck (public-safe), for the PPTX, the PDF and the web page."""
        return build_deck(
            self.dataset, self.year, self.quarter, self.thai_digits, today=self.today, statuses=self.statuses
        )

    @cached_property
    def report(self) -> ResultsReport:
        """The official results report, for the XLSX and the DOCX."""
        return build_report(
            self.dataset, self.year, self.quarter, self.thai_digits, today=self.today, statuses=self.statuses
        )

    def file(self, kind: str) -> bytes:
        """The bytes of one file of the pack: pptx, pdf, html (the deck) or xlsx, docx (the report)."""
        if kind == "pptx":
            from kpi.exports.to_pptx import deck_to_pptx

            return deck_to_pptx(self.deck)
        if kind == "pdf":
            from kpi.exports.to_pdf import deck_to_pdf

            return deck_to_pdf(self.deck)
        if kind == "html":
            from kpi.exports.to_html import deck_to_html

            return deck_to_html(self.deck)
        if kind == "xlsx":
            return report_to_xlsx(self.report)
        if kind == "docx":
            return report_to_docx(self.report)
        raise ValueError(f"unknown export format: {kind}")
