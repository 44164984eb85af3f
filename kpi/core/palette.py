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
