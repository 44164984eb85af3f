"""A published web page read back the way a browser's parser sees it (stdlib html.parser only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageTable:
    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Page:
    """Elements with their attributes, headings, scripts, style text, tables and the visible text."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    title: str = ""
    texts: list[str] = field(default_factory=list)  # visible text runs, in order

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    def table(self, caption: str) -> PageTable:
        return next(t for t in self.tables if t.caption == caption)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.raw: list[str] = []
        self.heading: list[str] | None = None
        self.table: PageTable | None = None
        self.cell: list[str] | None = None
        self.caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.elements.append((tag, values))
        if tag in ("meta", "col", "br", "img", "link", "input"):
            return
        self.stack.append(tag)
        self.raw = []
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = []
        elif tag == "table":
            self.table = PageTable()
        elif tag == "tr" and self.table is not None:
            self.table.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "caption":
            self.caption = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("meta", "col", "br", "img", "link", "input"):
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        if tag == "script":
            self.page.scripts.append((self.page.elements[self._last("script")][1], "".join(self.raw)))
        elif tag == "style":
            self.page.styles.append("".join(self.raw))
        elif tag.startswith("h") and len(tag) == 2 and tag[1].isdigit() and self.heading is not None:
            self.page.headings.append((int(tag[1]), " ".join("".join(self.heading).split())))
            self.heading = None
        elif tag in ("td", "th") and self.cell is not None and self.table is not None:
            self.table.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "caption" and self.caption is not None and self.table is not None:
            self.table.caption = " ".join("".join(self.caption).split())
            self.caption = None
        elif tag == "table" and self.table is not None:
            self.page.tables.append(self.table)
            self.table = None

    def _last(self, tag: str) -> int:
        return max(i for i, (name, _) in enumerate(self.page.elements) if name == tag)

    def handle_data(self, data: str) -> None:
        self.raw.append(data)
        inside = self.stack[-1] if self.stack else ""
        if inside in ("script", "style"):
            return
        if inside == "title":
            self.page.title += data
            return
        for part in (self.heading, self.cell, self.caption):
            if part is not None:
                part.append(data)
        if data.strip():
            self.page.texts.append(data.strip())


def read_page(document: bytes) -> Page:
    """Parse the page; every element must be closed in order (the page is well formed)."""
    reader = _Reader()
    reader.feed(document.decode("utf-8"))
    reader.close()
    assert reader.stack == [], f"unclosed elements: {reader.stack}"
    return reader.page
