"""Engines: SQL-composing steps (ingest, resolution, networks, risk) behind one backend seam."""
