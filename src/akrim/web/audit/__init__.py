"""The hash-chained audit log: every confidential read and every state change, tamper-evident."""
