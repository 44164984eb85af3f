"""Reading a published measures report: importer.parse_report is the entry point.

reading (file → rows) → cleaning (cell text) → table (header, measures) → model (ImportedReport,
Problems); periods and target_text read quarters and targets from Thai prose; limits bound the work.
"""
