"""Adapters from an indicator's source (แหล่งข้อมูล) to its value: the one place that reads the other sheets.

Every bound indicator and `kpi.domain.figures` read these functions, so a satisfaction, complaint,
ITA or OIT figure has one value everywhere. They call the functions the satisfaction, complaints, ITA
and OIT pages call, so a form of data those pages accept (two-choice counts, a 6-month complaint
round, a total-only ITA year) reaches a bound indicator with the same value.

- satisfaction: the overall percent of a quarter (or the year) as the satisfaction page shows it
  (kpi.domain.satisfaction.satisfaction_summary, with the settings' method and target); with a
  detail, that service's percent.
- complaints: the complaints received in a quarter (or the year) of one category (detail, e.g.
  ทุจริตและประพฤติมิชอบ, or a category from the settings), of every category when the detail is
  blank; a quarter inside a published round has no count of its own.
- ita: the year's total as the ITA page prints it (2 decimals); one value per year.
- oit: the share (%) of the year's stored OIT items with status "มี"; one value per year.
"""

from __future__ import annotations

from kpi.core.dataset import Dataset
from kpi.core.schema import COMPLAINT_ALIASES, COMPLAINT_TYPES, complaint_category_choices
from kpi.core.settings import TARGETS
from kpi.domain.complaints import ALL_TYPES, categories_of, complaint_figures
from kpi.domain.ita import ItaScore, ita_scores_from_frame
from kpi.domain.satisfaction import SatisfactionSummary, satisfaction_summary

MANUAL, SATISFACTION, COMPLAINTS, ITA, OIT = "manual", "satisfaction", "complaints", "ita", "oit"
SOURCES = (MANUAL, SATISFACTION, COMPLAINTS, ITA, OIT)
QUARTERLY = (SATISFACTION, COMPLAINTS)  # a value per quarter; ITA and OIT have one value per year


def source_code(value: object) -> str:
    """The stored source of an indicator row; blank (or unknown) is manual."""
    text = "" if value is None or value != value else str(value).strip()  # NaN/NA are not equal to themselves
    return text if text in SOURCES else MANUAL


def satisfaction_of(dataset: Dataset, year: int, quarter: int | None, through: int = 4) -> SatisfactionSummary:
    """The satisfaction summary of a quarter (None = the year; as of quarter `through` < 4, the year
    to date) as the satisfaction page computes it."""
    return satisfaction_summary(
        dataset.frame("satisfaction"),
        year,
        quarter,
        method=TARGETS.satisfaction_method,
        target=TARGETS.satisfaction_target,
        through=through,
    )


def ita_of(dataset: Dataset, year: int) -> ItaScore | None:
    """The ITA score of one fiscal year, None without a row."""
    return next((s for s in ita_scores_from_frame(dataset.frame("ita")) if s.year == year), None)


def complaint_kind(detail: str) -> str:
    """A complaint category as typed (Thai label, alias or code) → its code; blank → every category."""
    text = detail.strip()
    if not text:
        return ALL_TYPES
    return complaint_category_choices().get(text, COMPLAINT_TYPES.get(text, COMPLAINT_ALIASES.get(text, text)))


def complaints_received(dataset: Dataset, year: int, quarter: int | None, detail: str = "") -> int | None:
    """Complaints received of a category in a quarter (None = the year) as the complaints page counts
    them (kpi.domain.complaints.complaint_figures: rounds in the year, never split into quarters);
    None without data."""
    kind = complaint_kind(detail)
    frame = dataset.frame("complaints")
    if kind != ALL_TYPES and kind not in categories_of(frame):
        return None
    counts = complaint_figures(frame, year, kind)
    point = counts["year"] if quarter is None else counts["quarters"][quarter]
    received = point["received"]
    return None if received is None else int(received)


def oit_share(dataset: Dataset, year: int) -> float | None:
    """Share (%) of the year's stored OIT items with status มี; None without items."""
    frame = dataset.frame("oit")
    rows = frame[frame["fiscal_year"] == year]
    if rows.empty:
        return None
    return float((rows["status"] == "yes").sum()) / len(rows) * 100


def source_value(dataset: Dataset, source: str, detail: str, year: int, quarter: int | None) -> float | None:
    """A bound indicator's value for a quarter (None = the year); ITA and OIT are year values."""
    if source == SATISFACTION:
        summary = satisfaction_of(dataset, year, quarter)
        if detail.strip():
            figure = next((f for f in summary.figures if f.service.strip() == detail.strip()), None)
            return None if figure is None else figure.value
        return None if summary.overall is None else summary.overall.value
    if source == COMPLAINTS:
        count = complaints_received(dataset, year, quarter, detail)
        return None if count is None else float(count)
    if source == ITA:
        score = ita_of(dataset, year)
        return None if score is None else score.shown_total
    if source == OIT:
        return oit_share(dataset, year)
    return None


def source_from_name(name: str, unit: str) -> tuple[str, str]:
    """The source (and detail) an imported indicator's name and unit point to: ('manual', '') when none.

    ร้อยละความพึงพอใจ → satisfaction; a count of เรื่องร้องเรียน → complaints (ทุจริต → that category);
    an ITA score → ita.
    """
    text = "".join(name.split())
    if "ความพึงพอใจ" in text and unit == "ร้อยละ":
        return SATISFACTION, ""
    if "ร้องเรียน" in text and unit == "เรื่อง":
        corruption = next(label for label, code in COMPLAINT_TYPES.items() if code == "corruption")
        return COMPLAINTS, corruption if "ทุจริต" in text else ""
    if "ITA" in text.upper() and unit == "คะแนน":
        return ITA, ""
    return MANUAL, ""
