"""Network engine: keyed views over the current facts, the entity graph with its evidence, and
threat-actor candidate groups."""
