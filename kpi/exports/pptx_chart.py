"""A deck chart as one native PowerPoint chart: bars, and the lines and marks that belong to them.

The pass mark or target is a dashed line series in a <c:lineChart> that shares the bar chart's
axes inside the same plot area (python-pptx cannot combine chart types, so the series is moved
there in the XML): it moves and rescales with the chart when staff edit it, and the legend names
it. A bar that is hidden (a small complaint count) or has no data is not drawn as an empty slot
that reads as zero: an invisible line series puts "ปกปิด"/"ไม่มีข้อมูล" on the baseline of that
category, from its series name (no fixed label text anywhere). Data labels and the value axis
always show the values themselves; the Thai-digit deck shows them in Thai digits through the
number format's locale prefix [$-D00041E] (numeral shape 0D = Thai digits, read by Excel,
PowerPoint and LibreOffice alike).
"""

from __future__ import annotations

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from kpi.core.messages import t
from kpi.core.palette import BLACK, text_on
from kpi.exports.deck_model import Chart, value_axis_top
from kpi.exports.pptx_text import LINE_EM, MIN_PT, MUTED, PT, box, em_width, rgb, set_thai_font, text_height

THAI_DIGITS = "[$-D00041E]"  # number-format prefix: Thai digits
HIDDEN_MARK = "–"  # the deck's label for a count hidden to protect complainants
_CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked_column": XL_CHART_TYPE.COLUMN_STACKED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
}
LABEL_PT = 18
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def number_format(values: tuple[float | None, ...], hide_zero: bool, thai: bool) -> str:
    """Excel number format matching the deck's labels: 2 decimals when any value has a fraction."""
    fraction = any(v is not None and not float(v).is_integer() for v in values)
    prefix = THAI_DIGITS if thai else ""
    base = f"{prefix}#,##0.00" if fraction else f"{prefix}#,##0"
    return f"{base};-{base};;" if hide_zero else base


def axis_top(chart: Chart) -> float:
    top = value_axis_top(chart)
    return top if chart.maximum is not None else float(max(1, round(top + 0.5)))  # a whole-number axis


def _marks(chart: Chart) -> dict[str, list[float | None]]:
    """Baseline marks for bars not drawn: label text → 0 at each such category (None elsewhere)."""
    marks: dict[str, list[float | None]] = {}
    for series in chart.series:
        for index, (value, label) in enumerate(zip(series.values, series.labels, strict=True)):
            if value is None and label:
                text = t("pptx_hidden") if label == HIDDEN_MARK else label
                marks.setdefault(text, [None] * len(chart.categories))[index] = 0.0
    return marks


