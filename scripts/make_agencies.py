"""Generate a workbook of many agencies' published ITA results (sheet ผล ITA หลายหน่วยงาน), for tests and bench/.

EXAMPLE data, made up but shaped like the NACC's published results of local administrative organisations:
76 provinces, about 11 districts each (synthetic district and sub-district names; the provinces are
the real 76), the real mix of types (one อบจ. per province, a few เทศบาลนคร and เทศบาลเมือง, then
about 70 % อบต. and 30 % เทศบาลตำบล), totals spread around the 85-point pass mark. Most rows give the
three tools and the total (the total is the weighted sum rounded half up, as published), some give the
total alone, some the three tools alone (the product computes the total by that year's weights); a few
agencies have no row in a year (more in the last year: results not yet published). A handful of rows
sit exactly on the mark (85.00, 84.99, and tools whose weighted sum is 84.995, which is published as
85.00 and passes). An agency keeps its code, name, type, district and province over the years.

Same arguments, same bytes (deterministic: random.Random(seed), no clock).

    from scripts.make_agencies import agencies_workbook
    data = agencies_workbook(count=8000, years=(2567, 2568))

Run: python scripts/make_agencies.py OUT.xlsx [--count N] [--years 2559-2568] [--seed S]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpi.core.schema import AGENCY_ITA  # noqa: E402
from kpi.domain.ita import ita_total, round_for_rating  # noqa: E402

SEED = 14
PROVINCES = (
    "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี", "ฉะเชิงเทรา", "ชลบุรี", "ชัยนาท",
    "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด", "ตาก", "นครนายก", "นครปฐม", "นครพนม",
    "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี", "นราธิวาส", "น่าน", "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี",
    "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี", "พระนครศรีอยุธยา", "พะเยา", "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก",
    "เพชรบุรี", "เพชรบูรณ์", "แพร่", "ภูเก็ต", "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา", "ร้อยเอ็ด",
    "ระนอง", "ระยอง", "ราชบุรี", "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล",
    "สมุทรปราการ", "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย", "สุพรรณบุรี",
    "สุราษฎร์ธานี", "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ", "อุดรธานี", "อุตรดิตถ์",
    "อุทัยธานี", "อุบลราชธานี",
)  # fmt: skip
FIRST = ("บ้าน", "นา", "หนอง", "โนน", "ห้วย", "วัง", "ท่า", "โพธิ์", "ศรี", "คลอง", "เขา", "ดอน", "บึง", "สระ")
SECOND = ("ใหม่", "ทอง", "แก้ว", "ไผ่", "สูง", "งาม", "ยาว", "คำ", "หลวง", "กลาง", "แดง", "บัว", "เจริญ", "สะอาด")
LONG_NAMES = {
    "อบจ.": "องค์การบริหารส่วนจังหวัด",
    "เทศบาลนคร": "เทศบาลนคร",
    "เทศบาลเมือง": "เทศบาลเมือง",
    "เทศบาลตำบล": "เทศบาลตำบล",
    "อบต.": "องค์การบริหารส่วนตำบล",
}
CITY_PROVINCES = 30  # about 30 เทศบาลนคร in the country: the first provinces (by a shuffled order) get one
SHEET = AGENCY_ITA.title
HEADER = tuple(c.title for c in AGENCY_ITA.columns)
# Rows exactly on the mark (tools or total), cycled over the first agencies of the last year.
EDGES: tuple[tuple[float | None, float | None, float | None, float | None], ...] = (
    (85.05, 85.00, 84.95, None),  # weighted sum 84.995: published as 85.00, passes
    (85.04, 85.00, 84.95, None),  # 84.992: 84.99, does not pass
    (None, None, None, 85.00),
    (None, None, None, 84.99),
)


@dataclass(frozen=True)
class Agency:
    """One agency's lasting attributes and its underlying level."""

    code: str
    name: str
    type: str
    district: str
    province: str
    level: float


