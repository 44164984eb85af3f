"""The council deck: one list of slides that the presentation page, the PPTX and the PDF all render.

Every figure is computed once here, from kpi.screens.overview and the public figures
(kpi.exports.public_figures), and turned into the text shown; the three renderers only lay the
slides out, so their numbers are identical by construction. The deck is public-safe: complaint
counts are published as aggregates, and counts 1..k−1 (k = TARGETS.suppression_k) are hidden
together with the numbers that would give them away, in one suppression shared with the
complaints page (kpi.privacy.complaints.complaint_grid).

Slides, in order: title · agenda · overview · measures · measures not finished and their owners
(kpi.exports.deck_council) · targets (summary, then one slide per state group of at most
TARGET_ROWS_PER_SLIDE indicators) · ITA · satisfaction · complaints (kpi.exports.deck_slides
builds each). Every headline figure carries its change against last year and its target
(kpi.exports.deck_change). The text is built with Arabic digits and set once at the end: Thai with
the Thai-digits option (kpi.core.thai.in_thai_digits), else Arabic everywhere, data typed with
Thai digits included (kpi.core.thai.in_arabic_digits).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kpi.core.dataset import Dataset
from kpi.core.fiscal import quarter_label
from kpi.core.messages import t
from kpi.core.settings import ORG_NAME
from kpi.core.text_safety import clean_tree
from kpi.core.thai import in_arabic_digits, in_thai_digits
from kpi.domain.targets import TargetStatus, target_statuses
from kpi.exports.deck_change import (
    Scorecard,
    complaints_card,
    ita_card,
    measures_card,
    satisfaction_card,
    targets_card,
)
from kpi.exports.deck_council import agenda_slide, unfinished_slides
from kpi.exports.deck_model import Deck, Slide
from kpi.exports.deck_slides import (
    complaints_label,
    complaints_slide,
    ita_slide,
    measures_slide,
    overview_slide,
    satisfaction_slide,
    target_slides,
    title_slide,
)
from kpi.exports.provenance import prepared_text, version_text
from kpi.exports.public_figures import PublicComplaints, public_complaints, public_targets
from kpi.screens.overview import Overview, build_overview, overview_cards


def _notes(slide: Slide, version: str, scorecards: dict[str, Scorecard]) -> str:
    """Speaker notes: the data version, then every figure in a sentence with its change against last
    year and its target, every bullet, chart value and table row in words."""
    lines = [t("deck_notes_version", version_text=version)]
    if slide.figures:
        lines.append(t("deck_notes_figures"))
    for f in slide.figures:
        card = scorecards.get(f.key)
        if card is not None:
            lines.append(f"• {card.sentence(f.label, f.text)}")
        else:
            lines.append(
                f"• {t('deck_note_figure', label=f.label, text=f.text)}" + (f" ({f.detail})" if f.detail else "")
            )
    lines.extend(f"• {b}" for b in slide.bullets)
    if slide.chart is not None:
        lines.append(slide.chart.title)
        for series in slide.chart.series:
            pairs = ", ".join(f"{c} {v or '–'}" for c, v in zip(slide.chart.categories, series.labels, strict=True))
            lines.append(f"  {series.name}: {pairs}")
    if slide.table is not None and slide.key != "overview":  # the overview's table repeats its figures
        lines.append(" · ".join(slide.table.header))
        lines.extend(" · ".join(row) for row in slide.table.rows)
        if slide.table.footnote:
            lines.append(slide.table.footnote)
    return "\n".join(lines)


def scorecards(dataset: Dataset, ov: Overview, complaints: PublicComplaints) -> dict[str, Scorecard]:
    """Every headline figure of the deck with last year's value, the change and the target."""
    cards = overview_cards(ov)
    found = [
        measures_card(dataset, ov, cards[0].title),
        targets_card(dataset, ov, cards[1].title),
        ita_card(ov, cards[2].title),
        satisfaction_card(dataset, ov, cards[3].title),
        complaints_card(complaints, complaints_label(complaints)),
    ]
    return {c.key: c for c in found if c is not None}


def build_deck(
    dataset: Dataset,
    year: int,
    quarter: int,
    thai_digits: bool = False,
    organisation: str | None = None,
    today: dt.date | None = None,
    statuses: list[TargetStatus] | None = None,
) -> Deck:
    """The council deck for a fiscal year as of a quarter (public-safe).

    `statuses` are the year's target_statuses when the caller has them already (a council pack
    builds them once for the deck and the report).
    """
    ov = build_overview(dataset, year, quarter, public=True)  # its counts by state as published
    version = version_text(dataset.version)
    prepared = prepared_text(today)
    org = organisation or ORG_NAME
    complaints = public_complaints(dataset, year, ov.complaints)
    targets = public_targets(
        statuses if statuses is not None else target_statuses(dataset, year, quarter), dataset, quarter
    )
    quarter_text = quarter_label(year, quarter)
    sample = dataset.is_sample(year)
    cards = scorecards(dataset, ov, complaints)
    body: list[Slide] = [
        overview_slide(ov, complaints, cards),
        measures_slide(dataset, ov),
        *unfinished_slides(dataset, year, quarter),
        *target_slides(targets, ov.targets, year, quarter),
        ita_slide(ov, cards.get("ita_total")),
        satisfaction_slide(ov, cards.get("satisfaction")),
        complaints_slide(complaints, cards.get("complaints_total")),
    ]
    slides = [
        title_slide(t("deck_year", year=year), quarter_text, org, prepared, version, sample),
        agenda_slide(body),
        *body,
    ]
    deck = Deck(
        organisation=org,
        year=year,
        quarter=quarter,
        thai_digits=thai_digits,
        quarter_text=quarter_text,
        version_text=version,
        version_number=None if dataset.version is None else dataset.version.number,
        sample=sample,
        prepared_text=prepared,
        slides=tuple(s if s.key == "title" else replace(s, notes=_notes(s, version, cards)) for s in slides),
    )
    # One style of digits in every text, catalogue texts such as 'เกณฑ์ผ่าน 85' and data typed with
    # Thai digits ('จำนวน ๑ ฉบับ') included.
    deck = in_thai_digits(deck) if thai_digits else in_arabic_digits(deck)
    # The presentation screen renders this model directly: its text is cleaned here once.
    return clean_tree(deck)
