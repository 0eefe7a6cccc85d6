"""Batch runs: discovery, what to do, the catalog, output writing, retention and status."""
