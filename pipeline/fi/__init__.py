"""The Finnish language layer: tokens, number words, Voikko morphology and the one lexicon."""
