"""อัปโหลดข้อมูล: template download, validated upload, preview of changes, commit on confirm."""

from __future__ import annotations

import hashlib

import streamlit as st

from kpi.core.dataset import VersionInfo
from kpi.core.messages import t
from kpi.core.settings import LIMITS
from kpi.core.thai import escape_markdown
from kpi.ingest.template import build_workbook
from kpi.ingest.upload import UploadPlan, commit_upload, equal_version, equal_version_text, prepare_upload
from kpi.store.faults import StoreError, StoreFault
from views._access import require
from views._shared import (
    agency_banner,
    agency_label,
    current_agency,
    get_store,
    planning_dataset,
    show_problems,
    show_store_error,
    thai_file_uploader,
)


@st.cache_data(show_spinner=False)
def _template() -> bytes:
    return build_workbook()


ACTOR = require("upload", get_store())  # a direct link or a replayed message from another role stops here
st.title(t("upload_title"))
st.write(t("upload_intro"))
st.download_button(
    t("upload_template_button"),
    data=_template(),
    file_name="ita_dashboard_template.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="template_download",
    icon=":material/download:",
)

flash = st.session_state.pop("upload_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

agency = current_agency()  # another agency shown: the upload goes into its data, and the page says so first
agency_banner()
if agency:
    st.info(t("upload_agency_target", agency=escape_markdown(agency_label(agency))), icon=":material/domain:")
uploaded = thai_file_uploader(t("upload_widget"), key="upload_file", limit_mb=LIMITS.max_upload_bytes // 2**20)
if uploaded is not None:
    data = uploaded.getvalue()
    # The plan stays tied to the version it was checked against: if someone saves in between, the
    # commit is refused (StoreConflict) instead of silently applying a summary the user never saw.
    cache_key = (hashlib.sha256(data).hexdigest(), uploaded.name, agency)
    cached = st.session_state.get("upload_plan")
    if cached is None or cached[0] != cache_key:
        with st.status(t("upload_checking"), expanded=False) as status:
            dataset = planning_dataset()
            checked = prepare_upload(data, uploaded.name, dataset, agency)
            equal = equal_version(get_store(), dataset, checked)
            status.update(label=t("upload_checked"), state="complete" if checked.ok else "error")
        st.session_state["upload_plan"] = (cache_key, checked, equal)
    plan: UploadPlan = st.session_state["upload_plan"][1]
    same_as: VersionInfo | None = st.session_state["upload_plan"][2]

    if not plan.ok:
        st.error(t("upload_problems", count=len(plan.errors)), icon=":material/block:")
        show_problems(plan.errors)
    if plan.ignored:  # always in view before confirming: nothing of the file is dropped silently
        st.warning(t("upload_ignored", count=len(plan.ignored)), icon=":material/visibility_off:")
        for part in plan.ignored:
            st.markdown(f"- {escape_markdown(part.message)}")
    if plan.other_warnings:
        with st.expander(t("upload_warnings", count=len(plan.other_warnings)), expanded=not plan.ok):
            show_problems(plan.other_warnings)
    if plan.ok and not plan.changes:
        st.info(t("upload_no_change"), icon=":material/info:")
    elif plan.ok:
        st.subheader(t("upload_changes"))
        if same_as is not None:
            st.warning(equal_version_text(same_as), icon=":material/history:")
        for line in plan.summary_lines:
            st.markdown(f"- {line}")
        if st.button(t("upload_confirm"), type="primary", key="upload_confirm"):
            try:
                number = commit_upload(get_store(), plan, actor=ACTOR)
            except StoreError as exc:
                st.session_state.pop("upload_plan", None)  # checked again against the new version next time
                if isinstance(exc, StoreFault):  # read-only, full, damaged: what happened and what to do
                    show_store_error(exc)
                else:
                    st.error(exc.message, icon=":material/block:")
            else:
                st.session_state.pop("upload_plan", None)
                st.session_state["upload_flash"] = t("upload_saved", version=number)
                st.rerun()
