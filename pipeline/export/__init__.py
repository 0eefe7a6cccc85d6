"""Export of released calls as a training data set (piip export)."""
