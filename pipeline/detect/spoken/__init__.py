"""Identifiers read aloud: a normalised document, finders per identifier type, claims, Presidio views."""
