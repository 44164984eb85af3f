"""Privacy: refuse identifying data in uploads, and hide small counts in public views.

PDPA B.E. 2562 (domain.md §5): the dashboard keeps aggregate counts only. `identity_column` and
`identity_value` spot what must not be uploaded; they return a kind, never the value.
`suppress_table` hides counts 1..k−1 of a table published with its totals, and enough other
numbers that none of the hidden ones can be worked back from what is shown; `suppress_flows` does
the same for numbers that several outputs share (any network of sums, not just one table).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpi.core.messages import UI, t
from kpi.core.schema import SHEETS
from kpi.core.settings import TARGETS
from kpi.core.thai import to_arabic_digits, to_thai_digits

# Thai text lives in kpi.core.messages; these names keep the module's public constants.
KIND_ID_CARD = UI["privacy_kind_id_card"]
KIND_PHONE = UI["privacy_kind_phone"]
KIND_EMAIL = UI["privacy_kind_email"]
KIND_NAME = UI["privacy_kind_name"]
HIDDEN_MARK = "–"
TOTAL_LABEL = UI["privacy_total"]
DEFAULT_K = TARGETS.suppression_k  # the one setting: kpi/core/settings.py


def suppression_footnote(k: int = DEFAULT_K) -> str:
    """Thai footnote explaining the hidden-number mark for threshold k."""
    small = "1" if k <= 2 else f"1–{k - 1}"
    return t("privacy_footnote", mark=HIDDEN_MARK, small=small)


SUPPRESSION_FOOTNOTE = suppression_footnote(DEFAULT_K)

# ---------------------------------------------------------------------------------------------
# Identity detection
# ---------------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s_\-./()\[\]:]+")


def _normalize_header(header: str) -> str:
    text = unicodedata.normalize("NFC", to_arabic_digits(str(header))).lower()
    return _SEPARATORS.sub(" ", text).strip()


# The workbook's own headers (and sheet titles) are never identity columns, even "ชื่อมาตรการ".
_SCHEMA_HEADERS = frozenset(
    _normalize_header(text) for sheet in SHEETS for text in (sheet.title, *(c.title for c in sheet.columns))
)
# Headers that announce an aggregate count or share ("จำนวนผู้ร้องเรียน") hold numbers, not people.
_AGGREGATE_PREFIXES = ("จำนวน", "ร้อยละ", "number of", "count", "total")
_IDENTITY_HEADER = re.compile(
    "|".join(
        (
            # Thai: names, complainant/accused, ID card, phone, e-mail, address, free-text narrative
            r"ชื่อ", r"สกุล", r"ผู้ร้อง", r"ผู้แจ้ง", r"ผู้ถูกร้อง", r"ผู้ถูกกล่าวหา", r"เลขบัตร", r"บัตรประชาชน",
            r"เลขประจำตัว", r"โทร", r"เบอร์", r"มือถือ", r"อีเมล", r"ที่อยู่(?!ระหว่าง)", r"บ้านเลขที่", r"ไลน์",
            r"รายละเอียด", r"เนื้อหา", r"ข้อความ", r"ข้อเท็จจริง",
            # English
            r"name", r"phone", r"\btel\b", r"mobile", r"e ?mail", r"address", r"\bid ?card", r"citizen",
            r"national id", r"passport", r"\bline id\b", r"contact", r"complainant", r"\bdetails?\b",
            r"description", r"narrative", r"\bmessage\b", r"\bid (no|number)\b",
        )
    )
)  # fmt: skip


def identity_column(header: str) -> bool:
    """True when a column header announces personal data (name, ID, phone, e-mail, address, narrative)."""
    text = _normalize_header(header)
    if not text or text in _SCHEMA_HEADERS or text.startswith(_AGGREGATE_PREFIXES):
        return False
    return _IDENTITY_HEADER.search(text) is not None


# Every scan below is written by hand and runs in time linear in the text (issue 9): a backtracking
# pattern for e-mail addresses was quadratic on a long run of letters or digits.
#
# A "chain" is a run of digits in which neighbouring digits are separated by at most one space or
# dash (1-2345-67890-12-3, 081 234 5678); two separators, or any other character, end it. An ID card
# number is a chain of exactly 13 digits; a phone number a chain of 9–10 digits starting with 0, or
# a chain right after "+" or "+ " that starts with 66 and then has 8–9 digits (one 0 allowed after 66).
_CHAIN_SEPARATORS = frozenset(" -.")
_EMAIL_LOCAL = frozenset(".+-_")
_EMAIL_DOMAIN = frozenset("-_")


@dataclass(frozen=True)
class _Chain:
    start: int  # index of its first digit
    end: int  # index after its last digit
    digits: str
    gaps: tuple[bool, ...]  # whether a separator comes before each of its first four digits


# A run of decimal digits: no alternative and nothing after the repeat, so it cannot backtrack.
_DIGIT_RUN = re.compile(r"\d+")


def _separated(text: str, end: int, start: int) -> bool:
    """Whether text[end:start] joins two digit runs of one number: a space, a dash or a dot, or a dash
    or dot with a space on either side ("1-2345", "081 234", "081.234", "1 - 2345")."""
    gap = text[end:start]
    if len(gap) == 1:
        return gap in _CHAIN_SEPARATORS
    return len(gap) <= 3 and gap.strip(" ") in ("-", ".") and gap.count(" ") == len(gap) - 1


def _chains(text: str) -> Iterator[_Chain]:
    """Every maximal digit chain of `text`, left to right: runs of digits found by the C scanner,
    joined when one separator (space, dash or dot, a dash or dot possibly spaced) lies between them."""
    runs: list[str] = []
    start = end = -1
    for run in _DIGIT_RUN.finditer(text):
        if runs and end < run.start() <= end + 3 and _separated(text, end, run.start()):
            runs.append(run.group())
        else:
            if runs:
                yield _joined(start, end, runs)
            runs, start = [run.group()], run.start()
        end = run.end()
    if runs:
        yield _joined(start, end, runs)


def _joined(start: int, end: int, runs: list[str]) -> _Chain:
    gaps: list[bool] = []
    for run in runs:
        gaps.extend([True] + [False] * min(len(run) - 1, 3) if gaps else [False] * min(len(run), 4))
        if len(gaps) >= 4:
            break
    return _Chain(start, end, "".join(runs), tuple(gaps[:4]) + (False,) * (4 - min(len(gaps), 4)))


def _is_phone(text: str, chain: _Chain) -> bool:
    """0 + 8–9 digits (no separator right after the 0), or +66 [sep] [0] + 8–9 digits."""
    count, digits, gaps = len(chain.digits), chain.digits, chain.gaps
    if digits[0] == "0":
        return count in (9, 10) and not gaps[1]
    if not digits.startswith("66") or gaps[1] or count < 10:
        return False
    before = text[max(0, chain.start - 2) : chain.start]
    if not (before.endswith("+") or before == "+ "):
        return False
    plus = chain.start - (1 if before.endswith("+") else 2)
    if plus > 0 and (
        text[plus - 1].isdecimal() or (plus > 1 and text[plus - 1] in _CHAIN_SEPARATORS and text[plus - 2].isdecimal())
    ):
        return False  # a "+" inside a longer number
    return count in (10, 11) or (count == 12 and digits[2] == "0" and not gaps[3])


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _email_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of e-mail addresses (local@domain.tld): each '@' is expanded both ways, every character
    visited a bounded number of times."""
    at = text.find("@")
    while at != -1:
        domain_end = at + 1
        n = len(text)
        while domain_end < n and (_word(text[domain_end]) or text[domain_end] in _EMAIL_DOMAIN):
            domain_end += 1
        # the first label ends at a dot that a further label character follows
        has_dot = domain_end > at + 1 and domain_end + 1 < n and text[domain_end] == "."
        if has_dot and at > 0 and (_word(text[at - 1]) or text[at - 1] in _EMAIL_LOCAL):
            end = domain_end
            while end + 1 < n and text[end] == "." and (_word(text[end + 1]) or text[end + 1] in _EMAIL_DOMAIN):
                end += 1
                while end < n and (_word(text[end]) or text[end] in _EMAIL_DOMAIN):
                    end += 1
            if end > domain_end:
                start = at
                while start > 0 and (_word(text[start - 1]) or text[start - 1] in _EMAIL_LOCAL) and at - start < 256:
                    start -= 1
                yield start, end
        at = text.find("@", domain_end if domain_end > at + 1 else at + 1)


