"""นำเข้าผลสำรวจ: a Google Forms / Microsoft Forms export becomes one satisfaction row, saved on confirm."""

from __future__ import annotations

import hashlib

import streamlit as st

from kpi.core.messages import t
from kpi.core.settings import LIMITS
from kpi.ingest.upload import commit_upload
from kpi.screens.import_survey import QUARTER_OPTIONS, SurveyPreview, build_survey_preview, survey_questions
from kpi.store.faults import StoreError, StoreFault
from views._access import require
from views._shared import current_dataset, current_view, get_store, show_problems, show_store_error, thai_file_uploader

ACTOR = require("import", get_store())  # a direct link or a replayed message from another role stops here
st.title(t("survey_page_title"))
st.write(t("survey_page_intro"))

flash = st.session_state.pop("survey_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

uploaded = thai_file_uploader(
    t("survey_page_file"), key="survey_file", limit_mb=LIMITS.max_upload_bytes // 2**20, kinds=".csv .xlsx"
)
view = current_view()
years = sorted({*current_dataset().years(), view.year}, reverse=True)
left, middle, right = st.columns([1, 1, 2])
year = left.selectbox(t("survey_page_year"), years, index=years.index(view.year), key="survey_year")
quarter = middle.selectbox(
    t("survey_page_quarter"), QUARTER_OPTIONS, index=QUARTER_OPTIONS.index(view.quarter), key="survey_quarter"
)
service = right.text_input(t("survey_page_service"), key="survey_service", max_chars=200)
if uploaded is None:
    st.stop()

data = uploaded.getvalue()
ALL = ""
questions = [ALL, *survey_questions(data, uploaded.name)]
question = st.selectbox(
    t("survey_page_question"),
    questions,
    key="survey_question",
    format_func=lambda q: q or t("survey_page_all_questions"),
)
if not service.strip():
    st.info(t("survey_page_need_service"), icon=":material/info:")
    st.stop()

# The plan stays tied to the file, the choices and the version it was checked against.
cache_key = (hashlib.sha256(data).hexdigest(), uploaded.name, year, quarter, service, question)
cached = st.session_state.get("survey_plan")
if cached is None or cached[0] != cache_key:
    checked = build_survey_preview(data, uploaded.name, current_dataset(), year, quarter, service, question or None)
    st.session_state["survey_plan"] = (cache_key, checked)
preview: SurveyPreview = st.session_state["survey_plan"][1]

if preview.errors:
    st.error(t("survey_page_problems", count=len(preview.errors)), icon=":material/block:")
    show_problems(preview.errors)
if preview.warnings:
    with st.expander(t("survey_page_warnings", count=len(preview.warnings)), expanded=True):
        show_problems(preview.warnings)
if preview.row_table:
    st.subheader(t("survey_page_row_heading"))
    st.dataframe(preview.row_table, hide_index=True, width="stretch")
for fact in preview.facts:
    st.caption(fact)
if preview.ignored_table:
    st.subheader(t("survey_page_ignored_heading"))
    st.dataframe(preview.ignored_table, hide_index=True, width="stretch")
if preview.ok and not preview.has_changes:
    st.info(t("upload_no_change"), icon=":material/info:")
elif preview.ok and preview.plan is not None:
    for line in preview.summary_lines:
        st.markdown(f"- {line}")
    if st.button(t("survey_page_confirm"), type="primary", key="survey_confirm"):
        try:
            number = commit_upload(get_store(), preview.plan, actor=ACTOR, kind="survey")
        except StoreError as exc:
            st.session_state.pop("survey_plan", None)  # checked again against the new version next time
            if isinstance(exc, StoreFault):
                show_store_error(exc)
            else:
                st.error(exc.message, icon=":material/block:")
        else:
            st.session_state.pop("survey_plan", None)
            st.session_state["survey_flash"] = t("survey_page_saved", version=number)
            st.rerun()
