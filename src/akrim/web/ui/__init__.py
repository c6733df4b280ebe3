"""Shared look of the web application: base template, static files, home page."""
