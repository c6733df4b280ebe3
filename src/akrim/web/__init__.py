"""The operational application (Django): users, cases, the disclosure ledger, the audit log and
records of processing, on SQLite in the store by default or PostgreSQL in production."""
