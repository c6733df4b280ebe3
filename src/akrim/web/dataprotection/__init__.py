"""Data protection: records of processing per register, and retention enforced by a purge job."""
