"""The council deck: one list of slides that the presentation page, the PPTX and the PDF all render.

Every figure is computed once here, from kpi.screens.overview and the modules it uses, and turned into the
text shown; the three renderers only lay the slides out, so their numbers are identical by
construction. The deck is public-safe: complaint counts are published as aggregates, and counts
1..k−1 (k = TARGETS.suppression_k) are hidden together with the numbers that would give them away,
in one suppression shared with the complaints page (kpi.screens.complaints.complaint_grid).

Slides, in order: title · overview · measures · targets (summary, then one slide per state group
of at most TARGET_ROWS_PER_SLIDE indicators) · ITA · satisfaction · complaints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from kpi.core.dataset import Dataset, VersionInfo
from kpi.core.fiscal import quarter_label, thai_date, thai_timestamp, today_bangkok
from kpi.core.messages import t
from kpi.core.palette import (
    BLUE,
    GREEN,
    LIGHT_GREY,
    STATUS_COLOURS,
    STATUS_KEYS,
    TARGET_COLOURS,
    TARGET_KEYS,
    VERMILLION,
)
from kpi.core.schema import ITA_INDICATOR_TITLES
from kpi.core.settings import ORG_NAME, TARGETS
from kpi.core.text_safety import clean_tree
from kpi.core.thai import format_number, to_thai_digits
from kpi.domain.complaints import DECREASE_LABELS, describe_count, year_totals
from kpi.domain.ita import rule_set_for
from kpi.domain.targets import MET, MISSED, NO_DATA, OP_SYMBOLS, PENDING, TargetStatus, target_statuses
from kpi.privacy.identity import HIDDEN_MARK, SuppressedTable
from kpi.privacy.public import is_complaint_count, public_count, state_gives_away
from kpi.screens.complaints import complaint_grid, public_quarter_table
from kpi.screens.overview import MEASURE_STATES, Overview, build_overview, measure_progress, overview_cards

TARGET_ROWS_PER_SLIDE = 6
MAX_SERVICES = 5

TOOL_NAMES = {"iit": "IIT", "eit": "EIT", "oit": "OIT"}


@dataclass(frozen=True)
class Figure:
    """One headline number on a slide: label, the text shown, the raw value, a detail line, a tone."""

    key: str
    label: str
    text: str
    value: float | None  # None = no data or hidden
    detail: str = ""
    tone: str = "none"  # good | ok | bad | none


@dataclass(frozen=True)
class Series:
    """One data series of a chart; `labels` are the value labels exactly as shown."""

    name: str
    values: tuple[float | None, ...]
    labels: tuple[str, ...]
    colour: str
    point_colours: tuple[str, ...] = ()  # one colour per point, for a single-series chart


@dataclass(frozen=True)
class Chart:
    """A bar chart any renderer can draw: categories, series and an optional reference line."""

    kind: str  # column | stacked_column | bar
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis_title: str
    minimum: float = 0.0
    maximum: float | None = None
    reference: float | None = None  # a pass mark or target line
    reference_label: str = ""
    footnote: str = ""


@dataclass(frozen=True)
class Table:
    """A small table: header, rows of text, an optional footnote."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footnote: str = ""
    widths: tuple[float, ...] = ()  # share of the table width per column; even when empty

    def column_shares(self) -> tuple[float, ...]:
        """Each column's share of the table width."""
        if len(self.widths) == len(self.header):
            return self.widths
        return (1 / len(self.header),) * len(self.header)


@dataclass(frozen=True)
class Slide:
    """One slide: title, headline figures, bullets, a chart and/or a table, speaker notes."""

    key: str
    title: str
    subtitle: str = ""
    figures: tuple[Figure, ...] = ()
    bullets: tuple[str, ...] = ()
    chart: Chart | None = None
    table: Table | None = None
    notes: str = ""

    def figure(self, key: str) -> Figure:
        """The figure with this key."""
        return next(f for f in self.figures if f.key == key)


@dataclass(frozen=True)
class Deck:
    """The whole council deck for one fiscal year, as of one quarter, from one data version."""

    organisation: str
    year: int
    quarter: int
    thai_digits: bool
    quarter_text: str
    version_text: str
    version_number: int | None
    sample: bool
    prepared_text: str
    slides: tuple[Slide, ...]

    def slide(self, key: str) -> Slide:
        """The first slide with this key."""
        return next(s for s in self.slides if s.key == key)


