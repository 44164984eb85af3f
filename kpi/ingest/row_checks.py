"""Checks within one sheet that need more than one cell: duplicate keys and each sheet's cross-field rules
(indicator targets, result progress, ITA totals, satisfaction forms, complaint counts and rounds)."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from kpi.core.dataset import Record
from kpi.core.problems import WARNING, Problem, problem
from kpi.core.rounds import ROUNDS
from kpi.core.schema import SheetSpec
from kpi.domain.satisfaction_forms import LEVELS, TWO_CHOICE, form_problems
from kpi.privacy import identity as privacy


def row_checks(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    """Checks within one sheet that need more than one cell."""
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    required = [i for i, k in enumerate(spec.key_columns) if spec.column(k).required]
    # The required key columns come first in every sheet: a blank among them is one C-level test.
    leading = len(required) if required == list(range(len(required))) else None
    key_of = itemgetter(*spec.key_columns) if len(spec.key_columns) > 1 else None
    for record, row in zip(records, rows, strict=True):
        try:
            key = key_of(record) if key_of is not None else (record[spec.key_columns[0]],)
        except KeyError:  # a record without every column (the cell path always writes them all)
            key = tuple(record.get(k) for k in spec.key_columns)
        if (None in key[:leading]) if leading is not None else any(key[i] is None for i in required):
            continue
        if key in seen:
            shown = ", ".join(
                f"{spec.column(k).title} {v}"
                for k, v in zip(spec.key_columns, key, strict=True)
                # a key that holds an ID, phone, e-mail or a person's name is not shown
                if v is not None and privacy.identity_value(v) is None and privacy.identity_text(str(v)) is None
            )
            problems.append(problem("duplicate_key", sheet=sheet, row=row, other_row=seen[key], key=shown))
        else:
            seen[key] = row
    check = _SHEET_CHECKS.get(spec.key)
    if check:
        problems.extend(check(spec, sheet, records, rows))
    return problems


def _check_indicators(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    problems = []
    for record, row in zip(records, rows, strict=True):
        if record.get("op") in (">=", "<=", "=") and record.get("target") is None:
            op_label = next((k for k, v in spec.column("op").choices.items() if v == record["op"]), record["op"])
            problems.append(
                problem("target_required", sheet=sheet, row=row, column=spec.column("target").title, op=op_label)
            )
    return problems


def _check_results(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    problems = []
    first: dict[tuple, tuple[Record, int]] = {}
    for record, row in zip(records, rows, strict=True):
        get = record.get
        status, percent = get("status"), get("percent")
        if (
            (status == "done" or status == "not_started")
            and percent is not None
            and ((status == "done" and percent < 100) or (status == "not_started" and percent > 0))
        ):
            label = next(k for k, v in spec.column("status").choices.items() if v == status)
            problems.append(
                problem(
                    "status_percent_mismatch",
                    sheet=sheet,
                    row=row,
                    column=spec.column("status").title,
                    severity=WARNING,
                    status=label,
                    percent=percent,
                )  # fmt: skip
            )
        key = (get("fiscal_year"), get("quarter"), get("measure_no"))
        other, other_row = first.setdefault(key, (record, row))
        if other is not record and (other.get("status"), other.get("percent")) != (status, percent):
            problems.append(
                problem(
                    "inconsistent_status",
                    sheet=sheet,
                    row=row,
                    column=spec.column("status").title,
                    other_row=other_row,
                )
            )
    return problems


def _check_ita(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    # A year is the three tools (the total may be left to the system) or the total alone, as
    # agencies publish their histories. The total is checked against the tools only when both are
    # there and the year has rules (weights); before the first rule set nothing computes a total.
    from kpi.core.schema import ITA_PUBLISHED_RATING_MAX, ITA_PUBLISHED_RATINGS
    from kpi.domain.ita import check_total, normalise_rating
    from kpi.domain.ita_rules import default_rules

    rules = default_rules()
    known_words = {normalise_rating(word) for word in ITA_PUBLISHED_RATINGS}
    known_words |= {normalise_rating(b.label) for r in rules.rule_sets for b in r.bands}
    problems = []
    for record, row in zip(records, rows, strict=True):
        year, total = record.get("fiscal_year"), record.get("total")
        tools = [record.get(k) for k in ("iit", "eit", "oit")]
        all_tools = all(v is not None for v in tools)
        if year is not None and total is None and not all_tools:
            problems.append(problem("ita_no_total", sheet=sheet, row=row, column=spec.column("total").title))
        elif year is not None and total is None and not rules.covers(int(year)):
            problems.append(
                problem("ita_total_no_rules", sheet=sheet, row=row, column=spec.column("total").title, year=year)
            )
        published = record.get("published_rating")
        if isinstance(published, str):
            column = spec.column("published_rating").title
            if len(published) > ITA_PUBLISHED_RATING_MAX:
                problems.append(
                    problem("ita_rating_too_long", sheet=sheet, row=row, column=column, limit=ITA_PUBLISHED_RATING_MAX)
                )
            elif normalise_rating(published) not in known_words:
                problems.append(
                    problem("ita_rating_unknown_word", sheet=sheet, row=row, column=column, value=published,
                            severity=WARNING)
                )  # fmt: skip
        if year is None or total is None or not all_tools or not rules.covers(int(year)):
            continue
        iit, eit, oit = (float(v) for v in tools)  # type: ignore[arg-type]
        computed = check_total(int(year), iit, eit, oit, float(total), rules=rules)
        if computed is not None:
            problems.append(
                problem(
                    "ita_total_mismatch",
                    sheet=sheet,
                    row=row,
                    column=spec.column("total").title,
                    given=total,
                    computed=computed,
                    tolerance=0.05,
                )  # fmt: skip
            )
    return problems


def _check_satisfaction(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    problems = []
    titles = {c.key: c.title for c in spec.columns}
    for record, row in zip(records, rows, strict=True):
        levels = [record.get(k) for k in LEVELS]
        choices = [record.get(k) for k in TWO_CHOICE]
        counts = levels if any(c is not None for c in levels) else choices
        has_counts = any(c is not None for c in counts)
        if not has_counts and record.get("mean") is None and record.get("percent") is None:
            problems.append(problem("survey_no_figure", sheet=sheet, row=row, column=spec.column("n5").title))
        problems.extend(form_problems(record, row, sheet, titles))
        counted = sum(c or 0 for c in counts)
        given = record.get("sample_size")
        if has_counts and given is not None and counted > given and counts is levels:
            # A survey of several questions: each respondent gives one rating per question.
            problems.append(
                problem(
                    "survey_ratings_per_respondent",
                    sheet=sheet,
                    row=row,
                    column=spec.column("sample_size").title,
                    severity=WARNING,
                    counted=counted,
                    given=given,
                )
            )
        elif has_counts and given is not None and counted != given:
            problems.append(
                problem(
                    "survey_sample_mismatch",
                    sheet=sheet,
                    row=row,
                    column=spec.column("sample_size").title,
                    counted=counted,
                    given=given,
                )
            )
    return problems


def _check_complaints(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    problems = []
    spans: dict[tuple, list[tuple[int, int, object, int]]] = {}  # (year, type) → (first, last, channel, row)
    for record, row in zip(records, rows, strict=True):
        first, last = record.get("quarter"), record.get("quarter_to")
        if isinstance(first, int) and last is not None and (first, last) not in ROUNDS:
            problems.append(problem("complaint_round", sheet=sheet, row=row, column=spec.column("quarter").title))
        elif isinstance(first, int) and record.get("fiscal_year") is not None and record.get("type") is not None:
            # A quarter also covered by a round (or one channel by the type's total) would be counted twice.
            span = (first, last if last is not None else first, record.get("channel"), row)
            key = (record["fiscal_year"], record["type"])
            for other in spans.setdefault(key, []):
                same_channel = other[2] == span[2] or other[2] is None or span[2] is None
                if same_channel and other[0] <= span[1] and span[0] <= other[1]:
                    problems.append(
                        problem(
                            "complaint_overlap",
                            sheet=sheet,
                            row=row,
                            column=spec.column("quarter").title,
                            other_row=other[3],
                        )
                    )
                    break
            spans[key].append(span)
        received = record.get("received")
        if received is None:
            continue
        # completed and in progress are optional (agencies often publish received only): a blank is unknown, not 0.
        done, open_ = record.get("completed") or 0, record.get("in_progress") or 0
        if done + open_ > received:
            problems.append(
                problem(
                    "complaint_sum",
                    sheet=sheet,
                    row=row,
                    column=spec.column("completed").title,
                    total=done + open_,
                    received=received,
                )
            )
        within = record.get("within_15_days")
        if within is not None and within > received:
            problems.append(
                problem(
                    "complaint_within15",
                    sheet=sheet,
                    row=row,
                    column=spec.column("within_15_days").title,
                    within=within,
                    received=received,
                )
            )
    return problems


def agency_code(value: object) -> str | None:
    """An agency code as stored (Thai digits read as Arabic, surrounding blanks dropped), or None when it is
    not 1–AGENCY_CODE_MAX ASCII letters, digits, "-" or "_"."""
    from kpi.core.schema import AGENCY_CODE_MAX
    from kpi.core.thai import to_arabic_digits

    code = to_arabic_digits(str(value)).strip()
    if not code or len(code) > AGENCY_CODE_MAX or not code.isascii():
        return None
    return code if all(c.isalnum() or c in "-_" for c in code) else None


def _check_agency_ita(spec: SheetSpec, sheet: str, records: list[Record], rows: list[int]) -> list[Problem]:
    # issue 14: the scores follow the one-agency ITA sheet's rules; the code must be usable as a key.
    from kpi.core.schema import AGENCY_CODE_MAX

    problems = _check_ita(spec, sheet, records, rows)
    column = spec.column("code").title
    for record, row in zip(records, rows, strict=True):
        code = record.get("code")
        if code is None:
            continue
        fixed = agency_code(code)
        if fixed is None:
            problems.append(problem("agency_code_bad", sheet=sheet, row=row, column=column, limit=AGENCY_CODE_MAX))
        else:
            record["code"] = fixed
    return problems


_SHEET_CHECKS: dict[str, Callable[[SheetSpec, str, list[Record], list[int]], list[Problem]]] = {
    "indicators": _check_indicators,
    "results": _check_results,
    "ita": _check_ita,
    "satisfaction": _check_satisfaction,
    "complaints": _check_complaints,
    "agency_ita": _check_agency_ita,
}