# A person's name: a Thai honorific followed by a name (นายสมชาย, นาง สมศรี, น.ส.สมใจ, ด.ช.ก้อง).
# Words that start like an honorific but name a post or a thing are not names (นายก, นายอำเภอ, นางพยาบาล …).
_HONORIFICS = ("นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "นาย", "นาง", "ดร.", "นพ.", "พญ.")
_LATIN_HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr")
_NOT_NAMES = (
    "นายก", "นายอำเภอ", "นายช่าง", "นายทะเบียน", "นายตรวจ", "นายสิบ", "นายร้อย", "นายพล", "นายหน้า", "นายจ้าง",
    "นายประกัน", "นายท้าย", "นายด่าน", "นายงาน", "นายทุน", "นายสถานี", "นายแพทย์", "นายเวร", "นายห้าง",
    "นางพยาบาล", "นางงาม", "นางแบบ", "นางฟ้า", "นางสนม", "นางกำนัล", "นางรำ", "นางเอก", "นางนวล",
)  # fmt: skip
_THAI_LETTER_LOW, _THAI_LETTER_HIGH = "\u0e01", "\u0e2e"


def _latin_name(text: str) -> bool:
    """Mr/Mrs/Ms/Miss/Dr, an optional dot, a space, then a capitalised word: "Mr. John"."""
    for honorific in _LATIN_HONORIFICS:
        i = text.find(honorific)
        while i != -1:
            rest = i + len(honorific)
            rest += 1 if rest < len(text) and text[rest] == "." else 0
            if (
                (i == 0 or not text[i - 1].isalpha())
                and rest + 1 < len(text)
                and text[rest] == " "
                and "A" <= text[rest + 1] <= "Z"
            ):
                return True
            i = text.find(honorific, i + 1)
    return False


def person_name(text: str) -> bool:
    """True when `text` holds an honorific followed by a name (never the job titles above)."""
    if _latin_name(text):
        return True
    if "น" not in text and "ด" not in text and "พญ." not in text:
        return False
    n = len(text)
    for honorific in _HONORIFICS:
        i = text.find(honorific)
        while i != -1:
            boundary = i == 0 or not ("\u0e01" <= text[i - 1] <= "\u0e4e")
            rest = i + len(honorific)
            j = rest + 1 if rest < n and text[rest] in " ." else rest
            starts_name = j < n and _THAI_LETTER_LOW <= text[j] <= _THAI_LETTER_HIGH
            if honorific in ("นาย", "นาง") and text.startswith("นางสาว", i):
                starts_name = False  # counted as นางสาว
            if boundary and starts_name and not any(text.startswith(word, i) for word in _NOT_NAMES):
                return True
            i = text.find(honorific, rest)
    return False


# Decimal digits of every script in the Basic Multilingual Plane (full-width ０–９, Arabic-Indic …) as 0–9.
_ANY_DIGITS = {
    c: str(unicodedata.decimal(chr(c))) for c in range(0x80, 0x10000) if unicodedata.category(chr(c)) == "Nd"
}


def _prepare(text: str) -> str:
    """The form scanned: NFC, ASCII digits, whitespace runs as one space, parentheses dropped."""
    text = unicodedata.normalize("NFC", text).translate(_ANY_DIGITS)
    return " ".join(text.split()).replace("(", "").replace(")", "")


def _text_kind(text: str) -> str | None:
    if "@" in text and next(_email_spans(text), None) is not None:
        return KIND_EMAIL
    phone = False
    for chain in _chains(text):
        if len(chain.digits) == 13:
            return KIND_ID_CARD  # an ID card number anywhere outranks a phone number before it
        phone = phone or _is_phone(text, chain)
    return KIND_PHONE if phone else None


def identity_value(value: Any) -> str | None:
    """The kind of personal data a cell looks like (Thai label), or None. Never returns the value."""
    if value is None or value is pd.NA or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        # Excel keeps a typed ID card number as a number; a 9–10 digit number is too often an amount to call a phone.
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value) or not value.is_integer()):
            return None
        return KIND_ID_CARD if len(str(abs(int(value)))) == 13 else None
    return _text_kind(_prepare(str(value)))