def version_text(version: VersionInfo | None, thai_digits: bool = False) -> str:
    """'ข้อมูลฉบับที่ N · อัปโหลดเมื่อ …', as under every chart."""
    if version is None:
        return t("sidebar_no_version")
    text = t("sidebar_version", version=version.number, when=thai_timestamp(version.created_at))
    return to_thai_digits(text) if thai_digits else text


class _Fmt:
    """Number and label formatting for one digit style."""

    def __init__(self, year: int, thai_digits: bool) -> None:
        self.year = year
        self.thai = thai_digits

    def num(self, value: float | None, decimals: int = 2) -> str:
        return format_number(value, decimals, self.thai)

    def text(self, text: str) -> str:
        return to_thai_digits(text) if self.thai else text

    def quarter(self, q: int) -> str:
        return quarter_label(self.year, q, self.thai)

    def quarter_short(self, q: int) -> str:
        return self.quarter(q).split(" (")[0]


# --- slides -------------------------------------------------------------------------------------


def _title_slide(
    deck_year: str, quarter_text: str, organisation: str, prepared: str, version: str, sample: bool
) -> Slide:
    bullets = [deck_year, quarter_text, version, prepared]
    if sample:
        bullets.append(t("deck_sample"))
    notes = "\n".join([t("deck_title"), organisation, *bullets])
    return Slide(key="title", title=t("deck_title"), subtitle=organisation, bullets=tuple(bullets), notes=notes)


def _overview_slide(ov: Overview, f: _Fmt, complaints: PublicComplaints) -> Slide:
    cards = overview_cards(ov)
    m = ov.measures
    total_targets = sum(v for k, v in ov.targets.items() if k != NO_DATA)
    ita = ov.ita_latest
    overall = ov.satisfaction.overall
    values: list[float | None] = [
        m.done_share,
        float(ov.targets[MET]) if total_targets else None,
        None if ita is None else round(ita.total, 2),
        None if overall is None else overall.value,
    ]
    keys = ("measures_share", "targets_met", "ita_total", "satisfaction")
    figures = [
        Figure(key, card.title, card.value, value, card.detail, card.tone)
        for key, card, value in zip(keys, cards[:4], values, strict=True)
    ]
    # The dashboard's complaints card is internal; the deck publishes the public-safe total instead.
    figures.append(complaints.total_figure(f))
    return Slide(key="overview", title=t("slide_overview", year=f.text(str(ov.year))), figures=tuple(figures))


def _measures_slide(dataset: Dataset, ov: Overview, f: _Fmt) -> Slide:
    m = ov.measures
    quarters = tuple(range(1, ov.quarter + 1))
    progress = {q: measure_progress(dataset, ov.year, q) for q in quarters}
    series = []
    for state in MEASURE_STATES:
        values = tuple(float(progress[q].counts[state]) for q in quarters)
        if not any(values):
            continue
        labels = tuple(f.num(v) if v else "" for v in values)
        series.append(Series(t(STATUS_KEYS[state]), values, labels, STATUS_COLOURS[state]))
    chart = Chart(
        kind="stacked_column",
        title=t("measures_by_quarter"),
        categories=tuple(f.quarter_short(q) for q in quarters),
        series=tuple(series),
        axis_title=t("axis_count"),
    )
    share = m.done_share
    figures = (
        Figure("measures_planned", t("fig_planned"), f.num(m.planned), float(m.planned), f.quarter(ov.quarter)),
        Figure(
            "measures_share",
            t("fig_done_share"),
            "–" if share is None else f"{f.num(share, 0)}%",
            share,
            t("card_measures_value", done=f.num(m.counts["done"]), total=f.num(m.planned)),
            "none" if share is None else ("good" if share >= 80 else "ok" if share >= 50 else "bad"),
        ),
    )
    bullets = (
        tuple(
            f"{t(STATUS_KEYS[state])}: {t('fig_count_measures', count=f.num(m.counts[state]))}"
            for state in MEASURE_STATES
        )
        if m.planned
        else (t("measures_none"),)
    )
    return Slide(
        key="measures",
        title=t("slide_measures"),
        subtitle=f.quarter(ov.quarter),
        figures=figures,
        bullets=bullets,
        chart=chart if series else None,
    )


