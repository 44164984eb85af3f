"""The safe upload path: read and validate a workbook, show what would change, commit on confirm."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field

from kpi.access.actor import Actor
from kpi.core.dataset import Block, Dataset, Record, VersionInfo, blocks_from_records, canonical_block, records_of
from kpi.core.fiscal import thai_timestamp
from kpi.core.messages import t
from kpi.core.problems import BoundedProblems, Problem, has_errors, problem
from kpi.core.schema import HOME_AGENCY, SHEETS, SHEETS_BY_KEY, SheetSpec
from kpi.core.settings import LIMITS, SAMPLE_WORKBOOK
from kpi.core.text_safety import clean_text
from kpi.ingest.workbook import ParsedUpload, read_upload, redact_problem
from kpi.privacy import identity as privacy
from kpi.store.database import Store


@dataclass(frozen=True)
class UploadPlan:
    """A validated upload and what committing it would change."""

    filename: str
    sha256: str
    problems: list[Problem]
    changes: list[Block] = field(default_factory=list)
    summary_lines: list[str] = field(default_factory=list)
    base_version: int | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ignored(self) -> list[Problem]:
        """What the upload holds that is not read (unknown sheets and columns): shown before confirming."""
        return [p for p in self.problems if p.code in IGNORED_CODES and not p.is_error]

    @property
    def other_warnings(self) -> list[Problem]:
        """The warnings that are not about an unused sheet or column."""
        return [p for p in self.warnings if p not in self.ignored]

    @property
    def summary(self) -> str:
        return ", ".join(self.summary_lines) if self.summary_lines else t("change_none")


# A sheet or column the upload holds but nothing reads: never dropped silently (issue 11).
# (A hidden sheet that is not the template's stays among the warnings: its message asks to unhide it.)
IGNORED_CODES = frozenset({"unknown_sheet", "unknown_column", "unnamed_column"})


def ignored_parts(problems: list[Problem]) -> list[dict[str, str | None]]:
    """[{"sheet", "column", "letter"}] for each unused sheet (column and letter null) or column, for --json.

    A header is uploaded text: one the identity check flags is given by its letter only.
    """
    parts: list[dict[str, str | None]] = []
    for p in problems:
        if p.code not in IGNORED_CODES or p.is_error:
            continue
        if p.code == "unknown_sheet":
            parts.append({"sheet": p.sheet, "column": None, "letter": None})
            continue
        letter = dict(p.details).get("letter")
        header = None if p.code == "unnamed_column" or not p.column or privacy.identity_text(p.column) else p.column
        parts.append({"sheet": p.sheet, "column": header, "letter": str(letter) if letter else None})
    return parts


def sample_sha256() -> str | None:
    """sha256 of the bundled sample workbook (uploads of it are labelled as example data)."""
    try:
        return hashlib.sha256(SAMPLE_WORKBOOK.read_bytes()).hexdigest()
    except OSError:
        return None


def prepare_upload(data: bytes, filename: str, current: Dataset, agency: str = HOME_AGENCY) -> UploadPlan:
    """Validate an upload against the current data of `agency` (store.dataset(agency=…)) and describe its
    changes; writes nothing. The agency's own sheets are stored under its code ("" the install's own);
    the shared sheet ผล ITA หลายหน่วยงาน is shared whoever uploads it."""
    digest = hashlib.sha256(data).hexdigest()
    base = current.version.number if current.version else None
    # The browser-supplied name is untrusted: cleaned before anything shows or stores it.
    filename = clean_filename(filename)
    parsed = read_upload(data, filename)
    if not parsed.ok:
        return UploadPlan(filename, digest, parsed.problems, base_version=base)
    is_sample = digest == sample_sha256()
    plan = plan_changes(parsed, current, filename, digest, is_sample, agency)
    # Problems across sheets (unknown measures …) are listed under the same bound as cell problems.
    bounded = BoundedProblems()
    bounded.extend(plan.problems)  # already through the redaction net (read_upload, plan_changes)
    return dataclasses.replace(plan, problems=bounded.result())


MAX_FILENAME_LENGTH = LIMITS.max_filename_length


def clean_filename(name: str) -> str:
    """A file name safe to show and store: one line, no control or bidi characters, at most 120
    characters with its extension kept, and a neutral Thai name when it holds an identity."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(clean_text(name.translate(_INVISIBLE)).split())  # newlines and tabs too
    if not name:
        return ""  # no name given (read_upload then skips the extension check)
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10 or not extension.isalnum():
        stem, extension = name, ""
    suffix = f".{extension.lower()}" if extension else ""
    stem = stem[: MAX_FILENAME_LENGTH - len(suffix)].strip()
    if not stem or privacy.identity_text(stem) or privacy.identity_text(name):
        stem = t("upload_neutral_filename")
    if extension and privacy.identity_text(extension):  # "data.0812345678": not an extension to keep
        suffix = ""
    return stem + suffix