def identity_text(text: str) -> str | None:
    """Like identity_value for a name the user wrote (header, sheet, file): also a person's name."""
    prepared = _prepare(text)
    kind = _text_kind(prepared)
    if kind is None and person_name(prepared):
        kind = KIND_NAME
    return kind


REDACTED = "•••"


def redact(text: str) -> str:
    """`text` with every e-mail address, ID card and phone number chain, and honorific + name replaced.

    A safety net for messages: they are built not to hold identities, and this makes sure.
    """
    if not text:
        return text
    prepared = text if text.isascii() else unicodedata.normalize("NFC", text).translate(_ANY_DIGITS)
    if len(prepared) != len(text):
        text = prepared  # NFC changed the length: spans are found in, and applied to, the normalised text
    # Spans are found in the prepared form (any script's digits read as 0–9) and cut out of `text`.
    spans = list(_email_spans(prepared)) if "@" in prepared else []
    spans += [(c.start, c.end) for c in _chains(prepared) if len(c.digits) == 13 or _is_phone(prepared, c)]
    if not spans and not person_name(text):
        return text
    out, last = [], 0
    for start, end in sorted(spans):
        if start >= last:
            out.append(text[last:start] + REDACTED)
            last = end
    out.append(text[last:])
    result = "".join(out)
    if person_name(result):
        for honorific in (*_HONORIFICS, *_LATIN_HONORIFICS):
            result = _redact_after(result, honorific)
    return result


