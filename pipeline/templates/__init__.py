"""HTML building blocks for the offline report pages: page shell and CSS, labels, colours."""
