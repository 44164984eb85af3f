"""Colours every output shares (screens, charts, the deck, PPTX and PDF): Okabe–Ito, and which state wears which."""

from __future__ import annotations

# Okabe–Ito: distinguishable with the common colour-vision deficiencies and on a washed-out projector.
BLUE, ORANGE, GREEN, VERMILLION, SKY, GREY, LIGHT_GREY, BLACK = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#7F7F7F", "#C8C8C8", "#222222",
)  # fmt: skip
STATUS_COLOURS = {
    "done": GREEN,
    "in_progress": ORANGE,
    "not_started": SKY,
    "not_done": VERMILLION,
    "no_report": LIGHT_GREY,
}
TARGET_COLOURS = {"met": GREEN, "pending": ORANGE, "missed": VERMILLION, "no_data": LIGHT_GREY}
STATUS_KEYS = {
    "done": "status_done",
    "in_progress": "status_in_progress",
    "not_started": "status_not_started",
    "not_done": "status_not_done",
    "no_report": "status_no_report",
}
TARGET_KEYS = {"met": "target_met", "pending": "target_pending", "missed": "target_missed", "no_data": "target_no_data"}

# WCAG 2.1 AA: normal text needs a contrast ratio of at least 4.5:1 against its background.
AA_TEXT = 4.5
WHITE = "#FFFFFF"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: str) -> str:
    """The text colour to print on a fill: black or white, whichever contrasts more with it."""
    return "#000000" if contrast("#000000", fill) >= contrast(WHITE, fill) else WHITE
