"""Pipelines: named batch jobs built from engine steps, each with a run report."""
