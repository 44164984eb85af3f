"""The council deck as data: slides of figures, bullets, charts and tables that every renderer draws.

The presentation page (kpi.exports.screen), the PPTX (kpi.exports.to_pptx) and the PDF
(kpi.exports.to_pdf) only lay these out; every text in them is final, digits included.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.core.scale import axis_top


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

    def drawn_series(self) -> tuple[Series, ...]:
        """The series that draw a bar: a value that is not missing (in a stack, not zero either).

        Only these get a legend entry; a chart without any says "ไม่มีข้อมูล" in every renderer.
        """
        stacked = self.kind == "stacked_column"
        return tuple(s for s in self.series if any(v is not None and (v != 0 or not stacked) for v in s.values))

    @property
    def empty(self) -> bool:
        """True when no series draws anything (every renderer then writes "ไม่มีข้อมูล")."""
        return not self.drawn_series()


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
    thai_digits: bool  # the renderers number pages and chart axes in the same digits
    quarter_text: str
    version_text: str
    version_number: int | None
    sample: bool
    prepared_text: str
    slides: tuple[Slide, ...]

    def slide(self, key: str) -> Slide:
        """The first slide with this key."""
        return next(s for s in self.slides if s.key == key)


def value_axis_top(chart: Chart) -> float:
    """The top of a deck chart's value axis, the same for the screen, the PPTX and the PDF: a fixed
    maximum with a little room, else the tallest bar, stack or reference line with room for its label."""
    if chart.maximum is not None:
        return chart.maximum * 1.08
    if chart.kind == "stacked_column":
        peaks = [sum(s.values[i] or 0 for s in chart.series) for i in range(len(chart.categories))]
    else:
        peaks = [v for s in chart.series for v in s.values if v is not None] + [chart.reference or 0]
    return axis_top(peaks, headroom=1.25, least=1.0)
