"""The seeded synthetic labour market that writes agency deliveries and their ground truth."""

from akrim.synth.delivery import DeliverySummary, generate_delivery

__all__ = ["DeliverySummary", "generate_delivery"]
