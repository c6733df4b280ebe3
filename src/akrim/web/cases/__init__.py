"""Cases: subjects, purpose, provision, state and proportionality notes (minimal for sharing)."""
