"""Reports: the JSON summary and the offline HTML pages."""