def _redact_after(text: str, honorific: str) -> str:
    """Replace the word after each honorific (the name) with the mark, keeping job titles."""
    out, i, last = [], text.find(honorific), 0
    while i != -1:
        rest = i + len(honorific)
        if not any(text.startswith(word, i) for word in _NOT_NAMES) and (
            i == 0 or not "\u0e01" <= text[i - 1] <= "\u0e4e"
        ):
            j = rest + 1 if rest < len(text) and text[rest] in " ." else rest
            j += 1 if j < len(text) and text[j] == " " and text[j - 1] == "." else 0
            k = _word_end(text, j)
            if k > j and k + 1 < len(text) and text[k] == " " and _is_name_char(text[k + 1]):
                k = _word_end(text, k + 1)  # the surname too: "นายสมชาย ใจดี"
            if k > j:
                out.append(text[last:i] + REDACTED)
                last = k
                i = text.find(honorific, k)
                continue
        i = text.find(honorific, rest)
    out.append(text[last:])
    return "".join(out)


def _is_name_char(ch: str) -> bool:
    return _THAI_LETTER_LOW <= ch <= _THAI_LETTER_HIGH or "\u0e40" <= ch <= "\u0e44" or ch.isalpha()


def _word_end(text: str, j: int) -> int:
    k = j
    while k < len(text) and not text[k].isspace() and text[k] not in "”\"'),":
        k += 1
    return k


