"""The council deck's slides, one builder per slide, from the overview and the public figures.

Texts have Arabic digits here: kpi.exports.deck turns the finished deck Thai once when asked.
"""

from __future__ import annotations

from kpi.core.dataset import Dataset
from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.palette import (
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    STATUS_COLOURS,
    STATUS_KEYS,
    TARGET_COLOURS,
    TARGET_KEYS,
    VERMILLION,
)
from kpi.core.schema import ITA_INDICATOR_TITLES
from kpi.core.thai import format_number as num
from kpi.domain.as_of import to_date_text
from kpi.domain.ita_rules import pass_mark, rule_set_for
from kpi.domain.public_grid import HIDDEN_STATE
from kpi.domain.targets import MET, MISSED, NO_DATA, PENDING
from kpi.exports.deck_change import Scorecard, scorecard_table
from kpi.exports.deck_model import Chart, Figure, Series, Slide, Table
from kpi.exports.public_figures import PublicComplaints, PublicTarget, count_text, decrease_text, quarter_short
from kpi.privacy.suppression import HIDDEN_MARK
from kpi.screens.overview import MEASURE_STATES, Overview, measure_progress, overview_cards
from kpi.screens.targets import hidden_count_text

TARGET_ROWS_PER_SLIDE = 6
MAX_SERVICES = 5

TOOL_NAMES = {"iit": "IIT", "eit": "EIT", "oit": "OIT"}
_TONES = {"met": "good", "missed": "bad"}


def title_slide(
    deck_year: str, quarter_text: str, organisation: str, prepared: str, version: str, sample: bool
) -> Slide:
    """The title: year, quarter, data version, date prepared (and the sample-data warning)."""
    bullets = [deck_year, quarter_text, version, prepared]
    if sample:
        bullets.append(t("deck_sample"))
    notes = "\n".join([t("deck_title"), organisation, *bullets])
    return Slide(key="title", title=t("deck_title"), subtitle=organisation, bullets=tuple(bullets), notes=notes)


def complaints_label(pc: PublicComplaints) -> str:
    """'รับเรื่องปีงบประมาณ 2568', or as of an earlier quarter 'รับเรื่องปีงบประมาณ 2568 (ไตรมาส 1–2)'."""
    through = max(pc.quarters, default=4)
    if through >= 4:
        return t("comp_this_year", year=pc.year)
    return t("comp_this_year_to_date", year=pc.year, span=to_date_text(through))


def complaints_total_figure(pc: PublicComplaints, card: Scorecard | None) -> Figure:
    """The year's received total as published ('–' hidden, 'ไม่มีเรื่องร้องเรียน', 'n เรื่อง'), its change and target."""
    label = complaints_label(pc)
    if pc.this_table is None or card is None:
        return Figure("complaints_total", label, t("target_no_data"), None)
    total = pc.this_table.grand_total
    value = None if total is None else float(total)
    return Figure("complaints_total", label, count_text(total), value, card.detail(), _TONES.get(pc.decrease, "none"))


def overview_slide(ov: Overview, complaints: PublicComplaints, scorecards: dict[str, Scorecard]) -> Slide:
    """The overview's first four cards and the public-safe complaints total, each with its change and
    target, and a table of them all: this year, last year, the change, the target."""
    cards = overview_cards(ov)
    total_targets = sum(v for k, v in ov.targets.items() if k != NO_DATA)
    ita = ov.ita_latest
    overall = ov.satisfaction.overall
    values: list[float | None] = [
        ov.progress_share,  # the overview card's figure: measures on schedule
        float(ov.targets[MET]) if total_targets else None,
        None if ita is None else round(ita.total, 2),
        None if overall is None else overall.value,
    ]
    keys = ("measures_share", "targets_met", "ita_total", "satisfaction")
    figures = [
        Figure(
            key,
            card.title,
            card.value,
            value,
            card.detail if key not in scorecards else scorecards[key].detail(context=card.detail),
            card.tone,
        )
        for key, card, value in zip(keys, cards[:4], values, strict=True)
    ]
    # The dashboard's complaints card is internal; the deck publishes the public-safe total instead.
    figures.append(complaints_total_figure(complaints, scorecards.get("complaints_total")))
    table = scorecard_table([scorecards[k] for k in (*keys, "complaints_total") if k in scorecards], ov.year)
    return Slide(key="overview", title=t("slide_overview", year=ov.year), figures=tuple(figures), table=table)


