"""The council deck as one web page for the agency's website (OIT asks agencies to publish their
measures and results): `python -m kpi export --format html` and the export page.

One self-contained HTML file: the Sarabun font embedded, plotly.js inlined, no request leaves it
(a Content-Security-Policy says so too). It is drawn from the public-safe council deck
(kpi.exports.deck.build_deck: complaint counts suppressed), so it publishes exactly what the
council sees, in the digits the user chose. The title slide becomes the page header; every other
slide a section with its figures, bullets, chart (with its numbers as a table) and table; a
table split over several slides (1/2, 2/2) is one table again on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi.core.messages import t
from kpi.core.thai import thai_digits_text, to_arabic_digits
from kpi.exports.deck_model import Deck, Slide, Table
from kpi.exports.html_assets import CSP, font_faces, plotly_js, style_sheet
from kpi.exports.html_chart import config_json
from kpi.exports.html_parts import bullets_html, chart_html, esc, figures_html, table_html

# "ตัวชี้วัดที่บรรลุ (1/2)", "… (ต่อ)": what a slide title carries when a table runs over slides.
_PART = re.compile(r"\s*\((?:[0-9๐-๙]+/[0-9๐-๙]+|ต่อ)\)$")

# Draws every chart once the embedded fonts are ready (plotly measures its labels as it draws).
_DRAW = """
(function () {
  var config = %s;
  function draw() {
    document.querySelectorAll('script.chart-data').forEach(function (source) {
      var figure = JSON.parse(source.textContent);
      Plotly.newPlot(document.getElementById(source.dataset.chart), figure.data, figure.layout, config);
    });
  }
  var fonts = document.fonts;
  if (fonts && fonts.load) {
    Promise.all([fonts.load('400 16px Sarabun'), fonts.load('700 16px Sarabun')]).then(draw, draw);
  } else {
    draw();
  }
})();
"""


@dataclass
class _Section:
    """One section of the page: a slide, with the table rows of the slides that continue it."""

    slide: Slide
    rows: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _PART.sub("", self.slide.title)

    @property
    def table(self) -> Table | None:
        table = self.slide.table
        if table is None:
            return None
        return Table(table.header, tuple(self.rows), table.footnote, table.widths)


def sections(deck: Deck) -> list[_Section]:
    """The slides after the title and the agenda (the page has its own contents list), a slide
    continuing the previous one's table merged into it."""
    out: list[_Section] = []
    for slide in deck.slides[1:]:
        if slide.key == "agenda":
            continue
        previous = out[-1].slide if out else None
        continues = (
            previous is not None
            and previous.key == slide.key
            and previous.table is not None
            and slide.table is not None
            and previous.table.header == slide.table.header
            and _PART.search(slide.title) is not None
        )
        if continues:
            out[-1].rows.extend(slide.table.rows)  # type: ignore[union-attr]
        else:
            out.append(_Section(slide, list(slide.table.rows) if slide.table else []))
    return out


def _section_html(section: _Section, index: int, thai_digits: bool) -> str:
    slide = section.slide
    anchor = f"s{index}-{slide.key}"
    parts = [f'<section aria-labelledby="{anchor}-h"><h2 id="{anchor}-h">{esc(section.title)}</h2>']
    if slide.subtitle:
        parts.append(f'<p class="subtitle">{esc(slide.subtitle)}</p>')
    parts.append(figures_html(slide.figures))
    parts.append(bullets_html(slide.bullets))
    if slide.chart is not None:
        parts.append(chart_html(slide.chart, f"{anchor}-chart", thai_digits))
    table = section.table
    if table is not None:
        caption = section.title + (f" · {slide.subtitle}" if slide.subtitle else "")
        parts.append(table_html(table, caption))
    parts.append("</section>")
    return "".join(parts)


def _masthead(deck: Deck) -> str:
    title = deck.slides[0]
    year = t("deck_year", year=deck.year)
    as_of = t("html_as_of", quarter=deck.quarter_text)
    facts = [
        thai_digits_text(year) if deck.thai_digits else year,
        as_of,
        deck.version_text,
        deck.prepared_text,
    ]
    items = "".join(f"<li>{esc(fact)}</li>" for fact in facts)
    return (
        f'<header class="masthead"><div class="wrap"><h1>{esc(title.title)}</h1>'
        f'<p class="org">{esc(deck.organisation)}</p><ul>{items}</ul></div></header>'
    )


def _toc(parts: list[_Section]) -> str:
    links = "".join(
        f'<li><a href="#s{i}-{s.slide.key}-h">{esc(s.title)}</a></li>' for i, s in enumerate(parts, start=1)
    )
    return f'<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">{esc(t("html_toc"))}</h2><ol>{links}</ol></nav>'


def _footer(deck: Deck) -> str:
    lines = [t("html_public"), deck.version_text, deck.prepared_text, t("html_made_by")]
    return "<footer>" + "".join(f"<p>{esc(line)}</p>" for line in lines) + "</footer>"


def deck_to_html(deck: Deck) -> bytes:
    """The deck as one self-contained UTF-8 HTML document."""
    parts = sections(deck)
    sample = f'<p class="sample" role="note">{esc(t("deck_sample"))}</p>' if deck.sample else ""
    body = "".join(_section_html(s, i, deck.thai_digits) for i, s in enumerate(parts, start=1))
    page_title = t(
        "html_title",
        title=deck.slides[0].title,
        organisation=deck.organisation,
        year=thai_digits_text(str(deck.year)) if deck.thai_digits else deck.year,
        quarter=deck.quarter_text,
    )
    content = f"{_masthead(deck)}<main>{sample}{_toc(parts)}{body}</main>{_footer(deck)}"
    if not deck.thai_digits:  # one digit style: a name typed with Thai digits ("จำนวน ๑ ฉบับ") too
        content, page_title = to_arabic_digits(content), to_arabic_digits(page_title)
    digits = ' class="thai-digits"' if deck.thai_digits else ""  # list numbers in the page's digits
    document = (
        '<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(page_title)}</title>"
        f"<style>{font_faces()}\n{style_sheet()}</style></head>\n<body{digits}>{content}"
        f"<script>{plotly_js()}</script><script>{_DRAW % config_json()}</script>"
        "</body></html>\n"
    )
    return document.encode("utf-8")