@dataclass(frozen=True)
class IdentityHit:
    """Where personal data was found in a frame: its row index, column and kind (never the value)."""

    row: Any
    column: str
    kind: str


def scan_frame(df: pd.DataFrame) -> list[IdentityHit]:
    """Every identity-looking header and cell of a frame (header hits have row None, kind 'column')."""
    hits = [IdentityHit(None, str(c), "column") for c in df.columns if identity_column(str(c))]
    for column in df.columns:
        for index, cell in df[column].items():
            kind = identity_value(cell)
            if kind:
                hits.append(IdentityHit(index, str(column), kind))
    return hits


# ---------------------------------------------------------------------------------------------
# Small-count suppression
# ---------------------------------------------------------------------------------------------
#
# The published table, its row totals, column totals and grand total form an augmented grid A of
# (n+1) × (m+1) positions: A[i][m] are row totals, A[n][j] column totals, A[n][m] the grand total.
# Flip the sign of the margins (B = A inside and at the corner, B = −A on the margins) and every
# row and every column of B sums to zero. What a reader can vary without changing any published
# number is therefore a zero-sum perturbation of B on hidden positions: a sum of cycles in the
# bipartite graph (grid rows ↔ grid columns, one edge per hidden position) with alternating ±1.
#
# A hidden position can take a second value iff some such cycle through it keeps every count
# non-negative (conformal decomposition: any second completion contains one). Orient each
# position: +1 in B is an arc row→column, −1 an arc column→row; a position whose count is 0 may
# only go up, so it has one arc. A hidden position is protected iff a directed cycle through it
# exists: a path back from its head to its tail over hidden positions. When one is not, the
# cheapest such path over all positions (published ones costing what hiding them loses) is found
# with Dijkstra and its published positions are hidden. A cycle of a cell, its row total, its
# column total and the grand total can always go up by one, so a path always exists.

Position = tuple[int, int]
_Node = tuple[str, int]


@dataclass(frozen=True)
class SuppressedTable:
    """A table for the public with small counts and their giveaways hidden (None)."""

    k: int
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    grand_total: int | None

    @property
    def hidden_count(self) -> int:
        """How many numbers (cells and totals) are hidden."""
        values = [*(v for row in self.cells for v in row), *self.row_totals, *self.column_totals, self.grand_total]
        return sum(v is None for v in values)

    @property
    def footnote(self) -> str | None:
        """Thai footnote for the hidden mark, or None when nothing is hidden."""
        return suppression_footnote(self.k) if self.hidden_count else None

    def display_cells(self, thai_digits: bool = False) -> tuple[tuple[str, ...], ...]:
        """Cells as strings: numbers with thousands separators, hidden ones as the mark."""
        return tuple(tuple(_show(v, thai_digits) for v in row) for row in self.cells)

    def to_frame(self, thai_digits: bool = False, total_label: str = TOTAL_LABEL) -> pd.DataFrame:
        """The table with a total column and a total row, every entry a display string."""
        body = [
            [*(_show(v, thai_digits) for v in row), _show(total, thai_digits)]
            for row, total in zip(self.cells, self.row_totals, strict=True)
        ]
        body.append([*(_show(v, thai_digits) for v in self.column_totals), _show(self.grand_total, thai_digits)])
        return pd.DataFrame(body, index=[*self.row_labels, total_label], columns=[*self.column_labels, total_label])


def _show(value: int | None, thai_digits: bool) -> str:
    if value is None:
        return HIDDEN_MARK
    text = f"{value:,}"
    return to_thai_digits(text) if thai_digits else text


