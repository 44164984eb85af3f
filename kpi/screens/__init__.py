"""Page models: one module per screen, named like its page in views/ (kpi/screens/satisfaction.py ↔
views/satisfaction.py ↔ kpi/charts/satisfaction.py). Texts are computed with Arabic digits; the page
turns them Thai once, when the reader asks (views._shared.shown)."""
