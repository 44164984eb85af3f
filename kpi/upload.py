"""The safe upload path: read and validate a workbook, show what would change, commit on confirm."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field

from kpi import privacy
from kpi.dataset import Block, Dataset, Record, blocks_from_records, records_of
from kpi.messages import t
from kpi.problems import BoundedProblems, Problem, has_errors, problem
from kpi.schema import SHEETS, SHEETS_BY_KEY
from kpi.settings import SAMPLE_WORKBOOK
from kpi.store import Store
from kpi.text_safety import clean_text
from kpi.validate import ParsedUpload, read_upload, redact_problem

_QUARTER_NOUNS = {
    "results": "noun_results_quarter",
    "complaints": "noun_complaints_quarter",
    "satisfaction": "noun_satisfaction_quarter",
}


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
    def summary(self) -> str:
        return ", ".join(self.summary_lines) if self.summary_lines else t("change_none")


def sample_sha256() -> str | None:
    """sha256 of the bundled sample workbook (uploads of it are labelled as example data)."""
    try:
        return hashlib.sha256(SAMPLE_WORKBOOK.read_bytes()).hexdigest()
    except OSError:
        return None


def prepare_upload(data: bytes, filename: str, current: Dataset) -> UploadPlan:
    """Validate an upload against the current data and describe its changes; writes nothing."""
    digest = hashlib.sha256(data).hexdigest()
    base = current.version.number if current.version else None
    # The browser-supplied name is untrusted: cleaned before anything shows or stores it.
    filename = clean_filename(filename)
    parsed = read_upload(data, filename)
    if not parsed.ok:
        return UploadPlan(filename, digest, parsed.problems, base_version=base)
    is_sample = digest == sample_sha256()
    plan = plan_changes(parsed, current, filename, digest, is_sample)
    # Problems across sheets (unknown measures …) are listed under the same bound as cell problems.
    bounded = BoundedProblems()
    bounded.extend([redact_problem(p) for p in plan.problems])
    return dataclasses.replace(plan, problems=bounded.result())


MAX_FILENAME_LENGTH = 120


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
    if not stem or privacy.identity_text(stem):
        stem = t("upload_neutral_filename")
    return stem + suffix


_INVISIBLE = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u061c\u200e\u200f"}


def plan_changes(parsed: ParsedUpload, current: Dataset, filename: str, digest: str, is_sample: bool) -> UploadPlan:
    """Compare validated records with the current data, block by block."""
    base = current.version.number if current.version else None
    problems = list(parsed.problems)
    problems.extend(_reference_problems(parsed, current))
    if has_errors(problems):
        return UploadPlan(filename, digest, problems, base_version=base)
    changes: list[Block] = []
    lines: list[str] = []
    for spec in SHEETS:
        new_blocks = blocks_from_records(spec.key, parsed.records.get(spec.key, []), sample=is_sample)
        old_frame = current.frames[spec.key]
        for block in new_blocks:
            old_records = records_of(old_frame[old_frame["fiscal_year"] == block.fiscal_year])
            old_block = Block(spec.key, block.fiscal_year, tuple(old_records)) if old_records else None
            if old_block is not None and old_block.digest == block.digest:
                if (spec.key, block.fiscal_year) in current.sample_blocks and not is_sample:
                    changes.append(block)  # same figures, now confirmed as real data
                continue
            changes.append(block)
            lines.append(_describe(spec.key, block, old_records))
    return UploadPlan(filename, digest, problems, changes, lines, base)


def _describe(sheet: str, block: Block, old: list[Record]) -> str:
    spec = SHEETS_BY_KEY[sheet]
    year = block.fiscal_year
    if not old:
        if spec.key_columns == ("fiscal_year",):
            return t("change_add_year", noun=spec.noun, year=year)
        return t("change_add", count=len(block.records), noun=spec.noun, year=year)
    if sheet in _QUARTER_NOUNS:
        changed = sorted(_changed_quarters(spec.key_columns, old, list(block.records)))
        if changed and len(changed) < 4:
            quarters = ", ".join(str(q) for q in changed)
            return t("change_replace", what=t(_QUARTER_NOUNS[sheet], quarters=quarters), year=year)
    return t("change_replace_rows", what=spec.noun, year=year, old=len(old), new=len(block.records))


def _changed_quarters(keys: tuple[str, ...], old: list[Record], new: list[Record]) -> set[int]:
    def by_quarter(records: list[Record]) -> dict[int | None, set[str]]:
        grouped: dict[int | None, set[str]] = {}
        for record in records:
            grouped.setdefault(record.get("quarter"), set()).add(repr(sorted(record.items(), key=lambda kv: kv[0])))
        return grouped

    before, after = by_quarter(old), by_quarter(new)
    changed = {q for q in set(before) | set(after) if before.get(q) != after.get(q)}
    if None in changed:  # a whole-year row changed: describe the block as replaced
        return {1, 2, 3, 4}
    return {q for q in changed if q is not None}


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
        for replaced in parsed.years("measures"):
            if replaced in parsed.years(sheet) or not len(frame):
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


def commit_upload(store: Store, plan: UploadPlan, kind: str = "upload") -> int | None:
    """Commit a confirmed plan; returns the new version number, or None when nothing changed."""
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
    )
    return info.number


def ensure_seeded(store: Store) -> None:
    """Seed an empty store from the bundled sample workbook (first run)."""
    if store.head() is not None or not SAMPLE_WORKBOOK.exists():
        return
    data = SAMPLE_WORKBOOK.read_bytes()
    plan = prepare_upload(data, SAMPLE_WORKBOOK.name, store.dataset())
    if plan.ok and plan.changes:
        try:
            commit_upload(store, plan, kind="seed")
        except Exception:  # another process seeded first
            if store.head() is None:
                raise
