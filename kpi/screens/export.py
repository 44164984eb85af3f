"""ส่งออก page model: which files the page offers, in which groups, with their MIME types."""

from __future__ import annotations

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}
# (title key, help key, file kinds): the council pack, the official results report, the web page
# for the agency's website (the public-safe deck as one HTML file).
GROUPS = (
    ("export_pack", "export_pack_help", ("pptx", "pdf")),
    ("export_report", "export_report_help", ("xlsx", "docx")),
    ("export_web", "export_web_help", ("html",)),
)
