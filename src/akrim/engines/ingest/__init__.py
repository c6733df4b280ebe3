"""Ingestion of agency deliveries: manifest checks, row validation, quarantine, versioned load."""
