"""The one message catalogue: every user-facing Thai text lives here.

`PROBLEMS` holds input problems by stable code; `UI` holds screen text by key. Templates use
str.format fields. A test checks that every code used in kpi/ has an entry here.
"""

from __future__ import annotations

from typing import Any

PROBLEMS: dict[str, str] = {
    # the file as a whole
    "file_empty": "ไฟล์ว่างเปล่า ไม่มีข้อมูล",
    "file_too_large": "ไฟล์มีขนาด {size_mb:.1f} MB เกินขนาดที่รับได้ {limit_mb:.0f} MB",
    "not_xlsx": "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาบันทึกเป็น “Excel Workbook (*.xlsx)” แล้วอัปโหลดใหม่",
    "wrong_extension": "รับเฉพาะไฟล์ .xlsx (ไฟล์ที่ส่งมาชื่อ “{name}”)",
    "encrypted": "ไฟล์ถูกตั้งรหัสผ่านหรือเป็นไฟล์ Excel รุ่นเก่า (.xls) กรุณาเอารหัสผ่านออกและบันทึกเป็น .xlsx",
    "corrupt_file": "ไฟล์เสียหรือไม่สมบูรณ์ (อาจดาวน์โหลดไม่ครบ) เปิดไม่ได้",
    "zip_bomb": "ไฟล์เมื่อแตกออกมีขนาดใหญ่ผิดปกติ ({size_mb:.0f} MB) ระบบจึงไม่เปิดไฟล์นี้",
    "too_many_parts": "ไฟล์มีส่วนประกอบภายในมากผิดปกติ ({count} ส่วน) ระบบจึงไม่เปิดไฟล์นี้",
    "xml_entities": "ไฟล์มีโครงสร้าง XML ที่ไม่ปลอดภัย (DOCTYPE/ENTITY) ระบบจึงไม่เปิดไฟล์นี้",
    "macros": "ไฟล์มีมาโคร (VBA) ระบบไม่รับไฟล์ที่มีมาโคร กรุณาบันทึกเป็น .xlsx ธรรมดา",
    "cell_out_of_range": "มีข้อมูลอยู่ที่เซลล์ {cell} ซึ่งอยู่นอกขอบเขตที่แม่แบบใช้ (เกินแถว {max_rows:,} หรือคอลัมน์ {max_col})",
    "too_many_cells": "ชีตนี้มีเซลล์มากเกินไป ({count:,} เซลล์ เกินขีดจำกัด {limit:,})",
    "hidden_sheet": "ชีตนี้ถูกซ่อนอยู่ กรุณายกเลิกการซ่อนชีตเพื่อให้เห็นข้อมูลที่จะอัปโหลด",
    "no_known_sheet": "ไม่พบชีตที่ระบบรู้จัก (ต้องมีอย่างน้อยหนึ่งชีต: {expected})",
    "sheet_unreadable": "อ่านชีตนี้ไม่ได้",
    "unknown_sheet": "ชีตนี้ไม่ใช่ชีตของแม่แบบ ระบบจะข้ามไป",
    # header and columns
    "missing_column": "ไม่พบคอลัมน์ “{column}” ที่จำเป็น",
    "duplicate_column": "มีคอลัมน์ “{column}” ซ้ำกัน",
    "sheet_no_rows": "ชีตนี้ไม่มีข้อมูล ระบบจะข้ามไป",
    # cells
    "required": "ต้องกรอกค่านี้",
    "bad_number": "ต้องเป็นตัวเลข (เช่น 80 หรือ ๘๐ หรือ 80%)",
    "bad_integer": "ต้องเป็นจำนวนเต็ม",
    "out_of_range": "ต้องอยู่ระหว่าง {low:g} ถึง {high:g}",
    "bad_year": "ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง {low} ถึง {high}{hint}",
    "bad_quarter": "ไตรมาสต้องเป็น 1, 2, 3 หรือ 4",
    "bad_quarters": "ไตรมาสที่วางแผนต้องเป็นเลข 1–4 เช่น “1-4” หรือ “1,3”",
    "bad_choice": "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {choices}",
    "bad_date": "ต้องเป็นวันที่ เช่น 15/10/2567",
    "bad_url": "ลิงก์หลักฐานต้องขึ้นต้นด้วย http:// หรือ https://",
    "formula_no_value": "เซลล์นี้เป็นสูตรที่ยังไม่มีผลลัพธ์ กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่ หรือพิมพ์ค่าลงไปแทนสูตร",
    "text_too_long": "ข้อความยาวเกิน {limit:,} ตัวอักษร",
    # rows and relations
    "duplicate_key": "ข้อมูลซ้ำกับแถว {other_row} ({key})",
    "unknown_measure": "ไม่พบมาตรการลำดับที่ {number} ของปีงบประมาณ {year} ทั้งในไฟล์นี้และในข้อมูลที่บันทึกไว้",
    "unknown_indicator": "ไม่พบตัวชี้วัดที่ {indicator} ของมาตรการที่ {number} ปี {year}",
    "target_required": "เงื่อนไข “{op}” ต้องมีค่าเป้าหมาย",
    "inconsistent_status": "สถานะหรือร้อยละความคืบหน้าไม่ตรงกับแถว {other_row} ของมาตรการเดียวกันในไตรมาสเดียวกัน",
    "status_percent_mismatch": "สถานะ “{status}” ไม่สอดคล้องกับร้อยละความคืบหน้า {percent:g}",
    "ita_total_mismatch": "คะแนนรวม {given:.2f} ไม่ตรงกับที่คำนวณจาก IIT/EIT/OIT ({computed:.2f}) ต่างกันเกิน {tolerance}",
    "ita_year_unknown": "ไม่มีเกณฑ์ ITA ของปี {year} ในระบบ",
    "survey_no_figure": "ต้องกรอกจำนวนผู้ตอบแต่ละระดับ หรือค่าเฉลี่ย หรือร้อยละ อย่างใดอย่างหนึ่ง",
    "survey_sample_mismatch": "จำนวนผู้ตอบรวมทุกระดับ ({counted:,}) ไม่เท่ากับจำนวนผู้ตอบที่กรอก ({given:,})",
    "complaint_sum": "ดำเนินการแล้วเสร็จ + อยู่ระหว่างดำเนินการ ({total:,}) มากกว่าจำนวนที่รับเรื่อง ({received:,})",
    "complaint_within15": "จำนวนที่ตอบภายใน 15 วัน ({within:,}) มากกว่าจำนวนที่รับเรื่อง ({received:,})",
    # privacy: never echo the value
    "identity_column": "ชีตเรื่องร้องเรียนเก็บได้เฉพาะตัวเลขสรุป ห้ามมีคอลัมน์ข้อมูลระบุตัวบุคคล (เช่น ชื่อ เลขบัตรประชาชน เบอร์โทร อีเมล) กรุณาลบคอลัมน์นี้",
    "identity_value": "เซลล์นี้มีข้อมูลที่อาจระบุตัวบุคคลได้ ({kind}) ระบบไม่รับข้อมูลนี้และจะไม่แสดงค่า กรุณาลบออก",
    # store
    "store_conflict": "มีผู้อื่นบันทึกข้อมูลฉบับใหม่ระหว่างที่ท่านตรวจสอบ (ตอนนี้เป็นฉบับที่ {head}) กรุณาอัปโหลดและตรวจสอบอีกครั้ง",
    "store_unavailable": "บันทึกข้อมูลไม่สำเร็จ ข้อมูลเดิมยังอยู่ครบ ({reason})",
    "version_not_found": "ไม่พบข้อมูลฉบับที่ {version}",
}