def add_chart(slide, chart: Chart, left: int, top: int, width: int, height: int, thai: bool) -> int:  # type: ignore[no-untyped-def]
    """Draw `chart` in the box (its footnote under it); returns the bottom of what was drawn (EMU)."""
    footnote_height = text_height([(chart.footnote, MIN_PT)], width) if chart.footnote else 0
    chart_height = height - footnote_height
    stacked = chart.kind == "stacked_column"
    overlays: list[tuple[str, list[float | None], str]] = []  # (name, values, "reference" | "mark")
    if chart.reference is not None and chart.kind != "bar" and not chart.empty:
        overlays.append((chart.reference_label, [chart.reference] * len(chart.categories), "reference"))
    if chart.kind != "bar":
        overlays.extend((name, values, "mark") for name, values in _marks(chart).items())
    data = CategoryChartData()
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values), number_format=number_format(series.values, stacked, thai))
    for name, values, _ in overlays:
        data.add_series(name, values, number_format=number_format(tuple(values), False, thai))
    frame = slide.shapes.add_chart(_CHART_TYPES[chart.kind], left, top, width, chart_height, data)
    native = frame.chart
    native.has_title = True
    native.chart_title.text_frame.text = chart.title
    native.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    native.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    native.font.size = Pt(MIN_PT)
    plot = native.plots[0]
    plot.gap_width = 60
    if not stacked:
        plot.overlap = 0 if len(chart.series) == 1 else -10
    _bar_labels(chart, plot, thai)
    drawn = chart.drawn_series()
    legend_bars = len(chart.series) > 1 and bool(drawn)  # a single series is named by the chart title
    native.has_legend = legend_bars or any(kind == "reference" for _, _, kind in overlays)
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.TOP  # above the plot: never in the axis labels
        native.legend.include_in_layout = False  # False = outside the plot area (python-pptx's overlay flag)
        native.legend.font.size = Pt(MIN_PT)
        hidden = [i for i, s in enumerate(chart.series) if s not in drawn or not legend_bars]
        hidden += [len(chart.series) + i for i, (_, _, kind) in enumerate(overlays) if kind == "mark"]
        _hide_legend_entries(native, hidden)
    _value_axis(chart, native, thai)
    if overlays:
        _move_to_line_chart(native, len(chart.series), [kind for _, _, kind in overlays])
    if chart.kind != "bar":
        _place_plot(native, chart, width, chart_height, native.has_legend, thai)
    for run in native._chartSpace.iter(qn("a:r")):
        run.get_or_add_rPr()  # the title's runs carry no properties yet: give them the Thai font too
    for element in native._chartSpace.iter(qn("a:defRPr"), qn("a:rPr")):
        set_thai_font(element)
    bottom = top + chart_height
    if chart.footnote:
        box(slide, left, bottom, width, chart.footnote, MIN_PT, colour=MUTED)
        bottom += footnote_height
    if chart.empty:  # empty axes alone read as "zero": say there is no data, over the middle of the plot
        note_height = text_height([(t("chart_no_data"), 24)], width)
        box(slide, left + Inches(0.8), top + (chart_height - note_height) // 2, width - Inches(1.0),
            t("chart_no_data"), 24, colour=MUTED, align=PP_ALIGN.CENTER)  # fmt: skip
    return int(bottom)


def _bar_labels(chart: Chart, plot, thai: bool) -> None:  # type: ignore[no-untyped-def]
    """Value labels linked to the values, in a colour that reads on what is behind them (AA)."""
    stacked = chart.kind == "stacked_column"
    position = XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.OUTSIDE_END
    for series, native_series in zip(chart.series, plot.series, strict=False):
        native_series.format.fill.solid()
        native_series.format.fill.fore_color.rgb = rgb(series.colour)
        native_series.invert_if_negative = False
        labels = native_series.data_labels
        labels.show_value = True
        labels.number_format = number_format(series.values, stacked, thai)
        labels.number_format_is_linked = False
        labels.font.size = Pt(LABEL_PT)
        labels.font.bold = True
        labels.font.color.rgb = rgb(text_on(series.colour) if stacked else BLACK)  # inside a bar: on its fill
        labels.position = position
        if series.point_colours:
            for index, colour in enumerate(series.point_colours):
                point = native_series.points[index]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = rgb(colour)
        if chart.reference is not None and chart.kind == "column":
            _labels_off_the_line(chart, series, native_series, labels.number_format)


