"""Entity resolution: which mentions across registers are the same person or company."""
