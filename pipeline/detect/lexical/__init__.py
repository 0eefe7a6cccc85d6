"""Word-based recognizers: names, health terms, answers to personal-data questions."""
