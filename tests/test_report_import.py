"""The report importer: the real sample report, every input form, the family of phrasings, the CLI."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import NamedTuple

import docx
import openpyxl
import pytest

from kpi.cli.main import main
from kpi.core.schema import INDICATORS
from kpi.ingest.report import importer as report_import
from kpi.ingest.report import limits as report_limits
from kpi.ingest.report.cleaning import clean_cell
from kpi.ingest.report.importer import parse_report
from kpi.ingest.report.kinds import guess_kind, plain_text
from kpi.ingest.report.model import ImportedReport, ReportImportError
from kpi.ingest.report.target_text import Target
from kpi.screens.import_report import review_tables

SEED = Path(__file__).resolve().parents[1] / "data" / "report_banphue_2568.txt"
REPO = Path(__file__).parents[1]


class SeedMeasure(NamedTuple):
    no: int
    kind: str
    name: str
    steps: str
    quarters: list[int]
    responsible: str
    output: str
    outcome: str


# Checked by hand against every row of the sample. Where a page break split a measure, the
# continuation row's cells are appended to the same columns of the measure above:
#   6 steps   "…ในประเด็นการ" + "ประเมินผลการปฏิบัติราชการแต่ละมิติ ดังนี้" (then one line per "<p>")
#   9 output/outcome "…ส่วนท้องถิ่นต้อง" + "ดำเนินการโดยยึดหลัก…"
#   13 output "…บริหารส่วนตำบลบ้านผือ" + " พ.ศ. ๒๕๖๖ - ๒๕๗๐" (an abbreviation keeps its space)
#   15 outcome "…ขององค์การบริหารส่วน" + "ตำบลบ้านผือ พ.ศ. ๒๕๖๖ - ๒๕๗๐"
#   17 steps  "…ของเจ้าหน้าที่ของ" + "หน่วยงาน บนเว็บไซต์หลัก…"
SEED_MEASURES = [
    SeedMeasure(
        1,
        "มาตรการ",
        "มาตรการ “ส่งเสริมการปฏิบัติงานตามประมวลจริยธรรมขององค์การบริหารส่วนตำบลบ้านผือ”",
        "จัดทำมาตรการและขออนุมัติดำเนินการต่อผู้มีอำนาจ",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "คณะผู้บริหาร สมาชิกสภาพนักงาน และพนักงานจ้างทั่วไป มีความโปร่งใส มีมาตรฐานในการปฏิบัติงานที่ชัดเจน",
        "คณะผู้บริหาร สมาชิกสภาพนักงานเทศบาล ลูกจ้างประจำ พนักงานปฏิบัติงานขององค์การบริหารส่วนตำบลบ้านผือ ปฏิบัติตามประมวลจริยธรรมขององค์การบริหารส่วนตำบลบ้านผือ (สำรวจโดยใช้แบบประเมินติดตามผล)",
    ),
    SeedMeasure(
        2,
        "มาตรการ",
        "ยกย่องเชิดชูเกียรติหน่วยงานและบุคคลที่ประพฤติปฏิบัติตนให้เป็นที่ประจักษ์",
        "จัดทำคำสั่งแต่งตั้งคณะกรรมการจัดอบรมให้ความรู้หลักสูตรคุณธรรมจริยธรรมในโรงเรียน",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "หน่วยงานและบุคคลในเขตพื้นที่องค์การบริหารส่วนตำบลบ้านผือ มีการประพฤติตนให้เป็นที่ประจักษ์",
        "จำนวนหน่วยงานและบุคคลที่ได้รับการยกย่องเชิดชูเกียรติ",
    ),
    SeedMeasure(
        3,
        "โครงการ",
        "โครงการบุคลากรต้นแบบด้าน “บริการเป็นเลิศ”",
        "แต่งตั้งคณะกรรมการดำเนินการคัดเลือกบุคลากรต้นแบบ ด้านบริการเป็นเลิศ",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "มีพนักงานต้นแบบด้านบริการยอดเยี่ยม",
        "มีพนักงานต้นแบบด้านบริการยอดเยี่ยม",
    ),
    SeedMeasure(
        4,
        "โครงการ",
        "โครงการฝึกอบรมการส่งเสริมคุณธรรม จริยธรรมบุคลากรองค์กรปกครองส่วนท้องถิ่น เพื่อเสริมสร้างวัฒนธรรมองค์กรสุจริต",
        "จัดทำโครงการเพื่อขออนุมัติจากผู้มีอำนาจอนุมัติ",
        [2],
        "อบต.บ้านผือ",
        "บุคลากรนำหลักคุณธรรม จริยธรรมมาปรับใช้ในการ ดำเนินชีวิต และ การปฏิบัติงาน ก่อให้เกิด วัฒนธรรมองค์กรสุจริตใน หน่วยงาน (สำรวจโดยใช้แบบ ติดตามประเมินผล)",
        "บุคลากรนำหลักคุณธรรม จริยธรรมมาปรับใช้ในการ ดำเนินชีวิต และการ ปฏิบัติงาน ก่อให้เกิด วัฒนธรรมองค์กรสุจริตใน หน่วยงาน (สำรวจโดยใช้ แบบติดตามประเมินผล)",
    ),
    SeedMeasure(
        5,
        "โครงการ",
        "โครงการเสริมสร้างความโปร่งใสในการใช้ ทรัพย์สินของทางราชการ",
        "จัดทำประกาศแนวทางปฏิบัติ/ระเบียบ การใช้ทรัพย์สินของราชการ การยืม ทรัพย์สินของราชการกฎหมาย โดย กำหนดขั้นตอนปฏิบัติที่ชัดเจน มีแบบ การขออนุญาต/การอนุมัติยืมที่มีรูปแบบ ที่สะดวก เปิดเผยและตรวจสอบได้ ทั้ง กรณีการยืมของบุคคลภายในและ บุคคลภายนอกหรือภาคเอกชน",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "มีประกาศแนวทางปฏิบัติ/ ระเบียบการใช้ทรัพย์สินของ ราชการ การยืมทรัพย์สินของ ราชการกฎหมาย อย่างน้อย จำนวน ๑ ฉบับ",
        "จำนวนข้อร้องเรียนเกี่ยวกับการ แสวงหาประโยชน์จาก ทรัพย์สินของราชการ ลดลง",
    ),
    SeedMeasure(
        6,
        "กิจกรรม",
        "กิจกรรม “การจัดทำข้อตกลงการปฏิบัติ ราชการขององค์การบริหารส่วนตำบลบ้านผือ”",
        "จัดทำข้อตกลงผลงานกับ ผู้ใต้บังคับบัญชาเป็นลายลักษณ์อักษร อย่างชัดเจน โดยจัดทำข้อตกลงการ ปฏิบัติราชการ ในระดับสำนัก/กอง/ฝ่าย เพื่อให้การดำเนินงานตามข้อตกลงการ ปฏิบัติราชการดังกล่าวบรรลุเป้าหมาย อย่างมีประสิทธิภาพ ประสิทธิผล และ บรรลุผลสัมฤทธิ์ตามที่กำหนด และรับ สิ่งจูงใจตามระดับผลงาน โดยได้มีการลง นามบันทึกข้อตกลงการปฏิบัติราชการ ระหว่างนายองค์กรปกครองส่วน ท้องถิ่นกับปลัดองค์กรปกครองส่วน ท้องถิ่น และปลัดองค์กรปกครองส่วน ท้องถิ่นกับหัวหน้าหน่วยงานในสังกัด พร้อมคณะทำงานได้ร่วมกันพิจารณา และเลือกตัวชี้วัดในประเด็นการประเมินผลการปฏิบัติราชการแต่ละมิติ ดังนี้\n๑.๑) การบริหารราชการเพื่อให้เกิดประโยชน์สุขของประชาชน\n๑.๒) การบริหารราชการเพื่อให้เกิดผลสัมฤทธิ์ต่อภารกิจ\n๑.๓) การบริหารราชการอย่างมีประสิทธิภาพและเกิดความคุ้มค่าในเชิงภารกิจ\n๑.๔) การลดขั้นตอนการปฏิบัติงาน\n๑.๕) การอำนวยความสะดวกและการตอบสนองความต้องการของประชาชน\n๑.๖) การพัฒนาความรู้และการประเมินผลการปฏิบัติราชการ",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "มีการจัดทำข้อตกลงการปฏิบัติ ราชการระดับสำนัก/กอง",
        "- เพื่อประโยชน์ในการ ปฏิบัติราชการให้เกิดผล สัมฤทธิ์\n- เพื่อแสดงความรับผิดชอบ ในการปฏิบัติราชการ",
    ),
    SeedMeasure(
        7,
        "มาตรการ",
        "มาตรการป้องกันผลประโยชน์ทับซ้อนขององค์การบริหารส่วนตำบลบ้านผือ",
        "จัดทำมาตรการป้องกันผลประโยชน์ทับซ้อนขององค์การบริหารส่วนตำบลบ้านผือ",
        [1, 2, 3, 4],
        "กองคลัง",
        "มีประกาศใช้มาตรการป้องกันผลประโยชน์ทับซ้อน จำนวน ๑ ฉบับ",
        "จำนวนข้อร้องเรียนเกี่ยวกับการจัดซื้อจัดจ้าง ลดลง",
    ),
    SeedMeasure(
        8,
        "มาตรการ",
        "มาตรการ NO Gift Policy",
        "จัดทำมาตรการ “NO Gift Policy ไม่รับ – ไม่ให้” และขออนุมัติดำเนินการ",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "ผู้บริหารท้องถิ่น สมาชิกสภาท้องถิ่น พนักงานส่วนตำบล และพนักงานจ้างขององค์กรปกครองส่วนท้องถิ่นมีการปฏิบัติงานอย่างโปร่งใส ซื่อสัตย์สุจริต ให้บริการอย่างเท่าเทียมกัน จำนวนร้อยละ ๘๐ (แบบประเมินติดตามผล/แบบประเมินความพึงพอใจการให้บริการของประชาชน)",
        "ผู้บริหารท้องถิ่น สมาชิกสภาท้องถิ่น พนักงานส่วนตำบล และพนักงานจ้างขององค์กรปกครองส่วนท้องถิ่นมีการปฏิบัติงานอย่างโปร่งใส ซื่อสัตย์สุจริต ให้บริการอย่างเท่าเทียมกัน จำนวนร้อยละ ๘๐ (แบบประเมินติดตามผล/แบบประเมินความพึงพอใจการให้บริการของประชาชน)",
    ),
    SeedMeasure(
        9,
        "โครงการ",
        "โครงการเสริมสร้างวัฒนธรรมการให้บริการอย่างเท่าเทียมกัน",
        "ผู้บริหารกำหนดประเด็นการให้บริการอย่างเท่าเทียมกันไว้ในพันธกิจของหน่วยงาน",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "ผู้บริหารท้องถิ่น สมาชิกสภาท้องถิ่น พนักงานส่วนตำบล และพนักงานจ้างขององค์กรปกครองส่วนท้องถิ่นต้องดำเนินการโดยยึดหลัก กฎหมาย ระเบียบ และ ค่านึงถึงความถูกต้องชอบ ธรรม ไม่เลือกปฏิบัติ และไม่มี การเรียกร้องผลประโยชน์เพื่อ ตนเองหรือพวกพ้อง ทั้งนี้ ต้อง ปฏิบัติต่อประชาชนในพื้นที่ และผู้ที่มาประกอบกิจการใน พื้นที่อย่างเท่าเทียมกันไม่เลือก ปฏิบัติ",
        "ผู้บริหารท้องถิ่น สมาชิกสภาท้องถิ่น พนักงานส่วนตำบล และพนักงานจ้างขององค์กรปกครองส่วนท้องถิ่นต้องดำเนินการโดยยึดหลัก กฎหมาย ระเบียบ และ ค่านึงถึงความถูกต้องชอบ ธรรม ไม่เลือกปฏิบัติ และไม่มี การเรียกร้องผลประโยชน์ เพื่อตนเองหรือพวกพ้อง ทั้งนี้ ต้องปฏิบัติต่อ ประชาชนในพื้นที่และผู้ที่มา ประกอบกิจการในพื้นที่ อย่างเท่าเทียมกันไม่เลือก ปฏิบัติ",
    ),
    SeedMeasure(
        10,
        "โครงการ",
        "โครงการพัฒนาคุณภาพการให้บริการ ประชาชนตามหลักธรรมาภิบาล",
        "จัดประชุมระดมความคิดเห็นบุคลากร เพื่อศึกษาปัญหาอุปสรรค และ ข้อเสนอแนะในการปรับปรุง กระบวนการทำงาน คุณภาพการ ปฏิบัติงาน และการบริการให้ดีขึ้น และ เผยแพร่ประชาสัมพันธ์ผลการประชุมให้ บุคลากร และประชาชนทราบ",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "ประชาชนผู้รับบริการของ องค์กรปกครองส่วนท้องถิ่น มีความ พึงพอใจต่อคุณภาพการ ให้บริการขององค์กรปกครอง ส่วนท้องถิ่นไม่น้อยกว่า ร้อย ละ ๘๐ (สำรวจโดยใช้แบบ ประเมินความพึงพอใจการ ให้บริการ)",
        "จำนวนข้อร้องเรียนการ ให้บริการสาธารณะที่ไม่เป็น ธรรม เลือกปฏิบัติ ลดลง",
    ),
    SeedMeasure(
        11,
        "มาตรการ",
        "มาตรการเปิดเผยข้อมูลสาธารณะ และ กำกับติดตามการเผยแพร่ข้อมูลสาธารณะของ องค์การบริหารส่วนตำบลบ้านผือ",
        "จัดตั้งคณะทำงานจัดทำมาตรการ เปิดเผยข้อมูลสาธารณะ และกำกับ ติดตามการเผยแพร่ข้อมูลสาธารณะของ องค์การบริหารส่วนตำบลบ้านผือ",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "เพื่อสร้างความโปร่งใสในการ บริหารราชการ และเปิด โอกาสให้ประชาชนสามารถ ตรวจสอบข้อมูลข่าวสาร",
        "ประชาชนสามารถ ตรวจสอบข้อมูลข่าวสาร และประชาชนได้รับข่าวสาร จากการเผยแพร่ข้อมูล สาธารณะขององค์การ บริหารส่วนตำบลบ้านผือ",
    ),
    SeedMeasure(
        12,
        "มาตรการ",
        "มาตรการ “จัดทำข้อตกลงการปฏิบัติ ราชการตามหลักธรรมาภิบาล”",
        "จัดทำมาตรการ “จัดทำข้อตกลงการ ปฏิบัติราชการตามหลักธรรมาภิบาล”",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "มีการจัดทำข้อตกลงการปฏิบัติ ราชการตามหลักธรรมาภิบาล ในระดับบุคคล",
        "จำนวนข้อร้องเรียนเกี่ยวกับ การทุจริต/การปฏิบัติงาน ของหน่วยงานลดลง",
    ),
    SeedMeasure(
        13,
        "มาตรการ",
        "มาตรการจัดทำแผนปฏิบัติการป้องกันการ ทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส",
        "จัดตั้งคณะทำงานจัดทำแผนปฏิบัติการ ป้องกันการทุจริตเพื่อยกระดับคุณธรรม และความโปร่งใสขององค์กรปกครอง ส่วนท้องถิ่น",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "มีแผนปฏิบัติการป้องกันการ ทุจริตเพื่อยกระดับคุณธรรม และความโปร่งใสขององค์การ บริหารส่วนตำบลบ้านผือ พ.ศ. ๒๕๖๖ - ๒๕๗๐",
        "องค์การบริหารส่วนตำบล บ้านผือมีผลการประเมิน ITA ผ่านเกณฑ์การประเมิน (๘๕ คะแนนขึ้นไป)",
    ),
    SeedMeasure(
        14,
        "มาตรการ",
        "มาตรการออกคำสั่งมอบหมายขององค์การบริหารส่วนตำบลบ้านผือ",
        "จัดทำคำสั่งมอบหมายงานในการสั่งอนุญาต อนุมัติ ตามกฎหมาย ระเบียบฯ ข้อบังคับและหนังสือสั่งการ เช่น คำสั่งมอบหมายงานของนายกเทศมนตรี ปลัดเทศบาล และหัวหน้าส่วนราชการ จำนวน ๔ ฉบับ นายกเทศมนตรี มอบหมายให้รองนายกเทศมนตรี นายกเทศมนตรีมอบหมายให้ ปลัดเทศบาล รองปลัดเทศบาล และ หัวหน้าส่วนราชการ ปลัดเทศบาล มอบหมายให้รองปลัดเทศบาล ปลัดเทศบาลมอบหมายให้หัวหน้าส่วนราชการ เป็นต้น",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "มีคำสั่งมอบหมายงานให้ผู้ที่เกี่ยวข้องกับปฏิบัติราชการแทน จำนวนไม่น้อยกว่า ๔ ฉบับ",
        "มีคำสั่งมอบหมายงานให้ผู้ที่เกี่ยวข้องกับปฏิบัติราชการแทน จำนวนไม่น้อยกว่า ๔ ฉบับ ให้ปฏิบัติตามคำสั่งที่ได้รับมอบหมาย",
    ),
    SeedMeasure(
        15,
        "มาตรการ",
        "มาตรการแสดงเจตนากรณีในการนำหลักคุณธรรมมาใช้ในการบริหารงานของผู้บริหาร องค์การบริหารส่วนตำบลบ้านผือ ด้วยการจัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส",
        "จัดทำมาตรการและขออนุมัติต่อผู้มีอำนาจ",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "องค์การบริหารส่วนตำบลบ้านผือ มีผลการประเมิน ITA ผ่านเกณฑ์การประเมิน (๘๕ คะแนนขึ้นไป)",
        "๑) มีประกาศเจตนากรณีในการนำหลักคุณธรรมมาใช้ในการบริหารงานของผู้บริหาร ด้วยการจัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส ๒) มีนโยบาย/มาตรการ/แผนงานของผู้บริหาร เพื่อพัฒนาหน่วยงาน ด้วยการจัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส ๓) มีแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใสขององค์การบริหารส่วนตำบลบ้านผือ พ.ศ. ๒๕๖๖ - ๒๕๗๐",
    ),
    SeedMeasure(
        16,
        "มาตรการ",
        "มาตรการจัดการเรื่องราวร้องทุกข์/ ร้องเรียนขององค์การบริหารส่วนตำบลบ้านผือ",
        "จัดตั้งคณะทำงานมาตรการจัดการ เรื่องราวร้องทุกข์/ร้องเรียนขององค์การบริหารส่วนตำบลบ้านผือ",
        [1, 2, 3, 4],
        "อบต.บ้านผือ",
        "ประชาชนเกิดความพึงพอใจ ต่อการดำเนินการเรื่องร้องทุกข์/ร้องเรียน",
        "ประชาชนเกิดความพึงพอใจ ต่อการดำเนินการเรื่องร้องทุกข์/ร้องเรียนขององค์การปกครองส่วนท้องถิ่น ไม่ต่ำกว่าร้อยละ ๘๐",
    ),
    SeedMeasure(
        17,
        "มาตรการ",
        "มาตรการจัดให้มีระบบและช่องทางการรับเรื่องร้องเรียนเกี่ยวกับการทุจริตขององค์การบริหารส่วนตำบลบ้านผือ",
        "๑) พัฒนาระบบและช่องทางการร้องเรียนเกี่ยวกับการทุจริตผ่านทางช่องทางออนไลน์ ให้อยู่บนหน้าเว็บไซต์หลักขององค์กรปกครองส่วนท้องถิ่น (ต้องแยกต่างหากจากช่องทางทั่วไป เพื่อเป็นการคุ้มครองข้อมูลของผู้แจ้งเบาะแสและเพื่อสอดคล้องกับแนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ) และจัดให้มีช่องทางการติดตามเรื่องร้องเรียนได้ด้วยตนเอง และมีการรายงานผลการดำเนินการหรือความก้าวหน้าเรื่องร้องเรียนให้ผู้ร้องเรียนทราบ ๒) ดำเนินการให้มีเจ้าหน้าที่รับผิดชอบดำเนินการให้เป็นไปตามกฎหมาย กรณีมีเรื่องร้องเรียน กล่าวหาบุคลากรในองค์กรปกครองส่วนท้องถิ่นที่ปฏิบัติราชการตามอำนาจหน้าที่โดยมิชอบ ๓) ดำเนินการเผยแพร่ประชาสัมพันธ์ ช่องทางการร้องเรียนการทุจริตให้บุคลากรและประชาชนทราบโดยทั่วกัน ๔) ดำเนินการจัดทำและเผยแพร่ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่ของหน่วยงาน บนเว็บไซต์หลักขององค์กร ปกครองส่วนท้องถิ่น ๕) รายงานผลการดำเนินการให้ผู้บริหาร องค์กรปกครองส่วนท้องถิ่นทราบ",
        [1],
        "อบต.บ้านผือ",
        "มีระบบและช่องทางการรับเรื่องร้องเรียนเกี่ยวกับการทุจริตที่สะดวกรวดเร็วและปลอดภัยสำหรับผู้ร้องเรียน",
        "ภาคประชาชนมีบทบาททรการเฝ้าระวัง และติดตามตรวจสอบการทำงานของเจ้าหน้าที่ (พิจารณาจากจำนวนข้อร้องเรียนจากประชาชน,จำนวนเบาะแสที่ประชาชนแจ้งหน่วยงาน)",
    ),
]


# Every numeric or directional target in the sample, by measure; measures not listed have none.
# (metric, op, value, unit, source, text)
SEED_TARGETS: dict[int, list[tuple[str, str, float | None, str, str, str]]] = {
    5: [
        ("documents", ">=", 1.0, "ฉบับ", "output", "อย่างน้อย จำนวน ๑ ฉบับ"),
        (
            "complaints",
            "decrease",
            None,
            "เรื่อง",
            "outcome",
            "จำนวนข้อร้องเรียนเกี่ยวกับการ แสวงหาประโยชน์จาก ทรัพย์สินของราชการ ลดลง",
        ),
    ],
    7: [
        ("documents", ">=", 1.0, "ฉบับ", "output", "จำนวน ๑ ฉบับ"),
        ("complaints", "decrease", None, "เรื่อง", "outcome", "จำนวนข้อร้องเรียนเกี่ยวกับการจัดซื้อจัดจ้าง ลดลง"),
    ],
    8: [
        ("satisfaction", ">=", 80.0, "ร้อยละ", "output", "จำนวนร้อยละ ๘๐"),
        ("satisfaction", ">=", 80.0, "ร้อยละ", "outcome", "จำนวนร้อยละ ๘๐"),
    ],
    10: [
        ("satisfaction", ">=", 80.0, "ร้อยละ", "output", "ไม่น้อยกว่า ร้อย ละ ๘๐"),
        (
            "complaints",
            "decrease",
            None,
            "เรื่อง",
            "outcome",
            "จำนวนข้อร้องเรียนการ ให้บริการสาธารณะที่ไม่เป็น ธรรม เลือกปฏิบัติ ลดลง",
        ),
    ],
    12: [
        (
            "complaints",
            "decrease",
            None,
            "เรื่อง",
            "outcome",
            "จำนวนข้อร้องเรียนเกี่ยวกับ การทุจริต/การปฏิบัติงาน ของหน่วยงานลดลง",
        ),
    ],
    13: [("ita_score", ">=", 85.0, "คะแนน", "outcome", "๘๕ คะแนนขึ้นไป")],
    14: [
        ("documents", ">=", 4.0, "ฉบับ", "output", "จำนวนไม่น้อยกว่า ๔ ฉบับ"),
        ("documents", ">=", 4.0, "ฉบับ", "outcome", "จำนวนไม่น้อยกว่า ๔ ฉบับ"),
    ],
    15: [("ita_score", ">=", 85.0, "คะแนน", "output", "๘๕ คะแนนขึ้นไป")],
    16: [("satisfaction", ">=", 80.0, "ร้อยละ", "outcome", "ไม่ต่ำกว่าร้อยละ ๘๐")],
}


def _seed_bytes() -> bytes:
    return SEED.read_bytes()


def _messages(report: ImportedReport) -> list[str]:
    return [warning.message for warning in report.warnings]


@pytest.fixture(scope="module")
def seed_report() -> ImportedReport:
    return parse_report(_seed_bytes(), SEED.name)


# --- the sample report ----------------------------------------------------------------------


def test_seed_title(seed_report: ImportedReport) -> None:
    assert seed_report.organization == "องค์การบริหารส่วนตำบลบ้านผือ"
    assert seed_report.fiscal_year == 2568
    assert seed_report.warnings == []
    assert [m.no for m in seed_report.measures] == list(range(1, 18))


@pytest.mark.parametrize("expected", SEED_MEASURES, ids=lambda m: f"measure{m.no}")
def test_seed_measure(seed_report: ImportedReport, expected: SeedMeasure) -> None:
    measure = seed_report.measures[expected.no - 1]
    assert (
        SeedMeasure(
            measure.no,
            measure.kind,
            measure.name,
            measure.steps,
            measure.quarters,
            measure.responsible,
            measure.output,
            measure.outcome,
        )
        == expected
    )


def test_seed_targets(seed_report: ImportedReport) -> None:
    found = {
        m.no: [(t.metric, t.op, t.value, t.unit, t.source, t.text) for t in m.targets]
        for m in seed_report.measures
        if m.targets
    }
    assert found == SEED_TARGETS


def test_seed_text_is_clean(seed_report: ImportedReport) -> None:
    for measure in seed_report.measures:
        for text in (measure.name, measure.steps, measure.responsible, measure.output, measure.outcome):
            assert text == text.strip()
            assert not re.search(r"<|>|&[a-z#0-9]+;|\t|  |\u200b", text), text
        assert measure.period_text.startswith("ไตรมาสที่")
        for target in measure.targets:
            assert target.text in (measure.output if target.source == "output" else measure.outcome)
    # Thai digits stay Thai in the text.
    assert seed_report.measures[13].output.endswith("จำนวนไม่น้อยกว่า ๔ ฉบับ")


def test_seed_json_shape(seed_report: ImportedReport) -> None:
    data = seed_report.to_json_dict()
    assert list(data) == ["organization", "fiscal_year", "measures", "warnings"]
    first = data["measures"][0]
    assert list(first) == ["no", "name", "kind", "steps", "quarters", "responsible", "output", "outcome", "targets"]
    assert {m["kind"] for m in data["measures"]} == {"มาตรการ", "โครงการ", "กิจกรรม"}
    target = data["measures"][12]["targets"][0]
    assert target == {
        "metric": "ita_score",
        "op": ">=",
        "value": 85,
        "unit": "คะแนน",
        "source": "outcome",
        "sources": ["outcome"],
        "text": "๘๕ คะแนนขึ้นไป",
    }
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_a_target_stated_as_output_and_outcome_is_listed_once_in_json_as_in_review(
    seed_report: ImportedReport, capsys: pytest.CaptureFixture[str]
) -> None:
    # Measure 14 states "not fewer than 4 documents" in both its output and its outcome.
    assert [(t.metric, t.value, t.source) for t in seed_report.measures[13].targets] == [
        ("documents", 4.0, "output"),
        ("documents", 4.0, "outcome"),
    ]
    assert main(["import-report", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    listed = [(t["metric"], t["op"], t["value"], t["sources"]) for t in data["measures"][13]["targets"]]
    assert listed == [("documents", ">=", 4, ["output", "outcome"])]
    # Measure 10's two different targets both stay.
    assert [t["metric"] for t in data["measures"][9]["targets"]] == ["satisfaction", "complaints"]
    # The review's target table has one row per target the JSON lists, for every measure.
    _, targets = review_tables(seed_report)
    per_measure = targets[INDICATORS.column("measure_no").title].value_counts().to_dict()
    assert per_measure == {m["no"]: len(m["targets"]) for m in data["measures"] if m["targets"]}
    # The summary names the target once too.
    assert main(["import-report", str(SEED)]) == 0
    summary = capsys.readouterr().out
    assert summary.count("เอกสาร ≥ 4 ฉบับ") == 1


# --- every input form gives the same report -------------------------------------------------


def _seed_rows() -> list[list[str]]:
    return [line.split("\t") for line in SEED.read_text(encoding="utf-8").split("\n")]


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("crlf.txt", lambda text: text.replace("\n", "\r\n").encode("utf-8")),
        ("cr.txt", lambda text: text.replace("\n", "\r").encode("utf-8")),
        ("bom.txt", lambda text: codecs.BOM_UTF8 + text.encode("utf-8")),
        ("bom-crlf.tsv", lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")),
        ("utf16.txt", lambda text: text.encode("utf-16")),
        ("utf16be.txt", lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be")),
        ("thai-windows.txt", lambda text: text.replace("“", '"').replace("”", '"').replace("–", "-").encode("cp874")),
        ("export.tsv", lambda text: text.encode("utf-8")),
        ("no-extension", lambda text: text.encode("utf-8")),
    ],
)
def test_text_encodings_and_line_endings(seed_report: ImportedReport, name: str, encode) -> None:  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    report = parse_report(encode(text), name)
    if name == "thai-windows.txt":  # cp874 has no curly quotes or en dash
        assert [m.no for m in report.measures] == list(range(1, 18))
        assert report.organization == seed_report.organization
        assert [m.targets for m in report.measures] == [m.targets for m in seed_report.measures]
    else:
        assert report == seed_report


def test_csv_of_the_sample(seed_report: ImportedReport) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_seed_rows())
    assert parse_report(buffer.getvalue().encode("utf-8-sig"), "report.csv") == seed_report
    semicolons = io.StringIO()
    csv.writer(semicolons, delimiter=";").writerows(_seed_rows())
    assert parse_report(semicolons.getvalue().encode("utf-8"), "report.csv") == seed_report


def test_quoted_tsv_with_line_breaks_in_cells() -> None:
    # Excel's "Text (Tab delimited)" quotes a cell holding a line break.
    rows = _seed_rows()
    rows[8][4] = rows[8][4].replace("มีความโปร่งใส", "มีความ\nโปร่งใส")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(rows)
    report = parse_report(buffer.getvalue().encode("utf-8"), "report.tsv")
    assert report.measures[0].output.startswith("คณะผู้บริหาร สมาชิกสภาพนักงาน และพนักงานจ้างทั่วไป มีความโปร่งใส")


def test_xlsx_of_the_sample(seed_report: ImportedReport) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in _seed_rows():
        sheet.append(row)
    assert parse_report(_xlsx_bytes(workbook), "report.xlsx") == seed_report


def test_docx_of_the_sample(seed_report: ImportedReport) -> None:
    document = docx.Document()
    table = None
    for row in _seed_rows():
        if len(row) == 1:
            document.add_paragraph(row[0])
            table = None
            continue
        if table is None:
            table = document.add_table(rows=0, cols=len(row))
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    assert parse_report(_docx_bytes(document), "report.docx") == seed_report


def _xlsx_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- other agencies' reports: different digits, wording and layout --------------------------

HEADER = [
    "มาตรการ/โครงการ/กิจกรรม",
    "ขั้นตอนหรือวิธีการปฏิบัติ",
    "ช่วงระยะเวลาในการดำเนินการ",
    "ผู้รับผิดชอบ",
    "ผลการดำเนินการ (output)",
    "ผลลัพธ์หรือผลสัมฤทธิ์ (outcome)",
]


def test_docx_with_page_split_repeated_header_and_merged_cells() -> None:
    document = docx.Document()
    document.add_paragraph("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    document.add_paragraph("ประจำปีงบประมาณ 2568")
    document.add_paragraph("เทศบาลตำบลหนองสองห้อง อำเภอเมือง จังหวัดขอนแก่น")
    table = document.add_table(rows=0, cols=6)

    def add(cells: list[str]) -> None:
        for cell, text in zip(table.add_row().cells, cells, strict=True):
            cell.text = text

    add(HEADER)
    add(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])  # column numbers under the header
    add(
        [
            "1. มาตรการส่งเสริมการปฏิบัติงาน",
            "จัดทำประกาศ",
            "ไตรมาส 1-4",
            "สำนักปลัด",
            "มีประกาศ จำนวน 1 ฉบับ",
            "ความพึงพอใจไม่น้อยกว่าร้อยละ 80",
        ]
    )
    add(["", "เผยแพร่ประกาศทางเว็บไซต์", "", "", "", ""])  # page break: continues measure 1
    table.cell(2, 3).merge(table.cell(3, 3))  # "ผู้รับผิดชอบ" merged down over the continuation
    add(HEADER)  # the header repeated on the new page
    add(["2. โครงการอบรมคุณธรรม", "อบรม", "ต.ค. 67 - มี.ค. 68", "กองคลัง", "ผู้เข้าร่วมไม่น้อยกว่า 30 คน", ""])
    row = table.rows[-1]
    row.cells[4].merge(row.cells[5])  # output and outcome written as one merged cell
    # A second table: a PDF-to-Word conversion makes one table per page.
    document.add_paragraph("")
    second = document.add_table(rows=0, cols=6)
    for cell, text in zip(second.add_row().cells, ["", "", "", "", "", "ร้อยละ 80 ขึ้นไป"], strict=True):
        cell.text = text
    cells = second.add_row().cells
    for cell, text in zip(
        cells,
        ["3. กิจกรรมเผยแพร่ข้อมูล", "1) จัดทำ", "ตลอดปีงบประมาณ", "สำนักปลัด", "เผยแพร่ 12 ครั้ง/ปี", ""],
        strict=True,
    ):
        cell.text = text
    cells[1].add_paragraph("2) เผยแพร่")
    document.add_paragraph("ลงชื่อ ผู้รายงาน")  # after the table: not a warning

    report = parse_report(_docx_bytes(document), "รายงาน.docx")
    assert report.organization == "เทศบาลตำบลหนองสองห้อง"
    assert report.fiscal_year == 2568
    assert report.warnings == []
    first, second_measure, third = report.measures
    assert (first.no, first.kind, first.name) == (1, "มาตรการ", "มาตรการส่งเสริมการปฏิบัติงาน")
    assert first.steps == "จัดทำประกาศเผยแพร่ประกาศทางเว็บไซต์"  # joined across the page break
    assert first.responsible == "สำนักปลัด"  # the merged cell is not repeated
    assert first.quarters == [1, 2, 3, 4]
    assert [(t.metric, t.op, t.value, t.source) for t in first.targets] == [
        ("documents", ">=", 1.0, "output"),
        ("satisfaction", ">=", 80.0, "outcome"),
    ]
    assert second_measure.kind == "โครงการ"
    assert second_measure.quarters == [1, 2]
    assert second_measure.output == "ผู้เข้าร่วมไม่น้อยกว่า 30 คน"
    assert second_measure.outcome == "ร้อยละ 80 ขึ้นไป"  # continued in the next table
    assert [(t.metric, t.value, t.source) for t in second_measure.targets] == [
        ("participation", 30.0, "output"),
        ("percent", 80.0, "outcome"),
    ]
    assert third.kind == "กิจกรรม"
    assert third.steps == "1) จัดทำ\n2) เผยแพร่"  # Word paragraphs stay separate lines
    assert third.targets == [Target("times", ">=", 12.0, "ครั้ง", "output", "12 ครั้ง/ปี")]


def test_xlsx_with_title_rows_number_column_and_other_wording() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "หมายเหตุ"
    workbook.active.append(["ไฟล์นี้ไม่มีตาราง"])
    sheet = workbook.create_sheet("รายงาน")
    sheet.append(["แบบรายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"])
    sheet.append(["อบต.หนองบัว", None, "ปีงบประมาณ พ.ศ. ๒๕๖๗"])
    sheet.append([])
    sheet.append(
        ["ลำดับ", "มาตรการ / โครงการ", "วิธีดำเนินการ", "ระยะเวลาดำเนินการ", "หน่วยงานรับผิดชอบ", "ผลผลิต", "ผลลัพธ์", "หมายเหตุ"]
    )
    sheet.append([1, "ประกาศเจตนารมณ์", "ประกาศ", "ต.ค. 66 – ก.ย. 67", "สำนักปลัด", "≥ 1 ฉบับ", "ร้อยละ ๙๐", "-"])
    sheet.append([None, None, None, None, None, None, "ของบุคลากรรับทราบ"])
    sheet.append([2, "โครงการ\nอบรมจริยธรรม", None, "ไตรมาส 3", "กองการศึกษา", None, "≥ 80%", None])
    sheet.append([3, "กิจกรรมรับฟังความคิดเห็น", "จัดเวที", "ภายในปีนี้", "กองช่าง", None, None, None])
    report = parse_report(_xlsx_bytes(workbook), "report.xlsx")
    assert report.organization == "องค์การบริหารส่วนตำบลหนองบัว"
    assert report.fiscal_year == 2567
    assert [(m.no, m.kind, m.name, m.quarters, m.responsible) for m in report.measures] == [
        (1, "มาตรการ", "ประกาศเจตนารมณ์", [1, 2, 3, 4], "สำนักปลัด"),
        (2, "โครงการ", "โครงการอบรมจริยธรรม", [3], "กองการศึกษา"),
        (3, "กิจกรรม", "กิจกรรมรับฟังความคิดเห็น", [], "กองช่าง"),
    ]
    assert report.measures[0].outcome == "ร้อยละ ๙๐ ของบุคลากรรับทราบ"
    assert [(t.metric, t.op, t.value, t.unit) for t in report.measures[0].targets] == [
        ("documents", ">=", 1.0, "ฉบับ"),
        ("percent", ">=", 90.0, "ร้อยละ"),
    ]
    assert _messages(report) == ["มาตรการที่ 3: ไม่เข้าใจช่วงเวลา “ภายในปีนี้” กรุณาระบุไตรมาสเอง"]


def test_text_report_with_arabic_digits_and_other_phrasings() -> None:
    text = "\n".join(
        [
            "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ 2569",
            "เทศบาลเมืองบ้านไผ่",
            "\t".join(["ที่", "มาตรการ", "ขั้นตอน", "ระยะเวลา", "ผู้รับผิดชอบ", "ผลการดำเนินงาน", "ผลลัพธ์"]),
            "\t".join(["1", "มาตรการ ก", "ขั้น ก", "ไตรมาส 1-4", "สำนักปลัด", "ร้อยละ 80 ขึ้นไป", "๘๐%"]),
            "\t".join(["2)", "โครงการ ข", "ขั้น ข", "ต.ค. 68 - ก.ย. 69", "กองคลัง", "≥ 80%", "ITA ไม่น้อยกว่า 85 คะแนน"]),
            "\t".join(["", "", "", "", "", "", "จำนวนเรื่องร้องเรียนลดลง"]),
            "\t".join(["3", "กิจกรรม ค", "", "", "กองช่าง", "", ""]),
        ]
    )
    report = parse_report(text.encode("utf-8"), "report.txt")
    assert report.organization == "เทศบาลเมืองบ้านไผ่"
    assert report.fiscal_year == 2569
    assert [(m.no, m.name, m.kind, m.quarters) for m in report.measures] == [
        (1, "มาตรการ ก", "มาตรการ", [1, 2, 3, 4]),
        (2, "โครงการ ข", "โครงการ", [1, 2, 3, 4]),
        (3, "กิจกรรม ค", "กิจกรรม", []),
    ]
    assert [(t.metric, t.op, t.value, t.source) for t in report.measures[0].targets] == [
        ("percent", ">=", 80.0, "output"),
        ("percent", ">=", 80.0, "outcome"),
    ]
    assert [(t.metric, t.op, t.value, t.source) for t in report.measures[1].targets] == [
        ("percent", ">=", 80.0, "output"),
        ("ita_score", ">=", 85.0, "outcome"),
        ("complaints", "decrease", None, "outcome"),
    ]
    # A page-break seam between two Thai letters is joined, as in the sample (see clean_cell).
    assert report.measures[1].outcome == "ITA ไม่น้อยกว่า 85 คะแนนจำนวนเรื่องร้องเรียนลดลง"
    assert _messages(report) == ["มาตรการที่ 3: ไม่ได้ระบุช่วงเวลา กรุณาระบุไตรมาสเอง"]


def test_unnumbered_measures_are_numbered_in_order_and_missing_columns_warned() -> None:
    rows = [
        ["มาตรการ/โครงการ/กิจกรรม", "ระยะเวลา", "ผู้รับผิดชอบ", "ผลการดำเนินการ"],
        ["โครงการหนึ่ง", "ไตรมาส 2", "กองคลัง", "จัดแล้ว 2 ครั้ง"],
        ["กิจกรรมสอง", "ไตรมาส 3", "กองช่าง", ""],
    ]
    report = parse_report("\n".join("\t".join(r) for r in rows).encode("utf-8"), "x.tsv")
    assert [(m.no, m.name, m.quarters) for m in report.measures] == [(1, "โครงการหนึ่ง", [2]), (2, "กิจกรรมสอง", [3])]
    assert report.organization is None and report.fiscal_year is None
    assert _messages(report) == [
        "ไม่พบคอลัมน์ “ขั้นตอนหรือวิธีการปฏิบัติ” ในตาราง",
        "ไม่พบคอลัมน์ “ผลลัพธ์ (outcome)” ในตาราง",
        "ไม่พบชื่อหน่วยงานในหัวรายงาน",
        "ไม่พบปีงบประมาณในหัวรายงาน",
    ]


def test_unnumbered_row_between_numbered_measures_is_merged_with_a_warning() -> None:
    rows = [
        HEADER,
        ["1. มาตรการหนึ่ง", "ก", "ไตรมาส 1", "กองคลัง", "", ""],
        ["(ต่อ) รายละเอียด", "ข", "", "", "", ""],
        ["1. มาตรการหนึ่งซ้ำ", "ค", "ไตรมาส 2", "กองคลัง", "", ""],
    ]
    report = parse_report("\n".join("\t".join(r) for r in rows).encode("utf-8"), "x.txt")
    assert report.measures[0].name == "มาตรการหนึ่ง (ต่อ) รายละเอียด"
    assert report.measures[0].steps == "กข"
    assert "บรรทัดที่ 3: ไม่มีเลขลำดับมาตรการ จึงรวมเข้ากับมาตรการที่ 1" in _messages(report)
    assert "มาตรการที่ 1 ซ้ำกัน (บรรทัดที่ 4)" in _messages(report)
    # The place and the measure number are data too, not only words in the Thai text.
    found = {(w.code, w.details) for w in report.warnings}
    assert ("merged_unnumbered", (("line", 3), ("no", 1))) in found
    assert ("duplicate_no", (("line", 4), ("no", 1))) in found
    assert all(w.severity == "warning" for w in report.warnings)


def test_two_row_header_text_between_pages_and_page_numbers() -> None:
    lines = [
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ ๒๕๖๘",
        "องค์การบริหารส่วนจังหวัดหนองคาย",
        "\t".join(["มาตรการ", "ขั้นตอน", "ระยะเวลา", "ผู้รับผิดชอบ", "ผลการดำเนินงาน", ""]),
        "\t".join(["", "", "", "", "ผลผลิต (Output)", "ผลลัพธ์ (Outcome)"]),
        "\t".join(["๑. มาตรการหนึ่ง", "ก", "ไตรมาสที่ ๑-๒", "กองคลัง", "จำนวน ๒ เรื่อง", "ลดลง"]),
        "- ๒ -",
        "หน้า 2/3",
        "รายงานนี้ต่อจากหน้าก่อน",
        "\t".join(["๒. มาตรการสอง", "ข", "ไตรมาสที่ ๓", "กองช่าง", "", "ร้อยละ ๙๕"]),
        "",
        "ลงชื่อ นายก อบจ.",
    ]
    report = parse_report("\n".join(lines).encode("utf-8"), "x.txt")
    assert report.organization == "องค์การบริหารส่วนจังหวัดหนองคาย"
    assert report.fiscal_year == 2568
    assert [(m.no, m.output, m.outcome, m.quarters) for m in report.measures] == [
        (1, "จำนวน ๒ เรื่อง", "ลดลง", [1, 2]),
        (2, "", "ร้อยละ ๙๕", [3]),
    ]
    # Page numbers are dropped silently; other text inside the table is reported; text after it is not.
    assert _messages(report) == ["บรรทัดที่ 8: ข้ามข้อความที่ไม่อยู่ในตาราง “รายงานนี้ต่อจากหน้าก่อน”"]


def test_too_many_rows_is_refused() -> None:
    rows = ["\t".join(HEADER)] + ["\t".join([f"{n}. มาตรการ", "", "ไตรมาส 1", "", "", ""]) for n in range(25_000)]
    with pytest.raises(ReportImportError) as error:
        parse_report("\n".join(rows).encode("utf-8"), "x.txt")
    assert "แถว" in error.value.message_th


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<p>ก</p> <p>ข</p>", "ก\nข"),
        ("<ul><li>ข้อหนึ่ง</li><li>ข้อสอง</li></ul>", "ข้อหนึ่ง\nข้อสอง"),
        ('<ul style="list-style-type: none"> - ข้อหนึ่ง - ข้อสอง', "- ข้อหนึ่ง\n- ข้อสอง"),
        ("ดำเนิน\nการ", "ดำเนินการ"),  # a line wrap inside a Thai word
        ("ดำเนิน<br>การ", "ดำเนินการ"),
        ("ผลการดำเนินงาน\n1) จัดทำ\n2) เผยแพร่", "ผลการดำเนินงาน\n1) จัดทำ\n2) เผยแพร่"),
        ("ร้อยละ\n80", "ร้อยละ 80"),
        ("ปี\nพ.ศ. 2568", "ปี พ.ศ. 2568"),
        ("NO Gift\nPolicy", "NO Gift Policy"),
        ("ก  ข\u00a0\u00a0ค\u200bง", "ก ข คง"),
        ("R&amp;D &lt;ทดสอบ&gt; &#3585;", "R&D <ทดสอบ> ก"),
        ("ค\u0e4dาสั่ง", "คำสั่ง"),  # nikhahit + sara aa from a PDF is sara am
        ("   ", ""),
    ],
)
def test_clean_cell(raw: str, clean: str) -> None:
    assert clean_cell(raw) == clean


# --- not a report, and hostile input --------------------------------------------------------


def _is_thai(message: str) -> bool:
    return bool(re.search("[ก-๙]", message))


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "empty.txt"),
        (b"   \n\n", "blank.txt"),
        ("สวัสดี นี่ไม่ใช่รายงาน\nบรรทัดที่สอง".encode(), "note.txt"),
        ("\t".join(HEADER).encode("utf-8"), "header-only.txt"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "picture.png"),
        (bytes(range(256)) * 10, "random.txt"),
        (b"%PDF-1.7\n...", "report.pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc"),
        (b"PK\x03\x04 not really a zip", "broken.docx"),
        (b"not a zip", "broken.xlsx"),
    ],
)
def test_not_a_report(data: bytes, name: str) -> None:
    with pytest.raises(ReportImportError) as error:
        parse_report(data, name)
    assert _is_thai(error.value.message_th)


def test_zip_without_a_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReportImportError):
        parse_report(buffer.getvalue(), "x.docx")


def test_workbook_without_a_table_is_refused() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["ชื่อ", "คะแนน"])
    with pytest.raises(ReportImportError) as error:
        parse_report(_xlsx_bytes(workbook), "scores.xlsx")
    assert "ไม่พบตารางมาตรการ" in error.value.message_th


def test_too_large_file_is_refused() -> None:
    with pytest.raises(ReportImportError) as error:
        parse_report(b"a" * (report_limits.MAX_FILE_BYTES + 1), "big.txt")
    assert "เกินขนาด" in error.value.message_th


def test_zip_bomb_is_refused_before_opening(monkeypatch: pytest.MonkeyPatch) -> None:
    document = docx.Document()
    document.add_paragraph("x")
    data = _docx_bytes(document)
    declared = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr(report_limits, "MAX_UNZIPPED_BYTES", declared - 1)

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("python-docx was called")

    monkeypatch.setattr(docx, "Document", must_not_open)
    with pytest.raises(ReportImportError) as error:
        parse_report(data, "bomb.docx")
    assert "ใหญ่ผิดปกติ" in error.value.message_th


def test_parser_failures_become_thai_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise KeyError("internal")

    monkeypatch.setattr(report_import, "assemble_report", explode)
    with pytest.raises(ReportImportError) as error:
        parse_report("\t".join(HEADER).encode(), "x.txt")
    assert _is_thai(error.value.message_th)


# --- command line ---------------------------------------------------------------------------


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-report", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["organization"] == "องค์การบริหารส่วนตำบลบ้านผือ"
    assert data["fiscal_year"] == 2568
    assert len(data["measures"]) == 17


def test_cli_json_is_the_envelope_on_the_seed_report() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kpi", "import-report", str(SEED), "--json"],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    data = json.loads(result.stdout.decode("utf-8"))
    assert list(data)[:2] == ["ok", "problems"]
    assert data["ok"] is True and data["problems"] == []
    assert data["organization"] == "องค์การบริหารส่วนตำบลบ้านผือ" and len(data["measures"]) == 17


def test_cli_json_on_a_file_that_is_not_a_report_is_the_envelope_with_a_code(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("สวัสดี นี่ไม่ใช่รายงาน", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kpi", "import-report", str(path), "--json"],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    data = json.loads(result.stdout.decode("utf-8"))
    assert data["ok"] is False
    assert [p["code"] for p in data["problems"]] == ["no_table"]
    assert "ไม่พบตารางมาตรการ" in data["problems"][0]["message"]
    assert data["problems"][0]["severity"] == "error"


def test_cli_json_warnings_are_problems_with_their_place_as_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [HEADER, ["1. มาตรการหนึ่ง", "ก", "ภายในปีนี้", "กองคลัง", "", ""]]
    path = tmp_path / "r.txt"
    path.write_text("\n".join("\t".join(r) for r in rows), encoding="utf-8")
    assert main(["import-report", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    unknown = next(p for p in data["problems"] if p["code"] == "period_unknown")
    assert unknown["severity"] == "warning" and unknown["details"] == {"no": 1}
    assert unknown["message"] in data["warnings"]


def test_cli_json_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-report", str(tmp_path / "nope.docx"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == {"ok": False, "problems": [data["problems"][0]]}
    assert data["problems"][0]["code"] == "file_missing"


def test_the_command_plugs_into_an_argparse_tree(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from kpi.cli import import_report

    parser = argparse.ArgumentParser(prog="python -m kpi")
    import_report.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["import-report", str(SEED), "--json"])
    assert args.command == "import-report"
    assert import_report.run(args) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_cli_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-report", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "หน่วยงาน: องค์การบริหารส่วนตำบลบ้านผือ" in out
    assert "จำนวนมาตรการ: 17" in out
    assert "เป้าหมาย (ผลลัพธ์): ความพึงพอใจ ≥ ร้อยละ 80" in out


def test_cli_not_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "note.txt"
    path.write_text("ไม่ใช่รายงาน", encoding="utf-8")
    assert main(["import-report", str(path)]) == 1
    assert "ไม่พบตารางมาตรการ" in capsys.readouterr().err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-report", str(tmp_path / "nope.docx")]) == 1
    assert "ไม่พบไฟล์" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["--bogus"], ["a.txt", "b.txt"]])
def test_cli_wrong_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-report", *argv]) == 2
    capsys.readouterr()


def test_cli_in_a_subprocess_without_streamlit() -> None:
    code = (
        "import sys; from kpi.cli.main import main; "
        "rc = main(['import-report', sys.argv[1], '--json']); "
        "assert 'streamlit' not in sys.modules; sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(SEED)],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert json.loads(result.stdout.decode("utf-8"))["measures"][16]["quarters"] == [1]


# --- tables copied out of PDFs and web pages (issue 11) ----------------------------------------

_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _as_pipes(rows: list[list[str]], framed: bool) -> str:
    lines = []
    for index, row in enumerate(rows):
        if len(row) == 1:
            lines.append(row[0])
            continue
        joined = " | ".join(row)
        lines.append(f"| {joined} |" if framed else joined)
        if index == 7:  # under the header, as markdown writes it
            lines.append("|" + "---|" * len(row) if framed else " | ".join(["---"] * len(row)))
    return "\n".join(lines)


def _as_cell_lines(rows: list[list[str]]) -> str:
    # Every cell on its own line, an empty cell as an empty line (a page break's continuation row).
    return "\n".join("\n".join(row) for row in rows)


def _as_layout(rows: list[list[str]]) -> str:
    # A layout export: each column starts where it started on the line above (marks take no column).
    def width(text: str) -> int:
        return len(_THAI_MARKS.sub("", text))

    columns = [max(width(row[i]) for row in rows if len(row) > 1) + 2 for i in range(6)]
    return "\n".join(
        "".join(cell + " " * (columns[i] - width(cell)) for i, cell in enumerate(row)).rstrip()
        if len(row) > 1
        else row[0]
        for row in rows
    )


@pytest.mark.parametrize(
    "shape",
    [
        lambda rows: _as_pipes(rows, framed=True),
        lambda rows: _as_pipes(rows, framed=False),
        lambda rows: _as_pipes(rows, framed=True).replace("|", "│"),
        _as_cell_lines,
        _as_layout,
    ],
    ids=["pipes", "pipes-unframed", "box-drawing", "cell-per-line", "runs-of-spaces"],
)
def test_the_sample_as_copied_from_a_pdf_or_web_page(seed_report: ImportedReport, shape) -> None:  # type: ignore[no-untyped-def]
    text = shape(_seed_rows())
    assert "\t" not in text
    report = parse_report(text.encode("utf-8"), "report.txt")
    assert [(m.no, m.name, m.quarters) for m in report.measures] == [
        (m.no, m.name, m.quarters) for m in seed_report.measures
    ]
    assert [m.targets for m in report.measures] == [m.targets for m in seed_report.measures]
    assert report == seed_report


def test_cell_per_line_with_a_page_number_and_closing_text_between_and_after_rows(seed_report: ImportedReport) -> None:
    rows = _seed_rows()
    rows.insert(12, ["- ๒ -"])  # a page number between measures 3 and 4
    rows.append(["ลงชื่อ ผู้รายงาน"])
    rows.append(["ปลัดองค์การบริหารส่วนตำบล"])
    report = parse_report(_as_cell_lines(rows).encode("utf-8"), "report.txt")
    assert [m.no for m in report.measures] == list(range(1, 18))
    assert report.measures == seed_report.measures
    assert report.warnings == []


def test_cell_per_line_with_a_number_column_and_an_unrecognised_line_warns() -> None:
    text = "\n".join(
        [
            "รายงานผล ปีงบประมาณ 2568 อบต.ทดสอบ",
            "ที่",
            "มาตรการ",
            "ขั้นตอน",
            "ระยะเวลา",
            "ผู้รับผิดชอบ",
            "1",
            "มาตรการแรก",
            "ประชุม",
            "ไตรมาสที่ 1",
            "สำนักปลัด",
            "ข้อความแทรก",
            "2",
            "มาตรการที่สอง",
            "เผยแพร่",
            "ไตรมาสที่ 2-3",
            "กองคลัง",
        ]
    )
    report = parse_report(text.encode("utf-8"), "report.txt")
    assert [(m.no, m.name, m.quarters, m.responsible) for m in report.measures] == [
        (1, "มาตรการแรก", [1], "สำนักปลัด"),
        (2, "มาตรการที่สอง", [2, 3], "กองคลัง"),
    ]
    assert [w.code for w in report.warnings].count("stray_text") == 1


# --- files that are not a measures report say what they seem to be (issue 11) ------------------

# Small tables as agencies publish them beside the measures report: title lines, then the table.
OTHER_TABLES: dict[str, tuple[list[str], list[list[str]]]] = {
    "looks_like_satisfaction": (
        [
            "รายงานผลการสำรวจความพึงพอใจของผู้รับบริการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
            "องค์การบริหารส่วนตำบลหนองบัว อำเภอเมือง จังหวัดอุดรธานี",
            "จำนวนผู้ตอบแบบสอบถามทั้งสิ้น ๑๒๐ คน",
        ],
        [
            ["ประเด็นความพึงพอใจ", "มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด", "ค่าเฉลี่ย", "S.D.", "แปลผล"],
            ["๑. ด้านขั้นตอนการให้บริการ", "๕๘", "๔๕", "๑๒", "๔", "๑", "4.29", "0.83", "มากที่สุด"],
            ["๒. ด้านช่องทางการให้บริการ", "๕๑", "๕๐", "๑๕", "๓", "๑", "4.23", "0.81", "มากที่สุด"],
            ["๓. ด้านเจ้าหน้าที่ผู้ให้บริการ", "๖๒", "๔๑", "๑๔", "๓", "๐", "4.35", "0.77", "มากที่สุด"],
            ["รวมเฉลี่ย", "", "", "", "", "", "4.29", "0.80", "มากที่สุด (ร้อยละ ๘๕.๘๐)"],
        ],
    ),
    "looks_like_ita_history": (
        ["ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ย้อนหลัง", "เทศบาลตำบลโพนสูง"],
        [
            ["ปีงบประมาณ", "คะแนน ITA", "ระดับผลการประเมิน"],
            ["๒๕๖๑", "72.45", "สูง"],
            ["๒๕๖๒", "81.33", "B"],
            ["๒๕๖๓", "88.20", "A"],
            ["๒๕๖๕", "91.57", "A"],
            ["๒๕๖๖", "94.64", "ผ่าน"],
        ],
    ),
    "looks_like_oit_checklist": (
        ["แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปี 2568", "องค์การบริหารส่วนตำบลนาข่า"],
        [
            ["ข้อ", "ข้อมูล", "มี/ไม่มี", "URL"],
            ["O1", "โครงสร้าง", "มี", "https://www.nakha.go.th/o1"],
            ["O2", "ข้อมูลผู้บริหาร", "มี", "https://www.nakha.go.th/o2"],
            ["O3", "อำนาจหน้าที่", "มี", "https://www.nakha.go.th/o3"],
            ["O4", "ข้อมูลการติดต่อ", "มี", "https://www.nakha.go.th/o4"],
            ["O5", "ข่าวประชาสัมพันธ์", "ไม่มี", ""],
            ["O6", "Q&A", "มี", "https://www.nakha.go.th/o6"],
        ],
    ),
    "looks_like_action_plan": (
        ["แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ – ๒๕๗๐", "องค์การบริหารส่วนตำบลบ้านค้อ"],
        [
            [
                "ที่",
                "โครงการ/กิจกรรม",
                "เป้าหมาย (ผลผลิต)",
                "งบประมาณ ๒๕๖๘ (บาท)",
                "งบประมาณ ๒๕๖๙ (บาท)",
                "ผลลัพธ์ที่คาดว่าจะได้รับ",
                "หน่วยงานรับผิดชอบ",
            ],
            ["๑", "โครงการอบรมคุณธรรมจริยธรรมพนักงาน", "พนักงาน ๔๐ คน", "20,000", "20,000", "ร้อยละ ๘๐", "สำนักปลัด"],
            ["๒", "โครงการเผยแพร่ข้อมูลข่าวสาร", "๑๒ ครั้ง", "15,000", "15,000", "ร้อยละ ๘๐", "สำนักปลัด"],
            ["๓", "กิจกรรมประกาศเจตจำนงสุจริต", "๑ ครั้ง", "-", "-", "ร้อยละ ๘๐", "สำนักปลัด"],
            ["รวม", "", "", "35,000", "35,000", "", ""],
        ],  # fmt: skip
    ),
    "looks_like_complaints": (
        ["สถิติเรื่องร้องเรียน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "องค์การบริหารส่วนตำบลโคกสี"],
        [
            ["เดือน", "ช่องทาง", "จำนวนเรื่องที่รับ", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"],
            ["ต.ค. ๖๖", "ตู้รับเรื่อง", "๑", "๑", "๐"],
            ["พ.ย. ๖๖", "โทรศัพท์", "๒", "๒", "๐"],
            ["ธ.ค. ๖๖", "เว็บไซต์", "๐", "๐", "๐"],
            ["ม.ค. ๖๗", "Facebook", "๑", "๐", "๑"],
            ["รวม", "", "๔", "๓", "๑"],
        ],
    ),
}
WHERE_IT_GOES = {
    "looks_like_satisfaction": ("ตารางผลการสำรวจความพึงพอใจ", "ชีต “ความพึงพอใจ”", "นำเข้าแบบสำรวจ", "import-survey"),
    "looks_like_ita_history": ("ตารางคะแนน ITA รายปี", "ชีต “คะแนน ITA”"),
    "looks_like_oit_checklist": ("รายการตรวจหลักฐาน OIT", "หน้า “หลักฐาน OIT”", "ชีต “หลักฐาน OIT”"),
    "looks_like_action_plan": ("แผนปฏิบัติการ", "ไม่ใช่ผลการดำเนินการ", "ชีต “มาตรการ”"),
    "looks_like_complaints": ("ตารางสถิติเรื่องร้องเรียน", "ชีต “เรื่องร้องเรียน”"),
}


def _other_as_text(code: str) -> bytes:
    title, rows = OTHER_TABLES[code]
    return "\n".join([*title, "", *("\t".join(row) for row in rows)]).encode("utf-8")


def _other_as_docx(code: str) -> bytes:
    title, rows = OTHER_TABLES[code]
    document = docx.Document()
    for line in title:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    return _docx_bytes(document)


@pytest.mark.parametrize("form", ["txt", "docx"])
@pytest.mark.parametrize("code", sorted(OTHER_TABLES))
def test_another_published_table_is_refused_saying_what_it_is_and_where_it_goes(code: str, form: str) -> None:
    data = _other_as_text(code) if form == "txt" else _other_as_docx(code)
    with pytest.raises(ReportImportError) as error:
        parse_report(data, f"file.{form}")
    assert error.value.code == code
    message = error.value.message_th
    assert message.startswith("ไฟล์นี้ไม่ใช่รายงานผลการดำเนินการตามมาตรการ แต่ดูเหมือน")
    for words in WHERE_IT_GOES[code]:
        assert words in message


def test_the_seed_in_every_shape_is_not_taken_for_another_table(seed_report: ImportedReport) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert guess_kind(plain_text([[line] for line in text.splitlines()])) is None
    rows = [row.split("\t") for row in text.splitlines()]
    assert guess_kind(plain_text(rows)) is None
    assert len(parse_report(_as_pipes(rows, framed=True).encode(), "r.txt").measures) == 17
    assert len(parse_report(_as_cell_lines(rows).encode(), "r.txt").measures) == 17


def test_a_short_unrelated_text_keeps_the_general_refusal() -> None:
    for text in ("ความพึงพอใจของประชาชนต่อการให้บริการ", "ร้องเรียนได้ที่ช่องทางต่าง ๆ", "ผลคะแนน ITA ปี 2566 สูงขึ้น"):
        with pytest.raises(ReportImportError) as error:
            parse_report(text.encode(), "note.txt")
        assert error.value.code == "no_table"


def test_cli_json_names_the_kind_of_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "survey.txt"
    path.write_bytes(_other_as_text("looks_like_satisfaction"))
    assert main(["import-report", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert [(p["code"], p["severity"]) for p in data["problems"]] == [("looks_like_satisfaction", "error")]
