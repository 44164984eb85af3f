"""The workbook: its sheets, their Thai column headers, and what each cell may hold.

Every sheet is optional in an upload. Row 1 of each sheet is the header; data starts on row 2.
Internally each sheet becomes a DataFrame whose columns are the English `key`s below; choice
columns hold stable codes (for example "done"), the workbook shows their Thai labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpi.core.settings import complaint_categories, complaint_channels

YEAR_RANGE = (2550, 2700)  # BE fiscal years the store accepts

KIND_CHOICES = {"มาตรการ": "measure", "โครงการ": "project", "กิจกรรม": "activity"}
STATUS_CHOICES = {
    "ยังไม่เริ่ม": "not_started",
    "กำลังดำเนินการ": "in_progress",
    "เสร็จสิ้น": "done",
    "ไม่ได้ดำเนินการ": "not_done",
}
OP_CHOICES = {
    "≥": ">=",
    "≤": "<=",
    "=": "=",
    "ลดลงจากปีก่อน": "decrease",
    "เพิ่มขึ้นจากปีก่อน": "increase",
}
# What users type instead of the dropdown symbols.
OP_ALIASES = {">=": ">=", "=>": ">=", "<=": "<=", "=<": "<=", "==": "=", "ลดลง": "decrease", "เพิ่มขึ้น": "increase"}
UNIT_CHOICES = {
    u: u
    for u in (
        "ร้อยละ", "คะแนน", "ฉบับ", "เรื่อง", "คน", "ครั้ง", "แห่ง", "โครงการ", "ช่องทาง", "ระบบ",
        "หลักสูตร", "กิจกรรม", "รุ่น", "หน่วยงาน", "ราย", "วัน",
    )
}  # fmt: skip
# The two categories the first versions fixed keep their stored codes, so earlier uploads still load;
# any other category from the complaint_categories setting is stored as its Thai label.
COMPLAINT_TYPES = {"ทุจริตและประพฤติมิชอบ": "corruption", "ร้องเรียนทั่วไป": "general"}
COMPLAINT_ALIASES = {"ทุจริต": "corruption", "ประพฤติมิชอบ": "corruption", "ทั่วไป": "general"}
# Where an indicator's actual comes from (issue 11); blank means กรอกเอง (typed in the results sheet).
INDICATOR_SOURCES = {
    "กรอกเอง": "manual",
    "ความพึงพอใจ": "satisfaction",
    "เรื่องร้องเรียน": "complaints",
    "คะแนน ITA": "ita",
    "หลักฐาน OIT": "oit",
}
OIT_STATUS_CHOICES = {"มี": "yes", "กำลังจัดทำ": "in_progress", "ไม่มี": "no"}
OIT_STATUS_ALIASES = {"มีแล้ว": "yes", "ครบ": "yes", "อยู่ระหว่างจัดทำ": "in_progress", "ยังไม่มี": "no"}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its internal key, Thai header and what a cell may hold."""

    key: str
    title: str
    kind: str  # year | int | number | text | choice | quarter | quarters | url | date
    required: bool = False
    help: str = ""
    choices: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    low: float | None = None
    high: float | None = None
    width: int = 14


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook."""

    key: str
    title: str
    noun: str  # what one row is, for change summaries ("เพิ่ม 17 มาตรการ")
    columns: tuple[Column, ...]
    key_columns: tuple[str, ...]
    help: str = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def _year(required: bool = True) -> Column:
    return Column(
        "fiscal_year", "ปีงบประมาณ", "year", required, "ปี พ.ศ. เช่น 2568", low=YEAR_RANGE[0], high=YEAR_RANGE[1], width=12
    )


def _quarter(required: bool = True) -> Column:
    return Column(
        "quarter",
        "ไตรมาส",
        "quarter",
        required,
        "1 = ต.ค.–ธ.ค., 2 = ม.ค.–มี.ค., 3 = เม.ย.–มิ.ย., 4 = ก.ค.–ก.ย.",
        low=1,
        high=4,
        width=9,
    )


def _count(key: str, title: str, required: bool = True, help: str = "") -> Column:
    return Column(key, title, "int", required, help or "จำนวนเต็มตั้งแต่ 0", low=0, high=10_000_000, width=12)


MEASURES = SheetSpec(
    key="measures",
    title="มาตรการ",
    noun="มาตรการ",
    help="มาตรการ/โครงการ/กิจกรรม ส่งเสริมคุณธรรมและความโปร่งใส หนึ่งแถวต่อหนึ่งมาตรการ",
    key_columns=("fiscal_year", "no"),
    columns=(
        _year(),
        Column("no", "ลำดับ", "int", True, "ลำดับมาตรการ 1, 2, 3 …", low=1, high=999, width=8),
        Column("name", "ชื่อมาตรการ", "text", True, "ชื่อมาตรการ โครงการ หรือกิจกรรม", width=50),
        Column("kind", "ประเภท", "choice", True, "มาตรการ / โครงการ / กิจกรรม", choices=KIND_CHOICES, width=12),
        Column("steps", "ขั้นตอนหรือวิธีการปฏิบัติ", "text", False, "", width=40),
        Column("quarters", "ไตรมาสที่วางแผน", "quarters", True, "เช่น 1-4 หรือ 2 หรือ 1,3", width=14),
        Column("responsible", "ผู้รับผิดชอบ", "text", False, "กอง/สำนัก/งานที่รับผิดชอบ", width=20),
        Column("output", "ผลการดำเนินการ (output)", "text", False, "", width=40),
        Column("outcome", "ผลลัพธ์ (outcome)", "text", False, "", width=40),
    ),
)

INDICATORS = SheetSpec(
    key="indicators",
    title="ตัวชี้วัด",
    noun="ตัวชี้วัด",
    help="ตัวชี้วัดและค่าเป้าหมายของแต่ละมาตรการ",
    key_columns=("fiscal_year", "measure_no", "indicator_no"),
    columns=(
        _year(),
        Column("measure_no", "ลำดับมาตรการ", "int", True, "ลำดับมาตรการในชีต มาตรการ", low=1, high=999, width=10),
        Column("indicator_no", "ลำดับตัวชี้วัด", "int", True, "1, 2, … ภายในมาตรการ", low=1, high=99, width=10),
        Column("name", "ชื่อตัวชี้วัด", "text", True, "สิ่งที่วัด เช่น ร้อยละความพึงพอใจ", width=40),
        Column("unit", "หน่วย", "choice", True, "ร้อยละ, คะแนน, ฉบับ, เรื่อง, คน, ครั้ง …", choices=UNIT_CHOICES, width=10),
        Column(
            "op",
            "เงื่อนไข",
            "choice",
            True,
            "≥ ≤ = ลดลงจากปีก่อน เพิ่มขึ้นจากปีก่อน",
            choices=OP_CHOICES,
            aliases=OP_ALIASES,
            width=16,
        ),
        Column(
            "target",
            "ค่าเป้าหมาย",
            "number",
            False,
            "ตัวเลข เช่น 80 (ไม่ต้องกรอกสำหรับ ลดลง/เพิ่มขึ้น)",
            low=-1e12,
            high=1e12,
            width=12,
        ),
        Column("baseline", "ค่าฐาน", "number", False, "ค่าเปรียบเทียบ (ถ้ามี)", low=-1e12, high=1e12, width=12),
        # issue 11: a bound indicator's actual is computed from its source sheet (kpi/domain/figures_sources.py).
        Column(
            "source",
            "แหล่งข้อมูล",
            "choice",
            False,
            "กรอกเอง (ว่าง = กรอกเอง), ความพึงพอใจ, เรื่องร้องเรียน, คะแนน ITA, หลักฐาน OIT",
            choices=INDICATOR_SOURCES,
            width=16,
        ),
        Column(
            "source_detail",
            "รายละเอียดแหล่งข้อมูล",
            "text",
            False,
            "ประเภทเรื่องร้องเรียน เช่น ทุจริตและประพฤติมิชอบ หรือชื่องานบริการ (ว่าง = ทั้งหมด)",
            width=24,
        ),
    ),
)

RESULTS = SheetSpec(
    key="results",
    title="ผลรายไตรมาส",
    noun="ผลรายไตรมาส",
    help="ผลการดำเนินงานของแต่ละมาตรการในแต่ละไตรมาส หากมาตรการมีหลายตัวชี้วัด ให้กรอกหนึ่งแถวต่อตัวชี้วัด",
    key_columns=("fiscal_year", "quarter", "measure_no", "indicator_no"),
    columns=(
        _year(),
        _quarter(),
        Column("measure_no", "ลำดับมาตรการ", "int", True, "", low=1, high=999, width=10),
        Column(
            "status",
            "สถานะ",
            "choice",
            True,
            "ยังไม่เริ่ม / กำลังดำเนินการ / เสร็จสิ้น / ไม่ได้ดำเนินการ",
            choices=STATUS_CHOICES,
            width=16,
        ),
        Column("percent", "ร้อยละความคืบหน้า", "number", False, "0–100", low=0, high=100, width=12),
        Column("indicator_no", "ลำดับตัวชี้วัด", "int", False, "ถ้ากรอกค่าที่วัดได้", low=1, high=99, width=10),
        Column("actual", "ค่าที่วัดได้", "number", False, "ค่าจริงของตัวชี้วัดในไตรมาสนี้", low=-1e12, high=1e12, width=12),
        Column("evidence_url", "ลิงก์หลักฐาน", "url", False, "https://…", width=30),
        Column("report_date", "วันที่รายงาน", "date", False, "เช่น 15/01/2568", width=14),
        Column("note", "หมายเหตุ", "text", False, "", width=30),
    ),
)

ITA_INDICATOR_TITLES = (
    "การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
    "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
    "การปรับปรุงระบบการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต",
)  # fmt: skip


def _score(key: str, title: str, required: bool = False, help: str = "") -> Column:
    return Column(key, title, "number", required, help or "คะแนน 0–100", low=0, high=100, width=10)


# Rating words agencies publish in their ITA histories (domain.md §2): AA–F up to 2565, ผ่าน… from
# 2566, descriptive levels in some 2561 reports, pass/fail, and "–" for the early years without one.
# The published-rating column is free text checked against this list only with a warning: an agency's
# own published word must go in as it is (we cannot know every vocabulary a report used), while a
# typo still shows in the review before it could be mistaken for a disagreement with the computed one.
ITA_PUBLISHED_RATINGS = (
    "AA", "A", "B", "C", "D", "E", "F",
    "ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน", "ไม่ผ่าน", "ผ่านเกณฑ์", "ไม่ผ่านเกณฑ์",
    "สูงมาก", "สูง", "ปานกลาง", "ต่ำ", "ต่ำมาก", "-", "–",
)  # fmt: skip
ITA_PUBLISHED_RATING_MAX = 40  # longer is a sentence, not a rating word

ITA = SheetSpec(
    key="ita",
    title="คะแนน ITA",
    noun="คะแนน ITA",
    help=(
        "คะแนน ITA ที่ได้รับรายปี กรอก IIT EIT OIT ครบทั้งสาม หรือคะแนนรวมอย่างเดียว (เช่น ประวัติคะแนนย้อนหลัง)"
        " คะแนนรวมเว้นว่างได้เมื่อกรอกครบสามเครื่องมือ ระบบจะคำนวณให้"
    ),
    key_columns=("fiscal_year",),
    columns=(
        _year(),
        _score("iit", "IIT", False, "คะแนนแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน 0–100 (เว้นว่างได้ถ้ากรอกคะแนนรวม)"),
        _score("eit", "EIT", False, "คะแนนแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก 0–100 (เว้นว่างได้ถ้ากรอกคะแนนรวม)"),
        _score("oit", "OIT", False, "คะแนนแบบตรวจการเปิดเผยข้อมูลสาธารณะ 0–100 (เว้นว่างได้ถ้ากรอกคะแนนรวม)"),
        _score("total", "คะแนนรวม", False, "เว้นว่างได้เมื่อกรอก IIT EIT OIT ครบ ระบบคำนวณจากน้ำหนักของปีนั้น"),
        *(_score(f"i{i}", f"ตัวชี้วัดที่ {i} {name}") for i, name in enumerate(ITA_INDICATOR_TITLES, start=1)),
        # Last, so workbooks and fixtures written in the earlier column order keep their positions.
        Column(
            "published_rating",
            "ระดับที่ประกาศ",
            "text",
            False,
            "ระดับผลตามที่ ป.ป.ช. ประกาศ เช่น ผ่าน, ผ่านดี, AA, A, B หรือ สูงมาก (เว้นว่างได้)",
            width=16,
        ),
    ),
)

SATISFACTION = SheetSpec(
    key="satisfaction",
    title="ความพึงพอใจ",
    noun="ผลสำรวจความพึงพอใจ",
    help="ผลสำรวจความพึงพอใจ กรอกจำนวนผู้ตอบแต่ละระดับ (ดีที่สุด) หรือจำนวนพึงพอใจ/ควรปรับปรุง หรือค่าเฉลี่ย หรือร้อยละ",
    key_columns=("fiscal_year", "quarter", "service"),
    columns=(
        _year(),
        _quarter(required=False),
        Column("service", "บริการหรือหน่วยงาน", "text", True, "เช่น งานจัดเก็บรายได้", width=30),
        _count("n5", "ระดับ 5 (มากที่สุด)", False, "จำนวนผู้ตอบ"),
        _count("n4", "ระดับ 4 (มาก)", False, "จำนวนผู้ตอบ"),
        _count("n3", "ระดับ 3 (ปานกลาง)", False, "จำนวนผู้ตอบ"),
        _count("n2", "ระดับ 2 (น้อย)", False, "จำนวนผู้ตอบ"),
        _count("n1", "ระดับ 1 (น้อยที่สุด)", False, "จำนวนผู้ตอบ"),
        Column("mean", "ค่าเฉลี่ย (เต็ม 5)", "number", False, "1.00–5.00", low=1, high=5, width=12),
        Column("percent", "ร้อยละความพึงพอใจ", "number", False, "0–100", low=0, high=100, width=12),
        _count("sample_size", "จำนวนผู้ตอบ", False, "จำนวนผู้ตอบแบบสอบถามทั้งหมด"),
        # issue 11: the common two-choice form (domain.md §4, convention 3)
        _count("n_satisfied", "พึงพอใจ (แบบสองตัวเลือก)", False, "จำนวนผู้ตอบว่าพึงพอใจ"),
        _count("n_improve", "ควรปรับปรุง (แบบสองตัวเลือก)", False, "จำนวนผู้ตอบว่าควรปรับปรุง"),
    ),
)

COMPLAINTS = SheetSpec(
    key="complaints",
    title="เรื่องร้องเรียน",
    noun="สถิติเรื่องร้องเรียน",
    help=(
        "ตัวเลขสรุปเท่านั้น ห้ามใส่ชื่อ เลขบัตร เบอร์โทร อีเมล หรือรายละเอียดของผู้ร้องเรียน"
        " · กรอกรายไตรมาส หรือทั้งรอบตามที่ประกาศ (1-2 = รอบ 6 เดือน, 1-4 = รอบ 12 เดือน)"
    ),
    # A round is stored as its first quarter plus quarter_to (its last); a single quarter leaves quarter_to blank.
    key_columns=("fiscal_year", "quarter", "quarter_to", "type", "channel"),
    columns=(
        _year(),
        Column(
            "quarter",
            "ไตรมาส",
            "period",
            True,
            "1–4 หรือรอบ เช่น 1-2, รอบ 6 เดือน, ต.ค.–มี.ค., 1-4, ทั้งปี, รอบ 12 เดือน",
            width=14,
        ),  # fmt: skip
        Column(
            "quarter_to", "ถึงไตรมาส", "quarter", False, "ไตรมาสสุดท้ายของรอบ (เว้นว่างเมื่อกรอกไตรมาสเดียว)", low=1, high=4
        ),
        Column(
            "type",
            "ประเภท",
            "category",
            True,
            "ประเภทตามค่าตั้ง complaint_categories เช่น ทุจริตและประพฤติมิชอบ / ร้องเรียนทั่วไป",
            choices=COMPLAINT_TYPES,
            aliases=COMPLAINT_ALIASES,
            width=22,
        ),
        Column("channel", "ช่องทาง", "category", False, "ช่องทางตามค่าตั้ง complaint_channels (เว้นว่างได้)", width=18),
        _count("received", "รับเรื่อง"),
        _count("completed", "ดำเนินการแล้วเสร็จ", False, "เว้นว่างได้เมื่อประกาศเฉพาะจำนวนที่รับเรื่อง"),
        _count("in_progress", "อยู่ระหว่างดำเนินการ", False, "เว้นว่างได้เมื่อประกาศเฉพาะจำนวนที่รับเรื่อง"),
        _count("within_15_days", "ตอบภายใน 15 วัน", False),
    ),
)

# Which setting lists the choices of each "category" column (kpi.ingest.cells reads them at upload time).
CATEGORY_SETTINGS = {"type": "KPI_COMPLAINT_CATEGORIES", "channel": "KPI_COMPLAINT_CHANNELS"}


def complaint_category_choices() -> dict[str, str]:
    """Configured complaint categories, Thai label → stored code (the two original ones keep their codes)."""
    return {label: COMPLAINT_TYPES.get(label, label) for label in complaint_categories()}


def category_choices(key: str) -> tuple[dict[str, str], dict[str, str]]:
    """(choices, aliases) of a "category" column, read from its setting now, not at import time."""
    if key == "type":
        choices = complaint_category_choices()
        codes = set(choices.values())
        return choices, {alias: code for alias, code in COMPLAINT_ALIASES.items() if code in codes}
    return {label: label for label in complaint_channels()}, {}


OIT = SheetSpec(
    key="oit",
    title="หลักฐาน OIT",
    noun="หลักฐาน OIT",
    help="รายการหลักฐานการเปิดเผยข้อมูลสาธารณะ (OIT) ของแต่ละปี หนึ่งแถวต่อหนึ่งข้อ (O1, O2 …) พร้อมสถานะและลิงก์หลักฐาน",
    key_columns=("fiscal_year", "code"),
    columns=(
        _year(),
        Column("code", "ข้อ", "text", True, "รหัสข้อ เช่น O1, O43", width=8),
        Column("title", "รายการ", "text", False, "ชื่อรายการหลักฐาน (เว้นว่างได้ ระบบใช้ชื่อจากรายการมาตรฐานของปีนั้น)", width=45),
        Column("indicator", "ตัวชี้วัดย่อย", "text", False, "เช่น 9.1 หรือ 10.2", width=10),
        Column("evidence_required", "หลักฐานที่ต้องมี", "text", False, "สิ่งที่ต้องเผยแพร่บนเว็บไซต์", width=40),
        Column(
            "status",
            "สถานะ",
            "choice",
            True,
            "มี / กำลังจัดทำ / ไม่มี",
            choices=OIT_STATUS_CHOICES,
            aliases=OIT_STATUS_ALIASES,
            width=14,
        ),
        Column("evidence_url", "ลิงก์หลักฐาน", "url", False, "https://…", width=30),
        Column("owner", "ผู้รับผิดชอบ", "text", False, "กอง/สำนัก/งานที่รับผิดชอบ", width=20),
        Column("last_updated", "ปรับปรุงล่าสุด", "date", False, "เช่น 15/01/2568", width=14),
        Column("measure_no", "ลำดับมาตรการ", "int", False, "มาตรการที่ให้หลักฐานข้อนี้ (ถ้ามี)", low=1, high=999, width=10),
    ),
)

# issue 14: the NACC's published results of many agencies (a province's or a district's), one row per
# agency and year. Types as the Department of Local Administration names them; the short forms agencies
# type are aliases. An agency's own seven sheets are stored under its code; this sheet is shared.
AGENCY_TYPES = {
    "อบจ.": "pao",
    "เทศบาลนคร": "city",
    "เทศบาลเมือง": "town",
    "เทศบาลตำบล": "subdistrict_municipality",
    "อบต.": "sao",
}
AGENCY_TYPE_ALIASES = {
    "องค์การบริหารส่วนจังหวัด": "pao",
    "อบจ": "pao",
    "ทน.": "city",
    "ทน": "city",
    "ทม.": "town",
    "ทม": "town",
    "ทต.": "subdistrict_municipality",
    "ทต": "subdistrict_municipality",
    "องค์การบริหารส่วนตำบล": "sao",
    "อบต": "sao",
}
AGENCY_CODE_MAX = 20

AGENCY_ITA = SheetSpec(
    key="agency_ita",
    title="ผล ITA หลายหน่วยงาน",
    noun="ผล ITA ของหน่วยงาน",
    help=(
        "ผลการประเมิน ITA ของหลายหน่วยงานตามที่ ป.ป.ช. ประกาศ หนึ่งแถวต่อหนึ่งหน่วยงานต่อหนึ่งปี"
        " กรอก IIT EIT OIT ครบทั้งสาม หรือคะแนนรวมอย่างเดียว"
    ),
    key_columns=("fiscal_year", "code"),
    columns=(
        Column("code", "รหัสหน่วยงาน", "text", True, "รหัสหน่วยงานตามที่ประกาศ เช่น 6340101", width=14),
        Column("name", "ชื่อหน่วยงาน", "text", True, "เช่น องค์การบริหารส่วนตำบลบ้านผือ", width=36),
        Column(
            "type",
            "ประเภท",
            "choice",
            True,
            "อบจ. / เทศบาลนคร / เทศบาลเมือง / เทศบาลตำบล / อบต.",
            choices=AGENCY_TYPES,
            aliases=AGENCY_TYPE_ALIASES,
            width=14,
        ),
        Column("district", "อำเภอ", "text", True, "ชื่ออำเภอ ไม่ต้องมีคำว่า อำเภอ", width=16),
        Column("province", "จังหวัด", "text", True, "ชื่อจังหวัด ไม่ต้องมีคำว่า จังหวัด", width=16),
        _year(),
        _score("iit", "IIT", False, "0–100 (เว้นว่างได้ถ้ากรอกคะแนนรวม)"),
        _score("eit", "EIT", False, "0–100 (เว้นว่างได้ถ้ากรอกคะแนนรวม)"),
        _score("oit", "OIT", False, "0–100 (เว้นว่างได้ถ้ากรอกคะแนนรวม)"),
        _score("total", "คะแนนรวม", False, "เว้นว่างได้เมื่อกรอก IIT EIT OIT ครบ ระบบคำนวณจากน้ำหนักของปีนั้น"),
        Column("published_rating", "ระดับที่ประกาศ", "text", False, "เช่น ผ่าน, ผ่านดี (เว้นว่างได้)", width=16),
    ),
)

SHEETS: tuple[SheetSpec, ...] = (MEASURES, INDICATORS, RESULTS, ITA, SATISFACTION, COMPLAINTS, OIT, AGENCY_ITA)
# Sheets of one agency (stored under its code) and sheets shared by all (stored under SHARED_AGENCY).
AGENCY_SHEETS = tuple(s.key for s in SHEETS if s.key != AGENCY_ITA.key)
SHARED_SHEETS = (AGENCY_ITA.key,)
HOME_AGENCY = ""  # the install's own agency: everything stored before issue 14 is its
SHARED_AGENCY = "*"
SHEETS_BY_TITLE = {s.title: s for s in SHEETS}
SHEETS_BY_KEY = {s.key: s for s in SHEETS}
INSTRUCTIONS_TITLE = "คำอธิบาย"


def label_of(choices: dict[str, str], code: str) -> str:
    """The Thai label of a stored choice code."""
    return next((label for label, c in choices.items() if c == code), code)
