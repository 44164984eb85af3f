"""Where an export's numbers come from and when it was made: the lines under every deck and report."""

from __future__ import annotations

import datetime as dt

from kpi.core.dataset import VersionInfo
from kpi.core.fiscal import thai_date, thai_timestamp, today_bangkok
from kpi.core.messages import t


def version_text(version: VersionInfo | None) -> str:
    """'ข้อมูลฉบับที่ N · อัปโหลดเมื่อ …', as under every chart."""
    if version is None:
        return t("sidebar_no_version")
    return t("sidebar_version", version=version.number, when=thai_timestamp(version.created_at))


def prepared_text(today: dt.date | None = None) -> str:
    """'จัดทำเมื่อ 3 กุมภาพันธ์ 2568': the day the export was made (today in Bangkok by default)."""
    return t("deck_prepared", date=thai_date(today or today_bangkok()))
