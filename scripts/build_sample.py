"""Build data/sample_banphue_2568.xlsx from the real report data/report_banphue_2568.txt.

The 17 measures (names, steps, periods, responsible unit, output, outcome) and their targets
come from the report through the importer, so their text is the report's own. Everything else
(quarterly results, ITA scores 2566–2568, satisfaction and complaint counts) is EXAMPLE data,
made up to show the dashboards; the app labels it ข้อมูลตัวอย่าง.

Run: python scripts/build_sample.py [path/to/report.txt]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpi.domain.oit import catalogue_for  # noqa: E402
from kpi.ingest.report.importer import parse_report  # noqa: E402
from kpi.ingest.template import build_workbook  # noqa: E402
from kpi.screens.import_report import distinct_targets, records_from_review, review_tables  # noqa: E402

SEED = ROOT / "data" / "report_banphue_2568.txt"
OUT = ROOT / "data" / "sample_banphue_2568.xlsx"

ITA = {2566: (88.50, 84.20, 90.10), 2567: (91.30, 87.60, 93.40), 2568: (94.10, 89.20, 96.50)}
# The ratings as published (EXAMPLE): 2566 has EIT < 85, so ผ่าน, not ผ่านดี.
ITA_PUBLISHED = {2566: "ผ่าน", 2567: "ผ่านดี", 2568: "ผ่านดี"}
# An older year as agencies' histories give it: the total alone, and "–" (no rating was published
# in the assessment's early years, domain.md §2); before the first rule set, so no computed rating.
ITA_TOTAL_ONLY = {2560: (72.45, "–")}
ITA_2568_INDICATORS = (95.2, 93.8, 94.6, 92.9, 93.9, 90.4, 87.1, 90.0, 95.8, 97.4)
# Complaints received per quarter (example figures): (general, corruption)
COMPLAINTS = {2567: ((5, 1), (4, 0), (6, 0), (3, 1)), 2568: ((3, 0), (2, 1), (4, 0), (2, 0))}
SERVICES = ("งานจัดเก็บรายได้", "งานทะเบียนและบัตร", "งานป้องกันและบรรเทาสาธารณภัย")
# OIT checklist 2568 (EXAMPLE statuses): code -> (status, measure that produces the evidence)
OIT_YES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 19, 22, 23, 25, 26, 29, 32)
OIT_IN_PROGRESS = (13, 24, 30, 33)
OIT_MEASURES = {13: 10, 22: 16, 23: 17, 26: 15, 29: 13}


def _cumulative_complaints(year: int) -> list[int]:
    running, out = 0, []
    for general, corruption in COMPLAINTS[year]:
        running += general + corruption
        out.append(running)
    return out


BOUND_METRICS = ("complaints", "satisfaction", "ita_score")  # bound to a source by the importer


def _actual(metric: str, op: str, value: float | None, quarter: int, year: int) -> float | None:
    """Example year-to-date value of an indicator at the end of a quarter."""
    if metric == "complaints":
        return float(_cumulative_complaints(year)[quarter - 1])
    if metric == "ita_score":
        iit, eit, oit = ITA[year]
        return round(0.3 * iit + 0.3 * eit + 0.4 * oit, 2) if quarter == 4 else None
    if value is None:
        return None
    if op == ">=" and metric in ("satisfaction", "knowledge", "participation", "percent"):
        return {2: value + 4.2, 4: value + 8.6}.get(quarter)
    if op == ">=":
        return float(math.ceil(value * quarter / 4))
    return value


def build(seed: Path) -> bytes:
    report = parse_report(seed.read_bytes(), seed.name)
    year = report.fiscal_year or 2568
    measures, indicators, results = [], [], []
    tables = review_tables(report)
    for fy in (year - 1, year):
        reviewed = records_from_review(*tables, fy)
        measures.extend(reviewed["measures"])
        indicators.extend(reviewed["indicators"])
        for m in report.measures:
            planned = m.quarters or [1, 2, 3, 4]
            for q in planned:
                position = planned.index(q) + 1
                percent = round(100 * position / len(planned))
                status = "done" if percent == 100 else "in_progress"
                if fy == year and m.no == 3 and q == 4:
                    status, percent = "in_progress", 90
                note = "ข้อมูลตัวอย่าง" if q == planned[-1] else None
                rows = list(enumerate(distinct_targets(m.targets), start=1)) or [(None, None)]
                for i, target in rows:
                    actual = None if target is None else _actual(target.metric, target.op, target.value, q, fy)
                    if target is not None and target.metric in BOUND_METRICS:
                        actual = None  # issue 11: computed from its source sheet, not typed again
                    results.append(
                        {
                            "fiscal_year": fy, "quarter": q, "measure_no": m.no, "status": status,
                            "percent": percent, "indicator_no": i, "actual": actual,
                            "evidence_url": f"https://example.go.th/ita/{fy}/m{m.no}-q{q}", "note": note,
                        }
                    )  # fmt: skip
    ita: list[dict[str, object]] = [
        {"fiscal_year": fy, "total": total, "published_rating": rating}
        for fy, (total, rating) in ITA_TOTAL_ONLY.items()
    ]
    for fy, (iit, eit, oit) in ITA.items():
        row = {
            "fiscal_year": fy,
            "iit": iit,
            "eit": eit,
            "oit": oit,
            "total": None,
            "published_rating": ITA_PUBLISHED[fy],
        }
        if fy == 2568:
            row.update({f"i{n}": score for n, score in enumerate(ITA_2568_INDICATORS, start=1)})
        ita.append(row)
    satisfaction = []
    for s, service in enumerate(SERVICES):
        for q in (1, 2, 3, 4):
            counts = (18 + 2 * q - s, 20 + s, 6 - s + (q % 2), 2 + (s == 2), 1 if q == 3 else 0)
            satisfaction.append(
                {"fiscal_year": year, "quarter": q, "service": service, "n5": counts[0], "n4": counts[1],
                 "n3": counts[2], "n2": counts[3], "n1": counts[4], "sample_size": sum(counts)}
            )  # fmt: skip
        satisfaction.append(
            {"fiscal_year": year - 1, "quarter": None, "service": service, "mean": 4.05 + 0.1 * s, "sample_size": 120}
        )
    complaints = []
    for fy, quarters in COMPLAINTS.items():
        for q, (general, corruption) in enumerate(quarters, start=1):
            for kind, received in (("general", general), ("corruption", corruption)):
                late = 1 if (kind == "general" and q == 3) else 0
                open_ = 1 if (fy == year and q == 4 and received) else 0
                complaints.append(
                    {"fiscal_year": fy, "quarter": q, "type": kind, "received": received,
                     "completed": received - open_, "in_progress": open_, "within_15_days": received - late}
                )  # fmt: skip
    oit = []
    for item in catalogue_for(year)[0].items:
        number = int(item.code[1:])
        status = "yes" if number in OIT_YES else "in_progress" if number in OIT_IN_PROGRESS else "no"
        oit.append(
            {"fiscal_year": year, "code": item.code, "title": item.title, "indicator": item.indicator,
             "evidence_required": item.evidence, "status": status,
             "evidence_url": f"https://example.go.th/ita/{year}/{item.code.lower()}" if status == "yes" else None,
             "owner": "สำนักปลัด (ตัวอย่าง)" if number % 2 else "กองคลัง (ตัวอย่าง)",
             "last_updated": f"2025-0{1 + number % 6}-15" if status != "no" else None,
             "measure_no": OIT_MEASURES.get(number)}
        )  # fmt: skip
    return build_workbook(
        {
            "oit": oit,
            "measures": measures,
            "indicators": indicators,
            "results": results,
            "ita": ita,
            "satisfaction": satisfaction,
            "complaints": complaints,
        }
    )


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    OUT.write_bytes(build(source))
    print(f"wrote {OUT}")