_INVISIBLE = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u061c\u200e\u200f"}


def plan_changes(
    parsed: ParsedUpload, current: Dataset, filename: str, digest: str, is_sample: bool, agency: str = HOME_AGENCY
) -> UploadPlan:
    """Compare validated records with the current data, block by block."""
    base = current.version.number if current.version else None
    problems = list(parsed.problems)
    problems.extend(_reference_problems(parsed, current))
    # Every caller's problems (upload, OIT edit, report import) pass the same safety net.
    problems = [redact_problem(p) for p in problems]
    if has_errors(problems):
        return UploadPlan(filename, digest, problems, base_version=base)
    changes: list[Block] = []
    lines: list[str] = []
    for spec in SHEETS:
        new_blocks = blocks_from_records(spec.key, parsed.records.get(spec.key, []), is_sample, agency)
        old_frame = current.frames[spec.key]
        for block in new_blocks:
            old_records = records_of(old_frame[old_frame["fiscal_year"] == block.fiscal_year])
            old_block = (
                Block(spec.key, block.fiscal_year, tuple(old_records), agency=block.agency) if old_records else None
            )
            if old_block is not None and old_block.digest == block.digest:
                if (spec.key, block.fiscal_year) in current.sample_blocks and not is_sample:
                    changes.append(block)  # same figures, now confirmed as real data
                continue
            changes.append(block)
            lines.append(_describe(spec.key, block, old_records))
    if agency != HOME_AGENCY and any(b.agency == agency for b in changes):
        lines.insert(0, t("change_agency", code=agency))
    return UploadPlan(filename, digest, problems, changes, lines, base)


def _describe(sheet: str, block: Block, old: list[Record]) -> str:
    """One line per (sheet, year): a new year is added; otherwise rows added, changed and removed."""
    spec = SHEETS_BY_KEY[sheet]
    year = block.fiscal_year
    if not old:
        if spec.key_columns == ("fiscal_year",):
            return t("change_add_year", noun=spec.noun, year=year)
        return t("change_add", count=len(block.records), noun=spec.noun, year=year)
    changes = _row_changes(spec, old, list(block.records))
    return t("change_rows", sheet=spec.title, year=year, parts=", ".join(changes) or t("change_none"))


def _row_changes(spec: SheetSpec, old: list[Record], new: list[Record]) -> list[str]:
    """'เพิ่ม 3 แถว (ไตรมาส 3)', 'แก้ไข 2 แถว (ไตรมาส 1, 2)', 'ลบไตรมาส 4', 'ลบ 1 แถว (ไตรมาส 2)'.

    Rows are matched by the sheet's key columns after the same normalisation the store hashes
    (80 and 80.0 are one value), so a row counts as changed only when a stored value differs.
    """
    before, after = _rows_by_key(spec, old), _rows_by_key(spec, new)
    added = [k for k in after if k not in before]
    removed = [k for k in before if k not in after]
    changed = [k for k in after if k in before and sorted(after[k]) != sorted(before[k])]
    per_quarter = "quarter" in spec.key_columns
    position = spec.key_columns.index("quarter") if per_quarter else 0

    def quarters(keys: list[tuple]) -> list[int]:
        return sorted({k[position] for k in keys if per_quarter and k[position] is not None})

    def counted(key: str, keys: list[tuple], rows: dict[tuple, list[str]]) -> str:
        text = t(key, count=sum(len(rows[k]) for k in keys))
        found = quarters(keys)
        return t("change_in_quarters", text=text, quarters=_numbers(found)) if found else text

    parts = []
    if added:
        parts.append(counted("change_rows_added", added, after))
    if changed:
        parts.append(counted("change_rows_changed", changed, after))
    # A quarter whose every row is gone is named as removed: an older file must not read as "replaced".
    gone = [q for q in quarters(removed) if q not in quarters(list(after))]
    if gone:
        parts.append(t("change_quarters_removed", quarters=_numbers(gone)))
    rest = [k for k in removed if not (per_quarter and k[position] in gone)]
    if rest:
        parts.append(counted("change_rows_removed", rest, before))
    return parts


def _rows_by_key(spec: SheetSpec, records: list[Record]) -> dict[tuple, list[str]]:
    rows: dict[tuple, list[str]] = {}
    for row in json.loads(canonical_block(spec, records)):
        key = tuple(row[c] for c in spec.key_columns)
        rows.setdefault(key, []).append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return rows


def _numbers(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)


# Versions compared with the data an upload would leave behind (newest first): an older file is
# usually a recent one, and each comparison reads a whole version.
_VERSIONS_COMPARED = 50