def _place(rng: random.Random, taken: set[str]) -> str:
    for _ in range(50):
        name = rng.choice(FIRST) + rng.choice(SECOND)
        if name not in taken:
            taken.add(name)
            return name
    name = f"{rng.choice(FIRST)}{rng.choice(SECOND)}{len(taken)}"
    taken.add(name)
    return name


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def agencies(count: int, seed: int = SEED) -> list[Agency]:
    """`count` agencies over the provinces (one อบจ. each), their districts and the real type mix."""
    rng = random.Random(seed)
    provinces = list(PROVINCES[: max(1, min(len(PROVINCES), count // 20))])
    cities = set(rng.sample(provinces, min(CITY_PROVINCES, len(provinces) // 3)))
    found: list[Agency] = []
    for p_no, (province, share) in enumerate(zip(provinces, _split(count, len(provinces)), strict=True), start=10):
        districts = [f"เมือง{province}"]
        taken: set[str] = set()
        wanted = max(1, min(rng.randint(6, 16), share // 6))
        districts += [_place(rng, taken) for _ in range(wanted - 1)]
        types = ["อบจ."] + (["เทศบาลนคร"] if province in cities and share > 3 else [])
        types += ["เทศบาลเมือง"] * min(rng.randint(1, 4), max(0, (share - len(types)) // 10))
        rest = share - len(types)
        municipalities = round(rest * 0.3)
        types += ["เทศบาลตำบล"] * municipalities + ["อบต."] * (rest - municipalities)
        types = types[: max(share, 0)]
        names: set[str] = set()
        for seq, kind in enumerate(types, start=1):
            district_no = 0 if kind in ("อบจ.", "เทศบาลนคร") else rng.randrange(len(districts))
            district = districts[district_no]
            where = province if kind in ("อบจ.", "เทศบาลนคร") else _place(rng, names)
            level = min(99.0, max(40.0, rng.gauss(86.0, 6.5) + (2.0 if kind != "อบต." else 0.0)))
            code = f"{p_no:02d}{district_no + 1:02d}{seq:03d}"
            found.append(Agency(code, LONG_NAMES[kind] + where, kind, district, province, level))
    return found


def _score(rng: random.Random, centre: float, spread: float) -> float:
    return round(min(100.0, max(0.0, rng.gauss(centre, spread))), 2)


def result_rows(count: int = 8000, years: Sequence[int] = (2567, 2568), seed: int = SEED) -> Iterator[list[object]]:
    """The sheet's data rows, in the template's column order, year by year."""
    rng = random.Random(seed + 1)
    everyone = agencies(count, seed)
    last = max(years)
    for year in sorted(years):
        edge = 0
        for agency in everyone:
            absent = 0.025 if year == last else 0.01
            if rng.random() < absent:
                continue
            centre = agency.level + (year - last) * -0.6 + rng.gauss(0.0, 2.5)
            iit, eit, oit = _score(rng, centre + 3, 4), _score(rng, centre, 5), _score(rng, centre - 2, 7)
            tools: tuple[float | None, float | None, float | None] = (iit, eit, oit)
            total: float | None = round_for_rating(ita_total(year, iit, eit, oit), 2)
            if year == last and edge < len(EDGES) * 3:
                *fixed, total = EDGES[edge % len(EDGES)]
                tools = (fixed[0], fixed[1], fixed[2])
                edge += 1
            else:
                mode = rng.random()
                if mode < 0.25:
                    tools = (None, None, None)  # the total alone, as many histories give it
                elif mode < 0.40:
                    total = None  # the three tools: the product computes the total
            yield [agency.code, agency.name, agency.type, agency.district, agency.province, year, *tools, total, None]


def write_rows(rows: Iterable[list[object]]) -> bytes:
    """An .xlsx with the one sheet ผล ITA หลายหน่วยงาน: the template's header, then `rows`."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def agencies_workbook(count: int = 8000, years: Sequence[int] = (2567, 2568), seed: int = SEED) -> bytes:
    """The workbook of `count` agencies' results over `years` (deterministic for the same arguments)."""
    return write_rows(result_rows(count, years, seed))


def _years(text: str) -> tuple[int, ...]:
    first, _, end = text.partition("-")
    return tuple(range(int(first), int(end or first) + 1))


def main(argv: list[str] | None = None) -> int:
    """Write the workbook to the path given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=8000)
    parser.add_argument("--years", type=_years, default=(2567, 2568), help="e.g. 2568 or 2559-2568")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    args.out.write_bytes(agencies_workbook(args.count, args.years, args.seed))
    print(f"{args.out}: {args.count} agencies × {len(args.years)} years")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
