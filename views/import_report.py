"""นำเข้ารายงาน: read a published measures report, review what was understood, save it."""

from __future__ import annotations

import hashlib

import streamlit as st

from kpi.core.messages import t
from kpi.core.schema import INDICATORS, KIND_CHOICES, MEASURES, OP_CHOICES, UNIT_CHOICES
from kpi.core.settings import LIMITS
from kpi.ingest.report.importer import parse_report
from kpi.ingest.report.model import ImportedReport, ReportImportError
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.screens.import_report import (
    YEAR_RANGE,
    highlighted_sources,
    period_line,
    review_tables,
    review_workbook,
    source_heading,
    stated_year,
)
from kpi.store.faults import StoreError
from views._access import require
from views._shared import current_dataset, current_view, get_store, show_problems, thai_file_uploader

ACTOR = require("import", get_store())  # a direct link or a replayed message from another role stops here
st.title(t("import_title"))
st.write(t("import_intro"))

flash = st.session_state.pop("import_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

uploaded = thai_file_uploader(
    t("import_widget"), key="import_file", limit_mb=LIMITS.max_upload_bytes // 2**20, kinds=".docx .xlsx .csv .txt"
)
if uploaded is None:
    st.stop()

data = uploaded.getvalue()
digest = hashlib.sha256(data).hexdigest()
if st.session_state.get("import_digest") != digest:
    with st.spinner(t("import_reading")):
        parsed: ImportedReport | None = None
        try:
            parsed = parse_report(data, uploaded.name)
        except ReportImportError as exc:
            st.session_state["import_error"] = exc.message_th
        else:
            st.session_state.pop("import_error", None)
    st.session_state["import_digest"] = digest
    st.session_state["import_report"] = parsed
    st.session_state.pop("import_plan", None)

if st.session_state.get("import_error"):
    st.error(st.session_state["import_error"], icon=":material/block:")
    st.stop()
report: ImportedReport = st.session_state["import_report"]

left, right = st.columns([2, 1])
left.text_input(t("import_org"), value=report.organization or "", key="import_org", disabled=True)
# A year the report states outside the field's range (e.g. a typo "2460") must not fail the page.
year = right.number_input(
    t("sidebar_year"), min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1], step=1, key="import_year",
    value=stated_year(report) or current_view().year,
)  # fmt: skip
st.caption(t("import_found", count=len(report.measures), targets=sum(len(m.targets) for m in report.measures)))
for warning in report.warnings:
    st.warning(warning.message, icon=":material/warning:")

st.subheader(t("import_sources"))
for measure in report.measures:
    with st.expander(source_heading(measure)):
        st.markdown(period_line(measure, int(year)))
        for part in highlighted_sources(measure):
            st.markdown(f"**{part.label}:** {part.markdown}")

st.subheader(t("import_edit"))
st.caption(t("import_edit_help"))
measures, targets = review_tables(report)
edited_measures = st.data_editor(
    measures, key="import_measures", hide_index=True, width="stretch", num_rows="dynamic",
    column_config={
        MEASURES.column("kind").title: st.column_config.SelectboxColumn(options=list(KIND_CHOICES), required=True),
        MEASURES.column("no").title: st.column_config.NumberColumn(min_value=1, max_value=999, step=1, required=True),
    },
)  # fmt: skip
edited_targets = st.data_editor(
    targets, key="import_targets", hide_index=True, width="stretch", num_rows="dynamic",
    column_config={
        INDICATORS.column("op").title: st.column_config.SelectboxColumn(options=list(OP_CHOICES), required=True),
        INDICATORS.column("unit").title: st.column_config.SelectboxColumn(options=list(UNIT_CHOICES), required=True),
    },
)  # fmt: skip

workbook = review_workbook(edited_measures, edited_targets, int(year))
st.download_button(
    t("import_download"), data=workbook, file_name=f"measures_{int(year)}.xlsx", key="import_download",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
)  # fmt: skip

if st.button(t("import_check"), key="import_check", type="primary"):
    st.session_state["import_plan"] = prepare_upload(workbook, uploaded.name + ".xlsx", current_dataset())
plan = st.session_state.get("import_plan")
if plan is not None:
    if not plan.ok:
        st.error(t("upload_problems", count=len(plan.errors)), icon=":material/block:")
        show_problems(plan.errors)
    elif not plan.changes:
        st.info(t("upload_no_change"), icon=":material/info:")
    else:
        st.subheader(t("upload_changes"))
        for line in plan.summary_lines:
            st.markdown(f"- {line}")
        if st.button(t("upload_confirm"), key="import_confirm", type="primary"):
            try:
                number = commit_upload(get_store(), plan, actor=ACTOR, kind="import")
            except StoreError as exc:
                st.error(exc.message, icon=":material/block:")
            else:
                for key in ("import_plan", "import_digest", "import_report"):
                    st.session_state.pop(key, None)
                st.session_state["import_flash"] = t("upload_saved", version=number)
                st.rerun()
