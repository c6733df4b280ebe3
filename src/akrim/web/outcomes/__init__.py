"""Results of measures, evaluation and the results dashboard."""
