"""Detection: Presidio configured for Finnish (analyzer, registry) and its recognizers."""