def _grid(table: pd.DataFrame) -> list[list[int]]:
    """The table plus its totals as the augmented grid A, checking every cell is a non-negative integer."""
    rows: list[list[int]] = []
    for raw in table.itertuples(index=False):
        row = []
        for value in raw:
            if value is None or value is pd.NA or isinstance(value, bool):
                raise ValueError("suppress_table needs a count in every cell")
            number = float(value)
            if math.isnan(number) or not number.is_integer() or number < 0:
                raise ValueError("suppress_table needs non-negative whole numbers")
            row.append(int(number))
        rows.append(row)
    m = table.shape[1]
    grid = [[*row, sum(row)] for row in rows]
    grid.append([sum(row[j] for row in rows) for j in range(m)] + [sum(map(sum, rows))])
    return grid


class _Suppressor:
    """Cell suppression on an augmented grid (see the comment above)."""

    def __init__(self, grid: list[list[int]]) -> None:
        self.grid = grid
        self.n = len(grid) - 1
        self.m = len(grid[0]) - 1

    def sign(self, p: Position) -> int:
        """+1 where B = A (inner cells, grand total), −1 on the margins."""
        i, j = p
        return 1 if (i < self.n) == (j < self.m) else -1

    def arcs(self, p: Position) -> Iterator[tuple[_Node, _Node, int]]:
        """The allowed moves of a position: (from, to, ΔB)."""
        i, j = p
        for delta in (1, -1):
            # A count may go down only if it is at least 1.
            if self.grid[i][j] >= 1 or delta * self.sign(p) == 1:
                yield (("r", i), ("c", j), delta) if delta == 1 else (("c", j), ("r", i), delta)

    def positions(self) -> Iterator[Position]:
        return ((i, j) for i in range(self.n + 1) for j in range(self.m + 1))

    def cost(self, p: Position) -> float:
        """What hiding a published position loses: totals dearly, the grand total most, small cells least."""
        i, j = p
        base = 1000.0 if (i == self.n and j == self.m) else 100.0 if (i == self.n or j == self.m) else 10.0
        return base + min(self.grid[i][j], 10) / 10

    def path_cost(
        self, e: Position, source: _Node, target: _Node, hidden: set[Position]
    ) -> tuple[float, list[Position]]:
        """Cheapest directed path source → target avoiding e; cost counts published positions only."""
        graph: dict[_Node, list[tuple[_Node, Position]]] = {}
        for p in self.positions():
            if p != e:
                for a, b, _ in self.arcs(p):
                    graph.setdefault(a, []).append((b, p))
        best: dict[_Node, float] = {source: 0.0}
        back: dict[_Node, tuple[_Node, Position]] = {}
        queue: list[tuple[float, int, _Node]] = [(0.0, 0, source)]
        counter = 1
        while queue:
            dist, _, node = heapq.heappop(queue)
            if node == target:
                break
            if dist > best.get(node, math.inf):
                continue
            for nxt, p in graph.get(node, []):
                step = dist + (0.0 if p in hidden else self.cost(p))
                if step < best.get(nxt, math.inf):
                    best[nxt] = step
                    back[nxt] = (node, p)
                    heapq.heappush(queue, (step, counter, nxt))
                    counter += 1
        if target not in best:
            return math.inf, []
        path, node = [], target
        while node != source:
            node, p = back[node]
            path.append(p)
        return best[target], path

    def fix(self, e: Position, hidden: set[Position]) -> set[Position]:
        """Published positions whose hiding gives e a protecting cycle (empty when already protected)."""
        options = []
        for tail, head, _ in self.arcs(e):
            # The cycle uses e as tail → head, then returns head → tail.
            cost, path = self.path_cost(e, head, tail, hidden)
            options.append((cost, path))
        cost, path = min(options, key=lambda o: o[0])
        if math.isinf(cost):  # cannot happen: the all-up cycle through the totals always exists
            raise AssertionError("no protecting cycle")
        return {p for p in path if p not in hidden}

    def run(self, k: int) -> set[Position]:
        hidden = {p for p in self.positions() if 1 <= self.grid[p[0]][p[1]] <= k - 1}
        while True:
            for e in sorted(hidden):
                extra = self.fix(e, hidden)
                if extra:
                    hidden |= extra
                    break
            else:
                return hidden


