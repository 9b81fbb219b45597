"""Export: the formats other tools read, one small module each, over the same Alignment."""