def measures_slide(dataset: Dataset, ov: Overview) -> Slide:
    """Measures planned this quarter and their status, with the quarters so far as a stacked chart."""
    m = ov.measures
    quarters = tuple(range(1, ov.quarter + 1))
    # The viewed quarter's progress is the overview's; only the earlier quarters are counted here.
    progress = {q: m if q == ov.quarter else measure_progress(dataset, ov.year, q) for q in quarters}
    series = []
    for state in MEASURE_STATES:
        values = tuple(float(progress[q].counts[state]) for q in quarters)
        if not any(values):
            continue
        labels = tuple(num(v) if v else "" for v in values)
        series.append(Series(t(STATUS_KEYS[state]), values, labels, STATUS_COLOURS[state]))
    chart = Chart(
        kind="stacked_column",
        title=t("measures_by_quarter"),
        categories=tuple(quarter_short(ov.year, q) for q in quarters),
        series=tuple(series),
        axis_title=t("axis_count"),
    )
    share = m.done_share
    quarter_text = quarter_label(ov.year, ov.quarter)
    figures = (
        Figure("measures_planned", t("fig_planned"), num(m.planned), float(m.planned), quarter_text),
        Figure(
            "measures_share",
            t("fig_done_share"),
            "–" if share is None else f"{num(share, 0)}%",
            share,
            t("card_measures_value", done=num(m.counts["done"]), total=num(m.planned)),
            "none" if share is None else ("good" if share >= 80 else "ok" if share >= 50 else "bad"),
        ),
    )
    bullets = (
        tuple(
            f"{t(STATUS_KEYS[state])}: {t('fig_count_measures', count=num(m.counts[state]))}"
            for state in MEASURE_STATES
        )
        if m.planned
        else (t("measures_none"),)
    )
    return Slide(
        key="measures",
        title=t("slide_measures"),
        subtitle=quarter_text,
        figures=figures,
        bullets=bullets,
        chart=chart if series else None,
    )


def target_slides(targets: tuple[PublicTarget, ...], counts: dict[str, int], year: int, quarter: int) -> list[Slide]:
    """The targets summary, then one table slide per state group of at most TARGET_ROWS_PER_SLIDE.

    `counts` are the public overview's: a line whose state is hidden (its state printed as the
    hidden mark) is counted, charted and listed as "ปกปิด", never under met or missed, so neither
    a count nor the slide a line sits on gives its state back."""
    total = sum(v for k, v in counts.items() if k != NO_DATA)
    states: tuple[str, ...] = (MET, PENDING, MISSED, NO_DATA)
    if counts.get(HIDDEN_STATE):
        states = (*states, HIDDEN_STATE)
    keys = {**TARGET_KEYS, HIDDEN_STATE: "chart_hidden_mark"}
    colours = {**TARGET_COLOURS, HIDDEN_STATE: GREY}

    def group_of(p: PublicTarget) -> str:
        return HIDDEN_STATE if p.state == HIDDEN_MARK else p.status.state

    quarter_text = quarter_label(year, quarter)
    series = Series(
        t("axis_count"),
        tuple(float(counts[s]) for s in states),
        tuple(num(counts[s]) for s in states),
        GREEN,
        tuple(colours[s] for s in states),
    )
    chart = Chart(
        kind="bar",
        title=t("targets_by_state", quarter=quarter_text),
        categories=tuple(t(keys[s]) for s in states),
        series=(series,),
        axis_title=t("axis_count"),
    )
    tones = {MET: "good", PENDING: "ok", MISSED: "bad", NO_DATA: "none", HIDDEN_STATE: "none"}
    figures = tuple(
        Figure(f"targets_{state}", t(keys[state]), num(counts[state]), float(counts[state]), "", tones[state])
        for state in states
    )
    summary = Slide(
        key="targets",
        title=t("slide_targets"),
        subtitle=t("card_targets_value", met=num(counts[MET]), total=num(total)) + hidden_count_text(counts),
        figures=figures,
        chart=chart if targets else None,
        bullets=() if targets else (t("targets_none"),),
    )
    slides = [summary]
    header = (t("col_indicator"), t("col_target"), t("col_actual"), t("col_state"))
    for state in (MET, PENDING, MISSED, NO_DATA, HIDDEN_STATE):
        group = [p for p in targets if group_of(p) == state]
        chunks = [group[i : i + TARGET_ROWS_PER_SLIDE] for i in range(0, len(group), TARGET_ROWS_PER_SLIDE)]
        for part, chunk in enumerate(chunks, start=1):
            title = (
                t("slide_targets_hidden")
                if state == HIDDEN_STATE
                else t("slide_targets_group", state=t(TARGET_KEYS[state]))
            )
            if len(chunks) > 1:
                title = t("slide_part", title=title, part=num(part), parts=num(len(chunks)))
            rows = tuple(
                (
                    t("indicator_label", measure=num(p.status.measure_no), name=p.status.name),
                    p.condition(with_label=True),
                    p.actual,
                    p.state,
                )
                for p in chunk
            )
            table = Table(header, rows, widths=(0.46, 0.2, 0.18, 0.16))
            slides.append(Slide(key=f"targets_{state}", title=title, subtitle=quarter_text, table=table))
    return slides


