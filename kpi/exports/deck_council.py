"""What a council asks first: the agenda, and which measures are not finished and who owns them.

The not-finished list reads each measure's status as of the quarter from the one rule that the
dashboard counts (kpi.domain.measure_status): a measure due by the quarter and not done, late
(not on plan) first, then by number; a long list continues on further slides titled "(ต่อ)".
Texts have Arabic digits here: kpi.exports.deck sets the digits once at its end.
"""

from __future__ import annotations

from kpi.core.dataset import Dataset
from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.palette import STATUS_KEYS
from kpi.core.thai import format_number as num
from kpi.domain.measure_status import MeasureStatus, measure_statuses
from kpi.exports.deck_change import quarter_span
from kpi.exports.deck_model import Slide, Table
from kpi.exports.public_figures import quarter_short

MEASURE_ROWS_PER_SLIDE = 6
_STATUS_LABELS = {"not_reported": "status_no_report"}


def status_label(status: MeasureStatus) -> str:
    """The status as reported ('ไม่ได้ดำเนินการ' stays itself), 'ยังไม่รายงาน' without a report."""
    key = STATUS_KEYS.get(status.reported or "") or _STATUS_LABELS.get(status.key) or STATUS_KEYS[status.key]
    return t(key)


def unfinished(dataset: Dataset, year: int, quarter: int) -> list[MeasureStatus]:
    """The measures due by the quarter and not done: late ones first, then by number."""
    return sorted((s for s in measure_statuses(dataset, year, quarter) if not s.done), key=lambda s: (not s.late, s.no))


def unfinished_slides(dataset: Dataset, year: int, quarter: int) -> list[Slide]:
    """'มาตรการที่ยังไม่เสร็จ และผู้รับผิดชอบ': name, status this quarter, owner, late or on plan."""
    title = t("slide_unfinished")
    quarter_text = quarter_label(year, quarter)
    rows = unfinished(dataset, year, quarter)
    if not rows:
        return [Slide(key="unfinished", title=title, subtitle=quarter_text, bullets=(t("unfinished_none"),))]
    late = sum(s.late for s in rows)
    subtitle = t("unfinished_summary", quarter=quarter_text, count=num(len(rows)), late=num(late))
    header = (
        t("deck_col_measure"),
        t("deck_col_status", quarter=quarter_short(year, quarter)),
        t("deck_col_owner"),
        t("deck_col_schedule"),
    )
    slides = []
    for start in range(0, len(rows), MEASURE_ROWS_PER_SLIDE):
        chunk = rows[start : start + MEASURE_ROWS_PER_SLIDE]
        table_rows = tuple(
            (
                t("deck_measure_label", no=num(s.no), name=s.name),
                status_label(s),
                s.owner or t("unfinished_no_owner"),
                t("unfinished_late" if s.late else "unfinished_on_plan", plan=quarter_span(year, s.plan)),
            )
            for s in chunk
        )
        slides.append(
            Slide(
                key="unfinished",
                title=title if start == 0 else t("slide_continued", title=title),
                subtitle=subtitle,
                table=Table(header, table_rows, widths=(0.4, 0.18, 0.16, 0.26)),
            )
        )
    return slides


def agenda_slide(slides: list[Slide]) -> Slide:
    """The agenda: each topic of the slides that follow (a topic spanning slides once) and its slides.

    `slides` are the deck's slides after the title, in order; the agenda itself is slide 2, so the
    first of them is slide 3.
    """
    topics: list[tuple[str, str, list[int]]] = []  # (section, title, slide numbers)
    for number, slide in enumerate(slides, start=3):
        section = slide.key.split("_")[0]
        if topics and topics[-1][0] == section:
            topics[-1][2].append(number)
        else:
            topics.append((section, slide.title, [number]))
    rows = tuple(
        (
            title,
            num(numbers[0])
            if len(numbers) == 1
            else t("deck_slide_span", first=num(numbers[0]), last=num(numbers[-1])),
        )
        for _, title, numbers in topics
    )
    table = Table((t("deck_col_topic"), t("deck_col_slides")), rows, widths=(0.8, 0.2))
    return Slide(key="agenda", title=t("slide_agenda"), table=table)
