"""akrim: analysis platform for joint work-related crime centres."""

__version__ = "0.1.0"
