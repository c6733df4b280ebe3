"""The domain: the input contract, identifiers, provenance, indicators, access rules and events.

Imports no database, web framework or command-line library.
"""
