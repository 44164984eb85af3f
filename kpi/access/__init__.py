"""Who may do what: roles, passwords, session tokens, the exposure rule and the organisation sign-in's role map.

Pure Python over kpi.core (no store, no Streamlit): the store records and enforces, the app asks.
"""