def _target_text(s: TargetStatus, f: _Fmt) -> str:
    unit = s.unit or ""
    if s.op in ("decrease", "increase"):
        if s.baseline is None:
            return t("target_relative_nobase", op=OP_SYMBOLS[s.op])
        baseline = f.text(public_count(s.baseline, is_complaint_count(s), TARGETS.suppression_k))
        return t("target_relative", op=OP_SYMBOLS[s.op], baseline=baseline, label=f.text(s.baseline_label or ""))
    return f"{OP_SYMBOLS[s.op]} {f.num(s.target)} {unit}".strip()


def _actual_text(s: TargetStatus, f: _Fmt) -> str:
    if s.actual is None or s.actual_quarter is None:
        return t("target_no_data")
    value = f.text(public_count(s.actual, is_complaint_count(s), TARGETS.suppression_k))
    return t("actual_in_quarter", value=value, quarter=f.num(s.actual_quarter))


def _target_slides(statuses: list[TargetStatus], counts: dict[str, int], f: _Fmt, quarter: int) -> list[Slide]:
    total = sum(v for k, v in counts.items() if k != NO_DATA)
    states = (MET, PENDING, MISSED, NO_DATA)
    series = Series(
        t("axis_count"),
        tuple(float(counts[s]) for s in states),
        tuple(f.num(counts[s]) for s in states),
        GREEN,
        tuple(TARGET_COLOURS[s] for s in states),
    )
    chart = Chart(
        kind="bar",
        title=t("targets_by_state", quarter=f.quarter(quarter)),
        categories=tuple(t(TARGET_KEYS[s]) for s in states),
        series=(series,),
        axis_title=t("axis_count"),
    )
    tones = {MET: "good", PENDING: "ok", MISSED: "bad", NO_DATA: "none"}
    figures = tuple(
        Figure(f"targets_{state}", t(TARGET_KEYS[state]), f.num(counts[state]), float(counts[state]), "", tones[state])
        for state in states
    )
    summary = Slide(
        key="targets",
        title=t("slide_targets"),
        subtitle=t("card_targets_value", met=f.num(counts[MET]), total=f.num(total)),
        figures=figures,
        chart=chart if statuses else None,
        bullets=() if statuses else (t("targets_none"),),
    )
    slides = [summary]
    header = (t("col_indicator"), t("col_target"), t("col_actual"), t("col_state"))
    for state in states:
        group = [s for s in statuses if s.state == state]
        chunks = [group[i : i + TARGET_ROWS_PER_SLIDE] for i in range(0, len(group), TARGET_ROWS_PER_SLIDE)]
        for part, chunk in enumerate(chunks, start=1):
            title = t("slide_targets_group", state=t(TARGET_KEYS[state]))
            if len(chunks) > 1:
                title = t("slide_part", title=title, part=f.num(part), parts=f.num(len(chunks)))
            rows = tuple(
                (
                    t("indicator_label", measure=f.num(s.measure_no), name=f.text(s.name)),
                    _target_text(s, f),
                    _actual_text(s, f),
                    HIDDEN_MARK if state_gives_away(s, TARGETS.suppression_k) else t(TARGET_KEYS[s.state]),
                )
                for s in chunk
            )
            slides.append(
                Slide(
                    key=f"targets_{state}",
                    title=title,
                    subtitle=f.quarter(quarter),
                    table=Table(header, rows, widths=(0.46, 0.2, 0.18, 0.16)),
                )
            )
    return slides


