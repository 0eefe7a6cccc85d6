"""The Finnish language layer: one token type, named folds, number words, Voikko and one lexicon."""
