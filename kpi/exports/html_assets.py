"""What the published web page carries inside itself: the Sarabun font, plotly.js and the style sheet.

Nothing is fetched when the page is opened: the font is a base64 @font-face (TrueType: a WOFF2
encoder would need the brotli package, which the project does not otherwise use), plotly.js is
the copy bundled with the plotly package, and a Content-Security-Policy forbids any request.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from kpi.core.palette import BLACK, BLUE, GREEN, ORANGE, VERMILLION, WHITE

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT_FAMILY = "Sarabun, 'TH Sarabun New', Tahoma, sans-serif"
# Regular and bold only: the page uses no other weight.
FONT_FILES = ((400, "Sarabun-Regular.ttf"), (700, "Sarabun-Bold.ttf"))

# Text colours and the backgrounds they are printed on (tests check each pair reaches WCAG AA 4.5:1).
INK = BLACK
MUTED = "#4D4D4D"  # secondary text: 8.4:1 on white, 7.6:1 on BAND
PAPER = WHITE
BAND = "#F3F5F7"  # the cards' and table header's background
MASTHEAD = "#0B3D5C"  # the page header; white text on it
LINK = "#005A8C"
WARNING_BG = "#FFF4D6"  # the sample-data notice
TEXT_PAIRS = (
    (INK, PAPER),
    (INK, BAND),
    (MUTED, PAPER),
    (MUTED, BAND),
    (WHITE, MASTHEAD),
    (LINK, PAPER),
    (INK, WARNING_BG),
)
# A card's left edge says its tone (the detail line says it in words too).
TONE_EDGES = {"good": GREEN, "ok": ORANGE, "bad": VERMILLION, "none": "#9A9A9A"}

# No request may leave the file: no source but the page itself and data: URIs.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; font-src data:; "
    "img-src data: blob:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)


@cache
def font_faces() -> str:
    """@font-face rules with the bundled Sarabun regular and bold as base64 data."""
    rules = []
    for weight, name in FONT_FILES:
        data = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'Sarabun';font-style:normal;font-weight:{weight};font-display:block;"
            f"src:url(data:font/ttf;base64,{data}) format('truetype')}}"
        )
    return "\n".join(rules)


@cache
def plotly_js() -> str:
    """plotly.js as bundled with the plotly package, safe to place inside a <script> element."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


def style_sheet() -> str:
    """The page's CSS: Sarabun, a readable measure, cards for figures, tables with ruled rows, print."""
    edges = "".join(f".tone-{tone}{{border-left-color:{colour}}}" for tone, colour in TONE_EDGES.items())
    return f"""
*{{box-sizing:border-box}}
html{{font-size:100%}}
body{{margin:0;font-family:{FONT_FAMILY};color:{INK};background:{PAPER};line-height:1.6;font-size:1.125rem}}
a{{color:{LINK}}}
a:focus-visible{{outline:3px solid {BLUE};outline-offset:2px}}
.sr-only{{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);
white-space:nowrap;border:0}}
.masthead{{background:{MASTHEAD};color:{WHITE};padding:1.5rem 0 1.25rem}}
.masthead .wrap,main,footer{{max-width:75rem;margin:0 auto;padding-left:1rem;padding-right:1rem}}
.masthead h1{{margin:0 0 .25rem;font-size:2rem;line-height:1.35;font-weight:700}}
.masthead .org{{margin:0 0 .75rem;font-size:1.35rem;font-weight:700}}
.masthead ul{{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem}}
.sample{{background:{WARNING_BG};color:{INK};border-left:6px solid {ORANGE};padding:.5rem 1rem;margin:1rem 0 0;
font-weight:700}}
.toc{{padding-top:1rem;padding-bottom:1rem}}
.toc h2{{font-size:1.25rem;margin:0 0 .25rem}}
.toc ol{{margin:0;padding-left:1.5rem;columns:2 20rem}}
.thai-digits ol{{list-style-type:thai}}
main{{padding-bottom:2rem}}
section{{border-top:2px solid #D5DAE0;padding:1.25rem 0 .5rem}}
section h2{{font-size:1.6rem;line-height:1.4;margin:0 0 .25rem}}
section h3{{font-size:1.25rem;line-height:1.4;margin:1rem 0 .25rem}}
.subtitle{{margin:0 0 .75rem;color:{MUTED}}}
.figures{{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.75rem;margin:.75rem 0}}
.figure{{background:{BAND};border-left:6px solid #9A9A9A;border-radius:4px;padding:.6rem .9rem}}
{edges}
.figure dt{{font-size:1rem;color:{MUTED}}}
.figure dd{{margin:0}}
.figure .value{{font-size:1.9rem;font-weight:700;line-height:1.3}}
.figure .detail{{font-size:.95rem;color:{MUTED}}}
.bullets{{margin:.5rem 0;padding-left:1.5rem}}
.chart-block{{display:grid;grid-template-columns:minmax(0,1fr);gap:.5rem 1.5rem;align-items:start}}
@media (min-width:62rem){{.chart-block{{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}}}
.chart{{min-height:22rem;width:100%}}
table{{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:1rem}}
caption{{text-align:left;font-weight:700;padding:.25rem 0;caption-side:top}}
th,td{{border-bottom:1px solid #C9CED4;padding:.4rem .6rem;text-align:left;vertical-align:top}}
thead th{{background:{BAND};border-bottom:2px solid #7A828A}}
td.num,th.num{{text-align:right}}
td.num{{white-space:nowrap}}
@media (max-width:30rem){{th,td{{padding:.35rem .3rem}}}}
tbody th{{font-weight:400}}
tr.total th,tr.total td{{font-weight:700;border-top:2px solid #7A828A}}
.note{{font-size:1rem;color:{MUTED};margin:.25rem 0 .75rem}}
footer{{border-top:2px solid #D5DAE0;padding-top:1rem;padding-bottom:1rem;color:{MUTED};font-size:1rem}}
footer p{{margin:.2rem 0}}
@media print{{
  body{{font-size:12pt}}
  .masthead{{background:none;color:{INK};border-bottom:2px solid {INK}}}
  .toc{{display:none}}
  section{{break-inside:avoid-page}}
  .chart-block{{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
}}
"""