def _labels_off_the_line(chart: Chart, series, native_series, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """A bar ending just under the reference line gets its value inside its top, not across the line."""
    room = (axis_top(chart) - chart.minimum) * 0.15
    for index, value in enumerate(series.values):
        if value is None or not (chart.reference - room <= value < chart.reference):  # type: ignore[operator]
            continue
        fill = series.point_colours[index] if series.point_colours else series.colour
        label = native_series.points[index].data_label
        label.position = XL_LABEL_POSITION.INSIDE_END
        label.font.size = Pt(LABEL_PT)
        label.font.bold = True
        label.font.color.rgb = rgb(text_on(fill))
        element = label._dLbl
        number = _el("c:numFmt", formatCode=fmt, sourceLinked="0")
        anchor = element.find(qn("c:spPr"))
        (anchor if anchor is not None else element.find(qn("c:txPr"))).addprevious(number)


def _value_axis(chart: Chart, native, thai: bool) -> None:  # type: ignore[no-untyped-def]
    axis = native.value_axis
    axis.minimum_scale = chart.minimum
    top = axis_top(chart)
    axis.maximum_scale = top
    if top - chart.minimum <= 6:
        axis.major_unit = 1  # counts: whole-number ticks
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb("D9D9D9")
    axis.has_title = chart.kind != "bar"  # a short bar chart needs the height for its category names
    if axis.has_title:
        axis.axis_title.text_frame.text = chart.axis_title
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(MIN_PT)
    axis.tick_labels.font.size = Pt(MIN_PT)
    axis.tick_labels.number_format = f"{THAI_DIGITS if thai else ''}#,##0"
    axis.tick_labels.number_format_is_linked = False
    native.category_axis.tick_labels.font.size = Pt(MIN_PT)
    if chart.kind == "bar":
        native.category_axis.reverse_order = True  # first category on top, as on the page
        plot_area = native._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
        plot_area.find(qn("c:valAx")).find(qn("c:crosses")).set("val", "max")  # and the scale at the bottom
    category = native._chartSpace.find(qn("c:chart")).find(qn("c:plotArea")).find(qn("c:catAx"))
    offset = category.find(qn("c:lblOffset"))
    skip = _el("c:tickLblSkip", val="1")  # every category named: LibreOffice drops some when short of room
    if offset is not None:
        offset.addnext(skip)
    else:
        category.find(qn("c:noMultiLvlLbl")).addprevious(skip)
    if chart.empty and chart.maximum is None:
        axis.visible = False  # an empty chart has no scale to show
        axis.has_major_gridlines = False


def _place_plot(native, chart: Chart, width: int, height: int, legend: bool, thai: bool) -> None:  # type: ignore[no-untyped-def]
    """Give the plot all the room the title, legend and axis labels leave (LibreOffice's automatic
    layout leaves a short chart a plot a third of its height)."""
    line = MIN_PT * PT * LINE_EM
    title = text_height([(chart.title, 18)], width, bold=True)
    top = title + (line + Inches(0.2) if legend else Inches(0.1))
    if legend:  # the legend in its own band under the title, the plot (with its value labels) below it
        _manual(native._chartSpace.find(qn("c:chart")).find(qn("c:legend")), None,
                {"x": 0.05, "y": title / height, "w": 0.9, "h": (line + Inches(0.05)) / height})  # fmt: skip
    widest = max((em_width(c) for c in chart.categories), default=1.0) * MIN_PT * PT
    slot = width * 0.85 / max(1, len(chart.categories))
    bottom = line * (2 if widest > slot else 1) + Inches(0.15)
    digits = len(f"{axis_top(chart):,.0f}") * MIN_PT * PT * (0.68 if thai else 0.55)
    left = line + digits + Inches(0.25)  # the rotated axis title, the tick labels
    plot_area = native._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    box = {"x": left / width, "y": top / height, "w": 1 - left / width - 0.03, "h": 1 - (top + bottom) / height}
    _manual(plot_area, "inner", box)


def _manual(element: etree._Element, target: str | None, box: dict[str, float]) -> None:
    """Set a manual layout (fractions of the chart frame) on a plot area or legend."""
    old = element.find(qn("c:layout"))
    layout = _el("c:layout")
    if old is not None:
        old.addprevious(layout)
        element.remove(old)
    elif element.tag == qn("c:plotArea"):
        element.insert(0, layout)
    else:  # legend: legendPos, legendEntry*, layout, overlay…
        anchors = element.findall(qn("c:legendEntry")) or element.findall(qn("c:legendPos"))
        anchors[-1].addnext(layout) if anchors else element.insert(0, layout)
    manual = _sub(layout, "c:manualLayout")
    if target is not None:
        _sub(manual, "c:layoutTarget", val=target)
    _sub(manual, "c:xMode", val="edge")
    _sub(manual, "c:yMode", val="edge")
    for key in ("x", "y", "w", "h"):
        _sub(manual, f"c:{key}", val=f"{box[key]:.4f}")


def _hide_legend_entries(native, indexes: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Delete the legend entries of these series (python-pptx has no API for it)."""
    legend = native._chartSpace.find(qn("c:chart")).find(qn("c:legend"))
    position = legend.find(qn("c:legendPos"))
    at = 0 if position is None else list(legend).index(position) + 1  # schema order: legendPos, legendEntry*
    for offset, index in enumerate(sorted(set(indexes))):
        entry = etree.Element(qn("c:legendEntry"))
        etree.SubElement(entry, qn("c:idx"), val=str(index))
        etree.SubElement(entry, qn("c:delete"), val="1")
        legend.insert(at + offset, entry)


def _el(tag: str, **attrs: str) -> etree._Element:
    return etree.Element(qn(tag), **attrs)


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, qn(tag), **attrs)


def _line_properties(kind: str) -> etree._Element:
    sp = _el("c:spPr")
    line = _sub(sp, "a:ln", w=str(Pt(2.5)), cap="flat")
    if kind == "reference":
        _sub(_sub(line, "a:solidFill"), "a:srgbClr", val=BLACK.lstrip("#"))
        _sub(line, "a:prstDash", val="dash")
    else:
        _sub(line, "a:noFill")
    return sp


def _mark_labels() -> etree._Element:
    """Data labels that show the series name ("ปกปิด") above each point on the baseline."""
    labels = _el("c:dLbls")
    _sub(labels, "c:spPr").append(_el("a:noFill"))
    tx = _sub(labels, "c:txPr")
    _sub(tx, "a:bodyPr")
    _sub(tx, "a:lstStyle")
    paragraph = _sub(tx, "a:p")
    props = _sub(_sub(paragraph, "a:pPr"), "a:defRPr", sz=str(MIN_PT * 100), b="1")
    _sub(_sub(props, "a:solidFill"), "a:srgbClr", val=MUTED.lstrip("#"))
    _sub(paragraph, "a:endParaRPr", lang="th-TH")
    _sub(labels, "c:dLblPos", val="t")
    for tag, value in (("showLegendKey", "0"), ("showVal", "0"), ("showCatName", "0"), ("showSerName", "1"),
                       ("showPercent", "0"), ("showBubbleSize", "0")):  # fmt: skip
        _sub(labels, f"c:{tag}", val=value)
    return labels


def _move_to_line_chart(native, first: int, kinds: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Move the series from index `first` on out of the bar chart into a line chart on the same axes."""
    plot_area = native._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    bars = plot_area.find(qn("c:barChart"))
    line_chart = _el("c:lineChart")
    _sub(line_chart, "c:grouping", val="standard")
    _sub(line_chart, "c:varyColors", val="0")
    for series, kind in zip(bars.findall(qn("c:ser"))[first:], kinds, strict=True):
        bars.remove(series)
        line = _sub(line_chart, "c:ser")
        for tag in ("c:idx", "c:order", "c:tx"):
            line.append(series.find(qn(tag)))
        line.append(_line_properties(kind))
        _sub(_sub(line, "c:marker"), "c:symbol", val="none")
        if kind == "mark":
            line.append(_mark_labels())
        for tag in ("c:cat", "c:val"):
            line.append(series.find(qn(tag)))
        _sub(line, "c:smooth", val="0")
    _sub(line_chart, "c:marker", val="1")
    for axis_id in bars.findall(qn("c:axId")):
        _sub(line_chart, "c:axId", val=axis_id.get("val"))
    bars.addnext(line_chart)
