"""Untrusted files in: the safety gate (safety), the workbook reader (workbook → sheets → cells), the
upload plan (upload), the template (template); report/ reads a published measures report."""
