"""Lawful sharing: the read gateway, the disclosure ledger, and strategic releases."""