def ita_slide(ov: Overview, card: Scorecard | None) -> Slide:
    """The latest ITA score, its rating and tools, the weakest indicator, and the years as a chart."""
    ita = ov.ita_latest
    if ita is None:
        return Slide(key="ita", title=t("slide_ita"), bullets=(t("ita_none"),))
    weights = rule_set_for(ita.year).weights
    figures = [
        Figure(
            "ita_total",
            t("ita_total_fig", year=ita.year),
            num(round(ita.total, 2)),
            round(ita.total, 2),
            "" if card is None else card.detail(),
            ita.severity,
        ),
        Figure("ita_rating", t("ita_rating_fig"), ita.display_rating, None, "", ita.severity),
    ]
    for tool, score in (("iit", ita.iit), ("eit", ita.eit), ("oit", ita.oit)):
        part = ita.parts[tool]
        detail = (
            "" if part is None else t("ita_tool_detail", weight=num(weights[tool] * 100, 0), part=num(round(part, 2)))
        )
        figures.append(Figure(f"ita_{tool}", TOOL_NAMES[tool], num(score), score, detail))
    bullets = [f"{ita.display_rating} · {'' if card is None else card.target}"]
    if ita.rating is not None and ita.rating.uncertain:
        bullets.append(t("ita_uncertain"))
    weakest = ita.weakest_indicator
    if weakest is not None:
        score = ita.indicators[weakest - 1]
        bullets.append(t("ita_weakest", number=num(weakest), title=ITA_INDICATOR_TITLES[weakest - 1], score=num(score)))
    history = ov.ita_history
    totals = tuple(round(s.total, 2) for s in history)
    chart = Chart(
        kind="column",
        title=t("ita_history"),
        categories=tuple(str(s.year) for s in history),
        series=(
            Series(
                t("axis_score"),
                totals,
                tuple(num(v) for v in totals),
                BLUE,
                tuple(GREY if s.rating is None else GREEN if s.rating.passed else VERMILLION for s in history),
            ),
        ),
        axis_title=t("axis_score"),
        minimum=0.0,
        maximum=100.0,
        reference=pass_mark(ita.year),
        reference_label=t("pass_line", value=pass_mark(ita.year)),
    )
    return Slide(key="ita", title=t("slide_ita"), figures=tuple(figures), bullets=tuple(bullets), chart=chart)


