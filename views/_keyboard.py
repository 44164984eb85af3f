"""The presentation page's keyboard: what a presentation clicker sends (arrows, Page Up/Down, Space).

Streamlit has no key events in Python; a custom component (Streamlit's own components v2 API, no
iframe, nothing fetched) listens on the page and sends one trigger per key press back to Python.
Its script is a constant: no text from the data ever reaches it. Registered once, at import.
"""

from __future__ import annotations

import streamlit as st

# next: → Page Down Space · previous: ← Page Up · first/last: Home End.
# Ignored while typing or choosing (an input, a select, an open list) and with Ctrl/Alt/⌘; Space on a
# focused button or link presses that button, as a browser does. One listener per page: a new mount
# removes the one before it, and leaving the page removes it (the returned cleanup).
_JS = """
export default function (component) {
  const { setTriggerValue } = component;
  const steps = {ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "prev", PageUp: "prev",
                 Home: "first", End: "last"};
  const choosing = "input, select, textarea, [contenteditable=''], [contenteditable='true'], " +
                   "[role='combobox'], [role='listbox'], [role='option'], [data-baseweb='popover']";
  const onKey = (event) => {
    const step = steps[event.key];
    if (!step || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const path = event.composedPath ? event.composedPath() : [event.target];
    const target = path[0] instanceof Element ? path[0] : document.activeElement;
    if (target && target.closest(choosing)) return;
    if (event.key === " " && target && target.closest("button, a, [role='button']")) return;
    event.preventDefault();
    setTriggerValue("step", step);
  };
  if (window.__kpiPresentKeys) document.removeEventListener("keydown", window.__kpiPresentKeys);
  window.__kpiPresentKeys = onKey;
  document.addEventListener("keydown", onKey);
  return () => {
    document.removeEventListener("keydown", onKey);
    if (window.__kpiPresentKeys === onKey) delete window.__kpiPresentKeys;
  };
}
"""

_KEYS = st.components.v2.component("kpi_present_keys", js=_JS)


def key_step() -> str:
    """Mount the listener; the key pressed since the last run: "next", "prev", "first", "last" or ""."""
    result = _KEYS(key="present_keys", on_step_change=lambda: None, height=0)
    step = getattr(result, "step", None)
    return step if step in ("next", "prev", "first", "last") else ""
