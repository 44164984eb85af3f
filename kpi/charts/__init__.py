"""Plotly figures: one module per screen (named like its page in views/) plus base.py (layout, the
reference line, number ticks, table-cell colours, and figure_in_thai_digits)."""
