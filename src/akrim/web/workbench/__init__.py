"""The analysts' workbench: priorities, network view, entity pages, search, explanations."""
