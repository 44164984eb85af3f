"""ITA Dashboard core: pure Python, never imports streamlit."""

__version__ = "0.1.0"