def _ita_slide(ov: Overview, f: _Fmt) -> Slide:
    ita = ov.ita_latest
    if ita is None:
        return Slide(key="ita", title=t("slide_ita"), bullets=(t("ita_none"),))
    weights = rule_set_for(ita.year).weights
    figures = [
        Figure(
            "ita_total",
            t("ita_total_fig", year=f.text(str(ita.year))),
            f.num(round(ita.total, 2)),
            round(ita.total, 2),
            t(
                "card_ita_gap_ok" if ita.gap_to_pass >= 0 else "card_ita_gap_bad",
                threshold=TARGETS.ita_pass,
                gap=f.num(abs(ita.gap_to_pass)),
            ),
            ita.rating.severity,
        ),
        Figure("ita_rating", t("ita_rating_fig"), ita.rating.label, None, "", ita.rating.severity),
    ]
    for tool, score in (("iit", ita.iit), ("eit", ita.eit), ("oit", ita.oit)):
        part = ita.parts[tool]
        detail = (
            ""
            if part is None
            else t("ita_tool_detail", weight=f.num(weights[tool] * 100, 0), part=f.num(round(part, 2)))
        )
        figures.append(Figure(f"ita_{tool}", TOOL_NAMES[tool], f.num(score), score, detail))
    bullets = [f"{ita.rating.label} · {figures[0].detail}"]
    if ita.rating.uncertain:
        bullets.append(t("ita_uncertain"))
    weakest = ita.weakest_indicator
    if weakest is not None:
        score = ita.indicators[weakest - 1]
        bullets.append(
            t("ita_weakest", number=f.num(weakest), title=ITA_INDICATOR_TITLES[weakest - 1], score=f.num(score))
        )
    history = ov.ita_history
    totals = tuple(round(s.total, 2) for s in history)
    chart = Chart(
        kind="column",
        title=t("ita_history"),
        categories=tuple(f.text(str(s.year)) for s in history),
        series=(
            Series(
                t("axis_score"),
                totals,
                tuple(f.num(v) for v in totals),
                BLUE,
                tuple(GREEN if s.rating.passed else VERMILLION for s in history),
            ),
        ),
        axis_title=t("axis_score"),
        minimum=0.0,
        maximum=100.0,
        reference=TARGETS.ita_pass,
        reference_label=t("pass_line", value=TARGETS.ita_pass),
    )
    return Slide(key="ita", title=t("slide_ita"), figures=tuple(figures), bullets=tuple(bullets), chart=chart)


def _satisfaction_slide(ov: Overview, f: _Fmt) -> Slide:
    summary = ov.satisfaction
    overall = summary.overall
    target = summary.target
    if overall is None or overall.value is None:
        return Slide(key="satisfaction", title=t("slide_satisfaction"), bullets=(t("card_satisfaction_none"),))
    figures = (
        Figure(
            "satisfaction",
            t("sat_overall"),
            f"{f.num(overall.value)}%",
            overall.value,
            summary.method_label,
            "good" if overall.meets_target else "bad",
        ),
        Figure("satisfaction_target", t("sat_target_fig"), f"{f.num(target)}%", target),
        Figure(
            "satisfaction_n",
            t("sat_sample_fig"),
            "–" if overall.sample_size is None else t("sat_people", n=f.num(overall.sample_size)),
            None if overall.sample_size is None else float(overall.sample_size),
        ),
    )
    services = [s for s in summary.figures if s.value is not None]
    bullets = [
        t(
            "sat_service",
            service=f.text(s.service),
            value=f.num(s.value),
            n="–" if s.sample_size is None else f.num(s.sample_size),
        )
        for s in services[:MAX_SERVICES]
    ]
    if len(services) > MAX_SERVICES:
        bullets.append(t("sat_more", count=f.num(len(services) - MAX_SERVICES)))
    bullets.append(t("sat_method", method=summary.method_label))
    points = ov.satisfaction_quarters
    values = tuple(None if p.value is None else round(p.value, 2) for p in points)
    chart = Chart(
        kind="column",
        title=t("sat_by_quarter"),
        categories=tuple(f.quarter_short(p.quarter) for p in points),
        series=(
            Series(
                t("axis_percent"),
                values,
                tuple(t("target_no_data") if v is None else f.num(v) for v in values),
                BLUE,
                tuple(LIGHT_GREY if v is None else GREEN if v >= target else VERMILLION for v in values),
            ),
        ),
        axis_title=t("axis_percent"),
        maximum=100.0,
        reference=target,
        reference_label=t("target_line", value=target),
    )
    return Slide(
        key="satisfaction", title=t("slide_satisfaction"), figures=figures, bullets=tuple(bullets), chart=chart
    )


# --- complaints, public-safe --------------------------------------------------------------------


