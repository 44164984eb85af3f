"""ingest/report"""
