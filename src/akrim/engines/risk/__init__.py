"""Risk engine: indicator SQL, contributions and scores for companies and networks, weights
learned from inspection outcomes, and the auditors' fairness report."""