def suppress_table(table: pd.DataFrame, k: int = DEFAULT_K) -> SuppressedTable:
    """Hide counts 1..k−1 (cells and totals), then enough others that no hidden count can be worked back.

    `table` holds non-negative whole numbers; its row, column and grand totals are computed here and
    published with it. Zeros stay visible unless hiding one is needed to protect a neighbour.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    grid = _grid(table)
    n, m = table.shape
    hidden = _Suppressor(grid).run(k)

    def value(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else grid[i][j]

    return SuppressedTable(
        k=k,
        row_labels=tuple(str(x) for x in table.index),
        column_labels=tuple(str(x) for x in table.columns),
        cells=tuple(tuple(value(i, j) for j in range(m)) for i in range(n)),
        row_totals=tuple(value(i, m) for i in range(n)),
        column_totals=tuple(value(n, j) for j in range(m)),
        grand_total=value(n, m),
    )


# ---------------------------------------------------------------------------------------------
# Small-count suppression over linked numbers (a circulation)
# ---------------------------------------------------------------------------------------------
#
# When several published tables share numbers (a quarter total in one, the same quarter by type
# in another), suppressing each table on its own lets one table give back what another hides.
# Link them instead: every published number is the flow on one edge of a network in which, at
# every node, what comes in equals what goes out (a table with its totals is one such network:
# grand total → row total → cell → column total → grand total). What a reader can change without
# changing a published number is then a circulation on hidden edges, and the argument above
# carries over unchanged: a hidden edge can take a second value iff a directed cycle through it
# exists over hidden edges (up along an edge always, down against it only from 1 or more).


@dataclass(frozen=True)
class Flow:
    """One published number as an edge of a circulation: from node, to node, count, hiding cost."""

    tail: Any
    head: Any
    value: int
    cost: float = 10.0  # what hiding it loses when it is not small itself: totals should cost more


class _FlowSuppressor(_Suppressor):
    """Cell suppression on a circulation; positions are edge indices, not grid positions."""

    def __init__(self, flows: list[Flow]) -> None:
        # The base class's grid is not used: only its path search and fix step are.
        self.flows = flows

    def arcs(self, p: Position) -> Iterator[tuple[_Node, _Node, int]]:
        flow = self.flows[p[0]]
        yield flow.tail, flow.head, 1
        if flow.value >= 1:
            yield flow.head, flow.tail, -1

    def positions(self) -> Iterator[Position]:
        return ((i, 0) for i in range(len(self.flows)))

    def cost(self, p: Position) -> float:
        flow = self.flows[p[0]]
        return flow.cost + min(flow.value, 10) / 10

    def small(self, k: int) -> set[Position]:
        return {(i, 0) for i, f in enumerate(self.flows) if 1 <= f.value <= k - 1}


def suppress_flows(flows: list[Flow], k: int = DEFAULT_K) -> frozenset[int]:
    """Indices of the flows to hide: counts 1..k−1, then enough others that none can be worked back.

    `flows` must balance at every node (inflow = outflow) and hold non-negative whole numbers; each
    is a number some public output shows, and any other number shown must be a sum of these.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    balance: dict[Any, int] = {}
    for f in flows:
        if isinstance(f.value, bool) or not isinstance(f.value, int) or f.value < 0:
            raise ValueError("suppress_flows needs non-negative whole numbers")
        balance[f.tail] = balance.get(f.tail, 0) - f.value
        balance[f.head] = balance.get(f.head, 0) + f.value
    if any(balance.values()):
        raise ValueError("suppress_flows needs inflow = outflow at every node")
    suppressor = _FlowSuppressor(flows)
    hidden = suppressor.small(k)
    while True:
        for e in sorted(hidden):
            extra = suppressor.fix(e, hidden)
            if extra:
                hidden |= extra
                break
        else:
            return frozenset(i for i, _ in hidden)
