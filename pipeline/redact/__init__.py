"""From found text to time: layout, timing, locating, span algebra and the redaction plan."""
