"""The seeded synthetic labour market that writes agency deliveries and their ground truth."""
