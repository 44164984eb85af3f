"""หลักฐาน OIT: the year's evidence checklist, readiness per sub-indicator, and in-app editing."""

from __future__ import annotations

import streamlit as st

from kpi.charts.oit import oit_readiness_chart
from kpi.core.messages import t
from kpi.domain.oit import editor_frame, editor_titles, status_labels
from kpi.ingest.oit_edit import plan_oit_edit
from kpi.ingest.upload import commit_upload
from kpi.screens.oit import oit_screen
from kpi.store.faults import StoreConflict, StoreError
from views._access import allowed, current_actor
from views._shared import current_view, get_store, render_cards, sample_banner, show_chart, show_problems, shown

view = current_view()
screen = oit_screen(view.dataset, view.year)
year_text = view.year_text
st.title(t("oit_title", year=year_text))
st.caption(view.version_text)
sample_banner(view)
flash = st.session_state.pop("oit_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")
checklist = screen.checklist
if not checklist.catalogue_exact:
    st.warning(t("oit_borrowed", year=year_text, source=checklist.catalogue_years[-1]), icon=":material/warning:")
elif checklist.unverified_codes:
    st.warning(
        t("oit_unverified", year=year_text, codes=", ".join(checklist.unverified_codes)), icon=":material/warning:"
    )
for note in shown(view, screen.notes):
    st.info(note, icon=":material/info:")
render_cards(shown(view, screen.cards))

show_chart(oit_readiness_chart(checklist), view, "chart_oit_readiness")
with st.expander(t("oit_readiness_heading")):
    st.dataframe(shown(view, screen.readiness), hide_index=True, width="stretch")

st.subheader(t("oit_editor_heading"))
titles = editor_titles()
if not allowed("oit_edit"):  # a viewer sees the checklist; editing is an editor's (the store checks again)
    st.caption(t("oit_read_only"))
    st.dataframe(shown(view, editor_frame(checklist).rename(columns=titles)), hide_index=True, width="stretch")
    st.stop()
st.caption(t("oit_editor_help"))
version = view.dataset.version.number if view.dataset.version else 0
edited = st.data_editor(
    editor_frame(checklist),
    key=f"oit_editor_{view.year}_{version}",  # a new version or year starts a fresh editor
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    height=560,
    column_config={
        "code": st.column_config.TextColumn(titles["code"], required=True, width="small"),
        "title": st.column_config.TextColumn(titles["title"], width="medium"),
        "indicator": st.column_config.TextColumn(titles["indicator"], width="small"),
        "evidence_required": st.column_config.TextColumn(titles["evidence_required"], width="small"),
        "status": st.column_config.SelectboxColumn(titles["status"], options=status_labels(), required=True),
        "evidence_url": st.column_config.LinkColumn(titles["evidence_url"], width="medium"),
        "owner": st.column_config.TextColumn(titles["owner"]),
        "last_updated": st.column_config.TextColumn(titles["last_updated"], help=t("oit_date_help")),
        "measure_no": st.column_config.TextColumn(titles["measure_no"], width="small"),
        "source_text": st.column_config.TextColumn(titles["source_text"], disabled=True, width="medium"),
    },
)

# The version the user was editing: a save by someone else in between refuses this one.
head = view.dataset.version.number if view.dataset.version else None
seen_head = st.session_state.get("oit_seen_head", head)
st.session_state["oit_seen_head"] = head
edit = plan_oit_edit(edited, view.dataset, view.year)
if not edit.ok:
    st.error(t("oit_problems", count=len(edit.problems)), icon=":material/block:")
    show_problems(edit.problems)
elif edit.has_changes:
    st.subheader(t("oit_changes_heading"))
    st.markdown("\n".join(f"- {line}" for line in edit.lines))
    if st.button(t("oit_confirm"), type="primary", key="oit_confirm"):
        try:
            if seen_head != head:
                raise StoreConflict("store_conflict", head=head)
            number = commit_upload(get_store(), edit.plan, actor=current_actor(), kind="oit")
        except StoreError as exc:
            st.error(exc.message, icon=":material/block:")
        else:
            st.session_state["oit_flash"] = t("oit_saved", version=number)
            st.rerun()
elif edit.lines:
    st.info(edit.lines[0], icon=":material/info:")
else:
    st.caption(t("oit_no_edits"))
