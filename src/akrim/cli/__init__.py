"""The `akrim` command."""
