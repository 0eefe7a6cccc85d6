"""Identifiers read aloud: a normalised document, finders per type, claims, Presidio views."""
