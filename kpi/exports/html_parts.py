"""The pieces of the web page, one deck element each: figures, bullets, tables, charts with their data.

Every text goes through `esc` (html.escape): names and numbers from the data are shown, never read
as markup. Identifiers (element ids) are built from slide keys and counters, never from data.
"""

from __future__ import annotations

import html
import re

from kpi.core.messages import t
from kpi.core.thai import format_number, thai_digits_text
from kpi.exports.deck_model import Chart, Figure, Table
from kpi.exports.html_chart import figure_json, web_figure

_NUMBER = re.compile(r"^[\s\-–+.,%0-9๐-๙]+$")


def esc(text: str) -> str:
    """The text as HTML text or attribute value: <, >, &, " and ' escaped."""
    return html.escape(text, quote=True)


def _numeric_columns(table: Table) -> list[bool]:
    """Which columns hold only numbers (or '–'): those are right-aligned, header included."""
    columns = list(zip(*table.rows, strict=True)) if table.rows else [() for _ in table.header]
    return [i > 0 and bool(cells) and all(_NUMBER.match(c) for c in cells) for i, cells in enumerate(columns)]


def figures_html(figures: tuple[Figure, ...]) -> str:
    """The headline numbers as a definition list of cards: label, value, detail; the tone on the edge."""
    if not figures:
        return ""
    cards = []
    for f in figures:
        detail = f'<dd class="detail">{esc(f.detail)}</dd>' if f.detail else ""
        tone = f.tone if f.tone in ("good", "ok", "bad") else "none"
        cards.append(
            f'<div class="figure tone-{tone}"><dt>{esc(f.label)}</dt><dd class="value">{esc(f.text)}</dd>{detail}</div>'
        )
    return f'<dl class="figures">{"".join(cards)}</dl>'


def bullets_html(bullets: tuple[str, ...]) -> str:
    """The slide's bullets as a list."""
    if not bullets:
        return ""
    items = "".join(f"<li>{esc(b)}</li>" for b in bullets)
    return f'<ul class="bullets">{items}</ul>'


def table_html(table: Table, caption: str, caption_visible: bool = False) -> str:
    """A real table: a caption, column headers, the first cell of each row as its row header, the footnote."""
    caption_class = "" if caption_visible else ' class="sr-only"'
    numeric = _numeric_columns(table)
    align = [' class="num"' if n else "" for n in numeric]
    columns = ""
    if table.widths and len(table.widths) == len(table.header):
        columns = "<colgroup>" + "".join(f'<col style="width:{w * 100:.0f}%">' for w in table.widths) + "</colgroup>"
    head = "".join(f'<th scope="col"{a}>{esc(h)}</th>' for h, a in zip(table.header, align, strict=True))
    total = t("comp_col_total")
    body = []
    for row in table.rows:
        first, *rest = row
        cells = "".join(f"<td{a}>{esc(c)}</td>" for c, a in zip(rest, align[1:], strict=True))
        row_class = ' class="total"' if first == total else ""
        body.append(f'<tr{row_class}><th scope="row">{esc(first)}</th>{cells}</tr>')
    footnote = f'<p class="note">{esc(table.footnote)}</p>' if table.footnote else ""
    return (
        f"<table><caption{caption_class}>{esc(caption)}</caption>{columns}"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{footnote}"
    )


def _cell(label: str, value: float | None, thai_digits: bool) -> str:
    """A value as the chart labels it; a bar without a label written out (a 0 in a stack), '–' for none."""
    if label:
        return label
    if value is None:
        return "–"
    text = format_number(value, 0 if float(value).is_integer() else 2)
    return thai_digits_text(text) if thai_digits else text


def chart_table(chart: Chart, thai_digits: bool) -> Table:
    """The chart's numbers as a table: one row per category, one column per series."""
    header = (t("html_col_item"), *(s.name for s in chart.series))
    rows = tuple(
        (category, *(_cell(s.labels[i], s.values[i], thai_digits) for s in chart.series))
        for i, category in enumerate(chart.categories)
    )
    notes = [t("html_reference", label=chart.reference_label)] if chart.reference_label else []
    if chart.footnote:
        notes.append(chart.footnote)
    return Table(header, rows, " · ".join(notes))


def chart_html(chart: Chart, chart_id: str, thai_digits: bool) -> str:
    """The chart's heading, its plotly drawing (an image to assistive technology) and its numbers as a table."""
    title = esc(chart.title)
    data = figure_json(web_figure(chart, thai_digits))
    drawing = (
        f'<div class="chart" id="{chart_id}" role="img" aria-label="{esc(t("html_chart_alt", title=chart.title))}">'
        f'<noscript><p class="note">{esc(t("html_no_script"))}</p></noscript></div>'
        f'<script type="application/json" class="chart-data" data-chart="{chart_id}">{data}</script>'
    )
    numbers = table_html(chart_table(chart, thai_digits), t("html_chart_data"), caption_visible=True)
    return f'<h3>{title}</h3><div class="chart-block"><div>{drawing}</div><div>{numbers}</div></div>'
