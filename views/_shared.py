"""What every page shares: the store, the current data, the sidebar's choices, and small renderers.

Only Streamlit glue lives here; every figure comes from kpi/.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.uploaded_file_manager import UploadedFile

from kpi.charts.base import figure_in_thai_digits, readable
from kpi.core.dataset import Dataset, default_period
from kpi.core.errors import log_unexpected
from kpi.core.fiscal import quarter_label, thai_timestamp, today_bangkok
from kpi.core.messages import t
from kpi.core.problems import Problem, problem_rows
from kpi.core.schema import HOME_AGENCY
from kpi.core.settings import database_url
from kpi.core.thai import css_string, escape_markdown, in_thai_digits, thai_digits_text
from kpi.ingest.upload import ensure_seeded
from kpi.screens.overview import Card
from kpi.store.database import Store
from kpi.store.faults import StoreError

_T = TypeVar("_T")

try:  # Streamlit's control-flow signals (BaseException today; re-raised explicitly in case that changes)
    from streamlit.errors import FragmentHandledException
    from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

    _CONTROL_FLOW: tuple[type[BaseException], ...] = (ScriptControlException, FragmentHandledException)
except ImportError:  # pragma: no cover - a later Streamlit moved them
    _CONTROL_FLOW = ()


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    store = Store(url)
    ensure_seeded(store)
    return store


def get_store() -> Store:
    """The process-wide store (seeded from the sample workbook on first run)."""
    return _store(database_url())


@st.cache_resource(show_spinner=False, max_entries=8)
def _dataset(url: str, version: int | None, saved_at: str, agency: str = HOME_AGENCY) -> Dataset:
    return _store(url).dataset(version, agency, shared=False)  # dashboards read many agencies' rows elsewhere


def dataset_key(data: Dataset | None = None) -> tuple[str, int | None, str, str]:
    """What names the data shown (of `data`, else the current version): the store, the version's number
    and when it was saved (after `kpi restore` a number can come back with other content), and the agency."""
    head = get_store().head() if data is None else data.version
    return database_url(), head.number if head else None, head.created_at if head else "", current_agency()


def planning_dataset() -> Dataset:
    """The current data of the agency shown WITH the shared sheets, read now, for an upload's review (which
    compares every sheet of the file, ผล ITA หลายหน่วยงาน included, with what is stored)."""
    return get_store().dataset(agency=current_agency())


def current_dataset() -> Dataset:
    """The current version's data of the agency shown (current_agency), cached by dataset_key()
    (read-only: never mutate it)."""
    return _dataset(*dataset_key())


# --- the agency shown (issue 14) -------------------------------------------------------------------
AGENCY_KEY = "agency"  # the code of the agency whose dashboards are shown ("" the install's own)
AGENCY_WARNING_KEY = "_kpi_agency_warning"


@st.cache_resource(show_spinner=False, max_entries=4)
def _agencies(url: str, version: int | None, saved_at: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The codes with their own workbook at a version, and every known agency's name by code."""
    store = _store(url)
    register = store.agency_register()
    names = dict(zip(register["code"].astype(str), register["name"].astype(str), strict=True))
    return tuple(store.agencies_with_data(version)), names


def agencies_with_data() -> tuple[tuple[str, ...], dict[str, str]]:
    """The codes of the agencies with their own workbook (the install's own is "") and every known name."""
    head = get_store().head()
    return _agencies(database_url(), head.number if head else None, head.created_at if head else "")