UI: dict[str, str] = {
    "app_title": "แดชบอร์ดคุณธรรมและความโปร่งใส",
    "app_short": "ITA Dashboard",
    "sample_badge": "ข้อมูลตัวอย่าง",
    "sample_warning": "ข้อมูลที่แสดงเป็นข้อมูลตัวอย่าง (ข้อมูลตัวอย่าง) ไม่ใช่ผลจริงของหน่วยงาน อย่านำไปนำเสนอเป็นผลจริง",
    "sidebar_year": "ปีงบประมาณ (พ.ศ.)",
    "sidebar_quarter": "ไตรมาส",
    "sidebar_version": "ข้อมูลฉบับที่ {version} · อัปโหลดเมื่อ {when}",
    "sidebar_no_version": "ยังไม่มีข้อมูล",
    "sidebar_thai_digits": "แสดงตัวเลขไทย",
    "nav_overview": "ภาพรวม",
    "nav_upload": "อัปโหลดข้อมูล",
    "nav_history": "ประวัติข้อมูล",
    "nav_group_main": "แดชบอร์ด",
    "nav_group_data": "จัดการข้อมูล",
    "nav_group_present": "นำเสนอและส่งออก",
    "no_data_year": "ยังไม่มีข้อมูลของปีงบประมาณ {year}",
    # overview
    "overview_title": "ภาพรวมปีงบประมาณ {year}",
    "overview_caption": "{quarter} · {version_text}",
    "card_measures": "ความคืบหน้ามาตรการ",
    "card_measures_value": "เสร็จสิ้น {done} จาก {total} มาตรการที่วางแผนในไตรมาสนี้",
    "card_targets": "ตัวชี้วัดเป้าหมาย",
    "card_targets_value": "บรรลุ {met} จาก {total} ตัวชี้วัด",
    "card_ita": "คะแนน ITA ล่าสุด",
    "card_ita_value": "{score} คะแนน ({rating}) ปี {year}",
    "card_ita_none": "ยังไม่มีคะแนน ITA",
    "card_ita_gap_ok": "สูงกว่าเกณฑ์ผ่าน {threshold:g} คะแนน อยู่ {gap}",
    "card_ita_gap_bad": "ต่ำกว่าเกณฑ์ผ่าน {threshold:g} คะแนน อยู่ {gap}",
    "card_satisfaction": "ความพึงพอใจของผู้รับบริการ",
    "card_satisfaction_value": "ร้อยละ {value} (เป้าหมายร้อยละ {target:g}) · ผู้ตอบ {n} คน",
    "card_satisfaction_none": "ยังไม่มีข้อมูลความพึงพอใจ",
    "card_complaints": "เรื่องร้องเรียน",
    "card_complaints_value": "ปีนี้ {this} เรื่อง · ปีก่อน {last} เรื่อง",
    "card_complaints_value_nolast": "ปีนี้ {this} เรื่อง · ไม่มีข้อมูลปีก่อน",
    "card_complaints_none": "ไม่มีเรื่องร้องเรียน",
    "status_done": "เสร็จสิ้น",
    "status_in_progress": "กำลังดำเนินการ",
    "status_not_started": "ยังไม่เริ่ม",
    "status_not_done": "ไม่ได้ดำเนินการ",
    "status_no_report": "ยังไม่รายงาน",
    "target_met": "บรรลุ",
    "target_pending": "ยังไม่บรรลุ",
    "target_missed": "ไม่บรรลุ",
    "target_no_data": "ไม่มีข้อมูล",
    "baseline_given": "ค่าฐานที่กำหนด",
    "baseline_prev_quarter": "ไตรมาส {quarter} ปีงบประมาณ {year}",
    "chart_caption": "ข้อมูลฉบับที่ {version} · อัปโหลดเมื่อ {when}",
    "axis_count": "จำนวน",
    "axis_score": "คะแนน",
    "axis_percent": "ร้อยละ",
    "axis_year": "ปีงบประมาณ",
    "axis_quarter": "ไตรมาส",
    "pass_line": "เกณฑ์ผ่าน {value:g}",
    "target_line": "เป้าหมาย {value:g}",
    "complaints_corruption": "ทุจริตและประพฤติมิชอบ",
    "complaints_general": "ร้องเรียนทั่วไป",
    # upload
    "upload_title": "อัปโหลดข้อมูลจาก Excel",
    "upload_intro": "ดาวน์โหลดแม่แบบ กรอกข้อมูล แล้วอัปโหลดกลับมา ระบบจะตรวจทุกชีตก่อน และจะบันทึกเมื่อท่านกดยืนยันเท่านั้น ชีตใดไม่มีในไฟล์ ข้อมูลเดิมของชีตนั้นจะไม่เปลี่ยน และจะแทนที่เฉพาะปีงบประมาณที่อยู่ในไฟล์",
    "upload_template_button": "ดาวน์โหลดแม่แบบ Excel",
    "upload_widget": "เลือกไฟล์ Excel (.xlsx)",
    "upload_checking": "กำลังตรวจสอบไฟล์…",
    "upload_problems": "พบปัญหา {count} รายการ ระบบยังไม่บันทึกข้อมูลใด ๆ กรุณาแก้ไขในไฟล์แล้วอัปโหลดใหม่",
    "upload_warnings": "ข้อสังเกต {count} รายการ (ไม่ขัดขวางการบันทึก)",
    "upload_changes": "สิ่งที่จะเปลี่ยนเมื่อบันทึก",
    "upload_no_change": "ข้อมูลในไฟล์ตรงกับข้อมูลที่บันทึกไว้แล้วทุกประการ ไม่มีอะไรต้องเปลี่ยน",
    "upload_confirm": "ยืนยันบันทึกเป็นข้อมูลฉบับใหม่",
    "upload_saved": "บันทึกแล้ว เป็นข้อมูลฉบับที่ {version}",
    "col_code": "รหัส",
    "col_sheet": "ชีต",
    "col_row": "แถว",
    "col_column": "คอลัมน์",
    "col_message": "ปัญหา",
    # history
    "history_title": "ประวัติข้อมูล",
    "history_intro": "ทุกครั้งที่บันทึกจะเป็นข้อมูลฉบับใหม่ ย้อนกลับไปฉบับใดก็ได้ การย้อนกลับจะสร้างฉบับใหม่ที่มีข้อมูลเหมือนฉบับที่เลือก ประวัติเดิมไม่หาย",
    "history_version": "ฉบับที่",
    "history_when": "บันทึกเมื่อ",
    "history_file": "ไฟล์",
    "history_summary": "สรุปการเปลี่ยนแปลง",
    "history_sha": "SHA-256",
    "history_current": "ฉบับปัจจุบัน",
    "history_pick": "เลือกฉบับที่จะย้อนกลับไป",
    "history_rollback": "ย้อนกลับไปใช้ฉบับที่ {version}",
    "history_rolled_back": "ย้อนกลับแล้ว ข้อมูลฉบับที่ {new} มีข้อมูลเหมือนฉบับที่ {old}",
    "history_empty": "ยังไม่มีประวัติข้อมูล",
    "kind_upload": "อัปโหลด",
    "kind_rollback": "ย้อนกลับไปฉบับที่ {version}",
    "kind_seed": "ข้อมูลตัวอย่างเริ่มต้น",
    "kind_import": "นำเข้ารายงาน",
    # change summary pieces
    "change_add": "เพิ่ม {count} {noun}",
    "change_add_year": "เพิ่ม{noun}",
    "change_replace": "แทนที่{what} ปี {year}",
    "change_remove": "ลบ{what} ปี {year}",
    "change_none": "ไม่มีการเปลี่ยนแปลง",
    # --- issue 3: report import (add entries below this line) ---
    # --- issue 4: measures, targets, ITA pages (add entries below this line) ---
    # --- issue 5: satisfaction, complaints, OIT, calendar (add entries below this line) ---
    # --- issue 6: presentation and exports (add entries below this line) ---
    "error_unexpected": "เกิดข้อผิดพลาดที่ไม่คาดคิด ข้อมูลที่บันทึกไว้ไม่เปลี่ยนแปลง กรุณาลองใหม่หรือแจ้งผู้ดูแลระบบ",
}


def problem_message(code: str, **fields: Any) -> str:
    """The Thai message for a problem code, with its fields filled in."""
    template = PROBLEMS[code]
    return template.format(**{k: v for k, v in fields.items() if v is not None or k not in template})


def t(key: str, **fields: Any) -> str:
    """Screen text by key, with fields filled in."""
    text = UI[key]
    return text.format(**fields) if fields else text
