"""ส่งออก: the council pack (PowerPoint, PDF), the official results report (Excel, Word) and the web page (HTML)."""

from __future__ import annotations

import streamlit as st

from kpi.cli.export import build_export, export_filename, record_export
from kpi.core.errors import log_unexpected
from kpi.core.messages import t
from kpi.screens.export import GROUPS, MIME
from kpi.store.faults import StoreError
from views._access import current_actor
from views._shared import current_agency, current_view, get_store, sample_banner, show_store_error

view = current_view()
st.title(t("export_title"))
st.caption(t("export_intro", version_text=view.version_text, year=view.year, quarter=view.quarter_text))
sample_banner(view)
if view.year not in view.dataset.years():
    st.info(t("export_no_year", year=view.year), icon=":material/info:")
    st.stop()

version = view.dataset.version.number if view.dataset.version else None
for title_key, help_key, kinds in GROUPS:
    with st.container(border=True):
        st.subheader(t(title_key))
        st.caption(t(help_key))
        for column, kind in zip(st.columns(len(kinds)), kinds, strict=True):
            label = t(f"export_{kind}")
            wanted = (kind, view.year, view.quarter, view.thai_digits, version, current_agency())
            with column:
                if st.button(t("export_build", label=label), key=f"export_build_{kind}", width="stretch"):
                    with st.status(t("export_building", label=label), expanded=False) as status:
                        try:
                            data = build_export(kind, view.dataset, view.year, view.quarter, view.thai_digits)
                        except Exception as exc:  # never a traceback: Thai on screen, type and place in the log
                            reference = log_unexpected(exc, f"export {kind}")  # never the text: it may quote a cell
                            status.update(label=t("export_failed", label=label), state="error")
                            st.caption(t("error_reference", ref=reference))
                        else:
                            try:  # recorded in the trail before it is offered; not recorded, not offered
                                record_export(get_store(), current_actor(), kind, view.year, view.quarter, version)
                            except StoreError as exc:
                                status.update(label=t("export_failed", label=label), state="error", expanded=True)
                                st.session_state.pop(f"export_file_{kind}", None)
                                show_store_error(exc)
                            else:
                                st.session_state[f"export_file_{kind}"] = (wanted, data)
                                status.update(label=t("export_built", label=label), state="complete")
                built = st.session_state.get(f"export_file_{kind}")
                if built is not None and built[0] == wanted:
                    st.download_button(
                        t("export_download", label=label),
                        data=built[1],
                        file_name=export_filename(kind, view.year, view.quarter),
                        mime=MIME[kind],
                        key=f"export_download_{kind}",
                        icon=":material/download:",
                        type="primary",
                        width="stretch",
                    )
