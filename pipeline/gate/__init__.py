"""The release gate: risk items left in audible speech, and each call's decision."""
