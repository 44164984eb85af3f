"""หลักฐาน OIT: the year's evidence checklist, readiness per sub-indicator, and in-app editing."""

from __future__ import annotations

import streamlit as st

from kpi.charts.people import oit_readiness_chart
from kpi.core.messages import t
from kpi.core.thai import format_number, thai_digits_text
from kpi.domain.oit import build_checklist, editor_frame, editor_titles, readiness_frame, status_labels
from kpi.ingest.oit_edit import plan_oit_edit
from kpi.ingest.upload import commit_upload
from kpi.screens.overview import Card
from kpi.store.faults import StoreConflict, StoreError
from views._shared import current_view, get_store, render_cards, sample_banner, show_chart, show_problems

view = current_view()
year_text = view.year_text
st.title(t("oit_title", year=year_text))
st.caption(view.version_text)
sample_banner(view)
flash = st.session_state.pop("oit_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")

checklist = build_checklist(view.dataset, view.year)
if not checklist.catalogue_exact:
    st.warning(t("oit_borrowed", year=year_text, source=checklist.catalogue_years[-1]), icon=":material/warning:")
elif checklist.unverified_codes:
    st.warning(
        t("oit_unverified", year=year_text, codes=", ".join(checklist.unverified_codes)), icon=":material/warning:"
    )
if not checklist.stored:
    st.info(t("oit_not_stored", year=year_text), icon=":material/info:")


def _n(value: int) -> str:
    return format_number(value, 0, view.thai_digits)


overall = checklist.overall
weakest = min(checklist.by_indicator, key=lambda r: (r.pct or 0, r.key), default=None)
render_cards(
    [
        Card(t("oit_card_ready"), "–" if overall.pct is None else f"{format_number(overall.pct, 1, view.thai_digits)}%",
             t("oit_card_ready_detail", yes=_n(overall.yes), in_progress=_n(overall.in_progress), no=_n(overall.no),
               total=_n(overall.total)),
             "good" if overall.pct == 100 else "ok" if (overall.pct or 0) >= 50 else "bad"),
        Card(t("oit_card_worst"), weakest.key,
             t("oit_card_worst_detail", title=weakest.title, yes=_n(weakest.yes), total=_n(weakest.total)),
             "good" if weakest.pct == 100 else "bad")
        if weakest is not None and weakest.pct != 100
        else Card(t("oit_card_worst"), "✓", t("oit_card_all_ready"), "good"),
    ]
)  # fmt: skip

show_chart(oit_readiness_chart(checklist, view.thai_digits), view, "chart_oit_readiness")
with st.expander(t("oit_readiness_heading")):
    st.dataframe(
        readiness_frame(checklist).map(thai_digits_text if view.thai_digits else str), hide_index=True, width="stretch"
    )

st.subheader(t("oit_editor_heading"))
st.caption(t("oit_editor_help"))
titles = editor_titles()
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
            number = commit_upload(get_store(), edit.plan)
        except StoreError as exc:
            st.error(exc.message, icon=":material/block:")
        else:
            st.session_state["oit_flash"] = t("oit_saved", version=number)
            st.rerun()
elif edit.lines:
    st.info(edit.lines[0], icon=":material/info:")
else:
    st.caption(t("oit_no_edits"))