def equal_version(store: Store, current: Dataset, plan: UploadPlan) -> VersionInfo | None:
    """The saved version whose data equals the data after committing `plan`, if any (by content).

    Uploading an older file silently undoes later work; naming the version it restores (and when it
    was saved) lets the user notice before confirming.
    """
    if not plan.ok or not plan.changes or current.version is None:
        return None
    head = current.version.number
    after = _digests(store.blocks(head))
    after.update({b.key: b.digest for b in plan.changes})
    for info in store.versions()[:_VERSIONS_COMPARED]:
        if info.number != head and _digests(store.blocks(info.number)) == after:
            return info
    return None


def equal_version_text(info: VersionInfo) -> str:
    """'ข้อมูลหลังบันทึกไฟล์นี้จะเหมือนข้อมูลฉบับที่ N ซึ่งบันทึกเมื่อ … (เวลาประเทศไทย)'."""
    return t("change_equals_version", version=info.number, when=thai_timestamp(info.created_at))


def _digests(blocks: list[Block]) -> dict[tuple[str, str, int], str]:
    return {b.key: b.digest for b in blocks if b.records}


def _reference_problems(parsed: ParsedUpload, current: Dataset) -> list[Problem]:
    """Indicators and results must point at measures (and indicators) that will exist after the commit."""
    problems: list[Problem] = []

    def merged_keys(sheet: str, columns: tuple[str, ...]) -> set[tuple]:
        uploaded_years = set(parsed.years(sheet))
        keys = {tuple(r[c] for c in columns) for r in parsed.records.get(sheet, [])}
        frame = current.frames[sheet]
        kept = frame[~frame["fiscal_year"].isin(uploaded_years)] if len(frame) else frame
        keys.update(tuple(r[c] for c in columns) for r in records_of(kept))
        return keys

    measures = merged_keys("measures", ("fiscal_year", "no"))
    indicators = merged_keys("indicators", ("fiscal_year", "measure_no", "indicator_no"))
    # Replacing a year's measures must not strand that year's stored targets and results.
    for sheet in ("indicators", "results"):
        frame = current.frames[sheet]
        sheet_years = set(parsed.years(sheet))  # once: a year of measures is looked up, never recounted
        for replaced in parsed.years("measures"):
            if replaced in sheet_years or not len(frame):
                continue
            kept = frame[frame["fiscal_year"] == replaced]
            missing = sorted({int(n) for n in kept["measure_no"].dropna() if (replaced, int(n)) not in measures})
            if missing:
                problems.append(
                    problem(
                        "orphaned_rows",
                        sheet=SHEETS_BY_KEY["measures"].title,
                        year=replaced,
                        what=SHEETS_BY_KEY[sheet].title,
                        numbers=", ".join(str(n) for n in missing),
                    )  # fmt: skip
                )
    for sheet in ("indicators", "results"):
        title = SHEETS_BY_KEY[sheet].title
        for record, row in zip(parsed.records.get(sheet, []), parsed.rows.get(sheet, []), strict=True):
            year, number = record.get("fiscal_year"), record.get("measure_no")
            if year is None or number is None:
                continue
            if (year, number) not in measures:
                problems.append(
                    problem(
                        "unknown_measure",
                        sheet=title,
                        row=row,
                        column=SHEETS_BY_KEY[sheet].column("measure_no").title,
                        number=number,
                        year=year,
                    )
                )
                continue
            indicator = record.get("indicator_no")
            if sheet == "results" and indicator is not None and (year, number, indicator) not in indicators:
                problems.append(
                    problem(
                        "unknown_indicator",
                        sheet=title,
                        row=row,
                        column=SHEETS_BY_KEY[sheet].column("indicator_no").title,
                        indicator=indicator,
                        number=number,
                        year=year,
                    )  # fmt: skip
                )
    return problems


def commit_upload(store: Store, plan: UploadPlan, *, actor: Actor, kind: str = "upload") -> int | None:
    """Commit a confirmed plan as `actor`; returns the new version number, or None when nothing changed.

    The store refuses (and audits) a kind the actor's role does not allow (kpi.access.roles).
    """
    if not plan.ok:
        raise ValueError("a plan with errors cannot be committed")
    if not plan.changes:
        return None
    info = store.commit(
        plan.changes,
        expected_head=plan.base_version,
        kind=kind,
        filename=plan.filename,
        sha256=plan.sha256,
        summary=plan.summary,
        actor=actor,
    )
    return info.number


# The first run's sample data is saved by the product itself, not by a person.
SEED_ACTOR = Actor("ITA Dashboard", "admin", "system")


def ensure_seeded(store: Store) -> None:
    """Seed an empty store from the bundled sample workbook (first run)."""
    if store.head() is not None or not SAMPLE_WORKBOOK.exists():
        return
    data = SAMPLE_WORKBOOK.read_bytes()
    plan = prepare_upload(data, SAMPLE_WORKBOOK.name, store.dataset())
    if plan.ok and plan.changes:
        try:
            commit_upload(store, plan, actor=SEED_ACTOR, kind="seed")
        except Exception:  # another process seeded first
            if store.head() is None:
                raise