def satisfaction_slide(ov: Overview, card: Scorecard | None) -> Slide:
    """The year's satisfaction against its target, the services, and the quarters as a chart."""
    summary = ov.satisfaction
    overall = summary.overall
    target = summary.target
    if overall is None or overall.value is None:
        return Slide(key="satisfaction", title=t("slide_satisfaction"), bullets=(t("card_satisfaction_none"),))
    figures = (
        Figure(
            "satisfaction",
            t("sat_overall") if ov.quarter >= 4 else t("sat_overall_to_date", span=to_date_text(ov.quarter)),
            f"{num(overall.value)}%",
            overall.value,
            summary.method_label if card is None else card.detail(),
            "good" if overall.meets_target else "bad",
        ),
        Figure("satisfaction_target", t("sat_target_fig"), f"{num(target)}%", target),
        Figure(
            "satisfaction_n",
            t("sat_sample_fig"),
            "–" if overall.sample_size is None else t("sat_people", n=num(overall.sample_size)),
            None if overall.sample_size is None else float(overall.sample_size),
        ),
    )
    services = [s for s in summary.figures if s.value is not None]
    bullets = [
        t("sat_service", service=s.service, value=num(s.value), n="–" if s.sample_size is None else num(s.sample_size))
        for s in services[:MAX_SERVICES]
    ]
    if len(services) > MAX_SERVICES:
        bullets.append(t("sat_more", count=num(len(services) - MAX_SERVICES)))
    bullets.append(t("sat_method", method=summary.method_label))
    points = ov.satisfaction_quarters
    values = tuple(None if p.value is None else round(p.value, 2) for p in points)
    chart = Chart(
        kind="column",
        title=t("sat_by_quarter"),
        categories=tuple(quarter_short(ov.year, p.quarter) for p in points),
        series=(
            Series(
                t("axis_percent"),
                values,
                tuple(t("target_no_data") if v is None else num(v) for v in values),
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


def complaints_slide(pc: PublicComplaints, card: Scorecard | None) -> Slide:
    """The year's complaints per quarter × type as published, beside last year's quarters."""
    title = t("slide_complaints")
    if pc.this_table is None:
        return Slide(key="complaints", title=title, bullets=(t("comp_no_data"), t("deck_public")))
    table = pc.this_table
    show = lambda v: "–" if v is None else num(v)  # noqa: E731
    rows = [
        (label, *(show(v) for v in cells), show(total))
        for label, cells, total in zip(table.row_labels, table.cells, table.row_totals, strict=True)
    ]
    rows.append((t("comp_col_total"), *(show(v) for v in table.column_totals), show(table.grand_total)))
    header = (t("comp_col_quarter"), *table.column_labels, t("comp_col_total"))
    compare = Figure(
        "complaints_decrease", t("comp_compare"), decrease_text(pc.decrease), None, "", _TONES.get(pc.decrease, "none")
    )
    figures = (complaints_total_figure(pc, card), compare)
    quarters = pc.quarters  # 1 to the quarter the pack is as of
    this_totals = dict(zip(pc.this_quarters, table.row_totals, strict=True))
    last_totals = {} if pc.last_table is None else dict(zip(pc.last_quarters, pc.last_table.row_totals, strict=True))
    hidden = False
    series = []
    for name, totals, colour in (
        (t("comp_last_year", year=pc.year - 1), last_totals, LIGHT_GREY),
        (t("comp_last_year", year=pc.year), this_totals, BLUE),
    ):
        values = tuple(None if totals.get(q) is None else float(totals[q]) for q in quarters)  # type: ignore[arg-type]
        labels = tuple(
            "–" if q in totals and totals[q] is None else ("" if v is None else num(v))
            for q, v in zip(quarters, values, strict=True)
        )
        hidden = hidden or any(q in totals and totals[q] is None for q in quarters)
        series.append(Series(name, values, labels, colour))
    chart = Chart(
        kind="column",
        title=t("comp_by_quarter"),
        categories=tuple(quarter_short(pc.year, q) for q in quarters),
        series=tuple(series),
        axis_title=t("axis_count"),
        footnote=t("chart_hidden") if hidden else "",
    )
    bullets = [t("deck_public")]
    missing = [q for q in quarters if q not in pc.this_quarters]
    if missing:
        bullets.append(t("comp_missing", quarters=", ".join(quarter_short(pc.year, q) for q in missing)))
    return Slide(
        key="complaints",
        title=title,
        figures=figures,
        bullets=tuple(bullets),
        chart=chart,
        table=Table(header, tuple(rows), table.footnote or "", widths=(0.22, 0.3, 0.26, 0.22)),
    )