@dataclass(frozen=True)
class PublicComplaints:
    """Complaint counts per quarter × type, this year and last, with small counts suppressed."""

    year: int
    this_quarters: tuple[int, ...]  # quarters with data for every type, this year
    last_quarters: tuple[int, ...]
    this_table: SuppressedTable | None
    last_table: SuppressedTable | None
    decrease: str  # met | missed | no_data | hidden

    def total_figure(self, f: _Fmt) -> Figure:
        """The year's received total as published: hidden, 'ไม่มีเรื่องร้องเรียน', or 'n เรื่อง'."""
        label = t("comp_this_year", year=f.text(str(self.year)))
        if self.this_table is None:
            return Figure("complaints_total", label, t("target_no_data"), None)
        total = self.this_table.grand_total
        last = None if self.last_table is None else self.last_table.grand_total
        last_text = t("target_no_data") if self.last_table is None else _count_text(last, f)
        detail = f"{t('comp_last_year', year=f.text(str(self.year - 1)))}: {last_text}"
        tone = {"met": "good", "missed": "bad"}.get(self.decrease, "none")
        return Figure(
            "complaints_total", label, _count_text(total, f), None if total is None else float(total), detail, tone
        )


def _decrease_text(decrease: str) -> str:
    return HIDDEN_MARK if decrease == "hidden" else DECREASE_LABELS[decrease]


def _count_text(n: int | None, f: _Fmt) -> str:
    """A published count: hidden → '–', 0 → 'ไม่มีเรื่องร้องเรียน', else 'n เรื่อง'."""
    return "–" if n is None else describe_count(n, f.thai)


def public_complaints(dataset: Dataset, year: int, thai_digits: bool = False) -> PublicComplaints:
    """Complaints of a year and the year before, as the public may see them.

    Both years' numbers come from kpi.screens.complaints.complaint_grid, the one joint suppression
    the complaints page publishes too; the comparison with last year is shown only when both
    years' totals are.
    """
    frame = dataset.frame("complaints")
    k = TARGETS.suppression_k
    this_grid, last_grid = complaint_grid(frame, year, k), complaint_grid(frame, year - 1, k)
    this_q, this_table = public_quarter_table(this_grid, _Fmt(year, thai_digits).quarter_short)
    last_q, last_table = public_quarter_table(last_grid, _Fmt(year - 1, thai_digits).quarter_short)
    decrease: str = year_totals(frame, year).total.decrease
    if decrease != "no_data" and None in (this_grid.value(("total",)), last_grid.value(("total",))):
        decrease = "hidden"  # "ลดลง" beside two hidden totals would tell which is smaller
    return PublicComplaints(year, this_q, last_q, this_table, last_table, decrease)


def _complaints_slide(pc: PublicComplaints, f: _Fmt) -> Slide:
    title = t("slide_complaints")
    if pc.this_table is None:
        return Slide(key="complaints", title=title, bullets=(t("comp_no_data"), t("deck_public")))
    table = pc.this_table
    show = lambda v: "–" if v is None else f.num(v)  # noqa: E731
    rows = [
        (label, *(show(v) for v in cells), show(total))
        for label, cells, total in zip(table.row_labels, table.cells, table.row_totals, strict=True)
    ]
    rows.append((t("comp_col_total"), *(show(v) for v in table.column_totals), show(table.grand_total)))
    header = (t("comp_col_quarter"), *table.column_labels, t("comp_col_total"))
    footnote = table.footnote or ""
    if footnote and f.thai:
        footnote = to_thai_digits(footnote)
    figures = [pc.total_figure(f)]
    figures.append(
        Figure(
            "complaints_decrease",
            t("comp_compare"),
            _decrease_text(pc.decrease),
            None,
            "",
            {"met": "good", "missed": "bad"}.get(pc.decrease, "none"),
        )
    )
    quarters = (1, 2, 3, 4)
    this_totals = dict(zip(pc.this_quarters, table.row_totals, strict=True))
    last_totals = {} if pc.last_table is None else dict(zip(pc.last_quarters, pc.last_table.row_totals, strict=True))
    hidden = False
    series = []
    for name, totals, colour in (
        (t("comp_last_year", year=f.text(str(pc.year - 1))), last_totals, LIGHT_GREY),
        (t("comp_last_year", year=f.text(str(pc.year))), this_totals, BLUE),
    ):
        values = tuple(None if totals.get(q) is None else float(totals[q]) for q in quarters)  # type: ignore[arg-type]
        labels = tuple(
            "–" if q in totals and totals[q] is None else ("" if v is None else f.num(v))
            for q, v in zip(quarters, values, strict=True)
        )
        hidden = hidden or any(q in totals and totals[q] is None for q in quarters)
        series.append(Series(name, values, labels, colour))
    chart = Chart(
        kind="column",
        title=t("comp_by_quarter"),
        categories=tuple(f.quarter_short(q) for q in quarters),
        series=tuple(series),
        axis_title=t("axis_count"),
        footnote=t("chart_hidden") if hidden else "",
    )
    bullets = [t("deck_public")]
    missing = [q for q in quarters if q not in pc.this_quarters]
    if missing:
        bullets.append(t("comp_missing", quarters=", ".join(f.quarter_short(q) for q in missing)))
    return Slide(
        key="complaints",
        title=title,
        figures=tuple(figures),
        bullets=tuple(bullets),
        chart=chart,
        table=Table(header, tuple(rows), footnote, widths=(0.22, 0.3, 0.26, 0.22)),
    )