@st.cache_resource(show_spinner=False, max_entries=2)
def _agency_tables(url: str, version: int | None, saved_at: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    store = _store(url)
    return store.agency_results(), store.agency_register(), store.agency_progress()


def agency_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Many agencies' results, their register and the progress of those with their own workbook, read once
    per data version (published results only: no person's data; read-only, never mutate them)."""
    head = get_store().head()
    return _agency_tables(database_url(), head.number if head else None, head.created_at if head else "")


def current_agency() -> str:
    """The agency whose dashboards are shown: the address's ?agency=CODE, else this session's choice,
    else the install's own (""). A code without its own workbook goes back home with a Thai warning; the
    public view always shows the install's own."""
    from views._access import allowed  # here, not at the top: views._access imports this module

    asked = st.query_params.get(AGENCY_KEY)
    code = str(asked if asked is not None else st.session_state.get(AGENCY_KEY, HOME_AGENCY)).strip()
    if code == HOME_AGENCY:
        return HOME_AGENCY
    if not allowed("view_internal"):  # the public view shows the organisation's own figures only
        st.session_state[AGENCY_KEY] = HOME_AGENCY
        return HOME_AGENCY
    codes, _ = agencies_with_data()
    if code not in codes:
        st.session_state[AGENCY_KEY] = HOME_AGENCY
        st.session_state[AGENCY_WARNING_KEY] = code
        if AGENCY_KEY in st.query_params:
            del st.query_params[AGENCY_KEY]
        return HOME_AGENCY
    st.session_state[AGENCY_KEY] = code
    return code


def show_agency(code: str) -> None:
    """Show another agency's dashboards from the next run on ("" the install's own)."""
    st.session_state[AGENCY_KEY] = code
    if code == HOME_AGENCY:
        if AGENCY_KEY in st.query_params:
            del st.query_params[AGENCY_KEY]
    else:
        st.query_params[AGENCY_KEY] = code


def agency_label(code: str, names: dict[str, str] | None = None) -> str:
    """An agency's name and code as a line of text ('ชื่อ (รหัส …)'); the code alone when its name is unknown.
    A list of many labels passes `names` (agencies_with_data()'s), read once, not once per label."""
    if names is None:
        _, names = agencies_with_data()
    name = names.get(code, "")
    return t("agency_label", name=name, code=code) if name else t("agency_label_code", code=code)


def agency_banner() -> None:
    """On every dashboard page: a warning for an unknown agency code, and a clear banner with the way back
    when another agency's data is shown."""
    unknown = st.session_state.pop(AGENCY_WARNING_KEY, None)
    if unknown:
        st.warning(t("agency_unknown", code=escape_markdown(str(unknown))[:40]), icon=":material/warning:")
    code = current_agency()
    if code == HOME_AGENCY:
        return
    with st.container(border=True, key="agency_banner"):
        left, right = st.columns([2, 1], vertical_alignment="center")
        left.info(t("agency_showing", agency=escape_markdown(agency_label(code))), icon=":material/domain:")
        if right.button(t("agency_back_home"), key="agency_back_home", icon=":material/home:", width="stretch"):
            show_agency(HOME_AGENCY)
            st.rerun()


def show_store_error(exc: StoreError) -> None:
    """A store fault in Thai: what happened and what to do (never Streamlit's English error page)."""
    # the message names a path: shown as written, not as markdown (underscores, asterisks)
    st.error(f"**{t('error_store_title')}**\n\n{escape_markdown(exc.message)}", icon=":material/database:")


def show_unexpected(exc: Exception, where: str) -> None:
    """An unexpected error as a Thai message with a reference; the details go to the log only."""
    st.error(t("error_page", ref=log_unexpected(exc, where)), icon=":material/error:")


def open_store() -> Store | None:
    """The store, opened (and on first run seeded); None after showing why it cannot be."""
    try:
        return get_store()
    except StoreError as exc:
        show_store_error(exc)
    except Exception as exc:
        show_unexpected(exc, "store open")
    return None


def store_ready() -> bool:
    """Open (and on first run seed) the store and read the current data; False after showing why not."""
    try:
        current_dataset()
    except StoreError as exc:
        show_store_error(exc)
        return False
    except Exception as exc:
        show_unexpected(exc, "store open")
        return False
    return True


def run_page(navigation: StreamlitPage) -> None:
    """Run the chosen page; any error it raises becomes a Thai message, never Streamlit's error page."""
    try:
        navigation.run()
    except _CONTROL_FLOW:
        raise  # st.rerun, st.stop, st.switch_page and fragments: Streamlit's own signals, not errors
    except StoreError as exc:
        show_store_error(exc)
    except Exception as exc:
        show_unexpected(exc, f"page {getattr(navigation, 'url_path', '') or 'main'}")


@dataclass(frozen=True)
class View:
    """The sidebar's choices that drive every page."""

    year: int
    quarter: int
    thai_digits: bool
    dataset: Dataset

    @property
    def year_text(self) -> str:
        """The fiscal year in the digits the user chose."""
        return shown(self, str(self.year))

    @property
    def quarter_text(self) -> str:
        """The chosen quarter with its months, in the digits the user chose."""
        return shown(self, quarter_label(self.year, self.quarter))

    @property
    def version_text(self) -> str:
        """The data version and when it was saved (always in Arabic digits, like the sidebar)."""
        version = self.dataset.version
        if version is None:
            return t("sidebar_no_version")
        return t("sidebar_version", version=version.number, when=thai_timestamp(version.created_at))


def _frame_in_thai_digits(frame: pd.DataFrame) -> pd.DataFrame:
    def thai(value: Any) -> Any:
        return thai_digits_text(value) if isinstance(value, str) else value

    def thai_cell(value: Any) -> Any:
        # a whole number among text (a quarter number above a 'total' row) is shown as text too
        if isinstance(value, int) and not isinstance(value, bool):
            return thai_digits_text(str(value))
        return thai(value)

    out = frame.rename(columns=thai)
    for column in range(out.shape[1]):
        if not pd.api.types.is_numeric_dtype(out.dtypes.iloc[column]):  # text columns (object or str)
            out.isetitem(column, out.iloc[:, column].map(thai_cell))
    return out


def shown(view: View, model: _T) -> _T:
    """A finished page model, table or figure as the reader asked to see it: with Thai digits in every
    text when the sidebar's switch is on (kpi/ computes everything with Arabic digits)."""
    return thai_model(model) if view.thai_digits else model


def thai_model(model: _T) -> _T:
    """A page model, table or figure with Thai digits in every text it shows (numbers stay numbers)."""
    if isinstance(model, pd.DataFrame):
        return cast(_T, _frame_in_thai_digits(model))
    if isinstance(model, go.Figure):
        return cast(_T, figure_in_thai_digits(model))
    return in_thai_digits(model)


def current_view() -> View:
    """The year, quarter and digit style chosen in the sidebar, with the current data."""
    dataset = current_dataset()
    opening_year, opening_quarter = default_period(dataset, today_bangkok())
    return View(
        year=int(st.session_state.get("year", opening_year)),
        quarter=int(st.session_state.get("quarter", opening_quarter)),
        thai_digits=bool(st.session_state.get("thai_digits", False)),
        dataset=dataset,
    )


def page_header(view: View, title_key: str) -> None:
    """A dashboard page's title (with the year), the quarter and data version, and the example-data banner."""
    st.title(t(title_key, year=view.year_text))
    st.caption(t("overview_caption", quarter=view.quarter_text, version_text=view.version_text))
    sample_banner(view)


def sample_banner(view: View) -> None:
    """Say plainly whose figures are on screen (another agency's: a banner and the way back), and when
    they are example data."""
    agency_banner()
    if view.dataset.is_sample(view.year):
        st.warning(t("sample_warning"), icon=":material/warning:")


def chart_caption(view: View) -> str:
    """The caption under every chart: data version, upload date, and the example-data label."""
    text = view.version_text
    if view.dataset.is_sample(view.year):
        text += " · " + t("sample_badge")
    return text


# No plotly toolbar: its tooltips ("Download plot as a png", "Zoom", "Pan") are English, its 8 buttons
# would each be a Tab stop, and plotly's "th" locale is not registered in Streamlit's bundled plotly.js;
# images and handouts come from the export page. Hover labels stay.
CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}


def show_chart(figure: go.Figure, view: View, key: str) -> None:
    """A plotly chart (in the reader's digits, every text at AA contrast) with the data-version caption.

    theme=None: Streamlit's chart theme would repaint the axis titles and ticks a light grey (3.7:1).
    """
    st.plotly_chart(readable(shown(view, figure)), key=key, config=CHART_CONFIG, width="stretch", theme=None)
    st.caption(chart_caption(view))


def show_problems(problems: list[Problem]) -> None:
    """All problems of an input at once, as a table naming sheet, Excel row and column."""
    st.dataframe(problem_rows(problems), hide_index=True, width="stretch")


def render_cards(cards: Sequence[Card]) -> None:
    """Headline cards in one row of bordered containers.

    The tone's icon is drawn by app.py's constant style rule for the container's key (st-key-tone_…),
    with a Thai text alternative ("สถานะ: ดี"): a markdown :material/…: icon would be read aloud in
    English ("check_circle icon").
    """
    columns = st.columns(len(cards))
    for index, (column, card) in enumerate(zip(columns, cards, strict=True)):
        with column.container(border=True, key=f"tone_{card.tone}_{index}_{_key_part(card.title)}"):
            st.markdown(f"**{card.title}**")
            st.markdown(f"## {card.value}")
            st.caption(card.detail)


def _key_part(text: str) -> str:
    """A short stable tag of a text, to keep widget keys unique when a page shows two rows of cards."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def thai_file_uploader(label: str, key: str, limit_mb: int, kinds: str = ".xlsx") -> UploadedFile | None:
    """st.file_uploader with its built-in English button and hint replaced by Thai.

    Streamlit 1.67 cannot translate these texts; a style sheet hides them (display:none, so a screen
    reader does not read "Upload" before the Thai either) and writes the Thai after them. Its only
    variable parts are catalogue strings, each passed through css_string, so no text can leave its
    CSS string.
    """
    button, hint = css_string(t("uploader_button")), css_string(t("uploader_hint", limit=limit_mb, kinds=kinds))
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]{display:none}'
        f'[data-testid="stFileUploaderDropzone"] button [data-has-shortcut]::after{{content:"{button}";font-size:1rem}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span{display:none}'
        f'[data-testid="stFileUploaderDropzoneInstructions"] > div::after{{content:"{hint}";font-size:.9rem}}'
        "</style>"
    )
    return st.file_uploader(label, key=key, accept_multiple_files=False)