# --- the deck -----------------------------------------------------------------------------------


def _notes(slide: Slide, version: str) -> str:
    """Speaker notes: the data version, then every figure, bullet and table row in words."""
    lines = [t("deck_notes_version", version_text=version)]
    if slide.figures:
        lines.append(t("deck_notes_figures"))
        lines.extend(f"• {f.label}: {f.text}" + (f" ({f.detail})" if f.detail else "") for f in slide.figures)
    lines.extend(f"• {b}" for b in slide.bullets)
    if slide.chart is not None:
        lines.append(slide.chart.title)
        for series in slide.chart.series:
            pairs = ", ".join(f"{c} {v or '–'}" for c, v in zip(slide.chart.categories, series.labels, strict=True))
            lines.append(f"  {series.name}: {pairs}")
    if slide.table is not None:
        lines.extend(" · ".join(row) for row in slide.table.rows)
        if slide.table.footnote:
            lines.append(slide.table.footnote)
    return "\n".join(lines)


def build_deck(
    dataset: Dataset,
    year: int,
    quarter: int,
    thai_digits: bool = False,
    organisation: str | None = None,
    today: dt.date | None = None,
) -> Deck:
    """The council deck for a fiscal year as of a quarter (public-safe)."""
    f = _Fmt(year, thai_digits)
    ov = build_overview(dataset, year, quarter)
    version = version_text(dataset.version, thai_digits)
    prepared = t("deck_prepared", date=thai_date(today or today_bangkok(), thai_digits))
    org = organisation or ORG_NAME
    complaints = public_complaints(dataset, year, thai_digits)
    statuses = target_statuses(dataset, year, quarter)
    slides: list[Slide] = [
        _title_slide(
            t("deck_year", year=f.text(str(year))), f.quarter(quarter), org, prepared, version, dataset.is_sample(year)
        ),
        _overview_slide(ov, f, complaints),
        _measures_slide(dataset, ov, f),
        *_target_slides(statuses, ov.targets, f, quarter),
        _ita_slide(ov, f),
        _satisfaction_slide(ov, f),
        _complaints_slide(complaints, f),
    ]
    slides = [s if s.key == "title" else _with_notes(s, version) for s in slides]
    if thai_digits:
        slides = [_thai_digits_everywhere(s) for s in slides]
    deck = Deck(
        organisation=org,
        year=year,
        quarter=quarter,
        thai_digits=thai_digits,
        quarter_text=f.quarter(quarter),
        version_text=version,
        version_number=None if dataset.version is None else dataset.version.number,
        sample=dataset.is_sample(year),
        prepared_text=prepared,
        slides=tuple(slides),
    )
    # The presentation screen renders this model directly: its text is cleaned here once.
    return clean_tree(deck)


_CODES = frozenset({"key", "kind", "tone", "colour", "point_colours"})  # codes, not text: never converted


def _thai(value: Any) -> Any:
    """Every digit of every text in a slide part as a Thai digit (numbers stay numbers)."""
    if isinstance(value, str):
        return to_thai_digits(value)
    if isinstance(value, tuple):
        return tuple(_thai(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _thai(getattr(value, f.name)) for f in fields(value) if f.name not in _CODES})
    return value


def _thai_digits_everywhere(slide: Slide) -> Slide:
    """The slide with Thai digits in all its text, including catalogue texts such as 'เกณฑ์ผ่าน 85'."""
    return _thai(slide)  # type: ignore[no-any-return]


def _with_notes(slide: Slide, version: str) -> Slide:
    return replace(slide, notes=_notes(slide, version))


__all__ = [
    "Chart", "Deck", "Figure", "PublicComplaints", "Series", "Slide", "Table", "build_deck", "public_complaints",
    "version_text",
]  # fmt: skip
